import { describe, expect, it } from "vitest";
import { pages, printedCard } from "./pairingSheet";

describe("pairing sheet", () => {
  it("puts the sign-in link with the code into the card and its QR code", async () => {
    const card = await printedCard(
      "http://192.168.1.10:8080/#/secretary",
      { id: 7, name: "Nguyễn Văn An", group: "Tổ số 1" },
      {
        code: "K7PQ-2MXR",
        expires_at: "2026-02-01T00:00:00Z",
        awaits_chair: true,
        server: null,
      },
    );
    expect(card.link).toBe("http://192.168.1.10:8080/#/?code=K7PQ-2MXR");
    expect(card.address).toBe("http://192.168.1.10:8080");
    expect(card.fingerprint).toBeNull();
    expect(card.awaitsChair).toBe(true);
    expect(card.qr.startsWith("data:image/svg+xml;charset=utf-8,")).toBe(true);
    const svg = decodeURIComponent(card.qr.split(",")[1] ?? "");
    expect(svg).toContain("<svg");
    expect(svg).toContain("<path");
  });

  it("names the server's public address, not the browser's", async () => {
    const card = await printedCard(
      "http://127.0.0.1:8080/#/secretary",
      { id: 7, name: "Nguyễn Văn An", group: "" },
      {
        code: "K7PQ-2MXR",
        expires_at: "2026-02-01T00:00:00Z",
        awaits_chair: false,
        server: {
          url: "https://192.168.1.10:8443",
          tls_fingerprint: "3f2a91c0".repeat(8),
        },
      },
    );
    // The QR code carries the fingerprint the desktop app pins.
    expect(card.link).toBe(
      `https://192.168.1.10:8443/#/?fp=${"3f2a91c0".repeat(8)}&code=K7PQ-2MXR`,
    );
    expect(card.address).toBe("https://192.168.1.10:8443");
    expect(card.fingerprint).toBe(
      "3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0 3F2A 91C0",
    );
  });

  it("gives different pictures for different codes", async () => {
    const a = await printedCard(
      "http://h/",
      { id: 1, name: "A", group: "" },
      { code: "AAAA-AAAA", expires_at: "", awaits_chair: false, server: null },
    );
    const b = await printedCard(
      "http://h/",
      { id: 2, name: "B", group: "" },
      { code: "BBBB-BBBB", expires_at: "", awaits_chair: false, server: null },
    );
    expect(a.qr).not.toBe(b.qr);
  });

  it("lays ten cards on a page", () => {
    const cards = Array.from({ length: 23 }, (_, i) => i);
    expect(pages(cards).map((p) => p.length)).toEqual([10, 10, 3]);
    expect(pages([])).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import {
  bindAddress,
  fingerprintCode,
  formatBytes,
  notice,
  syncFraction,
  type DesktopStatus,
} from "./desktop";

const status = (over: Partial<DesktopStatus> = {}): DesktopStatus => ({
  mode: "delegate",
  host: {
    url: "https://10.0.0.2:8443",
    fingerprint: "ab",
    short_fingerprint: "AB",
  },
  online: true,
  signed_in: true,
  secret_place: "keyring",
  problem: null,
  sync: {
    state: "done",
    files_total: 3,
    files_done: 3,
    bytes_total: 300,
    bytes_done: 300,
    problem: null,
  },
  host_info: null,
  lan_addresses: [],
  default_host_port: 8443,
  ...over,
});

describe("desktop status", () => {
  it("puts a changed certificate before everything else", () => {
    expect(
      notice(
        status({
          online: false,
          problem: { code: "host_certificate_changed", message: "" },
          sync: { ...status().sync, state: "syncing" },
        }),
      ),
    ).toEqual({ kind: "certificateChanged" });
  });

  it("says offline when the host does not answer", () => {
    expect(
      notice(
        status({
          online: false,
          problem: { code: "host_unreachable", message: "" },
        }),
      ).kind,
    ).toBe("offline");
  });

  it("shows the packet's progress by bytes, then its end", () => {
    const syncing = status({
      sync: {
        state: "syncing",
        files_total: 4,
        files_done: 1,
        bytes_total: 1000,
        bytes_done: 250,
        problem: null,
      },
    });
    expect(notice(syncing)).toEqual({ kind: "syncing", fraction: 0.25 });
    expect(notice(status())).toEqual({ kind: "synced", files: 3 });
    expect(
      notice(
        status({
          sync: { ...status().sync, state: "failed", problem: "disk_full" },
        }),
      ),
    ).toEqual({ kind: "syncFailed", problem: "disk_full" });
    expect(notice(status({ mode: "setup" }))).toEqual({ kind: "none" });
  });

  it("counts files when sizes are unknown and never passes 1", () => {
    const sync = {
      ...status().sync,
      bytes_total: 0,
      files_total: 4,
      files_done: 2,
    };
    expect(syncFraction(sync)).toBe(0.5);
    expect(syncFraction({ ...sync, bytes_total: 10, bytes_done: 20 })).toBe(1);
  });
});

describe("host address", () => {
  it("joins the chosen address and port, all addresses when none is chosen", () => {
    expect(bindAddress("192.168.1.10", "8443")).toBe("192.168.1.10:8443");
    expect(bindAddress("", " 9000 ")).toBe("0.0.0.0:9000");
    expect(bindAddress("fe80::1", "8443")).toBe("[fe80::1]:8443");
    expect(bindAddress("192.168.1.10", "0")).toBeNull();
    expect(bindAddress("192.168.1.10", "70000")).toBeNull();
    expect(bindAddress("192.168.1.10", "84a")).toBeNull();
  });
});

describe("fingerprint typed from the host's screen", () => {
  it("takes the 16 digits the host shows, however they are spaced", () => {
    expect(fingerprintCode(" C0FF EEC0 ffee c0ff ")).toBe("c0ffeec0ffeec0ff");
    expect(fingerprintCode("c0:ff:ee:c0:ff:ee:c0:ff")).toBe("c0ffeec0ffeec0ff");
    expect(fingerprintCode("ab".repeat(32))).toBe("ab".repeat(32));
  });

  it("refuses too few digits and other letters", () => {
    expect(fingerprintCode("C0FF EEC0")).toBeNull();
    expect(fingerprintCode("C0FF EEC0 FFEE C0FG")).toBeNull();
    expect(fingerprintCode("")).toBeNull();
    expect(fingerprintCode("a".repeat(65))).toBeNull();
  });
});

describe("bytes", () => {
  it("reads in the user's number format", () => {
    expect(formatBytes(512, "vi-VN")).toBe("512 B");
    expect(formatBytes(12_345_678, "vi-VN")).toBe("12,3 MB");
    expect(formatBytes(12_345_678, "en-GB")).toBe("12.3 MB");
    expect(formatBytes(200_000_000, "en-GB")).toBe("200 MB");
  });
});

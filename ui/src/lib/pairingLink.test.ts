import { describe, expect, it } from "vitest";
import {
  codeFromHash,
  isCardLink,
  normaliseCode,
  readCardEntry,
  signInLink,
} from "./pairingLink";

describe("pairing links", () => {
  it("tells a card link from a bare address or code", () => {
    expect(isCardLink("https://10.0.0.5:8443/#/?fp=ab12&code=K7PQ-2MXR")).toBe(
      true,
    );
    // A host's address, read as a code, would look like one ("HTTP-S127").
    expect(isCardLink("https://127.0.0.1:8443")).toBe(false);
    expect(isCardLink("K7PQ-2MXR")).toBe(false);
  });

  it("normalises what is typed or scanned", () => {
    expect(normaliseCode("abcd efgh")).toBe("ABCD-EFGH");
    expect(normaliseCode("ab")).toBe("AB");
    expect(normaliseCode("ABCD-EFGH-XYZ")).toBe("ABCD-EFGH");
  });

  it("builds the sign-in address from the app's address", () => {
    expect(signInLink("http://10.0.0.5:8080/#/secretary", "abcd-efgh")).toBe(
      "http://10.0.0.5:8080/#/?code=ABCD-EFGH",
    );
    expect(signInLink("https://hdnd.example/kyhop/", "ABCD-EFGH")).toBe(
      "https://hdnd.example/kyhop/#/?code=ABCD-EFGH",
    );
  });

  it("reads the code back from the address, and only a well-formed one", () => {
    const link = signInLink("http://h/", "K7PQ-2MXR");
    expect(codeFromHash(new URL(link).hash)).toBe("K7PQ-2MXR");
    expect(codeFromHash("#/?code=k7pq2mxr")).toBe("K7PQ-2MXR");
    // With the server's fingerprint in front, the code is still found.
    const pinned = signInLink("https://10.0.0.5:8443/", "K7PQ-2MXR", "ab12");
    expect(pinned).toBe("https://10.0.0.5:8443/#/?fp=ab12&code=K7PQ-2MXR");
    expect(codeFromHash(new URL(pinned).hash)).toBe("K7PQ-2MXR");
    expect(codeFromHash("#/?code=K7PQ")).toBeNull();
    expect(codeFromHash("#/secretary")).toBeNull();
    expect(codeFromHash("")).toBeNull();
  });

  it("takes a card's code typed, or its whole link pasted", () => {
    expect(readCardEntry("k7pq 2mxr")).toEqual({
      code: "K7PQ-2MXR",
      server: null,
    });
    expect(
      readCardEntry("https://10.0.0.5:8443/#/?fp=ab12&code=K7PQ-2MXR"),
    ).toEqual({ code: "K7PQ-2MXR", server: "https://10.0.0.5:8443/" });
    // Half a link: the code if it is there, no server.
    expect(readCardEntry("#/?code=K7PQ-2MXR")).toEqual({
      code: "K7PQ-2MXR",
      server: null,
    });
    expect(readCardEntry("https://h/#/?code=K7")).toEqual({
      code: "",
      server: "https://h/",
    });
  });
});

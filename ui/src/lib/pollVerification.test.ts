import { describe, expect, it } from "vitest";
import {
  shortHash,
  verificationFileName,
  verificationHash,
  verificationPath,
} from "./pollVerification";
import { poll, pollResult } from "../test/fixtures";
import type { Poll } from "./types";

const HASH = "3f8a1c0d9e7b6a5f4e3d2c1b0a998877665544332211ffeeddccbbaa00112233";

function closed(kind: Poll["kind"], hash: string | null = HASH): Poll {
  return {
    ...poll(4, "closed", kind),
    result: pollResult({ verification_sha256: hash }),
  };
}

describe("verification record", () => {
  it("is shown for closed secret, confidence and election polls", () => {
    for (const kind of ["secret", "confidence", "election"] as const)
      expect(verificationHash(closed(kind)), kind).toBe(HASH);
  });

  it("not for a named poll, an open poll or a result without one", () => {
    expect(verificationHash(closed("named"))).toBeNull();
    expect(verificationHash({ ...closed("secret"), state: "open" })).toBeNull();
    expect(verificationHash(closed("secret", null))).toBeNull();
    expect(verificationHash(closed("secret", ""))).toBeNull();
    expect(verificationHash(poll(4, "closed", "secret"))).toBeNull();
  });

  it("shows 16 hex digits and saves under the poll's name", () => {
    expect(shortHash(HASH)).toBe("3f8a1c0d9e7b6a5f");
    expect(verificationPath(12)).toBe("/api/polls/12/verification");
    expect(verificationFileName(12)).toBe("poll-12-verification.json");
  });
});

import { describe, expect, it } from "vitest";
import {
  announcedThreshold,
  eligibleVoters,
  openThreshold,
  presentAtOpen,
  showsEstimate,
} from "./pollFigures";
import type { Poll } from "./types";
import { confidencePoll, electionPoll, poll } from "../test/fixtures";

const SENTENCE =
  "Cần quá nửa tổng số đại biểu: từ 26/50 phiếu tán thành trở lên.";

/** A poll opened before the server kept its count and sentence. */
function legacy(state: Poll["state"]): Poll {
  return { ...poll(1, state), present_at_open: null, threshold: null };
}

describe("a poll's figures once open", () => {
  it("estimates only for a draft", () => {
    expect(showsEstimate(poll(1, "draft"))).toBe(true);
    for (const state of ["open", "closed", "annulled"] as const)
      expect(showsEstimate(poll(1, state)), state).toBe(false);
  });

  it("shows the server's sentence, word for word, for open and closed polls", () => {
    expect(announcedThreshold(poll(1, "open"))).toBe(SENTENCE);
    expect(announcedThreshold(poll(1, "closed"))).toBe(SENTENCE);
    expect(announcedThreshold(electionPoll(2, "open"))).toBe(
      "Cần quá nửa tổng số đại biểu: từ 26/50 phiếu bầu trở lên.",
    );
  });

  it("shows no sentence for a draft, an annulled poll or a confidence vote", () => {
    expect(announcedThreshold(poll(1, "draft"))).toBeNull();
    expect(announcedThreshold(poll(1, "annulled"))).toBeNull();
    expect(announcedThreshold(confidencePoll(3, "open"))).toBeNull();
    expect(announcedThreshold(legacy("open"))).toBeNull();
  });

  it("never rewrites the sentence from the rule", () => {
    // A server sentence that the rule alone would not give: shown as sent.
    const p: Poll = {
      ...poll(1, "open"),
      threshold: { rule_base: 45, votes_needed: 30, text: "Câu của máy chủ." },
    };
    expect(announcedThreshold(p)).toBe("Câu của máy chủ.");
  });

  it("shows the sentence to the ballot and the chamber only while open", () => {
    expect(openThreshold(poll(1, "open"))).toBe(SENTENCE);
    expect(openThreshold(poll(1, "closed"))).toBeNull();
    expect(openThreshold(poll(1, "draft"))).toBeNull();
  });

  it("counts the delegates present at the opening, not now", () => {
    expect(presentAtOpen(poll(1, "open"))).toBe(48);
    expect(presentAtOpen(poll(1, "closed"))).toBe(48);
    expect(presentAtOpen(poll(1, "draft"))).toBeNull();
    expect(presentAtOpen(poll(1, "annulled"))).toBeNull();
    // Two more checked in since: they do not vote in this poll.
    expect(eligibleVoters(poll(1, "open"), 50)).toBe(48);
  });

  it("falls back to the attendance now for a poll opened before the count was kept", () => {
    expect(presentAtOpen(legacy("open"))).toBeNull();
    expect(eligibleVoters(legacy("open"), 50)).toBe(50);
  });
});

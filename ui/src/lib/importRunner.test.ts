import { describe, expect, it } from "vitest";
import { ApiError } from "./api";
import { sendRows, type RowOutcome } from "./importRunner";

describe("sendRows", () => {
  it("sends rows in order, one at a time, and keeps each answer", async () => {
    const log: string[] = [];
    const outcomes = new Map<number, RowOutcome>();
    let inFlight = 0;
    const result = await sendRows(
      ["An", "Bình", "Cường"],
      async (name) => {
        inFlight++;
        expect(inFlight).toBe(1);
        log.push(name);
        await Promise.resolve();
        inFlight--;
        if (name === "Bình")
          throw new ApiError(
            "invalid_reference",
            422,
            "no group",
            "delegate_group_id",
          );
        return { id: name.length };
      },
      (i, outcome) => outcomes.set(i, outcome),
    );
    expect(log).toEqual(["An", "Bình", "Cường"]);
    expect(result).toEqual({ created: 2, failed: 1 });
    expect(outcomes.get(0)).toEqual({ state: "created", id: 2 });
    expect(outcomes.get(1)?.state).toBe("failed");
    expect(outcomes.get(2)).toEqual({ state: "created", id: 5 });
  });

  it("stops when the sign-in is lost, leaving the rest waiting", async () => {
    const outcomes = new Map<number, RowOutcome>();
    const result = await sendRows(
      [1, 2, 3],
      async () => {
        throw new ApiError("unauthenticated", 401, "sign in");
      },
      (i, outcome) => outcomes.set(i, outcome),
    );
    expect(result).toEqual({ created: 0, failed: 1 });
    expect(outcomes.get(1)).toEqual({ state: "waiting" });
  });
});

import { describe, expect, it } from "vitest";
import { Action } from "./action.svelte";
import { ApiError } from "./api";

describe("Action", () => {
  it("forgets a failure only of the code named", async () => {
    const action = new Action();
    await action.run(() =>
      Promise.reject(new ApiError("below_quorum", 409, "1 of 6 present")),
    );
    expect(action.errorCode).toBe("below_quorum");
    action.forget("speech_under_way");
    expect(action.errorCode).toBe("below_quorum");
    expect(action.error).not.toBeNull();
    action.forget("below_quorum");
    expect(action.errorCode).toBeNull();
    expect(action.error).toBeNull();
  });
});

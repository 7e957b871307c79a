import { describe, expect, it } from "vitest";
import { coalesced } from "./coalesce";

describe("coalesced reload", () => {
  it("runs once more after a run, however many asked meanwhile", async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const reload = coalesced(async () => {
      runs++;
      if (runs === 1) await new Promise<void>((r) => (release = r));
    });
    const first = reload();
    void reload();
    void reload();
    void reload();
    release();
    await first;
    expect(runs).toBe(2);
    await reload();
    expect(runs).toBe(3);
  });

  it("runs again later after a failure", async () => {
    let runs = 0;
    const reload = coalesced(async () => {
      runs++;
      if (runs === 1) throw new Error("no answer");
    });
    await expect(reload()).rejects.toThrow("no answer");
    await reload();
    expect(runs).toBe(2);
  });
});

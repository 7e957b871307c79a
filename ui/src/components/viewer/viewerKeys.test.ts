import { describe, expect, it } from "vitest";
import { findKeyAction, pageKeyAction, type KeyPress } from "./viewerKeys";

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});
const onPages = { onControl: false, onPages: true };
const elsewhere = { onControl: false, onPages: false };

describe("findKeyAction", () => {
  it("takes Ctrl+F / ⌘F to the find field and F3 through the matches", () => {
    expect(findKeyAction(press("f", { ctrlKey: true }))).toBe("focusFind");
    expect(findKeyAction(press("F", { metaKey: true, shiftKey: true }))).toBe(
      "focusFind",
    );
    expect(findKeyAction(press("F3"))).toBe("findNext");
    expect(findKeyAction(press("F3", { shiftKey: true }))).toBe("findPrevious");
    expect(findKeyAction(press("f"))).toBeNull();
    expect(findKeyAction(press("Enter"))).toBeNull();
  });
});

describe("pageKeyAction", () => {
  it("zooms, fits and turns pages with single keys", () => {
    const actions = ["+", "=", "-", "0", "n", "p"].map((k) =>
      pageKeyAction(press(k), elsewhere),
    );
    expect(actions).toEqual([
      "zoomIn",
      "zoomIn",
      "zoomOut",
      "fitWidth",
      "nextPage",
      "previousPage",
    ]);
  });

  it("goes to the first and last page only from the pages themselves", () => {
    expect(pageKeyAction(press("Home"), onPages)).toBe("firstPage");
    expect(pageKeyAction(press("End"), onPages)).toBe("lastPage");
    expect(pageKeyAction(press("Home"), elsewhere)).toBeNull();
    expect(pageKeyAction(press("End"), elsewhere)).toBeNull();
  });

  it("leaves keys typed in a control, with a modifier, or unknown", () => {
    expect(
      pageKeyAction(press("n"), { onControl: true, onPages: false }),
    ).toBeNull();
    expect(pageKeyAction(press("+", { ctrlKey: true }), onPages)).toBeNull();
    expect(pageKeyAction(press("0", { altKey: true }), onPages)).toBeNull();
    expect(pageKeyAction(press("-", { metaKey: true }), onPages)).toBeNull();
    expect(pageKeyAction(press("x"), onPages)).toBeNull();
    expect(pageKeyAction(press("N"), onPages)).toBeNull();
  });
});

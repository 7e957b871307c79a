/**
 * The viewer's keyboard shortcuts, as actions. Pure: the viewer performs
 * them.
 */

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export type FindKeyAction = "focusFind" | "findNext" | "findPrevious";

/**
 * Find keys, which work wherever focus is while the document is open:
 * Ctrl+F (⌘F) goes to the find field, F3 / Shift+F3 to the next / previous
 * match.
 */
export function findKeyAction(press: KeyPress): FindKeyAction | null {
  if ((press.ctrlKey || press.metaKey) && press.key.toLowerCase() === "f")
    return "focusFind";
  if (press.key === "F3") return press.shiftKey ? "findPrevious" : "findNext";
  return null;
}

export type PageKeyAction =
  | "zoomIn"
  | "zoomOut"
  | "fitWidth"
  | "nextPage"
  | "previousPage"
  | "firstPage"
  | "lastPage";

/**
 * Single keys on the document, not while typing or on a control: + / =
 * and − zoom, 0 fits the width, n / p turn the page; Home and End go to the
 * first and last page when the pages themselves have focus (elsewhere they
 * scroll as usual).
 */
export function pageKeyAction(
  press: KeyPress,
  where: { onControl: boolean; onPages: boolean },
): PageKeyAction | null {
  if (where.onControl) return null;
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  switch (press.key) {
    case "+":
    case "=":
      return "zoomIn";
    case "-":
      return "zoomOut";
    case "0":
      return "fitWidth";
    case "n":
      return "nextPage";
    case "p":
      return "previousPage";
    case "Home":
      return where.onPages ? "firstPage" : null;
    case "End":
      return where.onPages ? "lastPage" : null;
    default:
      return null;
  }
}

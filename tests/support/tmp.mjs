// Temporary directories of the end-to-end tests (data directories with
// their counting keys, exported minutes, drawn scans), removed when the
// test process ends well; kept, and named, when it fails, for a look.
// Shared by tests/e2e and tests/desktop.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = [];

process.on("exit", (code) => {
  if (code !== 0) {
    if (made.length) console.error(`kept for a look: ${made.join(" ")}`);
    return;
  }
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      console.error(`could not remove ${dir}: ${e.message}`);
    }
  }
});

/** A new directory under the system's temporary one, named `prefix…`. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

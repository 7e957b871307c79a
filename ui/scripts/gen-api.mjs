// Writes src/lib/api/schema.gen.ts, the API's types, from openapi.json (the
// server's OpenAPI document) with openapi-typescript, formatted by prettier.
//
//   node scripts/gen-api.mjs          write the file (npm run gen:api)
//   node scripts/gen-api.mjs --check  regenerate into a temporary file and
//                                     fail when the committed file differs
//                                     (npm run check:api)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import openapiTS, { astToString } from "openapi-typescript";
import * as prettier from "prettier";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const input = join(root, "openapi.json");
const output = join(root, "src/lib/api/schema.gen.ts");

const HEADER = `/**
 * The KyHop API's types, generated from openapi.json by openapi-typescript.
 * Do not edit: run \`npm run gen:api\` after openapi.json changes
 * (\`npm run check:api\` fails while this file is out of date).
 */

`;

async function generate() {
  const document = JSON.parse(readFileSync(input, "utf8"));
  const nodes = await openapiTS(document, {
    // `{"type": "object"}` (an event's payload) is any object, not an empty one.
    emptyObjectsUnknown: true,
    silent: false,
  });
  const options = (await prettier.resolveConfig(output)) ?? {};
  return prettier.format(HEADER + astToString(nodes), {
    ...options,
    filepath: output,
  });
}

/** @param {string} path */
function read(path) {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

const text = await generate();
const shown = relative(process.cwd(), output) || output;

if (process.argv.includes("--check")) {
  const dir = mkdtempSync(join(tmpdir(), "kyhop-schema-"));
  const fresh = join(dir, "schema.gen.ts");
  writeFileSync(fresh, text);
  if (read(output) === read(fresh)) {
    rmSync(dir, { recursive: true, force: true });
  } else {
    console.error(
      `${shown} is out of date with openapi.json (fresh output: ${fresh}).\n` +
        "Run npm run gen:api and commit the result.",
    );
    process.exit(1);
  }
} else {
  writeFileSync(output, text);
  console.log(`wrote ${shown}`);
}

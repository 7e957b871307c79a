/**
 * Importing delegates from a CSV file as Excel writes it: UTF-8 (often with
 * a byte-order mark), `;` or `,` between cells (Excel follows the regional
 * list separator, `;` on most Vietnamese Windows machines), an optional
 * `sep=;` first line, a header row. Quoting is left to papaparse.
 *
 * Every row is checked before anything is sent, so the secretary sees every
 * problem of the file at once, each on its spreadsheet row.
 */
import Papa from "papaparse";
import { fold, tidy } from "./fold";
import type { Named, NewPerson, RosterPerson } from "./setupApi";

/** The columns the import understands. */
export type ImportField =
  | "full_name"
  | "delegate_group"
  | "committees"
  | "position_title"
  | "organization"
  | "ignored";

/** Header names, folded (no tone marks, lower case), for each column. */
const HEADERS: Record<string, ImportField> = {
  "ho va ten": "full_name",
  "ho ten": "full_name",
  "ho va ten dai bieu": "full_name",
  "full name": "full_name",
  full_name: "full_name",
  name: "full_name",
  "to dai bieu": "delegate_group",
  to: "delegate_group",
  "delegate group": "delegate_group",
  delegate_group: "delegate_group",
  group: "delegate_group",
  ban: "committees",
  "cac ban": "committees",
  "ban hdnd": "committees",
  committee: "committees",
  committees: "committees",
  "chuc vu": "position_title",
  position: "position_title",
  "position title": "position_title",
  position_title: "position_title",
  "co quan": "organization",
  "don vi": "organization",
  "co quan/don vi": "organization",
  "co quan, don vi": "organization",
  "noi cong tac": "organization",
  organization: "organization",
  // A serial-number column is in nearly every Vietnamese list.
  stt: "ignored",
  "so thu tu": "ignored",
  no: "ignored",
  "#": "ignored",
};

/** Several committees in one cell are separated by "|" or ";". */
const COMMITTEE_SEPARATOR = /[|;]/;
export const MAX_ROWS = 1000;
const MAX_NAME = 300;

export type RowProblem =
  | { code: "column_count"; expected: number; found: number }
  | { code: "missing_name" }
  | { code: "too_long"; field: ImportField }
  | { code: "unknown_group"; name: string }
  | { code: "unknown_committee"; name: string }
  | { code: "duplicate_in_file"; firstRow: number }
  | { code: "already_exists" };

export interface ImportRow {
  /** The row's number in the spreadsheet (the header is row 1). */
  row: number;
  cells: string[];
  person: NewPerson;
  /** Names as written, for the preview. */
  groupName: string;
  committeeNames: string[];
  problems: RowProblem[];
}

export type FileProblem =
  | { code: "not_utf8" }
  | { code: "empty" }
  | { code: "no_name_column" }
  | { code: "unknown_column"; name: string }
  | { code: "repeated_column"; name: string }
  | { code: "too_many_rows"; max: number }
  | { code: "unreadable"; detail: string };

export type ParsedImport =
  | {
      ok: true;
      delimiter: string;
      columns: ImportField[];
      headers: string[];
      rows: ImportRow[];
    }
  | { ok: false; problem: FileProblem };

export interface Roster {
  groups: readonly Named[];
  committees: readonly Named[];
  /** People already in the council: a row naming one of them is refused. */
  existing: readonly RosterPerson[];
}

/** Decodes a file's bytes as UTF-8 (dropping a BOM); null when they are not UTF-8. */
export function decodeCsv(bytes: Uint8Array): string | null {
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
}

/**
 * Who a delegate is, for spotting duplicates: folded name and group (its
 * id, or for a group still to be created its folded name).
 */
function identity(name: string, group: number | string | null): string {
  return `${fold(name)}|${group ?? ""}`;
}

function byFoldedName(list: readonly Named[]): Map<string, Named> {
  return new Map(list.map((entry) => [fold(entry.name), entry]));
}

/** Parses and checks a whole file against the council's roster. */
export function parseDelegateCsv(text: string, roster: Roster): ParsedImport {
  let body = text.replace(/^\uFEFF/, "");
  // Excel's own hint line: "sep=;" names the separator.
  let delimiter: string | undefined;
  const hint = /^sep=(.)\r?\n/i.exec(body);
  if (hint) {
    delimiter = hint[1];
    body = body.slice(hint[0].length);
  }
  // papaparse guesses the separator best over non-blank lines; the real
  // parse keeps blank lines so that row numbers match the spreadsheet's.
  delimiter ??= Papa.parse<string[]>(body, {
    delimitersToGuess: [";", ",", "\t"],
    skipEmptyLines: "greedy",
    preview: 50,
  }).meta.delimiter;
  const parsed = Papa.parse<string[]>(body, {
    delimiter,
    skipEmptyLines: false,
  });
  const fatal = parsed.errors.find((e) => e.type === "Quotes");
  if (fatal) {
    return {
      ok: false,
      problem: { code: "unreadable", detail: `${fatal.row ?? 0}` },
    };
  }
  const records = parsed.data.map((cells) => cells.map((c) => c.trim()));
  const isBlank = (cells: string[]) => cells.every((c) => c === "");
  const headerIndex = records.findIndex((cells) => !isBlank(cells));
  const header = records[headerIndex];
  if (header === undefined) return { ok: false, problem: { code: "empty" } };

  const columns: ImportField[] = [];
  for (const name of header) {
    const field = HEADERS[fold(name)];
    if (!field) return { ok: false, problem: { code: "unknown_column", name } };
    if (field !== "ignored" && columns.includes(field))
      return { ok: false, problem: { code: "repeated_column", name } };
    columns.push(field);
  }
  if (!columns.includes("full_name"))
    return { ok: false, problem: { code: "no_name_column" } };

  const dataRows = records
    .map((cells, index) => ({ cells, row: index + 1 }))
    .slice(headerIndex + 1)
    .filter(({ cells }) => !isBlank(cells));
  if (dataRows.length === 0) return { ok: false, problem: { code: "empty" } };
  if (dataRows.length > MAX_ROWS)
    return { ok: false, problem: { code: "too_many_rows", max: MAX_ROWS } };

  const groups = byFoldedName(roster.groups);
  const committees = byFoldedName(roster.committees);
  const existing = new Set(
    roster.existing.map((p) =>
      identity(p.full_name, p.delegate_group_id ?? null),
    ),
  );
  const seen = new Map<string, number>();

  const rows = dataRows.map(({ cells, row }) =>
    checkRow(cells, row, columns, groups, committees, existing, seen),
  );
  return {
    ok: true,
    delimiter,
    columns,
    headers: header,
    rows,
  };
}

function checkRow(
  cells: string[],
  row: number,
  columns: ImportField[],
  groups: Map<string, Named>,
  committees: Map<string, Named>,
  existing: Set<string>,
  seen: Map<string, number>,
): ImportRow {
  const problems: RowProblem[] = [];
  if (cells.length !== columns.length) {
    problems.push({
      code: "column_count",
      expected: columns.length,
      found: cells.length,
    });
  }
  const cell = (field: ImportField): string => {
    const index = columns.indexOf(field);
    return index < 0 ? "" : tidy(cells[index] ?? "");
  };

  const fullName = cell("full_name");
  if (fullName === "") problems.push({ code: "missing_name" });
  for (const field of [
    "full_name",
    "position_title",
    "organization",
  ] as const) {
    if (cell(field).length > MAX_NAME)
      problems.push({ code: "too_long", field });
  }

  const groupName = cell("delegate_group");
  let groupId: number | null = null;
  if (groupName !== "") {
    const group = groups.get(fold(groupName));
    if (group) groupId = group.id;
    else problems.push({ code: "unknown_group", name: groupName });
  }

  const committeeNames = cell("committees")
    .split(COMMITTEE_SEPARATOR)
    .map(tidy)
    .filter((name) => name !== "");
  const committeeIds: number[] = [];
  for (const name of committeeNames) {
    const committee = committees.get(fold(name));
    if (committee) {
      if (!committeeIds.includes(committee.id)) committeeIds.push(committee.id);
    } else problems.push({ code: "unknown_committee", name });
  }

  if (fullName !== "") {
    const key = identity(
      fullName,
      groupId ?? (groupName === "" ? null : `new:${fold(groupName)}`),
    );
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({ code: "duplicate_in_file", firstRow: first });
    else seen.set(key, row);
    if (existing.has(key)) problems.push({ code: "already_exists" });
  }

  return {
    row,
    cells,
    person: {
      kind: "delegate",
      full_name: fullName,
      position_title: cell("position_title"),
      organization: cell("organization"),
      delegate_group_id: groupId,
      committee_ids: committeeIds,
    },
    groupName,
    committeeNames,
    problems,
  };
}

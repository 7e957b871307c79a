import { describe, expect, it } from "vitest";
import {
  decodeCsv,
  parseDelegateCsv,
  type ParsedImport,
  type Roster,
} from "./delegateCsv";
import { goodRows, planImport } from "./importPlan";

const roster: Roster = {
  groups: [
    { id: 1, council_id: 1, name: "Tổ đại biểu số 1" },
    { id: 2, council_id: 1, name: "Tổ đại biểu số 2" },
  ],
  committees: [
    { id: 10, council_id: 1, name: "Ban Kinh tế – Ngân sách" },
    { id: 11, council_id: 1, name: "Ban Pháp chế" },
  ],
  existing: [
    {
      id: 5,
      council_id: 1,
      kind: "delegate",
      full_name: "Trần Thị Bình",
      position_title: "",
      organization: "",
      delegate_group_id: 2,
      committee_ids: [],
    },
  ],
};

function rowsOf(result: ParsedImport) {
  if (!result.ok) throw new Error(`not parsed: ${result.problem.code}`);
  return result.rows;
}

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("decodeCsv", () => {
  it("drops the byte-order mark Excel writes", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("Họ và tên")]);
    expect(decodeCsv(bytes)).toBe("Họ và tên");
  });

  it("refuses bytes that are not UTF-8 (a Windows-1258 file)", () => {
    expect(decodeCsv(new Uint8Array([0x48, 0xd2, 0x20, 0x74]))).toBeNull();
  });
});

describe("parseDelegateCsv", () => {
  it("reads Excel's semicolon file with a BOM, CRLF and quoted cells", () => {
    const text =
      "\uFEFFSTT;Họ và tên;Tổ đại biểu;Ban;Chức vụ\r\n" +
      '1;Nguyễn Văn An;Tổ đại biểu số 1;"Ban Pháp chế; Ban Kinh tế – Ngân sách";"Giám đốc Sở ""Tài chính"""\r\n' +
      "2;Lê Văn Cường;tổ đại biểu số 2;;\r\n";
    const result = parseDelegateCsv(text, roster);
    expect(result.ok && result.delimiter).toBe(";");
    const rows = rowsOf(result);
    expect(rows.map((r) => r.problems)).toEqual([[], []]);
    expect(rows[0]?.person).toEqual({
      kind: "delegate",
      full_name: "Nguyễn Văn An",
      position_title: 'Giám đốc Sở "Tài chính"',
      organization: "",
      delegate_group_id: 1,
      committee_ids: [11, 10],
    });
    // Group names match whatever the case or spacing.
    expect(rows[1]?.person.delegate_group_id).toBe(2);
    expect(rows.map((r) => r.row)).toEqual([2, 3]);
  });

  it("reads a comma-separated file and Excel's sep= line", () => {
    const comma = parseDelegateCsv(
      "Full name,Delegate group\nPhạm Thị Dung,Tổ đại biểu số 1\n",
      roster,
    );
    expect(comma.ok && comma.delimiter).toBe(",");
    expect(rowsOf(comma)[0]?.person.delegate_group_id).toBe(1);

    const hinted = parseDelegateCsv(
      "sep=,\nHọ và tên,Chức vụ\nVõ Minh Hải,Ủy viên; thư ký\n",
      roster,
    );
    expect(rowsOf(hinted)[0]?.person.position_title).toBe("Ủy viên; thư ký");
  });

  it("composes decomposed tone marks (a Mac's file) to match the roster", () => {
    const decomposed =
      "To\u0302\u0309 đa\u0323i bie\u0302\u0309u so\u0302\u0301 1";
    const rows = rowsOf(
      parseDelegateCsv(`Họ và tên;Tổ đại biểu\nAn;${decomposed}\n`, roster),
    );
    expect(rows[0]?.problems).toEqual([]);
    expect(rows[0]?.person.delegate_group_id).toBe(1);
  });

  it("names every problem of every row", () => {
    const text = [
      "Họ và tên;Tổ đại biểu;Ban",
      ";Tổ đại biểu số 1;",
      "Đỗ Văn Em;Tổ số 9;Ban Quốc phòng",
      "Ngô Thị Gấm;Tổ đại biểu số 1",
      "Hồ Văn Hùng;Tổ đại biểu số 1;;thừa",
      "Bùi Thị Lan;Tổ đại biểu số 2;",
      "bùi thị  lan;Tổ đại biểu số 2;",
      "Trần Thị Bình;Tổ đại biểu số 2;",
      ";;",
      "Mai Văn Nam;;",
    ].join("\n");
    const rows = rowsOf(parseDelegateCsv(text, roster));
    expect(rows.map((r) => [r.row, r.problems])).toEqual([
      [2, [{ code: "missing_name" }]],
      [
        3,
        [
          { code: "unknown_group", name: "Tổ số 9" },
          { code: "unknown_committee", name: "Ban Quốc phòng" },
        ],
      ],
      [4, [{ code: "column_count", expected: 3, found: 2 }]],
      [5, [{ code: "column_count", expected: 3, found: 4 }]],
      [6, []],
      [7, [{ code: "duplicate_in_file", firstRow: 6 }]],
      [8, [{ code: "already_exists" }]],
      // Row 9 is blank and skipped, as Excel leaves them.
      [10, []],
    ]);
    expect(goodRows(rows).map((r) => r.person.full_name)).toEqual([
      "Bùi Thị Lan",
      "Mai Văn Nam",
    ]);
  });

  it("refuses files it cannot read as a delegate list", () => {
    const problem = (text: string) => {
      const r = parseDelegateCsv(text, roster);
      return r.ok ? null : r.problem;
    };
    expect(problem("")).toEqual({ code: "empty" });
    expect(problem("Họ và tên\n\n")).toEqual({ code: "empty" });
    expect(problem("Chức vụ;Ban\nX;Y\n")).toEqual({ code: "no_name_column" });
    expect(problem("Họ và tên;Ngày sinh\nA;1/1/1970\n")).toEqual({
      code: "unknown_column",
      name: "Ngày sinh",
    });
    expect(problem("Họ và tên;Họ tên\nA;B\n")).toEqual({
      code: "repeated_column",
      name: "Họ tên",
    });
    expect(problem(`Họ và tên\n${"A\n".repeat(1001)}`)).toEqual({
      code: "too_many_rows",
      max: 1000,
    });
  });

  it("flags names longer than the server accepts", () => {
    const rows = rowsOf(
      parseDelegateCsv(`Họ và tên\n${"a".repeat(301)}\n`, roster),
    );
    expect(rows[0]?.problems).toEqual([
      { code: "too_long", field: "full_name" },
    ]);
  });
});

describe("planImport", () => {
  const file =
    "Họ và tên;Tổ đại biểu;Ban\n" +
    "Nguyễn Văn An;Tổ đại biểu số 1;Ban Pháp chế\n" +
    "Phạm Thị Dung;Tổ đại biểu số 3;Ban Văn hóa – Xã hội|Ban Pháp chế\n" +
    "Hoàng Văn Em;to dai bieu so 3;ban van hoa – xa hoi\n" +
    ";Tổ đại biểu số 4;\n" +
    "Vũ Thị Giang;;Ban Đô thị\n";

  it("lists the groups and committees still to create, once each, in file order", () => {
    const rows = rowsOf(parseDelegateCsv(file, roster));
    const plan = planImport(rows, 1, null);
    expect(plan.missing).toEqual({
      groups: ["Tổ đại biểu số 3"],
      committees: ["Ban Văn hóa – Xã hội", "Ban Đô thị"],
    });
    // The row without a name stays out, and so does the group only it names.
    expect(plan.ready.map((r) => r.row)).toEqual([2, 3, 4, 6]);
    expect(plan.overSeats).toBeNull();
  });

  it("has nothing to create when the roster has every name", () => {
    const rows = rowsOf(
      parseDelegateCsv("Họ và tên;Tổ\nA;Tổ đại biểu số 2\n", roster),
    );
    expect(planImport(rows, 0, 50).missing).toEqual({
      groups: [],
      committees: [],
    });
  });

  it("tells two people of the same name apart by their new groups", () => {
    const rows = rowsOf(
      parseDelegateCsv(
        "Họ và tên;Tổ\nLê Văn Cường;Tổ 7\nLê Văn Cường;Tổ 8\nLê Văn Cường;tổ 8\n",
        roster,
      ),
    );
    expect(rows.map((r) => r.problems.map((p) => p.code))).toEqual([
      ["unknown_group"],
      ["unknown_group"],
      ["unknown_group", "duplicate_in_file"],
    ]);
  });

  it("refuses to put more delegates on the roster than there are seats", () => {
    const rows = rowsOf(parseDelegateCsv(file, roster));
    expect(planImport(rows, 22, 25).overSeats).toEqual({
      seats: 25,
      existing: 22,
      adding: 4,
    });
    expect(planImport(rows, 21, 25).overSeats).toBeNull();
  });

  it("sends the rows with the new ids once they exist", () => {
    const text =
      "Họ và tên;Tổ;Ban\nPhạm Thị Dung;Tổ đại biểu số 3;Ban Đô thị\n";
    const before = planImport(rowsOf(parseDelegateCsv(text, roster)), 0, null);
    expect(before.ready).toHaveLength(1);
    const after = rowsOf(
      parseDelegateCsv(text, {
        ...roster,
        groups: [
          ...roster.groups,
          { id: 3, council_id: 1, name: "Tổ đại biểu số 3" },
        ],
        committees: [
          ...roster.committees,
          { id: 12, council_id: 1, name: "Ban Đô thị" },
        ],
      }),
    );
    expect(goodRows(after).map((r) => r.person)).toEqual([
      {
        kind: "delegate",
        full_name: "Phạm Thị Dung",
        position_title: "",
        organization: "",
        delegate_group_id: 3,
        committee_ids: [12],
      },
    ]);
  });
});

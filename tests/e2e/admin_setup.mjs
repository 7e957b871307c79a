// A fresh install set up in the UI alone, in Debian's Chromium driven by
// playwright-core, on the older secretary's small laptop (1366×768): the
// real `kyhop serve` on an empty data directory; the administrator signs in
// with the initial password (the only thing read outside the browser),
// changes it and lands on "Tạo hội đồng đầu tiên". Bad input first (empty
// and over-long fields), then a council of 25 seats; a term; two delegate
// groups and two committees (a duplicate refused next to its field; one
// more added, renamed and deleted, by keyboard); a CSV with wrong columns
// refused next to the file field, one with more delegates than seats
// refused, one that names a new group and a new committee: the preview
// lists them, the import creates them, then the delegates; fewer seats
// than delegates refused in the settings; a secretary and a chair account
// (a bad username refused), a password reset; a second council of the same
// name refused by the server next to its field. The secretary then signs
// in with the reset password and must change it; the administrator opens
// the secretary's screen for the council and comes back. Every new screen
// is scanned with axe-core (no serious or critical violation), must not
// scroll sideways at 1366 px, and is photographed as admin-*.png. Then the
// council sits (`sitTheSession`): session, sitting and agenda set up by the
// secretary, cards printed to PDF with the public address, three documents
// of three producers filed by item and audience, a delegate outside a
// document's audience not seeing it, the chair (a delegate) checking in and
// voting, a quorum refusal, an item change during a speech, a question and
// its reply, a poll of the council's own options, the agenda and the
// sitting's attendance list downloaded — no API call but the initial
// password file.
//
// usage: node admin_setup.mjs [path/to/kyhop] [screenshot dir]
//   (defaults: target/debug/kyhop, target/e2e/screenshots)

import { execFileSync, spawn } from "node:child_process";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { tempDir } from "../support/tmp.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const binary = process.argv[2] ?? join(root, "target/debug/kyhop");
const shots = resolve(process.argv[3] ?? join(root, "target/e2e/screenshots"));
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const WAIT = 20_000;
const laptop = { width: 1366, height: 768 };

const COUNCIL = "Hội đồng nhân dân xã An Lão khóa XXI";
const PUBLIC_URL = "http://kyhop.anlao.example:8080";
const OFFICIAL = "Đỗ Minh Quân";
const GROUPS = ["Tổ đại biểu số 1", "Tổ đại biểu số 2"];
const COMMITTEES = ["Ban Kinh tế – Ngân sách", "Ban Pháp chế"];

/**
 * Starts `kyhop serve` on an empty data directory and a free port, with
 * this work tree's built UI; resolves with its URL and data dir.
 */
async function startServer() {
  // The data directory inside a temporary one: the counting key goes beside it.
  const dataDir = join(tempDir("kyhop-admin-e2e-"), "data");
  const child = spawn(
    binary,
    [
      "serve",
      "--data-dir",
      dataDir,
      "--bind",
      "127.0.0.1:0",
      // The chamber's address as the delegates' laptops reach it (a name
      // the council's network gives the server), printed on every card.
      "--public-url",
      PUBLIC_URL,
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...process.env, KYHOP_UI_DIR: join(root, "ui/dist") },
    },
  );
  const url = await new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(
      () => fail(new Error(`server did not start:\n${out}`)),
      60_000,
    );
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/KyHop listening on (http:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        ok(found[1].replace(/\/$/, ""));
      }
    });
    child.on("exit", (code) =>
      fail(new Error(`server exited with ${code}:\n${out}`)),
    );
  });
  return { child, url, dataDir };
}

/** Runs axe-core on the page; fails on any serious or critical violation. */
async function assertAccessible(page, view) {
  // Evaluated by the test driver, not as a script of the page: the page's
  // CSP (no inline script) does not apply, and is not loosened for it.
  await page.evaluate(readFileSync(axeSource, "utf8"));
  const results = await page.evaluate(() => window.axe.run());
  const bad = results.violations.filter(
    (v) => v.impact === "serious" || v.impact === "critical",
  );
  assert.deepEqual(
    bad.map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    ),
    [],
    `axe-core on the ${view} screen`,
  );
}

/** The page fits the laptop's width: nothing to scroll sideways to. */
async function assertNoSidewaysScroll(page, view) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(
    scroll <= client,
    `the ${view} screen scrolls sideways at ${client} px (${scroll} px wide)`,
  );
}

/** Every new screen: accessible, no sideways scroll, photographed. */
async function screen(page, view) {
  await page.waitForTimeout(300);
  await assertAccessible(page, view);
  await assertNoSidewaysScroll(page, view);
  await page.screenshot({
    path: join(shots, `admin-${view}.png`),
    fullPage: true,
  });
}

/** The field's own problem, tied to it by aria-describedby. */
async function problemOf(locator) {
  await assert.doesNotReject(
    locator
      .page()
      .waitForFunction(
        (el) => el.getAttribute("aria-invalid") === "true",
        await locator.elementHandle(),
        { timeout: WAIT },
      ),
  );
  const ids = (await locator.getAttribute("aria-describedby")) ?? "";
  const texts = [];
  for (const id of ids.split(" ").filter(Boolean)) {
    const node = locator.page().locator(`[id="${id}"]`);
    if (await node.evaluate((el) => el.classList.contains("field-error")))
      texts.push(await node.innerText());
  }
  return texts.join(" ");
}

async function expectProblem(locator, text, what) {
  const problem = await problemOf(locator);
  assert.ok(
    problem.includes(text),
    `${what}: expected "${text}" next to the field, got "${problem}"`,
  );
}

/** The focused element shows a visible focus ring. */
async function assertFocusVisible(page, what) {
  const outline = await page.evaluate(() => {
    const el = document.activeElement;
    const style = el ? getComputedStyle(el) : null;
    return style ? `${style.outlineStyle} ${style.outlineWidth}` : "none";
  });
  assert.ok(
    !outline.startsWith("none") && !outline.endsWith(" 0px"),
    `${what}: no visible focus (${outline})`,
  );
}

async function signIn(page, url, username, password) {
  await page.goto(url);
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

async function changePassword(page, current, next) {
  await page
    .getByRole("heading", { name: "Đổi mật khẩu" })
    .waitFor({ timeout: WAIT });
  await page.getByLabel("Mật khẩu hiện tại").fill(current);
  await page.getByLabel("Mật khẩu mới", { exact: true }).fill(next);
  await page.getByLabel("Nhập lại mật khẩu mới").fill(next);
  await page.getByRole("button", { name: "Đổi mật khẩu" }).click();
}

const csvFile = (name, text) => ({
  name,
  mimeType: "text/csv",
  // Excel's "CSV UTF-8": a byte-order mark, semicolons, CRLF.
  buffer: Buffer.from(`\uFEFF${text.replace(/\n/g, "\r\n")}`, "utf8"),
});

/** "YYYY-MM-DDTHH:mm" in Vietnam, `minutes` from now (a datetime-local value). */
function vietnamLocal(minutes) {
  const at = new Date(Date.now() + minutes * 60_000 + 7 * 3_600_000);
  return at.toISOString().slice(0, 16);
}

/** What pdftotext reads from a downloaded PDF, words joined by single spaces. */
async function downloadedText(page, click) {
  const [download] = await Promise.all([
    page.waitForEvent("download", { timeout: WAIT }),
    click(),
  ]);
  const bytes = readFileSync(await download.path());
  assert.equal(bytes.subarray(0, 5).toString(), "%PDF-");
  return { name: download.suggestedFilename(), text: pdfText(bytes) };
}

function pdfText(bytes) {
  const file = join(tempDir("kyhop-e2e-pdf-"), "x.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], {
    encoding: "utf8",
  })
    .split(/\s+/)
    .join(" ");
}

/**
 * The council set up above sits, in the UI alone: the secretary prepares the
 * session (a sitting, the agenda, the official who answers questions),
 * prints the cards — to PDF, with the council's public address — files
 * three documents of three producers (one for the Ban Pháp chế only),
 * publishes them and convenes. Two delegates sign in with their cards;
 * the one outside the Ban does not see its document. The chair, a delegate,
 * checks in; the session does not open below the quorum where the council
 * refuses, and opens once the administrator lets the chair confirm. An item
 * change during a speech ends it; a question to the official is answered; a
 * poll of the council's own options is held, the chair voting too; the
 * agenda and the sitting's attendance report are downloaded.
 */
async function sitTheSession({ server, admin, secretary, newPage }) {
  // ---- The secretary prepares the session ----
  await secretary.getByRole("tab", { name: "Thiết lập kỳ họp" }).click();
  await secretary.getByRole("button", { name: "Tạo kỳ họp mới" }).click();
  await secretary.getByLabel("Kỳ họp thứ").fill("12");
  await secretary.getByLabel("Tên kỳ họp").fill("Kỳ họp thường lệ cuối năm");
  await secretary.getByLabel("Địa điểm").fill("Hội trường UBND xã An Lão");
  const today = vietnamLocal(0).slice(0, 10);
  await secretary.getByLabel("Ngày khai mạc").fill(today);
  await secretary.getByLabel("Ngày bế mạc").fill(today);
  await secretary.getByRole("button", { name: "Tạo kỳ họp" }).click();
  await secretary.getByLabel("Tên phiên họp").fill("Phiên khai mạc");
  await secretary.getByLabel("Bắt đầu lúc").fill(vietnamLocal(30));
  await secretary.getByRole("button", { name: "Thêm phiên họp" }).click();
  await secretary.getByText(/^Phiên khai mạc — lúc/).waitFor();
  const ITEMS = [
    "Khai mạc kỳ họp",
    "Tờ trình về dự toán ngân sách xã năm 2027",
    "Chất vấn và trả lời chất vấn",
  ];
  for (const title of ITEMS) {
    await secretary.getByLabel("Tên nội dung").fill(title);
    await secretary
      .getByRole("button", { name: "Thêm vào chương trình" })
      .click();
    await secretary.getByText(title, { exact: true }).first().waitFor();
  }
  await screen(secretary, "secretary-session-setup");

  // The official who answers questions.
  await secretary.getByRole("tab", { name: "Đại biểu", exact: true }).click();
  await secretary.getByLabel("Họ và tên").first().fill(OFFICIAL);
  await secretary
    .getByLabel("Tư cách")
    .first()
    .selectOption({ label: "Đại biểu mời (cán bộ trả lời chất vấn)" });
  await secretary.getByLabel("Chức vụ").first().fill("Chủ tịch UBND xã");
  await secretary.getByRole("button", { name: "Thêm vào danh sách" }).click();
  await secretary.getByRole("rowheader", { name: OFFICIAL }).waitFor();

  // ---- Cards, printed to PDF with the council's public address ----
  await secretary.getByRole("tab", { name: "Thẻ đăng nhập" }).click();
  await secretary.getByRole("button", { name: "Cấp thẻ mới" }).click();
  await secretary.getByRole("button", { name: "Đồng ý cấp thẻ mới" }).click();
  await secretary.getByRole("button", { name: "In thẻ (A4)" }).waitFor();
  await screen(secretary, "secretary-cards");
  await secretary.emulateMedia({ media: "print" });
  const printed = pdfText(await secretary.pdf({ format: "A4" }));
  await secretary.emulateMedia({ media: "screen" });
  assert.ok(
    printed.includes(`Địa chỉ máy chủ: ${PUBLIC_URL}`),
    `the printed cards name the public address: ${printed.slice(0, 400)}`,
  );
  const codeOf = async (name) =>
    (
      await secretary
        .getByRole("article", { name: `Thẻ của ${name}` })
        .locator(".code")
        .innerText()
    ).trim();
  const outsider = "Lê Văn Cường"; // Ban Kinh tế, Ban Văn hóa
  const member = "Nguyễn Thị Hoa"; // Ban Pháp chế
  const codes = {
    [outsider]: await codeOf(outsider),
    [member]: await codeOf(member),
  };
  for (const code of Object.values(codes)) assert.ok(printed.includes(code));

  // ---- Convened (the cards are out); the documents tab opens ----
  await secretary.getByRole("tab", { name: "Thiết lập kỳ họp" }).click();
  await secretary.getByRole("button", { name: "Triệu tập kỳ họp" }).click();
  await secretary.getByText("Đã triệu tập", { exact: true }).waitFor();
  // The secretary's floor picks the convened session up at the next load
  // (it does not yet follow a session convened from the same screen).
  await secretary.reload();
  await secretary.getByRole("tab", { name: "Tài liệu" }).waitFor();

  // ---- Three documents of three producers, filed by item and audience ----
  await secretary.getByRole("tab", { name: "Tài liệu" }).click();
  const filing = secretary.getByRole("group", {
    name: /Nơi xếp các tệp sắp tải lên/,
  });
  await filing
    .getByLabel("Thuộc nội dung")
    .selectOption({ label: `2. ${ITEMS[1]}` });
  await filing.getByLabel("Tất cả đại biểu").check();
  const upload = secretary.getByLabel("Tải lên tài liệu (PDF)");
  await upload.setInputFiles([
    join(root, "tests/fixtures/to-trinh-libreoffice.pdf"),
    join(root, "tests/fixtures/bao-cao-kt-xh-chromium.pdf"),
  ]);
  await secretary.getByText("Đã tải lên", { exact: true }).first().waitFor();
  await filing.getByLabel("Chỉ những người được chọn (tài liệu mật)").check();
  await filing.getByLabel("Ban Pháp chế", { exact: true }).check();
  await upload.setInputFiles(
    join(root, "tests/fixtures/bao-cao-ghostscript.pdf"),
  );
  // The Ghostscript report, filed for the Ban Pháp chế only.
  const confidential = secretary.getByRole("form", {
    name: /^Sửa thông tin: Báo cáo thẩm tra ban Kinh tế/,
  });
  await confidential.waitFor();
  await confidential.getByLabel("Tên tài liệu").fill("Báo cáo thẩm tra (mật)");
  await confidential.getByRole("button", { name: "Lưu thông tin" }).click();
  await secretary
    .getByRole("button", { name: "Phát hành: Báo cáo thẩm tra (mật)" })
    .waitFor();
  const publish = secretary.getByRole("button", { name: /^Phát hành: / });
  for (let left = 3; left > 0; left--) {
    await publish.first().click();
    await secretary.waitForFunction(
      (n) =>
        [...document.querySelectorAll("button")].filter((b) =>
          (b.getAttribute("aria-label") ?? b.textContent).startsWith(
            "Phát hành: ",
          ),
        ).length < n,
      left,
    );
  }
  await secretary.getByText("Đã phát hành", { exact: true }).nth(2).waitFor();
  await screen(secretary, "secretary-documents-filed");

  // ---- The chair confirms the cards; the delegates sign in with them ----
  // (A card used while a session is convened works once the chair has
  // confirmed it, in front of the chamber.)
  const chair = await newPage();
  await signIn(chair, server.url, "chutoa.binh", "chu-toa-an-lao-2026");
  await changePassword(chair, "chu-toa-an-lao-2026", "chu-toa-moi-an-lao-2026");
  for (const name of Object.keys(codes)) {
    await chair
      .getByRole("button", { name: `Xác nhận thẻ của ${name}` })
      .click();
    await chair.getByRole("button", { name: "Xác nhận thẻ mới" }).click();
  }
  const delegates = {};
  for (const [name, code] of Object.entries(codes)) {
    const page = await newPage();
    await page.goto(server.url);
    // The card's link pasted into the code field gives the code; it names
    // the council's public address, which this test's browser cannot reach.
    await page.getByLabel("Mã ghép nối").fill(`${PUBLIC_URL}/#/?code=${code}`);
    assert.equal(await page.getByLabel("Mã ghép nối").inputValue(), code);
    await page.getByText(`Thẻ này dành cho máy chủ ${PUBLIC_URL}/`).waitFor();
    await page.getByRole("button", { name: "Vào kỳ họp" }).click();
    await page.getByRole("heading", { name: "Chương trình kỳ họp" }).waitFor();
    delegates[name] = page;
  }
  const secret = "Báo cáo thẩm tra (mật)";
  await delegates[member]
    .getByRole("button", { name: `Mở tài liệu: ${secret}` })
    .waitFor();
  await delegates[outsider]
    .getByRole("button", { name: /^Mở tài liệu: Tờ trình/ })
    .first()
    .waitFor();
  assert.equal(
    await delegates[outsider].getByText(secret).count(),
    0,
    "a delegate outside the Ban Pháp chế does not see its document",
  );
  await screen(delegates[member], "delegate-fresh-install");

  // ---- The chair, a delegate, checks in; the quorum refuses ----
  for (const page of [chair, ...Object.values(delegates)]) {
    await page
      .getByRole("button", { name: "Điểm danh có mặt", exact: true })
      .click();
    await page.getByText("Bạn đã điểm danh có mặt.").waitFor();
  }
  await chair
    .getByRole("button", { name: "Khai mạc kỳ họp", exact: true })
    .click();
  await chair.getByText("Hãy chờ đủ đại biểu điểm danh.").waitFor();
  assert.equal(
    await chair
      .getByRole("button", { name: "Vẫn tiếp tục khi chưa đủ số đại biểu" })
      .count(),
    0,
    "where the council refuses, the chair cannot go on",
  );
  await screen(chair, "chair-quorum-refused");
  // The administrator lets the chair confirm instead; the chair goes on.
  await admin.getByRole("tab", { name: "Thiết lập", exact: true }).click();
  await admin
    .getByRole("radio", { name: "Cảnh báo, Chủ tọa xác nhận để tiếp tục" })
    .check();
  await admin.getByRole("button", { name: "Lưu", exact: true }).click();
  await admin.getByText("Đã lưu.").waitFor();
  await chair
    .getByRole("button", { name: "Khai mạc kỳ họp", exact: true })
    .click();
  await chair
    .getByRole("button", { name: "Vẫn tiếp tục khi chưa đủ số đại biểu" })
    .click();

  // ---- An item change during a speech ends it ----
  await chair.getByRole("button", { name: "Nội dung tiếp theo →" }).click();
  await chair.getByRole("button", { name: "Nội dung tiếp theo →" }).click();
  await delegates[outsider]
    .getByRole("button", { name: "Đăng ký phát biểu", exact: true })
    .click();
  await chair
    .getByRole("button", { name: `Mời phát biểu: ${outsider}` })
    .click();
  await chair
    .getByRole("button", { name: `Kết thúc phát biểu của ${outsider}` })
    .waitFor();
  await chair.getByRole("button", { name: "Nội dung tiếp theo →" }).click();
  await chair.getByText("Một đại biểu đang phát biểu.").waitFor();
  await screen(chair, "chair-item-change-during-speech");
  await chair
    .getByRole("button", { name: "Kết thúc phát biểu và chuyển" })
    .click();
  await chair.getByText(ITEMS[2]).first().waitFor();
  // No speech runs on after the item changed (the button goes once the
  // ended speech's event has arrived).
  await chair
    .getByRole("button", { name: `Kết thúc phát biểu của ${outsider}` })
    .waitFor({ state: "detached" });

  // ---- A question to the official, and the reply ----
  const asker = delegates[member];
  await asker.getByRole("button", { name: "Đăng ký chất vấn" }).click();
  await asker.getByLabel("Chất vấn ai").selectOption({ index: 1 });
  await asker.getByRole("button", { name: "Gửi đăng ký chất vấn" }).click();
  await chair
    .getByRole("button", { name: `Mời trả lời chất vấn: ${OFFICIAL}` })
    .click();
  for (const speaker of [member, OFFICIAL]) {
    await chair
      .getByRole("button", { name: `Mời phát biểu: ${speaker}` })
      .click();
    await chair
      .getByRole("button", { name: `Kết thúc phát biểu của ${speaker}` })
      .click();
  }

  // ---- A poll of the council's own options; the chair votes too ----
  await chair
    .getByLabel("Nội dung biểu quyết")
    .fill("Chọn phương án sửa chữa đường liên thôn");
  await chair.getByLabel(/Phương án riêng của Hội đồng/).check();
  await chair
    .getByLabel("Các phương án, mỗi dòng một phương án")
    .fill("Phương án 1: bê tông hóa\nPhương án 2: trải nhựa");
  await chair.getByRole("button", { name: "Tạo biểu quyết" }).click();
  await chair.getByRole("button", { name: "Bắt đầu biểu quyết" }).click();
  await chair
    .getByRole("button", { name: "Vẫn tiếp tục khi chưa đủ số đại biểu" })
    .click();
  for (const page of [chair, ...Object.values(delegates)]) {
    await page
      .getByRole("button", { name: "Phương án 2: trải nhựa", exact: true })
      .click();
    await page.getByRole("button", { name: "Xác nhận", exact: true }).click();
    await page.getByText("Phiếu của bạn đã được ghi nhận.").waitFor();
  }
  await chair.getByRole("button", { name: "Kết thúc biểu quyết" }).click();
  await chair
    .getByText(/Phương án 2: trải nhựa/)
    .first()
    .waitFor();
  await screen(chair, "chair-fresh-install");

  // ---- The papers: the agenda and the sitting's attendance list ----
  await secretary.getByRole("tab", { name: "Thiết lập kỳ họp" }).click();
  const agenda = await downloadedText(secretary, () =>
    secretary
      .getByRole("button", { name: "Tải chương trình kỳ họp (PDF)" })
      .click(),
  );
  assert.equal(agenda.name, "chuong-trinh-ky-hop.pdf");
  for (const title of ITEMS) assert.ok(agenda.text.includes(title), title);
  await secretary.getByRole("tab", { name: "Điểm danh", exact: true }).click();
  const roll = await downloadedText(secretary, () =>
    secretary
      .getByRole("button", {
        name: "Tải danh sách điểm danh: Phiên khai mạc (PDF)",
      })
      .click(),
  );
  assert.ok(
    roll.text.includes("Tổng số đại biểu: 25; có mặt: 3"),
    `the attendance report counts the three present: ${roll.text}`,
  );
  assert.ok(roll.text.includes("Trần Văn Bình"), "the chair is on the roll");
  await screen(secretary, "secretary-attendance-papers");
}

async function main() {
  mkdirSync(shots, { recursive: true });
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  // The server's Content-Security-Policy must not stop anything the UI
  // does, and no page may throw.
  const pageErrors = [];
  const pages = [];
  const newPage = async () => {
    const context = await browser.newContext({
      viewport: laptop,
      locale: "vi-VN",
      // The secretary's laptop keeps New York's time: what is typed and
      // shown is still Vietnam's (the sitting's start, the papers).
      timezoneId: "America/New_York",
      acceptDownloads: true,
    });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT);
    pages.push(page);
    page.on("pageerror", (e) => pageErrors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error" && /Content.Security.Policy/i.test(m.text()))
        pageErrors.push(m.text());
    });
    return page;
  };

  try {
    const initial = readFileSync(
      join(server.dataDir, "initial-admin-password"),
      "utf8",
    ).trim();
    const adminPassword = "quan-tri-he-thong-2026";

    // ---- First sign-in: the password change, then the first step ----
    const admin = await newPage();
    await signIn(admin, server.url, "admin", initial);
    await changePassword(admin, initial, adminPassword);
    await admin
      .getByRole("heading", { name: "Tạo hội đồng đầu tiên" })
      .waitFor();
    assert.equal(new URL(admin.url()).hash, "#/admin");
    assert.equal(
      await admin.getByText("Hội đồng chưa có kỳ họp nào").count(),
      0,
      "the administrator no longer lands on the empty secretary view",
    );
    await screen(admin, "first");

    // ---- Bad input, each problem next to its field ----
    const name = admin.getByLabel("Tên Hội đồng");
    const place = admin.getByLabel("Địa danh (dòng ngày tháng văn bản)");
    const seats = admin.getByLabel("Tổng số đại biểu");
    await admin
      .getByRole("button", { name: "Tạo Hội đồng", exact: true })
      .click();
    await expectProblem(name, "Vui lòng nhập thông tin này.", "empty name");
    await expectProblem(place, "Vui lòng nhập thông tin này.", "empty place");
    await expectProblem(seats, "Vui lòng nhập thông tin này.", "no seats");
    await name.fill("Hội đồng ".repeat(40));
    await place.fill("An Lão");
    await seats.fill("0");
    await admin
      .getByRole("button", { name: "Tạo Hội đồng", exact: true })
      .click();
    await expectProblem(name, "Không quá 300 ký tự.", "over-long name");
    await expectProblem(seats, "từ 1 đến 10000", "zero seats");
    await screen(admin, "first-errors");

    // The rules are folded, filled with the law's defaults.
    const rules = admin.getByText("Quy tắc biểu quyết và thời hạn");
    await rules.click();
    assert.equal(
      await admin.getByLabel("Nhãn “tán thành”").inputValue(),
      "Tán thành",
    );
    await rules.click();

    await name.fill(COUNCIL);
    await seats.fill("25");
    await admin
      .getByRole("button", { name: "Tạo Hội đồng", exact: true })
      .click();
    await admin.getByRole("heading", { name: COUNCIL }).waitFor();

    // ---- Set-up: settings and a term ----
    await admin.getByRole("tab", { name: "Thiết lập", exact: true }).waitFor();
    await admin.getByLabel("Tên nhiệm kỳ").fill("Nhiệm kỳ 2026–2031");
    await admin.getByLabel("Năm bắt đầu").fill("2026");
    await admin.getByLabel("Năm kết thúc").fill("2031");
    await admin.getByRole("button", { name: "Thêm nhiệm kỳ" }).click();
    await admin.getByText("Nhiệm kỳ 2026–2031 (2026–2031)").waitFor();
    await screen(admin, "council-setup");

    // ---- Groups and committees, by keyboard ----
    const setupTab = admin.getByRole("tab", { name: "Thiết lập", exact: true });
    await setupTab.focus();
    await admin.keyboard.press("ArrowRight");
    const rosterTab = admin.getByRole("tab", { name: "Tổ đại biểu và Ban" });
    assert.equal(await rosterTab.getAttribute("aria-selected"), "true");
    await assertFocusVisible(admin, "the tab reached with the arrow key");

    const newGroup = admin.getByLabel("Tên tổ đại biểu mới");
    for (const group of GROUPS) {
      await newGroup.fill(group);
      await newGroup.press("Enter");
      await admin.getByText(group, { exact: true }).waitFor();
    }
    // The field keeps the focus for the next name.
    assert.equal(
      await newGroup.evaluate((el) => el === document.activeElement),
      true,
    );
    await newGroup.fill("tổ đại biểu số 1");
    await newGroup.press("Enter");
    await expectProblem(
      newGroup,
      "Tên này đã có trong danh sách.",
      "a second group of the same name",
    );
    await newGroup.fill("");

    const newCommittee = admin.getByLabel("Tên Ban mới");
    for (const committee of [...COMMITTEES, "Ban tạm"]) {
      await newCommittee.fill(committee);
      await admin.getByRole("button", { name: "Thêm Ban" }).click();
      await admin.getByText(committee, { exact: true }).waitFor();
    }
    // Rename and delete, keyboard only: the focus goes into each form.
    await admin.getByRole("button", { name: "Đổi tên: Ban tạm" }).focus();
    await admin.keyboard.press("Enter");
    const renameField = admin.getByLabel("Tên mới của “Ban tạm”");
    await renameField.waitFor();
    assert.equal(
      await renameField.evaluate((el) => el === document.activeElement),
      true,
      "the rename field has the focus",
    );
    await admin.keyboard.press("Control+A");
    await admin.keyboard.type("Ban tạm thời");
    await admin.keyboard.press("Enter");
    await admin.getByText("Ban tạm thời", { exact: true }).waitFor();
    await admin.getByRole("button", { name: "Xóa Ban: Ban tạm thời" }).focus();
    await assertFocusVisible(admin, "the delete button");
    await admin.keyboard.press("Enter");
    await admin.getByText("Xóa hẳn “Ban tạm thời”?").waitFor();
    // The focus waits on "Hủy"; the deletion is one step back.
    await assertFocusVisible(admin, "the cancel button");
    assert.equal(
      await admin.evaluate(() => document.activeElement?.textContent?.trim()),
      "Hủy",
    );
    await screen(admin, "roster");
    await admin.keyboard.press("Shift+Tab");
    await admin.keyboard.press("Enter");
    await admin
      .getByText("Ban tạm thời", { exact: true })
      .waitFor({ state: "detached" });

    // ---- People: the CSV import ----
    await admin.getByRole("tab", { name: "Đại biểu", exact: true }).click();
    const file = admin.getByLabel("Chọn tệp CSV");
    await file.setInputFiles(
      csvFile("sai-cot.csv", "Tên;Số điện thoại\nNguyễn Văn An;0912345678\n"),
    );
    await expectProblem(file, "Không nhận ra cột “Tên”", "wrong columns");
    await screen(admin, "import-wrong-columns");

    const many = ["Họ và tên;Tổ đại biểu"];
    for (let n = 1; n <= 26; n++) many.push(`Đại biểu số ${n};${GROUPS[0]}`);
    await file.setInputFiles(csvFile("qua-nhieu.csv", many.join("\n")));
    await admin.getByText("nhập thêm 26 sẽ vượt quá").waitFor();
    assert.equal(
      await admin.getByRole("button", { name: "Tạo 26 đại biểu" }).isDisabled(),
      true,
    );

    const delegates = [
      "STT;Họ và tên;Tổ đại biểu;Ban;Chức vụ;Cơ quan",
      `1;Trần Văn Bình;${GROUPS[0]};${COMMITTEES[0]};Chủ tịch HĐND xã;HĐND xã An Lão`,
      `2;Nguyễn Thị Hoa;${GROUPS[0]};${COMMITTEES[1]};Phó Chủ tịch HĐND xã;HĐND xã An Lão`,
      `3;Lê Văn Cường;${GROUPS[1]};"${COMMITTEES[0]}|Ban Văn hóa – Xã hội";Đại biểu;Trường THCS An Lão`,
      `4;Phạm Thị Dung;Tổ đại biểu số 3;${COMMITTEES[1]};Đại biểu;Trạm Y tế xã`,
      `5;Hoàng Văn Em;tổ đại biểu số 3;ban văn hóa – xã hội;Đại biểu;Hợp tác xã Nông nghiệp`,
    ].join("\n");
    await file.setInputFiles(csvFile("dai-bieu.csv", delegates));
    await admin
      .getByText("Tổ đại biểu và Ban sẽ được tạo trước khi nhập")
      .waitFor();
    await admin.getByText("Tổ đại biểu: Tổ đại biểu số 3").waitFor();
    await admin.getByText("Ban: Ban Văn hóa – Xã hội").waitFor();
    assert.equal(
      await file.getAttribute("aria-invalid"),
      "false",
      "a good file has no problem",
    );
    await screen(admin, "import-preview");
    await admin
      .getByRole("button", { name: "Tạo tổ, Ban mới và 5 đại biểu" })
      .click();
    await admin.getByText("Đã tạo 5 đại biểu cùng các tổ, Ban mới.").waitFor();
    await admin
      .getByRole("cell", { name: "Tổ đại biểu số 3" })
      .first()
      .waitFor();
    await admin.getByText("5 đại biểu", { exact: true }).waitFor();

    // ---- Fewer seats than delegates: refused next to the field ----
    await admin.getByRole("tab", { name: "Thiết lập", exact: true }).click();
    const councilSeats = admin.getByLabel("Tổng số đại biểu");
    await councilSeats.fill("4");
    await admin.getByRole("button", { name: "Lưu", exact: true }).click();
    await expectProblem(
      councilSeats,
      "Hội đồng đã có 5 đại biểu",
      "fewer seats than delegates",
    );
    await councilSeats.fill("25");
    // This council refuses to open the session or a poll below the quorum.
    await admin.getByRole("radio", { name: "Không cho phép" }).check();
    await admin.getByRole("button", { name: "Lưu", exact: true }).click();
    await admin.getByText("Đã lưu.").waitFor();

    // The groups and committees the import made are on the roster tab.
    await admin.getByRole("tab", { name: "Tổ đại biểu và Ban" }).click();
    await admin.getByText("Tổ đại biểu số 3", { exact: true }).waitFor();
    await admin.getByText("Ban Văn hóa – Xã hội", { exact: true }).waitFor();

    // ---- Accounts: a secretary and a chair ----
    await admin.getByRole("tab", { name: "Tài khoản" }).click();
    const username = admin.getByLabel("Tên đăng nhập");
    const displayName = admin.getByLabel("Tên hiển thị");
    const password = admin.getByLabel("Mật khẩu ban đầu");
    await username.fill("Thư Ký Lan");
    await displayName.fill("Nguyễn Thị Lan");
    await admin.getByRole("button", { name: "Tạo tài khoản" }).click();
    await expectProblem(username, "Chỉ dùng chữ a–z", "a username with spaces");
    await expectProblem(password, "Nhập mật khẩu ban đầu", "no password");
    await username.fill("thuky.lan");
    await admin
      .getByRole("button", { name: "Tạo mật khẩu ngẫu nhiên" })
      .click();
    const secretaryFirst = await password.inputValue();
    assert.match(secretaryFirst, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await admin.getByRole("button", { name: "Tạo tài khoản" }).click();
    await admin
      .getByText(
        `Đã tạo tài khoản “thuky.lan”, mật khẩu ban đầu: ${secretaryFirst}`,
      )
      .waitFor();

    await username.fill("chutoa.binh");
    await displayName.fill("Trần Văn Bình");
    await admin
      .getByLabel("Vai trò", { exact: true })
      .selectOption({ label: "Chủ tọa" });
    await admin
      .getByLabel("Gắn với đại biểu")
      .selectOption({ label: "Trần Văn Bình" });
    await password.fill("chu-toa-an-lao-2026");
    await admin.getByRole("button", { name: "Tạo tài khoản" }).click();
    await admin.getByText("Đã tạo tài khoản “chutoa.binh”").waitFor();
    const chairRow = admin.getByRole("row", { name: /chutoa\.binh/ });
    await chairRow.getByText("Chủ tọa").waitFor();
    await chairRow.getByText("Trần Văn Bình").first().waitFor();
    await screen(admin, "accounts");

    // A second account for the same username: refused next to the field.
    await username.fill("thuky.lan");
    await displayName.fill("Người khác");
    await password.fill("mot-mat-khau-khac");
    await admin.getByRole("button", { name: "Tạo tài khoản" }).click();
    await expectProblem(
      username,
      "Tên đăng nhập này đã có người dùng.",
      "a taken username",
    );

    // Change the chair's display name; reset the secretary's password.
    await admin
      .getByRole("button", { name: "Sửa tài khoản chutoa.binh" })
      .click();
    await admin
      .getByLabel("Tên hiển thị của chutoa.binh")
      .fill("Chủ tọa Trần Văn Bình");
    await admin.getByRole("button", { name: "Lưu", exact: true }).click();
    await admin
      .getByRole("cell", { name: "Chủ tọa Trần Văn Bình", exact: true })
      .waitFor();

    await admin
      .getByRole("button", { name: "Đặt lại mật khẩu của thuky.lan" })
      .click();
    const resetField = admin.getByLabel("Mật khẩu mới của thuky.lan");
    await resetField.fill("short");
    await admin.getByRole("button", { name: "Đặt mật khẩu mới" }).click();
    await expectProblem(resetField, "từ 10 đến 256 ký tự", "a short password");
    await admin
      .getByRole("button", { name: "Tạo mật khẩu ngẫu nhiên" })
      .nth(1)
      .click();
    const secretaryReset = await resetField.inputValue();
    await screen(admin, "accounts-reset");
    await admin.getByRole("button", { name: "Đặt mật khẩu mới" }).click();
    await admin
      .getByText(`Đã đặt lại mật khẩu của “thuky.lan”: ${secretaryReset}`)
      .waitFor();
    await admin
      .getByRole("row", { name: /thuky\.lan/ })
      .getByText("Phải đổi mật khẩu ở lần đăng nhập tới")
      .waitFor();

    // ---- The councils' list; the same name twice refused by the server ----
    await admin.getByRole("button", { name: "← Tất cả Hội đồng" }).click();
    await admin
      .getByRole("heading", { name: "Các Hội đồng nhân dân" })
      .waitFor();
    await admin.getByRole("cell", { name: "25" }).waitFor();
    await screen(admin, "councils");
    await admin.getByRole("button", { name: "Tạo Hội đồng mới" }).click();
    await admin.getByLabel("Tên Hội đồng").fill(COUNCIL);
    await admin.getByLabel("Địa danh (dòng ngày tháng văn bản)").fill("An Lão");
    await admin.getByLabel("Tổng số đại biểu").fill("30");
    await admin
      .getByRole("button", { name: "Tạo Hội đồng", exact: true })
      .click();
    await expectProblem(
      admin.getByLabel("Tên Hội đồng"),
      "Đã có Hội đồng mang tên này.",
      "a second council of the same name",
    );
    await screen(admin, "council-new");
    await admin.getByRole("button", { name: "Hủy" }).click();

    // ---- The secretary's screen for the chosen council, and back ----
    await admin.getByRole("button", { name: `Thiết lập: ${COUNCIL}` }).click();
    await admin
      .getByRole("button", { name: "Mở màn hình thư ký kỳ họp" })
      .click();
    await admin.getByRole("heading", { name: "Thư ký kỳ họp" }).waitFor();
    await admin.getByRole("tab", { name: "Đại biểu", exact: true }).click();
    await admin.getByRole("rowheader", { name: "Phạm Thị Dung" }).waitFor();
    await admin.getByRole("button", { name: "Về trang quản trị" }).click();
    await admin.getByRole("heading", { name: COUNCIL }).waitFor();
    // A reload keeps the administrator on the council chosen.
    await admin.reload();
    await admin.getByRole("heading", { name: COUNCIL }).waitFor();
    // Left alone, the screen asks the server for nothing (no panel that
    // loads again and again).
    await admin.waitForTimeout(1000);
    const idle = [];
    const onRequest = (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith("/api/") && !path.endsWith("/events"))
        idle.push(path);
    };
    admin.on("request", onRequest);
    await admin.waitForTimeout(2000);
    admin.off("request", onRequest);
    assert.deepEqual(idle, [], "requests while the screen is left alone");

    // ---- The secretary signs in with the reset password and must change it ----
    const secretary = await newPage();
    await signIn(secretary, server.url, "thuky.lan", secretaryReset);
    await changePassword(secretary, secretaryReset, "thu-ky-lan-an-lao-2026");
    await secretary.getByRole("heading", { name: "Thư ký kỳ họp" }).waitFor();
    assert.equal(new URL(secretary.url()).hash, "#/secretary");
    // The old first password no longer works.
    const stale = await newPage();
    await signIn(stale, server.url, "thuky.lan", secretaryFirst);
    await stale.getByRole("alert").first().waitFor();
    assert.equal(
      await stale.getByRole("heading", { name: "Đổi mật khẩu" }).count(),
      0,
    );

    await sitTheSession({ server, admin, secretary, newPage });

    if (pageErrors.length > 0)
      throw new Error(`errors in the pages:\n${pageErrors.join("\n")}`);
    console.log(
      JSON.stringify({ admin_setup: "ok", screenshots: shots }, null, 0),
    );
  } catch (error) {
    // What each page showed when the flow failed.
    for (const [i, page] of pages.entries())
      await page
        .screenshot({
          path: join(shots, `admin-failed-${i}.png`),
          fullPage: true,
        })
        .catch(() => {});
    throw error;
  } finally {
    await browser.close();
    server.child.kill("SIGTERM");
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

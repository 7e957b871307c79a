// A sitting end to end in Debian's Chromium, driven by playwright-core:
// the demo council served by the real `kyhop demo` binary; a chair, the
// chamber screen, a secretary and five delegates, each in their own browser
// context. Delegates sign in with their pairing cards and check in; the
// chair opens the session and an item, creates and opens a poll; the vote
// panel appears on every delegate's screen; they vote (confirm step,
// receipt); the chair closes the poll and the chamber screen shows the
// counts, the share of all 50 seats and the outcome. The secretary uploads
// and publishes a document, which the first delegate sees (new, unread) and
// opens in the PDF viewer: its text layer, find, a note on selected text
// that is still there after a reload. The secretary downloads the minutes
// as PDF and DOCX. Every view is scanned
// with axe-core (no serious or critical violation allowed) and
// photographed into target/e2e/screenshots/.
//
// usage: node sitting.mjs [path/to/kyhop]   (default: target/debug/kyhop)
// The last output line is JSON: time to interactive of the delegate view,
// the vote panel's delay after the poll opens (p50/p99 over the delegates),
// and the UI's gzipped JavaScript size.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, mkdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const binary = process.argv[2] ?? join(root, "target/debug/kyhop");
const shots = join(root, "target/e2e/screenshots");
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const DELEGATES = 5;
const WAIT = 20_000;

/** Starts `kyhop demo` on a free port; resolves with its URL and data dir. */
async function startDemo() {
  const dataDir = mkdtempSync(join(tmpdir(), "kyhop-e2e-"));
  const child = spawn(
    binary,
    ["demo", "--data-dir", dataDir, "--bind", "127.0.0.1:0"],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise((ok, fail) => {
    let out = "";
    const timer = setTimeout(
      () => fail(new Error(`demo did not start:\n${out}`)),
      60_000,
    );
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/KyHop demo: (http:\/\/\S+)/);
      if (found) {
        clearTimeout(timer);
        ok(found[1]);
      }
    });
    child.on("exit", (code) =>
      fail(new Error(`demo exited with ${code}:\n${out}`)),
    );
  });
  return { child, url, dataDir };
}

function credentials(dataDir) {
  const accounts = JSON.parse(
    readFileSync(join(dataDir, "demo-accounts.json"), "utf8"),
  );
  const byRole = (role) => accounts.find((a) => a.role === role);
  const codes = readFileSync(join(dataDir, "demo-pairing-codes.tsv"), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split("\t")[2]);
  return { byRole, codes };
}

async function staffPage(browser, url, account, viewport) {
  const context = await browser.newContext({ viewport, locale: "vi-VN" });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByLabel("Tên đăng nhập").fill(account.username);
  await page.getByLabel("Mật khẩu").fill(account.password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  return page;
}

/** Runs axe-core on the page; fails on any serious or critical violation. */
async function assertAccessible(page, view) {
  await page.addScriptTag({ path: axeSource });
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
    `axe-core on the ${view} view`,
  );
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
  ];
}

/**
 * Gzipped JavaScript of the UI: what the first page load fetches (the
 * scripts index.html names), and all of it (with the chunks loaded on
 * demand, such as the PDF viewer and pdf.js).
 */
function bundleGzipBytes() {
  const dist = join(root, "ui/dist");
  const assets = join(dist, "assets");
  const size = (f) => gzipSync(readFileSync(join(assets, f))).length;
  const all = readdirSync(assets).filter((f) => /\.m?js$/.test(f));
  const html = readFileSync(join(dist, "index.html"), "utf8");
  const initial = all.filter((f) => html.includes(`/assets/${f}`));
  return {
    initial: initial.reduce((sum, f) => sum + size(f), 0),
    all: all.reduce((sum, f) => sum + size(f), 0),
  };
}

async function main() {
  mkdirSync(shots, { recursive: true });
  const demo = await startDemo();
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  try {
    const { byRole, codes } = credentials(demo.dataDir);
    const laptop = { width: 1366, height: 768 };

    // Delegates sign in with their cards: time to interactive = from
    // navigation to the agenda and the check-in button on screen.
    const delegates = [];
    const interactive = [];
    for (const code of codes.slice(0, DELEGATES)) {
      const context = await browser.newContext({
        viewport: laptop,
        locale: "vi-VN",
      });
      const page = await context.newPage();
      await page.goto(demo.url);
      await page.getByLabel("Mã ghép nối").fill(code);
      const start = Date.now();
      await page.getByRole("button", { name: "Vào kỳ họp" }).click();
      await page
        .getByRole("button", { name: "Điểm danh có mặt" })
        .waitFor({ timeout: WAIT });
      await page
        .getByRole("heading", { name: "Chương trình kỳ họp" })
        .waitFor({ timeout: WAIT });
      interactive.push(Date.now() - start);
      delegates.push(page);
    }
    await delegates[0].screenshot({ path: join(shots, "delegate.png") });
    await assertAccessible(delegates[0], "delegate");

    const chair = await staffPage(browser, demo.url, byRole("chair"), laptop);
    const chamber = await staffPage(browser, demo.url, byRole("display"), {
      width: 1920,
      height: 1080,
    });
    const secretary = await staffPage(
      browser,
      demo.url,
      byRole("secretary"),
      laptop,
    );
    await secretary
      .getByRole("heading", { name: "Thư ký kỳ họp" })
      .waitFor({ timeout: WAIT });
    await assertAccessible(secretary, "secretary");

    // The secretary uploads a report and a cut-off file (refused, with a
    // retry button), and publishes the report.
    await secretary
      .getByLabel("Tải lên tài liệu (PDF)")
      .setInputFiles([
        join(root, "tests/fixtures/bao-cao-ghostscript.pdf"),
        join(root, "tests/fixtures/truncated.pdf"),
      ]);
    await secretary
      .getByText("Đã tải lên", { exact: true })
      .waitFor({ timeout: WAIT });
    await secretary
      .getByRole("button", { name: "Thử lại: truncated.pdf" })
      .waitFor({ timeout: WAIT });
    await secretary.getByText("Tệp PDF bị cắt cụt").waitFor({ timeout: WAIT });
    await secretary
      .getByRole("button", { name: "Phát hành: bao cao ghostscript" })
      .click({ timeout: WAIT });
    await secretary
      .getByText("Đã phát hành", { exact: true })
      .waitFor({ timeout: WAIT });
    await assertAccessible(secretary, "secretary (documents)");
    await secretary.screenshot({ path: join(shots, "secretary.png") });

    // The first delegate sees it (told by the live event), marked new and
    // unread, and opens it in the viewer inside the app.
    const reader = delegates[0];
    const published = reader.getByRole("button", {
      name: "Mở tài liệu: bao cao ghostscript",
    });
    await published.waitFor({ timeout: WAIT });
    const entry = reader.locator("li[data-document]", { has: published });
    await entry.getByText("Mới", { exact: true }).waitFor({ timeout: WAIT });
    await entry.getByText("Chưa đọc", { exact: true }).waitFor();
    await published.click();
    const viewer = reader.locator("section.viewer");
    const firstPage = viewer.locator('[data-page="1"] .textLayer');
    await firstPage.locator("span").first().waitFor({ timeout: WAIT });
    // The page's text layer holds the document's words (selectable text).
    assert.match(await firstPage.textContent(), /Ngân sách/);
    assert.ok(await viewer.locator('[data-page="1"] canvas').count());

    // Find in the document, without diacritics: matches counted, marked.
    await viewer
      .getByRole("searchbox", { name: "Tìm trong tài liệu", exact: true })
      .fill("ngan sach");
    await viewer.getByText(/^1\/\d+ kết quả$/).waitFor({ timeout: WAIT });
    await viewer.locator(".mark.find-current").waitFor({ timeout: WAIT });

    // A note on selected text ("Ngân sách" on page 1), saved and listed.
    await reader.evaluate(() => {
      const span = [
        ...document.querySelectorAll('[data-page="1"] .textLayer span'),
      ].find((s) => s.textContent.includes("Ngân sách"));
      const text = span.firstChild;
      const at = text.textContent.indexOf("Ngân sách");
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + "Ngân sách".length);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    });
    await viewer.getByRole("button", { name: "Ghi chú", exact: true }).click();
    const noteText = "Đề nghị làm rõ nguồn vốn ngân sách";
    await viewer.getByLabel("Nội dung ghi chú").fill(noteText);
    await viewer.getByRole("button", { name: "Lưu ghi chú" }).click();
    const notes = viewer.getByRole("complementary", {
      name: "Ghi chú của tôi",
    });
    await notes.getByText(noteText).waitFor({ timeout: WAIT });
    await viewer.locator(".mark.note").first().waitFor({ timeout: WAIT });
    // It is the server's: after a reload the viewer opens again with it.
    await reader.reload();
    await notes.getByText(noteText).waitFor({ timeout: WAIT });
    await notes.getByText("Ngân sách", { exact: true }).waitFor();
    await viewer.locator(".mark.note").first().waitFor({ timeout: WAIT });
    await viewer
      .getByRole("searchbox", { name: "Tìm trong tài liệu", exact: true })
      .fill("ngan sach");
    await viewer.locator(".mark.find-current").waitFor({ timeout: WAIT });
    await assertAccessible(reader, "document viewer");
    await reader.screenshot({ path: join(shots, "delegate-viewer.png") });
    await viewer.getByRole("button", { name: "← Danh sách tài liệu" }).click();
    await published.waitFor({ timeout: WAIT });
    assert.equal(await entry.getByText("Chưa đọc", { exact: true }).count(), 0);

    // Search across the session: snippets with the words marked; a hit
    // opens its document at its page, the words found there.
    await reader.getByLabel("Từ cần tìm").fill("ngan sach");
    await reader.getByRole("button", { name: "Tìm", exact: true }).click();
    const hit = reader
      .getByRole("button", { name: /bao cao ghostscript · Trang 1/ })
      .first();
    await hit.waitFor({ timeout: WAIT });
    assert.equal(await hit.locator("mark").first().textContent(), "Ngân");
    await hit.click();
    await viewer.locator(".mark.find-current").waitFor({ timeout: WAIT });
    await viewer.getByRole("button", { name: "← Danh sách tài liệu" }).click();
    await published.waitFor({ timeout: WAIT });

    // The chair opens the session and the first item.
    await chair
      .getByRole("button", { name: "Khai mạc kỳ họp", exact: true })
      .click({ timeout: WAIT });
    await chair
      .getByRole("button", { name: "Nội dung tiếp theo →" })
      .click({ timeout: WAIT });
    await chamber
      .getByText("Khai mạc kỳ họp")
      .first()
      .waitFor({ timeout: WAIT });

    for (const page of delegates) {
      await page.getByRole("button", { name: "Điểm danh có mặt" }).click();
      await page
        .getByText("Bạn đã điểm danh có mặt.")
        .waitFor({ timeout: WAIT });
    }

    // A named poll: the panel must reach every delegate.
    const title = "Biểu quyết thông qua chương trình kỳ họp";
    await chair.getByLabel("Nội dung biểu quyết").fill(title);
    await chair.getByRole("button", { name: "Tạo biểu quyết" }).click();
    const openButton = chair.getByRole("button", {
      name: "Bắt đầu biểu quyết",
    });
    await openButton.waitFor({ timeout: WAIT });
    await assertAccessible(chair, "chair");
    // Each page notes the moment its vote panel appears (a mutation
    // observer, not Playwright's polling, which would add its own interval).
    for (const page of delegates) {
      await page.evaluate(() => {
        const seen = () => document.querySelector(".choice.yes");
        new MutationObserver((_, observer) => {
          if (seen()) {
            window.__panelAt = Date.now();
            observer.disconnect();
          }
        }).observe(document.body, { childList: true, subtree: true });
      });
    }
    // From the chair's click (as the page sees it) to each panel.
    await chair.evaluate(() =>
      document.addEventListener(
        "click",
        () => (window.__clickAt ??= Date.now()),
        true,
      ),
    );
    await openButton.click();
    const opened = await chair.evaluate(() => window.__clickAt);
    const panelDelays = [];
    for (const page of delegates) {
      await page
        .getByRole("button", { name: "Tán thành", exact: true })
        .waitFor({ timeout: WAIT });
      panelDelays.push((await page.evaluate(() => window.__panelAt)) - opened);
    }
    await delegates[0].screenshot({ path: join(shots, "delegate-vote.png") });
    await assertAccessible(delegates[0], "vote panel");

    // Four in favour, one against: 4/50 seats, not passed.
    for (const [i, page] of delegates.entries()) {
      const choice = i === DELEGATES - 1 ? "Không tán thành" : "Tán thành";
      await page.getByRole("button", { name: choice, exact: true }).click();
      await page.getByRole("button", { name: "Xác nhận" }).click();
      await page
        .getByText("Phiếu của bạn đã được ghi nhận.")
        .waitFor({ timeout: WAIT });
    }
    await delegates[1].screenshot({
      path: join(shots, "delegate-receipt.png"),
    });
    await chamber
      .getByText(`Đã biểu quyết: ${DELEGATES}/50`)
      .waitFor({ timeout: WAIT });
    await chair.screenshot({ path: join(shots, "chair.png") });
    await chair.getByRole("button", { name: "Kết thúc biểu quyết" }).click();

    await chamber.getByText("KHÔNG THÔNG QUA").waitFor({ timeout: WAIT });
    await chamber
      .getByText(`Có ${DELEGATES}/50 đại biểu tham gia biểu quyết`)
      .first()
      .waitFor({ timeout: WAIT });
    await chamber.getByText("8,00%").first().waitFor({ timeout: WAIT });
    await chamber.screenshot({ path: join(shots, "chamber.png") });
    await assertAccessible(chamber, "chamber screen");

    // The secretary downloads the minutes.
    await secretary.getByRole("tab", { name: "Biên bản" }).click();
    const [download] = await Promise.all([
      secretary.waitForEvent("download", { timeout: WAIT }),
      secretary.getByRole("button", { name: "Tải biên bản (PDF)" }).click(),
    ]);
    assert.equal(download.suggestedFilename(), "bien-ban-ky-hop.pdf");
    const minutes = readFileSync(await download.path());
    assert.equal(minutes.subarray(0, 4).toString("latin1"), "%PDF");
    const [docx] = await Promise.all([
      secretary.waitForEvent("download", { timeout: WAIT }),
      secretary.getByRole("button", { name: "Tải biên bản (DOCX)" }).click(),
    ]);
    assert.equal(docx.suggestedFilename(), "bien-ban-ky-hop.docx");
    const docxBytes = readFileSync(await docx.path());
    assert.equal(docxBytes.subarray(0, 2).toString("latin1"), "PK"); // a ZIP

    const signIn = await (
      await browser.newContext({ viewport: laptop })
    ).newPage();
    await signIn.goto(demo.url);
    await signIn
      .getByRole("button", { name: "Vào kỳ họp" })
      .waitFor({ timeout: WAIT });
    await assertAccessible(signIn, "sign-in");
    await signIn.screenshot({ path: join(shots, "sign-in.png") });

    const bundle = bundleGzipBytes();
    console.log(
      JSON.stringify({
        delegates: DELEGATES,
        delegate_time_to_interactive_ms_max: Math.max(...interactive),
        vote_panel_ms_p50: percentile(panelDelays, 50),
        vote_panel_ms_p99: percentile(panelDelays, 99),
        js_gzip_bytes: bundle.initial,
        js_gzip_bytes_with_viewer: bundle.all,
      }),
    );
  } finally {
    await browser.close();
    demo.child.kill("SIGTERM");
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

// A sitting end to end in Debian's Chromium, driven by playwright-core:
// the demo council served by the real `kyhop demo` binary; a chair, the
// chamber screen, a secretary and five delegates, each in their own browser
// context. Delegates sign in with their pairing cards and check in; the
// chair opens the session and an item, creates and opens a poll; the vote
// panel appears on every delegate's screen; they vote (confirm step,
// receipt); the chair closes the poll and the chamber screen shows the
// counts, the share of all 50 seats and the outcome. Then a confidence vote
// from the chair's template (its thresholds read out first): delegates rate
// every official, one leaves one unrated (marked invalid), one reloads and
// sees "already voted"; the chamber shows the ratings per official. An
// election of two refuses a delegate's third tick and is annulled with a
// reason. The secretary uploads
// and publishes a document, which the first delegate sees and opens, and
// downloads the minutes as PDF and DOCX. Every view is scanned
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

function bundleGzipBytes() {
  const assets = join(root, "ui/dist/assets");
  return readdirSync(assets)
    .filter((f) => f.endsWith(".js"))
    .reduce(
      (sum, f) => sum + gzipSync(readFileSync(join(assets, f))).length,
      0,
    );
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
    const demoCouncil = JSON.parse(
      readFileSync(join(root, "assets/demo/council.json"), "utf8"),
    );
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

    // The first delegate sees it (told by the live event) and opens it.
    const published = delegates[0].getByRole("link", {
      name: "Mở tài liệu: bao cao ghostscript",
    });
    await published.waitFor({ timeout: WAIT });
    const [tab] = await Promise.all([
      delegates[0].context().waitForEvent("page", { timeout: WAIT }),
      published.click(),
    ]);
    await tab.waitForURL(/^blob:/, { timeout: WAIT });
    await tab.close();

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
    // The rule in words before the poll exists, from the council's rule.
    await chair
      .getByText("Cần > 25/50 phiếu tán thành (quá nửa tổng số đại biểu)")
      .waitFor({ timeout: WAIT });
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

    // A confidence vote from the chair's template: every official listed,
    // the thresholds read out before it opens.
    const officials = demoCouncil.officials.map((o) => o.full_name);
    await chair
      .getByRole("radio", { name: "Lấy phiếu tín nhiệm", exact: true })
      .check();
    const confidenceTitle = "Lấy phiếu tín nhiệm đối với người giữ chức vụ";
    await chair.getByLabel("Nội dung biểu quyết").fill(confidenceTitle);
    await chair
      .getByText("> 25/50 phiếu tín nhiệm thấp")
      .waitFor({ timeout: WAIT });
    for (const name of officials) {
      assert.ok(await chair.getByRole("checkbox", { name }).isChecked(), name);
    }
    await chair.getByRole("button", { name: "Tạo biểu quyết" }).click();
    await openButton.click({ timeout: WAIT });
    // Every delegate rates every official "Tín nhiệm cao", except that the
    // last leaves the last official unrated (invalid for that official).
    for (const [i, page] of delegates.entries()) {
      const rated = i === DELEGATES - 1 ? officials.slice(0, -1) : officials;
      for (const name of rated) {
        await page
          .getByRole("group", { name: `Mức tín nhiệm đối với ${name}` })
          .getByRole("radio", { name: "Tín nhiệm cao" })
          .check({ timeout: WAIT });
      }
      if (i === DELEGATES - 1) {
        await page
          .getByText("Còn 1 người chưa được đánh giá")
          .waitFor({ timeout: WAIT });
        await assertAccessible(page, "confidence ballot");
        await page.screenshot({ path: join(shots, "delegate-confidence.png") });
      }
      await page.getByRole("button", { name: "Xem lại phiếu" }).click();
      if (i === DELEGATES - 1) {
        await page
          .getByText("Không đánh giá — phiếu không hợp lệ đối với người này")
          .waitFor({ timeout: WAIT });
      }
      await page.getByRole("button", { name: "Xác nhận" }).click();
      await page
        .getByText("Phiếu của bạn đã được ghi nhận.")
        .waitFor({ timeout: WAIT });
    }
    // A reload during the open poll shows the receipt, not the ballot.
    await delegates[2].reload();
    await delegates[2]
      .getByText("Bạn đã biểu quyết trong cuộc biểu quyết này.")
      .waitFor({ timeout: WAIT });
    assert.equal(
      await delegates[2].getByRole("button", { name: "Xem lại phiếu" }).count(),
      0,
    );
    await chair.getByRole("button", { name: "Kết thúc biểu quyết" }).click();
    await chamber
      .getByRole("heading", { name: confidenceTitle })
      .waitFor({ timeout: WAIT });
    // 5/50 "high" for the first official, 4/50 for the last (one invalid).
    const row = (name) => chamber.getByRole("row", { name: new RegExp(name) });
    await row(officials[0]).getByText("(10,00%)").first().waitFor();
    await row(officials.at(-1)).getByText("(8,00%)").first().waitFor();
    await chamber.screenshot({ path: join(shots, "chamber-confidence.png") });
    await assertAccessible(chamber, "chamber screen (confidence)");

    // An election of two among three candidates; a delegate's third tick is
    // refused; the chair annuls it with a reason.
    const candidates = demoCouncil.delegates
      .slice(10, 13)
      .map((d) => d.full_name);
    await chair.getByRole("radio", { name: "Bầu cử", exact: true }).check();
    await chair.getByLabel("Nội dung biểu quyết").fill("Bầu Ủy viên thử");
    for (const name of candidates) {
      await chair.getByRole("checkbox", { name, exact: true }).check();
    }
    await chair.getByLabel("Số người được bầu").fill("2");
    await chair.getByText("bầu tối đa 2 người").waitFor({ timeout: WAIT });
    await chair.getByRole("button", { name: "Tạo biểu quyết" }).click();
    await openButton.click({ timeout: WAIT });
    const voter = delegates[0];
    for (const name of candidates) {
      await voter
        .getByRole("checkbox", { name, exact: true })
        .click({ timeout: WAIT });
    }
    await voter
      .getByText("Chỉ được chọn tối đa 2 người")
      .waitFor({ timeout: WAIT });
    assert.equal(
      await voter
        .getByRole("checkbox", { name: candidates[2], exact: true })
        .isChecked(),
      false,
    );
    await assertAccessible(voter, "election ballot");
    await voter.screenshot({ path: join(shots, "delegate-election.png") });
    await assertAccessible(chair, "chair (election open)");
    await chair
      .getByRole("button", { name: "Hủy cuộc biểu quyết: Bầu Ủy viên thử" })
      .click();
    await chair.getByRole("button", { name: "Xác nhận hủy" }).click();
    await chair.getByText("Nhập lý do hủy.").waitFor({ timeout: WAIT });
    await chair.getByLabel("Lý do hủy").fill("Sai danh sách ứng cử viên");
    await chair.getByRole("button", { name: "Xác nhận hủy" }).click();
    await chair
      .getByText("Đã hủy. Lý do: Sai danh sách ứng cử viên")
      .waitFor({ timeout: WAIT });
    await voter
      .getByText("Cuộc biểu quyết đã bị hủy.")
      .waitFor({ timeout: WAIT });
    await chair.screenshot({ path: join(shots, "chair-polls.png") });

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

    console.log(
      JSON.stringify({
        delegates: DELEGATES,
        delegate_time_to_interactive_ms_max: Math.max(...interactive),
        vote_panel_ms_p50: percentile(panelDelays, 50),
        vote_panel_ms_p99: percentile(panelDelays, 99),
        js_gzip_bytes: bundleGzipBytes(),
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

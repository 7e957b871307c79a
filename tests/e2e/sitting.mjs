// A sitting end to end in Debian's Chromium, driven by playwright-core:
// the demo council served by the real `kyhop demo` binary; a chair, the
// chamber screen, a secretary and five delegates, each in their own browser
// context. Delegates sign in with their pairing cards and check in; the
// chair opens the session and an item, creates and opens a poll; the vote
// panel appears on every delegate's screen; they vote (confirm step,
// receipt); the chair closes the poll and the chamber screen shows the
// counts, the share of all 50 seats and the outcome. The secretary uploads
// and publishes a document, which the first delegate sees and opens, and
// downloads the minutes as PDF and DOCX. Every view is scanned
// with axe-core (no serious or critical violation allowed) and
// photographed into target/e2e/screenshots/.
//
// usage: node sitting.mjs [path/to/kyhop]   (default: target/debug/kyhop)
// The last output line is JSON: time to interactive of the delegate view,
// the vote panel's delay after the poll opens (p50/p99 over the delegates),
// and the UI's gzipped JavaScript size.

import { execFileSync, spawn } from "node:child_process";
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

    // The secretary sees how early it went out, who has opened it, and
    // who still has documents unread.
    await secretary
      .getByText(/^⚠? ?(Phát hành (trước|sau|vào)|Chưa phát hành)/)
      .first()
      .waitFor({ timeout: WAIT });
    await secretary
      .getByRole("button", { name: "Ai đã đọc: bao cao ghostscript" })
      .click();
    await secretary
      .getByText(/^\d+\/\d+ đại biểu đã mở tài liệu$/)
      .waitFor({ timeout: WAIT });
    await secretary.getByRole("button", { name: "Xem danh sách" }).click();
    await secretary
      .getByText(/đại biểu còn tài liệu chưa mở|Mọi đại biểu đã mở/)
      .waitFor({ timeout: WAIT });
    await assertAccessible(secretary, "secretary (read receipts)");

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

    // The secretary drafts a resolution on the item and its poll; the poll
    // did not pass (4 of 50 seats), so issuing it is refused, here and by
    // the server when the chair tries.
    await secretary.getByRole("tab", { name: "Nghị quyết" }).click();
    await secretary
      .getByRole("button", { name: "Soạn dự thảo nghị quyết" })
      .click({ timeout: WAIT });
    await secretary
      .getByLabel("Biểu quyết thông qua nghị quyết")
      .selectOption({ label: title });
    await secretary
      .getByLabel("Trích yếu")
      .fill("Về chương trình Kỳ họp thứ nhất");
    await secretary
      .getByLabel("Căn cứ ban hành (mỗi dòng một căn cứ)")
      .fill("Căn cứ Luật Tổ chức chính quyền địa phương;");
    await secretary
      .getByLabel("Nội dung Điều 1 (các đoạn cách nhau một dòng trống)")
      .fill(
        "Thông qua chương trình kỳ họp.\n\nGiao Thường trực tổ chức thực hiện.",
      );
    await secretary
      .getByLabel("Nơi nhận (mỗi dòng một nơi)")
      .fill("- Thường trực Thành ủy;\n- Lưu: VT.");
    await secretary.getByLabel("Họ và tên người ký").fill("Nguyễn Văn An");
    await secretary.getByRole("button", { name: "Lưu dự thảo" }).click();
    await secretary.getByText("Đã lưu dự thảo.").waitFor({ timeout: WAIT });
    await secretary
      .getByText(
        "Biểu quyết thông qua nghị quyết này không đạt; không thể ban hành.",
      )
      .waitFor({ timeout: WAIT });
    const resolutionId = Number(
      (
        await secretary.locator("li.resolution").first().getAttribute("id")
      ).replace("resolution-", ""),
    );
    const refusal = await chair.evaluate(async (id) => {
      const response = await fetch(`/api/resolutions/${id}/issue`, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Authorization: `Bearer ${localStorage.getItem("kyhop.token")}`,
        },
        body: JSON.stringify({ chair: "demo", seal: "demo" }),
      });
      return [response.status, (await response.json()).code];
    }, resolutionId);
    assert.deepEqual(refusal, [409, "poll_not_passed"]);

    // A resolution signed elsewhere (the demo's export) is verified: two
    // intact signatures, the chair's and the seal's.
    const exported = mkdtempSync(join(tmpdir(), "kyhop-e2e-export-"));
    execFileSync(binary, ["demo", "--export", exported], { stdio: "ignore" });
    await secretary
      .getByLabel("Chọn tệp PDF cần kiểm tra")
      .setInputFiles(join(exported, "nghi-quyet-01-NQ-HDND.pdf"));
    await secretary
      .getByText("Kết quả kiểm tra tệp nghi-quyet-01-NQ-HDND.pdf")
      .waitFor({ timeout: WAIT });
    assert.equal(
      await secretary.getByText("Nội dung còn nguyên vẹn từ khi ký").count(),
      2,
    );
    await secretary.getByText("Chữ ký của Chủ tọa").waitFor();
    await secretary.getByText("Con dấu của Hội đồng").waitFor();
    await assertAccessible(secretary, "secretary (resolutions)");
    await secretary.screenshot({
      path: join(shots, "secretary-resolutions.png"),
      fullPage: true,
    });

    // The secretary writes the item's narrative; it is there after a reload.
    await secretary.getByRole("tab", { name: "Biên bản" }).click();
    const narrative = "Chủ tọa điều hành; đại biểu biểu quyết chương trình.";
    const narrativeBox = secretary
      .getByLabel(/^Ghi chép của Thư ký về nội dung/)
      .first();
    await narrativeBox.fill(narrative, { timeout: WAIT });
    await secretary.getByText("Chưa lưu — bản nháp").waitFor();
    await secretary
      .getByRole("button", { name: /^Lưu ghi chép nội dung/ })
      .first()
      .click();
    await secretary.getByText("Đã lưu.").waitFor({ timeout: WAIT });
    await assertAccessible(secretary, "secretary (minutes)");
    await secretary.reload();
    await secretary
      .getByRole("tab", { name: "Biên bản" })
      .click({ timeout: WAIT });
    await secretary
      .getByLabel(/^Ghi chép của Thư ký về nội dung/)
      .first()
      .waitFor({ timeout: WAIT });
    assert.equal(
      await secretary
        .getByLabel(/^Ghi chép của Thư ký về nội dung/)
        .first()
        .inputValue(),
      narrative,
    );
    // Not a restored local draft: the server has it.
    assert.equal(await secretary.getByText("Đã khôi phục bản nháp").count(), 0);

    // The secretary downloads the minutes.
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

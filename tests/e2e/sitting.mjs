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
// reason. The secretary uploads and publishes a document, which the first
// delegate sees (new, unread) and opens in the PDF viewer: its text layer,
// find, a note on selected text that is still there after a reload. The
// secretary downloads the minutes as PDF and DOCX. A scanned tờ trình
// (an image only) is read by OCR on the server; the secretary's list says
// when, and the delegate finds its words in the viewer's text layer. The
// secretary gives the council its own seal (a blue one is refused). Every view is scanned
// with axe-core (no serious or critical violation allowed) and
// photographed into target/e2e/screenshots/.
//
// usage: node sitting.mjs [path/to/kyhop]   (default: target/debug/kyhop)
// The last output line is JSON: time to interactive of the delegate view
// with 50 published agenda documents (navigation start to agenda, documents
// and an enabled check-in button on screen), the vote panel's delay after
// the server committed poll.opened (p50/p99 over the delegates), and the
// UI's gzipped JavaScript size. How each is measured: delegateProbe and
// the vote panel step below; BENCHMARKS.md ("Web UI in Chromium").

import { execFileSync, spawn } from "node:child_process";
import { readFileSync, readdirSync, mkdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";
import { scanPdf, smallPdf } from "../support/pdf.mjs";
import { tempDir } from "../support/tmp.mjs";
import { sealPng } from "../support/png.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const binary = process.argv[2] ?? join(root, "target/debug/kyhop");
const shots = join(root, "target/e2e/screenshots");
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const DELEGATES = 5;
const WAIT = 20_000;
/** The title the secretary gives the uploaded report (its proposal is longer). */
const REPORT_TITLE = "Báo cáo thẩm tra kế hoạch đầu tư công 2027";

const GO_ON_BELOW_QUORUM = "Vẫn tiếp tục khi chưa đủ số đại biểu";

/**
 * Opens a poll as the chair does with the demo's chamber partly checked in
 * (a few delegates of 50): the council warns that the quorum is not
 * reached and the chair goes on. The latency probe starts at the
 * confirming click.
 */
async function openPoll(chair, openButton) {
  await openButton.click({ timeout: WAIT });
  const goOn = chair.getByRole("button", { name: GO_ON_BELOW_QUORUM });
  await goOn.waitFor({ timeout: WAIT });
  await chair.evaluate(() => {
    if (window.__open) window.__open.clickAt = undefined;
  });
  await goOn.click();
}

/** Starts `kyhop demo` on a free port; resolves with its URL and data dir. */
async function startDemo() {
  // The data directory inside a temporary one: the counting key goes beside it.
  const dataDir = join(tempDir("kyhop-e2e-"), "data");
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
  const cards = readFileSync(join(dataDir, "demo-pairing-codes.tsv"), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split("\t"))
    .map(([id, name, code]) => ({ id: Number(id), name, code }));
  return { byRole, codes: cards.map((c) => c.code), cards };
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

const AGENDA_DOCUMENTS = 50;

/** JSON over the API from node, as the secretariat's tools would call it. */
async function apiCall(url, method, path, { token, json, form } = {}) {
  const response = await fetch(url + path, {
    method,
    headers: {
      Accept: "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(json ? { "Content-Type": "application/json" } : {}),
    },
    body: json ? JSON.stringify(json) : form,
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/**
 * Before any delegate signs in: the secretary tops the demo's own published
 * documents up to AGENDA_DOCUMENTS with small PDFs uploaded through the
 * API, spread over the agenda items, and publishes them in one batch, so
 * the delegate view is measured with a full list.
 */
async function seedAgendaDocuments(url, account) {
  const { token } = await apiCall(url, "POST", "/api/auth/login", {
    json: { username: account.username, password: account.password },
  });
  const me = await apiCall(url, "GET", "/api/auth/me", { token });
  const sessions = await apiCall(
    url,
    "GET",
    `/api/councils/${me.council_id}/sessions`,
    { token },
  );
  const byStart = [...sessions].sort((a, b) =>
    a.planned_start.localeCompare(b.planned_start),
  );
  const session =
    byStart.find((s) => s.state === "in_progress") ??
    byStart.find((s) => s.state === "convened");
  const snapshot = await apiCall(
    url,
    "GET",
    `/api/sessions/${session.id}/snapshot`,
    { token },
  );
  const items = snapshot.agenda;
  const ids = [];
  const demoDocuments = await apiCall(
    url,
    "GET",
    `/api/sessions/${session.id}/documents`,
    { token },
  );
  for (let n = 1; n <= AGENDA_DOCUMENTS - demoDocuments.length; n++) {
    const item = items[(n - 1) % items.length];
    const form = new FormData();
    form.append(
      "document",
      JSON.stringify({
        title: `Tài liệu kèm theo số ${String(n).padStart(2, "0")}`,
        kind: "other",
        agenda_item_id: item.id,
      }),
    );
    const pdf = smallPdf([
      `Tai lieu kem theo so ${n}`,
      `Noi dung: ${item.title.normalize("NFD").replace(/[^\x20-\x7e]/g, "")}`,
      "Ban thu ky ky hop chuan bi de dai bieu nghien cuu truoc phien hop.",
    ]);
    form.append(
      "file",
      new Blob([pdf], { type: "application/pdf" }),
      `tai-lieu-${n}.pdf`,
    );
    const document = await apiCall(
      url,
      "POST",
      `/api/sessions/${session.id}/documents`,
      { token, form },
    );
    ids.push(document.id);
  }
  await apiCall(url, "POST", `/api/sessions/${session.id}/documents/publish`, {
    token,
    json: { document_ids: ids },
  });
  return { sessionId: session.id, token };
}

/** Server event times are RFC 3339 with microseconds; Date.parse keeps ms. */
function serverTimeMs(at) {
  const fraction = at.match(/\.(\d+)Z$/);
  const whole = Date.parse(at.replace(/\.\d+Z$/, "Z"));
  return fraction ? whole + Number(`0.${fraction[1]}`) * 1000 : whole;
}

/** Wall-clock milliseconds with sub-millisecond precision, in node. */
const nowMs = () => performance.timeOrigin + performance.now();

/**
 * Follows the session's event stream from node with a plain HTTP client:
 * each event's server stamp (`at`, taken when its transaction begins, so
 * the commit is included after it) and when node received it.
 */
function followEvents(url, sessionId, token) {
  const controller = new AbortController();
  const seen = [];
  const done = (async () => {
    const response = await fetch(`${url}/api/sessions/${sessionId}/events`, {
      headers: {
        Accept: "text/event-stream",
        Authorization: `Bearer ${token}`,
      },
      signal: controller.signal,
    });
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of response.body) {
      const receivedAt = nowMs();
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) !== -1) {
        const data = buffer
          .slice(0, end)
          .split("\n")
          .filter((line) => line.startsWith("data:"))
          .map((line) => line.slice(5).trimStart())
          .join("\n");
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        const event = JSON.parse(data);
        seen.push({ ...event, atMs: serverTimeMs(event.at), receivedAt });
      }
    }
  })().catch((error) => {
    if (!controller.signal.aborted) throw error;
  });
  return {
    async next(kind, after = 0) {
      const deadline = Date.now() + WAIT;
      for (;;) {
        const found = seen.find((e) => e.kind === kind && e.seq > after);
        if (found) return found;
        assert.ok(Date.now() < deadline, `no ${kind} event on the stream`);
        await new Promise((ok) => setTimeout(ok, 5));
      }
    },
    lastSeq: () => seen.at(-1)?.seq ?? 0,
    stop() {
      controller.abort();
      return done;
    },
  };
}

/**
 * Installed in every delegate context before any page script runs. All
 * times are the page's `performance.now()` (ms since its navigation
 * started), or `performance.timeOrigin + performance.now()` where they are
 * compared with other pages, node or the server: every page runs in the
 * same Chromium on the same machine, so that sum reads the same wall clock
 * as node's and the server's (the test checks the skew against Date.now()).
 *
 * - TTI: a mutation observer notes the first moment the agenda heading and
 *   its items, the whole documents list (`documents` entries) and an enabled
 *   check-in button are all in the DOM, then the end of the next frame
 *   (requestAnimationFrame, then a task): the view is on screen and usable.
 * - The event stream: the app reads `/events` with fetch; a pass-through
 *   stream notes when the chunk carrying `poll.opened` reached the page's
 *   JavaScript (before the app's own parser sees it).
 */
function delegateProbe({ documents }) {
  const probe = (window.__kyhop = { skewMs: 0 });
  const wall = () => performance.timeOrigin + performance.now();
  probe.skewMs = Date.now() - wall();
  const ready = () => {
    const heading = document.getElementById("agenda-heading");
    const items = heading?.closest("section")?.querySelectorAll("li").length;
    const links = document.querySelectorAll(
      'section[aria-labelledby="documents-heading"] li[data-document] button',
    ).length;
    const checkIn = [...document.querySelectorAll("button")].find(
      (b) => b.textContent.trim() === "Điểm danh có mặt",
    );
    return items > 0 && links >= documents && checkIn && !checkIn.disabled;
  };
  const observer = new MutationObserver(() => {
    if (!ready()) return;
    observer.disconnect();
    probe.readyMs = performance.now();
    requestAnimationFrame(() =>
      setTimeout(() => (probe.paintedMs = performance.now()), 0),
    );
  });
  observer.observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["disabled"],
  });
  document.addEventListener(
    "click",
    (event) => {
      if (event.target.closest?.("button")?.textContent.trim() === "Vào kỳ họp")
        probe.signInClickMs ??= performance.now();
    },
    true,
  );
  const realFetch = window.fetch;
  window.fetch = async (...args) => {
    const response = await realFetch(...args);
    const url = String(args[0] instanceof Request ? args[0].url : args[0]);
    if (!url.endsWith("/events") || !response.body) return response;
    const decoder = new TextDecoder();
    let tail = "";
    const tap = new TransformStream({
      transform(chunk, controller) {
        const text = tail + decoder.decode(chunk, { stream: true });
        if (text.includes('"poll.opened"')) probe.pollOpenedChunkAt ??= wall();
        tail = text.slice(-16);
        controller.enqueue(chunk);
      },
    });
    return new Response(response.body.pipeThrough(tap), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** Arms a delegate page to note when the vote panel's buttons appear. */
function armPanelProbe() {
  const probe = window.__kyhop;
  const wall = () => performance.timeOrigin + performance.now();
  delete probe.panelAt;
  delete probe.panelPaintedAt;
  delete probe.pollOpenedChunkAt;
  probe.visibility = document.visibilityState;
  const observer = new MutationObserver(() => {
    if (!document.querySelector(".choice.yes")) return;
    observer.disconnect();
    probe.panelAt = wall();
    requestAnimationFrame(() =>
      setTimeout(() => (probe.panelPaintedAt = wall()), 0),
    );
  });
  observer.observe(document.body, { childList: true, subtree: true });
}

async function probeValue(page, key) {
  const handle = await page.waitForFunction((k) => window.__kyhop?.[k], key, {
    timeout: WAIT,
    polling: 10,
  });
  return handle.jsonValue();
}

const round1 = (x) => Math.round(x * 10) / 10;

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
  // The server's Content-Security-Policy (no inline script) must not stop
  // anything the UI does: Chromium reports each refusal on the console.
  const cspViolations = [];
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    context.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) {
        cspViolations.push(message.text());
      }
    });
    return context;
  };
  try {
    const { byRole, codes, cards } = credentials(demo.dataDir);
    const demoCouncil = JSON.parse(
      readFileSync(join(root, "assets/demo/council.json"), "utf8"),
    );
    const laptop = { width: 1366, height: 768 };

    // The agenda's documents are uploaded and published before anyone
    // signs in; a plain HTTP client follows the session's events.
    const seeded = await seedAgendaDocuments(demo.url, byRole("secretary"));
    const events = followEvents(demo.url, seeded.sessionId, seeded.token);

    // Delegates sign in with their cards (sign-in TTI: the click on "Vào kỳ
    // họp" to the view ready), then open the delegate view again in a fresh
    // context that has only their stored sign-in, no HTTP cache (TTI:
    // navigation start to the view ready). That second page stays theirs.
    const delegates = [];
    const interactive = [];
    const signInInteractive = [];
    const loads = [];
    const skews = [];
    for (const code of codes.slice(0, DELEGATES)) {
      const first = await browser.newContext({
        viewport: laptop,
        locale: "vi-VN",
      });
      await first.addInitScript(delegateProbe, {
        documents: AGENDA_DOCUMENTS,
      });
      const signIn = await first.newPage();
      await signIn.goto(demo.url);
      await signIn.getByLabel("Mã ghép nối").fill(code);
      await signIn.getByRole("button", { name: "Vào kỳ họp" }).click();
      const painted = await probeValue(signIn, "paintedMs");
      const clicked = await signIn.evaluate(() => window.__kyhop.signInClickMs);
      signInInteractive.push(painted - clicked);
      const storageState = await first.storageState();
      await first.close();

      const context = await browser.newContext({
        viewport: laptop,
        locale: "vi-VN",
        storageState,
      });
      await context.addInitScript(delegateProbe, {
        documents: AGENDA_DOCUMENTS,
      });
      const page = await context.newPage();
      await page.goto(demo.url);
      interactive.push(await probeValue(page, "paintedMs"));
      // Where the time went: responses (ms since navigation start).
      loads.push(
        await page.evaluate(() => {
          const end = (pattern) =>
            Math.round(
              performance
                .getEntriesByType("resource")
                .find((e) => pattern.test(e.name))?.responseEnd ?? NaN,
            );
          return {
            js: end(/\/assets\/[^/]+\.js$/),
            me: end(/\/api\/auth\/me$/),
            snapshot: end(/\/snapshot$/),
            documents: end(/\/documents$/),
            ready: Math.round(window.__kyhop.readyMs),
          };
        }),
      );
      skews.push(await page.evaluate(() => window.__kyhop.skewMs));
      await page
        .getByRole("button", { name: "Điểm danh có mặt" })
        .waitFor({ timeout: WAIT });
      await page
        .getByRole("heading", { name: "Chương trình kỳ họp" })
        .waitFor({ timeout: WAIT });
      assert.equal(
        await page
          .locator(
            'section[aria-labelledby="documents-heading"] li[data-document]',
          )
          .count(),
        AGENDA_DOCUMENTS,
      );
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

    // The secretary files the next uploads under the first agenda item; a
    // confidential filing without readers is refused next to the field.
    // Then a report and a cut-off file: the cut-off one is refused by the
    // server (with a retry button); the report's title, number and kind
    // are read from its first page, corrected, and it is published.
    const filing = secretary.getByRole("group", {
      name: /Nơi xếp các tệp sắp tải lên/,
    });
    await filing.getByLabel("Thuộc nội dung").selectOption({ index: 1 });
    await filing.getByLabel("Chỉ những người được chọn (tài liệu mật)").check();
    const chooseFiles = () =>
      secretary
        .getByLabel("Tải lên tài liệu (PDF)")
        .setInputFiles([
          join(root, "tests/fixtures/bao-cao-ghostscript.pdf"),
          join(root, "tests/fixtures/truncated.pdf"),
        ]);
    await chooseFiles();
    await filing
      .getByText("Chọn ít nhất một tổ, ban hoặc đại biểu được đọc.")
      .waitFor({ timeout: WAIT });
    await assertAccessible(secretary, "secretary (filing documents)");
    await filing.getByLabel("Tất cả đại biểu").check();
    await chooseFiles();
    const proposed =
      "Báo cáo thẩm tra ban Kinh tế - Ngân sách thẩm tra dự thảo nghị quyết về kế hoạch đầu tư công năm 2027";
    const checking = secretary.getByRole("form", {
      name: `Sửa thông tin: ${proposed}`,
    });
    await checking.waitFor({ timeout: WAIT });
    assert.equal(
      await checking.getByLabel("Tên tài liệu").inputValue(),
      proposed,
    );
    assert.equal(
      await checking.getByLabel("Loại tài liệu").inputValue(),
      "review_report",
    );
    assert.notEqual(
      await checking.getByLabel("Thuộc nội dung").inputValue(),
      "",
      "filed under the item chosen before the upload",
    );
    await filing.screenshot({ path: join(shots, "secretary-filing.png") });
    await checking.screenshot({
      path: join(shots, "secretary-document-check.png"),
    });
    await checking.getByLabel("Tên tài liệu").fill(REPORT_TITLE);
    await checking.getByLabel("Số, ký hiệu").fill("27/BC-KTNS");
    await checking.getByRole("button", { name: "Lưu thông tin" }).click();
    await checking.waitFor({ state: "detached", timeout: WAIT });
    await secretary
      .getByText("Đã tải lên", { exact: true })
      .waitFor({ timeout: WAIT });
    await secretary
      .getByRole("button", { name: "Thử lại: truncated.pdf" })
      .waitFor({ timeout: WAIT });
    await secretary.getByText("Tệp PDF bị cắt cụt").waitFor({ timeout: WAIT });
    await secretary
      .getByRole("button", { name: `Phát hành: ${REPORT_TITLE}` })
      .click({ timeout: WAIT });
    await secretary
      .locator("li", { hasText: REPORT_TITLE })
      .getByText("Đã phát hành", { exact: true })
      .waitFor({ timeout: WAIT });
    // Its number corrected afterwards, in the same fields.
    await secretary
      .getByRole("button", { name: `Sửa thông tin: ${REPORT_TITLE}` })
      .click();
    const editing = secretary.getByRole("form", {
      name: `Sửa thông tin: ${REPORT_TITLE}`,
    });
    await editing.getByLabel("Số, ký hiệu").fill("28/BC-KTNS");
    await assertAccessible(secretary, "secretary (editing a document)");
    await editing.getByRole("button", { name: "Lưu thông tin" }).click();
    await secretary
      .locator("li", { hasText: REPORT_TITLE })
      .getByText(/28\/BC-KTNS/)
      .waitFor({ timeout: WAIT });
    await assertAccessible(secretary, "secretary (documents)");
    await secretary.screenshot({ path: join(shots, "secretary.png") });

    // The first delegate sees it (told by the live event), marked new and
    // unread, and opens it in the viewer inside the app.
    const reader = delegates[0];
    const published = reader.getByRole("button", {
      name: `Mở tài liệu: ${REPORT_TITLE}`,
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
      .getByRole("button", { name: new RegExp(`${REPORT_TITLE} · Trang 1`) })
      .first();
    await hit.waitFor({ timeout: WAIT });
    assert.equal(await hit.locator("mark").first().textContent(), "Ngân");
    await hit.click();
    await viewer.locator(".mark.find-current").waitFor({ timeout: WAIT });
    await viewer.getByRole("button", { name: "← Danh sách tài liệu" }).click();
    await published.waitFor({ timeout: WAIT });

    // A scan (an image, no text at all): the server reads it (OCR) in the
    // background, the secretary's list says so live; the delegate then
    // finds its words, without diacritics, in a text layer over the image.
    const scanTitle = "Tờ trình bản quét trường mầm non";
    await secretary.getByLabel("Tải lên tài liệu (PDF)").setInputFiles({
      name: "to-trinh-quet.pdf",
      mimeType: "application/pdf",
      buffer: scanPdf(
        "ỦY BAN NHÂN DÂN TỈNH\nTờ trình về việc bố trí vốn xây dựng trường mầm non xã Đồng Xuân.",
        tempDir("kyhop-scan-"),
      ),
    });
    const scanChecking = secretary.getByRole("form", {
      name: /^Sửa thông tin: /,
    });
    await scanChecking.waitFor({ timeout: WAIT });
    await scanChecking.getByLabel("Tên tài liệu").fill(scanTitle);
    await scanChecking.getByRole("button", { name: "Lưu thông tin" }).click();
    await scanChecking.waitFor({ state: "detached", timeout: WAIT });
    const scanEntry = secretary.locator("li", { hasText: scanTitle });
    await scanEntry
      .getByText("Đã nhận dạng chữ 1 trang quét: tìm kiếm và ghi chú được.")
      .waitFor({ timeout: 60_000 });
    await secretary
      .getByRole("button", { name: `Phát hành: ${scanTitle}` })
      .click({ timeout: WAIT });
    const scanButton = reader.getByRole("button", {
      name: `Mở tài liệu: ${scanTitle}`,
    });
    await scanButton.click({ timeout: WAIT });
    const scanLayer = viewer.locator('[data-page="1"] .textLayer');
    await scanLayer.locator("span").first().waitFor({ timeout: WAIT });
    assert.match(await scanLayer.textContent(), /trường mầm non xã Đồng Xuân/);
    await viewer
      .getByRole("searchbox", { name: "Tìm trong tài liệu", exact: true })
      .fill("dong xuan");
    await viewer.getByText(/^1\/1 kết quả$/).waitFor({ timeout: WAIT });
    // One mark per word: each word's item stands where the scan has it.
    const marks = viewer.locator(".mark.find-current");
    await marks.first().waitFor({ timeout: WAIT });
    assert.equal(await marks.count(), 2);
    await reader.screenshot({ path: join(shots, "delegate-viewer-scan.png") });
    await viewer.getByRole("button", { name: "← Danh sách tài liệu" }).click();
    await published.waitFor({ timeout: WAIT });

    // The attendance desk: the secretary checks in a delegate who has no
    // laptop and marks another absent with a reason; the chair's quorum
    // follows, and the chair reads the absence back from the server.
    await secretary
      .getByRole("tab", { name: "Điểm danh", exact: true })
      .click();
    const filter = secretary.getByLabel("Tìm theo tên hoặc tổ");
    const present = cards[DELEGATES];
    const absent = cards[DELEGATES + 1];
    await filter.fill(present.name);
    await secretary
      .getByRole("button", {
        name: `Điểm danh có mặt tại hội trường: ${present.name}`,
      })
      .click({ timeout: WAIT });
    await secretary
      .getByRole("row", { name: present.name })
      .getByText("Có mặt tại hội trường")
      .waitFor({ timeout: WAIT });
    await chair
      .getByRole("status")
      .filter({ hasText: "Số đại biểu có mặt" })
      .getByText("1/50")
      .waitFor({ timeout: WAIT });
    await filter.fill(absent.name);
    await secretary
      .getByRole("button", { name: `Ghi vắng mặt: ${absent.name}` })
      .click();
    await secretary
      .getByLabel(`Lý do vắng mặt của ${absent.name}`)
      .fill("Đi công tác theo quyết định của Thường trực");
    await secretary
      .getByRole("button", { name: "Ghi vắng mặt", exact: true })
      .click();
    await secretary
      .getByRole("row", { name: absent.name })
      .getByText("Vắng mặt có lý do")
      .waitFor({ timeout: WAIT });
    const seenByChair = await chair.evaluate(async (personId) => {
      const token = localStorage.getItem("kyhop.token");
      const sheet = await (
        await fetch("/api/sessions/1/attendance", {
          headers: { Authorization: `Bearer ${token}` },
        })
      ).json();
      return sheet.records.find((r) => r.person_id === personId);
    }, absent.id);
    assert.equal(seenByChair.status, "absent");
    assert.equal(
      seenByChair.reason,
      "Đi công tác theo quyết định của Thường trực",
    );
    await filter.fill("");
    await assertAccessible(secretary, "secretary (attendance desk)");
    await secretary.screenshot({
      path: join(shots, "secretary-attendance.png"),
    });

    // Pairing cards: new cards for every delegate (after a confirm step),
    // ten to an A4 page, each with its code and a QR code that opens the
    // sign-in page with the code filled in.
    await secretary.getByRole("tab", { name: "Thẻ đăng nhập" }).click();
    await secretary.getByRole("button", { name: "Cấp thẻ mới" }).click();
    await secretary
      .getByText("Thẻ mới thay thế thẻ cũ")
      .waitFor({ timeout: WAIT });
    await secretary.getByRole("button", { name: "Đồng ý cấp thẻ mới" }).click();
    // The chair is a delegate who signs in with a password: no card for
    // them, and the sheet says so.
    await secretary.getByText("Đã cấp 49 thẻ.").waitFor({ timeout: 60_000 });
    await secretary
      .getByText(/tài khoản của họ đăng nhập bằng mật khẩu/)
      .first()
      .waitFor({ timeout: WAIT });
    const qrImages = secretary.getByRole("img", {
      name: /^Mã QR đăng nhập của /,
    });
    assert.equal(await qrImages.count(), 49);
    // A card of a delegate this test does not sign in otherwise: confirming
    // it ends that delegate's other sign-ins.
    const inUse = new Set(cards.slice(0, DELEGATES + 2).map((c) => c.name));
    const sheetCards = secretary.locator(".pairing-card");
    let firstCard = sheetCards.first();
    for (let i = 0; i < (await sheetCards.count()); i++) {
      const name = (
        await sheetCards.nth(i).locator(".name").textContent()
      ).trim();
      if (!inUse.has(name)) {
        firstCard = sheetCards.nth(i);
        break;
      }
    }
    const cardCode = (await firstCard.locator(".code").textContent()).trim();
    const cardName = (await firstCard.locator(".name").textContent()).trim();
    assert.match(cardCode, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const qrSource = await qrImages.first().getAttribute("src");
    assert.ok(qrSource.startsWith("data:image/svg+xml"), "QR made locally");
    await assertAccessible(secretary, "secretary (pairing cards)");
    await secretary
      .locator(".sheet .page")
      .first()
      .screenshot({ path: join(shots, "pairing-cards.png") });
    const sheetPdf = await secretary.pdf({ preferCSSPageSize: true });
    const pdfText = sheetPdf.toString("latin1");
    const pdfPages = pdfText.match(/\/Type\s*\/Page[^s]/g) ?? [];
    assert.equal(pdfPages.length, 5, "49 cards on five A4 pages");
    assert.ok(/\/MediaBox\s*\[0 0 59[45]/.test(pdfText), "A4 width");
    // The card's QR link signs its delegate in: the code is filled in.
    const scanned = await (
      await browser.newContext({ viewport: laptop, locale: "vi-VN" })
    ).newPage();
    await scanned.goto(`${demo.url}/#/?code=${cardCode}`);
    assert.equal(
      await scanned.getByLabel("Mã ghép nối").inputValue(),
      cardCode,
    );
    // The session is convened: the card works once the chair confirms it.
    await scanned.getByRole("button", { name: "Vào kỳ họp" }).click();
    await scanned
      .getByText(/Thẻ này chưa dùng được: chủ tọa cần xác nhận thẻ/)
      .waitFor({ timeout: WAIT });
    await chair
      .getByRole("button", { name: `Xác nhận thẻ của ${cardName}` })
      .click();
    await chair.getByRole("button", { name: "Xác nhận thẻ mới" }).click();
    await chair
      .getByRole("button", { name: `Xác nhận thẻ của ${cardName}` })
      .waitFor({ state: "detached", timeout: WAIT });
    await scanned.getByRole("button", { name: "Vào kỳ họp" }).click();
    await scanned
      .getByRole("heading", { name: "Chương trình kỳ họp" })
      .waitFor({ timeout: WAIT });
    await scanned.getByText(cardName).first().waitFor({ timeout: WAIT });
    await scanned.context().close();

    // Delegates from a CSV file as Excel writes it (BOM, ";"), one row with
    // a delegate group that does not exist yet: the preview names the group
    // it would create first; but the demo council's 50 seats are all taken,
    // so the import is refused before anything is sent.
    await secretary.getByRole("tab", { name: "Đại biểu", exact: true }).click();
    const csv =
      "\uFEFFSTT;Họ và tên;Tổ đại biểu;Ban\r\n" +
      "1;Nguyễn Thị Thanh Tâm;Tổ đại biểu quận Lê Chân;Ban Pháp chế\r\n" +
      "2;Trịnh Văn Khải;Tổ đại biểu quận Không Có;\r\n" +
      "3;Lương Minh Châu;Tổ đại biểu huyện Tiên Lãng;Ban Đô thị|Ban Pháp chế\r\n";
    await secretary.getByLabel("Chọn tệp CSV").setInputFiles({
      name: "dai-bieu-bo-sung.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(csv, "utf8"),
    });
    await secretary
      .getByText("Tổ đại biểu: Tổ đại biểu quận Không Có")
      .waitFor({ timeout: WAIT });
    await secretary
      .getByText("Hội đồng có 50 đại biểu; danh sách đã có 50, nhập thêm 3")
      .waitFor({ timeout: WAIT });
    await assertAccessible(secretary, "secretary (delegate import)");
    assert.equal(
      await secretary
        .getByRole("button", { name: "Tạo tổ, Ban mới và 3 đại biểu" })
        .isDisabled(),
      true,
    );
    // Nothing was created: the rows stay in the preview only.
    assert.equal(
      await secretary
        .getByRole("rowheader", { name: "Trịnh Văn Khải" })
        .count(),
      0,
    );

    await secretary.getByRole("tab", { name: "Thiết lập kỳ họp" }).click();
    await secretary
      .getByRole("heading", { name: "Chương trình kỳ họp (chuẩn bị)" })
      .waitFor({ timeout: WAIT });
    await assertAccessible(secretary, "secretary (set-up)");
    await secretary.getByRole("tab", { name: "Tài liệu" }).click();

    // The secretary sees how early it went out, who has opened it, and
    // who still has documents unread.
    await secretary
      .getByText(/^⚠? ?(Phát hành (trước|sau|vào)|Chưa phát hành)/)
      .first()
      .waitFor({ timeout: WAIT });
    await secretary
      .getByRole("button", { name: `Ai đã đọc: ${REPORT_TITLE}` })
      .click();
    await secretary
      .getByText(/^\d+\/\d+ đại biểu đã mở tài liệu$/)
      .waitFor({ timeout: WAIT });
    await secretary.getByRole("button", { name: "Xem danh sách" }).click();
    await secretary
      .getByText(/đại biểu còn tài liệu chưa mở|Mọi đại biểu đã mở/)
      .waitFor({ timeout: WAIT });
    await assertAccessible(secretary, "secretary (read receipts)");

    // The chair opens the session and the first item. No one has checked
    // in yet: the council warns that the quorum is not reached, and the
    // chair goes on.
    await chair
      .getByRole("button", { name: "Khai mạc kỳ họp", exact: true })
      .click({ timeout: WAIT });
    await chair
      .getByText("Số đại biểu có mặt chưa đủ theo quy định của Hội đồng")
      .waitFor({ timeout: WAIT });
    await chair.getByRole("button", { name: GO_ON_BELOW_QUORUM }).click();
    await chair
      .getByRole("button", { name: "Nội dung tiếp theo →" })
      .click({ timeout: WAIT });
    await chamber
      .getByText("Khai mạc kỳ họp")
      .first()
      .waitFor({ timeout: WAIT });

    // The chair is a delegate too: checks in on the chair's own screen.
    for (const page of [...delegates, chair]) {
      await page
        .getByRole("button", { name: "Điểm danh có mặt", exact: true })
        .click();
      await page
        .getByText("Bạn đã điểm danh có mặt.")
        .waitFor({ timeout: WAIT });
    }

    // Chất vấn: a delegate questions an official, named with the request;
    // the chair calls the official to reply, gives each the floor and ends.
    const asker = delegates[1];
    await asker.getByRole("button", { name: "Đăng ký chất vấn" }).click();
    const whom = asker.getByLabel("Chất vấn ai");
    await whom.selectOption({ index: 1 });
    // "Full name, position": the official's name is before the comma.
    const asked = (await whom.locator("option").nth(1).textContent())
      .split(",")[0]
      .trim();
    assert.ok(
      demoCouncil.officials.some((o) => o.full_name === asked),
      asked,
    );
    await assertAccessible(asker, "delegate (question)");
    await asker.getByRole("button", { name: "Gửi đăng ký chất vấn" }).click();
    await asker
      .getByText(/Bạn đã đăng ký phát biểu, thứ tự/)
      .waitFor({ timeout: WAIT });
    await chair
      .getByText(`chất vấn ${asked}`)
      .first()
      .waitFor({ timeout: WAIT });
    await chair
      .getByRole("button", { name: `Mời trả lời chất vấn: ${asked}` })
      .click({ timeout: WAIT });
    await chair
      .getByRole("button", { name: `Mời phát biểu: ${asked}` })
      .waitFor({ timeout: WAIT });
    await assertAccessible(chair, "chair (question and reply)");
    await chair.screenshot({ path: join(shots, "chair-questioning.png") });
    for (const speaker of [cards[1].name, asked]) {
      await chair
        .getByRole("button", { name: `Mời phát biểu: ${speaker}` })
        .click({ timeout: WAIT });
      await chair
        .getByRole("button", { name: `Kết thúc phát biểu của ${speaker}` })
        .click({ timeout: WAIT });
    }

    // A delegate prints the agenda (the PDF the server typesets).
    const [agendaPaper] = await Promise.all([
      asker.waitForEvent("download", { timeout: WAIT }),
      asker
        .getByRole("button", { name: "Tải chương trình kỳ họp (PDF)" })
        .click(),
    ]);
    assert.equal(agendaPaper.suggestedFilename(), "chuong-trinh-ky-hop.pdf");
    const agendaBytes = readFileSync(await agendaPaper.path());
    assert.equal(agendaBytes.subarray(0, 5).toString(), "%PDF-");

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
    // Each delegate page notes when its vote panel's buttons enter the DOM
    // and the end of the frame after (a mutation observer, not Playwright's
    // polling, which would add its own interval); the chair's page notes its
    // click and when the answer to its request arrived (Resource Timing).
    for (const page of delegates) await page.evaluate(armPanelProbe);
    await chair.evaluate(() => {
      performance.setResourceTimingBufferSize(10_000);
      window.__open = {};
      document.addEventListener(
        "click",
        () =>
          (window.__open.clickAt ??=
            performance.timeOrigin + performance.now()),
        true,
      );
    });
    const before = events.lastSeq();
    await openPoll(chair, openButton);
    const opened = await events.next("poll.opened", before);
    const chairTimes = await chair.evaluate(async () => {
      for (;;) {
        // The request the confirming click sent (the first was warned).
        const entry = performance
          .getEntriesByType("resource")
          .filter((e) => /\/api\/polls\/\d+\/open$/.test(e.name))
          .find(
            (e) =>
              performance.timeOrigin + e.startTime >= window.__open.clickAt,
          );
        if (entry)
          return {
            clickAt: window.__open.clickAt,
            requestAt: performance.timeOrigin + entry.startTime,
            answeredAt: performance.timeOrigin + entry.responseEnd,
          };
        await new Promise((ok) => setTimeout(ok, 5));
      }
    });
    const panels = [];
    for (const page of delegates) {
      await page
        .getByRole("button", { name: "Tán thành", exact: true })
        .waitFor({ timeout: WAIT });
      await probeValue(page, "panelPaintedAt");
      panels.push(await page.evaluate(() => ({ ...window.__kyhop })));
    }
    // Vote panel delay: from the server's stamp on poll.opened (its
    // transaction's start, so the commit is inside the figure) to the end of
    // the frame that shows the panel, in each delegate's page.
    const panelDelays = panels.map((p) => p.panelPaintedAt - opened.atMs);
    const panelBreakdown = {
      server_to_node_client_ms: round1(opened.receivedAt - opened.atMs),
      chair_click_to_server_ms: round1(opened.atMs - chairTimes.clickAt),
      chair_request_to_answer_ms: round1(
        chairTimes.answeredAt - chairTimes.requestAt,
      ),
      server_to_page_stream_ms: panels.map((p) =>
        round1(p.pollOpenedChunkAt - opened.atMs),
      ),
      page_stream_to_panel_dom_ms: panels.map((p) =>
        round1(p.panelAt - p.pollOpenedChunkAt),
      ),
      panel_dom_to_frame_ms: panels.map((p) =>
        round1(p.panelPaintedAt - p.panelAt),
      ),
      from_chair_click_ms: panels.map((p) =>
        round1(p.panelPaintedAt - chairTimes.clickAt),
      ),
      visibility: panels.map((p) => p.visibility),
      page_clock_skew_ms: skews.map(round1),
    };
    console.log(
      `delegate TTI ms: ${JSON.stringify(interactive.map(round1))}, sign-in to ready ms: ${JSON.stringify(signInInteractive.map(round1))}`,
    );
    console.log(`delegate view loads: ${JSON.stringify(loads)}`);
    console.log(`vote panel ms: ${JSON.stringify(panelDelays.map(round1))}`);
    console.log(`vote panel breakdown: ${JSON.stringify(panelBreakdown)}`);
    await delegates[0].screenshot({ path: join(shots, "delegate-vote.png") });
    await assertAccessible(delegates[0], "vote panel");

    // Five in favour (the chair among them), one against: 5/50 seats, not
    // passed.
    await chair
      .getByRole("button", { name: "Tán thành", exact: true })
      .click({ timeout: WAIT });
    await chair.getByRole("button", { name: "Xác nhận", exact: true }).click();
    await chair
      .getByText("Phiếu của bạn đã được ghi nhận.")
      .waitFor({ timeout: WAIT });
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
      .getByText(`Đã biểu quyết: ${DELEGATES + 1}/50`)
      .waitFor({ timeout: WAIT });
    await chair.screenshot({ path: join(shots, "chair.png") });
    await chair.getByRole("button", { name: "Kết thúc biểu quyết" }).click();

    await chamber.getByText("KHÔNG THÔNG QUA").waitFor({ timeout: WAIT });
    await chamber
      .getByText(`Có ${DELEGATES + 1}/50 đại biểu tham gia biểu quyết`)
      .first()
      .waitFor({ timeout: WAIT });
    await chamber.getByText("10,00%").first().waitFor({ timeout: WAIT });
    // The chair shows who voted how (a named poll): the chamber lists them.
    assert.equal(await chamber.getByText("Tán thành (5)").count(), 0);
    await chair
      .getByRole("button", { name: "Hiện danh sách biểu quyết trên màn hình" })
      .click();
    await chamber.getByText("Tán thành (5)").waitFor({ timeout: WAIT });
    await chamber.getByText("Không tán thành (1)").waitFor({ timeout: WAIT });
    await chamber
      .getByText(new RegExp(cards[DELEGATES - 1].name))
      .first()
      .waitFor({ timeout: WAIT });
    await chamber.screenshot({ path: join(shots, "chamber.png") });
    await assertAccessible(chamber, "chamber screen");

    // A secret poll of the council's own options: one option is refused
    // next to the field; three are offered, four delegates choose the
    // second, one the first; the chamber shows the count of each.
    await chair
      .getByRole("radio", { name: "Bỏ phiếu kín", exact: true })
      .check();
    await chair
      .getByLabel("Nội dung biểu quyết")
      .fill("Chọn phương án xây dựng trường mầm non");
    await chair.getByLabel(/Phương án riêng của Hội đồng/).check();
    const optionsField = chair.getByLabel(
      "Các phương án, mỗi dòng một phương án",
    );
    await optionsField.fill("Phương án 1: mở rộng trường hiện có");
    await chair.getByRole("button", { name: "Tạo biểu quyết" }).click();
    await chair
      .getByText("Cần ít nhất hai phương án.")
      .waitFor({ timeout: WAIT });
    await chair
      .getByText(/phiếu cho một phương án/)
      .first()
      .waitFor({ timeout: WAIT });
    await assertAccessible(chair, "chair (poll of own options)");
    await chair.screenshot({ path: join(shots, "chair-own-options.png") });
    await optionsField.fill(
      "Phương án 1: mở rộng trường hiện có\nPhương án 2: xây trường mới\nPhương án 3: giữ nguyên",
    );
    await chair.getByRole("button", { name: "Tạo biểu quyết" }).click();
    await openPoll(chair, openButton);
    for (const [i, page] of delegates.entries()) {
      const option =
        i === 0
          ? "Phương án 1: mở rộng trường hiện có"
          : "Phương án 2: xây trường mới";
      await page
        .getByRole("button", { name: option, exact: true })
        .click({ timeout: WAIT });
      await page.getByRole("button", { name: "Xác nhận", exact: true }).click();
      await page
        .getByText("Phiếu của bạn đã được ghi nhận.")
        .waitFor({ timeout: WAIT });
    }
    await chair.getByRole("button", { name: "Kết thúc biểu quyết" }).click();
    await chamber
      .getByRole("heading", { name: "Chọn phương án xây dựng trường mầm non" })
      .waitFor({ timeout: WAIT });
    // Four of fifty seats is not more than half: the counts are shown and
    // no option is named chosen (the choosing is in tests/integration/secret_count.rs).
    await chamber
      .getByRole("listitem")
      .filter({ hasText: "Phương án 2: xây trường mới" })
      .getByText("(8,00%)")
      .waitFor({ timeout: WAIT });
    assert.equal(await chamber.getByText("Được chọn").count(), 0);
    await chamber.screenshot({ path: join(shots, "chamber-own-options.png") });
    await assertAccessible(chamber, "chamber screen (own options)");

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
    await openPoll(chair, openButton);
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
    await openPoll(chair, openButton);
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
    await secretary.getByLabel("Họ và tên người ký").fill("Mai Thu Yến");
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
    const exported = tempDir("kyhop-e2e-export-");
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

    // The council's own seal: a blue one is refused with the rule it
    // breaks; a red one is kept and shown as resolutions will print it.
    const images = secretary.getByRole("region", {
      name: "Con dấu và chữ ký của Hội đồng",
    });
    const uploadSeal = (colour) =>
      images.getByLabel("Tải ảnh con dấu (PNG)").setInputFiles({
        name: "con-dau.png",
        mimeType: "image/png",
        buffer: sealPng(600, colour),
      });
    await uploadSeal([20, 60, 200]);
    await images
      .getByText("Con dấu phải màu đỏ (Nghị định 30/2020/NĐ-CP).")
      .waitFor({ timeout: WAIT });
    await uploadSeal([210, 20, 30]);
    await images.getByText("Đã lưu ảnh.").waitFor({ timeout: WAIT });
    await images
      .getByRole("img", { name: "Ảnh con dấu đang dùng" })
      .waitFor({ timeout: WAIT });
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

    await events.stop();
    if (cspViolations.length > 0) {
      throw new Error(
        `the page broke its Content-Security-Policy:\n${cspViolations.join("\n")}`,
      );
    }
    const bundle = bundleGzipBytes();
    console.log(
      JSON.stringify({
        delegates: DELEGATES,
        agenda_documents: AGENDA_DOCUMENTS,
        delegate_time_to_interactive_ms_p50: round1(
          percentile(interactive, 50),
        ),
        delegate_time_to_interactive_ms_max: round1(Math.max(...interactive)),
        delegate_sign_in_to_interactive_ms_max: round1(
          Math.max(...signInInteractive),
        ),
        vote_panel_ms_p50: round1(percentile(panelDelays, 50)),
        vote_panel_ms_p99: round1(percentile(panelDelays, 99)),
        vote_panel_from_chair_click_ms_p99: percentile(
          panelBreakdown.from_chair_click_ms,
          99,
        ),
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

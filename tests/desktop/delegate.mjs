// The desktop app end to end, in its real window: `kyhop demo --tls` is the
// chamber host on loopback; the desktop app (`kyhop-desktop`, delegate
// mode) runs under Xvfb and is driven through tauri-driver and
// WebKitWebDriver. On first run the delegate types the host's address,
// then the fingerprint shown on the host's screen (a wrong one is refused),
// pairs, signs in with a pairing card, sees the agenda, waits for the
// session packet; another program on the laptop cannot sign the app out
// or re-pair it (it lacks the gateway's token, which only the window
// holds); the delegate opens a document in the viewer (no content security
// policy violation),
// checks in and votes when the chair opens a poll; the app starts again
// still signed in. Then the host stops: the window says the connection is
// gone, the document still opens from the packet on disk, a note typed
// offline reaches the host when it is back; last, SIGTERM ends the app
// through its clean shut-down. The sign-in is read back from the desktop
// keyring when the test runs in a session that has one (with-keyring.sh),
// else from the owner-only file. Screenshots of the window are written to
// target/desktop-e2e/screenshots/.
//
// usage: node delegate.mjs [path/to/kyhop] [path/to/kyhop-desktop]
// Needs Xvfb, tauri-driver (cargo install tauri-driver --version ^2) and
// WebKitWebDriver (Debian webkit2gtk-driver). The last output line is JSON.

import { spawn, execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { request as httpsRequest } from "node:https";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { Builder, By, until } from "selenium-webdriver";
import { textPdf } from "../support/pdf.mjs";
import { tempDir } from "../support/tmp.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const kyhop = process.argv[2] ?? join(root, "target/debug/kyhop");
const app = process.argv[3] ?? join(root, "target/debug/kyhop-desktop");
const shots = join(root, "target/desktop-e2e/screenshots");
const WAIT = 30_000;

/** Every process this run started, for the stall watchdog. */
const started = [];

/**
 * Marks progress (on stderr, with the time since the start) and restarts
 * the stall watchdog: a WebDriver call that never answers must fail the
 * run, saying where it stood, not hold CI until its own limit.
 */
const began = Date.now();
let stall;
function step(what) {
  const at = ((Date.now() - began) / 1000).toFixed(1);
  process.stderr.write(`[desktop e2e +${at} s] ${what}\n`);
  clearTimeout(stall);
  stall = setTimeout(() => {
    console.error(`desktop e2e: no progress for ${STALL / 1000} s at: ${what}`);
    for (const { child, output } of started) {
      const said = output().slice(-4000);
      if (said) console.error(`--- ${child.spawnargs.join(" ")}\n${said}`);
      for (const pid of [...processTree(child.pid)].reverse()) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          /* already gone */
        }
      }
    }
    process.exit(1);
  }, STALL);
}
const STALL = 180_000;

/** Runs `command`; resolves once `pattern` appears on stdout (with its match). */
function start(command, args, pattern, env = {}) {
  const child = spawn(command, args, {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  started.push({ child, output: () => out });
  let out = "";
  const ready = new Promise((ok, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`${command} did not start:\n${out}`)),
      60_000,
    );
    const watch = (chunk) => {
      out += chunk;
      const found = pattern && out.match(pattern);
      if (found) {
        clearTimeout(timer);
        ok(found);
      }
    };
    child.stdout.on("data", watch);
    child.stderr.on("data", watch);
    child.on("exit", (code) =>
      fail(new Error(`${command} exited with ${code}:\n${out}`)),
    );
  });
  // Not every caller waits for the start line: an exit after that is no error.
  ready.catch(() => {});
  return { child, ready, output: () => out };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A TCP port nobody listens on now. */
function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** An X display number no X server holds. */
function freeDisplay() {
  for (let n = 99; n < 200; n++) {
    try {
      statSync(`/tmp/.X${n}-lock`);
    } catch {
      return `:${n}`;
    }
  }
  throw new Error("no free X display between :99 and :199");
}

function stop(child) {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once("exit", () => done());
    child.kill("SIGTERM");
  });
}

/**
 * A request to the TLS host that trusts exactly its certificate, as the
 * delegate app does (the fingerprint is the one the host printed).
 */
function hostCall(host, method, path, { token, json, body, type } = {}) {
  const payload = json ? Buffer.from(JSON.stringify(json)) : body;
  return new Promise((ok, fail) => {
    const req = httpsRequest(
      `${host.url}${path}`,
      {
        method,
        // A connection (and a full handshake) each time: a resumed TLS
        // session shows no certificate to check.
        agent: false,
        rejectUnauthorized: false,
        headers: {
          Accept: "application/json",
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(payload
            ? {
                "Content-Type": json ? "application/json" : type,
                "Content-Length": payload.length,
              }
            : {}),
        },
      },
      (res) => {
        const presented = res.socket
          .getPeerCertificate()
          .fingerprint256.replaceAll(":", "")
          .toLowerCase();
        if (presented !== host.fingerprint) {
          fail(new Error(`the host presented another certificate`));
          res.destroy();
          return;
        }
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          if (res.statusCode >= 400)
            return fail(
              new Error(`${method} ${path}: ${res.statusCode} ${text}`),
            );
          ok(text ? JSON.parse(text) : null);
        });
      },
    );
    req.on("error", fail);
    if (payload) req.write(payload);
    req.end();
  });
}

async function signIn(host, account) {
  const { token } = await hostCall(host, "POST", "/api/auth/login", {
    json: { username: account.username, password: account.password },
  });
  return token;
}

/** Uploads and publishes a PDF on an agenda item. */
async function publishDocument(host, token, sessionId, itemId, title, pdf) {
  const form = new FormData();
  form.append(
    "document",
    JSON.stringify({ title, kind: "submission", agenda_item_id: itemId }),
  );
  form.append(
    "file",
    new Blob([pdf], { type: "application/pdf" }),
    "tai-lieu.pdf",
  );
  const encoded = new Response(form);
  const body = Buffer.from(await encoded.arrayBuffer());
  const document = await hostCall(
    host,
    "POST",
    `/api/sessions/${sessionId}/documents`,
    { token, body, type: encoded.headers.get("content-type") },
  );
  await hostCall(host, "POST", `/api/sessions/${sessionId}/documents/publish`, {
    token,
    json: { document_ids: [document.id] },
  });
  return document;
}

/** A process and all its descendants, by pid. */
function processTree(rootPid) {
  const parents = new Map();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(Number(name), ppid);
    } catch {
      /* gone meanwhile */
    }
  }
  const tree = new Set([rootPid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of parents)
      if (tree.has(ppid) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
  }
  return tree;
}

/**
 * Memory of a process and all its descendants (WebKit's own processes), in
 * MB, in total and by process name: the resident set (VmRSS, which counts a
 * page shared by several processes — the WebKit and GTK libraries — once
 * in each) and the proportional set (Pss, which shares such a page out
 * among them, so the sum is the tree's own footprint).
 */
function treeMemoryMb(rootPid) {
  const mb = (kb) => Math.round(kb / 102.4) / 10;
  const total = { rss: 0, pss: 0 };
  const byName = {};
  for (const pid of processTree(rootPid)) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
      const rss = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      const pss = Number(rollup.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
      const name = status.match(/Name:\s+(\S+)/)?.[1] ?? String(pid);
      total.rss += rss;
      total.pss += pss;
      const entry = (byName[name] ??= { rss: 0, pss: 0 });
      entry.rss += rss;
      entry.pss += pss;
    } catch {
      /* gone meanwhile */
    }
  }
  return {
    rss: mb(total.rss),
    pss: mb(total.pss),
    byName: Object.fromEntries(
      Object.entries(byName).map(([name, kb]) => [
        name,
        { rss: mb(kb.rss), pss: mb(kb.pss) },
      ]),
    ),
  };
}

/** Ends a process and everything it started (tauri-driver starts WebKitWebDriver). */
async function stopTree(child) {
  const tree = [...processTree(child.pid)].reverse();
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  await stop(child);
}

/** The app's process: the newest kyhop-desktop started with this data directory. */
function appPid(appDir) {
  let found = null;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0");
      if (cmd[0].endsWith("kyhop-desktop") && cmd.includes(appDir))
        found = Math.max(found ?? 0, Number(name));
    } catch {
      /* gone meanwhile */
    }
  }
  return found;
}

/** Set by tests/desktop/with-keyring.sh: this session has a keyring. */
const withKeyring = process.env.KYHOP_E2E_KEYRING === "1";

/**
 * The sign-in the app keeps for `appDir`: in the desktop keyring when this
 * test runs in a session that has one, read back with libsecret's
 * secret-tool (the item is named by the directory's canonical path), else in
 * the owner-only secrets.json.
 */
function keptSignIn(appDir) {
  const file = join(appDir, "secrets.json");
  if (!withKeyring) {
    assert.equal(statSync(file).mode & 0o777, 0o600, "secrets.json is private");
    return JSON.parse(readFileSync(file, "utf8"));
  }
  assert.ok(!existsSync(file), "with a keyring, no secrets.json on disk");
  const secret = execFileSync(
    "secret-tool",
    ["lookup", "service", "KyHop desktop", "username", realpathSync(appDir)],
    { encoding: "utf8" },
  );
  return JSON.parse(secret);
}

/** Whether a process still runs (an exited one may linger as a zombie). */
function running(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
}

function openApp(driverPort, appDir) {
  return new Builder()
    .usingServer(`http://127.0.0.1:${driverPort}/`)
    .withCapabilities({
      browserName: "wry",
      "tauri:options": { application: app, args: ["--data-dir", appDir] },
    })
    .build();
}

/** Waits for visible text anywhere in the window. */
async function text(driver, words, timeout = WAIT) {
  step(`text: ${words}`);
  const xpath = `//*[contains(normalize-space(.), ${JSON.stringify(words)}) and not(.//*[contains(normalize-space(.), ${JSON.stringify(words)})])]`;
  // The driver's own wait does not give up while a find is pending (seen
  // with WebKitWebDriver): a timer of our own fails the step on time.
  let late;
  const giveUp = new Promise((_, fail) => {
    late = setTimeout(
      () => fail(new Error(`not shown within ${timeout} ms: ${words}`)),
      timeout + 5000,
    );
  });
  try {
    return await Promise.race([
      driver.wait(until.elementLocated(By.xpath(xpath)), timeout),
      giveUp,
    ]);
  } finally {
    clearTimeout(late);
  }
}

async function button(driver, label, { exact = false } = {}) {
  step(`button: ${label}`);
  const test = exact
    ? `normalize-space(.)=${JSON.stringify(label)}`
    : `contains(normalize-space(.), ${JSON.stringify(label)})`;
  const element = await driver.wait(
    until.elementLocated(By.xpath(`//button[${test}]`)),
    WAIT,
  );
  await driver.wait(until.elementIsEnabled(element), WAIT);
  return element;
}

async function field(driver, label) {
  step(`field: ${label}`);
  const labelXpath = `//label[contains(normalize-space(.), ${JSON.stringify(label)})]`;
  const element = await driver.wait(
    until.elementLocated(By.xpath(labelXpath)),
    WAIT,
  );
  const id = await element.getAttribute("for");
  return driver.findElement(By.id(id));
}

async function screenshot(driver, name) {
  await driver.sleep(500);
  mkdirSync(shots, { recursive: true });
  writeFileSync(join(shots, name), await driver.takeScreenshot(), "base64");
}

async function main() {
  // The data directory inside the temporary one: its counting key goes
  // beside it, and away with it.
  const hostDir = join(tempDir("kyhop-desktop-host-"), "data");
  const appDir = tempDir("kyhop-desktop-app-");
  let host = start(
    kyhop,
    ["demo", "--tls", "--bind", "127.0.0.1:0", "--data-dir", hostDir],
    /KyHop TLS fingerprint: ([0-9a-f]{64})/,
  );
  const [, fingerprint] = await host.ready;
  const url = host.output().match(/KyHop listening on (https:\/\/\S+)/)[1];
  const hostApi = { url, fingerprint };
  const accounts = JSON.parse(
    readFileSync(join(hostDir, "demo-accounts.json"), "utf8"),
  );
  const byRole = (role) => accounts.find((a) => a.role === role);
  const cards = readFileSync(join(hostDir, "demo-pairing-codes.tsv"), "utf8")
    .trim()
    .split("\n")
    .map((line) => line.split("\t"));
  const [, delegateName, code] = cards[0];

  const secretary = await signIn(hostApi, byRole("secretary"));
  const me = await hostCall(hostApi, "GET", "/api/auth/me", {
    token: secretary,
  });
  const sessions = await hostCall(
    hostApi,
    "GET",
    `/api/councils/${me.council_id}/sessions`,
    {
      token: secretary,
    },
  );
  const session = sessions.find((s) => s.state === "convened") ?? sessions[0];
  const snapshot = await hostCall(
    hostApi,
    "GET",
    `/api/sessions/${session.id}/snapshot`,
    {
      token: secretary,
    },
  );
  const item = snapshot.agenda[0];
  const submission = "Tờ trình về dự toán ngân sách năm 2027";
  const submissionDoc = await publishDocument(
    hostApi,
    secretary,
    session.id,
    item.id,
    submission,
    readFileSync(join(root, "tests/fixtures/to-trinh-libreoffice.pdf")),
  );
  // A long report, to measure the app's memory with 100 pages open.
  const report = "Báo cáo tổng hợp ý kiến cử tri (100 trang)";
  await publishDocument(
    hostApi,
    secretary,
    session.id,
    item.id,
    report,
    textPdf(
      Array.from({ length: 100 }, (_, i) => [
        `Bao cao tong hop y kien cu tri - trang ${i + 1}`,
        ...Array.from(
          { length: 40 },
          (_, j) =>
            `Y kien ${i * 40 + j + 1}: de nghi bo sung kinh phi sua chua duong giao thong nong thon.`,
        ),
      ]),
    ),
  );

  const display = process.env.DISPLAY ?? freeDisplay();
  const xvfb = process.env.DISPLAY
    ? null
    : spawn(
        "Xvfb",
        [display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        {
          stdio: "ignore",
        },
      );
  if (xvfb) started.push({ child: xvfb, output: () => "" });
  await sleep(1000);
  const driverBin =
    process.env.TAURI_DRIVER ?? join(homedir(), ".cargo/bin/tauri-driver");
  const driverPort = await freePort();
  const nativePort = await freePort();
  const startDriver = async () => {
    const args = ["--port", `${driverPort}`, "--native-port", `${nativePort}`];
    const started = start(driverBin, args, null, {
      DISPLAY: display,
      // The app's mDNS (looking for hosts) stays on loopback in tests.
      KYHOP_MDNS_LOOPBACK_ONLY: "1",
    });
    await sleep(1500);
    return started;
  };
  let tauriDriver = await startDriver();

  const figures = {};
  let driver;
  try {
    const started = Date.now();
    driver = await openApp(driverPort, appDir);

    // First run: set up as a delegate's laptop, by the host's address.
    await text(driver, "Thiết lập máy tính này");
    figures.cold_start_to_setup_ms = Date.now() - started;
    await (await button(driver, "Tham gia kỳ họp")).click();
    await (await field(driver, "Địa chỉ máy chủ")).sendKeys(url);
    await (await button(driver, "Kiểm tra máy chủ")).click();
    // The person types the fingerprint from the host's screen; the window
    // does not show what the machine at that address presents (copying it
    // would confirm nothing).
    const typed = await field(driver, "Mã nhận dạng trên màn hình máy chủ");
    const short = fingerprint
      .slice(0, 16)
      .toUpperCase()
      .match(/.{4}/g)
      .join(" ");
    assert.ok(
      !(await driver.getPageSource()).includes(short),
      "the fingerprint to confirm is not shown to copy",
    );
    // Another host's fingerprint (the one on the chamber's screen, say,
    // when a rogue machine answers at this address): refused.
    await typed.sendKeys("ABAB ABAB ABAB ABAB");
    await (await button(driver, "Kết nối", { exact: true })).click();
    await text(driver, "Mã nhận dạng không khớp với máy chủ tại địa chỉ này");
    await text(driver, "Thiết lập máy tính này");
    await typed.clear();
    await typed.sendKeys(short);
    // The delegate's card: its code typed with the address and fingerprint
    // signs in as soon as the laptop is connected.
    await (await field(driver, "Mã ghép nối trên thẻ")).sendKeys(code);
    await (await button(driver, "Kết nối", { exact: true })).click();
    await text(driver, "Chương trình kỳ họp");
    await text(driver, item.title);
    // The packet comes down in the background, checked file by file.
    // Every document a delegate may read: the demo's and the two above.
    const documents = await hostCall(
      hostApi,
      "GET",
      `/api/sessions/${session.id}/documents`,
      { token: secretary },
    );
    const packet = documents.filter(
      (d) =>
        d.published_at !== null &&
        d.withdrawn_at === null &&
        d.confidentiality !== "listed",
    ).length;
    assert.ok(packet >= 2, `${packet} documents for delegates`);
    await text(driver, `Đã có đủ ${packet} tài liệu trên máy`, 60_000);
    // Where the sign-in is kept: the desktop keyring when the session has one.
    await text(
      driver,
      withKeyring
        ? "Đăng nhập được giữ trong kho khoá của hệ thống"
        : "Đăng nhập được giữ trong một tệp chỉ tài khoản này đọc được",
    );
    assert.ok(keptSignIn(appDir).token, "the app keeps the host's token");

    // Another program on the laptop (or a page in its browser) reaches the
    // gateway's port, but not its token: it can neither sign the app out
    // (which would wipe the packet) nor re-pair it with a host of its own.
    const gateway = new URL(await driver.getCurrentUrl()).origin;
    const refused = async (path, headers, body) => {
      const response = await fetch(`${gateway}${path}`, {
        method: "POST",
        headers,
        body,
      });
      assert.equal(response.status, 403, `${path} without the token`);
      return response.json().catch(() => null);
    };
    assert.equal(
      (await refused("/api/auth/logout", { "content-type": "text/plain" }, ""))
        ?.code,
      "gateway_token_required",
    );
    await refused(
      "/api/auth/logout",
      { origin: "https://evil.example", "content-type": "text/plain" },
      "",
    );
    assert.equal(
      (
        await refused(
          "/desktop/pair",
          { "content-type": "application/json", "x-kyhop-desktop": "1" },
          JSON.stringify({ url: url, confirmation: fingerprint }),
        )
      )?.code,
      "gateway_token_required",
    );
    const after = await (await fetch(`${gateway}/desktop/status`)).json();
    assert.equal(after.signed_in, true, "still signed in");
    assert.equal(
      readdirSync(join(appDir, "offline/files")).filter((name) =>
        /^[0-9a-f]{64}$/.test(name),
      ).length,
      packet,
      "the packet is still kept",
    );
    assert.ok(keptSignIn(appDir).token, "the sign-in is still kept");
    // The window's pages carry the content security policy, and the token
    // handed to the window is off the page's globals once the UI took it.
    const csp = (await fetch(`${gateway}/`)).headers.get(
      "content-security-policy",
    );
    assert.match(csp ?? "", /default-src 'self'/);
    assert.match(csp ?? "", /object-src 'none'/);
    assert.equal(
      await driver.executeScript(
        "return typeof window.__kyhopDesktop?.gatewayToken",
      ),
      "undefined",
    );
    // The web view enforces it: an inline script does not run.
    await driver.executeScript(() => {
      window.__cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = true;";
      document.head.append(script);
    });
    await driver.sleep(300);
    assert.equal(
      await driver.executeScript("return window.__inlineRan === true"),
      false,
      "an inline script does not run in the window",
    );
    assert.match(
      (await driver.executeScript("return window.__cspViolations")).join(),
      /script-src/,
    );
    // Anything the policy blocks from here on (pdf.js, the viewer) is noted.
    await driver.executeScript("window.__cspViolations = []");
    // The app's own weight, before any document is drawn.
    await driver.sleep(2000);
    const idle = treeMemoryMb(appPid(appDir));
    figures.rss_mb_agenda = idle.rss;
    figures.pss_mb_agenda = idle.pss;

    // A document opens in the viewer, its text selectable.
    await (await button(driver, submission)).click();
    await driver.wait(
      until.elementLocated(By.css(".textLayer span")),
      WAIT,
      "the document's text layer",
    );
    const pageText = await driver.executeScript(
      "return [...document.querySelectorAll('.textLayer')].map(l => l.textContent).join(' ')",
    );
    // (LibreOffice draws some Vietnamese letters after the rest of the line,
    // and pdf.js's text layer keeps that order: match a run it keeps whole.)
    assert.match(pageText.normalize("NFC"), /ngân sách năm 2027/);
    await screenshot(driver, "desktop-viewer.png");
    await (await button(driver, "Danh sách tài liệu")).click();

    // The 100-page report: memory of the whole process tree once it is open.
    await (await button(driver, report)).click();
    await text(driver, "trang 1");
    await driver.sleep(2000);
    const memory = treeMemoryMb(appPid(appDir));
    figures.rss_mb_with_100_page_document = memory.rss;
    figures.pss_mb_with_100_page_document = memory.pss;
    figures.memory_mb_by_process = memory.byName;
    await (await button(driver, "Danh sách tài liệu")).click();
    assert.deepEqual(
      await driver.executeScript("return window.__cspViolations"),
      [],
      "the content security policy blocks nothing the app uses",
    );

    // Check in, and vote when the chair opens a poll.
    await (await button(driver, "Điểm danh có mặt")).click();
    const chair = await signIn(hostApi, byRole("chair"));
    // A few delegates of the demo's 50 are present: below the quorum, the
    // chair goes on.
    await hostCall(hostApi, "POST", `/api/sessions/${session.id}/start`, {
      token: chair,
      json: { below_quorum_confirmed: true },
    });
    await hostCall(hostApi, "POST", `/api/agenda-items/${item.id}/open`, {
      token: chair,
      json: {},
    });
    const poll = await hostCall(
      hostApi,
      "POST",
      `/api/agenda-items/${item.id}/polls`,
      {
        token: chair,
        json: {
          kind: "named",
          title: "Biểu quyết thông qua chương trình kỳ họp",
        },
      },
    );
    await hostCall(hostApi, "POST", `/api/polls/${poll.id}/open`, {
      token: chair,
      json: { below_quorum_confirmed: true },
    });
    await (await button(driver, "Tán thành")).click();
    await (await button(driver, "Xác nhận")).click();
    await text(driver, "Phiếu của bạn đã được ghi nhận");
    const counted = await hostCall(hostApi, "GET", `/api/polls/${poll.id}`, {
      token: chair,
    });
    assert.equal(counted.ballots_cast, 1);
    await screenshot(driver, "desktop-delegate.png");

    // Started again, the app is paired and signed in: time to the agenda.
    await driver.quit();
    driver = null;
    // WebKitWebDriver takes a moment to let the ended session go.
    // A fresh driver: WebKitWebDriver holds one session and lets an ended
    // one go only when its process does.
    await stopTree(tauriDriver.child);
    for (let i = 0; i < 100 && appPid(appDir) !== null; i++) await sleep(100);
    tauriDriver = await startDriver();
    const restarted = Date.now();
    driver = await openApp(driverPort, appDir);
    await text(driver, "Chương trình kỳ họp");
    await text(driver, item.title);
    figures.cold_start_to_agenda_ms = Date.now() - restarted;
    figures.binary_bytes = statSync(app).size;

    // The host goes away: the window says so, and the document still
    // opens from the packet on this laptop.
    await stop(host.child);
    await text(driver, "Mất kết nối tới máy chủ", 60_000);
    await (await button(driver, submission)).click();
    await driver.wait(until.elementLocated(By.css(".textLayer span")), WAIT);
    await screenshot(driver, "desktop-offline.png");

    // A note typed offline is kept, said so, and reaches the host when it
    // is back (same address, same certificate).
    await driver.executeScript(() => {
      const span = [...document.querySelectorAll(".textLayer span")].find((s) =>
        s.textContent.includes("2027"),
      );
      const text = span.firstChild;
      const at = text.textContent.indexOf("2027");
      const range = document.createRange();
      range.setStart(text, at);
      range.setEnd(text, at + 4);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
    });
    await (await button(driver, "Ghi chú", { exact: true })).click();
    const noteText = "Hỏi lại số liệu năm 2027 khi có mạng";
    await (await field(driver, "Nội dung ghi chú")).sendKeys(noteText);
    await (await button(driver, "Lưu ghi chú")).click();
    await text(driver, "Chưa lưu được vì mất kết nối");
    host = start(
      kyhop,
      ["demo", "--tls", "--bind", new URL(url).host, "--data-dir", hostDir],
      /KyHop TLS fingerprint: ([0-9a-f]{64})/,
    );
    const [, again] = await host.ready;
    assert.equal(again, fingerprint, "the host keeps its certificate");
    const { token } = keptSignIn(appDir);
    let synced = null;
    for (let i = 0; i < 120 && !synced; i++) {
      await sleep(500);
      const notes = await hostCall(
        hostApi,
        "GET",
        `/api/documents/${submissionDoc.id}/notes`,
        { token },
      ).catch(() => []);
      synced = notes.find((n) => n.body === noteText) ?? null;
    }
    assert.ok(synced, "the note typed offline reached the host");

    // Asked to stop by the system (SIGTERM: a shutdown, `kill`), the app
    // quits as from the tray, through its clean shut-down.
    const pid = appPid(appDir);
    process.kill(pid, "SIGTERM");
    for (let i = 0; i < 100 && running(pid); i++) await sleep(100);
    assert.ok(!running(pid), "the app quits on SIGTERM");
    // Its last words may still be in the pipe.
    for (
      let i = 0;
      i < 50 && !/stopped cleanly/.test(tauriDriver.output());
      i++
    )
      await sleep(100);
    assert.match(tauriDriver.output(), /KyHop desktop stopped cleanly/);
    clearTimeout(stall);
    console.log(`desktop e2e passed for ${delegateName}`);
    console.log(JSON.stringify(figures));
  } catch (error) {
    // What the window showed when it went wrong.
    if (driver) await screenshot(driver, "desktop-failure.png").catch(() => {});
    throw error;
  } finally {
    if (driver) await driver.quit().catch(() => {});
    await stopTree(tauriDriver.child);
    await stop(host.child);
    if (xvfb) xvfb.kill();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

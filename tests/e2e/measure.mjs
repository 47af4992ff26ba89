// Measures the built app (not a test): `node tests/e2e/measure.mjs [loads] [--json FILE]
// [--only PART,...]` after `trunk build --release`. With `--json`, the figures `cargo xtask
// bench` puts in its table are also written to FILE as one flat object of numbers (bytes and
// milliseconds). `--only` measures some parts: sizes, loads, embed, live, timeline, hostile;
// and `slow` (the page over a slow connection), which runs only when named.
// - the size of every file in dist/: raw, gzip -9 and brotli (quality 11), as a server would send it;
// - the time from navigation to an editable editor (CodeMirror over the page's skeleton, before
//   the wasm is in) and to a runnable one (`.cm-editor` visible and Run enabled) in headless
//   Chromium, each load in a fresh context (nothing cached), median of 5 by default;
// - what the page fetches before its editor is usable, measured with the wasm held back (the
//   editor must become editable without it), and before Run works (everything);
// - what an embed transfers before the reader presses Run, and what pressing Run adds (raw,
//   gzip -9, brotli of the files requested): the embed of a program carried by its link, as
//   embed.js and the mdBook preprocessor write them (`?embed#v1/...`);
// - a live run (real event loop, views following the run) of a future that wakes itself 5,000
//   and 10,000 times: from Run to the end on the page, and the time per poll of each, whose
//   ratio says whether a live run is linear in its length;
// - the timeline of the longest run the page holds (a future that wakes itself until the
//   200,000-event limit, about 66,000 polls): each zoom step from click to the next frame, and
//   the frame rate while it pans across the widest zoom;
// - every program of tests/hostile/ run on the page: the slowest from Run to the end, the
//   longest frame while one ran, and the largest WebAssembly memory.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, deflateRawSync, gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { CHROMIUM } from "./playground.mjs";
import { DIST, ROOT, startServer } from "./server.mjs";

const args = process.argv.slice(2);
const jsonAt = args.indexOf("--json");
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : null;
const onlyAt = args.indexOf("--only");
/** `--only sizes,loads`: just those parts (sizes, loads, embed, live, timeline, hostile). */
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(",")) : null;
const loads = Number(
  args.find((a, i) => /^\d+$/.test(a) && (jsonAt < 0 || i !== jsonAt + 1) && (onlyAt < 0 || i !== onlyAt + 1)) ?? 5,
);
/** Whether to measure `part`. */
const wanted = (part) => only === null || only.has(part);
/** The figures for `--json`. */
const figures = {};
/** The program the page interprets for the wasm/native row (the bench's `FIB22`). */
const FIB22 = "fn fib(n: u64) -> u64 {\n    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }\n}\n\nasync fn main() {\n    println!(\"{}\", fib(22));\n}\n";
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

/** Sizes of a file of dist/ as a server would send it. */
function fileSizes(file) {
  const body = readFileSync(join(DIST, file));
  return {
    file,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }).length,
  };
}

const sum = (rows) =>
  rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
const triple = (t) => `${kb(t.raw)} raw, ${kb(t.gzip)} gzip, ${kb(t.brotli)} brotli`;

function sizes() {
  const rows = readdirSync(DIST)
    .filter((f) => statSync(join(DIST, f)).isFile())
    .map(fileSizes)
    .sort((a, b) => b.raw - a.raw);
  const total = sum(rows);
  const width = Math.max(...rows.map((r) => r.file.length), 5);
  console.log(`${"file".padEnd(width)}  ${"raw".padStart(11)}  ${"gzip -9".padStart(11)}  ${"brotli".padStart(11)}`);
  for (const r of [...rows, { file: "total", ...total }]) {
    console.log(`${r.file.padEnd(width)}  ${kb(r.raw).padStart(11)}  ${kb(r.gzip).padStart(11)}  ${kb(r.brotli).padStart(11)}`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** When (ms since navigation) the editor was visible and Run enabled, polled by `options`. */
async function runnableAt(page, options) {
  const ready = await page.waitForFunction(
    () => {
      const editor = document.querySelector(".cm-editor");
      const run = document.querySelector('[data-testid="run"]');
      return editor && editor.getBoundingClientRect().height > 0 && run && !run.disabled && performance.now();
    },
    undefined,
    options,
  );
  return ready.jsonValue();
}

/** When (ms since navigation) the page had an editor one can type into. */
async function editableAt(page, options) {
  const ready = await page.waitForFunction(
    () => {
      const content = document.querySelector('.cm-content[contenteditable="true"]');
      return content && content.getBoundingClientRect().height > 0 && performance.now();
    },
    undefined,
    options,
  );
  return ready.jsonValue();
}

/**
 * What the full page fetches before its editor is usable: one load whose wasm is held back
 * until the editor takes typing, so only what the editor really waits for counts (the files
 * whose responses were complete by then).
 */
async function fetchedBeforeEditable(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    let release;
    const held = new Promise((resolve) => (release = resolve));
    await page.route(/\.wasm$/, async (route) => {
      await held;
      await route.continue();
    });
    const finished = [];
    page.on("requestfinished", (r) => finished.push(new URL(r.url()).pathname.slice(1) || "index.html"));
    await page.goto(url, { waitUntil: "commit" });
    await editableAt(page, { polling: "raf", timeout: 30_000 });
    const files = finished.filter((f) => statSync(join(DIST, f), { throwIfNoEntry: false })?.isFile());
    if (files.some((f) => f.endsWith(".wasm"))) throw new Error("the wasm was held back, yet it counted");
    release();
    return { files, ...sum(files.map(fileSizes)) };
  } finally {
    await context.close();
  }
}

async function loadTimes() {
  const server = await startServer();
  const browser = await chromium.launch(CHROMIUM);
  const results = [];
  let beforeEditable;
  try {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const requested = [];
      page.on("request", (r) => requested.push(new URL(r.url()).pathname.slice(1) || "index.html"));
      await page.goto(server.url, { waitUntil: "commit" });
      // Something visible: the browser's first contentful paint (Paint Timing), or where it
      // reports none, the first frame with text on the page. Both count from the navigation's
      // start.
      const visible = await page.waitForFunction(
        () => {
          const fcp = performance.getEntriesByName("first-contentful-paint")[0];
          if (fcp) return fcp.startTime;
          return (document.body?.innerText ?? "").trim().length > 0 && performance.now();
        },
        undefined,
        { polling: "raf", timeout: 30_000 },
      );
      const firstVisible = await visible.jsonValue();
      const editable = await editableAt(page, { polling: "raf", timeout: 30_000 });
      const runnable = await runnableAt(page, { polling: "raf", timeout: 30_000 });
      const nav = await page.evaluate(() => {
        const n = performance.getEntriesByType("navigation")[0];
        const wasm = performance.getEntriesByType("resource").find((r) => r.name.endsWith(".wasm"));
        return { domContentLoaded: n.domContentLoadedEventEnd, wasmFetched: wasm?.responseEnd ?? 0 };
      });
      const fetched = sum(
        requested.filter((f) => statSync(join(DIST, f), { throwIfNoEntry: false })?.isFile()).map(fileSizes),
      );
      // The interpreter in wasm: compile and run a program through the page's API. The first
      // run after the load (what a learner's first Run meets: V8 may still run the wasm's
      // baseline code) and, like the native figure (7 runs after 2 warm-ups), the median of 5
      // runs after 2 more.
      const wasmFibRuns = await page.evaluate(async (source) => {
        const times = [];
        for (let i = 0; i < 8; i++) {
          const start = performance.now();
          const result = await window.pollscope.run(source);
          if (!result.trace.includes("done main ready")) throw new Error(`fib did not finish: ${result.trace.slice(-200)}`);
          times.push(performance.now() - start);
        }
        return times;
      }, FIB22);
      const wasmFibFirst = wasmFibRuns[0];
      const wasmFib = median(wasmFibRuns.slice(3));
      results.push({ runnable, editable, firstVisible, ...nav, fetched, wasmFib, wasmFibFirst });
      await context.close();
    }
    beforeEditable = await fetchedBeforeEditable(browser, server.url);
  } finally {
    await browser.close();
    await server.close();
  }
  const ms = (x) => `${x.toFixed(0)} ms`;
  console.log(`\nnavigation to a runnable editor, ${loads} cold loads from 127.0.0.1 in headless Chromium:`);
  console.log(`  each:   ${results.map((r) => ms(r.runnable)).join(", ")}`);
  console.log(`  median: ${ms(median(results.map((r) => r.runnable)))}` +
    ` (DOMContentLoaded ${ms(median(results.map((r) => r.domContentLoaded)))},` +
    ` wasm fetched ${ms(median(results.map((r) => r.wasmFetched)))},` +
    ` first text on screen ${ms(median(results.map((r) => r.firstVisible)))})`);
  console.log(`  editable (before the wasm is in): median ${ms(median(results.map((r) => r.editable)))}`);
  console.log(`  fetched before the editor was usable: ${triple(beforeEditable)} (${beforeEditable.files.join(", ")})`);
  console.log(`  fetched before Run worked: ${triple(results[0].fetched)}`);
  console.log(
    `  fib(22) through window.pollscope.run: ${ms(median(results.map((r) => r.wasmFib)))} warm,` +
      ` ${ms(median(results.map((r) => r.wasmFibFirst)))} the first run after the load (medians)`,
  );
  figures.runnable_ms = median(results.map((r) => r.runnable));
  figures.first_visible_ms = median(results.map((r) => r.firstVisible));
  figures.editable_ms = median(results.map((r) => r.editable));
  figures.page_brotli = beforeEditable.brotli;
  figures.page_gzip = beforeEditable.gzip;
  figures.page_run_brotli = results[0].fetched.brotli;
  figures.page_run_gzip = results[0].fetched.gzip;
  figures.wasm_fib22_ms = median(results.map((r) => r.wasmFib));
  figures.wasm_fib22_first_ms = median(results.map((r) => r.wasmFibFirst));
}

/**
 * The full page over an emulated slow connection (150 ms round trip, 1.6 Mbit/s down, as
 * Chromium's network emulation gives it): the first contentful paint, which shows the page's
 * static skeleton, the editable editor (before the wasm) and the runnable one, for 3 cold loads.
 * The local server sends the files uncompressed.
 */
async function slowConnection() {
  const server = await startServer();
  const browser = await chromium.launch(CHROMIUM);
  try {
    for (let i = 0; i < 3; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 150,
        downloadThroughput: 200_000,
        uploadThroughput: 100_000,
      });
      await page.goto(server.url, { waitUntil: "commit" });
      const editable = await editableAt(page, { polling: 100, timeout: 120_000 });
      const runnable = await runnableAt(page, { polling: 100, timeout: 120_000 });
      const paint = await page.evaluate(() => performance.getEntriesByName("first-contentful-paint")[0]?.startTime);
      console.log(
        `slow connection, load ${i + 1}: first paint ${paint?.toFixed(0) ?? "-"} ms, editable ${editable.toFixed(0)} ms,` +
          ` runnable ${runnable.toFixed(0)} ms`,
      );
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

async function embedTransfer() {
  const server = await startServer();
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await browser.newPage();
    const requested = [];
    page.on("request", (r) => requested.push(new URL(r.url()).pathname.slice(1) || "index.html"));
    const program = readFileSync(join(ROOT, "tests", "programs", "countdown.rs"));
    const link = `?embed#v1/${deflateRawSync(program).toString("base64url")}`;
    await page.goto(`${server.url}${link}`);
    await page.locator('[data-testid="run"]:not([disabled])').waitFor();
    await page.waitForLoadState("networkidle");
    const before = requested.splice(0);
    await page.locator('[data-testid="run"]').click();
    await page.locator('[data-testid="end"]').waitFor();
    await page.waitForLoadState("networkidle");
    const rows = (files) => files.filter((f) => statSync(join(DIST, f), { throwIfNoEntry: false })?.isFile()).map(fileSizes);
    console.log(`\nan embed (?embed#v1/... of countdown.rs), files fetched before Run: ${before.join(", ")}`);
    console.log(`  before Run: ${triple(sum(rows(before)))}`);
    figures.embed_brotli = sum(rows(before)).brotli;
    console.log(`  Run adds:   ${triple(sum(rows(requested)))} (${requested.length} requests)`);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** A hand-written future that wakes itself `n` times, then returns. */
const selfWaking = (n) => readFileSync(join(ROOT, "tests", "programs", "countdown.rs"), "utf8")
  .replace(/ *println!\("\{\} left", self.left\);\n/, "")
  .replace("left: 3", `left: ${n}`);

async function liveRuns() {
  const server = await startServer();
  const browser = await chromium.launch(CHROMIUM);
  const perPoll = {};
  try {
    console.log("\nlive runs of a future that wakes itself n times (Run to the end, on the page):");
    // The first run warms the browser up (compiling the wasm, caching it) and is not counted.
    for (const n of [1_000, 5_000, 10_000]) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.url}?code=${encodeURIComponent(selfWaking(n))}`);
      await page.locator('[data-testid="run"]:not([disabled])').waitFor();
      await page.locator('[data-testid="live"]').check();
      const start = Date.now();
      await page.locator('[data-testid="run"]').click();
      await page.locator('[data-testid="end"]').waitFor({ timeout: 600_000 });
      const ms = Date.now() - start;
      const end = await page.locator('[data-testid="end"]').textContent();
      if (!/main returned/.test(end)) throw new Error(`the live run of ${n} did not finish: ${end}`);
      perPoll[n] = ms / n;
      await page.close();
      if (n > 1_000) console.log(`  n = ${n}: ${ms} ms, ${(1000 * perPoll[n]).toFixed(0)} µs per poll`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  figures.live_10k_ms = perPoll[10_000] * 10_000;
  figures.live_per_poll_5k_us = 1000 * perPoll[5_000];
  figures.live_per_poll_10k_us = 1000 * perPoll[10_000];
}

async function timeline() {
  const server = await startServer();
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${server.url}?code=${encodeURIComponent(selfWaking(1_000_000))}`);
    await page.locator('[data-testid="run"]:not([disabled])').waitFor();
    await page.locator('[data-testid="run"]').click();
    await page.locator('[data-testid="end"]').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => /limit/.test(document.querySelector('[data-testid="end"]').textContent), undefined, { timeout: 120_000 });
    const polls = await page.evaluate(() => document.querySelectorAll('[data-testid="timeline"] rect.bar').length);
    await page.locator('[data-testid="timeline"]').scrollIntoViewIfNeeded();
    // Zooming: from the click to the frame after the new drawing.
    const zooms = [];
    for (let z = 2; z <= 64; z *= 2) {
      zooms.push(await page.evaluate(async () => {
        const start = performance.now();
        document.querySelector('[data-testid="tl-zoom-in"]').click();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return performance.now() - start;
      }));
    }
    const bars = await page.evaluate(() => document.querySelectorAll('[data-testid="timeline"] rect.bar').length);
    // Panning at 64x: the scroller moves every frame for two seconds, by `px` pixels a frame;
    // the frame rate is what the browser managed.
    const pan = (px) => page.evaluate(async (px) => {
      const scroller = document.querySelector(".tl-scroll");
      scroller.scrollLeft = 0;
      const frames = [];
      let last = await new Promise((r) => requestAnimationFrame(r));
      for (let i = 0; i < 120; i++) {
        scroller.scrollLeft += px;
        const t = await new Promise((r) => requestAnimationFrame(r));
        frames.push(t - last);
        last = t;
      }
      frames.sort((a, b) => a - b);
      const mean = frames.reduce((a, b) => a + b, 0) / frames.length;
      return { fps: 1000 / mean, p95: frames[Math.floor(frames.length * 0.95)] };
    }, px);
    const width = await page.locator(".tl-scroll").evaluate((el) => el.clientWidth);
    // A brisk drag (a viewport in about a second) and a fling (half a viewport every frame).
    const drag = await pan(Math.round(width / 60));
    const fling = await pan(Math.round(width / 2));
    console.log(`\nthe timeline of a run at the event limit (${polls} bars drawn at 1x, ${bars} at 64x):`);
    console.log(`  zoom steps 2x..64x, click to drawn: ${zooms.map((t) => `${t.toFixed(0)} ms`).join(", ")}`);
    const fps = (p) => `${p.fps.toFixed(1)} fps (95th percentile frame ${p.p95.toFixed(1)} ms)`;
    console.log(`  panning at 64x, a viewport a second: ${fps(drag)}; half a viewport a frame: ${fps(fling)}`);
    figures.timeline_pan_fps = drag.fps;
    figures.timeline_fling_fps = fling.fps;
    figures.timeline_zoom_worst_ms = Math.max(...zooms);
  } finally {
    await browser.close();
    await server.close();
  }
}

async function hostile() {
  const server = await startServer();
  const browser = await chromium.launch(CHROMIUM);
  const dir = join(ROOT, "tests", "hostile");
  let slowest = [0, ""];
  let frame = [0, ""];
  let memory = [0, ""];
  const rows = [];
  try {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".rs")).sort()) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(`${server.url}?code=${encodeURIComponent(readFileSync(join(dir, file), "utf8"))}`);
      await page.locator('[data-testid="run"]:not([disabled])').waitFor();
      // Every frame's length while the program runs: how long a click would wait.
      await page.evaluate(() => {
        window.__frames = [];
        let last = performance.now();
        const tick = (t) => {
          window.__frames.push(t - last);
          last = t;
          if (!window.__stop) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      // Timed in the page, from the click until the end is drawn and Run is enabled again
      // (Playwright's waitFor polls with a back-off of up to 500 ms: too coarse here).
      const ms = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const run = document.querySelector('[data-testid="run"]');
            const over = () => document.querySelector('[data-testid="end"]') && !run.disabled;
            const start = performance.now();
            const observer = new MutationObserver(() => {
              if (!over()) return;
              observer.disconnect();
              // The second frame callback runs once the frame showing the end is drawn.
              requestAnimationFrame(() => requestAnimationFrame(() => resolve(Math.round(performance.now() - start))));
            });
            observer.observe(document.body, { subtree: true, childList: true, attributes: true });
            run.click();
          }),
      );
      const longest = await page.evaluate(() => {
        window.__stop = true;
        return Math.max(...window.__frames);
      });
      const bytes = await page.evaluate(() => window.pollscope.memory().reserved);
      rows.push(`  ${file.padEnd(24)} ${String(ms).padStart(5)} ms  frame ${longest.toFixed(0).padStart(4)} ms  ${(bytes / 1e6).toFixed(0).padStart(4)} MB`);
      if (ms > slowest[0]) slowest = [ms, file];
      if (longest > frame[0]) frame = [longest, file];
      if (bytes > memory[0]) memory = [bytes, file];
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log("\nhostile programs (tests/hostile/) on the page: Run to the end, longest frame, wasm memory");
  for (const row of rows) console.log(row);
  console.log(`  slowest from Run to the end: ${slowest[0]} ms (${slowest[1]})`);
  console.log(`  longest frame while one ran: ${frame[0].toFixed(0)} ms (${frame[1]})`);
  console.log(`  largest WebAssembly memory: ${(memory[0] / 1e6).toFixed(0)} MB (${memory[1]})`);
  figures.hostile_slowest_ms = slowest[0];
  figures.hostile_longest_frame_ms = frame[0];
  figures.hostile_wasm_bytes = memory[0];
}

if (wanted("sizes")) sizes();
if (wanted("loads")) await loadTimes();
if (wanted("embed")) await embedTransfer();
if (wanted("live")) await liveRuns();
if (wanted("timeline")) await timeline();
if (wanted("hostile")) await hostile();
// Only when asked for (`--only slow`): it takes about a minute and is no budget's figure.
if (only?.has("slow")) await slowConnection();
if (jsonFile) {
  writeFileSync(jsonFile, `${JSON.stringify(figures, null, 1)}\n`);
  console.log(`\nfigures written to ${jsonFile}`);
}

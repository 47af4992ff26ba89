// Pollscope inside other people's pages: the embed layout in an iframe on a host page served from
// another origin, resized from its height messages; embed.js upgrading code blocks lazily with
// the wasm fetched once; the sample mdBook's embeds running.
import assert from "node:assert/strict";
import { mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { ARTIFACTS, CHROMIUM } from "./playground.mjs";
import { DIST, ROOT, startServer } from "./server.mjs";

const CACHE = "public, max-age=3600"; // as a static host serves hashed files
let browser;
let site; // dist/ on its own origin, the way a docs site embeds a playground hosted elsewhere
let hostDir;
let host;

before(async () => {
  browser = await chromium.launch(CHROMIUM);
  site = await startServer(DIST, { prefix: "/pollscope/", cache: CACHE });
  hostDir = await mkdtemp(join(tmpdir(), "pollscope-host-"));
  await writeFile(join(hostDir, "index.html"), "<!doctype html><title>host</title>");
  host = await startServer(hostDir);
});
after(async () => {
  await browser.close();
  await site.close();
  await host.close();
  await rm(hostDir, { recursive: true, force: true });
});

const countdown = `struct Countdown { left: u32 }

impl Future for Countdown {
    type Output = &'static str;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<&'static str> {
        if self.left == 0 { return Poll::Ready("liftoff"); }
        println!("{} left", self.left);
        self.left -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

async fn main() {
    println!("{}", Countdown { left: 3 }.await);
}`;
const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A host page in the host's folder; resolves to its URL. */
async function hostPage(name, body) {
  await writeFile(join(hostDir, name), `<!doctype html><html><head><meta charset="utf-8"><title>host</title></head><body>${body}</body></html>`);
  return `${host.url}${name}`;
}

/** Records the height messages a page receives (from any frame). */
async function recordMessages(page) {
  await page.addInitScript(() => {
    window.__heights = [];
    addEventListener("message", (e) => {
      if (e.data?.type === "pollscope:height") window.__heights.push(e.data.height);
    });
  });
}

function wasmFetches(server) {
  return [...server.requests].filter(([path]) => path.endsWith("_bg.wasm")).reduce((n, [, count]) => n + count, 0);
}

describe("an iframe on another origin", () => {
  test("reports its height on load and on every change, and the host's embed.js resizes it", async () => {
    const url = await hostPage(
      "iframe.html",
      `<h1>A blog post</h1><iframe data-pollscope src="${site.url}?embed#example=countdown" title="Pollscope" width="100%" height="150"></iframe>
       <script src="${site.url}embed.js" defer></script><p>After the embed.</p>`,
    );
    const page = await browser.newPage({ viewport: { width: 900, height: 800 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await recordMessages(page);
    await page.goto(url);
    const frameEl = page.locator("iframe[data-pollscope]");
    const frame = page.frameLocator("iframe[data-pollscope]");
    await frame.locator('[data-testid="embed"]').waitFor();
    // Resized to the content from the message (150 px was far too small).
    await page.waitForFunction(() => document.querySelector("iframe").getBoundingClientRect().height > 300);
    const contentHeight = async () => frame.locator("body").evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
    // The iframe's inner height (the host's default iframe border is outside it).
    const frameHeight = async () => frameEl.evaluate((f) => f.clientHeight);
    assert.equal(await frameHeight(), await contentHeight());
    const heights = await page.evaluate(() => window.__heights.length);
    assert.ok(heights >= 1);
    // A run adds the future tree's rows and the log: a new height arrives and is applied.
    const before = await frameHeight();
    await frame.locator('[data-testid="run"]').click();
    await frame.locator('[data-testid="end"]').waitFor();
    await page.waitForFunction((h) => document.querySelector("iframe").clientHeight !== h, before);
    await page.waitForFunction(() => window.__heights.at(-1) === document.querySelector("iframe").clientHeight);
    assert.equal(await frameHeight(), await contentHeight());
    assert.match(await frame.locator('[data-testid="end"]').textContent(), /main returned/);
    // The embed is compact and read-only: no gallery, no header; typing changes nothing.
    assert.equal(await frame.locator('[data-testid="example-select"]').count(), 0);
    const text = await frame.locator(".cm-content").textContent();
    await frame.locator(".cm-content").click();
    await page.keyboard.type("xyz");
    assert.equal(await frame.locator(".cm-content").textContent(), text);
    // Open in Pollscope: the full page at the same program and position.
    const href = await frame.locator('[data-testid="open-full"]').getAttribute("href");
    assert.match(href, new RegExp(`^${site.url}#example=countdown&step=\\d+$`));
    await page.screenshot({ path: join(ARTIFACTS, "embed-host-iframe.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a host ignores messages that are not from its iframe or not of the schema", async () => {
    const url = await hostPage(
      "spoof.html",
      `<iframe data-pollscope src="${site.url}?embed#example=polling" height="200"></iframe>
       <script src="${site.url}embed.js" defer></script>`,
    );
    const page = await browser.newPage();
    await page.goto(url);
    await page.frameLocator("iframe").locator('[data-testid="embed"]').waitFor();
    await page.waitForFunction(() => document.querySelector("iframe").getBoundingClientRect().height > 200);
    const settled = await page.evaluate(() => document.querySelector("iframe").style.height);
    await page.evaluate(() => {
      postMessage({ type: "pollscope:height", height: 5 }, "*"); // from the host window itself
      document.querySelector("iframe").contentWindow.parent.postMessage({ type: "other", height: 9 }, "*");
    });
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => document.querySelector("iframe").style.height), settled);
    await page.close();
  });
});

describe("embed.js", () => {
  test("upgrades three code blocks (and an editable one) near the viewport as previews, fetching the wasm once on Run", async () => {
    const blocks = [countdown, countdown.replace("left: 3", "left: 2"), countdown.replace("left: 3", "left: 1")]
      .map((code, i) => `<h2>Example ${i + 1}</h2><pre><code class="language-rust pollscope${i === 2 ? " editable" : ""}">${escape(code)}</code></pre>`)
      .join("\n");
    const url = await hostPage(
      "blocks.html",
      `<h1>Three examples</h1>${blocks}<div style="height: 4000px"></div>
       <pre id="far"><code class="language-rust pollscope">${escape(countdown)}</code></pre>
       <pre id="plain"><code class="language-rust">fn not_an_embed() {}</code></pre>
       <script src="${site.url}embed.js" defer></script>`,
    );
    const before = wasmFetches(site);
    const page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(url);
    await page.waitForFunction(() => document.querySelectorAll("iframe[data-pollscope]").length === 3, undefined, { timeout: 30_000 });
    const frames = page.locator("iframe[data-pollscope]");
    // Before the reader interacts each frame shows its program as text, with no wasm fetched.
    for (let i = 0; i < 3; i++) await page.frameLocator(`iframe >> nth=${i}`).locator('[data-testid="embed-preview"]').waitFor();
    const first = page.frameLocator("iframe >> nth=0");
    assert.match(await first.locator(".preview-code").textContent(), /Countdown \{ left: 3 \}/);
    assert.equal(await first.locator('[data-testid="embed"]').count(), 0);
    // The block far down is not upgraded until it scrolls near; the plain block never is.
    assert.equal(await page.locator("#far").count(), 1);
    assert.equal(await page.locator("#plain").count(), 1);
    assert.equal(wasmFetches(site) - before, 0, "nothing heavy is fetched before the reader interacts");
    // Each runs its own program: Run starts the playground in that frame and runs at once; the
    // second frame's wasm comes from the HTTP cache.
    for (const [i, left] of [[0, 3], [1, 2]]) {
      const frame = page.frameLocator(`iframe >> nth=${i}`);
      await frame.locator('[data-testid="run"]').click();
      await frame.locator('[data-testid="end"]').waitFor();
      assert.match(await frame.locator('[data-testid="console"]').textContent(), new RegExp(`${left} left`));
    }
    assert.equal(wasmFetches(site) - before, 1, "the wasm is fetched once for the page");
    // The third is editable.
    const third = page.frameLocator("iframe >> nth=2");
    await third.locator(".preview-code").click(); // starts the editor and focuses it
    await third.locator(".cm-content:focus").waitFor();
    await page.keyboard.press("Control+End");
    await page.keyboard.type("\n// edited");
    assert.match(await third.locator(".cm-content").textContent(), /\/\/ edited/);
    await page.screenshot({ path: join(ARTIFACTS, "embed-js-blocks.png") });
    // Scrolling to the far block upgrades it.
    await page.locator("#far").scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll("iframe[data-pollscope]").length === 4);
    assert.equal(await frames.count(), 4);
    assert.equal(wasmFetches(site) - before, 1);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

describe("embed.js refuses addresses outside the Pollscope site", () => {
  test("a data-pollscope-src of javascript: or another origin makes no iframe", async () => {
    const url = await hostPage(
      "hostile-src.html",
      `<div id="a" data-pollscope-src="javascript:window.parent.__pwned=1"></div>
       <div id="b" data-pollscope-src="https://elsewhere.example/?embed"></div>
       <div id="c" data-pollscope-src="?embed#example=countdown"></div>
       <script src="${site.url}embed.js" defer></script>`,
    );
    const page = await browser.newPage();
    await page.goto(url);
    await page.locator("iframe[data-pollscope]").waitFor();
    await page.waitForTimeout(300);
    assert.equal(await page.locator("iframe").count(), 1, "only the site's own address");
    assert.equal(await page.locator("#a").count(), 1);
    assert.equal(await page.locator("#b").count(), 1);
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
    await page.close();
  });
});

describe("embed.js on mdBook's own markup", () => {
  test("a ```rust,pollscope block rendered by mdBook keeps its hidden lines folded", async () => {
    const boring = '<span class="boring">use std::pin::Pin;\nuse std::task::{Context, Poll};\n</span>';
    const body = escape(countdown.slice(countdown.indexOf("struct")));
    const url = await hostPage(
      "mdbook-markup.html",
      `<pre class="playground"><code class="language-rust pollscope hljs">${boring}${body}</code></pre>
       <script src="${site.url}embed.js" defer></script>`,
    );
    const page = await browser.newPage();
    await page.goto(url);
    const frame = page.frameLocator("iframe[data-pollscope]");
    await frame.locator('[data-testid="hidden-lines"]').waitFor();
    assert.match(await page.locator("iframe").getAttribute("src"), /#v1\/[A-Za-z0-9_-]+&hide=1-2$/);
    assert.match(await frame.locator('[data-testid="hidden-lines"]').textContent(), /2 hidden lines/);
    await frame.locator('[data-testid="run"]').click();
    await frame.locator('[data-testid="end"]').waitFor();
    assert.match(await frame.locator('[data-testid="console"]').textContent(), /liftoff/);
    await page.close();
  });
});

describe("embed.js without CompressionStream", () => {
  test("writes the same kind of link with stored DEFLATE blocks", async () => {
    const url = await hostPage(
      "old-browser.html",
      `<pre><code class="language-rust pollscope">${escape(countdown)}</code></pre>
       <script src="${site.url}embed.js" defer></script>`,
    );
    const page = await browser.newPage();
    await page.addInitScript(() => {
      delete window.CompressionStream;
    });
    await page.goto(url);
    const frame = page.frameLocator("iframe[data-pollscope]");
    await frame.locator('[data-testid="run"]').click();
    await frame.locator('[data-testid="end"]').waitFor();
    assert.match(await page.locator("iframe").getAttribute("src"), /\?embed#v1\/[A-Za-z0-9_-]+$/);
    assert.match(await frame.locator('[data-testid="console"]').textContent(), /liftoff/);
    await page.close();
  });
});

describe("mdBook", () => {
  test("the sample book's embeds load and run", async () => {
    // The book at the root and the site under /pollscope/ (the book's `site`), one origin.
    const dir = await mkdtemp(join(tmpdir(), "pollscope-book-"));
    const book = join(ROOT, "target", "book");
    for (const entry of await readdir(book)) await symlink(join(book, entry), join(dir, entry));
    await symlink(DIST, join(dir, "pollscope"));
    const server = await startServer(dir, { cache: CACHE });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(`${server.url}embeds.html`);
      const embeds = page.locator(".pollscope-embed, iframe[data-pollscope]");
      assert.equal(await embeds.count(), 3);
      for (let i = 0; i < 3; i++) {
        await page.locator("main").evaluate((m, i) => {
          const el = document.querySelectorAll(".pollscope-embed, iframe[data-pollscope]")[i];
          el.scrollIntoView();
        }, i);
        await page.waitForFunction((i) => document.querySelectorAll("iframe[data-pollscope]").length > i, i, { timeout: 30_000 });
        const frame = page.frameLocator(`iframe[data-pollscope] >> nth=${i}`);
        if (i === 0) {
          // The book hides the first example's `use` lines; so does its embed, until asked.
          const fold = frame.locator('[data-testid="hidden-lines"]');
          assert.match(await fold.textContent(), /⋯ 4 hidden lines/);
          // Before the reader acts that is the preview, drawn without the wasm; unfolding starts
          // the playground and unfolds its editor.
          assert.doesNotMatch(await frame.locator(".preview-code").textContent(), /use std::pin::Pin/);
          await fold.click();
          assert.match(await frame.locator(".cm-content").textContent(), /use std::pin::Pin/);
        }
        await frame.locator('[data-testid="run"]').click();
        await frame.locator('[data-testid="end"]').waitFor({ timeout: 30_000 });
        assert.match(await frame.locator('[data-testid="end"]').textContent(), /main returned/, `embed ${i + 1}`);
      }
      await page.locator("iframe[data-pollscope]").first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(ARTIFACTS, "embed-mdbook.png") });
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("the embed's preview", () => {
  /** `?embed#v1/…` for `code`, as the Share dialog writes it. */
  const v1 = (code) => `?embed#v1/${deflateRawSync(Buffer.from(code)).toString("base64url")}`;
  const editorFetches = (server) => server.requests.get("/pollscope/editor.js") ?? 0;

  test("shows a link's program as text with nothing heavy fetched, and Ctrl+Enter runs it", async () => {
    const hostile = `${countdown}\n// <img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`;
    const [wasm, editor] = [wasmFetches(site), editorFetches(site)];
    const page = await browser.newPage({ viewport: { width: 800, height: 700 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(site.url + v1(hostile));
    const code = page.locator('[data-testid="embed-preview"] .preview-code');
    await code.waitFor();
    assert.equal(await code.textContent(), hostile, "the program, as text");
    assert.equal(await page.locator("img, .preview-code script").count(), 0, "no element from the program's text");
    assert.match(await page.locator('[data-testid="embed-preview"] .open-full').getAttribute("href"), /^[^?]*#v1\//);
    await page.waitForTimeout(300);
    assert.equal(wasmFetches(site) - wasm, 0, "no wasm before the reader acts");
    assert.equal(editorFetches(site) - editor, 0, "no editor before the reader acts");
    await page.screenshot({ path: join(ARTIFACTS, "embed-preview.png") });
    // Ctrl+Enter anywhere in the frame runs, as it does in the playground.
    await page.keyboard.press("Control+Enter");
    await page.locator('[data-testid="end"]').waitFor();
    assert.match(await page.locator('[data-testid="console"]').textContent(), /3 left/);
    assert.equal(await page.locator('[data-testid="embed-preview"]').count(), 0, "the preview is gone");
    assert.equal(await page.getByTestId("editor").evaluate((el) => window.PollscopeEditor.textOf(el)), hostile);
    assert.equal(wasmFetches(site) - wasm, 1);
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("an example or a position in the address loads the playground at once", async () => {
    for (const address of ["?embed#example=countdown", `${v1(countdown)}&step=3`]) {
      const page = await browser.newPage();
      await page.goto(site.url + address);
      await page.locator('[data-testid="embed"] .cm-content').waitFor();
      assert.equal(await page.locator('[data-testid="embed-preview"]').count(), 0, address);
      await page.close();
    }
  });
});

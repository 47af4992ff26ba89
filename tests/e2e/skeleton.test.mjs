// The page's static first view (web/skeleton.mjs, adapted by web/boot.js): before the wasm
// arrives the page already shows the header, the examples, the program the app will open and
// the disabled controls; the app that replaces it shows the same; an embed shows its loading
// panel instead. Once the editor bundle is in, the skeleton's program is an editor the learner
// can use before the wasm arrives, and the app takes it over.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { CHROMIUM, Playground } from "./playground.mjs";
import { DIST, startServer } from "./server.mjs";
import { examples, skeleton, withSkeleton } from "../../web/skeleton.mjs";

let browser;
let server;
before(async () => {
  browser = await chromium.launch(CHROMIUM);
  server = await startServer();
});
after(async () => {
  await browser.close();
  await server.close();
});

/**
 * A page whose wasm (and, unless `editor` is true, its editor bundle) is held back until
 * `release()`, so the skeleton can be read; `storage` is put in localStorage before the page's
 * scripts run (the learner's stored work).
 */
async function heldPage(storage = {}, { editor = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((items) => {
    for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
  }, storage);
  const page = await context.newPage();
  let release;
  const held = new Promise((resolve) => (release = resolve));
  await page.route(editor ? /_bg\.wasm$/ : /(_bg\.wasm|\/editor\.js)$/, async (route) => {
    await held;
    await route.continue();
  });
  // A held script holds the load event: navigations wait for the parsed document only.
  const goto = page.goto.bind(page);
  page.goto = (url, options) => goto(url, { waitUntil: "domcontentloaded", ...options });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  return { page, release, errors, close: () => context.close() };
}

/** What the skeleton shows: the selected example, the options, the explanation and the code. */
function readSkeleton(page) {
  return page.locator("#boot.skeleton").evaluate((boot) => {
    const select = boot.querySelector('[data-testid="skeleton-select"]');
    return {
      selected: select.value,
      options: [...select.options].map((o) => [o.value, o.textContent]),
      explanation: boot.querySelector('[data-testid="skeleton-explanation"]').textContent,
      code: boot.querySelector('[data-testid="skeleton-code"]').textContent,
      runDisabled: boot.querySelector("button.primary").disabled,
      status: boot.querySelector("[data-boot-message]").textContent,
    };
  });
}

/** The same, read from the app once it has mounted. */
async function readApp(page) {
  const pg = new Playground(page, server.url);
  await page.locator('[data-testid="editor"] .cm-editor').waitFor({ state: "visible" });
  const select = pg.byTestId("example-select");
  return {
    selected: await select.inputValue(),
    options: await select.locator("option").evaluateAll((os) => os.map((o) => [o.value, o.textContent])),
    explanation: await pg.byTestId("explanation").textContent(),
    code: await pg.source(),
  };
}

test("the generator reads the gallery's Rust literals and writes text as text", () => {
  const rust = [
    "pub const EXAMPLES: &[Example] = &[",
    '    example!("first", "A \\"quoted\\" title", "Line one \\',
    '        and `code` with a back\\\\slash."),',
    "    example!(",
    '        "second",',
    '        "<b>Second</b>",',
    '        "Two & two",',
    "    ),",
    "];",
  ].join("\n");
  const gallery = examples(rust);
  assert.deepEqual(gallery, [
    { id: "first", title: 'A "quoted" title', explanation: "Line one and `code` with a back\\slash." },
    { id: "second", title: "<b>Second</b>", explanation: "Two & two" },
  ]);
  const html = skeleton(gallery, 'fn main() { let s = "</pre><script>"; }\n');
  assert.match(html, /<option value="first" data-explanation="Line one and `code` with a back\\slash\." selected>A &quot;quoted&quot; title<\/option>/);
  assert.match(html, /&lt;b&gt;Second&lt;\/b&gt;/);
  assert.match(html, /Line one and <code>code<\/code> with/);
  assert.match(html, /<span class="pv-string">&quot;&lt;\/pre&gt;&lt;script&gt;&quot;<\/span>/);
  assert.doesNotMatch(html, /<script>|<b>/);
  assert.throws(() => examples("no gallery here"), /no example!/);
  // Written another way, an entry is an error, not a silent gap; a commented-out one is out.
  assert.throws(() => examples(String.raw`example!("a", "A", "x") example!(r"b", "B", "y")`), /2 example!/);
  assert.throws(() => examples(String.raw`example!("a", "A", "\q")`), /escape/);
  assert.deepEqual(examples('example!("a", "A\u{2192}", "x")\r\n    // example!("b", "B", "y")\r\n').map((e) => e.title), ["A→"]);
  assert.throws(() => withSkeleton("<body></body>"), /marker/);
});

test("the built page holds the skeleton: header, every example, the first one's code", async () => {
  const html = await readFile(join(DIST, "index.html"), "utf8");
  assert.doesNotMatch(html, /<!-- skeleton:/, "the post_build hook replaced the marker");
  // In a template: an embed, or a page without JavaScript, never paints the full layout.
  assert.match(html, /<template id="boot-skeleton">\s*<div id="boot" class="skeleton"[^>]*>\s*<header class="top">/);
  assert.match(html, /<h1><span class="logo"[^>]*>◎<\/span> Pollscope<\/h1>/);
  assert.match(html, /data-boot-message>Loading the playground/);
  assert.match(html, /<span class="pv-keyword">impl<\/span>/, "the code is coloured");
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "no inline script");
  assert.ok(html.length < 40_000, `index.html is ${html.length} bytes`);
});

test("before the wasm arrives the skeleton shows what the app then shows", async () => {
  const { page, release, errors, close } = await heldPage();
  try {
    await page.goto(server.url);
    const skeleton = await readSkeleton(page);
    assert.equal(skeleton.runDisabled, true);
    assert.match(skeleton.status, /Loading the playground/);
    release();
    const app = await readApp(page);
    assert.equal(await page.locator("#boot").count(), 0, "the app removed the skeleton");
    assert.deepEqual(skeleton.options, app.options);
    assert.equal(skeleton.selected, app.selected);
    assert.equal(skeleton.explanation, app.explanation);
    assert.equal(skeleton.code, app.code);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("the skeleton opens the learner's stored example and edit, as the app does", async () => {
  const edit = "// my own version\nasync fn main() {\n    println!(\"<b>not markup</b>\");\n}\n";
  const { page, release, close } = await heldPage({
    "pollscope.v1.example": "countdown",
    "pollscope.v1.edits": JSON.stringify({ countdown: edit }),
  });
  try {
    await page.goto(server.url);
    await page.locator('[data-testid="skeleton-code"]', { hasText: "my own version" }).waitFor();
    const skeleton = await readSkeleton(page);
    assert.equal(skeleton.selected, "countdown");
    assert.equal(skeleton.code, edit);
    assert.equal(await page.locator("#boot b").count(), 0, "the stored text stays text");
    release();
    const app = await readApp(page);
    assert.equal(app.selected, "countdown");
    assert.equal(app.code, edit);
    assert.equal(skeleton.explanation, app.explanation);
  } finally {
    await close();
  }
});

test("the skeleton follows the address: a named example, a share link", async () => {
  {
    const { page, release, close } = await heldPage({ "pollscope.v1.example": "countdown" });
    try {
      await page.goto(`${server.url}#example=pinning`);
      const skeleton = await readSkeleton(page);
      assert.equal(skeleton.selected, "pinning");
      assert.match(skeleton.code, /Loading the program/, "its code is not in the page: pending");
      release();
      const app = await readApp(page);
      assert.equal(app.selected, "pinning");
      assert.equal(skeleton.explanation, app.explanation);
    } finally {
      await close();
    }
  }
  {
    const code = "async fn main() {\n    println!(\"from a link\");\n}\n";
    const { page, release, close } = await heldPage();
    try {
      await page.goto(`${server.url}#v1/${deflateRawSync(Buffer.from(code)).toString("base64url")}`);
      await page.locator('[data-testid="skeleton-code"]', { hasText: "from a link" }).waitFor();
      const skeleton = await readSkeleton(page);
      assert.equal(skeleton.selected, "");
      assert.equal(skeleton.code, code);
      release();
      const app = await readApp(page);
      assert.equal(app.selected, "");
      assert.equal(app.code, code);
    } finally {
      await close();
    }
  }
});

test("the skeleton opens what the app opens for addresses it must not take at face value", async () => {
  const code = "async fn main() {\n    println!(\"code wins\");\n}\n";
  const cases = [
    // `code` in the query comes before `example` (pollscope_link::parse).
    { address: `?code=${encodeURIComponent(code)}&example=pinning`, selected: "", code },
    // A link the app cannot read opens the first example as written (with a notice).
    { address: "#v1/not-a-program", selected: "polling" },
    { address: "#v9/AAAA", selected: "polling" },
    { address: "#example=no_such_example", selected: "polling" },
    { address: "#example=pinning&step=abc", selected: "polling" },
    { address: "?gist=0123abcd", selected: "polling" },
  ];
  for (const { address, selected, code: expected } of cases) {
    const { page, release, close } = await heldPage({
      "pollscope.v1.example": "countdown",
      "pollscope.v1.edits": JSON.stringify({ countdown: "// edited\n", polling: "// edited first\n" }),
    });
    try {
      await page.goto(`${server.url}${address}`);
      if (expected) await page.locator('[data-testid="skeleton-code"]', { hasText: "code wins" }).waitFor();
      const skeleton = await readSkeleton(page);
      assert.equal(skeleton.selected, selected, address);
      release();
      const app = await readApp(page);
      assert.equal(app.selected, selected, `${address}: the app`);
      assert.equal(skeleton.code, app.code, `${address}: the code`);
    } finally {
      await close();
    }
  }
  // A stored example that no longer exists: the first, with the learner's edit of it.
  const { page, release, close } = await heldPage({
    "pollscope.v1.example": "removed_example",
    "pollscope.v1.edits": JSON.stringify({ polling: "// my polling\n" }),
  });
  try {
    await page.goto(server.url);
    await page.locator('[data-testid="skeleton-code"]', { hasText: "my polling" }).waitFor();
    release();
    const app = await readApp(page);
    assert.equal(app.selected, "polling");
    assert.equal(app.code, "// my polling\n");
  } finally {
    await close();
  }
});

test("an embed shows its loading panel, not the full page's skeleton", async () => {
  const { page, release, close } = await heldPage();
  try {
    await page.goto(`${server.url}?embed#example=polling`);
    await page.locator("#boot.boot [data-boot-message]").waitFor();
    assert.equal(await page.locator(".skeleton, .layout").count(), 0);
    release();
    await page.locator('[data-testid="editor"] .cm-editor').waitFor({ state: "visible" });
    assert.equal(await page.locator("#boot").count(), 0);
  } finally {
    await close();
  }
});

test("before the wasm arrives the learner edits in a real editor, and the app takes it over", async () => {
  const { page, release, errors, close } = await heldPage({}, { editor: true });
  try {
    await page.goto(server.url);
    const early = page.locator('#boot .cm-content[contenteditable="true"]');
    await early.waitFor();
    assert.equal(await page.locator('[data-testid="skeleton-code"]').count(), 0, "the editor took the code's place");
    const first = await page.locator("#boot .editor").evaluate((el) => window.PollscopeEditor.textOf(el));
    assert.match(first, /impl Future for Doorbell/, "the first example, as the skeleton showed it");
    // The learner replaces the program and asks for a run, all before the interpreter is in.
    const program = 'async fn main() {\n    println!("typed before the wasm");\n}\n';
    await early.click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(program);
    await page.keyboard.press("Control+Enter");
    assert.match(await page.locator("#boot [data-boot-message]").textContent(), /runs as soon as it is in/);
    assert.equal(await page.locator('[data-testid="run"]').count(), 0, "the app is not there yet");
    release();
    // The app takes the same editor over (one editor, the learner's text, still focused) and
    // runs the program it was asked to run.
    const pg = new Playground(page, server.url);
    await page.locator('[data-testid="editor"] .cm-editor').waitFor();
    await pg.settled();
    assert.equal(await page.locator(".cm-editor").count(), 1);
    assert.equal(await pg.source(), program);
    assert.match(await pg.consoleText(), /typed before the wasm/);
    assert.match(await pg.endText(), /main returned/);
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains("cm-content")), true);
    // It is the learner's edit of the first example, kept as any edit is.
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("pollscope.v1.edits") ?? "{}"));
    assert.equal(stored.polling, program);
    // Typing goes on where it stopped, and the app hears it.
    await page.keyboard.insertText("// more\n");
    assert.equal(await pg.source(), `${program}// more\n`);
    await pg.run();
    assert.match(await pg.consoleText(), /typed before the wasm/);
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("an early editor the learner did not touch becomes the app's editor, with no edit kept", async () => {
  const { page, release, close } = await heldPage({ "pollscope.v1.example": "countdown" }, { editor: true });
  try {
    // A named example whose code the page does not hold: no early editor (its code is pending).
    await page.goto(`${server.url}#example=pinning`);
    await page.locator("#boot .skeleton-pending").waitFor();
    await page.waitForFunction(() => window.PollscopeEditor);
    assert.equal(await page.locator(".cm-editor").count(), 0, "no editor over a pending program");
  } finally {
    await close();
  }
  const held = await heldPage({}, { editor: true });
  try {
    await held.page.goto(server.url);
    await held.page.locator('#boot .cm-content[contenteditable="true"]').waitFor();
    await held.page.locator("#boot .cm-editor").evaluate((el) => (el.madeEarly = true));
    // The learner scrolled down while waiting: the app's editor stays there.
    const scrolled = await held.page.locator("#boot .cm-scroller").evaluate(async (el) => {
      el.scrollTop = 200;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      return el.scrollTop;
    });
    assert.ok(scrolled > 0, "the first example is longer than the editor");
    held.release();
    const app = await readApp(held.page);
    assert.equal(await held.page.locator(".cm-editor").count(), 1);
    assert.equal(await held.page.locator('[data-testid="editor"] .cm-editor').evaluate((el) => el.madeEarly), true, "the same editor");
    await held.page.waitForFunction(
      (top) => document.querySelector('[data-testid="editor"] .cm-scroller').scrollTop === top,
      scrolled,
      { timeout: 5_000 },
    );
    assert.equal(app.selected, "polling");
    assert.match(app.code, /impl Future for Doorbell/);
    assert.equal(await held.page.locator('[data-testid="end"]').count(), 0, "nothing ran by itself");
    await held.page.waitForTimeout(100);
    assert.equal(await held.page.evaluate(() => localStorage.getItem("pollscope.v1.edits")), null);
  } finally {
    await held.close();
  }
});

// Links carry a program and a view: Share writes one (and copies it), opening it reproduces the
// view; Rust Playground-style `?code=` links open that code as sent; broken and hostile links
// show a message and the default example, never an error, and their text never becomes HTML.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { Playground, startEnv } from "./playground.mjs";

let env;
before(async () => {
  env = await startEnv();
});
after(() => env.stop());

/** A fresh page (own context: no localStorage shared) opened at `url`. */
async function openAt(url) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.server.url.replace(/\/$/, "") });
  const page = await context.newPage();
  const pg = new Playground(page, url);
  await pg.open();
  return pg;
}

/** What a link must reproduce. */
async function state(pg) {
  return {
    example: await pg.byTestId("example-select").inputValue(),
    source: await pg.source(),
    position: await pg.position(),
    into: await pg.byTestId("into").isChecked(),
    live: await pg.byTestId("live").isChecked(),
  };
}

/** Clicks Share; returns the link in the address bar, checking it was also copied. */
async function share(pg) {
  await pg.byTestId("share").click();
  await pg.page.waitForFunction(() => /copied/.test(document.querySelector('[data-testid="share-status"]').textContent));
  const url = pg.page.url();
  assert.equal(await pg.page.evaluate(() => navigator.clipboard.readText()), url);
  return url;
}

describe("share links", () => {
  test("every example's link round-trips with its cursor, and names the example", async () => {
    const first = await openAt(env.server.url);
    const ids = await first.exampleIds();
    await first.close();
    for (const id of ids) {
      const pg = await openAt(env.server.url);
      await pg.pickExample(id);
      await pg.run();
      await pg.reset();
      const steps = (await pg.cursor()).steps;
      for (let i = 0; i < Math.min(3, steps - 1); i++) await pg.step();
      const before = await state(pg);
      const url = await share(pg);
      assert.match(url, new RegExp(`#example=${id}&step=\\d+$`), url);
      assert.equal(pg.errors.length, 0, pg.errors.join("\n"));
      await pg.close();
      const opened = await openAt(url);
      await opened.page.waitForFunction((p) => document.querySelector('[data-testid="position"]').textContent.trim() === p, before.position);
      assert.deepEqual(await state(opened), before, id);
      assert.equal(opened.errors.length, 0, opened.errors.join("\n"));
      await opened.close();
    }
  });

  test("an edited program travels in the link (compressed), with Step into and Futures", async () => {
    const pg = await openAt(env.server.url);
    await pg.pickExample("join_combinator");
    const edited = (await pg.source()).replace("async fn main() {", "async fn main() {\n    println!(\"edited & <b>shared</b>\");");
    await pg.setSource(edited);
    await pg.run();
    await pg.reset();
    await pg.byTestId("into").check();
    for (let i = 0; i < 5; i++) await pg.step();
    const before = await state(pg);
    assert.match(before.position, /in a poll/);
    const url = await share(pg);
    assert.match(url, /#v1\/[A-Za-z0-9_-]+&step=\d+&event=\d+&into$/, url);
    await pg.close();
    const opened = await openAt(url);
    await opened.page.waitForFunction((p) => document.querySelector('[data-testid="position"]').textContent.trim() === p, before.position);
    const after = await state(opened);
    assert.deepEqual({ ...after, example: "" }, { ...before, example: "" });
    assert.equal(after.example, "", "the gallery shows the program from a link");
    assert.match(await opened.byTestId("example-select").locator("option:checked").textContent(), /Program from a link/);
    // Its edits are the page's: the learner's stored edits of the example are untouched.
    assert.equal(await opened.page.evaluate(() => localStorage.getItem("pollscope.v1.edits")), null);
    assert.equal(await opened.page.locator("b").count(), 0, "printed text is not HTML");
    await opened.close();
  });

  test("a broken link shows the first example as written and keeps the learner's edit of it", async () => {
    const pg = await openAt(env.server.url);
    await pg.pickExample("polling");
    const mine = (await pg.source()) + "\n// mine\n";
    await pg.setSource(mine);
    const opened = new Playground(await pg.page.context().newPage(), `${env.server.url}#v1/@@@`);
    await opened.open();
    assert.equal(await opened.byTestId("example-select").inputValue(), "polling");
    assert.doesNotMatch(await opened.source(), /\/\/ mine/);
    const stored = JSON.parse(await opened.page.evaluate(() => localStorage.getItem("pollscope.v1.edits")));
    assert.equal(stored.polling, mine);
    await pg.close();
  });

  test("Share after an edit without Run carries the new text and no cursor of the old run", async () => {
    const pg = await openAt(env.server.url);
    await pg.pickExample("countdown");
    await pg.run();
    await pg.setSource((await pg.source()).replace("left: 3", "left: 2"));
    const url = await share(pg);
    assert.match(url, /#v1\/[A-Za-z0-9_-]+$/, url);
    await pg.close();
  });

  test("a link pasted into the address bar of an open page opens (only the fragment changes)", async () => {
    const pg = await openAt(env.server.url);
    await pg.page.evaluate(() => {
      location.hash = "#example=timer_order&step=2";
    });
    await pg.page.waitForFunction(() => document.querySelector('[data-testid="example-select"]')?.value === "timer_order");
    await pg.page.waitForFunction(() => /step 3 of/.test(document.querySelector('[data-testid="position"]')?.textContent));
    await pg.close();
  });

  test("an example link opens it as written and keeps the learner's own edit stored", async () => {
    const pg = await openAt(env.server.url);
    await pg.pickExample("countdown");
    const mine = (await pg.source()).replace("left: 3", "left: 4");
    await pg.setSource(mine);
    // Same browser profile (same localStorage), a new tab opened at the link.
    const opened = new Playground(await pg.page.context().newPage(), `${env.server.url}#example=countdown`);
    await opened.open();
    assert.doesNotMatch(await opened.source(), /left: 4/);
    assert.equal(await opened.byTestId("edited").count(), 0);
    const stored = JSON.parse(await opened.page.evaluate(() => localStorage.getItem("pollscope.v1.edits")));
    assert.equal(stored.countdown, mine);
    await pg.close();
  });
});

describe("the Embed dialog", () => {
  test("writes an iframe for the current state and an embed.js block, read-only unless asked", async () => {
    const pg = await openAt(env.server.url);
    await pg.pickExample("timer_order");
    await pg.byTestId("embed-open").click();
    const iframe = pg.byTestId("embed-iframe");
    assert.match(await iframe.inputValue(), new RegExp(`^<iframe src="${env.server.url}\\?embed#example=timer_order" .*data-pollscope></iframe>$`));
    await pg.byTestId("embed-editable").check();
    assert.match(await iframe.inputValue(), /\?embed&amp;editable#example=timer_order/);
    const script = await pg.byTestId("embed-script").inputValue();
    assert.ok(script.startsWith(`<script src="${env.server.url}embed.js" defer></script>\n<pre><code class="language-rust pollscope editable">`), script);
    assert.ok(!script.slice(script.indexOf("<pre>")).replace(/<\/?(pre|code)[^>]*>/g, "").includes("<"), "the code is escaped");
    await pg.page.keyboard.press("Escape");
    assert.equal(await pg.byTestId("embed-dialog").isVisible(), false);
    await pg.close();
  });
});

describe("Rust Playground links", () => {
  test("?code= opens that code and runs it", async () => {
    const code = 'async fn main() {\n    let x = 40 + 2;\n    println!("answer {}", x);\n}\n';
    const pg = await openAt(`${env.server.url}?code=${encodeURIComponent(code)}&edition=2024`);
    assert.equal(await pg.source(), code);
    assert.match(await pg.byTestId("playground-notice").textContent(), /Rust Playground link \(edition 2024\)/);
    await pg.run();
    assert.match(await pg.consoleText(), /answer 42/);
    assert.deepEqual(pg.errors, []);
    await pg.close();
  });

  test("rustdoc's wrapped example is shown as sent and runs (a plain fn main in task #1)", async () => {
    const code = '#![allow(unused)]\nfn main() {\nlet v = vec![1, 2, 3];\nprintln!("{}", v.len());\n}';
    const pg = await openAt(`${env.server.url}?code=${encodeURIComponent(code)}&edition=2021&version=stable&mode=debug`);
    assert.equal(await pg.source(), code);
    const notice = await pg.byTestId("playground-notice").textContent();
    assert.match(notice, /edition 2021, channel stable, mode debug/);
    assert.match(notice, /rustdoc wraps its examples/);
    await pg.run();
    assert.deepEqual(await pg.diagnostics(), []);
    assert.match(await pg.consoleText(), /│ 3$/m);
    await pg.close();
  });
});

describe("bad links never hurt", () => {
  const bomb = "v1/" + "7cEBDQAAAMKg9k9tDg".padEnd(18, "A"); // not a valid stream either way
  const cases = [
    ["#v1/!!!!", /not valid base64url/],
    ["#v1/AAAA", /does not decompress/],
    ["#v1/", /carries no program/],
    ["#v7/abc", /newer Pollscope/],
    ["#example=no_such_example", /no example named/],
    ["#example=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E", /no example named/],
    [`#${bomb}`, /cannot be opened/],
    // (An oversized query never reaches the page: servers refuse such request lines; the
    // decoder's own limit on queries is unit-tested in pollscope-link.)
    [`#v1/${"A".repeat(120_000)}`, /too long/],
  ];
  for (const [suffix, message] of cases) {
    test(`${suffix.slice(0, 40)} shows ${message ?? "the text as code"}`, async () => {
      const pg = await openAt(env.server.url + suffix);
      if (message) {
        assert.match(await pg.byTestId("link-error").textContent(), message);
        assert.equal(await pg.byTestId("example-select").inputValue(), "polling", "the default example");
      }
      assert.equal(await pg.page.locator("img").count(), 0);
      assert.deepEqual(pg.errors, []);
      await pg.close();
    });
  }

  test("?embed&code= with broken percent-encoding previews as text, then opens the same text", async () => {
    const context = await env.browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(env.server.url + "?embed&code=%E0%A4%A%3Cimg%20src=x%3E");
    const preview = page.locator('[data-testid="embed-preview"] .preview-code');
    await preview.waitFor();
    const text = await preview.textContent();
    assert.match(text, /<img src=x>$/);
    await page.locator('[data-testid="run"]').click();
    await page.locator('[data-testid="embed"] .cm-content').waitFor();
    assert.equal(await page.getByTestId("editor").evaluate((el) => window.PollscopeEditor.textOf(el)), text);
    assert.equal(await page.locator("img").count(), 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a program that looks like HTML is code, never markup", async () => {
    let dialogs = 0;
    const code = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>\nasync fn main() { println!("<b>x</b>"); }';
    const pg = await openAt(`${env.server.url}?code=${encodeURIComponent(code)}`);
    pg.page.on("dialog", (d) => {
      dialogs++;
      d.dismiss();
    });
    assert.equal(await pg.source(), code);
    await pg.run();
    assert.equal(await pg.page.evaluate(() => window.__pwned ?? null), null);
    assert.equal(await pg.page.locator(".layout img, .layout script, .layout b").count(), 0);
    assert.equal(dialogs, 0);
    await pg.close();
  });
});

// The strict Content-Security-Policy of issue 12, stricter than a host needs to be: scripts and
// styles only from the site's own files (no 'unsafe-inline', no 'unsafe-eval'). Every example
// runs under it in the full page (with live mode, the dialogs and "Step into") and in an embed
// (the preview handing over, and embed.js on another origin's page), with no violation.
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { CHROMIUM, Playground } from "./playground.mjs";
import { DIST, sampleHeaders, startServer } from "./server.mjs";

const STRICT =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; frame-ancestors *";

let browser;
let site;
before(async () => {
  browser = await chromium.launch(CHROMIUM);
  site = await startServer(DIST, { headers: { "Content-Security-Policy": STRICT } });
});
after(async () => {
  await browser.close();
  await site.close();
});

/** A page (own context) that records every CSP violation in any of its frames. */
async function strictPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const violations = [];
  await page.exposeBinding("__violation", ({ frame }, text) => violations.push(`${frame.url()}: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`),
    );
  });
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy/.test(m.text())) violations.push(`console: ${m.text()}`);
  });
  return { page, violations, close: () => context.close() };
}

test("the sample _headers send this policy", async () => {
  assert.equal((await sampleHeaders())["Content-Security-Policy"], STRICT);
});

describe("under the strict policy", () => {
  test("every example runs in the full page, with Step into, the dialogs and live mode", async () => {
    const { page, violations, close } = await strictPage();
    const pg = new Playground(page, site.url);
    await pg.open();
    // CodeMirror's themes are applied (from the adopted stylesheet): the editor has its layout.
    assert.equal(await page.locator(".cm-editor").evaluate((e) => getComputedStyle(e).display), "flex");
    assert.equal(await page.locator("style").count(), 0, "no <style> element");
    const ids = await pg.exampleIds();
    assert.ok(ids.length >= 10, `${ids.length} examples`);
    for (const id of ids) {
      await pg.pickExample(id);
      await pg.run();
      await pg.reset();
      await page.keyboard.press("Shift+ArrowRight"); // Step into: the future tree and the notes
      await pg.step();
    }
    await pg.byTestId("into").check();
    await pg.step();
    await pg.byTestId("embed-open").click();
    await page.locator("dialog[open]").waitFor();
    await page.keyboard.press("Escape");
    await pg.pickExample("sequential_vs_join");
    await pg.byTestId("live").check();
    await pg.run();
    assert.match(await pg.endText(), /main returned/);
    assert.deepEqual(violations, []);
    assert.deepEqual(pg.errors, []);
    await close();
  });

  test("an embed previews, hands over and runs; embed.js works on another origin's page", async () => {
    const { page, violations, close } = await strictPage();
    const program = `async fn main() {\n    println!("under a strict CSP");\n}\n`;
    await page.goto(`${site.url}?embed#v1/${deflateRawSync(Buffer.from(program)).toString("base64url")}`);
    await page.locator('[data-testid="embed-preview"]').waitFor();
    await page.locator('[data-testid="run"]').click();
    await page.locator('[data-testid="end"]').waitFor();
    assert.match(await page.locator('[data-testid="console"]').textContent(), /under a strict CSP/);
    // Every example as an embed of the example (the ids from the full page's gallery).
    const gallery = new Playground(page, site.url);
    await gallery.open();
    for (const id of await gallery.exampleIds()) {
      await page.goto(`${site.url}?embed#example=${id}`);
      await page.locator('[data-testid="run"]:not([disabled])').click();
      await page.locator('[data-testid="end"]').waitFor();
    }
    // embed.js on a host page of another origin, with a CSP of its own that allows the site.
    const dir = await mkdtemp(join(tmpdir(), "pollscope-csp-host-"));
    const origin = site.url.replace(/\/$/, "");
    await writeFile(
      join(dir, "index.html"),
      `<!doctype html><meta charset="utf-8"><title>host</title>
       <pre><code class="language-rust pollscope">${program.replace(/</g, "&lt;")}</code></pre>
       <script src="${site.url}embed.js" defer></script>`,
    );
    const host = await startServer(dir, {
      headers: { "Content-Security-Policy": `default-src 'self'; script-src 'self' ${origin}; frame-src ${origin}; style-src 'self'` },
    });
    try {
      await page.goto(host.url);
      const frame = page.frameLocator("iframe[data-pollscope]");
      await frame.locator('[data-testid="run"]').click();
      await frame.locator('[data-testid="end"]').waitFor({ timeout: 30_000 });
      assert.match(await frame.locator('[data-testid="console"]').textContent(), /under a strict CSP/);
    } finally {
      await host.close();
      await rm(dir, { recursive: true, force: true });
    }
    assert.deepEqual(violations, []);
    await close();
  });
});

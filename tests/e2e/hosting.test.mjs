// The built site hosted anywhere: under a path prefix, with the strict Content-Security-Policy of
// the sample `_headers`, with no failed request; and a clear message when the wasm cannot load
// (the page before the wasm arrives: skeleton.test.mjs).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chromium } from "playwright-core";
import { CHROMIUM, Playground } from "./playground.mjs";
import { DIST, sampleHeaders, startServer } from "./server.mjs";

/** Records failed requests, HTTP errors and CSP violations of a page. */
export function watch(page) {
  const problems = [];
  page.on("requestfailed", (r) => problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  return problems;
}

let browser;
before(async () => {
  browser = await chromium.launch(CHROMIUM);
});
after(() => browser.close());

test("the site served under a sub-path with the sample CSP loads, runs and fails no request", async () => {
  const headers = await sampleHeaders();
  assert.match(headers["Content-Security-Policy"], /script-src 'self' 'wasm-unsafe-eval'/);
  const scriptSrc = /script-src ([^;]*)/.exec(headers["Content-Security-Policy"])[1];
  assert.doesNotMatch(scriptSrc, /unsafe-inline|'unsafe-eval'/);
  const server = await startServer(DIST, { prefix: "/docs/playground/", headers });
  try {
    const page = await browser.newPage();
    const problems = watch(page);
    await page.addInitScript(() => {
      window.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
      );
    });
    const pg = new Playground(page, server.url);
    await pg.open();
    await pg.pickExample("join_combinator");
    await pg.run();
    assert.match(await pg.endText(), /main returned/);
    await pg.reset();
    for (let i = 0; i < 3; i++) await pg.step();
    // The future tree's rows are indented by a style property (CSSOM, allowed by the CSP).
    const indents = await page.locator('[data-testid="future"]').evaluateAll((rows) => rows.map((r) => r.style.marginLeft));
    assert.ok(indents.some((m) => parseFloat(m) > 0), `indented rows: ${indents}`);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(problems, []);
    // Everything came from under the prefix.
    const outside = [...server.requests.keys()].filter((p) => !p.startsWith("/docs/playground/"));
    assert.deepEqual(outside, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test("a wasm that cannot load is explained on the page", async () => {
  const server = await startServer();
  try {
    const page = await browser.newPage();
    await page.route(/_bg\.wasm$/, (route) => route.fulfill({ status: 404, body: "gone" }));
    await page.goto(server.url);
    const boot = page.locator("#boot.failed [role=alert]");
    await boot.waitFor();
    assert.match(await boot.textContent(), /Pollscope could not start: .+Reload the page/s);
    await page.close();
  } finally {
    await server.close();
  }
});

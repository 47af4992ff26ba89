// Strangers' programs in the page: every program of tests/hostile/ ends with the outcome its
// `// ends:` line names (a limit, in the page's words), the WebAssembly memory stays under
// 256 MB, and the page answers afterwards. How long each takes, and the longest frame while
// it runs, are in `cargo xtask bench` (measure.mjs), not asserted here.
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Playground, startEnv } from "./playground.mjs";
import { ROOT } from "./server.mjs";

const DIR = join(ROOT, "tests", "hostile");
let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env.stop();
});

/**
 * What the page says for a trace's last line `limit KIND VALUE ...` or `done main ready ...`.
 * The page's fuel for one poll is smaller than the CLI's (`browser_limits`), so for fuel only
 * the kind must match.
 */
function outcome(ends) {
  const limit = /^limit (\S+) (\d+)/.exec(ends);
  if (limit) return new RegExp(`^Stopped: the ${limit[1]} limit \\(${limit[1] === "fuel" ? "\\d+" : limit[2]}\\) was reached`);
  if (/^done main ready/.test(ends)) return /^Done: main returned/;
  throw new Error(`no page outcome for ${ends}`);
}

describe("hostile programs in the page", () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith(".rs")).sort();
  test("there are hostile programs", () => assert.ok(files.length >= 14, `${files.length}`));
  for (const file of files) {
    test(`${file} ends as it must and leaves the page working`, async () => {
      const source = readFileSync(join(DIR, file), "utf8");
      const ends = /^\/\/ ends: (.*)$/m.exec(source)[1];
      const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
      const pg = new Playground(await context.newPage(), `${env.server.url}?code=${encodeURIComponent(source)}`);
      await pg.open();
      await pg.run();
      assert.match(await pg.endText(), outcome(ends));
      const memory = await pg.page.evaluate(() => window.pollscope.memory());
      assert.ok(memory.reserved < 256e6, `${(memory.reserved / 1e6).toFixed(0)} MB`);
      // The page still answers: stepping back to the start and forward again.
      await pg.reset();
      assert.match(await pg.position(), /^step 1 of \d+/);
      await pg.step();
      assert.match(await pg.position(), /^step 2 of \d+/);
      assert.deepEqual(pg.errors, []);
      await context.close();
    });
  }
});

// Every example of the gallery runs in the browser to the end its golden trace records, and
// prints what the golden trace prints.
import assert from "node:assert/strict";
import { after, describe, test } from "node:test";
import { expectedConsole, expectedEnd, goldenLines } from "./golden.mjs";
import { startEnv } from "./playground.mjs";

const env = await startEnv();
after(() => env.stop());
const pg = await env.playground();
const ids = await pg.exampleIds();

describe("every example of the gallery runs to its golden end", () => {
  test("the gallery lists examples", () => {
    assert.ok(ids.length >= 10, `only ${ids.length} examples: ${ids}`);
  });

  for (const id of ids) {
    test(id, async () => {
      const golden = goldenLines(id);
      await pg.pickExample(id);
      assert.equal(await pg.position(), "no run yet");
      await pg.run();
      assert.deepEqual(await pg.diagnostics(), []);
      const end = await pg.endText();
      const want = expectedEnd(golden.at(-1));
      if (want.exact) assert.equal(end, want.exact);
      else assert.ok(end.startsWith(want.prefix), `"${end}" should start with "${want.prefix}"`);
      // Run goes to the last step: one step per line of the canonical trace.
      assert.equal(await pg.position(), `step ${golden.length} of ${golden.length}`);
      assert.equal(await pg.currentEvent(), golden.at(-1));
      assert.equal(await pg.consoleText(), expectedConsole(golden));
      if (id === "sequential_vs_join") await pg.screenshot("example-end");
    });
  }

  test("no errors in the page", () => {
    assert.deepEqual(pg.errors, []);
  });
});

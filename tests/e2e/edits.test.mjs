// Work is never lost: edits of each example survive switching examples and reloading the page
// (localStorage), until the learner reverts them; picking an example gives the keys back.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { usePlayground } from "./playground.mjs";
import { ROOT } from "./server.mjs";

const original = (id) => readFileSync(join(ROOT, "tests", "programs", `${id}.rs`), "utf8");

let pg;
usePlayground((p) => (pg = p));

describe("edits are kept", () => {
  test("an edit survives a switch to another example and back", async () => {
    await pg.pickExample("countdown");
    const edited = original("countdown").replace("Countdown { left: 3 }", "Countdown { left: 5 }");
    assert.notEqual(edited, original("countdown"));
    await pg.setSource(edited);
    assert.match(await pg.byTestId("edited").textContent(), /edited/);
    await pg.pickExample("polling");
    assert.equal(await pg.source(), original("polling"));
    assert.equal(await pg.byTestId("edited").count(), 0);
    await pg.pickExample("countdown");
    assert.equal(await pg.source(), edited);
    await pg.run();
    assert.equal(await pg.endText(), "Done: main returned after 6 polls of 1 task(s).");
  });

  test("the program and its example survive a reload", async () => {
    const edited = await pg.source();
    await pg.page.reload();
    await pg.open();
    assert.equal(await pg.byTestId("example-select").inputValue(), "countdown");
    assert.equal(await pg.source(), edited);
  });

  test("Revert to original drops the edit, also after a reload", async () => {
    await pg.byTestId("revert").click();
    assert.equal(await pg.source(), original("countdown"));
    await pg.page.reload();
    await pg.open();
    assert.equal(await pg.source(), original("countdown"));
    assert.equal(await pg.byTestId("edited").count(), 0);
  });

  test("after picking an example the arrow keys step (focus leaves the picker)", async () => {
    await pg.pickExample("spawn_yield");
    assert.equal(await pg.page.evaluate(() => document.activeElement?.dataset?.testid ?? null), null);
    await pg.run();
    await pg.page.keyboard.press("Home");
    await pg.page.keyboard.press("ArrowRight");
    assert.match(await pg.position(), /^step 2 of \d+$/);
  });

  test("no errors in the page", () => {
    assert.deepEqual(pg.errors, []);
  });
});

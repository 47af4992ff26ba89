// A program that never yields, or never ends, is stopped by a limit with a message, and the
// page keeps answering while it runs and afterwards. Ctrl+Enter in the editor runs.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { expectedEnd, goldenLines } from "./golden.mjs";
import { usePlayground } from "./playground.mjs";

const NEVER_YIELDS = "async fn main() { let mut n: u64 = 0; loop { n += 1; } }";
const YIELDS_FOREVER = "async fn main() {\n    loop {\n        yield_now().await;\n    }\n}\n";

/** The longest the page's event loop stays busy, in ms: a 10 ms heartbeat's biggest gap. */
async function startHeartbeat(page) {
  await page.evaluate(() => {
    window.__maxGap = 0;
    let last = performance.now();
    window.__heartbeat = setInterval(() => {
      const now = performance.now();
      window.__maxGap = Math.max(window.__maxGap, now - last);
      last = now;
    }, 10);
  });
  return async () =>
    page.evaluate(() => {
      clearInterval(window.__heartbeat);
      return Math.round(window.__maxGap);
    });
}

let pg;
usePlayground((p) => (pg = p));

describe("runaway programs", () => {
  test("a loop without .await is stopped by the fuel limit, with a diagnosis", async () => {
    await pg.setSource(NEVER_YIELDS);
    const stop = await startHeartbeat(pg.page);
    await pg.run();
    const gap = await stop();
    assert.match(await pg.endText(), /^Stopped: the fuel limit \(\d+\) was reached at line 1, column \d+\.$/);
    const diagnoses = await pg.byTestId("diagnosis").allTextContents();
    assert.ok(diagnoses.some((d) => d.startsWith("Never yields")), `diagnoses: ${diagnoses}`);
    // One poll cannot be cut in slices, but the per-poll fuel keeps it short.
    assert.ok(gap < 2000, `the page was blocked for ${gap} ms`);
    await pg.screenshot("runaway-limit");
  });

  test("after the limit the page still answers: Step, Back, and the example select", async () => {
    const { steps } = await pg.cursor();
    assert.equal(await pg.back(), `step ${steps - 1} of ${steps}`);
    assert.equal(await pg.step(), `step ${steps} of ${steps}`);
    await pg.pickExample("countdown");
    assert.equal(await pg.position(), "no run yet");
    assert.match(await pg.byTestId("explanation").textContent(), /impl Future/);
    // Step without a run runs the program and stops at its first event.
    await pg.byTestId("step").click();
    await pg.page.waitForFunction(() => /^step 1 of \d+$/.test(document.querySelector('[data-testid="position"]').textContent.trim()));
    assert.equal(await pg.currentEvent(), "0ms spawn #1 main");
  });

  test("a task that yields forever runs in slices: the page answers during the run", async () => {
    await pg.setSource(YIELDS_FOREVER);
    const stop = await startHeartbeat(pg.page);
    await pg.byTestId("run").click();
    // While it runs, the button says so and other controls still work.
    await pg.page.waitForFunction(() => document.querySelector('[data-testid="run"]').textContent.includes("Running"));
    await pg.byTestId("example-select").focus();
    await pg.settled();
    const gap = await stop();
    assert.match(await pg.endText(), /^Stopped: the (events|polls) limit \(\d+\) was reached\.$/);
    assert.ok(gap < 1000, `the page was blocked for ${gap} ms`);
    // Stepping through a long trace stays quick.
    const { steps } = await pg.cursor();
    const started = Date.now();
    for (let i = 1; i <= 5; i++) assert.equal(await pg.back(), `step ${steps - i} of ${steps}`);
    const perStep = (Date.now() - started) / 5;
    assert.ok(perStep < 500, `a step takes ${perStep} ms`);
  });

  test("picking an example during a long run drops that run", async () => {
    await pg.setSource(YIELDS_FOREVER);
    await pg.byTestId("run").click();
    await pg.page.waitForFunction(() => document.querySelector('[data-testid="run"]').textContent.includes("Running"));
    // (One not edited in this file: picking an edited one brings back the learner's edit.)
    await pg.pickExample("spawn_yield");
    await pg.page.waitForFunction(() => !document.querySelector('[data-testid="run"]').disabled);
    // Long enough for the dropped run to have finished, had it gone on (about 2 s).
    await pg.page.waitForTimeout(3000);
    assert.equal(await pg.position(), "no run yet");
    assert.equal(await pg.byTestId("end").count(), 0);
    await pg.run();
    assert.equal(await pg.endText(), expectedEnd(goldenLines("spawn_yield").at(-1)).exact);
  });

  test("Ctrl+Enter in the editor runs the program", async () => {
    await pg.setSource(NEVER_YIELDS.replace("loop { n += 1; }", 'n += 41; println!("{}", n + 1);'));
    assert.equal(await pg.page.evaluate(() => document.activeElement.classList.contains("cm-content")), true);
    await pg.page.keyboard.press("Control+Enter");
    await pg.settled();
    assert.equal(await pg.endText(), "Done: main returned after 1 polls of 1 task(s).");
    assert.equal(await pg.consoleText(), " #1 │ 42\n");
    // The key ran the program; it did not insert a line break.
    assert.equal(await pg.page.locator(".cm-content .cm-line").count(), 1);
  });

  test("no errors in the page", () => {
    assert.deepEqual(pg.errors, []);
  });
});

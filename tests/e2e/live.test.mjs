// Live mode: the program runs against real JavaScript promises and timers. A learner's promise
// waits for Resolve or Reject; the task completes after the click and the views follow.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startEnv } from "./playground.mjs";

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env.stop();
});

/** Turns Live on and starts the current program (does not wait for it to end). */
async function startLive(pg) {
  await pg.byTestId("live").check();
  await pg.byTestId("run").click();
}

describe("live mode", () => {
  test("clicking Resolve on a pending promise lets the waiting task complete", async () => {
    const pg = await env.playground();
    await pg.pickExample("user_promise");
    await startLive(pg);
    // The run waits for the learner: main is pending on p1, shown with its buttons.
    const resolve = pg.byTestId("resolve");
    await resolve.waitFor({ timeout: 10_000 });
    assert.match(await pg.byTestId("promises").textContent(), /p1 "Deploy to production\?"/);
    const before = await pg.tasks();
    assert.equal(before[0].task, "#1 main");
    assert.equal(before[0].state, "pending");
    await pg.screenshot("live-waiting");
    await resolve.click();
    await pg.settled();
    assert.match(await pg.endText(), /^Done: main returned/);
    assert.match(await pg.consoleText(), /deploying/);
    const after = await pg.tasks();
    assert.match(after[0].state, /^done/);
    // The promise is gone from the pending list, and the log shows the hand-off.
    assert.equal(await pg.byTestId("resolve").count(), 0);
    const log = await pg.byTestId("log").textContent();
    assert.match(log, /resolve promise p1/);
    await pg.screenshot("live-resolved");
    assert.deepEqual(pg.errors, []);
    await pg.close();
  });

  test("clicking Reject settles it the other way", async () => {
    const pg = await env.playground();
    await pg.pickExample("user_promise");
    await startLive(pg);
    await pg.byTestId("reject").click({ timeout: 10_000 });
    await pg.settled();
    assert.match(await pg.consoleText(), /cancelled/);
    // Stepping through a finished live run works like a virtual one.
    assert.match(await pg.reset(), /^step 1 of /);
    assert.match(await pg.step(), /^step 2 of /);
    await pg.close();
  });

  test("picking another example stops a live run that waits for you", async () => {
    const pg = await env.playground();
    await pg.pickExample("user_promise");
    await startLive(pg);
    await pg.byTestId("resolve").waitFor({ timeout: 10_000 });
    await pg.pickExample("countdown");
    // The waiting run is dropped: Run is available again and runs the new program (live).
    await pg.page.waitForFunction(() => !document.querySelector('[data-testid="run"]').disabled, undefined, { timeout: 10_000 });
    await pg.run();
    assert.match(await pg.endText(), /^Done: main returned after 4 polls/);
    assert.deepEqual(pg.errors, []);
    await pg.close();
  });

  test("a host promise settles by a real timer and wakes its task", async () => {
    const pg = await env.playground();
    await pg.pickExample("host_promise");
    await startLive(pg);
    // The learner's promise at the end of this example waits for a click.
    await pg.byTestId("resolve").click({ timeout: 10_000 });
    await pg.settled();
    assert.match(await pg.consoleText(), /late await gives 42/);
    assert.match(await pg.consoleText(), /early await gives soon/);
    assert.match(await pg.endText(), /^Done: main returned/);
    await pg.close();
  });
});

// After a run, Reset, Step and Back move the cursor through the trace one canonical event at a
// time, and every view shows the executor's state at that event, as the golden trace says.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { goldenLines } from "./golden.mjs";
import { usePlayground } from "./playground.mjs";

/**
 * The state after each line of a canonical trace, told from the text alone: virtual time,
 * tasks and their polls, the run queue, the task being polled. (A small independent model of
 * what the views show, so the test does not trust the app's own replay.)
 */
function expectedStates(lines) {
  const states = [];
  const s = { time: 0, polls: [], queue: [], running: null };
  for (const line of lines) {
    const m = /^(\d+)ms (.*)$/.exec(line);
    s.time = Number(m[1]);
    const event = m[2];
    let e;
    if ((e = /^spawn #(\d+)/.exec(event))) {
      s.polls.push(0);
      s.queue.push(Number(e[1]));
    } else if ((e = /^poll #(\d+)$/.exec(event))) {
      const t = Number(e[1]);
      s.queue = s.queue.filter((q) => q !== t);
      s.running = t;
      s.polls[t - 1] += 1;
    } else if (/^(pending|ready|panic) #\d+/.test(event)) {
      const t = Number(/#(\d+)/.exec(event)[1]);
      if (!event.startsWith("pending")) s.queue = s.queue.filter((q) => q !== t);
      s.running = null;
    } else if ((e = /^wake(?:_by_ref)? #(\d+) by /.exec(event)) && !event.endsWith(")")) {
      s.queue.push(Number(e[1]));
    }
    states.push({ time: `${s.time} ms`, polls: [...s.polls], queue: [...s.queue], running: s.running });
  }
  return states;
}

let pg;
usePlayground((p) => (pg = p));

describe("stepping through a run", () => {
  test("Reset goes to the first step, Step and Back move by one", async () => {
    const golden = goldenLines("spawn_yield");
    await pg.pickExample("spawn_yield");
    await pg.run();
    const n = golden.length;
    assert.equal(await pg.position(), `step ${n} of ${n}`);
    assert.equal(await pg.reset(), `step 1 of ${n}`);
    assert.equal(await pg.currentEvent(), golden[0]);
    assert.equal(await pg.back(), `step 1 of ${n}`, "Back stops at the first step");
    assert.equal(await pg.step(), `step 2 of ${n}`);
    assert.equal(await pg.step(), `step 3 of ${n}`);
    assert.equal(await pg.back(), `step 2 of ${n}`);
    assert.equal(await pg.currentEvent(), golden[1]);
    // The outcome appears only at the last step.
    assert.equal(await pg.byTestId("end").count(), 0);
  });

  for (const id of ["spawn_yield", "sequential_vs_join", "mailbox"]) {
    test(`${id}: at every step the log, tasks, queue and clock follow the trace`, async () => {
      const golden = goldenLines(id);
      const states = expectedStates(golden);
      await pg.pickExample(id);
      await pg.run();
      await pg.reset();
      for (let i = 0; i < golden.length; i++) {
        if (i > 0) assert.equal(await pg.step(), `step ${i + 1} of ${golden.length}`);
        const want = states[i];
        const at = `at step ${i + 1} (${golden[i]})`;
        assert.equal(await pg.currentEvent(), golden[i], at);
        assert.equal(await pg.clock(), want.time, at);
        const tasks = await pg.tasks();
        assert.deepEqual(
          tasks.map((t) => Number(t.polls)),
          want.polls,
          `${at}: polls per task`,
        );
        const queue = (await pg.queue()).map((label) => Number(/^#(\d+)/.exec(label)[1]));
        assert.deepEqual(queue, want.queue, `${at}: run queue`);
        const running = (await pg.byTestId("running").textContent()).trim();
        assert.equal(running === "—" ? null : Number(/^#(\d+)/.exec(running)[1]), want.running, `${at}: polling`);
        if (id === "sequential_vs_join" && i === 20) await pg.screenshot("stepping-mid");
      }
      // Back walks the same way home.
      for (let i = golden.length - 2; i >= golden.length - 6; i--) {
        await pg.back();
        assert.equal(await pg.currentEvent(), golden[i]);
        assert.equal(await pg.clock(), states[i].time);
      }
      assert.equal(await pg.step(), `step ${golden.length - 4} of ${golden.length}`);
    });
  }

  test("the editor highlights the line of the event at the cursor", async () => {
    const golden = goldenLines("spawn_yield");
    await pg.pickExample("spawn_yield");
    await pg.run();
    await pg.reset();
    const target = golden.indexOf('0ms print #1 "main spawned two workers"');
    for (let i = 0; i < target; i++) await pg.step();
    assert.equal(await pg.currentEvent(), golden[target]);
    const line = await pg.page.locator(".cm-line.cm-current-event").textContent();
    assert.match(line, /println!\("main spawned two workers"\)/);
  });

  test("the keyboard steps outside the editor", async () => {
    await pg.pickExample("countdown");
    await pg.run();
    const { steps } = await pg.cursor();
    await pg.page.locator("h1").click();
    await pg.page.keyboard.press("Home");
    assert.equal(await pg.position(), `step 1 of ${steps}`);
    await pg.page.keyboard.press("ArrowRight");
    await pg.page.keyboard.press("ArrowRight");
    assert.equal(await pg.position(), `step 3 of ${steps}`);
    await pg.page.keyboard.press("ArrowLeft");
    assert.equal(await pg.position(), `step 2 of ${steps}`);
    await pg.page.keyboard.press("End");
    assert.equal(await pg.position(), `step ${steps} of ${steps}`);
  });

  test("no errors in the page", () => {
    assert.deepEqual(pg.errors, []);
  });
});

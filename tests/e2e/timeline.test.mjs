// The timeline: a bar per poll in its task's lane, clickable; zoomed in on a long run it draws
// only what is near the visible part, and scrolling brings the rest in.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Playground, startEnv } from "./playground.mjs";
import { ROOT } from "./server.mjs";

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env.stop();
});

/** countdown.rs, waking itself `n` times without printing. */
const selfWaking = (n) =>
  readFileSync(join(ROOT, "tests", "programs", "countdown.rs"), "utf8")
    .replace(/ *println!\("\{\} left", self.left\);\n/, "")
    .replace("left: 3", `left: ${n}`);

/** The playground opened at a `?code=` link of `code`. */
async function openWith(code) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const pg = new Playground(await context.newPage(), `${env.server.url}?code=${encodeURIComponent(code)}`);
  await pg.open();
  return pg;
}

const bars = (pg) => pg.page.locator('[data-testid="timeline"] rect.bar');

describe("the timeline", () => {
  test("draws a bar per poll, and a click on one moves the cursor to it", async () => {
    const pg = await openWith(selfWaking(3));
    await pg.run();
    // Three polls return Pending, the fourth Ready.
    assert.equal(await bars(pg).count(), 4);
    assert.equal(await pg.page.locator('[data-testid="timeline"] rect.bar.pending').count(), 3);
    assert.equal(await pg.page.locator('[data-testid="timeline"] rect.bar.ready').count(), 1);
    await pg.reset();
    const before = await pg.cursor();
    await bars(pg).nth(2).click();
    const after = await pg.cursor();
    assert.ok(after.step > before.step, `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
    assert.match(await pg.currentEvent(), /poll #1/);
    assert.deepEqual(pg.errors, []);
    await pg.close();
  });

  test("zoomed in on a long run, draws what is near the view and the rest as it scrolls", async () => {
    const pg = await openWith(selfWaking(20_000));
    await pg.run();
    await pg.byTestId("timeline").scrollIntoViewIfNeeded();
    for (let z = 1; z < 64; z *= 2) await pg.byTestId("tl-zoom-in").click();
    const scroller = pg.page.locator(".tl-scroll");
    const { scrollWidth, clientWidth } = await scroller.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    assert.ok(scrollWidth > 60 * clientWidth, "64 times as wide");
    // At the start: the first polls, not the Ready one at the far end.
    const drawnAtStart = await bars(pg).count();
    assert.ok(drawnAtStart > 10, `${drawnAtStart} bars near the start`);
    assert.equal(await pg.page.locator('[data-testid="timeline"] rect.bar.ready').count(), 0);
    const firstX = Number(await bars(pg).first().getAttribute("x"));
    // Scrolled to the end, the Ready bar is drawn and within the view.
    await scroller.evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    const ready = pg.page.locator('[data-testid="timeline"] rect.bar.ready');
    await ready.waitFor();
    assert.ok(Number(await bars(pg).first().getAttribute("x")) > firstX, "the start is no longer drawn");
    const box = await ready.boundingBox();
    const view = await scroller.boundingBox();
    assert.ok(box.x >= view.x && box.x + box.width <= view.x + view.width + 1, "the Ready bar is in view");
    // Back to the start: the first bars again.
    await scroller.evaluate((el) => {
      el.scrollLeft = 0;
    });
    await pg.page.waitForFunction((x) => Number(document.querySelector('[data-testid="timeline"] rect.bar').getAttribute("x")) === x, firstX);
    await pg.screenshot("timeline-zoomed");
    assert.deepEqual(pg.errors, []);
    await pg.close();
  });
});

// The page at a phone's width and in dark mode: it fits, it runs, and it is readable.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { startEnv } from "./playground.mjs";

let env;
before(async () => {
  env = await startEnv();
});
after(() => env.stop());

/** Relative luminance of a CSS `rgb(...)` colour, 0 (black) to 1 (white). */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

describe("screens", () => {
  test("a 390x844 phone: one column, no sideways scrolling, runs an example", async () => {
    const pg = await env.playground({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await pg.pickExample("spawn_yield");
    await pg.byTestId("run").tap();
    await pg.settled();
    assert.match(await pg.endText(), /^Done: main returned/);
    const overflow = await pg.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
    // The buttons are big enough to tap (at least 32 px high).
    const heights = await pg.page.locator(".controls button").evaluateAll((bs) => bs.map((b) => b.offsetHeight));
    assert.ok(Math.min(...heights) >= 32, `button heights ${heights}`);
    await pg.screenshot("phone-390x844");
    await pg.screenshot("phone-390x844-viewport", { fullPage: false });
    assert.deepEqual(pg.errors, []);
    await pg.close();
  });

  test("dark mode: dark background, readable text, a dark editor", async () => {
    const pg = await env.playground({ colorScheme: "dark" });
    await pg.page.emulateMedia({ colorScheme: "dark" });
    await pg.pickExample("sequential_vs_join");
    await pg.run();
    await pg.reset();
    for (let i = 0; i < 12; i++) await pg.step();
    const colours = await pg.page.evaluate(() => {
      const style = (sel, prop) => getComputedStyle(document.querySelector(sel))[prop];
      return {
        body: style("body", "backgroundColor"),
        text: style("body", "color"),
        editor: style(".cm-editor", "backgroundColor"),
        code: style(".cm-line", "color"),
        panel: style(".panel", "backgroundColor"),
        muted: style(".panel h2", "color"),
      };
    });
    assert.ok(luminance(colours.body) < 0.05, `body background ${colours.body}`);
    assert.ok(luminance(colours.editor) < 0.05, `editor background ${colours.editor}`);
    assert.ok(contrast(colours.text, colours.body) >= 7, `text ${colours.text} on ${colours.body}`);
    assert.ok(contrast(colours.code, colours.editor) >= 4.5, `code ${colours.code} on ${colours.editor}`);
    assert.ok(contrast(colours.muted, colours.panel) >= 4.5, `headings ${colours.muted} on ${colours.panel}`);
    // Every highlighted token (keywords, names, strings, numbers, comments) is readable too.
    const tokens = await pg.page.locator(".cm-line span").evaluateAll((spans) =>
      spans.map((s) => [s.textContent, getComputedStyle(s).color]),
    );
    assert.ok(tokens.length > 20, `only ${tokens.length} highlighted tokens`);
    for (const [text, colour] of tokens) {
      assert.ok(contrast(colour, colours.editor) >= 4.5, `"${text}" in ${colour} on ${colours.editor}`);
    }
    await pg.screenshot("dark-mode");
    assert.deepEqual(pg.errors, []);
    await pg.close();
  });

  // The three ideas mid-step, at 1280 px and on a phone, light and dark: screenshots to look at
  // (tests/artifacts/idea-*.png), and what each must show to be seen without reading docs.
  const IDEAS = [
    // Polling: inside main's poll, the poll has gone down to the Doorbell future.
    { idea: "polling", example: "polling", until: (t) => t.here?.flow === "↓ poll()" && t.active.length >= 2 },
    // Pinning: the self-referential future has returned Pending; the Pin lab shows its memory.
    { idea: "pinning", example: "pinning", until: (t) => t.here?.id === "f2" && t.here.flow === "↑ Poll::Pending" },
    // The Future trait: Countdown's poll returns Pending at its line.
    { idea: "future", example: "countdown", until: (t) => t.here?.id === "f2" && t.here.flow === "↑ Poll::Pending" },
  ];
  const SCREENS = [
    { name: "1280", options: { viewport: { width: 1280, height: 900 } } },
    { name: "phone", options: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } },
  ];
  for (const scheme of ["light", "dark"]) {
    for (const screen of SCREENS) {
      test(`the three ideas mid-step: ${screen.name}, ${scheme}`, async () => {
        const pg = await env.playground({ ...screen.options, colorScheme: scheme });
        for (const { idea, example, until } of IDEAS) {
          await pg.pickExample(example);
          await pg.run();
          await pg.reset();
          let found = false;
          for (let i = 0; i < 60 && !found; i++) {
            await pg.byTestId("step-into").click();
            const tree = await pg.futureTree();
            found = until({ active: tree.active, here: tree.here[0] });
          }
          assert.ok(found, `${idea}: the moment to show was reached`);
          // The editor marks the running line, and the tree shows the future where the poll is.
          assert.equal(await pg.page.locator(".cm-current-event").count(), 1, `${idea}: a highlighted line`);
          assert.equal(await pg.page.locator(".future.here").count(), 1, `${idea}: the future at the cursor`);
          if (idea === "pinning") assert.equal(await pg.byTestId("pin-lab").count(), 1);
          // (A mobile browser widens its layout viewport to fit wide content: compare with the
          // screen's own width.)
          const width = await pg.page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(width <= screen.options.viewport.width, `${idea}: the page is ${width} px wide`);
          await pg.screenshot(`idea-${idea}-${screen.name}-${scheme}`);
        }
        assert.deepEqual(pg.errors, []);
        await pg.close();
      });
    }
  }
});

// Step into: the cursor stops at every poll of every future (going down) and every Poll it
// returns (coming back up). At each stop the future tree, the highlighted code line and the
// returned value must agree with an independent model of the golden detail events
// (tests/programs/ID.details, the text `pollscope trace --details` prints).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { usePlayground } from "./playground.mjs";
import { ROOT } from "./server.mjs";

/**
 * The stops of "Step into" (canonical lines, `enter` and `exit` lines) with the state the
 * page must show at each, told from the detail text alone.
 */
function expectedStops(id) {
  const text = readFileSync(join(ROOT, "tests", "programs", `${id}.details`), "utf8");
  const futures = new Map(); // id -> { name, kind, parent, task, dropped }
  let stack = [];
  let task = null;
  const stops = [];
  const visible = () => {
    const live = (f) => {
      for (let seen = 0, cur = f; cur && seen < 100; seen++) {
        if (cur.dropped) return false;
        if (cur.parent === null) return cur.task !== null;
        cur = futures.get(cur.parent);
      }
      return false;
    };
    return [...futures.entries()].filter(([, f]) => live(f)).map(([id]) => id).sort();
  };
  for (const raw of text.trimEnd().split("\n")) {
    if (!raw.startsWith(" ")) {
      const event = raw.replace(/^\d+ms /, "");
      let m;
      if ((m = /^poll #(\d+)$/.exec(event))) {
        task = Number(m[1]);
        stack = [];
      } else if (/^(pending|ready|panic) #/.test(event)) {
        stack = [];
      }
      stops.push({ line: raw, kind: "task", path: [...stack], visible: visible() });
      continue;
    }
    const d = raw.trim();
    let m;
    if ((m = /^new (f\d+) (\S+) \(([a-z-]+)\)(?: in (f\d+))?$/.exec(d))) {
      futures.set(m[1], { name: m[2], kind: m[3], parent: m[4] ?? null, task, dropped: false });
    } else if ((m = /^enter (f\d+) (\S+) by (#\d+|f\d+)/.exec(d))) {
      const f = futures.get(m[1]);
      if (m[3].startsWith("#")) {
        f.parent = null;
        f.task = Number(m[3].slice(1));
      } else {
        f.parent = m[3];
      }
      stack.push(m[1]);
      stops.push({ line: d, kind: "enter", future: m[1], name: m[2], fkind: f.kind, path: [...stack], visible: visible() });
    } else if ((m = /^exit (f\d+) (Pending|Ready\((.*)\)|panicked)(?: at (\d+):(\d+))?$/.exec(d))) {
      stack = stack.slice(0, stack.lastIndexOf(m[1]));
      const result = m[2] === "Pending" ? "Pending" : m[2] === "panicked" ? "panicked" : `Ready(${m[3]})`;
      stops.push({
        line: d,
        kind: "exit",
        future: m[1],
        result,
        at: m[4] ? Number(m[4]) : null,
        path: [...stack],
        visible: visible(),
      });
    } else if ((m = /^move (f\d+) into #(\d+)$/.exec(d))) {
      Object.assign(futures.get(m[1]), { parent: null, task: Number(m[2]) });
    } else if ((m = /^drop (f\d+)$/.exec(d))) {
      futures.get(m[1]).dropped = true;
    }
  }
  return stops;
}

let pg;
usePlayground((p) => (pg = p));

const tree = () => pg.futureTree();

async function highlighted() {
  return pg.page.evaluate(() => {
    const line = document.querySelector(".cm-line.cm-current-event");
    if (!line) return null;
    // The code of the line, without the notes drawn into it.
    const code = line.cloneNode(true);
    for (const note of code.querySelectorAll(".cm-note")) note.remove();
    return { text: code.textContent, ghost: line.querySelector('[data-testid="note-ghost"]')?.textContent ?? null };
  });
}

/** The source line `n` (1-based) of the example, as the editor holds it. */
function sourceLine(id, n) {
  return readFileSync(join(ROOT, "tests", "programs", `${id}.rs`), "utf8").split("\n")[n - 1];
}

describe("step into the futures", () => {
  for (const id of ["polling", "countdown", "join_combinator", "pinning"]) {
    test(`${id}: every stop shows the poll path, the line and the returned value`, async () => {
      const stops = expectedStops(id);
      assert.ok(stops.some((s) => s.kind === "enter"), "the golden details have future-level polls");
      await pg.pickExample(id);
      await pg.run();
      await pg.reset();
      const limit = Math.min(stops.length, 160);
      for (let i = 0; i < limit; i++) {
        if (i > 0) await pg.byTestId("step-into").click();
        const want = stops[i];
        const at = `${id} stop ${i} (${want.line})`;
        const got = await tree();
        assert.deepEqual([...got.ids].sort(), want.visible, `${at}: the futures in the tree`);
        assert.deepEqual(got.active, want.path, `${at}: the active poll path`);
        if (want.kind === "task") {
          assert.equal(await pg.currentEvent(), want.line, at);
          assert.deepEqual(got.here, [], `${at}: no future is entered or exited here`);
          continue;
        }
        const flow = want.kind === "enter" ? "↓ poll()" : `↑ ${want.result === "panicked" ? "panicked" : `Poll::${want.result}`}`;
        assert.deepEqual(got.here, [{ id: want.future, flow }], `${at}: the future where the poll is`);
        const line = await highlighted();
        if (want.kind === "exit" && want.at) {
          assert.equal(line.text.startsWith(sourceLine(id, want.at)), true, `${at}: highlighted ${line.text}`);
          assert.match(line.ghost, new RegExp(`${want.future} ⇒ .*${want.result.replace(/[()[\]{}.*+?^$|\\]/g, "\\$&")}`), at);
        } else if (want.kind === "enter" && want.fkind === "hand-written") {
          assert.match(line.text, /fn poll\(/, `${at}: the entered fn poll`);
        } else if (want.kind === "enter" && want.fkind === "async" && !want.name.includes("{")) {
          assert.match(line.text, new RegExp(`async fn ${want.name}\\b`), `${at}: the entered async fn`);
        }
      }
      // Back with the same granularity walks the same stops home.
      for (let i = limit - 2; i >= Math.max(0, limit - 6); i--) {
        await pg.page.locator("h1").click();
        await pg.page.keyboard.press("Shift+ArrowLeft");
        assert.deepEqual((await tree()).active, stops[i].path, `${id}: back to stop ${i}`);
      }
      if (id === "join_combinator") await pg.screenshot("futures-join");
    });
  }

  test("a plain step shows the futures as they are at its event, and a pending poll's .await", async () => {
    await pg.pickExample("join_combinator");
    await pg.run();
    await pg.reset();
    const golden = readFileSync(join(ROOT, "tests", "programs", "join_combinator.trace"), "utf8").trimEnd().split("\n");
    const target = golden.indexOf('30ms print #1 "left ready: 1"');
    for (let i = 0; i < target; i++) await pg.step();
    assert.equal(await pg.currentEvent(), golden[target]);
    // The print runs inside Join2's poll: Join2 is still there, on the active path.
    assert.deepEqual((await tree()).active, ["f1", "f4"]);
    await pg.pickExample("countdown");
    await pg.run();
    await pg.reset();
    while ((await pg.currentEvent()) !== "0ms pending #1") await pg.step();
    assert.match((await highlighted()).text, /\.await/, "at `pending`, the .await main waits at");
  });

  test("the Pin lab shows a stable address and the self-reference inside the future", async () => {
    await pg.pickExample("pinning");
    await pg.run();
    await pg.reset();
    // Step into until self_referential's first poll has returned Pending.
    for (let i = 0; i < 40; i++) {
      await pg.byTestId("step-into").click();
      const here = (await tree()).here[0];
      if (here && here.flow === "↑ Poll::Pending" && here.id === "f2") break;
    }
    const lab = pg.byTestId("pin-lab");
    await lab.waitFor();
    const title = await lab.locator(".pl-title").textContent();
    assert.match(title, /^f2 self_referential at (0x[0-9a-f]+) \(pinned\)$/);
    const addr = /at (0x[0-9a-f]+)/.exec(title)[1];
    assert.equal(await lab.locator(".pl-arrow").count(), 1, "one arrow: first -> numbers");
    const cells = await lab.locator(".pl-name").allTextContents();
    assert.deepEqual(cells, ["numbers: [3, 4, 5]", "first: 3"]);
    const row = pg.page.locator('[data-testid="future"][data-future="f2"] .addr');
    assert.equal(await row.textContent(), `pinned @ ${addr}`);
    await pg.screenshot("pin-lab");
    // The next poll of the same future finds it at the same address.
    for (let i = 0; i < 40; i++) {
      await pg.byTestId("step-into").click();
      const here = (await tree()).here[0];
      if (here && here.id === "f2" && here.flow === "↓ poll()") break;
    }
    assert.equal(await row.textContent(), `pinned @ ${addr}`, "the address never changes after the first poll");
  });

  test("a future the program's own block_on polls says so in the tree", async () => {
    await pg.pickExample("block_on");
    await pg.run();
    await pg.reset();
    const badge = pg.page.locator('[data-testid="future"][data-future="f2"] [data-testid="own-executor"]');
    // At the stop where block_on's poll goes down into Countdown, the badge is already there.
    for (let i = 0; i < 12; i++) {
      await pg.byTestId("step-into").click();
      const here = (await tree()).here[0];
      if (here && here.id === "f2" && here.flow === "↓ poll()") break;
    }
    assert.deepEqual((await tree()).here, [{ id: "f2", flow: "↓ poll()" }]);
    assert.equal(await badge.count(), 1, "Countdown, polled by block_on's Context, carries the badge");
    assert.match(await badge.getAttribute("title"), /Context::from_waker/);
    // main, which the executor itself polls, does not.
    assert.equal(await pg.page.locator('[data-testid="future"][data-future="f1"] [data-testid="own-executor"]').count(), 0);
    await pg.screenshot("own-executor");
  });

  test("Pin::new on an async fn's future gets rustc's E0277", async () => {
    await pg.pickExample("countdown");
    await pg.setSource(readFileSync(join(ROOT, "tests", "invalid", "pin_new_on_async_fn_future.rs"), "utf8"));
    await pg.run();
    const diags = await pg.diagnostics();
    assert.equal(diags.length, 1);
    assert.match(diags[0], /^line 8, column 22: \[E0277\] `\{async fn body of fetch\(\)\}` cannot be unpinned/);
  });

  test("no errors in the page", () => {
    assert.deepEqual(pg.errors, []);
  });
});

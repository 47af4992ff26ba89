// Determinism: every corpus program gives the same trace, detail events included, on three
// runs in the browser, and the same as natively (`pollscope trace --details`, the CLI that
// `cargo test` built). Natively, three runs agree too (tests/determinism.rs).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { Playground, startEnv } from "./playground.mjs";
import { ROOT } from "./server.mjs";

const CLI = ["debug", "release"].map((p) => join(ROOT, "target", p, "pollscope")).find(existsSync);
const DIRS = ["programs", "tokio"].map((d) => join(ROOT, "tests", d));
let env;
let pg;
before(async () => {
  env = await startEnv();
  pg = await env.playground();
});
after(async () => {
  await env.stop();
});

describe("determinism", () => {
  test("the CLI is built", () => assert.ok(CLI, "target/{debug,release}/pollscope: run `cargo test` or `cargo build` first"));
  const files = DIRS.flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith(".rs")).sort().map((f) => join(dir, f)));
  test("there is a corpus", () => assert.ok(files.length > 40, `${files.length}`));
  for (const file of files) {
    test(`${file.slice(ROOT.length + 1)}: three browser runs and the native one agree, details included`, async () => {
      const source = readFileSync(file, "utf8");
      let native;
      try {
        native = execFileSync(CLI, ["trace", "--details", file], { encoding: "utf8", maxBuffer: 1 << 28 });
      } catch (e) {
        native = e.stdout; // a run that ends in a panic or a limit exits non-zero
      }
      const runs = await pg.page.evaluate(async (source) => {
        const out = [];
        for (let i = 0; i < 3; i++) out.push((await window.pollscope.run(source, { details: true })).details);
        return out;
      }, source);
      assert.ok(runs[0].length > 0);
      assert.equal(runs[1], runs[0], "the second browser run");
      assert.equal(runs[2], runs[0], "the third browser run");
      // The CLI ends its output with a newline.
      assert.equal(runs[0].trimEnd(), native.trimEnd(), "the browser and the native run");
    });
  }
});

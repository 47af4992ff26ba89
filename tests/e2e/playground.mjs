// The page object of the playground: what a learner does (pick an example, run, step, edit) and
// what they see (position, outcome, tasks, console, diagnostics), by data-testid.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";
import { ROOT, startServer } from "./server.mjs";

/** Debian's Chromium, headless; Playwright never downloads a browser here. */
export const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
};

export const ARTIFACTS = join(ROOT, "tests", "artifacts");

/** How long a run may take in the browser (a runaway program burns its fuel first). */
const RUN_TIMEOUT = 30_000;

/**
 * One browser and one server for a test file: `const env = await startEnv()`, then
 * `await env.playground()` per test and `await env.stop()` at the end.
 */
export async function startEnv() {
  const server = await startServer();
  const browser = await chromium.launch(CHROMIUM);
  return {
    server,
    browser,
    /** A new page (own context) with the playground opened. */
    async playground(options = {}) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
      const page = await context.newPage();
      const pg = new Playground(page, server.url);
      await pg.open();
      return pg;
    },
    async stop() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * For a spec file that drives one page: starts the server and the browser before its tests,
 * hands the opened playground to `ready`, and stops everything after them.
 * `let pg; usePlayground((p) => (pg = p));`
 */
export function usePlayground(ready) {
  let env;
  before(async () => {
    env = await startEnv();
    ready(await env.playground());
  });
  after(() => env.stop());
}

export class Playground {
  constructor(page, url) {
    this.page = page;
    this.url = url;
    /** Uncaught page errors and console errors: a test can assert there are none. */
    this.errors = [];
    page.on("pageerror", (e) => this.errors.push(String(e)));
    page.on("console", (m) => {
      if (m.type() === "error") this.errors.push(m.text());
    });
  }

  byTestId(id) {
    return this.page.locator(`[data-testid="${id}"]`);
  }

  /** Navigates to the app and waits until the editor is there and Run can be pressed. */
  async open() {
    await this.page.goto(this.url);
    await this.page.locator(".cm-editor").waitFor({ state: "visible" });
    await this.page.waitForFunction(() => {
      const run = document.querySelector('[data-testid="run"]');
      return run && !run.disabled;
    });
  }

  /** The ids of the gallery's examples, in order. */
  async exampleIds() {
    return this.byTestId("example-select").locator("option").evaluateAll((os) => os.map((o) => o.value));
  }

  async pickExample(id) {
    await this.byTestId("example-select").selectOption(id);
    await this.page.waitForFunction(
      (id) => document.querySelector('[data-testid="example-select"]').value === id,
      id,
    );
  }

  /** Clicks Run and waits for the run to end (the outcome line), or for diagnostics. */
  async run() {
    await this.byTestId("run").click();
    await this.settled();
  }

  /** Waits until no run is being computed and there is an outcome or a diagnostic. */
  async settled() {
    await this.page.waitForFunction(
      () => {
        const run = document.querySelector('[data-testid="run"]');
        const done = document.querySelector('[data-testid="end"], [data-testid="diagnostic"]');
        return run && !run.disabled && done;
      },
      undefined,
      { timeout: RUN_TIMEOUT },
    );
  }

  async step() {
    await this.byTestId("step").click();
    return this.position();
  }

  async back() {
    await this.byTestId("back").click();
    return this.position();
  }

  async reset() {
    await this.byTestId("reset").click();
    return this.position();
  }

  /** "step K of N", or "no run yet". */
  async position() {
    return (await this.byTestId("position").textContent()).trim();
  }

  /** `{ step, steps }` from the position text (1-based step), or null before a run. */
  async cursor() {
    const m = /step (\d+) of (\d+)/.exec(await this.position());
    return m ? { step: Number(m[1]), steps: Number(m[2]) } : null;
  }

  /** The outcome line shown at the end of a run. */
  async endText() {
    return (await this.byTestId("end").textContent()).trim();
  }

  /** The tasks table: one `{ task, state, polls, wakes, wakers }` of strings per row. */
  async tasks() {
    return this.byTestId("tasks")
      .locator("tbody tr")
      .evaluateAll((rows) =>
        rows.map((tr) => {
          const [task, state, polls, wakes, wakers] = [...tr.cells].map((c) => c.textContent.trim());
          return { task, state, polls, wakes, wakers };
        }),
      );
  }

  /** The run queue, front first, as task labels ("#2 worker"). */
  async queue() {
    return this.byTestId("queue").locator("li").allTextContents();
  }

  /** The virtual clock ("100 ms"). */
  async clock() {
    return (await this.byTestId("clock").textContent()).trim();
  }

  /** The highlighted row of the event log (the event at the cursor). */
  async currentEvent() {
    return (await this.byTestId("log").locator('li.current [data-testid="event-text"]').textContent()).trim();
  }

  async consoleText() {
    return this.byTestId("console").textContent();
  }

  async diagnostics() {
    return this.byTestId("diagnostic").allTextContents();
  }

  /**
   * What the future tree shows: its rows' future ids in order, the active poll path, and the
   * row where the poll is at the cursor (`{ id, flow }`, flow like `↓ poll()`).
   */
  async futureTree() {
    return this.page.evaluate(() => {
      const rows = [...document.querySelectorAll('[data-testid="future"]')];
      return {
        ids: rows.map((r) => r.dataset.future),
        active: rows.filter((r) => r.classList.contains("active")).map((r) => r.dataset.future),
        here: rows.filter((r) => r.classList.contains("here")).map((r) => ({
          id: r.dataset.future,
          flow: r.querySelector('[data-testid="flow"]')?.textContent ?? "",
        })),
      };
    });
  }

  /** The editor's whole text. */
  async source() {
    return this.byTestId("editor").evaluate((el) => window.PollscopeEditor.textOf(el));
  }

  /** Replaces the program in CodeMirror as a user would: focus, select all, type over it. */
  async setSource(text) {
    await this.page.locator(".cm-content").click();
    await this.page.keyboard.press("Control+A");
    await this.page.keyboard.insertText(text);
  }

  /** Saves a full-page screenshot as tests/artifacts/NAME.png and returns its path. */
  async screenshot(name, options = {}) {
    await mkdir(ARTIFACTS, { recursive: true });
    const path = join(ARTIFACTS, `${name}.png`);
    await this.page.screenshot({ path, fullPage: true, ...options });
    return path;
  }

  async close() {
    await this.page.context().close();
  }
}

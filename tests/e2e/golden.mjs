// The golden traces of the corpus (tests/programs/NAME.trace), read as the page should show them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./server.mjs";

/** The lines of tests/programs/ID.trace. */
export function goldenLines(id) {
  return readFileSync(join(ROOT, "tests", "programs", `${id}.trace`), "utf8").trimEnd().split("\n");
}

/**
 * What the outcome line must say for a trace ending with `last`:
 * `{ exact }` for a `done` line, `{ prefix }` for a stall or a limit.
 */
export function expectedEnd(last) {
  const body = last.replace(/^\d+ms /, "");
  let m = /^done main (ready|panicked), (\d+) tasks?, (\d+) polls?$/.exec(body);
  if (m) {
    const verb = m[1] === "ready" ? "returned" : "panicked";
    return { exact: `Done: main ${verb} after ${m[3]} polls of ${m[2]} task(s).` };
  }
  if (body.startsWith("stuck ")) return { prefix: "Stalled" };
  m = /^limit (\S+) (\d+)$/.exec(body);
  if (m) return { prefix: `Stopped: the ${m[1]} limit (${m[2]})` };
  throw new Error(`unexpected last trace line: ${last}`);
}

/** Parses a Rust `{:?}` string literal (what `print` lines hold). */
export function unquoteRust(literal) {
  if (!literal.startsWith('"') || !literal.endsWith('"')) throw new Error(`not a string literal: ${literal}`);
  const body = literal.slice(1, -1);
  const simple = { n: "\n", t: "\t", r: "\r", 0: "\0", "\\": "\\", '"': '"', "'": "'" };
  return body.replace(/\\(u\{([0-9a-fA-F]+)\}|.)/g, (_, esc, hex) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : simple[esc] ?? esc,
  );
}

/**
 * The console as the page renders it for these trace lines: one `{who:>3} │ {line}\n` per
 * `print` event (`who` is `#N`, or empty outside any task).
 */
export function expectedConsole(lines) {
  let text = "";
  for (const line of lines) {
    const m = /^\d+ms print (#\d+|-) (".*")$/.exec(line);
    if (!m) continue;
    const who = m[1] === "-" ? "" : m[1];
    text += `${who.padStart(3)} │ ${unquoteRust(m[2])}\n`;
  }
  return text;
}

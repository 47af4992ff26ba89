// The page's static first view: writes the playground's skeleton into the built index.html, so
// that the header, the example list, the first example's explanation and its code (coloured as
// the editor colours it) show at the first paint, before the wasm and the editor arrive. Run by
// Trunk after each build (a post_build hook in Trunk.toml) on the staged index.html; the source
// index.html keeps only the marker this replaces.
//
// The examples come from crates/pollscope-web/src/examples.rs (the app's gallery: the
// `example!("id", "title", "explanation")` entries, in order) and their code from
// tests/programs/. The skeleton goes into index.html's <template id="boot-skeleton">:
// web/boot.js puts it on the full page at once, pointed at the program the app will open, and
// the app replaces it when it mounts.
// tests/e2e/skeleton.test.mjs checks that the skeleton and the app agree.
import { readFileSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tokens } from "./preview.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const MARKER = /<!-- skeleton:[^>]*-->/;

/** `&`, `<`, `>` and `"` escaped, for text and attribute values. */
const escape = (text) =>
  text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** The value of a Rust string literal's body; throws on what it cannot read. */
function unescapeRust(body) {
  const simple = { n: "\n", r: "\r", t: "\t", "\\": "\\", "0": "\0", "'": "'", '"': '"' };
  return body.replace(/\\(?:\n\s*|x([0-7][0-9a-fA-F])|u\{([0-9a-fA-F]{1,6})\}|(.))/gs, (all, hex, unicode, c) => {
    if (all.startsWith("\\\n")) return ""; // a line continuation
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    if (unicode) return String.fromCodePoint(parseInt(unicode, 16));
    if (c in simple) return simple[c];
    throw new Error(`examples.rs: a string escape the skeleton cannot read: ${all}`);
  });
}

/** The gallery of examples.rs as `{ id, title, explanation }`, in its order. */
export function examples(rust) {
  // Lines that are comments are not the gallery (a commented-out entry stays out of it).
  const code = rust
    .replace(/\r\n/g, "\n")
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("//"))
    .join("\n");
  const string = String.raw`"((?:[^"\\]|\\[\s\S])*)"`;
  const entry = new RegExp(String.raw`example!\(\s*${string},\s*${string},\s*${string}\s*,?\s*\)`, "g");
  const found = [...code.matchAll(entry)].map(([, id, title, explanation]) => ({
    id: unescapeRust(id),
    title: unescapeRust(title),
    explanation: unescapeRust(explanation),
  }));
  if (found.length === 0) throw new Error("no example!(...) entries found in examples.rs");
  // Every entry must be read: one written another way (a raw string, a fourth argument) would
  // otherwise be left out of the skeleton without a word.
  const entries = code.match(/\bexample!\(/g)?.length ?? 0;
  if (entries !== found.length) {
    throw new Error(`examples.rs has ${entries} example!(...) entries; the skeleton could read ${found.length}`);
  }
  return found;
}

/** Text with `code` spans between backticks, as the app's explanations show it. */
const codeSpans = (text) =>
  text
    .split("`")
    .map((part, i) => (i % 2 ? `<code>${escape(part)}</code>` : escape(part)))
    .join("");

/** The program as numbered lines, coloured (the markup of preview.js's `fillCode`). */
function code(source) {
  const lines = source.split("\n");
  return lines
    .map((line, i) => {
      const spans = [...tokens(line)]
        .map(([cls, text]) => (cls ? `<span class="${cls}">${escape(text)}</span>` : escape(text)))
        .join("");
      return `<span class="pv-line" data-line="${i + 1}">${spans}</span>`;
    })
    .join("\n");
}

/** The skeleton: the app's header and layout with the first example open, nothing enabled. */
export function skeleton(gallery, source) {
  const [first] = gallery;
  const options = gallery
    .map(
      (e) =>
        `<option value="${escape(e.id)}" data-explanation="${escape(e.explanation)}"${e === first ? " selected" : ""}>` +
        `${escape(e.title)}</option>`,
    )
    .join("");
  const buttons = ["◀ Back", "Step ▶", "Step into ↘", "▷ Play", "⟲ Reset"].map((b) => `<button disabled>${b}</button>`);
  return `<header class="top">
      <h1><span class="logo" aria-hidden="true">◎</span> Pollscope</h1>
      <p class="tagline">Watch a real executor poll your futures.</p>
      <div class="share"><button disabled>Share</button><button disabled>Embed</button></div>
    </header>
    <main class="layout">
      <section class="left" aria-label="Program">
        <div class="gallery">
          <label for="example">Example </label>
          <select id="example" data-testid="skeleton-select" disabled>${options}</select>
          <p class="explanation" data-testid="skeleton-explanation">${codeSpans(first.explanation)}</p>
        </div>
        <div class="editor"><pre class="preview-code" data-testid="skeleton-code">${code(source)}</pre></div>
        <div class="controls"><button class="primary" disabled>▶ Run</button>${buttons.join("")}</div>
        <p class="skeleton-status" role="status" aria-live="polite" data-boot-message>Loading the playground: an executor and an interpreter of Rust, compiled to WebAssembly…</p>
      </section>
      <div class="splitter"></div>
      <section class="right" aria-label="What the executor did">
        <div class="outcome"><p class="hint">Run and Step start once the playground has loaded.</p></div>
      </section>
    </main>`;
}

/** Writes the skeleton into `html` in place of the marker. */
export function withSkeleton(html, root = ROOT) {
  if (!MARKER.test(html)) throw new Error("index.html has no <!-- skeleton: ... --> marker");
  const gallery = examples(readFileSync(join(root, "crates/pollscope-web/src/examples.rs"), "utf8"));
  const source = readFileSync(join(root, "tests/programs", `${gallery[0].id}.rs`), "utf8");
  return html.replace(MARKER, () => skeleton(gallery, source));
}

// Run as a script (not imported by a test); paths resolved, as the hook's path may be a link.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  const staging = process.env.TRUNK_STAGING_DIR;
  if (!staging) throw new Error("run by Trunk (post_build hook): TRUNK_STAGING_DIR is not set");
  const file = join(staging, "index.html");
  writeFileSync(file, withSkeleton(readFileSync(file, "utf8")));
}

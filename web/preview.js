// The embed before the reader acts on it: the program as highlighted text, a Run button and the
// link to the full page, drawn from the address alone. The wasm (~500 KB) and the editor
// (~120 KB) are fetched only when the reader presses Run, clicks into the code or unfolds its
// hidden lines; then boot.js starts the app and hands it that first action. A page with ten
// embeds costs ten previews until someone runs one.
//
// Only links that carry their program are previewed (`#v1/...` share links, `?code=`); an
// example by name, or a link that points at a step of the run, starts the app at once.
// Everything here is text nodes: a link's program is never parsed as HTML.

/** The largest program a preview decodes (the same bound as pollscope-link's MAX_PROGRAM). */
const MAX_PROGRAM = 100_000;

/** base64url without padding -> bytes, or null. */
function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(binary, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

/** Inflates raw DEFLATE `bytes` to text, stopping (null) past MAX_PROGRAM bytes. */
async function inflate(bytes) {
  if (typeof DecompressionStream !== "function") return null;
  try {
    const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw")).getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > MAX_PROGRAM) {
        reader.cancel();
        return null;
      }
      chunks.push(value);
    }
    return new TextDecoder("utf-8", { fatal: true }).decode(await new Blob(chunks).arrayBuffer());
  } catch {
    return null;
  }
}

/** `1-4,9` -> [[1, 4], [9, 9]], or [] when malformed. */
function ranges(text) {
  const out = [];
  for (const part of (text ?? "").split(",")) {
    const m = /^(\d{1,6})(?:-(\d{1,6}))?$/.exec(part);
    if (!m) return [];
    out.push([Number(m[1]), Number(m[2] ?? m[1])]);
  }
  return out;
}

/**
 * The program an embed's address carries, as `{ code, hide }` (hide: 1-based inclusive line
 * ranges), or null when the preview cannot stand in for the app (the app then starts at once
 * and says what is wrong with the link, if anything).
 */
export async function programOf(search, hash) {
  const query = new URLSearchParams(search);
  const [head, ...rest] = hash.replace(/^#/, "").split("&");
  const params = new URLSearchParams(rest.join("&"));
  if (params.has("step") || params.has("event")) return null;
  if (head.startsWith("v1/")) {
    const bytes = fromBase64url(head.slice(3));
    const code = bytes && bytes.length <= MAX_PROGRAM ? await inflate(bytes) : null;
    return code === null ? null : { code, hide: ranges(params.get("hide")) };
  }
  if (head === "" && query.has("code")) {
    const code = query.get("code");
    return code.length <= MAX_PROGRAM ? { code, hide: [] } : null;
  }
  return null;
}

const KEYWORDS = new Set(
  ("as async await break const continue crate dyn else enum extern false fn for if impl in let loop " +
    "match mod move mut pub ref return self Self static struct super trait true type unsafe use where while")
    .split(" "),
);
const PRIMITIVES = new Set("bool char str u8 u16 u32 u64 u128 usize i8 i16 i32 i64 i128 isize f32 f64".split(" "));
/** One token of a line: comment, string, char, lifetime, number, word (maybe a macro), other. */
const TOKEN = /(\/\/.*)|("(?:[^"\\]|\\.)*"?)|('(?:[^'\\]|\\.)')|('[a-z_]+)|(\b\d[\d_]*(?:\.\d[\d_]*)?(?:[iuf](?:8|16|32|64|128|size))?\b)|([A-Za-z_][A-Za-z0-9_]*!?)/g;

/**
 * The tokens of `line` as `[class, text]` pairs, coloured as the editor colours them (`class`
 * null for plain text); their texts joined are `line`. Shared with web/skeleton.mjs, which
 * writes the page's first program into index.html with these colours at build time.
 */
export function* tokens(line) {
  let at = 0;
  for (const m of line.matchAll(TOKEN)) {
    if (m.index > at) yield [null, line.slice(at, m.index)];
    const [token, comment, string, char, lifetime, number, word] = m;
    if (comment) yield ["pv-comment", token];
    else if (string || char) yield ["pv-string", token];
    else if (lifetime) yield ["pv-type", token];
    else if (number) yield ["pv-number", token];
    else if (word.endsWith("!")) yield ["pv-macro", token];
    else if (KEYWORDS.has(word)) yield ["pv-keyword", token];
    else if (PRIMITIVES.has(word)) yield ["pv-type", token];
    else if (/^[A-Z]/.test(word)) yield ["pv-type", token];
    else yield [null, token];
    at = m.index + token.length;
  }
  if (at < line.length) yield [null, line.slice(at)];
}

/**
 * Fills `pre` with `code`, one numbered line (`.pv-line`) each, coloured; the lines in `hide`
 * (1-based inclusive ranges) folded into a button as the editor folds them. Text nodes only.
 */
export function fillCode(pre, code, hide = []) {
  const lines = code.split("\n");
  const hidden = (n) => hide.some(([a, b]) => n >= a && n <= b);
  let folded = 0;
  const flush = () => {
    if (!folded) return;
    const button = document.createElement("button");
    button.className = "cm-hidden-lines";
    button.dataset.testid = "hidden-lines";
    button.dataset.action = "unfold";
    button.type = "button";
    button.textContent = `⋯ ${folded} hidden line${folded === 1 ? "" : "s"} (show)`;
    pre.append(button);
    folded = 0;
  };
  lines.forEach((line, i) => {
    if (hidden(i + 1)) {
      folded++;
      return;
    }
    flush();
    const row = document.createElement("span");
    row.className = "pv-line";
    row.dataset.line = String(i + 1);
    for (const [cls, text] of tokens(line)) {
      if (cls === null) {
        row.append(document.createTextNode(text));
        continue;
      }
      const span = document.createElement("span");
      span.className = cls;
      span.textContent = text;
      row.append(span);
    }
    pre.append(row);
    if (i < lines.length - 1) pre.append("\n"); // so the code's text is the program's
  });
  flush();
}

/** The full page for this embed's address: the same program and view, without `embed`. */
function fullPageHref() {
  const url = new URL(location.href);
  url.searchParams.delete("embed");
  url.searchParams.delete("editable");
  return url.href;
}

/** In an iframe: the parent's embed.js sizes the iframe from these (docs/embedding.md). */
function reportHeight() {
  if (window.parent === window) return () => {};
  let last = -1;
  const send = () => {
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    window.parent.postMessage({ type: "pollscope:height", height }, "*");
  };
  const observer = new ResizeObserver(send);
  observer.observe(document.body);
  send();
  return () => observer.disconnect();
}

/**
 * Shows the preview of `program` in place of `boot` and resolves, once the reader acts, to
 * that first action for the app to repeat: "run", "unfold" or "edit".
 */
export function showPreview({ code, hide }, boot) {
  const root = document.createElement("div");
  // In the loading panel's place and with its id: the app removes it when it mounts.
  root.id = "boot";
  root.className = "embed preview";
  root.dataset.testid = "embed-preview";

  const bar = document.createElement("div");
  bar.className = "embed-bar";
  const title = document.createElement("span");
  title.className = "embed-title";
  const logo = document.createElement("span");
  logo.className = "logo";
  logo.setAttribute("aria-hidden", "true");
  logo.textContent = "◎";
  title.append(logo, " Pollscope · Program");
  const full = document.createElement("a");
  full.className = "open-full";
  full.href = fullPageHref();
  full.target = "_blank";
  full.rel = "noopener";
  full.textContent = "Open in Pollscope ↗";
  bar.append(title, full);

  // The code, its hidden lines folded into one button as the editor folds them.
  const pre = document.createElement("pre");
  pre.className = "preview-code";
  pre.tabIndex = 0;
  pre.setAttribute("aria-label", "The program (press Enter to edit and run it)");
  fillCode(pre, code, hide);

  const controls = document.createElement("div");
  controls.className = "controls";
  const run = document.createElement("button");
  run.type = "button";
  run.className = "primary";
  run.dataset.testid = "run";
  run.dataset.action = "run";
  run.textContent = "▶ Run";
  run.title = "Run the program (Ctrl+Enter)";
  const note = document.createElement("span");
  note.className = "preview-note";
  note.textContent = "Run loads the playground: an executor and an interpreter of Rust in WebAssembly.";
  controls.append(run, note);

  root.append(bar, pre, controls);
  boot.replaceWith(root);
  const stopHeights = reportHeight();

  return new Promise((resolve) => {
    const act = (action) => {
      root.removeEventListener("click", onClick);
      document.removeEventListener("keydown", onKey);
      run.disabled = true;
      run.textContent = "Loading…";
      note.textContent = "Loading the playground…";
      root.setAttribute("aria-busy", "true");
      resolve({ action, done: () => { stopHeights(); root.remove(); } });
    };
    const onClick = (event) => {
      const target = event.target.closest("[data-action]");
      if (target) act(target.dataset.action);
      else if (pre.contains(event.target)) act("edit");
    };
    const onKey = (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") act("run");
      else if (event.target === pre && event.key === "Enter") act("edit");
    };
    root.addEventListener("click", onClick);
    // On the document: in an iframe the keys reach the body until something inside is focused.
    document.addEventListener("keydown", onKey);
  });
}

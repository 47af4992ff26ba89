// Starts the playground. A file of its own instead of Trunk's inline bootstrap, so the page runs
// under a Content-Security-Policy without 'unsafe-inline'; URLs are relative to the page, so the
// site works under any path prefix.
//
// - The full page fetches the three parts at once and compiles the wasm while it streams in:
//   the wasm-bindgen module and the wasm (hashed names, which Trunk writes into this script's
//   data attributes through `pattern_script` in Trunk.toml) and the CodeMirror bundle
//   (editor.js). Nothing blocks the first paint: index.html's static skeleton of the page
//   (web/skeleton.mjs) shows at once, first adapted here to the program the app will open.
// - An embed (`?embed`) shows its loading panel instead, or, when its address carries its
//   program, that program as text (preview.js), and fetches nothing more until the reader
//   acts; then it starts the app and repeats that first action in it.
const script = document.querySelector("script[data-pollscope-wasm]");

/** Shows why the app could not start, as text, in the loading panel. */
function fail(error) {
  const panel = document.getElementById("boot");
  if (!panel) return;
  panel.classList.add("failed");
  panel.removeAttribute("aria-busy");
  const message = panel.querySelector("[data-boot-message], .preview-note") ?? panel;
  message.setAttribute("role", "alert");
  message.textContent = `Pollscope could not start: ${error?.message ?? error}. ` +
    "Reload the page; if this keeps happening, the site may not serve its .wasm file " +
    "(it must be served as application/wasm) or this browser may lack WebAssembly.";
}

/** The learner's stored work, as the app keeps it (playground.rs, `mod storage`), or null. */
function stored(key) {
  try {
    return localStorage.getItem(`pollscope.v1.${key}`);
  } catch {
    return null; // storage blocked (a sandboxed iframe, a privacy setting)
  }
}

/** `text` with its `code` spans (between backticks) as code elements, into `parent`. */
function setCodeSpans(parent, text) {
  parent.replaceChildren(
    ...text.split("`").map((part, i) => {
      if (i % 2 === 0) return document.createTextNode(part);
      const code = document.createElement("code");
      code.textContent = part;
      return code;
    }),
  );
}

/**
 * Points the skeleton at the program the app will open, as Playground::new chooses it: the
 * program a link carries, the example it names (as written), or else the example the learner
 * had open with their edits of it. The skeleton holds the code of the first example only;
 * another example's shows as a pending line until the app mounts.
 */
async function adaptSkeleton(skeleton, query, hash) {
  const select = skeleton.querySelector("select");
  const pre = skeleton.querySelector("pre");
  if (!select || !pre) return;
  const first = select.options[0].value;
  const params = new URLSearchParams(hash.replace(/^#/, "").replace(/^v1\/[^&]*/, ""));
  const named = params.get("example") ?? query.get("example");
  let example = first;
  let code = null;
  if (hash.startsWith("#v1/") || (query.has("code") && named === null)) {
    const { programOf } = await import("./preview.js");
    const program = await programOf(location.search, hash);
    example = "";
    code = program?.code ?? null;
  } else if (named !== null) {
    example = named;
  } else {
    example = stored("example") ?? first;
    try {
      code = JSON.parse(stored("edits") ?? "{}")[example] ?? null;
    } catch {
      code = null;
    }
  }
  const option = [...select.options].find((o) => o.value === example);
  if (example === "") {
    select.prepend(new Option("Program from a link", "", true, true));
    setCodeSpans(skeleton.querySelector(".explanation"), "A program opened from a link.");
  } else if (!option) {
    return; // an unknown example: the app opens the first one and says why
  } else if (example !== first) {
    select.value = example;
    setCodeSpans(skeleton.querySelector(".explanation"), option.dataset.explanation ?? "");
  }
  if (typeof code === "string") {
    const { fillCode } = await import("./preview.js");
    pre.replaceChildren();
    fillCode(pre, code);
  } else if (example !== first) {
    const pending = document.createElement("span");
    pending.className = "skeleton-pending";
    pending.textContent = "Loading the program…";
    pre.replaceChildren(pending);
  }
}

/** Loads a classic script; resolves once it has run. */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = src;
    tag.onload = resolve;
    tag.onerror = () => reject(new Error(`${src} could not be loaded`));
    document.head.append(tag);
  });
}

/** The wasm compiled while it downloads; the URL itself where streaming cannot be used. */
function compileWasm(url) {
  if (typeof WebAssembly.compileStreaming !== "function") return Promise.resolve(url);
  // A server that sends another MIME type than application/wasm makes this fail: then the
  // wasm-bindgen loader fetches it again its own way (and explains what is wrong).
  return WebAssembly.compileStreaming(fetch(url)).catch(() => url);
}

/** Resolves to the first element matching `selector` (waiting for the app to draw it). */
function whenPresent(selector, timeout = 10_000) {
  return new Promise((resolve) => {
    const found = document.querySelector(selector);
    if (found) return resolve(found);
    const observer = new MutationObserver(() => {
      const el = document.querySelector(selector);
      if (!el) return;
      observer.disconnect();
      resolve(el);
    });
    observer.observe(document.body, { childList: true, subtree: true, attributes: true });
    setTimeout(() => {
      observer.disconnect();
      resolve(null);
    }, timeout);
  });
}

/** Repeats the reader's first action on the preview in the app. */
async function handOver(action) {
  if (action === "run") (await whenPresent('[data-testid="run"]:not([disabled])'))?.click();
  else if (action === "unfold") (await whenPresent('[data-testid="hidden-lines"]'))?.click();
  else if (action === "edit") (await whenPresent(".cm-content"))?.focus();
}

async function start() {
  if (typeof WebAssembly !== "object") throw new Error("this browser cannot run WebAssembly");
  const js = new URL(script.dataset.pollscopeJs, document.baseURI);
  const wasm = new URL(script.dataset.pollscopeWasm, document.baseURI);
  const editor = new URL("editor.js", import.meta.url);
  const [bindings, module] = await Promise.all([import(js.href), compileWasm(wasm), loadScript(editor.href)]);
  const instance = await bindings.default({ module_or_path: module });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
}

try {
  let first = null;
  const query = new URLSearchParams(location.search);
  const skeleton = document.getElementById("boot");
  if (query.has("embed") && skeleton) {
    // An embed has its own compact layout: the loading panel, or the preview of its program.
    const panel = document.getElementById("boot-panel").content.firstElementChild.cloneNode(true);
    skeleton.replaceWith(panel);
    const preview = await import("./preview.js");
    const program = await preview.programOf(location.search, location.hash);
    if (program) first = await preview.showPreview(program, panel);
  } else if (skeleton) {
    // Not awaited: the app's parts are fetched meanwhile (the app replaces the skeleton).
    adaptSkeleton(skeleton, query, location.hash).catch(() => {});
  }
  await start();
  if (first) {
    first.done();
    await handOver(first.action);
  }
} catch (error) {
  fail(error);
}

// Starts the playground. A file of its own instead of Trunk's inline bootstrap, so the page runs
// under a Content-Security-Policy without 'unsafe-inline'; URLs are relative to the page, so the
// site works under any path prefix.
//
// - The full page fetches the three parts at once and compiles the wasm while it streams in:
//   the wasm-bindgen module and the wasm (hashed names, which Trunk writes into this script's
//   data attributes through `pattern_script` in Trunk.toml) and the CodeMirror bundle
//   (editor.js). Nothing blocks the first paint: the loading panel of index.html shows at once.
// - An embed (`?embed`) whose address carries its program shows it as text first (preview.js)
//   and fetches nothing more until the reader acts; then it starts the app and repeats that
//   first action in it.
const script = document.querySelector("script[data-pollscope-wasm]");
const status = document.getElementById("boot");

/** Shows why the app could not start, as text, in the loading panel. */
function fail(error) {
  const panel = document.getElementById("boot");
  if (!panel) return;
  panel.classList.add("failed");
  panel.setAttribute("role", "alert");
  const message = panel.querySelector("[data-boot-message], .preview-note") ?? panel;
  message.textContent = `Pollscope could not start: ${error?.message ?? error}. ` +
    "Reload the page; if this keeps happening, the site may not serve its .wasm file " +
    "(it must be served as application/wasm) or this browser may lack WebAssembly.";
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
  if (new URLSearchParams(location.search).has("embed") && status) {
    const preview = await import("./preview.js");
    const program = await preview.programOf(location.search, location.hash);
    if (program) first = await preview.showPreview(program, status);
  }
  await start();
  if (first) {
    first.done();
    await handOver(first.action);
  }
} catch (error) {
  fail(error);
}

// Starts the playground: imports the wasm-bindgen module and instantiates the wasm that this
// script's data attributes name (Trunk writes them, with hashed file names, through
// `pattern_script` in Trunk.toml). A file of its own instead of Trunk's inline bootstrap, so
// the page runs under a Content-Security-Policy without 'unsafe-inline'; URLs are relative to
// the page, so the site works under any path prefix.
const script = document.querySelector("script[data-pollscope-wasm]");
const status = document.getElementById("boot");

/** Shows why the app could not start, as text, in the loading panel. */
function fail(error) {
  if (!status) return;
  status.classList.add("failed");
  status.setAttribute("role", "alert");
  const message = status.querySelector("[data-boot-message]") ?? status;
  message.textContent = `Pollscope could not start: ${error?.message ?? error}. ` +
    "Reload the page; if this keeps happening, the site may not serve its .wasm file " +
    "(it must be served as application/wasm) or this browser may lack WebAssembly.";
}

try {
  if (typeof WebAssembly !== "object") throw new Error("this browser cannot run WebAssembly");
  const js = new URL(script.dataset.pollscopeJs, document.baseURI);
  const wasmUrl = new URL(script.dataset.pollscopeWasm, document.baseURI);
  const bindings = await import(js.href);
  const wasm = await bindings.default({ module_or_path: wasmUrl });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
} catch (error) {
  fail(error);
}

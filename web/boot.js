// Starts the playground. A file of its own instead of Trunk's inline bootstrap, so the page runs
// under a Content-Security-Policy without 'unsafe-inline'; URLs are relative to the page, so the
// site works under any path prefix.
//
// - The full page fetches the three parts at once and compiles the wasm while it streams in:
//   the CodeMirror bundle (editor.js, with a high priority), the wasm-bindgen module and the
//   wasm (hashed names, which Trunk writes into this script's data attributes through
//   `pattern_script` in Trunk.toml; a low priority). Nothing blocks the first paint. The
//   static skeleton of the page that web/skeleton.mjs wrote into index.html's
//   <template id="boot-skeleton"> takes the loading panel's place at once, pointed at the
//   program the app will open. (A template, so that an embed, or a page without
//   JavaScript, never paints the full page's layout.) As soon as editor.js is in, the
//   skeleton's program becomes a real editor: the learner reads and edits it while the wasm is
//   on its way, and the app takes it over, edits and all, when it starts.
// - An embed (`?embed`) keeps the loading panel, or, when its address carries its program,
//   shows that program as text (preview.js), and fetches nothing more until the reader acts;
//   then it starts the app and repeats that first action in it.
const script = document.querySelector("script[data-pollscope-wasm]");
/** The CodeMirror bundle, next to this script. */
const EDITOR_URL = new URL("editor.js", import.meta.url).href;

/** Shows why the app could not start, as text, in the loading panel. */
function fail(error) {
  const panel = document.getElementById("boot");
  if (!panel) return;
  panel.classList.add("failed");
  panel.removeAttribute("aria-busy");
  const message = panel.querySelector("[data-boot-message], .preview-note") ?? panel;
  message.removeAttribute("aria-live"); // an alert is assertive; a polite live region is not
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
 * What the app opens for this address, as `pollscope_link::parse` and `Playground::new` decide
 * it: `{ code }` (a link's program), `{ example }` (an example as written), `{ stored: true }`
 * (no program in the address: where the learner left off), or `{}` (the first example as
 * written: also what an address the app cannot read opens, with a notice). `ids` are the
 * gallery's; `decode` reads a `v1/` share fragment (preview.js).
 */
async function addressed(query, hash, ids, decode) {
  const known = (id) => (ids.includes(id) ? { example: id } : {});
  const fragment = hash.replace(/^#/, "");
  if (fragment !== "") {
    const [head] = fragment.split("&");
    const version = /^v([^/]*)\//.exec(head);
    if (version) {
      const program = version[1] === "1" ? await decode(`#${head}`) : null;
      return program ? { code: program.code } : {};
    }
    const params = new URLSearchParams(fragment);
    if (["step", "event"].some((k) => params.has(k) && !/^\d+$/.test(params.get(k)))) return {};
    if (params.has("example")) return known(params.get("example"));
  }
  if (query.has("code")) return { code: query.get("code") };
  if (query.has("example")) return known(query.get("example"));
  if (query.has("gist")) return {};
  return { stored: true };
}

/**
 * Points the skeleton (not yet on the page) at the program the app will open. It holds the
 * code of the first example only: another example's code shows as a pending line until the
 * app mounts, a link's program or a stored edit is drawn by preview.js. Resolves to the
 * program's text, or null while it is pending.
 */
async function adaptSkeleton(skeleton, query, hash) {
  const select = skeleton.querySelector("select");
  const pre = skeleton.querySelector("pre");
  const explanation = skeleton.querySelector(".explanation");
  const ids = [...select.options].map((o) => o.value);
  const first = ids[0];
  const preview = () => import("./preview.js");
  const decode = async (fragment) => (await preview()).programOf("", fragment);
  const opened = await addressed(query, hash, ids, decode);
  let example = opened.example ?? first;
  let code = opened.code ?? null;
  if (opened.stored) {
    const last = stored("example");
    example = ids.includes(last) ? last : first;
    try {
      code = JSON.parse(stored("edits") ?? "{}")[example] ?? null;
    } catch {
      code = null;
    }
  }
  if (opened.code !== undefined) {
    select.prepend(new Option("Program from a link", "", true, true));
    setCodeSpans(explanation, "A program opened from a link.");
  } else if (example !== first) {
    select.value = example;
    setCodeSpans(explanation, select.selectedOptions[0]?.dataset.explanation ?? "");
  }
  if (typeof code === "string") {
    const { fillCode } = await preview();
    pre.replaceChildren();
    fillCode(pre, code);
  } else if (example !== first || opened.code !== undefined) {
    const pending = document.createElement("span");
    pending.className = "skeleton-pending";
    pending.textContent = "Loading the program…";
    pre.replaceChildren(pending);
    return null;
  }
  return pre.textContent;
}

/** Whether the learner asked for a run before the app could do it (it runs once the app is in). */
let runQueued = false;

/**
 * The skeleton's program in a real editor (CodeMirror, which arrives long before the wasm):
 * the learner reads, scrolls and edits while the interpreter is still on its way, and the app
 * takes the editor over as it is (`PollscopeEditor.create`). Run and Ctrl/Cmd-Enter are
 * remembered until then. Nothing happens once the app has replaced the skeleton.
 */
function earlyEditor(skeleton, code) {
  const pre = skeleton.querySelector('[data-testid="skeleton-code"]');
  if (code === null || !skeleton.isConnected || !pre || !window.PollscopeEditor?.early) return;
  const message = skeleton.querySelector("[data-boot-message]");
  const queueRun = () => {
    runQueued = true;
    if (message) message.textContent = "Loading the interpreter: your program runs as soon as it is in…";
  };
  const host = pre.parentElement;
  pre.remove();
  window.PollscopeEditor.early(host, code, queueRun);
  const run = skeleton.querySelector(".controls button.primary");
  if (run) {
    run.disabled = false;
    run.addEventListener("click", queueRun);
  }
}

/** Loads a classic script (with a high priority: the editor); resolves once it has run. */
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const tag = document.createElement("script");
    tag.src = src;
    tag.fetchPriority = "high";
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
  // A low priority, so that a server that follows priorities (HTTP/2 and 3) sends the editor
  // first. Not later: the compilation, which overlaps the download, is most of the wait.
  return WebAssembly.compileStreaming(fetch(url, { priority: "low" })).catch(() => url);
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

/** Starts the app; `editorScript`: editor.js being loaded already (else it is loaded here). */
async function start(editorScript) {
  if (typeof WebAssembly !== "object") throw new Error("this browser cannot run WebAssembly");
  const js = new URL(script.dataset.pollscopeJs, document.baseURI);
  const wasm = new URL(script.dataset.pollscopeWasm, document.baseURI);
  const editor = editorScript ?? loadScript(EDITOR_URL);
  const [bindings, module] = await Promise.all([import(js.href), compileWasm(wasm), editor]);
  const instance = await bindings.default({ module_or_path: module });
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm: instance } }));
}

try {
  let first = null;
  let editorScript = null;
  const query = new URLSearchParams(location.search);
  const panel = document.getElementById("boot");
  const template = document.getElementById("boot-skeleton");
  if (query.has("embed") && panel) {
    // An embed keeps its small loading panel, or shows the preview of its program.
    const preview = await import("./preview.js");
    const program = await preview.programOf(location.search, location.hash);
    if (program) first = await preview.showPreview(program, panel);
  } else if (panel && template) {
    // The full page: the skeleton in the panel's place, pointed at the program the app opens
    // (drawn at once; a stored edit or a link's program follows when preview.js is in), then
    // its program in an editor as soon as editor.js is in.
    const skeleton = template.content.firstElementChild.cloneNode(true);
    const adapted = adaptSkeleton(skeleton, query, location.hash);
    panel.replaceWith(skeleton);
    editorScript = loadScript(EDITOR_URL);
    // Not awaited: the app's parts are fetched meanwhile (the app replaces the skeleton).
    Promise.all([adapted, editorScript])
      .then(([code]) => earlyEditor(skeleton, code))
      .catch(() => {});
  }
  await start(editorScript);
  if (first) {
    first.done();
    await handOver(first.action);
  } else if (runQueued) {
    await handOver("run");
  }
} catch (error) {
  fail(error);
}

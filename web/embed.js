// Pollscope embeds for any page: include this script and every code block marked
//   <pre><code class="language-rust pollscope">…</code></pre>   (add `editable` to let readers edit)
// (mdBook renders ```rust,pollscope that way), every element with a `data-pollscope-src` (what
// the mdbook-pollscope preprocessor writes) and every <iframe data-pollscope> becomes a
// playground in an iframe, created when it scrolls near the viewport and resized from the
// iframe's `{ type: "pollscope:height", height }` messages (docs/embedding.md).
//
//   <script src="https://example.org/pollscope/embed.js" defer></script>
//
// The playground is found next to this script (or at `data-pollscope-site` on the script tag).
// No framework, no build step. The first iframe loads alone; the others wait until it has
// started, so that they take the wasm from the browser's cache: a page fetches it once.
(() => {
  if (window.__pollscopeEmbed) return;
  window.__pollscopeEmbed = true;

  const script = document.currentScript;
  const site = new URL(script?.dataset.pollscopeSite || ".", script?.src || location.href);
  const frames = new Set();
  let firstStarted = false;
  const waiting = [];

  /** base64url without padding, as Pollscope's links use. */
  function base64url(bytes) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /** The embed's address for `code`: `?embed#v1/<deflate-raw, base64url>`, or `?code=` if the browser cannot compress. */
  async function linkFor(code, editable) {
    const options = editable ? "?embed&editable" : "?embed";
    if (typeof CompressionStream === "function") {
      try {
        const stream = new Blob([code]).stream().pipeThrough(new CompressionStream("deflate-raw"));
        const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
        return new URL(`${options}#v1/${base64url(bytes)}`, site).href;
      } catch {
        // Fall through to the uncompressed form.
      }
    }
    return new URL(`${options}&code=${encodeURIComponent(code)}`, site).href;
  }

  /** Replaces `target` by an iframe for `src` (a string, or a promise of one). */
  async function mount(target, src, label) {
    const frame = document.createElement("iframe");
    frame.src = await src;
    frame.title = label;
    frame.dataset.pollscope = "";
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("allow", "clipboard-write");
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.display = "block";
    frame.style.height = `${Math.max(320, Math.ceil(target.getBoundingClientRect().height) + 220)}px`;
    frame.className = "pollscope-frame";
    frames.add(frame);
    target.replaceWith(frame);
  }

  /** Starts `job` now if the first playground has started (or none is loading), else later. */
  function schedule(job) {
    if (firstStarted || frames.size === 0) job();
    else waiting.push(job);
  }

  function upgrade(el) {
    if (el.dataset.pollscopeDone) return;
    el.dataset.pollscopeDone = "";
    if (el.tagName === "IFRAME") {
      frames.add(el);
      return;
    }
    const label = "Pollscope: runnable async Rust";
    if (el.dataset.pollscopeSrc) {
      schedule(() => mount(el, new URL(el.dataset.pollscopeSrc, site).href, label));
      return;
    }
    // A code block: replace its <pre>.
    const code = el.textContent.replace(/\n$/, "");
    const pre = el.closest("pre") ?? el;
    schedule(() => mount(pre, linkFor(code, el.classList.contains("editable")), label));
  }

  // Heights from our iframes only: the message must come from one of them and have our shape.
  window.addEventListener("message", (event) => {
    const data = event.data;
    if (!data || data.type !== "pollscope:height" || !Number.isFinite(data.height)) return;
    for (const frame of frames) {
      if (frame.contentWindow !== event.source) continue;
      frame.style.height = `${Math.min(Math.max(Math.round(data.height), 80), 4000)}px`;
      if (!firstStarted) {
        firstStarted = true;
        for (const job of waiting.splice(0)) job();
      }
    }
  });

  const selector = [
    "pre > code.language-rust.pollscope",
    "pre > code.lang-rust.pollscope",
    "[data-pollscope-src]",
    "iframe[data-pollscope]",
  ].join(", ");

  function start() {
    const targets = [...document.querySelectorAll(selector)];
    if (!("IntersectionObserver" in window)) {
      targets.forEach(upgrade);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          observer.unobserve(entry.target);
          upgrade(entry.target);
        }
      },
      { rootMargin: "400px 0px" },
    );
    for (const el of targets) {
      if (el.tagName === "IFRAME") upgrade(el);
      else observer.observe(el.closest("pre") && !el.dataset.pollscopeSrc ? el : el);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

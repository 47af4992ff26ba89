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
// No framework, no build step. The first iframe it creates loads alone; the others wait until it
// has started (or 10 s), so that they take the wasm from the browser's cache: a page fetches it
// once (given cacheable responses, as static hosts send).
(() => {
  if (window.__pollscopeEmbed) return;
  window.__pollscopeEmbed = true;

  const script = document.currentScript;
  const site = new URL(script?.dataset.pollscopeSite || ".", script?.src || location.href);
  const frames = new Set(); // every Pollscope iframe on the page, for the height messages
  const made = new Set(); // the iframes this script made (only they release the queue)
  let created = 0; // iframes this script made
  let firstStarted = false;
  const waiting = [];

  /** base64url without padding, as Pollscope's links use. */
  function base64url(bytes) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /** Raw DEFLATE of `bytes` in stored (uncompressed) blocks, for browsers without CompressionStream. */
  function storedDeflate(bytes) {
    const out = [];
    for (let at = 0; at < bytes.length || at === 0; at += 0xffff) {
      const chunk = bytes.subarray(at, at + 0xffff);
      const last = at + 0xffff >= bytes.length ? 1 : 0;
      out.push(last, chunk.length & 0xff, chunk.length >> 8, ~chunk.length & 0xff, (~chunk.length >> 8) & 0xff, ...chunk);
      if (last) break;
    }
    return new Uint8Array(out);
  }

  /**
   * A code block's program and its hidden lines: mdBook renders a Rust block's `# ` lines as
   * `<span class="boring">`; they are part of the program, folded away in the embed. Returns
   * `{ code, hide }` with `hide` as `1-4,9` (1-based line ranges) or "".
   */
  function programOf(el) {
    const flags = [];
    let line = { all: true, any: false };
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const boring = Boolean(node.parentElement?.closest(".boring"));
      for (const c of node.data) {
        line.any = true;
        if (!boring) line.all = false;
        if (c === "\n") {
          flags.push(line.all);
          line = { all: true, any: false };
        }
      }
    }
    if (line.any) flags.push(line.all);
    const ranges = [];
    flags.forEach((hidden, i) => {
      if (!hidden) return;
      const last = ranges.at(-1);
      if (last && last[1] === i) last[1] = i + 1;
      else ranges.push([i + 1, i + 1]);
    });
    const hide = ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(",");
    return { code: el.textContent.replace(/\n$/, ""), hide };
  }

  /** The embed's address for `code`: `?embed#v1/<deflate-raw, base64url>[&hide=..]`. */
  async function linkFor({ code, hide }, editable) {
    const options = editable ? "?embed&editable" : "?embed";
    const text = new TextEncoder().encode(code);
    let bytes = null;
    if (typeof CompressionStream === "function") {
      try {
        const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("deflate-raw"));
        bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      } catch {
        bytes = null;
      }
    }
    const folded = hide ? `&hide=${hide}` : "";
    return new URL(`${options}#v1/${base64url(bytes ?? storedDeflate(text))}${folded}`, site).href;
  }

  /** Replaces `target` by an iframe for `src` (a string, or a promise of one). */
  function mount(target, src, label) {
    const frame = document.createElement("iframe");
    frame.title = label;
    frame.dataset.pollscope = "";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.display = "block";
    frame.style.height = `${Math.max(320, Math.ceil(target.getBoundingClientRect().height) + 220)}px`;
    frame.className = "pollscope-frame";
    frames.add(frame);
    made.add(frame);
    created++;
    target.replaceWith(frame);
    Promise.resolve(src).then((url) => {
      frame.src = url;
    });
  }

  function release() {
    firstStarted = true;
    for (const job of waiting.splice(0)) job();
  }

  /**
   * Runs `job` (which creates an iframe) now if it is the first or the first has started,
   * else once the first has started (or after a while, if it never reports).
   */
  function schedule(job) {
    if (firstStarted || created === 0) {
      const first = created === 0;
      job();
      if (first) setTimeout(release, 10_000);
    } else {
      waiting.push(job);
    }
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
      // Only an address of the Pollscope site (never `javascript:` or another origin: the
      // attribute may come from text a host page did not write itself).
      const src = new URL(el.dataset.pollscopeSrc, site);
      if (src.origin !== site.origin || !/^https?:$/.test(src.protocol)) return;
      schedule(() => mount(el, src.href, label));
      return;
    }
    // A code block: replace its <pre>.
    const program = programOf(el);
    const pre = el.closest("pre") ?? el;
    schedule(() => mount(pre, linkFor(program, el.classList.contains("editable")), label));
  }

  // Heights from our iframes only: the message must come from the site's origin, from one of
  // them, and have our shape.
  window.addEventListener("message", (event) => {
    if (event.origin !== site.origin) return;
    const data = event.data;
    if (!data || data.type !== "pollscope:height" || !Number.isFinite(data.height)) return;
    for (const frame of frames) {
      if (frame.contentWindow !== event.source) continue;
      frame.style.height = `${Math.min(Math.max(Math.round(data.height), 80), 4000)}px`;
      if (!firstStarted && made.has(frame)) release();
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
      else observer.observe(el);
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// A tiny static file server for the built app (dist/), for the browser tests and measurements.
// No dependencies: node:http and node:fs. Listens on 127.0.0.1 on a free port.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The workspace root (two levels above this file). */
export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const DIST = join(ROOT, "dist");

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Serves `root` (default dist/) until `close()`. Resolves to `{ url, port, close, requests }`;
 * `url` ends with `/`. Unknown paths without an extension fall back to index.html.
 * Options: `prefix` serves the files under a path (`/pollscope/`), as a project site is;
 * `headers` adds response headers (a Content-Security-Policy); `cache` sets Cache-Control
 * (default `no-store`); `requests` counts the requests per path served.
 */
export async function startServer(root = DIST, { prefix = "/", headers = {}, cache = "no-store" } = {}) {
  const requests = new Map();
  await stat(join(root, "index.html")).catch(() => {
    throw new Error(`${root}/index.html is missing: build the app first (trunk build --release)`);
  });
  const server = createServer(async (req, res) => {
    try {
      const full = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
      requests.set(full, (requests.get(full) ?? 0) + 1);
      if (!full.startsWith(prefix)) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const path = "/" + full.slice(prefix.length);
      let file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) {
        res.writeHead(403).end();
        return;
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info && extname(file) === "") {
        file = join(root, "index.html");
        info = await stat(file).catch(() => null);
      }
      if (!info) {
        res.writeHead(404, { "content-type": "text/plain" }).end("not found");
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, {
        "content-type": MIME[extname(file)] ?? "application/octet-stream",
        "content-length": body.length,
        "cache-control": cache,
        ...headers,
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" }).end(String(error));
    }
  });
  await new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(0, "127.0.0.1", ok);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    port,
    requests,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

// `node tests/e2e/server.mjs`: serve dist/ by hand (on a free port).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { url } = await startServer();
  console.log(`serving ${DIST} at ${url} (Ctrl-C stops)`);
}

/** The headers of dist/_headers for every path (`/*`), as the sample gives them to hosts. */
export async function sampleHeaders() {
  const text = await readFile(join(DIST, "_headers"), "utf8");
  const headers = {};
  for (const line of text.split("\n")) {
    const m = /^\s+([A-Za-z-]+):\s*(.+)$/.exec(line);
    if (m) headers[m[1]] = m[2].trim();
  }
  return headers;
}

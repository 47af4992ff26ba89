// Hostile text renders as text: a corpus of markup, event handlers, `javascript:` URLs, an RTL
// override and a huge line, put everywhere a program's text reaches the page - its code,
// what it prints, its panic message, its diagnostics, share links and `?code=` links, the
// embed's preview. No script of it runs, and no element or attribute of it appears.
import assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import { after, before, describe, test } from "node:test";
import { Playground, startEnv } from "./playground.mjs";

const PAYLOADS = [
  "<script>window.__pwned='script'</script>",
  `<img src=x onerror="window.__pwned='img'">`,
  `"><svg onload="window.__pwned='svg'"></svg>`,
  "<iframe src=\"javascript:parent.__pwned='iframe'\"></iframe>",
  "javascript:window.__pwned='url'",
  "<a href=\"javascript:window.__pwned='a'\" id=pwn>click</a>",
  "\u202Eevil\u202C right-to-left override",
  "</textarea></pre><b onmouseover=\"window.__pwned='b'\">bold</b>",
  "&lt;escaped&gt; &amp; {{template}} ${'{'}template{'}'}",
];
/** A Rust string literal of `text` (escaping quotes and backslashes). */
const lit = (text) => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
const HUGE = "x".repeat(20_000);

/** A program that prints every payload, has them in comments, and then panics with one. */
const PRINTS = `// ${PAYLOADS.join("\n// ")}
struct Wrapper { text: &'static str }

async fn main() {
${PAYLOADS.map((p) => `    println!("{}", ${lit(p)});`).join("\n")}
    println!("{}", ${lit(HUGE)});
    let w = Wrapper { text: ${lit(PAYLOADS[1])} };
    panic!("{}", w.text);
}
`;
/** A program whose diagnostics quote the payloads (an unknown name, a bad token). */
const BROKEN = `async fn main() {
    let a = ${lit(PAYLOADS[0])} + 1;
    let b = <img src=x onerror=alert(1)>;
}
`;

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env.stop();
});

/** What must hold on a page after hostile text went through it. */
async function assertInert(page) {
  assert.equal(await page.evaluate(() => window.__pwned ?? null), null, "no payload script ran");
  const injected = await page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll("*")) {
      // The page itself makes no images or frames (its drawings are SVG without handlers),
      // but CodeMirror puts empty `img.cm-widgetBuffer`s beside its widgets (as for the RTL
      // override, shown as a special character).
      if (["IMG", "IFRAME"].includes(el.tagName) && !(el.classList.contains("cm-widgetBuffer") && !el.hasAttribute("src"))) {
        found.push(`${el.tagName} in ${el.parentElement?.className}`);
      }
      if (el.tagName === "SCRIPT" && !el.src) found.push("inline script");
      if (el.id === "pwn") found.push("#pwn");
      for (const attr of el.attributes) if (/^on/i.test(attr.name)) found.push(`${el.tagName}[${attr.name}]`);
      if (el.tagName === "A" && /^javascript:/i.test(el.getAttribute("href") ?? "")) found.push("javascript: link");
    }
    return found;
  });
  assert.deepEqual(injected, [], "no element or attribute from the payloads");
}

async function open(suffix) {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const dialogs = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    d.dismiss();
  });
  const pg = new Playground(page, env.server.url + suffix);
  return { pg, page, dialogs, close: () => context.close() };
}

describe("hostile text", () => {
  test("printed, commented and in a panic message, it shows as text", async () => {
    // (In the fragment: a 20 KB line does not fit in the request line of a `?code=` link.)
    const { pg, page, dialogs, close } = await open(`#v1/${deflateRawSync(Buffer.from(PRINTS)).toString("base64url")}`);
    await pg.open();
    await pg.run();
    const out = await pg.consoleText();
    for (const p of PAYLOADS) assert.ok(out.includes(p), `printed as text: ${p}`);
    assert.ok(out.includes(HUGE), "the huge line, whole");
    assert.match(await pg.endText(), /panicked/);
    // Stepping through shows the log and the detail views with the same text.
    await pg.byTestId("into").check();
    for (let i = 0; i < 5; i++) await pg.step();
    await assertInert(page);
    assert.deepEqual(dialogs, []);
    await close();
  });

  test("quoted by diagnostics, it shows as text", async () => {
    const { pg, page, close } = await open(`?code=${encodeURIComponent(BROKEN)}`);
    await pg.open();
    await pg.run();
    const diags = await pg.diagnostics();
    assert.ok(diags.length > 0, "the program is refused");
    await assertInert(page);
    await close();
  });

  test("in a share link and an embed's preview, it shows as text", async () => {
    const v1 = deflateRawSync(Buffer.from(PRINTS)).toString("base64url");
    const short = `// ${PAYLOADS[1]}\nasync fn main() {\n    println!("{}", ${lit(PAYLOADS[0])});\n}\n`;
    for (const suffix of [`#v1/${v1}`, `?embed#v1/${v1}`, `?embed&code=${encodeURIComponent(short)}`]) {
      const { page, close } = await open(suffix);
      await page.goto(env.server.url + suffix);
      await page.locator('.cm-editor, [data-testid="embed-preview"]').first().waitFor();
      await page.waitForTimeout(200);
      await assertInert(page);
      // In the full page the program is the editor's text; in the preview, the preview's.
      const text = await page.locator('.cm-content, [data-testid="embed-preview"] .preview-code').first().textContent();
      assert.ok(text.includes("onerror"), suffix);
      await close();
    }
  });
});

// A program that does not compile shows its diagnostics in words, at the right line, and as
// lint marks in the editor; fixing it and running again clears them.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { usePlayground } from "./playground.mjs";

let pg;
usePlayground((p) => (pg = p));

/** The 1-based editor lines that carry an error mark (`.cm-lintRange-error`). */
async function markedLines(page) {
  return page.locator(".cm-content").evaluate((content) => {
    const lines = [...content.querySelectorAll(":scope > .cm-line")];
    return lines.flatMap((line, i) => (line.querySelector(".cm-lintRange-error") ? [i + 1] : []));
  });
}

/** The 1-based lines whose gutter shows an error marker. */
async function gutterLines(page) {
  return page.locator(".cm-gutter-lint .cm-gutterElement").evaluateAll((els) => {
    // Gutter elements are positioned by their top; a spacer comes first.
    const rows = els.filter((el) => el.offsetHeight > 0);
    const lineHeight = rows.find((el) => !el.querySelector(".cm-lint-marker"))?.offsetHeight ?? rows[0]?.offsetHeight;
    return rows
      .filter((el) => el.querySelector(".cm-lint-marker-error"))
      .map((el) => Math.round(el.offsetTop / lineHeight) + 1);
  });
}

describe("diagnostics", () => {
  test("an unknown variable is reported on its line, in words and in the editor", async () => {
    await pg.setSource(
      ["async fn main() {", "    let count = 3;", '    println!("{}", cuont + 1);', "}", ""].join("\n"),
    );
    await pg.run();
    const diags = await pg.diagnostics();
    assert.equal(diags.length, 1, `diagnostics: ${JSON.stringify(diags)}`);
    assert.match(diags[0], /^line 3, column 20: /);
    assert.match(diags[0], /cannot find value `cuont`/);
    await pg.page.locator(".cm-lintRange-error").first().waitFor();
    assert.deepEqual(await markedLines(pg.page), [3]);
    assert.equal(await pg.page.locator(".cm-lintRange-error").first().textContent(), "cuont");
    assert.deepEqual(await gutterLines(pg.page), [3]);
    // No run happened: no outcome, no position.
    assert.equal(await pg.byTestId("end").count(), 0);
    assert.equal(await pg.position(), "no run yet");
    await pg.screenshot("diagnostic");
  });

  test("a missing semicolon is reported where the `;` belongs", async () => {
    await pg.setSource(["async fn main() {", "    let n = 3", '    println!("{n}");', "}", ""].join("\n"));
    await pg.run();
    const diags = await pg.diagnostics();
    assert.equal(diags.length, 1, `diagnostics: ${JSON.stringify(diags)}`);
    assert.match(diags[0], /^line 2, column 14: syntax error: expected `;`/);
    await pg.page.locator(".cm-lint-marker-error").first().waitFor();
    assert.deepEqual(await gutterLines(pg.page), [2]);
  });

  test("fixing the program and running again clears the diagnostics and the marks", async () => {
    await pg.setSource(["async fn main() {", "    let n = 3;", '    println!("{n}");', "}", ""].join("\n"));
    await pg.run();
    assert.deepEqual(await pg.diagnostics(), []);
    assert.equal(await pg.endText(), "Done: main returned after 1 polls of 1 task(s).");
    assert.equal(await pg.consoleText(), " #1 │ 3\n");
    assert.equal(await pg.page.locator(".cm-lintRange-error, .cm-lint-marker-error").count(), 0);
  });

  test("no errors in the page", () => {
    assert.deepEqual(pg.errors, []);
  });
});

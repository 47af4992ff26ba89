// The playground's editor: CodeMirror 6 with Rust highlighting, diagnostics and the line of
// the current trace event. Bundled by esbuild into web/generated/editor.js (a Trunk pre-build
// hook); the Rust app drives it through `window.PollscopeEditor`.
import { EditorView, basicSetup } from "codemirror";
import { Decoration, keymap } from "@codemirror/view";
import { EditorState, Prec, StateEffect, StateField } from "@codemirror/state";
import { indentWithTab } from "@codemirror/commands";
import { rust } from "@codemirror/lang-rust";
import { lintGutter, setDiagnostics } from "@codemirror/lint";

const setCurrentLine = StateEffect.define();

// The line of the event under the cursor of the trace, highlighted.
const currentLine = StateField.define({
  create() {
    return Decoration.none;
  },
  update(lines, tr) {
    lines = lines.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setCurrentLine)) {
        lines = effect.value === null
          ? Decoration.none
          : Decoration.set([Decoration.line({ class: "cm-current-event" }).range(effect.value)]);
      }
    }
    return lines;
  },
  provide: (field) => EditorView.decorations.from(field),
});

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "14px" },
  ".cm-scroller": { fontFamily: "var(--mono)" },
  ".cm-current-event": { backgroundColor: "var(--current-line)" },
});

window.PollscopeEditor = {
  /** Creates an editor in `parent`; `onChange(text)` on every edit, `onRun()` on Ctrl/Cmd-Enter. */
  create(parent, doc, onChange, onRun) {
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc,
        extensions: [
          Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => { onRun(); return true; } }])),
          basicSetup,
          keymap.of([indentWithTab]),
          rust(),
          lintGutter(),
          currentLine,
          theme,
          EditorView.contentAttributes.of({ "aria-label": "Program source (Rust)" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    return view;
  },
  /** Replaces the whole text. */
  setText(view, text) {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  },
  getText(view) {
    return view.state.doc.toString();
  },
  /** `list`: [{ from, to, message, severity }] in character offsets. */
  setDiagnostics(view, list) {
    const len = view.state.doc.length;
    const clamped = list.map((d) => ({
      from: Math.min(d.from, len),
      to: Math.min(Math.max(d.to, d.from), len),
      message: d.message,
      severity: d.severity,
    }));
    view.dispatch(setDiagnostics(view.state, clamped));
  },
  /** Highlights 1-based `line` (0 clears) and scrolls it into view. */
  highlightLine(view, line) {
    if (!line || line > view.state.doc.lines) {
      view.dispatch({ effects: setCurrentLine.of(null) });
      return;
    }
    const pos = view.state.doc.line(line).from;
    view.dispatch({ effects: [setCurrentLine.of(pos), EditorView.scrollIntoView(pos, { y: "nearest" })] });
  },
  focus(view) {
    view.focus();
  },
};

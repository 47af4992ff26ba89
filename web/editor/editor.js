// The playground's editor: CodeMirror 6 with Rust highlighting, diagnostics and the line of
// the current trace event. Bundled by esbuild into web/generated/editor.js (a Trunk pre-build
// hook); the Rust app drives it through `window.PollscopeEditor`.
import {
  Decoration,
  EditorView,
  WidgetType,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { Compartment, EditorState, Prec, StateEffect, StateField } from "@codemirror/state";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { rust } from "@codemirror/lang-rust";
import {
  HighlightStyle,
  bracketMatching,
  defaultHighlightStyle,
  indentOnInput,
  syntaxHighlighting,
} from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { StyleModule } from "style-mod";

// A strict Content-Security-Policy (`style-src 'self'`, no 'unsafe-inline') blocks <style>
// elements. CodeMirror writes its themes through style-mod, which uses a constructable
// stylesheet (`adoptedStyleSheets`: CSSOM, which CSP allows) in a shadow root but a <style>
// element in a document. Mounting once into a shadow-root-like object makes style-mod create
// its stylesheet set; handing that set to the document makes CodeMirror's later mounts there
// use the adopted stylesheet too. style-mod is pinned (package.json); the strict-CSP test in
// tests/e2e/csp.test.mjs fails if this stops working.
function adoptCodeMirrorStyles() {
  if (!Array.isArray(document.adoptedStyleSheets) || typeof CSSStyleSheet !== "function") return;
  const shadowLike = { ownerDocument: document, adoptedStyleSheets: [] };
  StyleModule.mount(shadowLike, []);
  for (const key of Object.getOwnPropertySymbols(shadowLike)) {
    if (!(key in document)) document[key] = shadowLike[key];
  }
}
adoptCodeMirrorStyles();

// What the playground needs of CodeMirror's basicSetup (line numbers, undo, bracket matching,
// indentation, highlighting) without the rest (autocompletion, search, folding), which would
// about double the bundle.
const setup = [
  lineNumbers(),
  highlightActiveLineGutter(),
  highlightSpecialChars(),
  history(),
  drawSelection(),
  indentOnInput(),
  syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
  bracketMatching(),
  highlightActiveLine(),
  keymap.of([...defaultKeymap, ...historyKeymap]),
];

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

// Small notes drawn into the code while stepping: the value a `poll` returned (ghost text at
// the end of its line), the state name of each `.await` an async body waits at, how often each
// hand-written `fn poll` ran. They are decorations only: the text is never changed.
class NoteWidget extends WidgetType {
  constructor(text, kind) {
    super();
    this.text = text;
    this.kind = kind;
  }
  eq(other) {
    return other.text === this.text && other.kind === this.kind;
  }
  toDOM() {
    const span = document.createElement("span");
    span.className = `cm-note cm-note-${this.kind}`;
    span.setAttribute("data-testid", `note-${this.kind}`);
    // Text only (textContent): notes carry program values, never HTML.
    span.textContent = this.text;
    return span;
  }
  ignoreEvent() {
    return true;
  }
}

const setNotes = StateEffect.define();

const notes = StateField.define({
  create() {
    return Decoration.none;
  },
  update(set, tr) {
    set = set.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setNotes)) set = effect.value;
    }
    return set;
  },
  provide: (field) => EditorView.decorations.from(field),
});

// Lines folded away, as mdBook hides a Rust block's `# ` lines: part of the program, not of the
// lesson. One widget per range says how many lines; clicking it shows them all.
const setHidden = StateEffect.define();

class HiddenWidget extends WidgetType {
  constructor(count) {
    super();
    this.count = count;
  }
  eq(other) {
    return other.count === this.count;
  }
  toDOM(view) {
    const button = document.createElement("button");
    button.className = "cm-hidden-lines";
    button.type = "button";
    button.setAttribute("data-testid", "hidden-lines");
    button.textContent = `⋯ ${this.count} hidden line${this.count === 1 ? "" : "s"} (show)`;
    button.addEventListener("click", () => reveal(view));
    return button;
  }
  ignoreEvent() {
    return false;
  }
}

const hiddenLines = StateField.define({
  create() {
    return Decoration.none;
  },
  update(set, tr) {
    set = set.map(tr.changes);
    for (const effect of tr.effects) {
      if (effect.is(setHidden)) set = effect.value;
    }
    return set;
  },
  provide: (field) => EditorView.decorations.from(field),
});

/** Who to tell when the reader shows the hidden lines, per view. */
const onReveal = new WeakMap();

function reveal(view) {
  if (view.state.field(hiddenLines).size === 0) return;
  view.dispatch({ effects: setHidden.of(Decoration.none) });
  onReveal.get(view)?.();
}

/** Whether 1-based `line` is inside a hidden range. */
function isHidden(view, line) {
  const pos = view.state.doc.line(line).from;
  let inside = false;
  view.state.field(hiddenLines).between(pos, pos, () => {
    inside = true;
  });
  return inside;
}

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "13.5px" },
  ".cm-scroller": { fontFamily: "var(--mono)" },
  ".cm-current-event": { backgroundColor: "var(--current-line)" },
  ".cm-note": { fontFamily: "var(--sans)", fontSize: "12px", borderRadius: "4px", padding: "0 5px", marginLeft: "6px", whiteSpace: "pre" },
  ".cm-note-ghost": { color: "var(--muted)", fontStyle: "italic", border: "1px dashed var(--border)" },
  ".cm-note-ghost.cm-note-ghost": { color: "var(--text)" },
  ".cm-note-badge": { background: "var(--badge-bg, #ece8ff)", color: "var(--pending)" },
  ".cm-note-count": { background: "var(--badge-bg, #ece8ff)", color: "var(--muted)" },
  ".cm-hidden-lines": {
    display: "block", width: "100%", textAlign: "left", cursor: "pointer", font: "12px var(--sans)",
    color: "var(--muted)", background: "transparent", border: "0", borderBlock: "1px dashed var(--border)", padding: "1px 6px",
  },
  ".cm-hidden-lines:hover": { color: "var(--accent)" },
});

// Dark mode: CodeMirror's default token colours are meant for a light background (dark blue
// names, dark purple keywords are unreadable on dark grey). The same styles with light colours,
// active only while the editor's theme is dark (when the system asks for dark).
const DARK_COLOURS = {
  "#708": "#c792ea", // keywords
  "#164": "#7fd88f", // atoms, booleans
  "#219": "#79c0ff", // numbers
  "#a11": "#ff9e8a", // strings
  "#e40": "#ffb86c", // escapes, regexps
  "#00f": "#82aaff", // definitions
  "#30a": "#b39dff", // locals
  "#085": "#4fd6be", // types, namespaces
  "#167": "#4fc1d6", // class names
  "#256": "#78b6e8", // special variables
  "#00c": "#82aaff", // property definitions
  "#940": "#d4a15a", // comments
  "#f00": "#ff6b6b", // invalid
  "#404740": "#a0a8a0", // meta
};
const darkHighlight = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) => (spec.color ? { ...spec, color: DARK_COLOURS[spec.color] ?? spec.color } : spec)),
  { themeType: "dark" },
);
const prefersDark = window.matchMedia("(prefers-color-scheme: dark)");
const darkness = new Compartment();
const darkTheme = () => EditorView.darkTheme.of(prefersDark.matches);

// The view of each editor element, for tests and embedders that hold the element only.
const views = new WeakMap();

/**
 * A CodeMirror view in `parent`. `handlers` ({ onChange(text), onRun() }) is read at each
 * event, so that the app can take over a view that web/boot.js created before it started.
 */
function makeView(parent, doc, handlers, editable) {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc,
      extensions: [
        Prec.highest(keymap.of([{ key: "Mod-Enter", run: () => { handlers.onRun?.(); return true; } }])),
        setup,
        keymap.of([indentWithTab]),
        rust(),
        lintGutter(),
        syntaxHighlighting(darkHighlight),
        darkness.of(darkTheme()),
        currentLine,
        notes,
        hiddenLines,
        theme,
        EditorView.contentAttributes.of({ "aria-label": "Program source (Rust)" }),
        EditorState.readOnly.of(!editable),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) handlers.onChange?.(update.state.doc.toString());
        }),
      ],
    }),
  });
  prefersDark.addEventListener("change", () => view.dispatch({ effects: darkness.reconfigure(darkTheme()) }));
  views.set(parent, view);
  return view;
}

/**
 * The editor web/boot.js made over the page's static skeleton while the app was still on its
 * way ({ view, handlers, origin }), until the app's `create` adopts it; else null.
 */
let early = null;

const PollscopeEditor = {
  /** The text of the editor created in `parent` (as the program the page runs). */
  textOf(parent) {
    return views.get(parent)?.state.doc.toString() ?? null;
  },
  /**
   * An editable editor of `doc` in `parent` before the app has started (web/boot.js), so that
   * the learner reads and edits the program while the wasm is still on its way; `onRun()` on
   * Ctrl/Cmd-Enter until then. The app's `create` takes it over, edits and all.
   */
  early(parent, doc, onRun) {
    const handlers = { onRun, focused: false, scroll: null };
    const view = makeView(parent, doc, handlers, true);
    // Whether the learner is in it, so that the focus survives the move into the app. Taking
    // an element out of the document blurs it (synchronously, while it is still connected):
    // a blur counts only if the editor is still in the document once the removal is over.
    view.contentDOM.addEventListener("focus", () => (handlers.focused = true));
    view.contentDOM.addEventListener("blur", () =>
      queueMicrotask(() => {
        if (view.dom.isConnected) handlers.focused = view.hasFocus;
      }));
    // Where the learner scrolled to, for the same move: a detached editor reads as scrolled
    // to the top.
    view.scrollDOM.addEventListener("scroll", () => {
      if (view.dom.isConnected) handlers.scroll = view.scrollSnapshot();
    });
    early = { view, handlers, origin: doc };
    return view;
  },
  /**
   * Creates an editor in `parent`; `onChange(text)` on every edit, `onRun()` on Ctrl/Cmd-Enter.
   * A read-only editor (`editable` false, for embeds) still selects, copies and shows notes.
   *
   * The editor of `early`, if there is one, moves into `parent` instead: unedited, it shows
   * `doc`; edited, it keeps the learner's text and reports it through `onChange` (after this
   * returns, as an edit would come).
   */
  create(parent, doc, onChange, onRun, editable = true, onShowHidden = null) {
    const taken = early;
    early = null;
    if (taken && editable) {
      const { view, handlers, origin } = taken;
      parent.append(view.dom);
      views.set(parent, view);
      const edited = view.state.doc.toString() !== origin;
      // Unedited but not what the app opens (it should not happen: boot.js opens what the
      // app opens): the app's program. Otherwise the view stays where the learner scrolled.
      if (!edited && origin !== doc) PollscopeEditor.setText(view, doc);
      else if (handlers.scroll) view.dispatch({ effects: handlers.scroll });
      if (edited) queueMicrotask(() => onChange(view.state.doc.toString()));
      handlers.onChange = onChange;
      handlers.onRun = onRun;
      if (onShowHidden) onReveal.set(view, onShowHidden);
      view.requestMeasure();
      if (handlers.focused) view.focus();
      return view;
    }
    taken?.view.destroy();
    const view = makeView(parent, doc, { onChange, onRun }, editable);
    if (onShowHidden) onReveal.set(view, onShowHidden);
    return view;
  },
  /**
   * Folds away `list`: [[from, to], ...] 1-based inclusive line ranges (lines past the end are
   * ignored); an empty list shows every line.
   */
  setHidden(view, list) {
    const doc = view.state.doc;
    const ranges = [];
    let after = 0;
    for (const [from, to] of list) {
      if (from <= after || from > doc.lines) continue;
      after = to;
      const last = Math.min(to, doc.lines);
      const widget = new HiddenWidget(last - from + 1);
      ranges.push(Decoration.replace({ widget, block: true }).range(doc.line(from).from, doc.line(last).to));
    }
    view.dispatch({ effects: setHidden.of(Decoration.set(ranges, true)) });
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
    // The run is at a hidden line: show the hidden lines rather than hide where it is.
    if (isHidden(view, line)) reveal(view);
    const pos = view.state.doc.line(line).from;
    view.dispatch({ effects: [setCurrentLine.of(pos), EditorView.scrollIntoView(pos, { y: "nearest" })] });
  },
  /**
   * Replaces the notes. `list`: [{ line, col, text, kind }] with 1-based line and column;
   * a `col` of 0 puts the note at the end of the line. `kind`: "ghost", "badge" or "count".
   */
  setNotes(view, list) {
    const doc = view.state.doc;
    const ranges = [];
    for (const n of list) {
      if (!n.line || n.line > doc.lines) continue;
      const line = doc.line(n.line);
      const pos = n.col ? Math.min(line.from + n.col - 1, line.to) : line.to;
      ranges.push(Decoration.widget({ widget: new NoteWidget(n.text, n.kind), side: 1 }).range(pos));
    }
    ranges.sort((a, b) => a.from - b.from);
    view.dispatch({ effects: setNotes.of(Decoration.set(ranges, true)) });
  },
  focus(view) {
    view.focus();
  },
};
window.PollscopeEditor = PollscopeEditor;

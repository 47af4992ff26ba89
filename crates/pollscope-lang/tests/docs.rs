//! docs/language.md lists the built-in functions and the refused-with-a-hint paths exactly as the
//! compiler knows them (`pollscope_lang::builtins`). `UPDATE_GOLDEN=1` rewrites the lists.

use pollscope_lang::builtins::{NOT_YET, PATHS};

const DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/language.md");

fn builtins() -> String {
    PATHS.iter().map(|(path, _)| format!("`{path}`")).collect::<Vec<_>>().join(", ")
}

fn not_yet() -> String {
    NOT_YET.iter().map(|(path, message)| format!("- `{path}`: {message}")).collect::<Vec<_>>().join("\n")
}

/// The text between `<!-- NAME:start -->\n` and `\n<!-- NAME:end -->`, and where it is.
fn section(doc: &str, name: &str) -> (usize, usize) {
    let start = format!("<!-- {name}:start -->\n");
    let end = format!("\n<!-- {name}:end -->");
    let a = doc.find(&start).unwrap_or_else(|| panic!("docs/language.md has no {name} section")) + start.len();
    let b = a + doc[a..].find(&end).expect("the section ends");
    (a, b)
}

#[test]
fn the_language_doc_lists_the_compilers_builtins() {
    let mut doc = std::fs::read_to_string(DOC).expect("docs/language.md");
    let mut stale = Vec::new();
    for (name, wanted) in [("builtins", builtins()), ("not-yet", not_yet())] {
        let (a, b) = section(&doc, name);
        if doc[a..b] != wanted {
            stale.push(name);
            doc.replace_range(a..b, &wanted);
        }
    }
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(DOC, doc).expect("writable docs/language.md");
        return;
    }
    assert!(
        stale.is_empty(),
        "docs/language.md is out of date in {stale:?}: run UPDATE_GOLDEN=1 cargo test -p pollscope-lang --test docs"
    );
}

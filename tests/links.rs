//! Every gallery example fits in a share link that any browser, chat or issue tracker keeps
//! whole (under 2,000 characters, with a deep cursor and Step into), and opening that link
//! gives back the program and the view exactly. The `#example=ID` form round-trips too.
//!
//! `cargo test -p pollscope-tests --test links -- --nocapture` prints the link lengths.

use std::path::Path;

use pollscope_link::{Origin, Program, View, fragment, parse};
use pollscope_tests::programs_dir;

/// The site a published playground would have (its length counts toward the link's).
const SITE: &str = "https://pollscope.example.org/pollscope/";

/// The longest link expected to survive everywhere (old browsers, chat and mail clients).
const MAX_SHARE_LINK: usize = 2_000;

/// The gallery's example ids, in gallery order: the first string literal after each
/// `example!(` in the web app's `examples.rs`.
fn gallery_ids() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/pollscope-web/src/examples.rs");
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    source
        .split("example!(")
        .skip(1)
        .map(|after| {
            let after = after.trim_start();
            let rest = after
                .strip_prefix('"')
                .unwrap_or_else(|| panic!("`example!(` not followed by a string literal: {after:.40}"));
            let end = rest.find('"').expect("the id's closing quote");
            rest[..end].to_string()
        })
        .collect()
}

/// A deep view, as Share writes it after stepping far into a run with Step into: a late step,
/// a late future-level event, `&into`.
fn deep_view() -> View {
    View { step: Some(999), event: Some(99_999), into: true, live: false, hide: Vec::new() }
}

#[test]
fn every_gallery_example_fits_in_a_share_link_that_opens_it_again() {
    let ids = gallery_ids();
    assert!(ids.len() >= 15, "the gallery has {} examples, fewer than 15: {ids:?}", ids.len());
    let view = deep_view();
    let mut rows = Vec::new();
    let mut failures = Vec::new();
    for id in &ids {
        let path = programs_dir().join(format!("{id}.rs"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let program = Program::Code { text: text.clone(), origin: Origin::Share };
        let hash = fragment(&program, &view);
        let link = format!("{SITE}#{hash}");
        rows.push((id.clone(), text.len(), link.len()));
        if link.len() >= MAX_SHARE_LINK {
            failures.push(format!("{id}: the link has {} characters, not under {MAX_SHARE_LINK}", link.len()));
        }
        match parse("", &hash) {
            (_, Ok(opened)) => {
                if opened.program.as_ref() != Some(&program) {
                    failures.push(format!("{id}: the link opens another program"));
                }
                if opened.view != view {
                    failures.push(format!("{id}: the link opens {:?}, not {view:?}", opened.view));
                }
            }
            (_, Err(error)) => failures.push(format!("{id}: the link does not open: {error}")),
        }
    }

    let width = rows.iter().map(|(id, ..)| id.len()).max().unwrap_or(0).max("example".len());
    eprintln!("\nshare links to {SITE}#v1/... (step=999, event=99999, into)\n");
    eprintln!("| {:width$} | program bytes | link length |", "example");
    eprintln!("|{}|--------------:|------------:|", "-".repeat(width + 2));
    for (id, bytes, length) in &rows {
        eprintln!("| {id:width$} | {bytes:>13} | {length:>11} |");
    }
    let longest = rows.iter().map(|(_, _, length)| *length).max().unwrap_or(0);
    eprintln!("\n{} examples, longest link {longest} characters (limit: under {MAX_SHARE_LINK})\n", rows.len());

    assert!(failures.is_empty(), "{} of {} examples:\n{}", failures.len(), ids.len(), failures.join("\n"));
}

#[test]
fn every_gallery_example_link_names_the_example_and_round_trips() {
    let ids = gallery_ids();
    assert!(ids.len() >= 15, "the gallery has {} examples, fewer than 15", ids.len());
    for view in
        [View::default(), deep_view(), View { step: Some(3), event: None, into: false, live: true, hide: Vec::new() }]
    {
        for id in &ids {
            let program = Program::Example(id.clone());
            let hash = fragment(&program, &view);
            assert!(hash.starts_with(&format!("example={id}")), "{hash}");
            let (_, opened) = parse("", &format!("#{hash}"));
            let opened = opened.unwrap_or_else(|e| panic!("#{hash} does not open: {e}"));
            assert_eq!(opened.program, Some(program), "#{hash}");
            assert_eq!(opened.view, view, "#{hash}");
            // The query form names the same example.
            let (_, opened) = parse(&format!("?example={id}"), "");
            assert_eq!(opened.map(|o| o.program), Ok(Some(Program::Example(id.clone()))), "?example={id}");
        }
    }
}

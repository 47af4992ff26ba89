//! The binary as mdBook runs it: `supports <renderer>`, then the book through stdin and stdout.

use std::io::Write;
use std::process::{Command, Stdio};

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};

const BIN: &str = env!("CARGO_BIN_EXE_mdbook-pollscope");

fn status(args: &[&str]) -> Option<i32> {
    Command::new(BIN).args(args).stdin(Stdio::null()).status().unwrap().code()
}

#[test]
fn it_supports_the_html_renderer_only() {
    assert_eq!(status(&["supports", "html"]), Some(0));
    assert_eq!(status(&["supports", "markdown"]), Some(1));
    assert_eq!(status(&["nonsense"]), Some(2));
}

#[test]
fn it_reads_a_book_on_stdin_and_writes_the_processed_book_on_stdout() {
    let config = "[preprocessor.pollscope]\nsite = \"https://example.org/pollscope/\"".parse().unwrap();
    let ctx = PreprocessorContext::new("/book".into(), config, "html".into());
    let mut book = Book::new();
    let chapter = "# Hi\n\n```rust,pollscope\nasync fn main() {}\n```\n";
    book.push_item(Chapter::new("Hi", chapter.into(), "hi.md", vec![]));
    let input = serde_json::to_vec(&(&ctx, &book)).unwrap();

    let mut child = Command::new(BIN).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let book: Book = serde_json::from_slice(&output.stdout).unwrap();
    let Some(BookItem::Chapter(chapter)) = book.iter().next() else { panic!("no chapter") };
    assert!(chapter.content.starts_with("# Hi\n\n<div class=\"pollscope-embed\" data-pollscope-src=\"?embed#v1/"));
    assert!(chapter.content.ends_with("data-pollscope-site=\"https://example.org/pollscope/\" defer></script>\n"));

    let mut bad = Command::new(BIN).stdin(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    bad.stdin.take().unwrap().write_all(b"not json").unwrap();
    let output = bad.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("mdbook-pollscope: error: Unable to parse the input"));
}

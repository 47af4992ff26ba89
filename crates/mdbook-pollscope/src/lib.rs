//! An mdBook preprocessor: fenced code blocks marked `rust,pollscope` become Pollscope embeds.
//!
//! ````markdown
//! ```rust,pollscope
//! async fn main() { println!("hi"); }
//! ```
//! ````
//!
//! becomes a `<div class="pollscope-embed" data-pollscope-src="?embed#v1/...">` around the same
//! code block (a reader without JavaScript still sees the code, mdBook still hides its `# `
//! lines), and each chapter with an embed gets one `<script src="{site}embed.js">`, which turns
//! the divs into playgrounds. `data-pollscope-src` is relative to the Pollscope site, set in
//! `book.toml`:
//!
//! ```toml
//! [preprocessor.pollscope]
//! site = "https://example.org/pollscope/"   # default "/pollscope/"
//! ```
//!
//! The attribute `editable` (```` ```rust,pollscope,editable ````) makes an embed whose code the
//! reader may edit. Code blocks are found with mdBook's own Markdown parser, so a block is an
//! embed exactly when mdBook would render it as a code block; everything else in a chapter is
//! left byte for byte as it was.

use std::ops::Range;

use mdbook_markdown::pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use mdbook_markdown::{MarkdownOptions, new_cmark_parser};
use mdbook_preprocessor::book::Book;
use mdbook_preprocessor::config::Config;
use mdbook_preprocessor::errors::Result;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use pollscope_link::{Origin, Program, View};

/// The site embeds point to when `book.toml` sets none.
pub const DEFAULT_SITE: &str = "/pollscope/";

/// The preprocessor, named `pollscope` (its table in `book.toml` is `[preprocessor.pollscope]`).
#[derive(Debug, Default, Clone, Copy)]
pub struct Pollscope;

impl Preprocessor for Pollscope {
    fn name(&self) -> &str {
        "pollscope"
    }

    fn run(&self, ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let site = site(&ctx.config)?;
        book.for_each_chapter_mut(|chapter| {
            let processed = process(&chapter.content, &site);
            for line in &processed.nested {
                let path = chapter.source_path.as_deref().unwrap_or(std::path::Path::new("?")).display();
                eprintln!(
                    "mdbook-pollscope: warning: {path}:{line}: a `rust,pollscope` block inside a list, quote or \
                     footnote stays a plain code block (only top-level blocks become embeds)"
                );
            }
            if processed.embeds > 0 {
                chapter.content = processed.markdown;
            }
        });
        Ok(book)
    }

    fn supports_renderer(&self, renderer: &str) -> Result<bool> {
        Ok(renderer == "html")
    }
}

/// `preprocessor.pollscope.site` from the book's configuration, ending with `/`.
pub fn site(config: &Config) -> Result<String> {
    let site = config.get::<String>("preprocessor.pollscope.site")?;
    Ok(normalize_site(site.as_deref().unwrap_or(DEFAULT_SITE)))
}

fn normalize_site(site: &str) -> String {
    let site = site.trim();
    if site.is_empty() {
        return DEFAULT_SITE.to_string();
    }
    let mut site = site.to_string();
    if !site.ends_with('/') {
        site.push('/');
    }
    site
}

/// A chapter's Markdown after [`process`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Processed {
    /// The new Markdown (the input itself when there are no embeds).
    pub markdown: String,
    /// How many blocks became embeds.
    pub embeds: usize,
    /// The lines (1-based) of `rust,pollscope` blocks left alone because they sit inside a
    /// container block (list item, block quote, footnote), where the embed's lines would need
    /// the container's prefixes.
    pub nested: Vec<usize>,
}

/// Replaces the chapter's top-level `rust,pollscope` code blocks with embeds and, if there was
/// one, appends the script that loads them from `site` (which ends with `/`).
pub fn process(markdown: &str, site: &str) -> Processed {
    let mut out = String::with_capacity(markdown.len() + 512);
    let mut copied = 0;
    let mut embeds = 0;
    let mut nested = Vec::new();
    // Open tags around the current event: a code block at depth 0 is a top-level block.
    let mut depth = 0usize;
    // The last top-level block, if it was a fenced code block: its source range.
    let mut last_fence: Option<Range<usize>> = None;
    let mut events = new_cmark_parser(markdown, &MarkdownOptions::default()).into_offset_iter();
    while let Some((event, range)) = events.next() {
        match event {
            Event::Start(Tag::CodeBlock(kind)) => {
                let mut code = String::new();
                for (event, _) in events.by_ref() {
                    match event {
                        Event::Text(text) => code.push_str(&text),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                let CodeBlockKind::Fenced(info) = kind else {
                    if depth == 0 {
                        last_fence = None;
                    }
                    continue;
                };
                let Some(attributes) = pollscope_attributes(&info) else {
                    if depth == 0 {
                        last_fence = Some(range);
                    }
                    continue;
                };
                if depth > 0 {
                    nested.push(line_of(markdown, range.start));
                    continue;
                }
                last_fence = None;
                let start = line_start(markdown, range.start);
                out.push_str(&markdown[copied..start]);
                out.push_str(&embed(&code, attributes.editable));
                // The closing fence's line ending, then a blank line unless one follows (an HTML
                // block ends only at a blank line).
                let rest = &markdown[range.end..];
                let after_fence = rest.strip_prefix("\r\n").or_else(|| rest.strip_prefix('\n')).unwrap_or(rest);
                copied = markdown.len() - after_fence.len();
                if !markdown[copied..].lines().next().is_none_or(|line| line.trim().is_empty()) {
                    out.push('\n');
                }
                embeds += 1;
            }
            Event::Start(_) => {
                if depth == 0 {
                    last_fence = None;
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ if depth == 0 => last_fence = None,
            _ => {}
        }
    }
    if embeds == 0 {
        return Processed { markdown: markdown.to_string(), embeds, nested };
    }
    out.push_str(&markdown[copied..]);
    // A chapter that ends inside an unclosed code block would swallow the script.
    if let Some(fence) = last_fence.filter(|r| r.end == markdown.len()).and_then(|r| missing_close(&markdown[r])) {
        ensure_newline(&mut out);
        out.push_str(&fence);
    }
    ensure_newline(&mut out);
    let site = pollscope_link::escape_html(site);
    out.push_str(&format!("\n<script src=\"{site}embed.js\" data-pollscope-site=\"{site}\" defer></script>\n"));
    Processed { markdown: out, embeds, nested }
}

/// The attributes of a `rust,pollscope` block, `None` for any other block. Info strings are
/// split as mdBook splits them into classes: at spaces, tabs and commas; the first word is the
/// language.
struct Attributes {
    editable: bool,
}

fn pollscope_attributes(info: &str) -> Option<Attributes> {
    let words: Vec<&str> = info.split([' ', '\t', ',']).filter(|w| !w.is_empty()).collect();
    let (language, rest) = words.split_first()?;
    (*language == "rust" && rest.contains(&"pollscope")).then(|| Attributes { editable: rest.contains(&"editable") })
}

/// The markup replacing a block: the div embed.js looks for, around the block's code as a
/// plain `rust` block (its hidden lines still marked, for mdBook to hide).
fn embed(code: &str, editable: bool) -> String {
    let (program, hidden) = pollscope_link::unhide_mdbook(&code.replace("\r\n", "\n"));
    // The embed folds the hidden lines away, as the book does.
    let view = View { hide: pollscope_link::hidden_ranges(&hidden), ..View::default() };
    let fragment = pollscope_link::fragment(&Program::Code { text: program, origin: Origin::Share }, &view);
    let query = if editable { "?embed&editable" } else { "?embed" };
    let src = pollscope_link::escape_html(&format!("{query}#{fragment}"));
    let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
    // `noplayground`: the fallback is for readers without JavaScript; mdBook must not offer its
    // own Run button (the Rust Playground) on it.
    let mut out =
        format!("<div class=\"pollscope-embed\" data-pollscope-src=\"{src}\">\n\n{fence}rust,noplayground\n{code}");
    ensure_newline(&mut out);
    out.push_str(&format!("{fence}\n\n</div>\n"));
    out
}

/// The closing fence a fenced code block's source lacks, if it was left open (at the end of
/// the document).
fn missing_close(block: &str) -> Option<String> {
    let mut lines = block.lines();
    let opening = lines.next()?.trim_start_matches(' ');
    let marker = opening.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let length = opening.len() - opening.trim_start_matches(marker).len();
    let closed = lines.next_back().is_some_and(|last| {
        let indent = last.len() - last.trim_start_matches(' ').len();
        let rest = last.trim_start_matches(' ');
        let run = rest.len() - rest.trim_start_matches(marker).len();
        indent <= 3 && run >= length && rest[run..].trim_matches([' ', '\t']).is_empty()
    });
    (!closed).then(|| format!("{}\n", marker.to_string().repeat(length)))
}

/// The longest run of `c` in `text`.
fn longest_run(text: &str, c: char) -> usize {
    text.split(|x| x != c).map(str::len).max().unwrap_or(0)
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_of(text: &str, at: usize) -> usize {
    text[..at].matches('\n').count() + 1
}

fn ensure_newline(text: &mut String) {
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
}

#[cfg(test)]
mod tests;

//! Syntax errors: syn's parse errors, reworded for a learner and placed where the fix goes.
//!
//! syn reports a source it cannot even split into tokens (an unclosed `{` or string, a stray
//! character) as "cannot parse string into token stream"; the character at the error's span
//! tells which it is. A missing `;` is reported at the next token, often on the next line;
//! the error moves to the end of the previous token, where the `;` belongs.

use crate::diag::{Diagnostic, Span};

/// syn's message when it expected an item at the top level of the file.
const EXPECTED_ITEM: &str = "expected one of: `fn`, `extern`, `use`, `static`, `const`, `unsafe`, `mod`, `type`, `struct`, `enum`, `union`, `trait`, `auto`, `impl`, `default`, `macro`, identifier, `self`, `super`, `crate`, `::`";

/// The diagnostic for a source that does not parse.
pub(crate) fn error(source: &str, e: &syn::Error) -> Diagnostic {
    let span = Span::of(e.span());
    let text = e.to_string();
    let at = (span.lo as usize).min(source.len());
    if text == "cannot parse string into token stream" {
        return lex_error(source, at);
    }
    let found = found_token(source, span);
    let found_text = found.as_ref().map(|f| format!(", found `{f}`")).unwrap_or_default();
    if text == EXPECTED_ITEM {
        let hint = match found.as_deref() {
            Some("let" | "if" | "for" | "while" | "loop" | "match" | "return") => {
                ": statements belong inside a function, such as `async fn main()`"
            }
            _ => "",
        };
        return Diagnostic::error(
            span,
            format!("syntax error: expected an item (`fn`, `struct`, `enum`, `impl`, `use`){found_text}{hint}"),
        );
    }
    if text.starts_with("expected `;`") {
        // The `;` belongs right after the previous token: point there when that is on an
        // earlier line than the token that revealed the mistake.
        let end = previous_token_end(source, at);
        if line_of(source, end) < line_of(source, at) {
            return Diagnostic::error(Span::range(source, end, end), format!("syntax error: {text}{found_text}"));
        }
    }
    if text.starts_with("expected") && !text.contains("found") {
        return Diagnostic::error(span, format!("syntax error: {text}{found_text}"));
    }
    Diagnostic::error(span, format!("syntax error: {text}"))
}

/// The text of the token a syntax error points at, if it is short enough to quote.
fn found_token(source: &str, span: Span) -> Option<String> {
    let text = source.get(span.lo as usize..span.hi as usize)?;
    if text.is_empty() {
        return None;
    }
    if text.contains('\n') || text.chars().count() > 24 {
        // A whole group: name its delimiter.
        let first = text.chars().next()?;
        return matches!(first, '{' | '(' | '[').then(|| first.to_string());
    }
    Some(text.to_string())
}

/// A source that cannot be split into tokens, at byte `at`.
fn lex_error(source: &str, at: usize) -> Diagnostic {
    let span = |len: usize| Span::range(source, at, at + len);
    let rest = &source[at..];
    let Some(c) = rest.chars().next() else {
        return Diagnostic::error(span(0), "syntax error: unexpected end of the file");
    };
    let one = span(c.len_utf8());
    let message = match c {
        '{' | '(' | '[' => {
            let hint = match misindented_close(source) {
                Some((close, open)) if c == '{' => format!(
                    " (judging by the indentation, the block opened on line {open} needs its own `}}` before line {close})"
                ),
                _ => String::new(),
            };
            format!("syntax error: this `{c}` is never closed: a `{}` is missing{hint}", closing(c))
        }
        '}' | ')' | ']' => match innermost_open(source, at) {
            // Point at the delimiter left open: that is where the mistake usually is.
            Some((open, open_at)) => {
                let found = Span::range(source, at, at);
                let message = format!(
                    "syntax error: this `{open}` is never closed: a `{}` is missing (found `{c}` at {found} instead)",
                    closing(open)
                );
                return Diagnostic::error(Span::range(source, open_at, open_at + 1), message);
            }
            None => format!("syntax error: unexpected `{c}`: there is no open `{}` for it to close", opening(c)),
        },
        '"' => {
            if string_end(source, at + 1).is_none() {
                "syntax error: this string literal is never closed: a `\"` is missing".to_string()
            } else {
                "syntax error: invalid string literal: check its escapes (`\\n`, `\\t`, `\\\\`, `\\\"`, `\\u{...}`)"
                    .to_string()
            }
        }
        '\'' => {
            // `'hi'`: quote the text back as a string.
            let line = rest.lines().next().unwrap_or("");
            let text = line[1..].find('\'').map_or("...", |end| &line[1..1 + end]);
            format!(
                "syntax error: invalid character literal: a `char` holds exactly one character, like `'a'` \
                 (a string uses double quotes: `\"{text}\"`)"
            )
        }
        '/' if rest.starts_with("/*") => "syntax error: this block comment is never closed: a `*/` is missing".into(),
        'b' | 'r' | 'c' if rest[1..].starts_with(['"', '#', '\'']) => {
            "syntax error: invalid or unclosed string literal".to_string()
        }
        c if c.is_ascii_digit() => "syntax error: invalid number literal".to_string(),
        c => format!("syntax error: unexpected character `{c}`: it is not part of Rust's syntax"),
    };
    Diagnostic::error(one, message)
}

fn closing(open: char) -> char {
    match open {
        '{' => '}',
        '(' => ')',
        _ => ']',
    }
}

fn opening(close: char) -> char {
    match close {
        '}' => '{',
        ')' => '(',
        _ => '[',
    }
}

/// The 1-based line of byte `at`.
fn line_of(source: &str, at: usize) -> usize {
    source.as_bytes()[..at.min(source.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The byte just after the last token before `at`, skipping whitespace and `//` comments.
fn previous_token_end(source: &str, at: usize) -> usize {
    let bytes = source.as_bytes();
    let mut end = at.min(bytes.len());
    loop {
        while end > 0 && bytes[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        // A `//` comment on this line: the token is before it.
        let line_start = source[..end].rfind('\n').map_or(0, |i| i + 1);
        match source[line_start..end].find("//") {
            Some(comment) if comment + line_start < end => end = line_start + comment,
            _ => return end,
        }
    }
}

/// Where the string literal whose contents start at byte `from` ends (after its `"`).
fn string_end(source: &str, from: usize) -> Option<usize> {
    let mut chars = source.get(from..)?.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '"' => return Some(from + i + 1),
            _ => {}
        }
    }
    None
}

/// A matched pair of delimiters: the opening char, its byte, the closing byte.
type Pair = (char, usize, usize);
/// A delimiter still open: its char and byte.
type Open = (char, usize);

/// The delimiters of `text`: the pairs that match (open char, open byte, close byte), and
/// those still open at its end, outermost first. Skips comments, strings and character
/// literals; a best effort, used only to word messages.
fn delimiters(text: &str) -> (Vec<Pair>, Vec<Open>) {
    let bytes = text.as_bytes();
    let mut pairs = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..].find("*/").map_or(bytes.len(), |n| i + 2 + n + 2);
            }
            b'"' => i = string_end(text, i + 1).unwrap_or(bytes.len()),
            b'r' if bytes.get(i + 1).is_some_and(|b| *b == b'"' || *b == b'#')
                && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_')) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
                let open = i + 1 + hashes;
                if bytes.get(open) == Some(&b'"') {
                    let close = format!("\"{}", "#".repeat(hashes));
                    i = text[open + 1..].find(&close).map_or(bytes.len(), |n| open + 1 + n + close.len());
                } else {
                    i += 1;
                }
            }
            b'\'' => {
                // A character literal (`'a'`, `'\n'`), or a lifetime / label (`'a`).
                if bytes.get(i + 1) == Some(&b'\\') {
                    i = text[i + 2..].find('\'').map_or(bytes.len(), |n| i + 2 + n + 1);
                } else {
                    let c = text[i + 1..].chars().next().map_or(0, char::len_utf8);
                    i += if bytes.get(i + 1 + c) == Some(&b'\'') { 2 + c } else { 1 };
                }
            }
            b @ (b'{' | b'(' | b'[') => {
                stack.push((b as char, i));
                i += 1;
            }
            b'}' | b')' | b']' => {
                if let Some((open, at)) = stack.pop() {
                    pairs.push((open, at, i));
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    (pairs, stack)
}

/// The innermost delimiter still open at byte `at`, and where it is.
fn innermost_open(source: &str, at: usize) -> Option<(char, usize)> {
    delimiters(source.get(..at)?).1.pop()
}

/// The indentation of the line holding byte `at`, and whether `at` is its first non-blank.
fn indentation(source: &str, at: usize) -> (usize, bool) {
    let line_start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &source[line_start..];
    let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
    (indent, line_start + indent == at)
}

/// For an unclosed `{`: a `}` whose indentation does not match the line of the `{` it closes,
/// as (close line, open line). That `}` was most likely meant for an outer block, and the
/// missing one belongs before it.
fn misindented_close(source: &str) -> Option<(usize, usize)> {
    let (mut pairs, _) = delimiters(source);
    pairs.sort_by_key(|&(_, _, close)| close);
    pairs.into_iter().find_map(|(open, open_at, close_at)| {
        if open != '{' {
            return None;
        }
        let (close_indent, first) = indentation(source, close_at);
        let open_indent = indentation(source, open_at).0;
        (first && close_indent != open_indent).then(|| (line_of(source, close_at), line_of(source, open_at)))
    })
}

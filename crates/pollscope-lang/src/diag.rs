//! Diagnostics: a span in the source and a message a learner understands.

use std::fmt;

/// A position in the source: 1-based line, 1-based column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A range of the source, with byte offsets for slicing and line/column for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
    /// Byte offsets into the source, `start..end`.
    pub lo: u32,
    pub hi: u32,
}

impl Span {
    /// The span of a syn/proc-macro2 node.
    pub fn of(span: proc_macro2::Span) -> Span {
        let start = span.start();
        let end = span.end();
        let range = span.byte_range();
        Span {
            start: Pos { line: start.line as u32, col: start.column as u32 + 1 },
            end: Pos { line: end.line as u32, col: end.column as u32 + 1 },
            lo: range.start as u32,
            hi: range.end as u32,
        }
    }

    /// The span covering a syntax node (first to last token).
    pub fn of_node(node: &impl syn::spanned::Spanned) -> Span {
        Span::of(node.span())
    }

    /// A span from the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span { start: self.start, end: other.end, lo: self.lo, hi: other.hi.max(self.hi) }
    }

    /// The span of the byte range `lo..hi` of `source` (clamped to it, and to char boundaries).
    pub fn range(source: &str, lo: usize, hi: usize) -> Span {
        let floor = |mut at: usize| {
            at = at.min(source.len());
            while !source.is_char_boundary(at) {
                at -= 1;
            }
            at
        };
        let (lo, hi) = (floor(lo), floor(hi.max(lo)));
        let pos = |at: usize| {
            let before = &source[..at];
            let line = before.matches('\n').count() as u32 + 1;
            let line_start = before.rfind('\n').map_or(0, |i| i + 1);
            Pos { line, col: before[line_start..].chars().count() as u32 + 1 }
        };
        Span { start: pos(lo), end: pos(hi), lo: lo as u32, hi: hi as u32 }
    }

    /// An empty span at line 1, column 1: for problems of the whole program, such as a missing
    /// `main`.
    pub fn file_start() -> Span {
        Span { start: Pos { line: 1, col: 1 }, end: Pos { line: 1, col: 1 }, lo: 0, hi: 0 }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.start.line, self.start.col)
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The program cannot run.
    Error,
    /// The program runs, but something looks wrong.
    Warning,
}

/// A problem found in a program, at a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    /// rustc's error code, where the diagnostic is one rustc gives (`E0277`).
    pub code: Option<&'static str>,
}

impl Diagnostic {
    pub fn error(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Error, span, message: message.into(), code: None }
    }

    /// An error that rustc reports with this code and wording.
    pub fn rustc(span: Span, code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic { code: Some(code), ..Diagnostic::error(span, message) }
    }

    /// An error naming a construct that Pollscope does not support yet:
    /// "trait definitions are not supported in Pollscope yet".
    pub fn unsupported(span: Span, what: &str) -> Diagnostic {
        let verb = if is_plural(what) { "are" } else { "is" };
        Diagnostic::error(span, format!("{what} {verb} not supported in Pollscope yet"))
    }
}

/// Whether the subject `what` of [`Diagnostic::unsupported`] is plural, judged by its head: the
/// words before a qualifier (`inner attributes (..)`, `impl blocks for ..`, `` `..` in .. ``).
fn is_plural(what: &str) -> bool {
    let mut head = what;
    for qualifier in [" (", " of ", " in ", " for ", " other than ", " outside ", " as ", " to ", " with "] {
        if let Some(at) = head.find(qualifier) {
            head = &head[..at];
        }
    }
    head.ends_with('s')
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.code {
            Some(code) => write!(f, "{}: {kind}[{code}]: {}", self.span, self.message),
            None => write!(f, "{}: {kind}: {}", self.span, self.message),
        }
    }
}

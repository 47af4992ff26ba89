//! A guard before parsing: programs nested too deeply would overflow the stack of the parser,
//! the compiler or a recursive drop, which aborts natively and silently corrupts memory in
//! wasm (whose stack is 1 MiB). A linear scan of the text finds them first.

use crate::diag::{Diagnostic, Span};

/// Deepest nesting of `()`, `[]` and `{}`.
pub const MAX_NESTING: usize = 64;

/// Most operators (`+`, `.`, `?`, `==`, ...) in one expression (up to a `;`, a `,` or a
/// brace): a chain of them parses into a tree as deep as it is long.
pub const MAX_OPERATORS: usize = 256;

/// The longest program Pollscope reads, in bytes: far beyond a playground program (a share
/// link carries at most 100,000 characters), short enough that parsing and compiling any text
/// of this size takes well under a second and a few tens of megabytes.
pub const MAX_SOURCE: usize = 256 * 1024;

/// A diagnostic if the program is longer or nests deeper than Pollscope can parse safely.
pub fn check(source: &str) -> Option<Diagnostic> {
    if source.len() > MAX_SOURCE {
        return Some(Diagnostic::error(
            Span::range(source, MAX_SOURCE, MAX_SOURCE),
            format!(
                "this program is {} KB long; Pollscope reads programs of up to {} KB",
                source.len().div_ceil(1024),
                MAX_SOURCE / 1024
            ),
        ));
    }
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut operators = 0usize;
    let mut i = 0;
    let at = |i: usize| Span::range(source, i, i + 1);
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < bytes.len() && !(bytes[i] == b'*' && bytes[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            // A char literal ('x', '\n'), not a lifetime ('a).
            b'\'' if bytes.get(i + 2) == Some(&b'\'') || bytes.get(i + 1) == Some(&b'\\') => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'\'' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if c == b'{' {
                    operators = 0;
                }
                if depth > MAX_NESTING {
                    return Some(Diagnostic::error(
                        at(i),
                        format!(
                            "this program nests brackets more than {MAX_NESTING} deep, which Pollscope cannot parse safely"
                        ),
                    ));
                }
            }
            b')' | b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if c == b'}' {
                    operators = 0;
                }
            }
            // A statement, or an element of a list (arguments, fields, a match's arms): what
            // follows starts a new expression, as shallow as the first.
            b';' | b',' => operators = 0,
            b'+' | b'-' | b'*' | b'/' | b'%' | b'<' | b'>' | b'=' | b'!' | b'&' | b'|' | b'^' | b'.' | b'?' => {
                operators += 1;
                if operators > MAX_OPERATORS {
                    return Some(Diagnostic::error(
                        at(i),
                        format!(
                            "this statement chains more than {MAX_OPERATORS} operators, which Pollscope cannot parse safely: split it into several statements"
                        ),
                    ));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_programs_pass() {
        assert!(check("async fn main() {\n    let s = \"((((\"; // ))))\n    let c = '(';\n    println!(\"{}\", 1 + 2 * 3);\n}\n").is_none());
    }

    #[test]
    fn deep_brackets_are_reported_where_they_go_too_deep() {
        let source = format!("async fn main() {{ let x = {}1{}; }}", "(".repeat(100), ")".repeat(100));
        let d = check(&source).expect("too deep");
        assert!(d.message.contains("more than 64 deep"), "{}", d.message);
        assert_eq!(d.span.start.line, 1);
    }

    #[test]
    fn long_operator_chains_are_reported() {
        let source = format!("async fn main() {{\n    let x = 1{};\n}}", " + 1".repeat(300));
        let d = check(&source).expect("too long");
        assert!(d.message.contains("chains more than 256 operators"), "{}", d.message);
        assert_eq!(d.span.start.line, 2);
    }
}

//! The interpreted path: `pollscope trace FILE` and `pollscope check FILE`.

use std::path::Path;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor::NoColor};
use pollscope_lang::{Diagnostic, Severity};

fn read(file: &Path) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| format!("error: cannot read {}: {e}\n", file.display()))
}

/// Renders diagnostics with their source lines, as rustc does.
pub fn render(file: &Path, source: &str, diags: &[Diagnostic]) -> String {
    let files = SimpleFile::new(file.display().to_string(), source);
    let mut out = NoColor::new(Vec::new());
    let config = term::Config::default();
    for d in diags {
        let severity = match d.severity {
            Severity::Error => ReportSeverity::Error,
            Severity::Warning => ReportSeverity::Warning,
        };
        let range = d.span.lo as usize..(d.span.hi as usize).max(d.span.lo as usize);
        let mut report = Report::new(severity).with_message(&d.message);
        if let Some(code) = d.code {
            report = report.with_code(code);
        }
        let report = report.with_labels(vec![Label::primary((), range)]);
        let _ = term::emit(&mut out, &config, &files, &report);
    }
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// Interprets `file`; its trace, or the rendered diagnostics that stopped it.
pub fn trace(file: &Path) -> Result<pollscope::Trace, String> {
    let source = read(file)?;
    pollscope_lang::run(&source).map_err(|diags| render(file, &source, &diags))
}

/// Checks `file`: the rendered diagnostics and whether any is an error.
pub fn check(file: &Path) -> Result<(String, bool), String> {
    let source = read(file)?;
    let diags = pollscope_lang::check(&source);
    let errors = diags.iter().any(|d| d.severity == Severity::Error);
    Ok((render(file, &source, &diags), errors))
}

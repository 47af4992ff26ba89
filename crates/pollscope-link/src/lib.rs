//! Pollscope's links: what a URL opens.
//!
//! A page address carries a program and a view in two places:
//!
//! * the **fragment** (never sent to a server): `#v1/<payload>[&step=N][&event=N][&into][&live][&hide=1-4,9]`,
//!   where the payload is the program's text, raw-DEFLATE compressed and base64url encoded
//!   (no padding), or `#example=<id>[&...]` for a gallery example as written;
//! * the **query**: `?code=<urlencoded>[&edition=..&version=..&mode=..]` as the Rust Playground
//!   and rustdoc's `html_playground_url` make them, `?example=<id>`, and the page's own options
//!   `embed` (the compact layout for an iframe) and `editable` (an embed whose code can be edited).
//!
//! Links are read by [`parse`] and written by [`fragment`]; both are plain functions of strings,
//! so the browser app, the mdBook preprocessor and the fuzzer share them. A link never makes
//! anything but program text: what it carries is only ever given to the interpreter.
//!
//! Reading never panics and never allocates more than [`MAX_PROGRAM`] bytes of program: an
//! oversized, truncated, malformed or newer-version link is a [`LinkError`] with a sentence for
//! the reader, and the page opens its default example beside it.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The format version this code writes (and the newest it reads).
pub const VERSION: u32 = 1;

/// The largest fragment or query read (bytes). Longer links are refused before decoding.
pub const MAX_LINK: usize = 100_000;

/// The largest program a link may carry once decompressed (bytes).
pub const MAX_PROGRAM: usize = 100_000;

/// What the page shows once a link is opened, besides the program: where the cursor is and how
/// it moves. All optional: a link without them opens at the first step, virtual time, task
/// granularity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct View {
    /// The cursor's step (a canonical event of the run).
    pub step: Option<u32>,
    /// The exact event after "Step into" (a future-level poll enter or exit).
    pub event: Option<u32>,
    /// Step and the scrubber go through future-level polls ("Futures" granularity).
    pub into: bool,
    /// Live mode: real Promises and timers.
    pub live: bool,
    /// Lines of the program shown folded away (1-based, inclusive ranges), as mdBook hides a
    /// Rust block's `# ` lines: part of the program, not of what the page is about.
    pub hide: Vec<(u32, u32)>,
}

/// The program a link opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Program {
    /// A gallery example as written, by id (`#example=pinning`, `?example=pinning`).
    Example(String),
    /// Program text carried by the link itself.
    Code { text: String, origin: Origin },
}

/// Where a link's program text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A Pollscope share link (`#v1/...`).
    Share,
    /// A Rust Playground-style `?code=` link (rustdoc's Run button makes these). Its other
    /// parameters mean nothing to Pollscope's interpreter and are kept to be shown.
    Playground { edition: Option<String>, version: Option<String>, mode: Option<String> },
}

/// The page's layout options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Embed {
    /// `?embed`: the compact layout for an iframe.
    pub on: bool,
    /// `?embed&editable`: the reader may edit the code (read-only by default).
    pub editable: bool,
}

/// Everything an address asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Opened {
    /// `None`: the address names no program (the page opens where the learner left off).
    pub program: Option<Program>,
    pub view: View,
    pub embed: Embed,
}

/// Why a link could not be opened, as a sentence for the reader.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkError(pub String);

impl std::fmt::Display for LinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LinkError {}

/// Reads an address: `search` is the query with or without its `?`, `hash` the fragment with
/// or without its `#` (as `location.search` and `location.hash` give them, percent-encoded).
///
/// The layout options (`embed`) are read even when the program part is broken, so that a
/// broken embed link still shows an embed (with the message) rather than the full page.
pub fn parse(search: &str, hash: &str) -> (Embed, Result<Opened, LinkError>) {
    let search = search.strip_prefix('?').unwrap_or(search);
    let hash = hash.strip_prefix('#').unwrap_or(hash);
    let mut embed = Embed::default();
    if search.len() > MAX_LINK || hash.len() > MAX_LINK {
        // Still honour `embed` if it is among the first parameters.
        let head = &search[..floor_char_boundary(search, 256)];
        for (key, _) in form_urlencoded::parse(head.as_bytes()) {
            embed_option(&mut embed, &key);
        }
        return (embed, Err(too_long()));
    }
    let query: Vec<(String, String)> =
        form_urlencoded::parse(search.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    for (key, _) in &query {
        embed_option(&mut embed, key);
    }
    let result = opened(&query, hash).map(|(program, view)| Opened { program, view, embed });
    (embed, result)
}

fn embed_option(embed: &mut Embed, key: &str) {
    match key {
        "embed" => embed.on = true,
        "editable" => embed.editable = true,
        _ => {}
    }
}

fn opened(query: &[(String, String)], hash: &str) -> Result<(Option<Program>, View), LinkError> {
    let get = |name: &str| query.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    // The fragment wins: it is what Share writes (an address may carry both).
    let mut view = view_of(query.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    if !hash.is_empty() {
        let (program, hash_view) = read_fragment(hash)?;
        if program.is_some() {
            return Ok((program, hash_view));
        }
        if hash_view != View::default() {
            view = hash_view;
        }
    }
    if let Some(text) = get("code") {
        check_program(&text)?;
        let origin = Origin::Playground { edition: get("edition"), version: get("version"), mode: get("mode") };
        return Ok((Some(Program::Code { text, origin }), view));
    }
    if let Some(id) = get("example") {
        return Ok((Some(Program::Example(example_id(&id)?)), view));
    }
    if let Some(gist) = get("gist") {
        return Err(LinkError(format!(
            "This is a Rust Playground gist link (gist={}); Pollscope cannot fetch gists. Paste the code instead.",
            shorten(&gist)
        )));
    }
    Ok((None, view))
}

/// Reads a fragment: `v1/<payload>&...`, `example=<id>&...`, or only view parameters.
fn read_fragment(hash: &str) -> Result<(Option<Program>, View), LinkError> {
    let (head, rest) = hash.split_once('&').unwrap_or((hash, ""));
    if let Some((version, payload)) = head.split_once('/')
        && let Some(number) = version.strip_prefix('v')
    {
        let number: u32 = number.parse().map_err(|_| malformed("its version is not a number"))?;
        if number > VERSION || number == 0 {
            return Err(LinkError(format!(
                "This link was made by a newer Pollscope (link format v{number}; this page reads up to v{VERSION})."
            )));
        }
        let text = decode_program(payload)?;
        let pairs: Vec<_> = form_urlencoded::parse(rest.as_bytes()).collect();
        let view = view_of(pairs.iter().map(|(k, v)| (k.as_ref(), v.as_ref())))?;
        return Ok((Some(Program::Code { text, origin: Origin::Share }), view));
    }
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(hash.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let view = view_of(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))?;
    let program = match pairs.iter().find(|(k, _)| k == "example") {
        Some((_, id)) => Some(Program::Example(example_id(id)?)),
        None => None,
    };
    Ok((program, view))
}

/// The view parameters among `pairs`; others are ignored (links from newer pages still open).
fn view_of<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> Result<View, LinkError> {
    let mut view = View::default();
    for (key, value) in pairs {
        match key {
            "step" => view.step = Some(number(key, value)?),
            "event" => view.event = Some(number(key, value)?),
            "into" => view.into = flag(value),
            "live" => view.live = flag(value),
            "hide" => view.hide = line_ranges(value)?,
            _ => {}
        }
    }
    Ok(view)
}

fn number(key: &str, value: &str) -> Result<u32, LinkError> {
    value.parse().map_err(|_| malformed(&format!("`{key}={}` is not a step number", shorten(value))))
}

/// `1-4,10`: inclusive 1-based line ranges, at most 1,000 of them, in order.
fn line_ranges(value: &str) -> Result<Vec<(u32, u32)>, LinkError> {
    let bad = || malformed(&format!("`hide={}` is not a list of line ranges", shorten(value)));
    let mut ranges = Vec::new();
    for part in value.split(',').filter(|p| !p.is_empty()) {
        let (from, to) = part.split_once('-').unwrap_or((part, part));
        let (from, to): (u32, u32) = (from.parse().map_err(|_| bad())?, to.parse().map_err(|_| bad())?);
        if from == 0 || to < from || ranges.last().is_some_and(|&(_, end)| from <= end) || ranges.len() == 1000 {
            return Err(bad());
        }
        ranges.push((from, to));
    }
    Ok(ranges)
}

/// The hidden lines of [`unhide_mdbook`] as the ranges of [`View::hide`].
pub fn hidden_ranges(hidden: &[bool]) -> Vec<(u32, u32)> {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for (index, _) in hidden.iter().enumerate().filter(|(_, h)| **h) {
        let line = index as u32 + 1;
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == line => *end = line,
            _ => ranges.push((line, line)),
        }
    }
    ranges
}

/// A present flag is on unless it says otherwise (`&into`, `&into=1`, `&into=0`).
fn flag(value: &str) -> bool {
    !matches!(value, "0" | "false" | "no" | "off")
}

/// An example id is a corpus file name: lowercase letters, digits and `_`.
fn example_id(id: &str) -> Result<String, LinkError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok { Ok(id.to_string()) } else { Err(LinkError(format!("There is no example named \"{}\".", shorten(id)))) }
}

fn decode_program(payload: &str) -> Result<String, LinkError> {
    if payload.is_empty() {
        return Err(malformed("it carries no program"));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|_| malformed("its program is not valid base64url (was the link cut off or changed?)"))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_PROGRAM).map_err(|e| {
        if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
            too_long()
        } else {
            malformed("its program does not decompress (was the link cut off?)")
        }
    })?;
    let text = String::from_utf8(bytes).map_err(|_| malformed("its program is not UTF-8 text"))?;
    check_program(&text)?;
    Ok(text)
}

fn check_program(text: &str) -> Result<(), LinkError> {
    if text.len() > MAX_PROGRAM {
        return Err(too_long());
    }
    Ok(())
}

fn malformed(why: &str) -> LinkError {
    LinkError(format!("This link cannot be opened: {why}."))
}

fn too_long() -> LinkError {
    LinkError(format!("This link is too long to open (Pollscope opens programs of up to {} KB).", MAX_PROGRAM / 1000))
}

/// At most 40 characters of a value, for messages (links are untrusted: never echo them whole).
fn shorten(value: &str) -> String {
    let cut = floor_char_boundary(value, 40);
    let mut short: String = value[..cut].chars().filter(|c| !c.is_control()).collect();
    if cut < value.len() {
        short.push('…');
    }
    short
}

fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The fragment (without `#`) of a link to `program` with `view`: `v1/<payload>&...` for code,
/// `example=<id>&...` for an example as written.
pub fn fragment(program: &Program, view: &View) -> String {
    let mut out = match program {
        Program::Example(id) => format!("example={id}"),
        Program::Code { text, .. } => format!("v{VERSION}/{}", encode_program(text)),
    };
    if let Some(step) = view.step {
        out.push_str(&format!("&step={step}"));
    }
    if let Some(event) = view.event {
        out.push_str(&format!("&event={event}"));
    }
    if view.into {
        out.push_str("&into");
    }
    if view.live {
        out.push_str("&live");
    }
    if !view.hide.is_empty() {
        let ranges: Vec<String> = view
            .hide
            .iter()
            .map(|&(from, to)| if from == to { from.to_string() } else { format!("{from}-{to}") })
            .collect();
        out.push_str("&hide=");
        out.push_str(&ranges.join(","));
    }
    out
}

/// The program's text, raw-DEFLATE compressed (best level) and base64url encoded.
pub fn encode_program(text: &str) -> String {
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 10))
}

/// A Rust Playground-style query (without `?`) carrying `text`: `code=<urlencoded>`.
pub fn code_query(text: &str) -> String {
    form_urlencoded::Serializer::new(String::new()).append_pair("code", text).finish()
}

/// Removes mdBook's hidden-line markers the way mdBook 0.5 does for Rust code blocks: a line
/// whose first non-blank characters are `# ` (or a lone `#`) is hidden but part of the program,
/// without that `# `; `##` stands for a literal `#`; any other `#` (`#[derive]`, `#!`) is code.
/// Returns the program and, per line, whether it is hidden.
pub fn unhide_mdbook(code: &str) -> (String, Vec<bool>) {
    let mut out = String::with_capacity(code.len());
    let mut hidden = Vec::new();
    for line in code.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let ending = &line[body.len()..];
        let indent = body.len() - body.trim_start().len();
        let (lead, rest) = body.split_at(indent);
        let marked = rest.strip_prefix('#').filter(|after| after.is_empty() || after.starts_with([' ', '#']));
        match marked {
            Some(after) if after.starts_with('#') => {
                out.push_str(lead);
                out.push_str(after);
                hidden.push(false);
            }
            Some(after) => {
                out.push_str(lead);
                out.push_str(&after[after.len().min(1)..]);
                hidden.push(true);
            }
            None => {
                out.push_str(body);
                hidden.push(false);
            }
        }
        out.push_str(ending);
    }
    (out, hidden)
}

/// `text` escaped for HTML: an element's text or a double- or single-quoted attribute (the
/// embed snippets and markup that carry links and programs into other pages).
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! `cargo xtask book`: the sample mdBook (`tests/book/`), built with the `mdbook-pollscope`
//! preprocessor into `target/book/`, and checked: its chapter has its three embeds and one
//! embed script, and mdBook hid the hidden lines of the code inside them.

use std::path::Path;

use crate::cmd::{cmd, exec, root};

/// Builds `mdbook-pollscope`, then the book with it (`mdbook` on `PATH`: `cargo xtask setup`).
pub fn book() -> Result<(), String> {
    exec(&mut cmd("cargo", &["build", "--quiet", "-p", "mdbook-pollscope"]))?;
    let out = root().join("target/book");
    let mut mdbook = cmd("mdbook", &["build", "tests/book", "-d"]);
    mdbook.arg(&out);
    // book.toml names the binary under ./target; elsewhere when cargo builds elsewhere.
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        let binary = root().join(target).join("debug/mdbook-pollscope");
        mdbook.env("MDBOOK_PREPROCESSOR__POLLSCOPE__COMMAND", binary);
    }
    exec(&mut mdbook)?;
    check(&out.join("embeds.html"))
}

fn check(page: &Path) -> Result<(), String> {
    let html = std::fs::read_to_string(page).map_err(|e| format!("cannot read {}: {e}", page.display()))?;
    let embeds: Vec<&str> = html.split("<div class=\"pollscope-embed\" data-pollscope-src=\"?embed").skip(1).collect();
    let scripts = html.matches("<script src=\"/pollscope/embed.js\" data-pollscope-site=\"/pollscope/\"").count();
    let hidden = embeds.first().and_then(|e| e.split("</div>").next()).is_some_and(|e| e.contains("class=\"boring\""));
    if embeds.len() != 3 || scripts != 1 || !hidden {
        return Err(format!(
            "{}: expected 3 embeds, 1 embed.js script and hidden lines in the first embed, found {} embeds, {} \
             scripts, hidden lines: {hidden}",
            page.display(),
            embeds.len(),
            scripts
        ));
    }
    eprintln!("xtask: the sample book is in {}", page.parent().unwrap_or(page).display());
    Ok(())
}

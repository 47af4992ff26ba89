use mdbook_preprocessor::book::{BookItem, Chapter};
use pollscope_link::{Embed, parse, unhide_mdbook};

use super::*;

const SITE: &str = "/pollscope/";
const SCRIPT: &str = "<script src=\"/pollscope/embed.js\" data-pollscope-site=\"/pollscope/\" defer></script>\n";

/// The `data-pollscope-src` of an embed of `code`, escaped.
fn src(code: &str, editable: bool) -> String {
    let (text, hidden) = unhide_mdbook(code);
    let program = Program::Code { text, origin: Origin::Share };
    let query = if editable { "?embed&amp;editable" } else { "?embed" };
    let view = View { hide: pollscope_link::hidden_ranges(&hidden), ..View::default() };
    format!("{query}#{}", pollscope_link::fragment(&program, &view).replace('&', "&amp;"))
}

/// The `(search, hash, code)` of every embed in `html`, unescaped.
fn embeds_in(markdown: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    let mut rest = markdown;
    while let Some(at) = rest.find("<div class=\"pollscope-embed\" data-pollscope-src=\"") {
        rest = &rest[at..];
        let value_start = rest.find("src=\"").unwrap() + 5;
        let value_end = value_start + rest[value_start..].find('"').unwrap();
        let value = rest[value_start..value_end].replace("&amp;", "&");
        let (search, hash) = value.split_once('#').unwrap();
        let body = &rest[value_end..rest.find("</div>").unwrap()];
        let fence_at = body.find("```").unwrap();
        let fence_len = body[fence_at..].len() - body[fence_at..].trim_start_matches('`').len();
        let code_start = fence_at + body[fence_at..].find('\n').unwrap() + 1;
        let code_end = body.rfind(&"`".repeat(fence_len)).unwrap();
        found.push((search.to_string(), hash.to_string(), body[code_start..code_end].to_string()));
        rest = &rest[value_end..];
    }
    found
}

const CHAPTER: &str = r#"# Embeds

```rust,pollscope
# use std::pin::Pin;
async fn main() {
    println!("one");
}
```

A plain block:

```rust
# use std::pin::Pin;
fn plain() {}
```

~~~~rust pollscope editable
async fn main() {
    // ``` in a comment
    println!("two");
}
~~~~

~~~text
```rust,pollscope
inside a ~~~ fence: not a block
```
~~~

The end.
"#;

#[test]
fn pollscope_blocks_become_embeds_and_everything_else_stays() {
    let one = "# use std::pin::Pin;\nasync fn main() {\n    println!(\"one\");\n}\n";
    let two = "async fn main() {\n    // ``` in a comment\n    println!(\"two\");\n}\n";
    let expected = format!(
        r#"# Embeds

<div class="pollscope-embed" data-pollscope-src="{}">

```rust,noplayground
{one}```

</div>

A plain block:

```rust
# use std::pin::Pin;
fn plain() {{}}
```

<div class="pollscope-embed" data-pollscope-src="{}">

````rust,noplayground
{two}````

</div>

~~~text
```rust,pollscope
inside a ~~~ fence: not a block
```
~~~

The end.

{SCRIPT}"#,
        src(one, false),
        src(two, true),
    );
    let processed = process(CHAPTER, SITE);
    assert_eq!(processed.markdown, expected);
    assert_eq!(processed.embeds, 2);
    assert!(processed.nested.is_empty());
}

#[test]
fn an_embed_opens_the_program_with_its_hidden_lines_unhidden() {
    let processed = process(CHAPTER, SITE);
    let embeds = embeds_in(&processed.markdown);
    assert_eq!(embeds.len(), 2);
    for ((search, hash, code), editable) in embeds.iter().zip([false, true]) {
        let (embed, opened) = parse(search, hash);
        assert_eq!(embed, Embed { on: true, editable });
        let program = opened.unwrap().program.unwrap();
        assert_eq!(program, Program::Code { text: unhide_mdbook(code).0, origin: Origin::Share });
    }
    // The first block's hidden `use` is in the program, unmarked, and still marked in the code.
    assert!(embeds[0].2.starts_with("# use std::pin::Pin;\n"));
    let Ok(opened) = parse(&embeds[0].0, &embeds[0].1).1 else { panic!() };
    let Some(Program::Code { text, .. }) = opened.program else { panic!() };
    assert!(text.starts_with("use std::pin::Pin;\nasync fn main() {\n"));
}

#[test]
fn the_script_is_appended_once_per_chapter_with_embeds_only() {
    let processed = process(CHAPTER, SITE);
    assert_eq!(processed.markdown.matches("<script").count(), 1);
    assert!(processed.markdown.ends_with(&format!("\n\n{SCRIPT}")));

    let plain = "# Plain\n\n```rust\nfn main() {}\n```\n";
    assert_eq!(process(plain, SITE), Processed { markdown: plain.to_string(), embeds: 0, nested: vec![] });
}

#[test]
fn info_strings_are_split_as_mdbook_splits_them_into_classes() {
    for info in
        ["rust,pollscope", "rust pollscope", "rust,pollscope,editable", "rust, ignore ,pollscope", "rust\tpollscope"]
    {
        let markdown = format!("```{info}\nasync fn main() {{}}\n```\n");
        assert_eq!(process(&markdown, SITE).embeds, 1, "{info}");
    }
    for info in ["rust", "pollscope", "pollscope,rust", "rust,pollscopes", "rustpollscope", "text,pollscope", ""] {
        let markdown = format!("```{info}\nasync fn main() {{}}\n```\n");
        assert_eq!(process(&markdown, SITE).markdown, markdown, "{info}");
    }
    let editable = process("```rust,editable,pollscope\nasync fn main() {}\n```\n", SITE).markdown;
    assert!(editable.contains("data-pollscope-src=\"?embed&amp;editable#v1/"), "{editable}");
}

#[test]
fn fences_follow_commonmark() {
    // Indented by up to three spaces, the fence's indentation is removed from the code.
    let indented =
        process("   ```rust,pollscope\n   async fn main() {\n     println!(\"x\");\n   }\n  ```\nafter\n", SITE);
    let code = "async fn main() {\n  println!(\"x\");\n}\n";
    assert_eq!(
        indented.markdown,
        format!(
            "<div class=\"pollscope-embed\" data-pollscope-src=\"{}\">\n\n```rust,noplayground\n{code}```\n\n</div>\n\nafter\n\n{SCRIPT}",
            src(code, false)
        )
    );
    // Four spaces make an indented code block, not a fence.
    let four = "    ```rust,pollscope\n    async fn main() {}\n    ```\n";
    assert_eq!(process(four, SITE).markdown, four);
    // A closing fence must be as long as the opening one and of the same character.
    let long = process("````rust,pollscope\n```\n~~~~\n````\n", SITE);
    assert_eq!(embeds_in(&long.markdown)[0].2, "```\n~~~~\n");
    // An unclosed block runs to the end of the chapter.
    let open = process("```rust,pollscope\nasync fn main() {}\n", SITE);
    assert_eq!(embeds_in(&open.markdown)[0].2, "async fn main() {}\n");
    assert!(open.markdown.ends_with(&format!("```\n\n</div>\n\n{SCRIPT}")));
}

#[test]
fn an_unclosed_plain_block_at_the_end_is_closed_before_the_script() {
    let markdown = "```rust,pollscope\nasync fn main() {}\n```\n\n~~~~text\nopen\n";
    let processed = process(markdown, SITE);
    assert!(processed.markdown.ends_with(&format!("~~~~text\nopen\n~~~~\n\n{SCRIPT}")), "{}", processed.markdown);
    let closed = "```rust,pollscope\nasync fn main() {}\n```\n\n~~~~text\nclosed\n~~~~~   \n";
    assert!(process(closed, SITE).markdown.ends_with(&format!("closed\n~~~~~   \n\n{SCRIPT}")));
}

#[test]
fn crlf_chapters_work() {
    let markdown = "# CRLF\r\n\r\n```rust,pollscope\r\n# use std::pin::Pin;\r\nasync fn main() {}\r\n```\r\n\r\n```rust\r\nfn plain() {}\r\n```\r\n";
    let processed = process(markdown, SITE);
    let embeds = embeds_in(&processed.markdown);
    let Ok(opened) = parse(&embeds[0].0, &embeds[0].1).1 else { panic!() };
    assert_eq!(
        opened.program,
        Some(Program::Code { text: "use std::pin::Pin;\nasync fn main() {}\n".into(), origin: Origin::Share })
    );
    assert!(processed.markdown.starts_with("# CRLF\r\n\r\n<div"));
    assert!(processed.markdown.contains("```\n\n</div>\n\r\n```rust\r\nfn plain() {}\r\n```\r\n\n<script"));
}

#[test]
fn blocks_inside_containers_are_reported_and_left_alone() {
    let markdown = "- item\n\n  ```rust,pollscope\n  async fn main() {}\n  ```\n\n> ```rust,pollscope\n> async fn main() {}\n> ```\n";
    assert_eq!(process(markdown, SITE), Processed { markdown: markdown.into(), embeds: 0, nested: vec![3, 7] });
}

#[test]
fn the_site_comes_from_book_toml_and_is_escaped() {
    let config = |toml: &str| toml.parse::<Config>().unwrap();
    assert_eq!(site(&config("")).unwrap(), "/pollscope/");
    assert_eq!(site(&config("[preprocessor.pollscope]\n")).unwrap(), "/pollscope/");
    assert_eq!(site(&config("[preprocessor.pollscope]\nsite = \"https://x.org/p\"")).unwrap(), "https://x.org/p/");
    assert!(site(&config("[preprocessor.pollscope]\nsite = 3")).is_err());

    let markdown = "```rust,pollscope\nasync fn main() {}\n```\n";
    let processed = process(markdown, "https://x.org/?a=1&b=\"2\"/");
    assert!(processed.markdown.ends_with(
        "<script src=\"https://x.org/?a=1&amp;b=&quot;2&quot;/embed.js\" \
         data-pollscope-site=\"https://x.org/?a=1&amp;b=&quot;2&quot;/\" defer></script>\n"
    ));
    assert_eq!(pollscope_link::escape_html("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;");
}

#[test]
fn the_preprocessor_changes_only_chapters_with_embeds() {
    let config: Config = "[preprocessor.pollscope]\nsite = \"https://x.org/pollscope\"".parse().unwrap();
    let ctx = PreprocessorContext::new("/book".into(), config, "html".into());
    let plain = "# Plain\n\n```rust\nfn main() {}\n```";
    let mut book = Book::new();
    book.push_item(Chapter::new("Embeds", CHAPTER.into(), "embeds.md", vec![]));
    book.push_item(Chapter::new("Plain", plain.into(), "plain.md", vec![]));
    let book = Pollscope.run(&ctx, book).unwrap();
    let contents: Vec<&str> = book
        .iter()
        .filter_map(|item| if let BookItem::Chapter(c) = item { Some(c.content.as_str()) } else { None })
        .collect();
    assert_eq!(contents[0].matches("class=\"pollscope-embed\"").count(), 2);
    assert!(contents[0].ends_with("<script src=\"https://x.org/pollscope/embed.js\" data-pollscope-site=\"https://x.org/pollscope/\" defer></script>\n"));
    assert_eq!(contents[1], plain);
    assert!(Pollscope.supports_renderer("html").unwrap());
    assert!(!Pollscope.supports_renderer("markdown").unwrap());
}

#[test]
fn an_embed_is_followed_by_a_blank_line_so_that_its_html_block_ends() {
    let markdown = "Text\n```rust,pollscope\nasync fn main() {}\n```\nMore *text*\n```rust,pollscope\nasync fn main() {}\n```\n```rust,pollscope\nasync fn main() {}\n```";
    let processed = process(markdown, SITE);
    assert_eq!(processed.embeds, 3);
    assert_eq!(processed.markdown.matches("```\n\n</div>\n\n").count(), 3, "{}", processed.markdown);
    assert!(processed.markdown.starts_with("Text\n<div"));
    assert!(processed.markdown.contains("</div>\n\nMore *text*\n<div"));
}

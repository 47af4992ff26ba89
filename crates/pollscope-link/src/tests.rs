use super::*;

fn open(search: &str, hash: &str) -> Result<Opened, LinkError> {
    parse(search, hash).1
}

fn code(text: &str) -> Program {
    Program::Code { text: text.to_string(), origin: Origin::Share }
}

#[test]
fn a_share_link_round_trips_program_and_view() {
    let text = "async fn main() {\n    println!(\"héllo & <b>\");\n}\n";
    let view = View { step: Some(7), event: Some(31), into: true, live: true, hide: vec![(1, 3), (5, 5)] };
    let link = fragment(&code(text), &view);
    assert!(link.starts_with("v1/"), "{link}");
    let opened = open("", &format!("#{link}")).unwrap();
    assert_eq!(opened.program, Some(code(text)));
    assert_eq!(opened.view, view);
}

#[test]
fn an_example_link_names_the_example() {
    let link = fragment(&Program::Example("pinning".into()), &View { step: Some(3), ..View::default() });
    assert_eq!(link, "example=pinning&step=3");
    let opened = open("", &link).unwrap();
    assert_eq!(opened.program, Some(Program::Example("pinning".into())));
    assert_eq!(opened.view.step, Some(3));
    assert_eq!(open("?example=countdown", "").unwrap().program, Some(Program::Example("countdown".into())));
}

#[test]
fn a_playground_link_carries_its_code_and_parameters() {
    let text = "#![allow(unused)]\nfn main() {\nlet x = 1 + 2;\n}";
    let search = format!("?{}&edition=2021&version=stable&mode=debug", code_query(text));
    let opened = open(&search, "").unwrap();
    let origin =
        Origin::Playground { edition: Some("2021".into()), version: Some("stable".into()), mode: Some("debug".into()) };
    assert_eq!(opened.program, Some(Program::Code { text: text.into(), origin }));
    // As rustdoc encodes it (encodeURIComponent: spaces as %20, `+` as %2B).
    let opened = open("code=let%20x%20%3D%201%2B2%3B", "").unwrap();
    assert!(matches!(opened.program, Some(Program::Code { text, .. }) if text == "let x = 1+2;"));
}

#[test]
fn embed_options_come_from_the_query_even_when_the_program_is_broken() {
    let (embed, result) = parse("?embed&editable", "#v1/@@@");
    assert_eq!(embed, Embed { on: true, editable: true });
    assert!(result.is_err());
    let (embed, result) = parse("embed&example=pinning", "");
    assert_eq!(embed, Embed { on: true, editable: false });
    assert_eq!(result.unwrap().embed, embed);
}

#[test]
fn an_address_without_a_program_opens_nothing_in_particular() {
    let opened = open("", "").unwrap();
    assert_eq!(opened.program, None);
    assert_eq!(open("?utm_source=x", "#").unwrap().program, None);
    assert_eq!(open("", "#step=4").unwrap().view.step, Some(4));
}

#[test]
fn bad_links_are_errors_with_a_sentence_never_panics() {
    let long = "A".repeat(MAX_LINK + 1);
    let cases: Vec<(String, &str)> = vec![
        ("v1/".into(), "carries no program"),
        ("v1/!!!!".into(), "not valid base64url"),
        ("v1/AAAA".into(), "does not decompress"),
        (format!("v1/{}", &encode_program("async fn main() {}")[..6]), "cut off"),
        ("v2/abc".into(), "newer Pollscope"),
        ("v0/abc".into(), "newer Pollscope"),
        ("vx/abc".into(), "version is not a number"),
        ("example=../../etc".into(), "no example named"),
        ("example=%3Cscript%3E".into(), "no example named"),
        (format!("v1/{}&step=-1", encode_program("x")), "not a step number"),
        (format!("v1/{long}"), "too long"),
        (
            format!("v1/{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe], 6))),
            "not UTF-8",
        ),
    ];
    for (hash, expected) in cases {
        let error = open("", &hash).expect_err(&hash[..hash.len().min(60)]);
        assert!(error.0.contains(expected), "{hash:.60}: {error}");
        assert!(error.0.len() < 200, "messages stay short: {error}");
    }
    assert!(open(&format!("code={long}"), "").unwrap_err().0.contains("too long"));
    assert!(open("gist=abc", "").unwrap_err().0.contains("gist"));
}

#[test]
fn a_decompression_bomb_stops_at_the_limit() {
    let bomb = encode_program(&" ".repeat(MAX_PROGRAM * 20));
    assert!(bomb.len() < 3_000, "compresses well: {}", bomb.len());
    assert!(open("", &format!("v1/{bomb}")).unwrap_err().0.contains("too long"));
    let fits = encode_program(&" ".repeat(MAX_PROGRAM));
    assert!(open("", &format!("v1/{fits}")).is_ok());
}

#[test]
fn messages_never_echo_a_hostile_value_whole() {
    let hostile = format!("<img src=x onerror=alert(1)>{}", "x".repeat(200));
    let error = open(&format!("example={hostile}"), "").unwrap_err();
    assert!(error.0.len() < 120, "{error}");
    assert!(error.0.contains('…'));
}

#[test]
fn flags_can_be_turned_off() {
    let view = open("", &format!("#v1/{}&into=0&live=false", encode_program(""))).map(|o| o.view);
    assert_eq!(view, Ok(View::default()));
}

#[test]
fn mdbook_hidden_lines_are_unhidden_as_mdbook_does() {
    let code = "# use std::pin::Pin;\nasync fn main() {\n    # let x = 1;\n    ## not hidden\n    #[derive(Debug)]\n#![allow(unused)]\n#\n#x\n    println!(\"{}\", x);\n}\n";
    let (program, hidden) = unhide_mdbook(code);
    assert_eq!(
        program,
        "use std::pin::Pin;\nasync fn main() {\n    let x = 1;\n    # not hidden\n    #[derive(Debug)]\n#![allow(unused)]\n\n#x\n    println!(\"{}\", x);\n}\n"
    );
    assert_eq!(hidden, vec![true, false, true, false, false, false, true, false, false, false]);
}

#[test]
fn hidden_lines_travel_as_ranges() {
    let (_, hidden) = unhide_mdbook("# a\n# b\nc\n# d\ne\n#\n# f\n");
    assert_eq!(hidden_ranges(&hidden), vec![(1, 2), (4, 4), (6, 7)]);
    let view = View { hide: hidden_ranges(&hidden), ..View::default() };
    let link = fragment(&code("x"), &view);
    assert!(link.ends_with("&hide=1-2,4,6-7"), "{link}");
    assert_eq!(open("", &link).unwrap().view, view);
    for bad in ["0-2", "3-1", "1-2,2-3", "x", "1-", "5,1"] {
        assert!(open("", &format!("example=countdown&hide={bad}")).unwrap_err().0.contains("line ranges"), "{bad}");
    }
}

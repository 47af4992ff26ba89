// `&str` and `String`: building, measuring, searching and transforming text.
fn shout(s: &str) -> String {
    let mut out = s.to_uppercase();
    out.push('!');
    out
}

fn initials(name: &str) -> String {
    let mut out = String::new();
    for word in name.split_whitespace() {
        if let Some(c) = word.chars().next() {
            out.push(c);
        }
    }
    out
}

async fn main() {
    let greeting: &str = "hello";
    let mut s = String::from(greeting);
    s.push_str(", world");
    println!("{} (len {})", s, s.len());
    println!("contains world: {}, contains moon: {}", s.contains("world"), s.contains("moon"));
    println!("starts with he: {}, ends with d: {}", s.starts_with("he"), s.ends_with('d'));
    println!("{}", shout(greeting));
    println!("upper {} lower {}", "MiXeD".to_uppercase(), "MiXeD".to_lowercase());
    let name = String::from("Ada Lovelace");
    println!("initials of {}: {}", name, initials(&name));
    let chars: Vec<char> = greeting.chars().collect();
    println!("chars {:?}, count {}", chars, greeting.chars().count());
    let reversed: String = greeting.chars().rev().collect();
    println!("reversed {}", reversed);
    let joined = format!("{}-{}-{}", "a", 1, 'b');
    println!("joined {}", joined);
    let mut built = String::new();
    for i in 0..3 {
        built += &i.to_string();
        built = built + ",";
    }
    println!("built {:?}", built);
    println!("trimmed {:?}", "  padded  ".trim());
    println!("repeat {}", "ab".repeat(3));
    let owned: String = "slice".to_string();
    let borrowed: &str = &owned;
    println!("{} == {}: {}", owned, borrowed, owned == borrowed);
    println!("is_empty {} {}", String::new().is_empty(), owned.is_empty());
    let words = vec!["async", "rust"];
    println!("{}", words.join(" + "));
    let line = "x=1;y=2";
    for part in line.split(';') {
        println!("part {}", part);
    }
    println!("replace {}", line.replace("=", ": "));
    println!("{:?}", "héllo".len());
    let sentence = String::from("pollscope traces");
    let word = &sentence[..9];
    println!("first word {:?}, rest {:?}", word, &sentence[10..]);
}

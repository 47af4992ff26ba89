// `Option` and `Result` methods, and `?` returning early from functions of both kinds.
#[derive(Debug)]
enum ParseError {
    Empty,
    NotADigit(char),
}

fn digit(s: &str) -> Result<u32, ParseError> {
    let c = s.chars().next().ok_or(ParseError::Empty)?;
    if c.is_ascii_digit() {
        Ok(c as u32 - '0' as u32)
    } else {
        Err(ParseError::NotADigit(c))
    }
}

fn sum_digits(a: &str, b: &str) -> Result<u32, ParseError> {
    let x = digit(a)?;
    let y = digit(b)?;
    Ok(x + y)
}

fn first_even(values: &[u32]) -> Option<u32> {
    let first = values.first()?;
    if first % 2 == 0 { Some(*first) } else { None }
}

async fn lookup(id: u32) -> Option<String> {
    sleep(5).await;
    if id < 3 { Some(format!("user{}", id)) } else { None }
}

async fn greet(id: u32) -> Option<usize> {
    let name = lookup(id).await?;
    println!("hello, {}", name);
    Some(name.len())
}

async fn main() {
    println!("{:?}", sum_digits("4", "5"));
    println!("{:?}", sum_digits("4", "x"));
    println!("{:?}", sum_digits("", "1"));
    println!("{:?} {:?} {:?}", first_even(&[2, 3]), first_even(&[3]), first_even(&[]));

    let some: Option<u32> = Some(4);
    let none: Option<u32> = None;
    println!("is_some {} is_none {}", some.is_some(), none.is_none());
    println!("unwrap_or {} {}", some.unwrap_or(0), none.unwrap_or(0));
    println!("map {:?} {:?}", some.map(|v| v * 2), none.map(|v| v * 2));
    println!("and_then {:?}", some.and_then(|v| if v > 3 { Some(v - 3) } else { None }));
    println!("filter {:?}", some.filter(|v| *v > 10));
    println!("unwrap_or_else {}", none.unwrap_or_else(|| 99));
    println!("ok_or {:?}", none.ok_or("missing"));
    if let Some(v) = some {
        println!("if let got {}", v);
    }
    let mut slot = Some(String::from("token"));
    let taken = slot.take();
    println!("took {:?}, left {:?}", taken, slot);

    let good: Result<u32, String> = Ok(1);
    let bad: Result<u32, String> = Err(String::from("broken"));
    println!("is_ok {} is_err {}", good.is_ok(), bad.is_err());
    println!("ok() {:?} err() {:?}", good.clone().ok(), bad.clone().err());
    println!("map {:?} map_err {:?}", good.clone().map(|v| v + 1), bad.clone().map_err(|e| e.len()));
    println!("unwrap_or {}", bad.clone().unwrap_or(7));
    match bad {
        Ok(v) => println!("ok {}", v),
        Err(ref e) => println!("error: {}", e),
    }
    println!("expect: {}", good.expect("must be ok"));

    println!("greet(1) = {:?}", greet(1).await);
    println!("greet(5) = {:?}", greet(5).await);
    let missing: Option<u32> = None;
    let task = spawn(async move { missing.expect("the value was missing") });
    sleep(1).await;
    drop(task);
}

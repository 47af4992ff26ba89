async fn main() {
    let v = vec![1, 2, 3];
    match v.as_slice() {
        [first, rest @ ..] => println!("{first} then {}", rest.len()),
        [] => println!("empty"),
    }
}

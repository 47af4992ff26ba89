async fn main() {
    let n = 'found: {
        if true {
            break 'found 1;
        }
        2
    };
    println!("{n}");
}

struct Counter {
    n: u32,
}

let global = 3;

async fn main() {
    println!("{}", global);
}

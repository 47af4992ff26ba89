fn helper() -> u32 {
    1
}

fn helper() -> u32 {
    2
}

async fn main() {
    println!("{}", helper());
}

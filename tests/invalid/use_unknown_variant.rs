enum Light {
    Red,
    Green,
}

use Light::{Green, Blue};

async fn main() {
    let light = Green;
    println!("go");
}

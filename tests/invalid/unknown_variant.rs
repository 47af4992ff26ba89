enum Light {
    Red,
    Green,
}

async fn main() {
    let light = Light::Blue;
    match light {
        Light::Red => println!("stop"),
        Light::Green => println!("go"),
    }
}

enum Light {
    Red,
    Green,
}

async fn main() {
    let light = Light::Red;
    match light {
        Light::Red => println!("stop"),
        Light::Amber => println!("wait"),
        _ => println!("go"),
    }
}

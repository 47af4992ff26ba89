enum Light {
    Red,
    Green,
}

use Light::Red as Stop;

async fn main() {
    let light = Stop;
    match light {
        Stop => println!("stop"),
        _ => println!("go"),
    }
}

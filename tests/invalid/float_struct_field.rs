struct Reading {
    celsius: f32,
}

async fn main() {
    let r = Reading { celsius: 20 };
    println!("{}", r.celsius);
}

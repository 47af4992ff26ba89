use Colour::*;

async fn main() {
    println!("colours");
}

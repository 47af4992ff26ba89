mod helpers;

async fn main() {
    println!("{}", helpers::double(2));
}

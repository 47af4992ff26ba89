println!("starting");

async fn main() {
    println!("hi");
}

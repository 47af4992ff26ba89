async fn main() {
    println!("hi");
}
}

mod app {
    pub async fn main() {
        println!("hi");
    }
}

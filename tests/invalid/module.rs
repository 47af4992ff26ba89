mod helpers {
    pub fn double(n: u32) -> u32 {
        n * 2
    }
}

async fn main() {
    println!("{}", helpers::double(2));
}

async fn main() {
    fn double(n: u32) -> u32 {
        n * 2
    }
    println!("{}", double(2));
}

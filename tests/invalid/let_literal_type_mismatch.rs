async fn main() {
    let count: u32 = "three";
    let name: String = "ann";
    let label: &str = 5;
    let ok: bool = 1;
    let small: u8 = 300u16;
    let big: u8 = 300;
    let fine: u64 = 7;
    let text: &'static str = "fine";
    println!("{} {}", fine, text);
}

async fn main() {
    let n = unsafe { 3 };
    println!("{n}");
}

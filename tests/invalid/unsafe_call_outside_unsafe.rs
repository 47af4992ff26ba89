unsafe fn danger() -> u32 {
    3
}

async fn main() {
    let fine = unsafe { danger() };
    let not_fine = danger();
    println!("{fine} {not_fine}");
}

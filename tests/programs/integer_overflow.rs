// Typed integer arithmetic, `as` casts, wrapping/checked/saturating methods, and a debug-build
// overflow panic that ends only the task it happens in.
async fn add_one(x: u8) -> u8 {
    yield_now().await;
    println!("adding 1 to {}", x);
    x + 1
}

async fn main() {
    let small: u8 = 200;
    let big: u64 = 5_000_000_000;
    let neg: i32 = -7;
    println!("u8 {} + 55 = {}", small, small + 55);
    println!("u64 {} * 3 = {}", big, big * 3);
    println!("i32 {} / 2 = {}, % 2 = {}", neg, neg / 2, neg % 2);

    println!("300 as u8 = {}", 300i32 as u8);
    println!("{} as u8 = {}", neg, neg as u8);
    println!("-1i64 as u32 = {}", -1i64 as u32);
    println!("200u8 as i8 = {}", small as i8);
    println!("'A' as u8 = {}, 97u8 as char = {}", 'A' as u8, 97u8 as char);
    println!("u64 as i32 = {}", big as i32);

    println!("wrapping_add: {}", small.wrapping_add(100));
    println!("wrapping_sub: {}", 3u8.wrapping_sub(5));
    println!("wrapping_mul: {}", 100i8.wrapping_mul(3));
    println!("checked_add: {:?} {:?}", small.checked_add(55), small.checked_add(56));
    println!("checked_sub: {:?}", 0u32.checked_sub(1));
    println!("checked_div: {:?} {:?}", 10i32.checked_div(0), 10i32.checked_div(3));
    println!("saturating_add: {}", small.saturating_add(100));
    println!("saturating_sub: {}", 5u8.saturating_sub(10));
    println!("i32::MAX = {}, u8::MAX = {}, i64::MIN = {}", i32::MAX, u8::MAX, i64::MIN);
    println!("pow: {}, abs: {}", 2u32.pow(10), neg.abs());

    let fine = spawn(add_one(254));
    let boom = spawn(add_one(255));
    println!("254 + 1 = {}", fine.await);
    println!("now awaiting the overflowing task");
    let v = boom.await;
    println!("unreachable: {}", v);
}

fn main() {
    let x = 5u32;
    let addr = &x as *const u32 as usize;
    println!("{addr:x}");
}

use std::marker::PhantomPinned;
use std::pin::Pin;

struct SelfRef {
    value: u32,
    _pin: PhantomPinned,
}

async fn main() {
    let mut s = SelfRef { value: 1, _pin: PhantomPinned };
    let s2: SelfRef = SelfRef { value: 2, _pin: PhantomPinned };
    let p = Pin::new(&mut s);
    let q = Pin::new_unchecked(&mut SelfRef { value: 3, _pin: PhantomPinned });
    let r: *const u32 = std::ptr::null();
    println!("{}", unsafe { *r });
}

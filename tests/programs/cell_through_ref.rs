// Cell::set through a reference (and through a raw pointer turned back into one) sets the
// cell's value; it once replaced the cell itself.
use std::cell::Cell;

fn bump(counter: &Cell<u32>) {
    counter.set(counter.get() + 1);
}

fn main() {
    let c = Cell::new(5u32);
    let r = &c;
    r.set(r.get() + 1);
    bump(&c);
    println!("{}", r.get());
    let q = &c as *const Cell<u32> as *const ();
    let s = unsafe { &*(q as *const Cell<u32>) };
    s.set(s.get() * 10);
    println!("{} {}", s.get(), c.get());
}

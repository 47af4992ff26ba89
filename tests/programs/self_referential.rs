// The Async Book's pinning chapter: a struct that points into itself (`b` is a raw pointer to
// its own field `a`). Moved with `mem::swap`, the pointer keeps pointing at the old place, so
// `test2.b()` reads what is now test1's `a`. With `PhantomPinned` the type is `!Unpin`: once
// pinned (on the stack with `Pin::new_unchecked`, or in a `Box::pin`), safe code cannot move it
// again, so the pointer stays right.
use std::marker::PhantomPinned;
use std::pin::Pin;

struct Movable {
    a: String,
    b: *const String,
}

impl Movable {
    fn new(txt: &str) -> Self {
        Movable { a: String::from(txt), b: std::ptr::null() }
    }

    fn init(&mut self) {
        let self_ref: *const String = &self.a;
        self.b = self_ref;
    }

    fn a(&self) -> &str {
        &self.a
    }

    fn b(&self) -> &String {
        assert!(!self.b.is_null(), "Movable::b called without Movable::init being called first");
        unsafe { &*(self.b) }
    }
}

struct Pinned {
    a: String,
    b: *const String,
    _marker: PhantomPinned,
}

impl Pinned {
    fn new(txt: &str) -> Self {
        Pinned { a: String::from(txt), b: std::ptr::null(), _marker: PhantomPinned }
    }

    fn init(self: Pin<&mut Self>) {
        let self_ptr: *const String = &self.a;
        let this = unsafe { self.get_unchecked_mut() };
        this.b = self_ptr;
    }

    fn a(self: Pin<&Self>) -> &str {
        &self.get_ref().a
    }

    fn b(self: Pin<&Self>) -> &String {
        assert!(!self.b.is_null(), "Pinned::b called without Pinned::init being called first");
        unsafe { &*(self.b) }
    }
}

fn main() {
    let mut test1 = Movable::new("test1");
    test1.init();
    let mut test2 = Movable::new("test2");
    test2.init();
    println!("a: {}, b: {}", test1.a(), test1.b());
    std::mem::swap(&mut test1, &mut test2);
    test1.a = "I've totally changed now!".to_string();
    println!("after the swap: a: {}, b: {}", test2.a(), test2.b());

    let mut p1 = Pinned::new("pinned1");
    let mut p1 = unsafe { Pin::new_unchecked(&mut p1) };
    Pinned::init(p1.as_mut());
    let mut p2 = Box::pin(Pinned::new("pinned2"));
    Pinned::init(p2.as_mut());
    println!("a: {}, b: {}", Pinned::a(p1.as_ref()), Pinned::b(p1.as_ref()));
    println!("a: {}, b: {}", Pinned::a(p2.as_ref()), Pinned::b(p2.as_ref()));

    let unset = Movable::new("never initialised");
    println!("null until init: {}", unset.b.is_null());
}

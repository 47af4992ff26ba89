// Shared ownership with `Rc`, interior mutability with `Cell` and `RefCell`, across tasks.
use std::cell::{Cell, RefCell};
use std::rc::Rc;

struct Stats {
    polls: Cell<u32>,
    names: RefCell<Vec<String>>,
}

async fn worker(name: &'static str, stats: Rc<Stats>) {
    stats.polls.set(stats.polls.get() + 1);
    yield_now().await;
    stats.names.borrow_mut().push(String::from(name));
    println!("{} sees {} owners", name, Rc::strong_count(&stats));
}

async fn main() {
    let stats = Rc::new(Stats { polls: Cell::new(0), names: RefCell::new(Vec::new()) });
    println!("owners at start: {}", Rc::strong_count(&stats));
    let a = spawn(worker("a", Rc::clone(&stats)));
    let b = spawn(worker("b", stats.clone()));
    println!("owners after spawning: {}", Rc::strong_count(&stats));
    a.await;
    b.await;
    println!("owners at end: {}", Rc::strong_count(&stats));
    println!("counted {} starts", stats.polls.get());
    {
        let names = stats.names.borrow();
        println!("names: {:?} (first {})", *names, names[0]);
    }
    {
        let mut names = stats.names.borrow_mut();
        names.push(String::from("main"));
    }
    let count = stats.names.borrow().len();
    println!("after main's push: {} names", count);

    let cell = Cell::new(5);
    let old = cell.replace(6);
    println!("cell was {}, is {}", old, cell.get());
    let shared = Rc::new(RefCell::new(0));
    let other = Rc::clone(&shared);
    *other.borrow_mut() += 10;
    println!("shared sees {}, same: {}", shared.borrow(), Rc::ptr_eq(&shared, &other));
    drop(other);
    println!("after drop: {} owner", Rc::strong_count(&shared));
}

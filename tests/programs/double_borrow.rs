// Two `borrow_mut()`s of one `RefCell` alive at once panic at run time, inside the task only.
use std::cell::RefCell;
use std::rc::Rc;

async fn append(log: Rc<RefCell<Vec<u32>>>, value: u32) {
    sleep(10).await;
    let mut first = log.borrow_mut();
    first.push(value);
    println!("first borrow holds {:?}", *first);
    let mut second = log.borrow_mut();
    second.push(value + 1);
    println!("never printed");
}

async fn main() {
    let log = Rc::new(RefCell::new(vec![1, 2]));
    {
        let mut guard = log.borrow_mut();
        guard.push(3);
    }
    println!("after one borrow: {:?}", log.borrow());
    let task = spawn(append(Rc::clone(&log), 10));
    sleep(20).await;
    println!("main still runs, log = {:?}", log.borrow());
    println!("strong count: {}", Rc::strong_count(&log));
    drop(task);
}

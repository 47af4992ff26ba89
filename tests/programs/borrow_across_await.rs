// A `RefCell` borrow held across an `.await` is still alive while other tasks run: a second
// task that borrows it panics. Ending the borrow before awaiting fixes it.
use std::cell::RefCell;
use std::rc::Rc;

async fn careless(log: Rc<RefCell<Vec<&'static str>>>) {
    let mut entries = log.borrow_mut();
    entries.push("careless starts");
    sleep(10).await; // `entries` is still borrowed here
    entries.push("careless ends");
}

async fn careful(log: Rc<RefCell<Vec<&'static str>>>) {
    log.borrow_mut().push("careful starts");
    sleep(10).await;
    log.borrow_mut().push("careful ends");
}

async fn reader(name: &'static str, log: Rc<RefCell<Vec<&'static str>>>) {
    sleep(5).await;
    println!("{} reads {} entries", name, log.borrow().len());
}

async fn main() {
    let calm = Rc::new(RefCell::new(Vec::new()));
    let a = spawn(careful(calm.clone()));
    let b = spawn(reader("reader 1", calm.clone()));
    a.await;
    b.await;
    println!("careful log: {:?}", calm.borrow());

    let busy = Rc::new(RefCell::new(Vec::new()));
    let c = spawn(careless(busy.clone()));
    let d = spawn(reader("reader 2", busy.clone()));
    c.await;
    println!("careless log: {:?}", busy.borrow());
    println!("try_borrow now: {}", busy.try_borrow().is_ok());
    drop(d);
}

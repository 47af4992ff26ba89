// Type aliases name a type once: the interpreter, like rustc, sees through them - as a type, at
// the head of a path (`Shared::new`), in a struct literal, and an alias of an alias.
use std::cell::RefCell;
use std::rc::Rc;

type Count = u8;
type Shared = Rc<RefCell<Vec<Count>>>;
type Pair = (Count, Count);
type Log = Shared;

#[derive(Debug)]
struct Point {
    x: i32,
    y: i32,
}

type Spot = Point;

async fn record(log: Log, value: Count) -> Pair {
    sleep(5).await;
    log.borrow_mut().push(value);
    (value, log.borrow().len() as Count)
}

async fn main() {
    let log: Shared = Shared::new(RefCell::new(Vec::new()));
    let (a, b) = join(record(log.clone(), 200), record(log.clone(), 7)).await;
    println!("{:?} {:?} {:?}", a, b, log.borrow());
    let spot = Spot { x: 1, y: -2 };
    println!("{:?} {}", spot, spot.x + spot.y);
    let big: Count = 250;
    let sum = big.checked_add(10);
    println!("{:?} {}", sum, big.wrapping_add(10));
}

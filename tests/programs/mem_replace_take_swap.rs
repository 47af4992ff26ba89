// `std::mem::replace`, `take` and `swap` move values in and out of places without cloning.
use std::mem;

#[derive(Debug, Default)]
struct Buffer {
    items: Vec<u32>,
    label: Option<String>,
}

fn flush(buf: &mut Buffer) -> Vec<u32> {
    mem::take(&mut buf.items)
}

async fn main() {
    let mut buf = Buffer { items: vec![1, 2, 3], label: Some(String::from("first")) };
    let old_label = mem::replace(&mut buf.label, Some(String::from("second")));
    println!("old label {:?}, now {:?}", old_label, buf.label);
    let flushed = flush(&mut buf);
    println!("flushed {:?}, left {:?}", flushed, buf);
    let label = buf.label.take();
    println!("took {:?}, left {:?}", label, buf.label);

    let mut a = 1;
    let mut b = 2;
    mem::swap(&mut a, &mut b);
    println!("swapped: a={} b={}", a, b);
    let mut front = vec!['x'];
    let mut back = vec!['y', 'z'];
    std::mem::swap(&mut front, &mut back);
    println!("front {:?} back {:?}", front, back);

    let mut counter = 10u32;
    let before = mem::replace(&mut counter, 0);
    println!("counter was {}, is {}", before, counter);
    let mut name = String::from("old");
    let taken = mem::take(&mut name);
    println!("taken {:?}, left {:?} (empty: {})", taken, name, name.is_empty());
    let mut slot: Option<u32> = Some(7);
    let inner = mem::take(&mut slot);
    println!("{:?} {:?}", inner, slot);
    let whole = mem::take(&mut buf);
    println!("whole {:?}, default left {:?}", whole, buf);
}

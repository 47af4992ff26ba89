struct Buffer {
    len: usize,
}

fn make<const N: usize>() -> Buffer {
    Buffer { len: N }
}

async fn main() {
    let b = make::<4>();
    println!("{}", b.len);
}

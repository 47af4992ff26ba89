type Maybe<T> = Option<T>;

async fn main() {
    let m: Maybe<u32> = Some(3);
    println!("{:?}", m);
}

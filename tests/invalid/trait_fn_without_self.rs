trait Make {
    fn make() -> Self;
}

struct Thing;

impl Make for Thing {
    fn make() -> Thing {
        Thing
    }
}

fn build<T: Make>() -> T {
    T::make()
}

async fn main() {
    let _t: Thing = build();
    println!("made");
}

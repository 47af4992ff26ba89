macro_rules! twice {
    ($e:expr) => {
        $e * 2
    };
}

async fn main() {
    println!("{}", twice!(3));
}

// `assert!`, `assert_eq!` and `assert_ne!` that pass, then failing ones whose messages match std.
async fn check_eq(left: u32, right: u32) {
    yield_now().await;
    assert_eq!(left, right);
}

async fn check_custom(items: Vec<&'static str>) {
    assert!(items.len() > 3, "expected more than 3 items, got {}", items.len());
}

async fn check_ne(a: String) {
    assert_ne!(a, String::from("same"), "values must differ");
}

async fn check_plain(x: i32) {
    assert!(x * 2 > 10);
}

async fn main() {
    let v = vec![1, 2, 3];
    assert!(v.len() == 3);
    assert!(!v.is_empty(), "vec is empty");
    assert_eq!(v[0] + v[1], 3);
    assert_eq!(v, vec![1, 2, 3], "vectors differ");
    assert_ne!(v[0], v[2]);
    println!("all passing assertions passed");

    let a = spawn(check_eq(1, 2));
    let b = spawn(check_custom(vec!["x", "y"]));
    let c = spawn(check_ne(String::from("same")));
    let d = spawn(check_plain(4));
    let e = spawn(async {
        let words = vec!["a\tb", "c"];
        assert_eq!(words, vec!["a\tb"]);
    });
    sleep(1).await;
    println!("main outlives five failed assertions");
    drop((a, b, c, d, e));
}

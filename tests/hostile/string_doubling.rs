// A String that doubles until memory runs out.
// ends: limit heap 67108864 at 7:9
async fn main() {
    let mut s = String::from("abcd");
    loop {
        let c = s.clone();
        s.push_str(&c);
    }
}

// A Vec that doubles by clone-and-extend until memory runs out.
// ends: limit heap 67108864 at 7:9
async fn main() {
    let mut v: Vec<u64> = vec![1, 2, 3, 4];
    loop {
        let c = v.clone();
        v.extend(c);
    }
}

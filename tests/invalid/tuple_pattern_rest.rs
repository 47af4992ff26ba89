async fn main() {
    let triple = (1, 2, 3);
    let (first, ..) = triple;
    println!("{first}");
}

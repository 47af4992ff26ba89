// A stream held in a local and asked for its next item in a loop (an endless stream::iter cut by
// take), a boxed stream collected into a String (the annotation picks it), stream::once.
use futures::stream::{self, BoxStream, StreamExt};

#[tokio::main(flavor = "current_thread", start_paused = true)]
async fn main() {
    let mut s = stream::iter(0..).map(|n| n * n).take(4);
    while let Some(sq) = s.next().await {
        println!("square {sq}");
    }
    let letters: BoxStream<'static, char> = stream::iter(vec!['p', 'o', 'l', 'l']).boxed();
    let word: String = letters.collect().await;
    println!("{word}");
    let one: Vec<u32> = stream::once(async { 7 }).collect().await;
    println!("{:?}", one);
}

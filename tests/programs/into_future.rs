// `impl IntoFuture`: `.await` on a value that is not a future calls its `into_future` first,
// as a request builder does (`client.get(url).retries(2).await`).
use std::future::{Future, IntoFuture};
use std::pin::Pin;

struct Request {
    url: &'static str,
    retries: u32,
}

impl Request {
    fn new(url: &'static str) -> Request {
        Request { url, retries: 0 }
    }

    fn retries(mut self, n: u32) -> Request {
        self.retries = n;
        self
    }
}

impl IntoFuture for Request {
    type Output = String;
    type IntoFuture = Pin<Box<dyn Future<Output = String>>>;

    fn into_future(self) -> Self::IntoFuture {
        println!("into_future for {}", self.url);
        Box::pin(async move {
            for attempt in 0..self.retries {
                println!("attempt {} at {}", attempt + 1, self.url);
                sleep(10).await;
            }
            format!("{} answered after {} retries", self.url, self.retries)
        })
    }
}

async fn main() {
    let a = Request::new("/a").await;
    println!("{}", a);
    let b = Request::new("/b").retries(2).await;
    println!("{}", b);
    let fut = Request::new("/c").retries(1).into_future();
    println!("made the future of /c");
    println!("{}", fut.await);
}

// `std::future::poll_fn`: a future whose `poll` is a closure. This one counts its polls in a
// captured variable, wakes itself twice, then is ready; a second one is joined with a sleep.
use std::future::poll_fn;
use std::task::Poll;

async fn main() {
    let mut polls = 0;
    let value = poll_fn(|cx| {
        polls += 1;
        println!("poll {}", polls);
        if polls < 3 {
            cx.waker().wake_by_ref();
            Poll::Pending
        } else {
            Poll::Ready(polls * 10)
        }
    })
    .await;
    println!("ready with {}", value);
    let mut left = 2;
    let (a, b) = join(
        poll_fn(move |cx| {
            if left == 0 {
                return Poll::Ready("counted down");
            }
            left -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }),
        async {
            sleep(5).await;
            "slept"
        },
    )
    .await;
    println!("{} and {}", a, b);
}

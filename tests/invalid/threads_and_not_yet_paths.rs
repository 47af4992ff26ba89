// Paths of std a learner meets that the interpreter does not run: each is named, with what to use
// instead, at its span (not "cannot find function", and never a run-time surprise).

async fn main() {
    let worker = std::thread::spawn(|| 1 + 1);
    std::thread::sleep(std::time::Duration::from_millis(10));
}

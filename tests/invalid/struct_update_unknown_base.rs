#[derive(Clone, Copy)]
struct Config {
    polls: u32,
    tasks: u32,
}

async fn main() {
    let base = Config { polls: 10, tasks: 2 };
    let more = Config { polls: 20, ..bsae };
    println!("{} {}", base.polls, more.tasks);
}

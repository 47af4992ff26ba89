// `unreachable!`, `todo!` and `unimplemented!` panic with std's messages when reached.
#[derive(Debug)]
enum Mode {
    Fast,
    Slow,
    Experimental,
}

fn speed(mode: &Mode) -> u32 {
    match mode {
        Mode::Fast => 10,
        Mode::Slow => 1,
        Mode::Experimental => todo!(),
    }
}

fn parity(n: u32) -> &'static str {
    match n % 2 {
        0 => "even",
        1 => "odd",
        _ => unreachable!("n % 2 is always 0 or 1, got {}", n % 2),
    }
}

async fn run(mode: Mode) -> u32 {
    sleep(5).await;
    let s = speed(&mode);
    println!("{:?} runs at {}", mode, s);
    s
}

async fn plan(step: u32) {
    yield_now().await;
    match step {
        0 => println!("step 0 planned"),
        1 => unimplemented!("step {} needs design", step),
        _ => unreachable!(),
    }
}

async fn main() {
    println!("7 is {}, 10 is {}", parity(7), parity(10));
    let fast = spawn(run(Mode::Fast));
    let slow = spawn(run(Mode::Slow));
    let exp = spawn(run(Mode::Experimental));
    let p0 = spawn(plan(0));
    let p1 = spawn(plan(1));
    let p2 = spawn(plan(2));
    let t = spawn(async { todo!("write the {} part", "async") });
    let u = spawn(async { unimplemented!() });
    println!("fast {} slow {}", fast.await, slow.await);
    p0.await;
    drop((exp, p1, p2, t, u));
}

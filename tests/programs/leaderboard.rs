// Racers report their finishing order into shared state; `main` sorts, groups and searches it
// with slices and iterator adaptors.
use std::cell::RefCell;
use std::rc::Rc;

#[derive(Debug, Clone, PartialEq)]
struct Finish {
    name: &'static str,
    laps: u32,
    ms: u64,
}

async fn racer(name: &'static str, laps: u32, lap_ms: u64, board: Rc<RefCell<Vec<Finish>>>) {
    for lap in 1..=laps {
        sleep(lap_ms).await;
        if lap == laps {
            println!("{} finishes after {} laps", name, lap);
        }
    }
    board.borrow_mut().push(Finish { name, laps, ms: laps as u64 * lap_ms });
}

async fn main() {
    let board = Rc::new(RefCell::new(Vec::new()));
    let entries = [("ada", 3, 20), ("bo", 2, 35), ("cy", 4, 10), ("di", 2, 20)];
    let mut handles = Vec::new();
    for &(name, laps, lap_ms) in entries.iter() {
        handles.push(spawn(racer(name, laps, lap_ms, Rc::clone(&board))));
    }
    for h in handles {
        h.await;
    }
    let mut results = board.borrow().clone();
    let arrival: Vec<&str> = results.iter().map(|r| r.name).collect();
    println!("arrival order: {:?}", arrival);
    results.sort_by_key(|r| r.ms);
    println!("by time: {:?}", results.iter().map(|r| (r.name, r.ms)).collect::<Vec<_>>());
    results.sort_by(|a, b| b.laps.cmp(&a.laps));
    println!("by laps, stable: {:?}", results.iter().map(|r| r.name).collect::<Vec<_>>());
    let podium = &results[..3];
    println!("podium: {:?}", podium.iter().map(|r| r.name).collect::<Vec<_>>());
    let fastest = results.iter().min_by_key(|r| r.ms).unwrap();
    let most = results.iter().max_by_key(|r| r.laps).unwrap();
    println!("fastest {} in {}ms, most laps {}", fastest.name, fastest.ms, most.name);
    let mut times: Vec<u64> = results.iter().map(|r| r.ms).collect();
    times.sort();
    times.dedup();
    println!("distinct times {:?}", times);
    let gaps: Vec<u64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    println!("gaps {:?}", gaps);
    let slow: Vec<&str> = results.iter().skip_while(|r| r.laps > 2).map(|r| r.name).collect();
    println!("two-lap racers {:?}", slow);
    let evens: Vec<u64> = (0..=60).step_by(20).chain(vec![100]).collect();
    println!("checkpoints {:?}", evens);
    let under: Vec<u64> = times.iter().copied().take_while(|t| *t < 60).collect();
    println!("under 60ms {:?}", under);
    for pair in results.chunks(2) {
        println!("heat: {} vs {}", pair[0].name, pair[1].name);
    }
    println!("third place: {:?}", results.iter().nth(2).map(|r| r.name));
}

// `if`/`else` chains, `if let`, `while let`, `match` on every kind of pattern, labelled loops,
// `loop` with a value, and early `return`.
#[derive(Debug, Clone, Copy)]
enum Event {
    Key(char),
    Click { x: i32, y: i32 },
    Resize(u32, u32),
    Quit,
}

struct Pair {
    a: i32,
    b: i32,
}

fn classify(n: i32) -> &'static str {
    if n < 0 {
        "negative"
    } else if n == 0 {
        "zero"
    } else if n < 10 {
        "small"
    } else {
        "large"
    }
}

fn describe(e: Event) -> String {
    match e {
        Event::Key('q') | Event::Quit => String::from("quit"),
        Event::Key(c @ 'a'..='z') => format!("lowercase {}", c),
        Event::Key(c) => format!("key {:?}", c),
        Event::Click { x: 0, y } => format!("left edge at y={}", y),
        Event::Click { x, y } if x == y => format!("diagonal {}", x),
        Event::Click { x, .. } => format!("click x={}", x),
        Event::Resize(w, h) if w > h => format!("landscape {}x{}", w, h),
        Event::Resize(w, h) => format!("portrait {}x{}", w, h),
    }
}

fn find_first_negative(values: &[i32]) -> Option<usize> {
    for (i, v) in values.iter().enumerate() {
        if *v < 0 {
            return Some(i);
        }
    }
    None
}

async fn main() {
    for n in [-5, 0, 7, 12] {
        println!("{} is {}", n, classify(n));
    }
    let events = [
        Event::Key('q'),
        Event::Key('k'),
        Event::Key('K'),
        Event::Click { x: 0, y: 4 },
        Event::Click { x: 3, y: 3 },
        Event::Click { x: 5, y: 1 },
        Event::Resize(800, 600),
        Event::Resize(600, 800),
        Event::Quit,
    ];
    for e in events {
        println!("{:?} -> {}", e, describe(e));
    }

    let pair = Pair { a: 1, b: 2 };
    match (pair.a, pair.b) {
        (1, b) => println!("a is one, b = {}", b),
        (_, _) => println!("something else"),
    }
    match pair {
        Pair { a: 0, .. } => println!("a is zero"),
        Pair { a, b: 2 } => println!("b is two, a = {}", a),
        Pair { .. } => println!("any pair"),
    }
    let Pair { a, b } = pair;
    println!("destructured {} {}", a, b);
    match a + b {
        0 => println!("nothing"),
        1 | 2 => println!("a little"),
        3..=9 => println!("some"),
        _ => println!("lots"),
    }

    let mut stack = vec![1, 2, 3];
    while let Some(top) = stack.pop() {
        println!("popped {}", top);
    }
    let mut n = 0;
    while n < 3 {
        n += 1;
    }
    println!("n = {}", n);

    let found = loop {
        n += 5;
        if n % 4 == 0 {
            break n;
        }
    };
    println!("loop broke with {}", found);

    'outer: for i in 0..4 {
        for j in 0..4 {
            if j > i {
                continue 'outer;
            }
            if i + j == 5 {
                println!("breaking out at {} {}", i, j);
                break 'outer;
            }
            if j == 1 {
                continue;
            }
            println!("i={} j={}", i, j);
        }
    }
    println!("first negative: {:?}", find_first_negative(&[3, 1, -4, -1]));
    println!("first negative: {:?}", find_first_negative(&[3]));
    let grade = |score: u32| match score {
        90..=100 => 'A',
        80..=89 => 'B',
        s if s >= 50 => 'C',
        _ => 'F',
    };
    println!("grades: {} {} {} {}", grade(95), grade(85), grade(60), grade(10));
    let opt: Option<Option<i32>> = Some(None);
    if let Some(Some(v)) = opt {
        println!("inner {}", v);
    } else if let Some(None) = opt {
        println!("outer only");
    }
    let value = if a > 0 { "positive" } else { "not positive" };
    println!("a is {}", value);
}

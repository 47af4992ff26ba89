// Named, tuple and unit structs and enums with data, printed with derived `{:?}` and `{:#?}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
struct Point {
    x: i32,
    y: i32,
}

#[derive(Debug, Clone, PartialEq)]
struct Meters(u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Marker;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Priority {
    Low,
    High(u8),
}

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    Circle { center: Point, radius: u32 },
    Line(Point, Point),
    Empty,
}

#[derive(Debug, Clone, Default)]
struct Job {
    name: String,
    tags: Vec<&'static str>,
    origin: Point,
    limit: Option<u32>,
    marker: Marker,
}

async fn main() {
    let a = Point { x: 1, y: 2 };
    let b = a; // Copy: `a` is still usable
    println!("a = {:?}, b = {:?}, equal: {}", a, b, a == b);
    let c = Point { x: 1, y: 5 };
    println!("a < c: {}, max: {:?}, a.cmp(&c): {:?}", a < c, std::cmp::max(a, c), a.cmp(&c));
    println!("default point: {:?}", Point::default());

    let m = Meters(42);
    let m2 = m.clone();
    println!("{:?} == {:?}: {}", m, m2, m == m2);
    println!("unit struct: {:?}", Marker);

    let low = Priority::Low;
    let high = Priority::High(3);
    println!("{:?} < {:?}: {}", low, high, low < high);
    println!("High(3) > High(1): {}", high > Priority::High(1));

    let shapes = vec![
        Shape::Circle { center: a, radius: 10 },
        Shape::Line(a, c),
        Shape::Empty,
    ];
    println!("{:?}", shapes);
    println!("{:#?}", shapes[0]);

    let job = Job {
        name: String::from("build"),
        tags: vec!["fast", "local"],
        origin: c,
        limit: Some(3),
        marker: Marker,
    };
    println!("{:?}", job);
    println!("{:#?}", job);
    let empty = Job::default();
    println!("{:?}", empty);
    let retry = Job { limit: None, ..job.clone() };
    let quick = Job { name: String::from("quick"), ..Default::default() };
    println!("{:?}\n{:?}", retry, quick);

    let pair: (Option<Point>, Result<u8, String>) = (None, Err(String::from("no")));
    println!("{:?}", pair);
    println!("{:#?}", (Some(Meters(1)), vec![(1, 'x')]));
}

// Traits: the program's own (default methods, a supertrait, an associated constant), called on
// concrete values, through generics with bounds and `where`, `impl Trait` and `dyn Trait`; and
// std's traits implemented by hand: `Display` and `Debug` (also inside a derived `Debug`),
// `Clone`, `Default`, `PartialEq`, `Iterator` (in `for` and with adaptors) and `From`/`Into`.
use std::fmt;
use std::fmt::Write;

trait Shape {
    fn area(&self) -> u32;
    fn name(&self) -> String {
        format!("a shape of area {}", self.area())
    }
}

// A trait with a supertrait and an associated constant (so not usable as `dyn Polygon`).
trait Polygon: Shape {
    const SIDES: u32;
    fn summary(&self) -> String {
        format!("{} sides, area {}", Self::SIDES, self.area())
    }
}

#[derive(Debug, Clone, Copy)]
struct Square(u32);

struct Rect {
    w: u32,
    h: u32,
}

impl Polygon for Square {
    const SIDES: u32 = 4;
}

impl Shape for Square {
    fn area(&self) -> u32 {
        self.0 * self.0
    }
}

impl Shape for Rect {
    fn area(&self) -> u32 {
        self.w * self.h
    }
    fn name(&self) -> String {
        format!("a {}x{} rectangle", self.w, self.h)
    }
}

fn total<T: Shape>(shapes: &[T]) -> u32 {
    shapes.iter().map(|s| s.area()).sum()
}

fn describe(s: &impl Polygon) -> String {
    format!("{}; {}", s.name(), s.summary())
}

fn largest<'a>(shapes: &'a [Box<dyn Shape>]) -> &'a dyn Shape
where
{
    let mut best = &shapes[0];
    for s in shapes {
        if s.area() > best.area() {
            best = s;
        }
    }
    best.as_ref()
}

struct Celsius(i32);

impl fmt::Display for Celsius {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}°C", self.0)
    }
}

impl fmt::Debug for Celsius {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            write!(f, "Celsius {{ degrees: {} }}", self.0)
        } else {
            write!(f, "C({})", self.0)
        }
    }
}

#[derive(Debug)]
struct Reading {
    place: &'static str,
    temp: Celsius,
}

impl From<i32> for Celsius {
    fn from(degrees: i32) -> Celsius {
        Celsius(degrees)
    }
}

impl PartialEq for Celsius {
    fn eq(&self, other: &Celsius) -> bool {
        println!("comparing {} with {}", self, other);
        self.0 == other.0
    }
}

impl Clone for Celsius {
    fn clone(&self) -> Celsius {
        println!("cloning {}", self);
        Celsius(self.0)
    }
}

impl Default for Celsius {
    fn default() -> Celsius {
        Celsius(20)
    }
}

struct Countdown {
    left: u32,
}

impl Iterator for Countdown {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        Some(self.left)
    }
}

async fn measure(place: &'static str, degrees: i32) -> Reading {
    sleep(degrees as u64).await;
    Reading { place, temp: degrees.into() }
}

async fn main() {
    let squares = [Square(2), Square(3)];
    println!("total area {}", total(&squares));
    println!("{}", describe(&squares[1]));
    println!("{}", Shape::name(&Rect { w: 2, h: 5 }));
    let shapes: Vec<Box<dyn Shape>> = vec![Box::new(Square(3)), Box::new(Rect { w: 4, h: 5 }), Box::new(Square(1))];
    println!("largest: {}", largest(&shapes).name());
    println!("{} sides", <Square as Polygon>::SIDES);

    let (a, b) = join(measure("kitchen", 21), measure("garden", 12)).await;
    println!("{}: {} / {:?} / {:#?}", a.place, a.temp, a.temp, a.temp);
    println!("{:?}", b);
    println!("{:#?}", vec![Celsius(1), Celsius(-4)]);
    let text = b.temp.to_string();
    println!("as text: {} ({} bytes)", text, text.len());
    let copy = a.temp.clone();
    println!("equal: {}", copy == a.temp);
    println!("not equal: {}", copy != b.temp);
    let warm: Celsius = Celsius::from(30);
    let usual: Celsius = Default::default();
    println!("{} {} {}", warm, usual, Celsius::default());

    for n in (Countdown { left: 3 }) {
        print!("{} ", n);
    }
    println!();
    let evens: Vec<u32> = Countdown { left: 10 }.filter(|n| n % 2 == 0).take(3).collect();
    println!("{:?}", evens);
    let mut it = Countdown { left: 2 };
    println!("{:?} {:?} {:?}", it.next(), it.next(), it.next());

    let mut report = String::new();
    write!(report, "{} readings", 2).unwrap();
    writeln!(report, ", max {}", a.temp).unwrap();
    print!("{}", report);
}

// Inline modules: items inside `mod`, reached by paths through them (`timing::wait`,
// `shapes::Shape::Square`, `super::`, `self::`), also inside `println!`, and brought in with
// `use`. (A module sees the prelude through `use super::*`, as in Rust.)
mod shapes {
    #[derive(Debug, Clone, Copy)]
    pub enum Shape {
        Square(u32),
        Line,
    }

    pub fn area(shape: Shape) -> u32 {
        match shape {
            Shape::Square(side) => side * side,
            Shape::Line => 0,
        }
    }

    pub mod labels {
        pub fn describe(shape: super::Shape) -> String {
            format!("{:?} of area {}", shape, super::area(shape))
        }
    }
}

mod timing {
    use super::*;

    pub const STEP: u64 = 15;

    pub async fn wait(times: u64) -> u64 {
        for _ in 0..times {
            sleep(STEP).await;
        }
        times * STEP
    }
}

use shapes::Shape::*;
use shapes::labels::describe;

async fn main() {
    let waited = timing::wait(2).await;
    println!("waited {}ms, {} per step", waited, timing::STEP);
    println!("{}", describe(shapes::Shape::Square(4)));
    println!("{}", shapes::labels::describe(Line));
    println!("{}", self::shapes::area(Square(3)));
}

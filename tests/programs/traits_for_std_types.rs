// The program's own trait implemented for std types (`u32`, `String`, `&str`, `Vec<u32>`),
// with a default method, called on values, through generics and as a trait object.
trait Describe {
    fn describe(&self) -> String;
    fn shout(&self) -> String {
        self.describe().to_uppercase()
    }
}

impl Describe for u32 {
    fn describe(&self) -> String {
        format!("the number {}", self)
    }
}

impl Describe for String {
    fn describe(&self) -> String {
        format!("the string {:?} ({} bytes)", self, self.len())
    }
}

impl Describe for str {
    fn describe(&self) -> String {
        format!("a str of {} chars", self.chars().count())
    }
}

impl Describe for Vec<u32> {
    fn describe(&self) -> String {
        format!("{} numbers summing to {}", self.len(), self.iter().sum::<u32>())
    }
}

fn both<T: Describe + ?Sized>(x: &T) -> String {
    format!("{} / {}", x.describe(), x.shout())
}

async fn main() {
    println!("{}", 7u32.describe());
    println!("{}", String::from("hi").shout());
    println!("{}", "héllo".describe());
    println!("{}", both(&vec![1u32, 2, 3]));
    sleep(5).await;
    let things: Vec<Box<dyn Describe>> = vec![Box::new(1u32), Box::new(String::from("x"))];
    for t in &things {
        println!("{}", t.describe());
    }
}

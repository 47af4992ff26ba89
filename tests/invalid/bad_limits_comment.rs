// pollscope-limits: polls=many

async fn main() {
    println!("hi");
}

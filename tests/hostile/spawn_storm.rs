// Spawns tasks forever.
// ends: limit tasks 1000
async fn main() {
    loop {
        pollscope::spawn(async {});
    }
}

#[tokio::main]
async fn main() {
    let v: u32 = tokio::select! { };
    let () = tokio::join!();
    let (tx, rx) = tokio::sync::mpsc::channel::<u32>(0);
}

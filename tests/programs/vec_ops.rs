// A `Vec` as a work queue: push, pop, insert, remove, indexing, and `vec![x; n]`.
async fn main() {
    let mut queue: Vec<u32> = Vec::new();
    println!("empty: {}, len {}", queue.is_empty(), queue.len());
    queue.push(10);
    queue.push(20);
    queue.push(30);
    println!("{:?} len {}", queue, queue.len());
    queue.insert(1, 15);
    println!("after insert: {:?}", queue);
    let removed = queue.remove(0);
    println!("removed {}, now {:?}", removed, queue);
    println!("pop {:?}", queue.pop());
    println!("contains 15: {}, contains 99: {}", queue.contains(&15), queue.contains(&99));
    println!("first {:?} last {:?}", queue.first(), queue.last());
    queue[0] += 1;
    let second = queue[1];
    println!("queue[0] = {}, queue[1] = {}", queue[0], second);
    let zeros = vec![0u8; 4];
    println!("zeros {:?}", zeros);
    let mut grid = vec![vec!['.'; 3]; 2];
    grid[1][2] = '#';
    println!("grid {:?}", grid);
    let names = vec![String::from("a"), String::from("b")];
    let copy = names.clone();
    println!("names {:?} copy {:?}", names, copy);
    let mut sorted = vec![5, 3, 8, 1];
    sorted.sort();
    sorted.reverse();
    println!("sorted desc {:?}", sorted);
    sorted.truncate(2);
    sorted.extend(vec![7, 7]);
    println!("extended {:?}", sorted);
    sorted.clear();
    println!("cleared {:?} empty {}", sorted, sorted.is_empty());
    println!("get(5) {:?}", queue.get(5));
    let all = vec![1, 2, 3, 4, 5];
    let middle = &all[1..4];
    println!("slice {:?} len {}, head {:?}, tail {:?}", middle, middle.len(), &all[..2], &all[3..]);
    println!("inclusive {:?}, sum {}", &all[0..=1], middle.iter().sum::<i32>());
    let worker = spawn(async move {
        let v = vec![1, 2, 3];
        let i = v.len() + 2;
        println!("indexing at {}", i);
        v[i]
    });
    sleep(1).await;
    drop(worker);
}

// Closures capturing by reference and by move, iterator adaptors, and `for` over ranges and vecs.
async fn main() {
    let base = 10;
    let add_base = |x: i32| x + base; // borrows `base`
    println!("add_base(5) = {}", add_base(5));

    let mut counter = 0;
    let mut bump = || {
        counter += 1;
        counter
    };
    bump();
    bump();
    println!("counter after two bumps: {}", counter);

    let label = String::from("job");
    let describe = move |n: u32| format!("{} #{}", label, n); // owns `label`
    println!("{} / {}", describe(1), describe(2));

    let numbers = vec![3, 1, 4, 1, 5, 9, 2, 6];
    let doubled: Vec<i32> = numbers.iter().map(|n| n * 2).collect();
    println!("doubled: {:?}", doubled);
    let evens = numbers.iter().filter(|n| **n % 2 == 0).count();
    println!("evens: {}", evens);
    let total: i32 = numbers.iter().sum();
    println!("sum: {}", total);
    let big = numbers.iter().filter(|&&n| n > 3).map(|n| n * 10).collect::<Vec<_>>();
    println!("big x10: {:?}", big);
    for (i, n) in numbers.iter().enumerate() {
        if i < 3 {
            println!("numbers[{}] = {}", i, n);
        }
    }
    let squares: Vec<u64> = (1..=5).map(|i: u64| i * i).collect();
    println!("squares: {:?}", squares);
    let sum_range: u32 = (0..100).sum();
    println!("0..100 sums to {}", sum_range);

    let mut scores = vec![70, 85, 90];
    for s in scores.iter_mut() {
        *s += 5;
    }
    for s in &mut scores {
        *s -= 1;
    }
    println!("curved: {:?}", scores);
    for s in &scores {
        print!("{} ", s);
    }
    println!();
    let mut names = Vec::new();
    for i in (0..3).rev() {
        names.push(format!("n{}", i));
    }
    for name in names {
        println!("owned {}", name);
    }
    let apply = |f: &dyn Fn(i32) -> i32, v: i32| f(v);
    println!("apply: {}", apply(&add_base, 1));
    let max = numbers.iter().max();
    let pos = numbers.iter().position(|&n| n == 9);
    println!("max {:?} at {:?}, any > 8: {}, all > 0: {}", max, pos, numbers.iter().any(|&n| n > 8), numbers.iter().all(|&n| n > 0));
    let words = vec!["a", "bb", "ccc"];
    let lens: Vec<usize> = words.iter().map(|w| w.len()).collect();
    println!("lens {:?}, folded {}", lens, words.iter().fold(String::new(), |acc, w| acc + w));
}

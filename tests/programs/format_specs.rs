// Width, fill, alignment, precision, radix and argument selection in format strings.
async fn main() {
    let n = 42;
    let name = "tea";
    println!("[{:>8}]", n);
    println!("[{:<5}]|", n);
    println!("[{:^9}]", name);
    println!("[{:*^9}]", name);
    println!("[{:->6}]", n);
    println!("[{:08}] [{:08.3}] [{:8.3}]", -n, n, "truncated");
    println!("[{:+}] [{:+05}]", n, n);
    println!("[{:.2}] [{:8.2}] [{:<6.3}]", "abcdef", "abcdef", "abcdef");
    println!("{:x} {:X} {:#x} {:b} {:#b} {:o} {:#o}", 255, 255, 255, 5, 5, 8, 8);
    println!("[{:#06x}] [{:08b}]", 255, 5u8);
    println!("{:x}", -1i8);
    println!("{0} {1} {0}", "ping", "pong");
    println!("{name} has {count} cups", count = 3);
    println!("inline {n} and {name:>5}");
    let width = 7;
    println!("[{:>width$}] [{:>1$}]", n, 6);
    println!("[{:^w$}] [{:.prec$}]", "mid", "precise", w = 7, prec = 3);
    println!("{{literal braces}} {{{}}}", n);
    println!("{:?} {:?} {:?}", "quote\"d", 'c', "tab\tnew\nline");
    println!("[{:>10?}] [{:<8?}]", Some(1), "hi");
    println!("{:x?} {:#X?} [{:3?}] [{:<5?}]", vec![10, 255], 255, vec![1, 2], (true, ()));
    println!("{:5}|{:<5}|{:>5}|", true, 'x', "ab");
    let s = format!("{}-{:03}", "id", 7);
    println!("{} (len {})", s, s.len());
    print!("no newline, ");
    print!("then {}\n", "one");
    println!();
    println!("done");
}

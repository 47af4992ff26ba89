//! Executor overhead, side by side with two established single-threaded executors.
//!
//! Workloads (the same futures for every executor):
//! - `spawn_10k`: spawn 10,000 empty tasks and run them all;
//! - `yield_100k`: one task awaiting `yield_now()` 100,000 times (each a wake + re-poll).
//!
//! Pollscope runs twice, with its trace recorded and without, to show what tracing costs.
//! Run with `cargo xtask bench` (or `cargo bench -p pollscope-executor`).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use futures::task::LocalSpawnExt;
use pollscope_executor::{Executor, Limits, yield_now};

const TASKS: usize = 10_000;
const YIELDS: usize = 100_000;

fn limits() -> Limits {
    Limits { max_polls: 10_000_000, max_tasks: 1_000_000, max_events: 10_000_000, max_output_bytes: 1 << 20 }
}

fn pollscope_spawn(tracing: bool) {
    let executor = Executor::with_limits(limits());
    executor.set_tracing(tracing);
    for _ in 0..TASKS {
        executor.spawn("empty", async {});
    }
    executor.run_until_stalled();
}

fn pollscope_yield(tracing: bool) {
    let executor = Executor::with_limits(limits());
    executor.set_tracing(tracing);
    executor.spawn("main", async {
        for _ in 0..YIELDS {
            yield_now().await;
        }
    });
    executor.run();
}

fn async_executor_spawn() {
    let executor = async_executor::LocalExecutor::new();
    for _ in 0..TASKS {
        executor.spawn(async {}).detach();
    }
    while executor.try_tick() {}
}

fn async_executor_yield() {
    let executor = async_executor::LocalExecutor::new();
    executor
        .spawn(async {
            for _ in 0..YIELDS {
                yield_now().await;
            }
        })
        .detach();
    while executor.try_tick() {}
}

fn local_pool_spawn() {
    let mut pool = futures::executor::LocalPool::new();
    let spawner = pool.spawner();
    for _ in 0..TASKS {
        spawner.spawn_local(async {}).expect("the pool is alive");
    }
    pool.run();
}

fn local_pool_yield() {
    let mut pool = futures::executor::LocalPool::new();
    pool.spawner()
        .spawn_local(async {
            for _ in 0..YIELDS {
                yield_now().await;
            }
        })
        .expect("the pool is alive");
    pool.run();
}

fn spawn_10k(c: &mut Criterion) {
    let mut group = c.benchmark_group("spawn_10k");
    group.sample_size(20);
    group.bench_function(BenchmarkId::new("pollscope", "traced"), |b| b.iter(|| pollscope_spawn(true)));
    group.bench_function(BenchmarkId::new("pollscope", "untraced"), |b| b.iter(|| pollscope_spawn(false)));
    group.bench_function("async-executor", |b| b.iter(async_executor_spawn));
    group.bench_function("futures-LocalPool", |b| b.iter(local_pool_spawn));
    group.finish();
}

fn yield_100k(c: &mut Criterion) {
    let mut group = c.benchmark_group("yield_100k");
    group.sample_size(20);
    group.bench_function(BenchmarkId::new("pollscope", "traced"), |b| b.iter(|| pollscope_yield(true)));
    group.bench_function(BenchmarkId::new("pollscope", "untraced"), |b| b.iter(|| pollscope_yield(false)));
    group.bench_function("async-executor", |b| b.iter(async_executor_yield));
    group.bench_function("futures-LocalPool", |b| b.iter(local_pool_yield));
    group.finish();
}

criterion_group!(benches, spawn_10k, yield_100k);
criterion_main!(benches);

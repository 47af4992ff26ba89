//! Task names, derived from the spawned future's type so that programs need not name tasks.

/// The name the trace shows for a task whose future has type name `type_name`
/// (from `std::any::type_name`).
///
/// | future | type name | task name |
/// |---|---|---|
/// | `worker(3)`, an `async fn` | `prog::worker::{{closure}}` | `worker` |
/// | `Countdown { .. }` | `prog::Countdown` | `Countdown` |
/// | `async { .. }` in `main` | `prog::main::{{closure}}::{{closure}}` | `main::{async}` |
/// | `Box::pin(worker(3))` | `core::pin::Pin<alloc::boxed::Box<prog::worker::{{closure}}>>` | `worker` |
/// | `join(a, b)` | `pollscope_executor::rt::Join<..>` | `Join` |
///
/// The interpreter names its futures by the same rules, so both runs print the same names.
pub fn task_name(type_name: &str) -> String {
    let mut ty = type_name.trim();
    // Pointers to a future are named after the future.
    loop {
        let unwrapped = ["core::pin::Pin<", "alloc::boxed::Box<", "std::pin::Pin<", "std::boxed::Box<"]
            .iter()
            .find_map(|prefix| ty.strip_prefix(prefix).and_then(|rest| rest.strip_suffix('>')));
        match unwrapped {
            Some(inner) => ty = inner.trim(),
            None => break,
        }
    }
    let (dyn_prefix, path) = match ty.strip_prefix("dyn ") {
        Some(rest) => ("dyn ", rest),
        None => ("", ty),
    };
    let path = path.split('<').next().unwrap_or(path);
    let segments: Vec<&str> = path.split("::").collect();
    let closures = segments.iter().rev().take_while(|s| **s == "{{closure}}").count();
    let item = segments[..segments.len() - closures].last().copied().unwrap_or("task");
    let item = if item.is_empty() { "task" } else { item };
    // The first `{{closure}}` of an `async fn` is its body; more are async blocks inside it.
    let suffix = if closures >= 2 { "::{async}" } else { "" };
    format!("{dyn_prefix}{item}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::task_name;

    #[test]
    fn an_async_fn_task_is_named_after_the_fn() {
        assert_eq!(task_name("prog::worker::{{closure}}"), "worker");
    }

    #[test]
    fn a_struct_future_is_named_after_the_struct() {
        assert_eq!(task_name("prog::Countdown"), "Countdown");
        assert_eq!(task_name("pollscope_executor::rt::Join<prog::a::{{closure}}, prog::b::{{closure}}>"), "Join");
    }

    #[test]
    fn an_async_block_is_named_after_its_fn() {
        assert_eq!(task_name("prog::main::{{closure}}::{{closure}}"), "main::{async}");
    }

    #[test]
    fn boxes_and_pins_are_named_after_what_they_hold() {
        assert_eq!(task_name("core::pin::Pin<alloc::boxed::Box<prog::worker::{{closure}}>>"), "worker");
        assert_eq!(
            task_name("core::pin::Pin<alloc::boxed::Box<dyn core::future::future::Future<Output = ()>>>"),
            "dyn Future"
        );
    }
}

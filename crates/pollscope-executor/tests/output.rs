//! Program output becomes `print` events, one per line, attributed to the task that completes
//! the line. Output left without a final newline is flushed as a last line when the run ends.

mod common;

use common::{assert_in_order, assert_trace, kinds, output, run_main};
use pollscope_executor::{EventKind, RunEnd, TaskId, print, spawn, yield_now};

fn prints(trace: &pollscope_executor::Trace) -> Vec<(Option<u32>, String)> {
    kinds(trace, |k| matches!(k, EventKind::Print { .. }))
        .into_iter()
        .map(|k| match k {
            EventKind::Print { task, line } => (task.map(|t| t.0), line.to_string()),
            _ => unreachable!(),
        })
        .collect()
}

#[test]
fn pieces_of_one_line_become_one_print_event() {
    let (_, trace) = run_main(async {
        print("a");
        print("b\n");
    });
    assert_eq!(prints(&trace), [(Some(1), "ab".to_string())]);
    assert_trace(
        &trace,
        &[
            "0ms spawn #1 main",
            "0ms poll #1",
            "0ms print #1 \"ab\"",
            "0ms ready #1 ()",
            "0ms done main ready, 1 task, 1 polls",
        ],
    );
}

#[test]
fn one_print_of_several_lines_becomes_several_events() {
    let (_, trace) = run_main(async {
        print("one\ntwo\n\nfour\n");
    });
    assert_eq!(output(&trace), ["one", "two", "", "four"]);
    assert_in_order(
        &trace,
        &["0ms print #1 \"one\"", "0ms print #1 \"two\"", "0ms print #1 \"\"", "0ms print #1 \"four\""],
    );
}

#[test]
fn a_line_belongs_to_the_task_that_completes_it() {
    let (_, trace) = run_main(async {
        let other = spawn(async { print("started by #2, ") });
        yield_now().await;
        print("finished by #1\n");
        other.await;
    });
    assert_eq!(prints(&trace), [(Some(1), "started by #2, finished by #1".to_string())]);
}

#[test]
fn output_without_a_final_newline_is_flushed_as_a_last_line_before_done() {
    let (_, trace) = run_main(async {
        print("first\n");
        print("no newline");
        yield_now().await;
        print(" at the end");
    });
    let lines = common::lines(&trace);
    // The flush happens after main's last poll; the line belongs to the task that wrote it.
    assert_eq!(
        lines[lines.len() - 3..],
        ["0ms ready #1 ()", "0ms print #1 \"no newline at the end\"", "0ms done main ready, 1 task, 2 polls"]
    );
    assert_eq!(output(&trace), ["first", "no newline at the end"]);
    assert_eq!(
        trace.events[trace.events.len() - 2].kind,
        EventKind::Print { task: Some(TaskId(1)), line: "no newline at the end".into() }
    );
}

#[test]
fn output_without_a_final_newline_is_flushed_before_a_stall() {
    let (end, trace) = run_main(async {
        print("waiting forever");
        std::future::pending::<()>().await;
    });
    assert_eq!(end, RunEnd::Stalled);
    assert_in_order(&trace, &["0ms pending #1", "0ms print #1 \"waiting forever\"", "0ms stall 1 task stuck"]);
}

#[test]
fn nothing_is_flushed_when_every_line_was_ended() {
    let (_, trace) = run_main(async {
        print("done\n");
    });
    // One line, from main, and no flushed `print -` line after it.
    assert_eq!(prints(&trace), [(Some(1), "done".to_string())]);
}

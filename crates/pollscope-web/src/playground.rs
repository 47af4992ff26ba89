//! The playground's state: the program, its last run, and the cursor over that run's trace.
//! Plain Rust data with plain methods; the components hold it in signals.

use std::rc::Rc;

use pollscope_executor::replay::{self, PollBar, Snapshot, WakeArrow};
use pollscope_executor::{Event, Trace};
use pollscope_lang::{Diagnostic, Severity};

use crate::editor::{Mark, char_offset};

/// Interpreter limits for the browser: lower per-poll fuel than the CLI, so that a poll that
/// never yields is stopped before the page would feel stuck.
pub fn browser_limits() -> pollscope_lang::vm::InterpLimits {
    pollscope_lang::vm::InterpLimits { poll_fuel: 2_000_000, run_fuel: 30_000_000, ..Default::default() }
}

/// A finished run of a program.
#[derive(Debug, Clone, Default)]
pub struct RunResult {
    pub events: Rc<Vec<Event>>,
    /// Indices of the canonical (non-detail) events: the steps of the cursor.
    pub steps: Rc<Vec<usize>>,
    pub bars: Rc<Vec<PollBar>>,
    pub wakes: Rc<Vec<WakeArrow>>,
}

impl RunResult {
    pub fn new(trace: Trace) -> RunResult {
        let events = trace.events;
        let steps: Vec<usize> = events.iter().enumerate().filter(|(_, e)| !e.is_detail()).map(|(i, _)| i).collect();
        let (bars, wakes) = replay::timeline(&events);
        RunResult { events: Rc::new(events), steps: Rc::new(steps), bars: Rc::new(bars), wakes: Rc::new(wakes) }
    }

    /// Number of steps (canonical events).
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// The event index of step `step`, including the detail events that follow it.
    pub fn event_end(&self, step: usize) -> usize {
        match self.steps.get(step + 1) {
            Some(&next) => next - 1,
            None => self.events.len().saturating_sub(1),
        }
    }

    /// The executor's state after step `step`.
    pub fn snapshot(&self, step: usize) -> Snapshot {
        if self.events.is_empty() {
            return Snapshot::default();
        }
        replay::snapshot(&self.events, self.event_end(step))
    }

    /// The canonical event of step `step`.
    pub fn event(&self, step: usize) -> Option<&Event> {
        self.steps.get(step).and_then(|&i| self.events.get(i))
    }

    /// The step of an event index (the last step at or before it).
    pub fn step_of(&self, index: usize) -> usize {
        match self.steps.binary_search(&index) {
            Ok(s) => s,
            Err(s) => s.saturating_sub(1),
        }
    }

    /// The source line to highlight at step `step`: where its event happened, else the
    /// `.await` the polled future waits at.
    pub fn line(&self, step: usize) -> u32 {
        let Some(&index) = self.steps.get(step) else { return 0 };
        if let Some((line, _)) = self.events[index].at {
            return line;
        }
        // A poll's end: the await point recorded just after it.
        let end = self.event_end(step);
        for e in &self.events[index..=end] {
            if let pollscope_executor::EventKind::FutureState(s) = &e.kind
                && let Some((line, ..)) = s.await_at
            {
                return line;
            }
        }
        0
    }
}

/// Turns compiler diagnostics into editor marks.
pub fn marks(source: &str, diags: &[Diagnostic]) -> Vec<Mark> {
    diags
        .iter()
        .map(|d| {
            let from = char_offset(source, d.span.lo as usize);
            let to = char_offset(source, d.span.hi as usize).max(from + 1);
            Mark { from, to, message: d.message.clone(), error: d.severity == Severity::Error }
        })
        .collect()
}

//! The trace as the executor records it: 24 bytes an event.
//!
//! A run at the event limit records hundreds of thousands of events, almost all of them
//! `poll`, `pending` and `wake`. Recording them as [`Event`]s (80 bytes each) made tracing cost
//! more than the polls it traced: the time went into writing and re-copying a growing buffer.
//! [`EventLog`] packs the frequent kinds, whose fields are a few ids and numbers, into a
//! [`Packed`] of 24 bytes; any other kind (those carrying text: a spawn's name, a print, a
//! future's name) is kept whole in a side list, and its packed entry points there. The time is
//! not repeated in every entry: it only changes when the clock moves, and the log keeps where
//! it changed. Readers get [`Event`]s back, identical to what was pushed ([`EventLog::to_vec`],
//! [`EventLog::take`]).

use crate::trace::{Event, EventKind, FutureId, PromiseId, TaskId, TimerId, WakeEffect, WakeHow, WakeSource, WakerOp};
use std::borrow::Cow;

/// Which kind a [`Packed`] holds, and so how to read its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Poll,
    Pending,
    Wake,
    WakerClone,
    WakerDrop,
    TimerSet,
    TimerFire,
    TimerCancel,
    PromiseSettle,
    Advance,
    FutureDrop,
    OwnContext,
    FutureSpawn,
    WakerBy,
    /// Any other kind: `b` is its index in [`EventLog::spilled`].
    Spilled,
}

/// One recorded event. `a`, `b` and `x` hold the kind's fields (see [`pack`]).
#[derive(Debug, Clone, Copy)]
struct Packed {
    /// The event's source position; `(0, 0)` when `has_at` is false.
    at: (u32, u32),
    tag: Tag,
    has_at: bool,
    x: u8,
    a: u32,
    b: u64,
}

const _: () = assert!(std::mem::size_of::<Packed>() == 24);

/// The events of a run, as recorded.
#[derive(Debug, Default)]
pub(crate) struct EventLog {
    packed: Vec<Packed>,
    /// The kinds that do not fit a [`Packed`], in recording order.
    spilled: Vec<EventKind>,
    /// (index of the first event at a time, that time), in order: one entry each time the
    /// time of the events changes.
    times: Vec<(usize, u64)>,
    /// What the spilled kinds hold on the heap (see [`EventKind::heap_bytes`]).
    heap: usize,
}

/// The fields of `kind` as (tag, a, b, x), or `None` when it must be spilled.
fn pack(kind: &EventKind) -> Option<(Tag, u32, u64, u8)> {
    Some(match *kind {
        EventKind::Poll { task } => (Tag::Poll, task.0, 0, 0),
        EventKind::Pending { task } => (Tag::Pending, task.0, 0, 0),
        EventKind::Wake { task, by, how, effect } => {
            let (source, id) = match by {
                WakeSource::Task(t) => (0, t.0),
                WakeSource::Timer(t) => (1, t.0),
                WakeSource::Promise(p) => (2, p.0),
                WakeSource::Outside => (3, 0),
            };
            let how = match how {
                WakeHow::Wake => 0,
                WakeHow::WakeByRef => 1,
            };
            let effect = match effect {
                WakeEffect::Scheduled => 0,
                WakeEffect::AlreadyScheduled => 1,
                WakeEffect::Finished => 2,
            };
            (Tag::Wake, task.0, u64::from(id), source | how << 2 | effect << 3)
        }
        EventKind::WakerClone { task, alive } => (Tag::WakerClone, task.0, alive as u64, 0),
        EventKind::WakerDrop { task, alive } => (Tag::WakerDrop, task.0, alive as u64, 0),
        EventKind::TimerSet { timer, deadline } => (Tag::TimerSet, timer.0, deadline, 0),
        EventKind::TimerFire { timer } => (Tag::TimerFire, timer.0, 0, 0),
        EventKind::TimerCancel { timer } => (Tag::TimerCancel, timer.0, 0, 0),
        EventKind::PromiseSettle { promise, resolved } => (Tag::PromiseSettle, promise.0, 0, u8::from(resolved)),
        EventKind::Advance { by } => (Tag::Advance, 0, by, 0),
        EventKind::FutureDrop { future } => (Tag::FutureDrop, future.0, 0, 0),
        EventKind::OwnContext { future } => (Tag::OwnContext, future.0, 0, 0),
        EventKind::FutureSpawn { future, task } => (Tag::FutureSpawn, future.0, u64::from(task.0), 0),
        EventKind::WakerBy { task, future, op } => {
            let op = match op {
                WakerOp::Clone => 0,
                WakerOp::Wake => 1,
                WakerOp::WakeByRef => 2,
                WakerOp::Drop => 3,
            };
            (Tag::WakerBy, task.0, u64::from(future.0), op)
        }
        _ => return None,
    })
}

/// The kind a packed (not spilled) entry holds: the inverse of [`pack`].
fn unpack(p: &Packed) -> EventKind {
    let (a, b, x) = (p.a, p.b, p.x);
    match p.tag {
        Tag::Poll => EventKind::Poll { task: TaskId(a) },
        Tag::Pending => EventKind::Pending { task: TaskId(a) },
        Tag::Wake => {
            let id = b as u32;
            let by = match x & 3 {
                0 => WakeSource::Task(TaskId(id)),
                1 => WakeSource::Timer(TimerId(id)),
                2 => WakeSource::Promise(PromiseId(id)),
                _ => WakeSource::Outside,
            };
            let how = if x >> 2 & 1 == 0 { WakeHow::Wake } else { WakeHow::WakeByRef };
            let effect = match x >> 3 {
                0 => WakeEffect::Scheduled,
                1 => WakeEffect::AlreadyScheduled,
                _ => WakeEffect::Finished,
            };
            EventKind::Wake { task: TaskId(a), by, how, effect }
        }
        Tag::WakerClone => EventKind::WakerClone { task: TaskId(a), alive: b as usize },
        Tag::WakerDrop => EventKind::WakerDrop { task: TaskId(a), alive: b as usize },
        Tag::TimerSet => EventKind::TimerSet { timer: TimerId(a), deadline: b },
        Tag::TimerFire => EventKind::TimerFire { timer: TimerId(a) },
        Tag::TimerCancel => EventKind::TimerCancel { timer: TimerId(a) },
        Tag::PromiseSettle => EventKind::PromiseSettle { promise: PromiseId(a), resolved: x != 0 },
        Tag::Advance => EventKind::Advance { by: b },
        Tag::FutureDrop => EventKind::FutureDrop { future: FutureId(a) },
        Tag::OwnContext => EventKind::OwnContext { future: FutureId(a) },
        Tag::FutureSpawn => EventKind::FutureSpawn { future: FutureId(a), task: TaskId(b as u32) },
        Tag::WakerBy => {
            let op = match x {
                0 => WakerOp::Clone,
                1 => WakerOp::Wake,
                2 => WakerOp::WakeByRef,
                _ => WakerOp::Drop,
            };
            EventKind::WakerBy { task: TaskId(a), future: FutureId(b as u32), op }
        }
        Tag::Spilled => unreachable!("a spilled event is read from the side list"),
    }
}

impl EventLog {
    #[inline]
    pub fn push(&mut self, time: u64, kind: EventKind, at: Option<(u32, u32)>) {
        let (tag, a, b, x) = match pack(&kind) {
            Some(fields) => {
                // A packed kind holds nothing to drop (ids and numbers): skip its drop glue,
                // a match over every kind on the hottest path of a traced run.
                std::mem::forget(kind);
                fields
            }
            None => {
                self.heap += kind.heap_bytes();
                self.spilled.push(kind);
                (Tag::Spilled, 0, self.spilled.len() as u64 - 1, 0)
            }
        };
        if self.times.last().is_none_or(|&(_, last)| last != time) {
            self.times.push((self.packed.len(), time));
        }
        self.packed.push(Packed { at: at.unwrap_or_default(), tag, has_at: at.is_some(), x, a, b });
    }

    pub fn len(&self) -> usize {
        self.packed.len()
    }

    /// The time of event `i`.
    pub fn time(&self, i: usize) -> u64 {
        assert!(i < self.len(), "event {i} of {}", self.len());
        // The last change at or before `i`; the first event always starts one.
        let change = self.times.partition_point(|&(first, _)| first <= i);
        self.times[change - 1].1
    }

    /// Each event's time, in order.
    fn times(&self) -> impl Iterator<Item = u64> + '_ {
        self.times.iter().enumerate().flat_map(|(n, &(first, time))| {
            let end = self.times.get(n + 1).map_or(self.packed.len(), |&(next, _)| next);
            std::iter::repeat_n(time, end - first)
        })
    }

    /// The kind of event `i`, borrowed when it is spilled.
    pub fn kind(&self, i: usize) -> Cow<'_, EventKind> {
        let p = &self.packed[i];
        match p.tag {
            Tag::Spilled => Cow::Borrowed(&self.spilled[p.b as usize]),
            _ => Cow::Owned(unpack(p)),
        }
    }

    /// A copy of every event.
    pub fn to_vec(&self) -> Vec<Event> {
        self.times()
            .zip(&self.packed)
            .enumerate()
            .map(|(i, (time, p))| Event { time, kind: self.kind(i).into_owned(), at: p.has_at.then_some(p.at) })
            .collect()
    }

    /// Every event, moved out: the log is empty afterwards.
    pub fn take(&mut self) -> Vec<Event> {
        let times: Vec<u64> = self.times().collect();
        let packed = std::mem::take(&mut self.packed);
        let mut spilled = std::mem::take(&mut self.spilled).into_iter();
        self.times.clear();
        self.heap = 0;
        times
            .into_iter()
            .zip(&packed)
            .map(|(time, p)| {
                let kind = match p.tag {
                    // Spilled kinds are in the side list in recording order.
                    Tag::Spilled => spilled.next().expect("every spilled entry has its kind"),
                    _ => unpack(p),
                };
                Event { time, kind, at: p.has_at.then_some(p.at) }
            })
            .collect()
    }

    /// About the bytes the log occupies: its buffers, and what spilled kinds hold on the heap.
    pub fn bytes(&self) -> usize {
        self.packed.capacity() * std::mem::size_of::<Packed>()
            + self.spilled.capacity() * std::mem::size_of::<EventKind>()
            + self.times.capacity() * std::mem::size_of::<(usize, u64)>()
            + self.heap
    }

    /// The bytes the recorded events occupy, without the buffers' spare capacity: what
    /// `cargo xtask bench` divides by the number of events.
    pub fn used_bytes(&self) -> usize {
        self.packed.len() * std::mem::size_of::<Packed>()
            + self.spilled.len() * std::mem::size_of::<EventKind>()
            + self.times.len() * std::mem::size_of::<(usize, u64)>()
            + self.heap
    }
}

/// The bytes `events` occupy once recorded, as [`EventLog::used_bytes`] counts them: what
/// `cargo xtask bench` reports per event for interpreted runs, whose detail events carry text.
pub fn recorded_bytes(events: &[Event]) -> usize {
    let mut log = EventLog::default();
    for e in events {
        log.push(e.time, e.kind.clone(), e.at);
    }
    log.used_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::{LimitKind, PollResult};

    /// Every packed kind, with every value of its small fields, and some spilled ones.
    fn kinds() -> Vec<EventKind> {
        let mut kinds = vec![
            EventKind::Poll { task: TaskId(7) },
            EventKind::Pending { task: TaskId(u32::MAX) },
            EventKind::WakerClone { task: TaskId(1), alive: 3 },
            EventKind::WakerDrop { task: TaskId(2), alive: 0 },
            EventKind::TimerSet { timer: TimerId(4), deadline: u64::MAX },
            EventKind::TimerFire { timer: TimerId(4) },
            EventKind::TimerCancel { timer: TimerId(5) },
            EventKind::PromiseSettle { promise: PromiseId(1), resolved: true },
            EventKind::PromiseSettle { promise: PromiseId(2), resolved: false },
            EventKind::Advance { by: 1_000 },
            EventKind::FutureDrop { future: FutureId(9) },
            EventKind::OwnContext { future: FutureId(10) },
            EventKind::FutureSpawn { future: FutureId(11), task: TaskId(3) },
            EventKind::Print { task: Some(TaskId(1)), line: "hi".into() },
            EventKind::FutureExit { future: FutureId(2), result: PollResult::Pending, at: Some((1, 2, 3, 4)) },
            EventKind::Limit { limit: LimitKind::Events, value: 200_000, at: Some((6, 17)) },
        ];
        for by in [
            WakeSource::Task(TaskId(2)),
            WakeSource::Timer(TimerId(3)),
            WakeSource::Promise(PromiseId(4)),
            WakeSource::Outside,
        ] {
            for how in [WakeHow::Wake, WakeHow::WakeByRef] {
                for effect in [WakeEffect::Scheduled, WakeEffect::AlreadyScheduled, WakeEffect::Finished] {
                    kinds.push(EventKind::Wake { task: TaskId(1), by, how, effect });
                }
            }
        }
        for op in [WakerOp::Clone, WakerOp::Wake, WakerOp::WakeByRef, WakerOp::Drop] {
            kinds.push(EventKind::WakerBy { task: TaskId(1), future: FutureId(8), op });
        }
        kinds
    }

    #[test]
    fn every_event_reads_back_as_it_was_pushed() {
        let events: Vec<Event> = kinds()
            .into_iter()
            .enumerate()
            // Runs of one to four events at a time.
            .map(|(i, kind)| Event {
                time: (i as u64 / (1 + i as u64 % 4)) * 10,
                kind,
                at: (i % 3 != 0).then_some((i as u32, 0)),
            })
            .collect();
        let mut log = EventLog::default();
        for e in &events {
            log.push(e.time, e.kind.clone(), e.at);
        }
        assert_eq!(log.len(), events.len());
        assert_eq!(log.to_vec(), events);
        for (i, e) in events.iter().enumerate() {
            assert_eq!(log.time(i), e.time);
            assert_eq!(*log.kind(i), e.kind);
        }
        assert_eq!(log.take(), events);
        assert_eq!(log.len(), 0);
        assert!(log.to_vec().is_empty());
    }

    #[test]
    fn the_frequent_kinds_take_24_bytes_a_time_16_and_text_is_counted() {
        let mut log = EventLog::default();
        log.push(0, EventKind::Poll { task: TaskId(1) }, None);
        log.push(0, EventKind::Pending { task: TaskId(1) }, None);
        assert_eq!(log.used_bytes(), 16 + 2 * 24);
        log.push(5, EventKind::Poll { task: TaskId(1) }, None);
        assert_eq!(log.used_bytes(), 2 * 16 + 3 * 24);
        log.push(5, EventKind::Print { task: None, line: "x".repeat(100) }, None);
        assert!(log.used_bytes() >= 2 * 16 + 4 * 24 + std::mem::size_of::<EventKind>() + 100, "{}", log.used_bytes());
        assert_eq!((log.time(0), log.time(1), log.time(2), log.time(3)), (0, 0, 5, 5));
    }
}

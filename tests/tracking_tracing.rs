//! With the `tracing` feature, every operation launched with a closure or `Blocking` has a
//! `jeton.op` span naming its object and initiating function, with an event when it is
//! initiated, when its handler is called ("completed") or when it is dropped uninvoked.
//! Recorded by a small subscriber written here.

#![cfg(feature = "tracing")]

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use jeton::net::unix;
use jeton::{Blocking, IoContext, SteadyTimer};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// What the subscriber saw: spans (name, fields) by id, and events as (span fields, message).
#[derive(Default)]
struct Seen {
    spans: Vec<(String, Vec<(String, String)>)>,
    events: Vec<(usize, String)>,
    current: Vec<usize>,
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Seen>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let v = format!("{value:?}").trim_matches('"').to_owned();
        self.0.retain(|(k, _)| k != field.name());
        self.0.push((field.name().to_owned(), v));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut seen = self.0.lock().unwrap();
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        seen.spans.push((span.metadata().name().to_owned(), fields));
        Id::from_u64(seen.spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut seen = self.0.lock().unwrap();
        let i = span.into_u64() as usize - 1;
        values.record(&mut Fields(&mut seen.spans[i].1));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut seen = self.0.lock().unwrap();
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        let msg = fields
            .into_iter()
            .find(|(k, _)| k == "message")
            .map(|(_, v)| v)
            .unwrap_or_default();
        let span = seen.current.last().copied().unwrap_or(0);
        seen.events.push((span, msg));
    }
    fn enter(&self, span: &Id) {
        self.0
            .lock()
            .unwrap()
            .current
            .push(span.into_u64() as usize);
    }
    fn exit(&self, _: &Id) {
        self.0.lock().unwrap().current.pop();
    }
}

impl Seen {
    /// The span of the operation `op` on an object named `object`: its id.
    fn span(&self, object: &str, op: &str) -> usize {
        let has =
            |f: &Vec<(String, String)>, k: &str, v: &str| f.iter().any(|(a, b)| a == k && b == v);
        1 + self
            .spans
            .iter()
            .position(|(name, f)| {
                name == "jeton.op" && has(f, "object", object) && has(f, "op", op)
            })
            .unwrap_or_else(|| panic!("no span for {object}.{op}: {:?}", self.spans))
    }

    fn events_of(&self, span: usize) -> Vec<&str> {
        self.events
            .iter()
            .filter(|(s, _)| *s == span)
            .map(|(_, m)| m.as_str())
            .collect()
    }
}

#[test]
fn spans_for_a_timer_a_socket_read_and_a_dropped_handler() {
    let _w = support::watchdog(60);
    let rec = Recorder::default();
    tracing::subscriber::with_default(rec.clone(), || {
        let io = IoContext::new().unwrap();
        let ex = io.executor();
        let (a, b) = unix::connect_pair(&ex).unwrap();
        let timer = SteadyTimer::with_duration(&ex, Duration::from_millis(1));
        timer.async_wait(|r: std::io::Result<()>| r.unwrap());
        a.async_read_some(vec![0u8; 4], |(r, _): (std::io::Result<usize>, Vec<u8>)| {
            assert_eq!(r.unwrap(), 2);
        });
        b.async_write_some(&b"hi"[..], Blocking).unwrap();
        io.run();
        let io2 = IoContext::new().unwrap();
        let t2 = SteadyTimer::with_duration(&io2.executor(), Duration::from_secs(3600));
        t2.async_wait(|_: std::io::Result<()>| unreachable!());
        drop(io2);
    });
    let seen = rec.0.lock().unwrap();
    let wait = seen.span("SteadyTimer", "async_wait");
    assert_eq!(seen.events_of(wait), ["initiated", "completed"]);
    let read = seen.span("UnixStream", "async_read_some");
    assert_eq!(seen.events_of(read), ["initiated", "completed"]);
    let write = seen.span("UnixStream", "async_write_some");
    assert_eq!(seen.events_of(write), ["initiated", "completed"]);
    // The second timer wait: its context was dropped first.
    let dropped = 1 + seen
        .spans
        .iter()
        .rposition(|(n, f)| {
            n == "jeton.op" && f.iter().any(|(k, v)| k == "op" && v == "async_wait")
        })
        .unwrap();
    assert_ne!(dropped, wait);
    assert_eq!(seen.events_of(dropped), ["initiated", "dropped uninvoked"]);
}

#[test]
fn an_aborted_operation_says_so_in_its_span() {
    let _w = support::watchdog(60);
    let rec = Recorder::default();
    tracing::subscriber::with_default(rec.clone(), || {
        let io = IoContext::new().unwrap();
        let ex = io.executor();
        // Cancelled through its object.
        let timer = SteadyTimer::with_duration(&ex, Duration::from_secs(3600));
        timer.async_wait(|r: std::io::Result<()>| assert!(r.is_err()));
        timer.cancel();
        io.run();
        // Cancelled by a deadline, in a Blocking call.
        let (_a, b) = unix::connect_pair(&ex).unwrap();
        let mut buf = [0u8; 4];
        let r = b.async_read_some(
            &mut buf[..],
            jeton::cancel_after(Duration::from_millis(10), Blocking),
        );
        assert!(r.is_err());
    });
    let seen = rec.0.lock().unwrap();
    let wait = seen.span("SteadyTimer", "async_wait");
    assert_eq!(seen.events_of(wait), ["initiated", "aborted", "completed"]);
    let read = seen.span("UnixStream", "async_read_some");
    assert_eq!(seen.events_of(read), ["initiated", "aborted", "completed"]);
}

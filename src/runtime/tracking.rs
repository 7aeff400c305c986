//! Handler tracking: Asio's `ASIO_ENABLE_HANDLER_TRACKING` output on stderr, asked for with the
//! environment variable `JETON_HANDLER_TRACKING` (read once, on the first operation); and, with
//! the `tracing` feature, a `jeton.op` span per operation.
//!
//! Lines are `@asio|<seconds.microseconds>|<action>|<description>`, as Asio writes them, so
//! Asio's `handlerviz.pl` (and `handlerlive.pl`, `handlertree.pl`) read them unchanged:
//!
//! | action | when |
//! |---|---|
//! | `n*m` | handler `n` (0: none) initiated operation `m`; the description is `object@0xaddr.op` |
//! | `>m` | the handler of operation `m` is entered |
//! | `<m` | it returned |
//! | `!m` | it panicked (then `<m`) |
//! | `~m` | it was destroyed without being invoked (its context was dropped) |
//! | `n` | handler `n` did something else to an object: `object@0xaddr.cancel`, `.close` |
//!
//! Off (the variable unset, empty or `0`), each initiating call costs one relaxed load of a
//! flag and operations carry id 0; nothing else runs.
//!
//! The `jeton.op` span of an operation launched with a closure or `Blocking` has the events
//! `initiated`, `completed` (its handler is called), `dropped uninvoked`, and `aborted` (with
//! the error) when a wait inside it ends cancelled, closed or shut down. A future from
//! `UseFuture` is the operation itself, with no token code around it, so it has no span of
//! its own: instrument it where it is awaited (`tracing::Instrument`); its `aborted` events
//! go to the span current at the poll.

use std::io::Write;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use super::current;

/// The environment variable that turns handler tracking on.
pub(crate) const ENV_VAR: &str = "JETON_HANDLER_TRACKING";

/// Not read yet, off, on.
const UNKNOWN: u8 = 0;
const OFF: u8 = 1;
const ON: u8 = 2;

/// Whether handler tracking is on; `UNKNOWN` until the variable is first read.
static STATE: AtomicU8 = AtomicU8::new(UNKNOWN);
/// The next operation id (Asio's start at 1; 0 is "no handler").
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Returns whether handler tracking is on: one relaxed load once the variable has been read.
#[inline]
pub(crate) fn on() -> bool {
    match STATE.load(Ordering::Relaxed) {
        OFF => false,
        ON => true,
        _ => read_env(),
    }
}

#[cold]
fn read_env() -> bool {
    let on = std::env::var_os(ENV_VAR).is_some_and(|v| !v.is_empty() && v != "0");
    STATE.store(if on { ON } else { OFF }, Ordering::Relaxed);
    on
}

/// Writes one tracking line to stderr.
fn line(action: std::fmt::Arguments<'_>, description: std::fmt::Arguments<'_>) {
    let t = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let text = format!(
        "@asio|{}.{:06}|{action}|{description}\n",
        t.as_secs(),
        t.subsec_micros()
    );
    // One write per line: lines of several threads never interleave.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Returns `e`, the aborted error a wait completes with (cancelled, closed, its object or
/// context gone), after recording it, with the `tracing` feature, as an `aborted` event in the
/// span of the operation being polled: the span then tells an aborted completion from one
/// that ran its course.
#[inline]
pub(crate) fn aborted(e: std::io::Error) -> std::io::Error {
    #[cfg(feature = "tracing")]
    tracing::trace!(target: "jeton", error = %e, "aborted");
    e
}

/// What an operation is: (object, address, initiating function).
pub(crate) type Name = (&'static str, usize, &'static str);

/// Records that the running handler did `what` to an object (`cancel`, `close`): Asio's `n|`
/// line.
#[inline]
pub(crate) fn other(object: &'static str, addr: usize, what: &'static str) {
    if on() {
        let n = current::handler();
        line(
            format_args!("{n}"),
            format_args!("{object}@{addr:#x}.{what}"),
        );
    }
}

/// The tracking of one operation, from its initiation to its handler's return or destruction.
/// Id 0 (and, with the `tracing` feature, a disabled span) when nothing is tracked.
#[derive(Debug)]
pub(crate) struct OpTrack {
    /// The operation's id in the low 63 bits, and in the top bit ([`ENTERED`]) whether its
    /// handler has been entered (then it is not "destroyed uninvoked"). One word, not two: a
    /// closure-token timer wait with a 16-byte handler then fits a 120-byte task block (see
    /// `runtime::current::blocks`).
    bits: u64,
    #[cfg(feature = "tracing")]
    span: tracing::Span,
}

/// [`OpTrack::bits`]: the handler has been entered.
const ENTERED: u64 = 1 << 63;

impl OpTrack {
    /// The operation's id, 0 when it is not tracked.
    #[inline]
    fn id(&self) -> u64 {
        self.bits & !ENTERED
    }

    /// Starts tracking an operation being initiated, named by `name` (called only if tracking
    /// or a `tracing` subscriber wants it).
    #[inline]
    pub(crate) fn launch(name: impl FnOnce() -> Name) -> OpTrack {
        #[cfg(feature = "tracing")]
        {
            OpTrack::launch_traced(name)
        }
        #[cfg(not(feature = "tracing"))]
        {
            if !on() {
                return OpTrack { bits: 0 };
            }
            OpTrack::launch_tracked(name())
        }
    }

    #[cfg(feature = "tracing")]
    fn launch_traced(name: impl FnOnce() -> Name) -> OpTrack {
        let tracking = on();
        let span = tracing::trace_span!(
            "jeton.op",
            object = tracing::field::Empty,
            op = tracing::field::Empty,
            id = tracing::field::Empty
        );
        if !tracking && span.is_disabled() {
            return OpTrack { bits: 0, span };
        }
        let name = name();
        let mut track = if tracking {
            OpTrack::launch_tracked(name)
        } else {
            OpTrack {
                bits: 0,
                span: tracing::Span::none(),
            }
        };
        span.record("object", name.0);
        span.record("op", name.2);
        if track.id() != 0 {
            span.record("id", track.id());
        }
        span.in_scope(|| tracing::trace!(target: "jeton", "initiated"));
        track.span = span;
        track
    }

    #[cold]
    fn launch_tracked(name: Name) -> OpTrack {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let n = current::handler();
        let (object, addr, op) = name;
        line(
            format_args!("{n}*{id}"),
            format_args!("{object}@{addr:#x}.{op}"),
        );
        debug_assert!(id < ENTERED, "63 bits of operation ids");
        OpTrack {
            bits: id,
            #[cfg(feature = "tracing")]
            span: tracing::Span::none(),
        }
    }

    /// Runs `f`, the operation's poll, inside its span (with the `tracing` feature).
    #[inline]
    pub(crate) fn in_span<R>(&self, f: impl FnOnce() -> R) -> R {
        #[cfg(feature = "tracing")]
        {
            let _entered = self.span.enter();
            f()
        }
        #[cfg(not(feature = "tracing"))]
        {
            f()
        }
    }

    /// Marks the handler entered until the guard is dropped (`>m` now; `<m`, or `!m` and `<m`
    /// if it panics, then): operations it initiates are its children.
    #[inline]
    pub(crate) fn enter(&mut self) -> Entered<'_> {
        self.bits |= ENTERED;
        #[cfg(feature = "tracing")]
        if !self.span.is_disabled() {
            self.span
                .in_scope(|| tracing::trace!(target: "jeton", "completed"));
        }
        let id = self.id();
        let outer = if id != 0 {
            line(format_args!(">{id}"), format_args!(""));
            current::set_handler(id)
        } else {
            0
        };
        Entered { track: self, outer }
    }
}

impl Drop for OpTrack {
    fn drop(&mut self) {
        if self.bits & ENTERED != 0 {
            return;
        }
        #[cfg(feature = "tracing")]
        if !self.span.is_disabled() {
            self.span
                .in_scope(|| tracing::trace!(target: "jeton", "dropped uninvoked"));
        }
        if self.id() != 0 {
            line(format_args!("~{}", self.id()), format_args!(""));
        }
    }
}

/// A handler being run; see [`OpTrack::enter`].
#[derive(Debug)]
pub(crate) struct Entered<'a> {
    track: &'a OpTrack,
    /// The handler this thread ran before.
    outer: u64,
}

impl Drop for Entered<'_> {
    fn drop(&mut self) {
        let id = self.track.id();
        if id == 0 {
            return;
        }
        if std::thread::panicking() {
            line(format_args!("!{id}"), format_args!(""));
        }
        line(format_args!("<{id}"), format_args!(""));
        current::set_handler(self.outer);
    }
}

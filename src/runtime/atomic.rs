//! The atomics of the timer cell: std's. The loom model (`tests/loom_timer_cell.rs`) includes
//! `timer_cell.rs` with a module of this name over loom's, so it checks this crate's own
//! protocol.

pub(super) use std::hint::spin_loop;
pub(super) use std::sync::atomic::{fence, AtomicU64, Ordering};

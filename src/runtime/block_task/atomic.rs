//! The atomics of the state word: std's. The loom model (`tests/loom_block_task.rs`) includes
//! `state.rs` and `waker.rs` with a module of this name over loom's, so it checks this crate's
//! own transitions.

pub(super) use std::sync::atomic::{AtomicUsize, Ordering};

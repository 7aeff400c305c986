//! `Queue`: the shared handler queue, the threads' mailboxes and the idle/polling state of the
//! run threads.

use std::collections::VecDeque;

use super::job::Job;
use super::mailbox::Mailboxes;

/// The shared queue and the idle/polling state of the run threads. Locked by `Engine::queue`.
#[derive(Debug, Default)]
pub(crate) struct Queue {
    pub(super) jobs: VecDeque<Job>,
    /// A thread is blocked in the reactor (and must be woken through it).
    pub(super) polling: bool,
    /// The number of the thread blocked in the reactor, while `polling`.
    pub(super) poller: u64,
    /// The blocked reactor has already been woken since it started polling.
    pub(super) reactor_woken: bool,
    /// Threads waiting on `Engine::cond`.
    pub(super) idle: usize,
    /// Idle threads already signalled but not yet awake: a wake-up is only sent to an idle
    /// thread nobody has signalled yet, so none is lost.
    pub(super) notified: usize,
    /// Jobs posted to given threads (`runtime::mailbox`).
    pub(super) mail: Mailboxes,
}

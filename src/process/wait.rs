//! `ChildWait`: the operation behind `Child::async_wait`.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::process::ExitStatus;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use super::exit_watch::{ExitWatch, Watch};
use crate::executor::Executor;
use crate::op::readiness::{Direction, IoOpState};
use crate::op::Operation;
use crate::signal::SignalWait;
use crate::tokens::UseFuture;

/// A pending wait for a child's exit: the operation behind
/// [`Child::async_wait`](super::Child::async_wait). Completes with its exit status.
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct ChildWait {
    watch: Arc<ExitWatch>,
    how: How,
}

#[derive(Debug)]
enum How {
    /// The readiness loop on the pidfd, with `try_wait` as its call.
    Pidfd(IoOpState),
    /// `try_wait`, then a wait for the next `SIGCHLD`, again.
    Sigchld(Option<SignalWait>),
}

impl ChildWait {
    pub(super) fn new(watch: Arc<ExitWatch>) -> ChildWait {
        let how = match &watch.watch {
            Watch::Pidfd(src) => How::Pidfd(src.start()),
            Watch::Sigchld(set) => How::Sigchld(Some(set.async_wait(UseFuture))),
        };
        ChildWait { watch, how }
    }
}

impl Future for ChildWait {
    type Output = io::Result<ExitStatus>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<ExitStatus>> {
        let this = &mut *self;
        match (&this.watch.watch, &mut this.how) {
            // The pidfd wait is a leaf: it honours every cancellation type (no side effect).
            (Watch::Pidfd(src), How::Pidfd(st)) => {
                src.poll_io(cx, Direction::Read, st, |_| this.watch.try_reap())
            }
            (Watch::Sigchld(set), How::Sigchld(wait)) => loop {
                // Started before the first look, so a SIGCHLD in between is not missed.
                let signal = wait.get_or_insert_with(|| set.async_wait(UseFuture));
                match this.watch.try_reap() {
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    done => return Poll::Ready(done),
                }
                // A signal wait honours every type too, and so does this loop.
                ready!(Pin::new(signal).poll(cx))?;
                *wait = None;
            },
            _ => unreachable!("a wait is made for its watch"),
        }
    }
}

impl Operation for ChildWait {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.watch.ex.clone()
    }
}

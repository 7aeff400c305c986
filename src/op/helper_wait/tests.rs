//! Unit tests of the helper leaf, driven through the tokens.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

use std::future::Future;
use std::io;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use super::*;
use crate::executor::{Executor, IoContext};
use crate::op::cancel_scope::CancelScope;
use crate::op::Operation;
use crate::tokens::{Blocking, CompletionToken};

/// `HelperWait` as an operation, so tokens can drive it.
struct Op(HelperWait<u32>);

impl Future for Op {
    type Output = io::Result<u32>;
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<u32>> {
        Pin::new(&mut self.0).poll(cx)
    }
}

impl Operation for Op {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.0.executor().clone()
    }
}

fn launch<T: CompletionToken<Op>>(
    ex: &Executor,
    scope: &Arc<CancelScope>,
    f: impl FnOnce() -> u32 + Send + 'static,
    token: T,
) -> T::Output {
    token.launch(Op(HelperWait::new(ex, scope, f)))
}

#[test]
fn runs_on_a_helper_thread_and_holds_work() {
    let io = IoContext::new().unwrap();
    let scope = Arc::new(CancelScope::default());
    let caller = std::thread::current().id();
    let (tx, rx) = mpsc::channel();
    launch(
        &io.executor(),
        &scope,
        move || {
            assert_ne!(std::thread::current().id(), caller);
            std::thread::sleep(Duration::from_millis(20));
            7
        },
        move |r: io::Result<u32>| tx.send(r.unwrap()).unwrap(),
    );
    // run() must not return before the helper is done: the wait holds work.
    assert!(io.run() >= 1);
    assert_eq!(rx.try_recv().unwrap(), 7);
}

#[test]
fn blocking_mode_calls_the_function_on_the_calling_thread() {
    let io = IoContext::new().unwrap();
    let scope = Arc::new(CancelScope::default());
    let caller = std::thread::current().id();
    let r = launch(
        &io.executor(),
        &scope,
        move || {
            assert_eq!(std::thread::current().id(), caller);
            3
        },
        Blocking,
    );
    assert_eq!(r.unwrap(), 3);
}

#[test]
fn cancel_aborts_a_pending_wait_once() {
    let io = IoContext::new().unwrap();
    let scope = Arc::new(CancelScope::default());
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let (started_tx, started_rx) = mpsc::channel();
    let calls = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel();
    let c = calls.clone();
    launch(
        &io.executor(),
        &scope,
        move || {
            started_tx.send(()).unwrap();
            let _ = release_rx.recv_timeout(Duration::from_secs(10));
            1
        },
        move |r: io::Result<u32>| {
            c.fetch_add(1, Ordering::SeqCst);
            tx.send(r).unwrap();
        },
    );
    let runner = {
        let scope = scope.clone();
        std::thread::spawn(move || {
            started_rx.recv().unwrap();
            scope.cancel();
        })
    };
    io.run();
    runner.join().unwrap();
    let r = rx.try_recv().unwrap();
    assert!(crate::error::is_aborted(&r.unwrap_err()));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    release_tx.send(()).unwrap();
}

#[test]
fn cancel_before_the_first_poll_aborts() {
    let io = IoContext::new().unwrap();
    let scope = Arc::new(CancelScope::default());
    let ran = Arc::new(AtomicUsize::new(0));
    let r2 = ran.clone();
    let wait = launch(
        &io.executor(),
        &scope,
        move || {
            r2.fetch_add(1, Ordering::SeqCst);
            1
        },
        crate::tokens::UseFuture,
    );
    scope.cancel();
    let r = io.block_on(wait);
    assert!(crate::error::is_aborted(&r.unwrap_err()));
    assert_eq!(ran.load(Ordering::SeqCst), 0);
    // A wait started after the cancel is unaffected.
    assert_eq!(launch(&io.executor(), &scope, || 5, Blocking).unwrap(), 5);
}

#[test]
fn a_helper_panic_reaches_the_poller() {
    let io = IoContext::new().unwrap();
    let scope = Arc::new(CancelScope::default());
    let wait = launch(
        &io.executor(),
        &scope,
        || panic!("boom"),
        crate::tokens::UseFuture,
    );
    let r = panic::catch_unwind(AssertUnwindSafe(|| io.block_on(wait)));
    assert!(r.is_err());
}

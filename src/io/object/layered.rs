//! An I/O object as the core of another: a layered object (a TLS stream over a socket) keeps
//! its next layer, an `IoObject`, as part of its own core and forwards `cancel`, `close` and
//! `is_open` to it.

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::Ownership;
use crate::executor::Executor;

/// Forwards to the object's core: cancelling or closing a layered object cancels or closes
/// the object underneath.
impl<C: Core, O: Ownership> Core for IoObject<C, O> {
    fn executor(&self) -> &Executor {
        self.core().executor()
    }

    fn cancel(&self) {
        self.core().cancel();
    }

    fn close(&self) {
        self.core().close();
    }

    fn is_open(&self) -> bool {
        self.core().is_open()
    }
}

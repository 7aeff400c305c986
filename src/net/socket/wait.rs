//! The readiness wait of every socket (Asio's `basic_socket::async_wait`), through the one
//! readiness wait of `IoSource`.

use std::io;
use std::task::{Context, Poll};

use super::core::SocketCore;
use super::role::Role;
use crate::executor::Executor;
use crate::io::{AsyncWait, Core, OpState, WaitType};
use crate::net::protocol::Protocol;

/// Waits with `poll(2)` on the socket's descriptor.
impl<P: Protocol, R: Role> AsyncWait for SocketCore<P, R> {
    fn executor(&self) -> Executor {
        Core::executor(self).clone()
    }

    fn start_wait(&self) -> OpState {
        OpState(self.source().start())
    }

    fn poll_wait(
        &self,
        cx: &mut Context<'_>,
        kind: WaitType,
        st: &mut OpState,
    ) -> Poll<io::Result<()>> {
        self.source().poll_wait(cx, kind.interest(), &mut st.0)
    }
}

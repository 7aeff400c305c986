//! `Resolve`: the resolution operation, a `getaddrinfo` call on the helper pool (or on the
//! calling thread, in blocking mode).

use std::ffi::CString;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use socket2::Type;

use super::flags::ResolveFlags;
use super::results::ResolverResults;
use crate::executor::Executor;
use crate::op::cancel_scope::CancelScope;
use crate::op::helper_wait::HelperWait;
use crate::op::Operation;

/// The operation behind [`Resolver::async_resolve`](super::resolver::Resolver::async_resolve).
#[must_use = "futures do nothing unless you `.await` or poll them"]
#[derive(Debug)]
pub struct Resolve {
    wait: HelperWait<io::Result<ResolverResults>>,
    /// The resolver's address (its cancel scope's), for traces.
    resolver: usize,
}

impl Resolve {
    /// Starts `query` on the helper pool, cancelled by `scope`; completes on `ex`.
    pub(super) fn new(ex: &Executor, scope: &Arc<CancelScope>, query: Query) -> Resolve {
        Resolve {
            wait: HelperWait::new(ex, scope, move || query.run()),
            resolver: Arc::as_ptr(scope) as usize,
        }
    }
}

impl Future for Resolve {
    type Output = io::Result<ResolverResults>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        Pin::new(&mut self.wait).poll(cx).map(|r| r.and_then(|r| r))
    }
}

impl Operation for Resolve {
    type Executor = Executor;
    fn executor(&self) -> Executor {
        self.wait.executor().clone()
    }
    fn trace_name(&self) -> crate::op::OpName {
        crate::op::OpName::new("Resolver", "async_resolve").at(self.resolver)
    }
}

/// One resolution's arguments, moved to the helper thread.
pub(super) struct Query {
    host: String,
    service: String,
    flags: ResolveFlags,
    socktype: Type,
}

impl Query {
    pub(super) fn new(host: &str, service: &str, flags: ResolveFlags, socktype: Type) -> Query {
        Query {
            host: host.to_owned(),
            service: service.to_owned(),
            flags,
            socktype,
        }
    }

    /// Runs the lookup (blocking) and builds the results.
    fn run(self) -> io::Result<ResolverResults> {
        let host = c_string(&self.host)?;
        let service = c_string(&self.service)?;
        let (endpoints, canonical) = crate::sys::getaddrinfo(
            host.as_deref(),
            service.as_deref(),
            self.flags.bits(),
            self.socktype,
        )?;
        let host_name: Arc<str> = canonical.unwrap_or(self.host).into();
        Ok(ResolverResults::new(
            endpoints,
            host_name,
            self.service.into(),
        ))
    }
}

/// An empty name is "none" (a null pointer for `getaddrinfo`).
fn c_string(s: &str) -> io::Result<Option<CString>> {
    if s.is_empty() {
        return Ok(None);
    }
    CString::new(s)
        .map(Some)
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "name contains a NUL byte"))
}

//! `Operation`: an asynchronous operation, a future that knows its executor, and the name it
//! is traced under.

use std::future::Future;

use crate::executor::{Execute, Executor};

/// An asynchronous operation: a future that knows its executor.
///
/// `executor()` is the executor a completion handler runs on by default: the I/O object's
/// (Asio's I/O executor), or the one bound with [`bind_executor`](crate::bind_executor).
/// Cancellation is by drop (Asio's terminal cancellation): dropping an operation's future
/// withdraws it from the reactor and timer queue; I/O objects' `cancel()` completes pending
/// operations with [`error::aborted`](crate::error::aborted).
pub trait Operation: Future + Send {
    /// The executor type completions run on.
    type Executor: Execute;

    /// Returns the executor completions run on by default.
    fn executor(&self) -> Self::Executor;

    /// Whether [`executor`](Operation::executor) was chosen by
    /// [`bind_executor`](crate::bind_executor). A binding around an operation already bound
    /// keeps the earlier choice, which is the outer binding's: in
    /// `bind_executor(outer, bind_executor(inner, h))` the outer one decides, as in Asio.
    /// Adapters forward it.
    const BINDS_EXECUTOR: bool = false;

    /// Returns the executor of the context the operation waits on (Asio's I/O executor). A
    /// token that runs the completion elsewhere keeps work counted on this context too, so its
    /// `run()` does not return while the operation is pending. Adapters forward it.
    fn io_executor(&self) -> Executor {
        self.executor().inner_executor().clone()
    }

    /// Returns what the operation is, for handler tracking and `tracing` spans: the object it
    /// runs on and the initiating function's name (`TcpSocket`, `async_read_some`). The default
    /// is the operation's type name; jeton's operations name themselves, and adapters forward
    /// the name of the operation they wrap. It is called only when tracking or tracing is on.
    fn trace_name(&self) -> OpName {
        OpName::new("operation", std::any::type_name::<Self>())
    }
}

/// What an operation is, for handler tracking and `tracing` spans
/// ([`Operation::trace_name`]): the kind of object it runs on, the object's address (0 if
/// none), and the initiating function. Asio's handler tracking writes it as
/// `object@0xaddr.op`, e.g. `TcpSocket@0x5581a2c0.async_read_some`.
///
/// # Examples
///
/// ```
/// use jeton::op::OpName;
/// let name = OpName::new("SteadyTimer", "async_wait").at(0x1000);
/// assert_eq!(name.to_string(), "SteadyTimer@0x1000.async_wait");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OpName {
    /// The kind of object (`TcpSocket`, `SteadyTimer`, `StreamFile`, ...).
    pub object: &'static str,
    /// The object's address, to tell objects apart; 0 if unknown.
    pub addr: usize,
    /// The initiating function (`async_read_some`, `async_wait`, ...).
    pub op: &'static str,
}

impl OpName {
    /// Returns the name of operation `op` on an object of kind `object`, at no address.
    pub const fn new(object: &'static str, op: &'static str) -> OpName {
        OpName {
            object,
            addr: 0,
            op,
        }
    }

    /// Returns the name of operation `op` on `object`, given as (kind, address).
    pub const fn of(object: (&'static str, usize), op: &'static str) -> OpName {
        OpName {
            object: object.0,
            addr: object.1,
            op,
        }
    }

    /// Returns the name with the object's address set to `addr`.
    pub const fn at(self, addr: usize) -> OpName {
        OpName { addr, ..self }
    }
}

impl std::fmt::Display for OpName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{:#x}.{}", self.object, self.addr, self.op)
    }
}

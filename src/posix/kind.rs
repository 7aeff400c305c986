//! The kinds of descriptor a [`DescriptorCore`](super::descriptor_core::DescriptorCore) can
//! be: which of the stream surfaces its object gets.

use std::fmt::Debug;

/// What a descriptor is used as: [`Duplex`] (a stream descriptor), [`ReadEnd`] or
/// [`WriteEnd`] (a pipe's), [`Serial`] (a serial port). Sealed.
pub trait DescriptorKind: private::Sealed + Debug + Send + Sync + 'static {
    /// Whether `poll_close` of `futures::io` (the stream's write shutdown) closes the
    /// descriptor: a pipe's write end has no other way to send end of stream.
    #[doc(hidden)]
    const CLOSE_ON_SHUTDOWN: bool = false;
}

/// A kind whose object reads: it gets `read_some`, `async_read_some`, the read traits. Sealed.
pub trait Readable: DescriptorKind {}

/// A kind whose object writes: it gets `write_some`, `async_write_some`, the write traits.
/// Sealed.
pub trait Writable: DescriptorKind {}

/// A descriptor that reads and writes (Asio's `posix::stream_descriptor`): a tty, a socket
/// made elsewhere, an eventfd, stdin or stdout.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Duplex;

/// The read end of a pipe (Asio's `readable_pipe`): no write surface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct ReadEnd;

/// The write end of a pipe (Asio's `writable_pipe`): no read surface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct WriteEnd;

/// A serial port (Asio's `serial_port`): reads, writes, and terminal settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Serial;

impl DescriptorKind for Duplex {}
impl DescriptorKind for ReadEnd {}
impl DescriptorKind for WriteEnd {
    const CLOSE_ON_SHUTDOWN: bool = true;
}
impl DescriptorKind for Serial {}
impl Readable for Duplex {}
impl Readable for ReadEnd {}
impl Readable for Serial {}
impl Writable for Duplex {}
impl Writable for WriteEnd {}
impl Writable for Serial {}

mod private {
    /// Seals [`DescriptorKind`](super::DescriptorKind).
    pub trait Sealed {}
    impl Sealed for super::Duplex {}
    impl Sealed for super::ReadEnd {}
    impl Sealed for super::WriteEnd {}
    impl Sealed for super::Serial {}
}

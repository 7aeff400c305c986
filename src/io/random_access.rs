//! The random-access traits: devices read and written at an offset (Asio's
//! `AsyncRandomAccessReadDevice` and `AsyncRandomAccessWriteDevice`), which
//! [`async_read_at`](crate::io::async_read_at) and [`async_write_at`](crate::io::async_write_at)
//! are written over.

use std::io;
use std::sync::Arc;
use std::task::{Context, Poll};

use super::stream::OpState;
use crate::executor::Executor;

/// A device that can read some bytes at an offset without blocking the thread: the base of
/// [`async_read_some_at`](crate::io::async_read_some_at) and of
/// [`async_read_at`](crate::io::async_read_at).
///
/// Implemented by [`RandomAccessFile`](crate::file::RandomAccessFile) and its handles, and by
/// `&T` and `Arc<T>` for any implementor.
pub trait AsyncReadAt: Send + Sync {
    /// Returns the executor of the device's context.
    fn executor(&self) -> Executor;

    /// Starts a read operation: records the state `cancel()` compares against.
    fn start_read_at(&self) -> OpState;

    /// Reads some bytes at `offset` into `buf`, or registers `cx` to be woken when it can go
    /// on. `Ok(0)` means `offset` is at or past the end (or `buf` is empty).
    fn poll_read_some_at(
        &self,
        cx: &mut Context<'_>,
        offset: u64,
        buf: &mut [u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>>;

    /// Returns the name of the device and its address, for tracing (see
    /// [`OpName`](crate::op::OpName)).
    fn trace_object(&self) -> (&'static str, usize) {
        ("device", 0)
    }
}

/// A device that can write some bytes at an offset without blocking the thread: the base of
/// [`async_write_some_at`](crate::io::async_write_some_at) and of
/// [`async_write_at`](crate::io::async_write_at).
pub trait AsyncWriteAt: Send + Sync {
    /// Returns the executor of the device's context.
    fn executor(&self) -> Executor;

    /// Starts a write operation: records the state `cancel()` compares against.
    fn start_write_at(&self) -> OpState;

    /// Writes some bytes of `buf` at `offset`, or registers `cx` to be woken when it can go on.
    fn poll_write_some_at(
        &self,
        cx: &mut Context<'_>,
        offset: u64,
        buf: &[u8],
        st: &mut OpState,
    ) -> Poll<io::Result<usize>>;

    /// Returns the name of the device and its address, for tracing (see
    /// [`OpName`](crate::op::OpName)).
    fn trace_object(&self) -> (&'static str, usize) {
        ("device", 0)
    }
}

/// Forwards the random-access traits through a pointer type.
macro_rules! forward_random_access {
    ($($ptr:ty),*) => {$(
        impl<T: AsyncReadAt + ?Sized> AsyncReadAt for $ptr {
            fn executor(&self) -> Executor {
                (**self).executor()
            }
            fn start_read_at(&self) -> OpState {
                (**self).start_read_at()
            }
            fn poll_read_some_at(
                &self,
                cx: &mut Context<'_>,
                offset: u64,
                buf: &mut [u8],
                st: &mut OpState,
            ) -> Poll<io::Result<usize>> {
                (**self).poll_read_some_at(cx, offset, buf, st)
            }
            fn trace_object(&self) -> (&'static str, usize) {
                (**self).trace_object()
            }
        }
        impl<T: AsyncWriteAt + ?Sized> AsyncWriteAt for $ptr {
            fn executor(&self) -> Executor {
                (**self).executor()
            }
            fn start_write_at(&self) -> OpState {
                (**self).start_write_at()
            }
            fn poll_write_some_at(
                &self,
                cx: &mut Context<'_>,
                offset: u64,
                buf: &[u8],
                st: &mut OpState,
            ) -> Poll<io::Result<usize>> {
                (**self).poll_write_some_at(cx, offset, buf, st)
            }
            fn trace_object(&self) -> (&'static str, usize) {
                (**self).trace_object()
            }
        }
    )*};
}

forward_random_access!(&T, Arc<T>);

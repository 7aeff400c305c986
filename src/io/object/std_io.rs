//! Blocking `std::io::{Read, Write}` on every I/O object whose core is a stream, and on a
//! reference to one.

use std::io::{self, IoSlice, IoSliceMut, Read, Write};

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::Ownership;
use crate::io::stream::{AsyncReadStream, AsyncWriteStream};

/// Blocking reads: `read` is the object's [`read_some`](IoObject::read_some),
/// `read_vectored` its [`read_some_vectored`](IoObject::read_some_vectored).
impl<C: Core + AsyncReadStream, O: Ownership> Read for &IoObject<C, O> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.read_some(buf)
    }

    fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.read_some_vectored(bufs)
    }
}

/// Blocking reads, as on `&IoObject`.
impl<C: Core + AsyncReadStream, O: Ownership> Read for IoObject<C, O> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.read_some(buf)
    }

    fn read_vectored(&mut self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.read_some_vectored(bufs)
    }
}

/// Blocking writes: `write` is the object's [`write_some`](IoObject::write_some),
/// `write_vectored` its [`write_vectored`](IoObject::write_vectored); `flush` does nothing.
impl<C: Core + AsyncWriteStream, O: Ownership> Write for &IoObject<C, O> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_some(buf)
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        IoObject::write_vectored(*self, bufs)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Blocking writes, as on `&IoObject`.
impl<C: Core + AsyncWriteStream, O: Ownership> Write for IoObject<C, O> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_some(buf)
    }

    fn write_vectored(&mut self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        IoObject::write_vectored(self, bufs)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

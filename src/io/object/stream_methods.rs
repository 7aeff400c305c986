//! The stream surface of every I/O object whose core is a stream: `async_read_some`,
//! `async_read_some_vectored`, `async_write_some`, `async_write_vectored` and their synchronous
//! twins, written once.

use std::io::{self, IoSlice, IoSliceMut};

use super::core::Core;
use super::io_object::IoObject;
use super::ownership::{Handle, Ownership};
use crate::io::buf::{IoBuf, IoBufMut};
use crate::io::buf_seq::IoBufs;
use crate::io::buf_seq_mut::{IoBufsMut, IoSlicesMut};
use crate::io::read_some::ReadSome;
use crate::io::read_some_vectored::ReadSomeVectored;
use crate::io::stream::{AsyncReadStream, AsyncWriteStream};
use crate::io::write_some::WriteSome;
use crate::io::write_some_vectored::{IoSlices, WriteSomeVectored};
use crate::tokens::{Blocking, CompletionToken};

impl<C: Core + AsyncReadStream, O: Ownership> IoObject<C, O> {
    /// Reads some bytes into `buf`.
    ///
    /// Equivalent to: `async fn async_read_some(&self, buf: &mut [u8]) -> io::Result<usize>`
    /// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
    ///
    /// Completes with the number of bytes read: at least 1, or 0 when the peer has shut down
    /// its sending side (end of stream) or when `buf` is empty (then at once, without waiting
    /// for data, [G11](crate::guarantees#g11)). Composed reads turn 0 into
    /// [`error::eof`](crate::error::eof).
    ///
    /// - closure (owned buffers, `Vec<u8>` or `Box<[u8]>`): called with `(result, buf)` on a
    ///   thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`ReadSome`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function, even when data is already
    /// there ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// The system's error (e.g. `ConnectionReset`), or
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the object is closed.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](IoObject::cancel), [`close`](IoObject::close) or dropping the object
    /// completes it with [`error::aborted`](crate::error::aborted); dropping the future
    /// withdraws it and no bytes are lost.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let client = TcpSocket::new(&io.executor());
    /// client.connect(acceptor.local_addr()?)?;
    /// let (server, _) = acceptor.accept()?;
    /// server.write_some(b"hello")?;
    ///
    /// client.async_read_some(vec![0u8; 16], |(r, buf): (std::io::Result<usize>, Vec<u8>)| {
    ///     let n = r.unwrap();
    ///     assert_eq!(&buf[..n], b"hello");
    /// });
    /// io.run();
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_read_some<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBufMut + Unpin,
        T: CompletionToken<ReadSome<IoObject<C, Handle>, B>>,
    {
        token.launch(ReadSome::new(self.handle(), buf))
    }

    /// Reads some bytes into `buf` on the calling thread (`async_read_some(buf, Blocking)`).
    ///
    /// In non-blocking mode (a socket's `set_non_blocking(true)`) it returns `WouldBlock`
    /// instead of waiting.
    ///
    /// # Errors
    ///
    /// As [`async_read_some`](IoObject::async_read_some).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = unix::connect_pair(&io.executor())?;
    /// a.write_some(b"ping")?;
    /// let mut buf = [0u8; 8];
    /// let n = b.read_some(&mut buf)?; // no thread runs the context
    /// assert_eq!(&buf[..n], b"ping");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn read_some(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.async_read_some(buf, Blocking)
    }

    /// Reads some bytes into several buffers with one scatter read (`readv(2)`), filling each
    /// before the next.
    ///
    /// Equivalent to: `async fn async_read_some_vectored(&self, bufs: &mut [&mut [u8]]) ->
    /// io::Result<usize>` (with owned buffers: `Vec<Vec<u8>>` in, `(io::Result<usize>,
    /// Vec<Vec<u8>>)` out). This is [`io::async_read_some_vectored`] on this object; to fill
    /// every buffer, use [`io::async_read_vectored`].
    ///
    /// [`io::async_read_some_vectored`]: crate::io::async_read_some_vectored
    /// [`io::async_read_vectored`]: crate::io::async_read_vectored
    ///
    /// Completes with the number of bytes read, at least 1, or 0 at end of stream or when the
    /// buffers are all empty (then at once).
    ///
    /// - closure (owned buffers): called with `(result, bufs)` on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`ReadSomeVectored`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// As [`async_read_some`](IoObject::async_read_some).
    ///
    /// # Cancellation
    ///
    /// As [`async_read_some`](IoObject::async_read_some).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::{IoContext, UseFuture};
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = unix::connect_pair(&io.executor())?;
    /// a.write_some(b"abc")?;
    /// let (mut x, mut y) = ([0u8; 1], [0u8; 4]);
    /// let n = io.block_on(b.async_read_some_vectored(&mut [&mut x[..], &mut y[..]][..], UseFuture))?;
    /// assert_eq!((n, &x, &y[..2]), (3, b"a", &b"bc"[..]));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_read_some_vectored<B, T>(&self, bufs: B, token: T) -> T::Output
    where
        B: IoBufsMut + Unpin,
        T: CompletionToken<ReadSomeVectored<IoObject<C, Handle>, B>>,
    {
        token.launch(ReadSomeVectored::new(self.handle(), bufs))
    }

    /// Reads some bytes into several buffers on the calling thread
    /// (`async_read_some_vectored(bufs, Blocking)`); `std::io::Read::read_vectored` of the
    /// object.
    ///
    /// In non-blocking mode (a socket's `set_non_blocking(true)`) it returns `WouldBlock`
    /// instead of waiting.
    ///
    /// # Errors
    ///
    /// As [`async_read_some`](IoObject::async_read_some).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    /// use std::io::IoSliceMut;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = unix::connect_pair(&io.executor())?;
    /// a.write_some(b"fgh")?;
    /// let (mut x, mut y) = ([0u8; 2], [0u8; 2]);
    /// let n = b.read_some_vectored(&mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)])?;
    /// assert_eq!((n, &x, y[0]), (3, b"fg", b'h'));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn read_some_vectored(&self, bufs: &mut [IoSliceMut<'_>]) -> io::Result<usize> {
        self.async_read_some_vectored(IoSlicesMut(bufs), Blocking)
    }
}

impl<C: Core + AsyncWriteStream, O: Ownership> IoObject<C, O> {
    /// Writes some bytes of `buf`.
    ///
    /// Equivalent to: `async fn async_write_some(&self, buf: &[u8]) -> io::Result<usize>`
    /// (with an owned buffer: `-> (io::Result<usize>, Vec<u8>)`).
    ///
    /// Completes with the number of bytes written, which may be fewer than `buf.len()`; an
    /// empty `buf` completes at once with 0 ([G11](crate::guarantees#g11)).
    ///
    /// - closure (owned buffers, `Vec<u8>`, `Box<[u8]>` or `&'static str`): called with the
    ///   result on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`WriteSome`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// The system's error (e.g. `BrokenPipe` after the peer closed), or
    /// [`error::bad_descriptor`](crate::error::bad_descriptor) if the object is closed.
    ///
    /// # Cancellation
    ///
    /// [`cancel`](IoObject::cancel), [`close`](IoObject::close) or dropping the object
    /// completes it with [`error::aborted`](crate::error::aborted); dropping the future
    /// withdraws it.
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::{TcpAcceptor, TcpSocket};
    /// use jeton::{IoContext, UseFuture};
    ///
    /// let io = IoContext::new()?;
    /// let acceptor = TcpAcceptor::bind(&io.executor(), "127.0.0.1:0")?;
    /// let client = TcpSocket::new(&io.executor());
    /// client.connect(acceptor.local_addr()?)?;
    /// let (server, _) = acceptor.accept()?;
    ///
    /// let n = io.block_on(client.async_write_some(&b"hello"[..], UseFuture))?;
    /// let mut buf = [0u8; 5];
    /// assert_eq!(server.read_some(&mut buf[..n])?, n);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_write_some<B, T>(&self, buf: B, token: T) -> T::Output
    where
        B: IoBuf + Unpin,
        T: CompletionToken<WriteSome<IoObject<C, Handle>, B>>,
    {
        token.launch(WriteSome::new(self.handle(), buf))
    }

    /// Writes some bytes of `buf` on the calling thread (`async_write_some(buf, Blocking)`).
    ///
    /// In non-blocking mode (a socket's `set_non_blocking(true)`) it returns `WouldBlock`
    /// instead of waiting.
    ///
    /// # Errors
    ///
    /// As [`async_write_some`](IoObject::async_write_some).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = unix::connect_pair(&io.executor())?;
    /// assert_eq!(a.write_some(b"ping")?, 4);
    /// assert_eq!(a.write_some(b"")?, 0); // at once
    /// # drop(b);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn write_some(&self, buf: &[u8]) -> io::Result<usize> {
        self.async_write_some(buf, Blocking)
    }

    /// Writes some bytes from several buffers with one gather write (`writev(2)`).
    ///
    /// Equivalent to: `async fn async_write_vectored(&self, bufs: &[&[u8]]) ->
    /// io::Result<usize>` (with owned buffers: `Vec<Vec<u8>>` in, `(io::Result<usize>,
    /// Vec<Vec<u8>>)` out). This is [`io::async_write_some_vectored`] on this object.
    ///
    /// [`io::async_write_some_vectored`]: crate::io::async_write_some_vectored
    ///
    /// Completes with the number of bytes written, taken from the buffers in order, which may
    /// be fewer than their total; buffers that are all empty complete at once with 0.
    ///
    /// - closure (owned buffers): called with `(result, bufs)` on a thread running the context;
    /// - [`UseFuture`](crate::UseFuture): returns a [`WriteSomeVectored`] future;
    /// - [`Blocking`]: waits on the calling thread and returns the result.
    ///
    /// The handler is never called from inside this function ([G2](crate::guarantees#g2)).
    ///
    /// # Errors
    ///
    /// As [`async_write_some`](IoObject::async_write_some).
    ///
    /// # Cancellation
    ///
    /// As [`async_write_some`](IoObject::async_write_some).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::{Blocking, IoContext};
    ///
    /// let io = IoContext::new()?;
    /// let (a, b) = unix::connect_pair(&io.executor())?;
    /// let n = a.async_write_vectored(&[&b"ab"[..], &b"cd"[..]][..], Blocking)?;
    /// assert_eq!(n, 4);
    /// let mut buf = [0u8; 4];
    /// let mut got = 0;
    /// while got < 4 {
    ///     got += b.read_some(&mut buf[got..])?;
    /// }
    /// assert_eq!(&buf, b"abcd");
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_write_vectored<B, T>(&self, bufs: B, token: T) -> T::Output
    where
        B: IoBufs + Unpin,
        T: CompletionToken<WriteSomeVectored<IoObject<C, Handle>, B>>,
    {
        token.launch(WriteSomeVectored::new(self.handle(), bufs))
    }

    /// Writes some bytes from several buffers on the calling thread
    /// (`async_write_vectored(bufs, Blocking)`).
    ///
    /// In non-blocking mode (a socket's `set_non_blocking(true)`) it returns `WouldBlock`
    /// instead of waiting.
    ///
    /// # Errors
    ///
    /// As [`async_write_some`](IoObject::async_write_some).
    ///
    /// # Examples
    ///
    /// ```
    /// use jeton::net::unix;
    /// use jeton::IoContext;
    /// use std::io::IoSlice;
    ///
    /// let io = IoContext::new()?;
    /// let (a, _b) = unix::connect_pair(&io.executor())?;
    /// assert_eq!(a.write_vectored(&[IoSlice::new(b"f"), IoSlice::new(b"g")])?, 2);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn write_vectored(&self, bufs: &[IoSlice<'_>]) -> io::Result<usize> {
        self.async_write_vectored(IoSlices(bufs), Blocking)
    }
}

//! An in-memory stream that moves its bytes in the chunks it is given: each `read_some`
//! returns the next chunk's length of data (at most what the buffer holds), each
//! `write_some` accepts the next chunk's length, and a chunk of 0 makes the call answer
//! `Pending` (waking at once) instead; the call after a `Pending` moves everything it can if
//! its chunk is 0 too, so every list of chunks makes progress. Reads end with the end of the
//! stream.
//!
//! Shared by the property tests (`tests/io_properties.rs`) and the fuzz targets
//! (`fuzz/fuzz_targets/*.rs`), which include it by path:
//! `#[path = "support/chunk_stream.rs"] mod chunk_stream;`.

#![allow(dead_code)]

use std::io;
use std::sync::Mutex;
use std::task::{Context, Poll};

use jeton::io::{AsyncReadStream, AsyncWriteStream, OpState};
use jeton::Executor;

#[derive(Debug)]
struct State {
    data: Vec<u8>,
    pos: usize,
    read_chunks: Vec<usize>,
    next_read: usize,
    write_chunks: Vec<usize>,
    next_write: usize,
    written: Vec<u8>,
    /// Whether the last read (write) answered `Pending`.
    read_pended: bool,
    write_pended: bool,
    /// The largest buffer one read or write was given.
    max_ask: usize,
}

/// The stream; see the [module docs](self).
#[derive(Debug)]
pub struct ChunkStream {
    ex: Executor,
    state: Mutex<State>,
}

impl ChunkStream {
    /// A stream on `ex` whose reads return `data` in `read_chunks` (cycled; empty: all at
    /// once) and whose writes accept `write_chunks` (cycled; empty: all at once).
    pub fn new(ex: &Executor, data: &[u8], read_chunks: &[usize], write_chunks: &[usize]) -> Self {
        ChunkStream {
            ex: ex.clone(),
            state: Mutex::new(State {
                data: data.to_vec(),
                pos: 0,
                read_chunks: read_chunks.to_vec(),
                next_read: 0,
                write_chunks: write_chunks.to_vec(),
                next_write: 0,
                written: Vec::new(),
                read_pended: false,
                write_pended: false,
                max_ask: 0,
            }),
        }
    }

    /// Returns the bytes written so far.
    pub fn written(&self) -> Vec<u8> {
        self.state.lock().unwrap().written.clone()
    }

    /// Returns the largest buffer one read or write was given.
    pub fn max_ask(&self) -> usize {
        self.state.lock().unwrap().max_ask
    }

    /// Returns how many bytes reads have taken.
    pub fn read_pos(&self) -> usize {
        self.state.lock().unwrap().pos
    }
}

/// Returns the next chunk of `chunks` (cycled): `Some(0)` to answer `Pending`, `None` for
/// "all of it".
fn next_chunk(chunks: &[usize], next: &mut usize, pended: &mut bool) -> Option<usize> {
    if chunks.is_empty() {
        return None;
    }
    let c = chunks[*next % chunks.len()];
    *next += 1;
    match (c, std::mem::replace(pended, c == 0)) {
        (0, true) => {
            *pended = false;
            None
        }
        _ => Some(c),
    }
}

impl AsyncReadStream for ChunkStream {
    fn executor(&self) -> Executor {
        self.ex.clone()
    }

    fn start_read(&self) -> OpState {
        OpState::unregistered()
    }

    fn poll_read_some(
        &self,
        cx: &mut Context<'_>,
        buf: &mut [u8],
        _st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        let mut st = self.state.lock().unwrap();
        st.max_ask = st.max_ask.max(buf.len());
        let State {
            read_chunks,
            next_read,
            read_pended,
            ..
        } = &mut *st;
        let chunk = next_chunk(read_chunks, next_read, read_pended);
        if chunk == Some(0) && !buf.is_empty() {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let n = chunk
            .unwrap_or(usize::MAX)
            .min(buf.len())
            .min(st.data.len() - st.pos);
        buf[..n].copy_from_slice(&st.data[st.pos..st.pos + n]);
        st.pos += n;
        Poll::Ready(Ok(n))
    }
}

impl AsyncWriteStream for ChunkStream {
    fn executor(&self) -> Executor {
        self.ex.clone()
    }

    fn start_write(&self) -> OpState {
        OpState::unregistered()
    }

    fn poll_write_some(
        &self,
        cx: &mut Context<'_>,
        buf: &[u8],
        _st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        let mut st = self.state.lock().unwrap();
        st.max_ask = st.max_ask.max(buf.len());
        let State {
            write_chunks,
            next_write,
            write_pended,
            ..
        } = &mut *st;
        let chunk = next_chunk(write_chunks, next_write, write_pended);
        if chunk == Some(0) && !buf.is_empty() {
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        let n = chunk.unwrap_or(usize::MAX).min(buf.len());
        st.written.extend_from_slice(&buf[..n]);
        Poll::Ready(Ok(n))
    }
}

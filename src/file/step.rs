//! One read or write step of a file, run on a helper thread (or on the calling thread in
//! blocking mode) through a buffer the step owns, and delivered to the caller's buffer.

use std::future::Future;
use std::io::{self, Seek, Write};
use std::os::unix::fs::FileExt;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use super::core::{lock, FileCore, Shared};
use super::kind::FileKind;
use crate::error;
use crate::io::stream::HelperDone;
use crate::io::{Core, OpState};
use crate::op::cancellation::CancellationType;
use crate::op::helper_wait::HelperWait;
use crate::runtime::tracking;

/// The most bytes one step moves: a read or write of a larger buffer moves this many and
/// completes (a `read_some` may read less than asked; composed operations go on).
pub(super) const MAX_STEP: usize = 1 << 20;

/// The caller's side of a step.
pub(super) enum Step<'a> {
    /// Read into this buffer.
    Read(&'a mut [u8]),
    /// Write these bytes.
    Write(&'a [u8]),
}

impl Step<'_> {
    fn len(&self) -> usize {
        match self {
            Step::Read(b) => b.len(),
            Step::Write(b) => b.len(),
        }
    }
}

impl<K: FileKind> FileCore<K> {
    /// Starts an operation: records the cancel epoch, so a `cancel()` after the initiating
    /// call aborts it even before its first poll.
    pub(super) fn start_op(&self) -> OpState {
        OpState::helper(self.scope().start())
    }

    /// Polls one step at offset `at`, or at the stream position if `None` (which the step
    /// moves when it completes). Nothing to move completes at once with 0
    /// ([G11](crate::guarantees#g11)).
    pub(super) fn poll_step(
        &self,
        cx: &mut Context<'_>,
        step: Step<'_>,
        at: Option<u64>,
        st: &mut OpState,
    ) -> Poll<io::Result<usize>> {
        if st.1.job.is_none() {
            if step.len() == 0 {
                return Poll::Ready(Ok(0));
            }
            if !self.is_open() {
                let cancelled = self.scope().start() != st.1.epoch;
                return Poll::Ready(Err(if cancelled {
                    tracking::aborted(crate::error::aborted())
                } else {
                    error::bad_descriptor()
                }));
            }
            st.1.job = Some(self.submit(&step, at, st.1.epoch));
        }
        let job = st.1.job.as_mut().expect("a step in flight");
        let done = ready!(Pin::new(job).poll(cx));
        st.1.job = None;
        let done = done?;
        let shared = self.shared();
        let r = done.result.map(|n| match step {
            Step::Read(buf) => {
                let n = n.min(buf.len()); // A later poll may pass a shorter buffer.
                buf[..n].copy_from_slice(&done.buf[..n]);
                n
            }
            Step::Write(_) => n,
        });
        if let (Ok(n), None) = (&r, at) {
            let mut pos = lock(&shared.pos);
            *pos = done.at.unwrap_or(*pos + *n as u64);
        }
        shared.recycle(done.buf);
        Poll::Ready(r)
    }

    /// Makes the helper wait of a step started under `epoch`.
    fn submit(&self, step: &Step<'_>, at: Option<u64>, epoch: usize) -> HelperWait<HelperDone> {
        let shared = self.shared().clone();
        let len = step.len().min(MAX_STEP);
        let offset = at.unwrap_or_else(|| *lock(&shared.pos));
        let ex = Core::executor(self);
        match step {
            // A read has no side effect: its result can always be dropped.
            Step::Read(_) => {
                let buf = shared.buffer(len);
                HelperWait::at_epoch(ex, self.scope(), epoch, move || read(&shared, buf, offset))
            }
            // A write that has run cannot be undone: only terminal cancellation stops it.
            Step::Write(bytes) => {
                let mut buf = shared.buffer(0);
                buf.extend_from_slice(&bytes[..len]);
                let append = at.is_none() && shared.append;
                HelperWait::at_epoch(ex, self.scope(), epoch, move || {
                    write(&shared, buf, offset, append)
                })
                .honouring(CancellationType::TERMINAL)
            }
        }
    }
}

/// The helper's side of a read: `pread(2)` at `offset`.
fn read(shared: &Arc<Shared>, mut buf: Vec<u8>, offset: u64) -> HelperDone {
    let result = shared.with(|f| retry(|| f.read_at(&mut buf, offset)));
    HelperDone {
        result,
        at: None,
        buf,
    }
}

/// The helper's side of a write: `pwrite(2)` at `offset`, or in append mode `write(2)` (to
/// the end) and the position it leaves.
fn write(shared: &Arc<Shared>, buf: Vec<u8>, offset: u64, append: bool) -> HelperDone {
    let mut at = None;
    let result = shared.with(|mut f| {
        if append {
            let n = retry(|| f.write(&buf))?;
            at = Some(f.stream_position()?);
            Ok(n)
        } else {
            retry(|| f.write_at(&buf, offset))
        }
    });
    HelperDone { result, at, buf }
}

/// Makes a system call again while it is interrupted by a signal.
fn retry(mut call: impl FnMut() -> io::Result<usize>) -> io::Result<usize> {
    loop {
        match call() {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            r => return r,
        }
    }
}

//! `FileCore`: the core of every file, an open `std::fs::File` shared with the steps running on
//! helper threads.

use std::fmt;
use std::fs::File;
use std::io;
use std::marker::PhantomData;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard};

use super::flags::OpenFlags;
use super::kind::FileKind;
use crate::error;
use crate::executor::Executor;
use crate::io::Core;
use crate::op::cancel_scope::CancelScope;

/// The core of every file: what a [`StreamFile`](super::StreamFile) or
/// [`RandomAccessFile`](super::RandomAccessFile) shares with its pending operations.
///
/// Regular files cannot be polled for readiness, so each read or write is one system call
/// (`pread(2)`, `pwrite(2)`, or `write(2)` in append mode) run on jeton's helper pool (or, in
/// blocking mode, on the calling thread), through a buffer the step owns. It has no public
/// methods of its own: the files' methods are written over it.
pub struct FileCore<K> {
    ex: Executor,
    /// The cancel epoch of the pending operations: `cancel()` and `close()` bump it.
    scope: Arc<CancelScope>,
    /// The file and its position, shared with the steps running on helper threads.
    shared: Arc<Shared>,
    kind: PhantomData<fn() -> K>,
}

/// What a file shares with the steps running on helper threads.
#[derive(Debug)]
pub(super) struct Shared {
    /// The open file, `None` once closed. Every system call on it holds the read lock (on a
    /// helper thread or the calling thread); `close` and `release` take the write lock, so they
    /// wait for a call in progress and a descriptor is never closed under one.
    file: RwLock<Option<File>>,
    /// A stream file's position: where its next read or write goes. Set by `seek`, and moved
    /// by a read or write when it completes (not when its system call ran: a step that is
    /// cancelled or dropped leaves it unchanged).
    pub(super) pos: Mutex<u64>,
    /// Opened with [`OpenFlags::APPEND`]: stream writes go to the end of the file.
    pub(super) append: bool,
    /// A step's buffer, kept for the next step (one at a time).
    spare: Mutex<Vec<u8>>,
}

/// Locks a mutex, ignoring poison (the data is a plain value).
pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn read_lock(&self) -> RwLockReadGuard<'_, Option<File>> {
        self.file.read().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `f` on the open file, under the read lock.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`] if the file is closed, else whatever `f` returns.
    pub(super) fn with<R>(&self, f: impl FnOnce(&File) -> io::Result<R>) -> io::Result<R> {
        match &*self.read_lock() {
            Some(file) => f(file),
            None => Err(error::bad_descriptor()),
        }
    }

    /// Takes a buffer of `len` bytes for a step (the spare one if any).
    pub(super) fn buffer(&self, len: usize) -> Vec<u8> {
        let mut buf = std::mem::take(&mut *lock(&self.spare));
        buf.clear();
        buf.resize(len, 0);
        buf
    }

    /// Keeps `buf` for the next step.
    pub(super) fn recycle(&self, buf: Vec<u8>) {
        let mut spare = lock(&self.spare);
        if buf.capacity() > spare.capacity() {
            *spare = buf;
        }
    }
}

impl<K: FileKind> FileCore<K> {
    /// The core of `file`, on the context of `ex`; `append`: opened in append mode.
    pub(super) fn new(ex: &Executor, file: File, append: bool) -> FileCore<K> {
        FileCore {
            ex: ex.clone(),
            scope: Arc::new(CancelScope::default()),
            shared: Arc::new(Shared {
                file: RwLock::new(Some(file)),
                pos: Mutex::new(0),
                append,
                spare: Mutex::new(Vec::new()),
            }),
            kind: PhantomData,
        }
    }

    /// Opens `path` with `flags` on the context of `ex`.
    pub(super) fn open(ex: &Executor, path: &Path, flags: OpenFlags) -> io::Result<FileCore<K>> {
        let file = crate::sys::open_file(path, flags.bits())?;
        Ok(FileCore::new(ex, file, flags.contains(OpenFlags::APPEND)))
    }

    /// Returns the state shared with the steps.
    pub(super) fn shared(&self) -> &Arc<Shared> {
        &self.shared
    }

    /// Returns the cancel scope of the pending operations.
    pub(super) fn scope(&self) -> &Arc<CancelScope> {
        &self.scope
    }

    /// Runs `f` on the open file, on the calling thread.
    ///
    /// # Errors
    ///
    /// [`error::bad_descriptor`] if the file is closed, else whatever `f` returns.
    pub(super) fn with<R>(&self, f: impl FnOnce(&File) -> io::Result<R>) -> io::Result<R> {
        self.shared.with(f)
    }

    /// Aborts the pending operations and takes the file out (waiting for a system call in
    /// progress on it), or returns `None` if it was closed.
    pub(super) fn take(&self) -> Option<File> {
        self.scope.cancel();
        let mut file = self
            .shared
            .file
            .write()
            .unwrap_or_else(PoisonError::into_inner);
        file.take()
    }
}

impl<K: FileKind> Core for FileCore<K> {
    fn executor(&self) -> &Executor {
        &self.ex
    }

    fn cancel(&self) {
        self.scope.cancel();
    }

    fn close(&self) {
        drop(self.take());
    }

    fn is_open(&self) -> bool {
        self.shared.read_lock().is_some()
    }

    fn object_name(&self) -> &'static str {
        K::NAME
    }
}

impl<K: FileKind> fmt::Debug for FileCore<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileCore")
            .field("kind", &K::NAME)
            .field("open", &self.is_open())
            .field("pos", &*lock(&self.shared.pos))
            .field("append", &self.shared.append)
            .finish()
    }
}

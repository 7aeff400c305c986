//! `Strand`: serialises handlers over any executor.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::execute::private::Sealed;
use super::execute::Execute;
use super::handle::Executor;
use crate::runtime::{current, Job};

/// An executor adapter that never runs two of its handlers at once, and runs handlers posted
/// in order in that order ([G7](crate::guarantees#g7)). Works over any [`Execute`], for closures
/// and for tasks (spawn a
/// task on a strand with [`co_spawn`](crate::co_spawn), or bind a completion to one with
/// [`bind_executor`](crate::bind_executor)).
///
/// Cloning gives another handle to the same strand.
///
/// # Examples
///
/// ```
/// use jeton::{IoContext, Strand};
/// use std::sync::{Arc, Mutex};
///
/// let io = IoContext::new()?;
/// let strand = Strand::new(&io.executor());
/// let log = Arc::new(Mutex::new(Vec::new()));
/// for i in 0..3 {
///     let log = log.clone();
///     strand.post(move || log.lock().unwrap().push(i));
/// }
/// io.run();
/// assert_eq!(*log.lock().unwrap(), [0, 1, 2]);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Strand<E: Execute = Executor> {
    inner: Arc<StrandInner<E>>,
}

struct StrandInner<E> {
    ex: E,
    /// Locked by posting threads and by the invoker between batches.
    state: Mutex<State>,
}

struct State {
    /// An invoker is queued or running: the strand is busy.
    locked: bool,
    /// Handlers waiting for the invoker, in post order.
    queue: VecDeque<Job>,
}

impl<E: Execute> Strand<E> {
    /// Creates a strand over `ex`.
    pub fn new(ex: &E) -> Strand<E> {
        let state = Mutex::new(State {
            locked: false,
            queue: VecDeque::new(),
        });
        Strand {
            inner: Arc::new(StrandInner {
                ex: ex.clone(),
                state,
            }),
        }
    }

    /// Returns the executor the strand runs on.
    pub fn inner(&self) -> &E {
        &self.inner.ex
    }

    /// Queues `f` on the strand; never runs it inside this call.
    pub fn post<F: FnOnce() + Send + 'static>(&self, f: F) {
        self.enqueue(Job::from_fn(f), Submit::Post);
    }

    /// Runs `f` inline if this thread is inside the strand, or if the strand is idle and this
    /// thread runs the inner executor; otherwise queues it.
    pub fn dispatch<F: FnOnce() + Send + 'static>(&self, f: F) {
        if self.running_in_this_thread() {
            f();
        } else {
            self.enqueue(Job::from_fn(f), Submit::Dispatch);
        }
    }

    /// Queues `f` on the strand as a continuation (never inline).
    pub fn defer<F: FnOnce() + Send + 'static>(&self, f: F) {
        self.enqueue(Job::from_fn(f), Submit::Defer);
    }

    /// Returns whether the calling thread is running a handler of this strand.
    pub fn running_in_this_thread(&self) -> bool {
        current::in_strand(self.id())
    }

    fn id(&self) -> usize {
        Arc::as_ptr(&self.inner) as *const () as usize
    }

    fn enqueue(&self, job: Job, how: Submit) {
        let mut st = self.inner.state.lock().unwrap_or_else(|e| e.into_inner());
        st.queue.push_back(job);
        if st.locked {
            return;
        }
        st.locked = true;
        drop(st);
        let invoker = Invoker(Some(self.clone()));
        let invoker = move || invoker.run();
        match how {
            Submit::Post => self.inner.ex.post(invoker),
            Submit::Dispatch => self.inner.ex.dispatch(invoker),
            Submit::Defer => self.inner.ex.defer(invoker),
        }
    }

    /// Runs the queued handlers as one batch, then re-posts itself if more arrived, so other
    /// work on the inner executor gets its turn (Asio's strand invoker).
    fn invoke(&self) {
        let batch = std::mem::take(
            &mut self
                .inner
                .state
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .queue,
        );
        current::push_strand(self.id());
        let mut guard = Invoking {
            strand: self,
            batch,
        };
        while let Some(job) = guard.batch.pop_front() {
            job.run();
        }
    }
}

/// How a handler entered the strand, and so how the invoker is submitted.
enum Submit {
    Post,
    Dispatch,
    Defer,
}

/// Marks the thread as inside the strand while a batch runs. On drop, even while a panic
/// unwinds, puts unrun handlers back and releases or re-posts the strand: a panic propagates
/// out of `run()` and the strand goes on afterwards, as in Asio.
struct Invoking<'a, E: Execute> {
    strand: &'a Strand<E>,
    batch: VecDeque<Job>,
}

impl<E: Execute> Drop for Invoking<'_, E> {
    fn drop(&mut self) {
        current::pop_strand();
        let mut st = self
            .strand
            .inner
            .state
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        while let Some(job) = self.batch.pop_back() {
            st.queue.push_front(job);
        }
        if st.queue.is_empty() {
            st.locked = false;
            return;
        }
        drop(st);
        let invoker = Invoker(Some(self.strand.clone()));
        self.strand.inner.ex.post(move || invoker.run());
    }
}

/// The job that runs a strand's queue on the inner executor. If it is dropped without running
/// (its context was dropped), it drops the strand's queued handlers uncalled: they may hold the
/// strand itself, and would otherwise keep it alive forever. Asio destroys an orphaned
/// strand's handlers the same way.
struct Invoker<E: Execute>(Option<Strand<E>>);

impl<E: Execute> Invoker<E> {
    fn run(mut self) {
        if let Some(strand) = self.0.take() {
            strand.invoke();
        }
    }
}

impl<E: Execute> Drop for Invoker<E> {
    fn drop(&mut self) {
        if let Some(strand) = self.0.take() {
            let queue = {
                let mut st = strand.inner.state.lock().unwrap_or_else(|e| e.into_inner());
                st.locked = false;
                std::mem::take(&mut st.queue)
            };
            drop(queue);
        }
    }
}

impl<E: Execute> Clone for Strand<E> {
    fn clone(&self) -> Strand<E> {
        Strand {
            inner: self.inner.clone(),
        }
    }
}

impl<E: Execute> PartialEq for Strand<E> {
    fn eq(&self, other: &Strand<E>) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl<E: Execute> std::fmt::Debug for Strand<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strand").field("id", &self.id()).finish()
    }
}

impl<E: Execute> Sealed for Strand<E> {
    fn schedule(&self, job: Job, continuation: bool) {
        self.enqueue(
            job,
            if continuation {
                Submit::Defer
            } else {
                Submit::Post
            },
        );
    }
}

impl<E: Execute> Execute for Strand<E> {
    fn post<F: FnOnce() + Send + 'static>(&self, f: F) {
        Strand::post(self, f)
    }
    fn dispatch<F: FnOnce() + Send + 'static>(&self, f: F) {
        Strand::dispatch(self, f)
    }
    fn defer<F: FnOnce() + Send + 'static>(&self, f: F) {
        Strand::defer(self, f)
    }
    fn running_in_this_thread(&self) -> bool {
        Strand::running_in_this_thread(self)
    }
    fn inner_executor(&self) -> &Executor {
        self.inner.ex.inner_executor()
    }
}

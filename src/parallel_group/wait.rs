//! `ParallelGroup` and `GroupWait`: operations started together, and the one driver that
//! runs them, tells the wait condition of each completion, and asks the rest to stop.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::condition::{Fallible, WaitCondition};
use super::members::{IntoMembers, Members};
use super::ranged::RangedMembers;
use super::wakeups::Wakeups;
use crate::executor::Execute;
use crate::op::cancellation::CancellationType;
use crate::op::drive::{self, Drive};
use crate::op::Operation;
use crate::tokens::CompletionToken;

/// Operations to be started together and waited for with a condition (Asio's
/// `experimental::parallel_group`). Made by [`make_parallel_group`] (a tuple of operations)
/// and [`make_ranged_parallel_group`] (a `Vec`); started by
/// [`async_wait`](ParallelGroup::async_wait).
#[must_use = "a parallel group does nothing until `async_wait` starts it"]
#[derive(Debug)]
pub struct ParallelGroup<M, E> {
    members: M,
    ex: E,
}

/// Makes a group of the 2 to 8 operations of the tuple `ops`, of any types (Asio's
/// `make_parallel_group`). The group's completions run on the first operation's executor.
///
/// Pass operations that have not started: made with [`UseFuture`](crate::UseFuture) or
/// [`Deferred`](crate::Deferred) (both lazy); [`async_wait`](ParallelGroup::async_wait)
/// starts them.
///
/// # Examples
///
/// ```
/// use jeton::parallel_group::{make_parallel_group, wait_for_all};
/// use jeton::{Blocking, Deferred, IoContext, SteadyTimer};
/// use std::time::Duration;
///
/// let io = IoContext::new()?;
/// let ex = io.executor();
/// let (slow, fast) = (SteadyTimer::new(&ex), SteadyTimer::new(&ex));
/// slow.expires_after(Duration::from_millis(100));
/// fast.expires_after(Duration::from_millis(1));
/// let waits = (slow.async_wait(Deferred), fast.async_wait(Deferred));
/// let (order, (r0, r1)) = make_parallel_group(waits)
///     .async_wait(wait_for_all(), Blocking);
/// assert_eq!(order, [1, 0]);
/// assert!(r0.is_ok() && r1.is_ok());
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn make_parallel_group<G: IntoMembers>(ops: G) -> ParallelGroup<G::Members, G::Executor> {
    let (members, ex) = ops.into_members();
    ParallelGroup { members, ex }
}

/// Makes a group of the operations of `ops`, all of one type, whose completions run on `ex`
/// (Asio's ranged `make_parallel_group`). An empty group completes at once (still never
/// inside the initiating call, [G2](crate::guarantees#g2)).
///
/// # Examples
///
/// Asio's `ranged_wait_for_all`: five timers, completing shortest first.
///
/// ```
/// use jeton::parallel_group::{make_ranged_parallel_group, wait_for_all};
/// use jeton::{Blocking, IoContext, SteadyTimer, UseFuture};
/// use std::time::{Duration, Instant};
///
/// let io = IoContext::new()?;
/// let ex = io.executor();
/// let start = Instant::now(); // One origin: making the timers takes time too.
/// let timers: Vec<SteadyTimer> = [50, 30, 40, 10, 20]
///     .iter()
///     .map(|&ms| SteadyTimer::with_expiry(&ex, start + Duration::from_millis(ms)))
///     .collect();
/// let waits = timers.iter().map(|t| t.async_wait(UseFuture));
/// let (order, results) =
///     make_ranged_parallel_group(&ex, waits).async_wait(wait_for_all(), Blocking);
/// // Shortest first: [3, 4, 1, 2, 0]. Waits found expired by the same poll (after a stall of
/// // the thread) complete in member order, so only the set is certain.
/// let mut each = order.clone();
/// each.sort();
/// assert_eq!(each, [0, 1, 2, 3, 4], "each timer completed once: {order:?}");
/// assert!(results.iter().all(|r| r.is_ok()));
/// assert!(Instant::now() >= start + Duration::from_millis(50));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn make_ranged_parallel_group<E, Op>(
    ex: &E,
    ops: impl IntoIterator<Item = Op>,
) -> ParallelGroup<RangedMembers<Op>, E>
where
    E: Execute,
    Op: Operation,
    Op::Output: Fallible,
{
    ParallelGroup {
        members: RangedMembers::new(ops),
        ex: ex.clone(),
    }
}

impl<M: Members, E: Execute> ParallelGroup<M, E> {
    /// Starts every operation of the group and completes once all have completed, cancelling
    /// the ones still running when `cond` says so (Asio's `parallel_group::async_wait`).
    ///
    /// Equivalent to: `async fn async_wait(self, cond) -> (M::Order, M::Results)`: the
    /// completion order (member indices, first to complete first) and every member's own
    /// result, in member order. Nothing is lost: a member cancelled part-way reports what it
    /// did (a composed read its bytes, in its error: [`io::transferred`](crate::io::transferred)).
    ///
    /// A closure token gets the result on the group's executor; [`UseFuture`](crate::UseFuture)
    /// returns a [`GroupWait`] future; [`Blocking`](crate::Blocking) returns it, with no thread
    /// running the context. The handler is never called from inside this function
    /// ([G2](crate::guarantees#g2)).
    ///
    /// # Cancellation
    ///
    /// When `cond` asks, each member still running is polled with a request of the types it
    /// gives; each honours what its own `# Cancellation` says (a timer wait or a socket
    /// operation, every type; a composed read or write, terminal and partial, with its count; a
    /// channel operation, every type) and completes, usually aborted. A member that honours
    /// none of them runs to its end, and the group waits for it. A request on the group itself
    /// (a bound [`CancellationSlot`](crate::CancellationSlot)) is forwarded to every member the
    /// same way. Dropping the group's future drops every member.
    ///
    /// # Examples
    ///
    /// A closure gets the order and both results: the receive won, the wait was cancelled.
    ///
    /// ```
    /// use jeton::channel::Channel;
    /// use jeton::parallel_group::{make_parallel_group, wait_for_one};
    /// use jeton::{error, IoContext, SteadyTimer, UseFuture};
    /// use std::{io, time::Duration};
    ///
    /// let ctx = IoContext::new()?;
    /// let ex = ctx.executor();
    /// let ch = Channel::new(&ex, 0);
    /// let timer = SteadyTimer::with_duration(&ex, Duration::from_secs(60));
    /// let (tx, rx) = std::sync::mpsc::channel();
    /// type Out = ([usize; 2], (io::Result<&'static str>, io::Result<()>));
    /// make_parallel_group((ch.async_receive(UseFuture), timer.async_wait(UseFuture))).async_wait(
    ///     wait_for_one(),
    ///     move |(order, (got, waited)): Out| {
    ///         tx.send((order, got.unwrap(), error::is_aborted(&waited.unwrap_err()))).unwrap();
    ///     },
    /// );
    /// ch.try_send("now")?; // the group's receive waits: it takes the value
    /// ctx.run();
    /// assert_eq!(rx.recv().unwrap(), ([0, 1], "now", true));
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn async_wait<C, T>(self, cond: C, token: T) -> T::Output
    where
        M: Send,
        C: WaitCondition + Send,
        T: CompletionToken<GroupWait<M, C, E>>,
    {
        token.launch(self.wait(cond))
    }

    /// Returns the group's operation, waiting with `cond`.
    pub(super) fn wait<C>(self, cond: C) -> GroupWait<M, C, E> {
        GroupWait {
            order: Some(self.members.new_order()),
            members: self.members,
            cond,
            ex: self.ex,
            completed: 0,
            requested: CancellationType::NONE,
            wakeups: None,
            scratch: Vec::new(),
        }
    }
}

pin_project_lite::pin_project! {
    /// The operation behind [`ParallelGroup::async_wait`]: completes with the completion order
    /// and every member's result.
    #[must_use = "futures do nothing unless you `.await` or poll them"]
    pub struct GroupWait<M: Members, C, E> {
        #[pin]
        members: M,
        cond: C,
        ex: E,
        order: Option<M::Order>,
        completed: usize,
        // What the group asked of the members still running (once asked, never changed).
        requested: CancellationType,
        // Made on the first poll.
        wakeups: Option<Wakeups>,
        // The members to poll in this pass.
        scratch: Vec<usize>,
    }
}

impl<M: Members, C: WaitCondition, E: Execute> Future for GroupWait<M, C, E> {
    type Output = (M::Order, M::Results);

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        let n = this.members.count();
        let wakeups = this.wakeups.get_or_insert_with(|| Wakeups::new(n));
        wakeups.register(cx.waker());
        // Usually only the members woken since the last poll are polled. But the blocking
        // driver polls again after its wait without waking anything, and a request on the
        // group is for every member: then every member still running is polled.
        let mut all = Drive::of(this.ex.inner_executor()).is_blocking()
            || drive::cancelled(CancellationType::ALL).is_some();
        loop {
            let before = *this.requested;
            wakeups.take_woken(this.scratch);
            if all {
                this.scratch.clear();
                this.scratch.extend(0..n);
            }
            for &i in this.scratch.iter() {
                if !this.members.is_running(i) {
                    continue;
                }
                let mut member_cx = Context::from_waker(wakeups.waker(i));
                let polled = this
                    .members
                    .as_mut()
                    .poll_member(i, &mut member_cx, *this.requested);
                if let Poll::Ready(failed) = polled {
                    let order = this
                        .order
                        .as_mut()
                        .expect("GroupWait polled after completion");
                    order.as_mut()[*this.completed] = i;
                    *this.completed += 1;
                    if this.requested.is_empty() {
                        *this.requested = this.cond.on_completion(i, failed);
                    }
                }
            }
            if *this.completed == n {
                let order = this
                    .order
                    .take()
                    .expect("GroupWait polled after completion");
                return Poll::Ready((order, this.members.take_results()));
            }
            if *this.requested == before {
                return Poll::Pending;
            }
            // A request was just made: every member still running hears it now.
            all = true;
        }
    }
}

impl<M, C, E> Operation for GroupWait<M, C, E>
where
    M: Members + Send,
    C: WaitCondition + Send,
    E: Execute,
{
    type Executor = E;
    fn executor(&self) -> E {
        self.ex.clone()
    }
}

impl<M: Members, C, E: std::fmt::Debug> std::fmt::Debug for GroupWait<M, C, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupWait")
            .field("ex", &self.ex)
            .field("completed", &self.completed)
            .field("requested", &self.requested)
            .finish_non_exhaustive()
    }
}

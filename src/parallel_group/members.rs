//! `Members` and `IntoMembers`: the member sets a parallel group is made of (a tuple's, or a
//! range's), behind one interface the group's driver uses.

use std::pin::Pin;
use std::task::{Context, Poll};

use crate::executor::Execute;
use crate::op::cancellation::CancellationType;

pub(crate) mod sealed {
    /// Seals [`Members`](super::Members) and [`IntoMembers`](super::IntoMembers): jeton
    /// provides every implementation.
    pub trait Sealed {}
}

/// The operations of a parallel group: [`Members2`](super::Members2) ..
/// [`Members8`](super::Members8), made from a tuple by
/// [`make_parallel_group`](super::make_parallel_group), or
/// [`RangedMembers`](super::RangedMembers), made from a `Vec` by
/// [`make_ranged_parallel_group`](super::make_ranged_parallel_group). Sealed.
pub trait Members: sealed::Sealed {
    /// The completion order: member indices in the order they completed (`[usize; N]` for a
    /// tuple, `Vec<usize>` for a range).
    type Order: AsMut<[usize]> + Send;
    /// Every member's result, in member order (a tuple, or a `Vec`).
    type Results;

    /// Returns how many members there are.
    #[doc(hidden)]
    fn count(&self) -> usize;

    /// Returns an order of [`count`](Members::count) zeros, to be filled in.
    #[doc(hidden)]
    fn new_order(&self) -> Self::Order;

    /// Returns whether member `index` still runs.
    #[doc(hidden)]
    fn is_running(&self, index: usize) -> bool;

    /// Polls member `index` with `request` in effect (if not empty); returns whether its result
    /// is a failure once it completes.
    #[doc(hidden)]
    fn poll_member(
        self: Pin<&mut Self>,
        index: usize,
        cx: &mut Context<'_>,
        request: CancellationType,
    ) -> Poll<bool>;

    /// Takes every result, once all have completed.
    #[doc(hidden)]
    fn take_results(self: Pin<&mut Self>) -> Self::Results;
}

/// A tuple of 2 to 8 operations, made into the members of a group by
/// [`make_parallel_group`](super::make_parallel_group). Sealed.
pub trait IntoMembers: sealed::Sealed {
    /// The members.
    type Members: Members;
    /// The executor of the first operation: the group's.
    type Executor: Execute;

    /// Returns the members and the first operation's executor.
    #[doc(hidden)]
    fn into_members(self) -> (Self::Members, Self::Executor);
}

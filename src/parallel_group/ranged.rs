//! `RangedMembers`: the members of a group made from a `Vec` of operations of one type (Asio's
//! `ranged_parallel_group`).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::condition::Fallible;
use super::member::Member;
use super::members::{sealed::Sealed, Members};
use crate::op::cancellation::CancellationType;

/// The members of a parallel group made from a range of operations of one type, by
/// [`make_ranged_parallel_group`](super::make_ranged_parallel_group). Its results are a
/// `Vec` of the operations' results, in member order; its completion order a `Vec<usize>`.
///
/// Each operation is boxed, so that it stays pinned while the group runs.
pub struct RangedMembers<Op: Future> {
    members: Vec<Member<Pin<Box<Op>>>>,
}

impl<Op: Future> RangedMembers<Op> {
    pub(super) fn new(ops: impl IntoIterator<Item = Op>) -> RangedMembers<Op> {
        RangedMembers {
            members: ops
                .into_iter()
                .map(|op| Member::new(Box::pin(op)))
                .collect(),
        }
    }
}

impl<Op: Future> Sealed for RangedMembers<Op> {}

impl<Op> Members for RangedMembers<Op>
where
    Op: Future,
    Op::Output: Fallible,
{
    type Order = Vec<usize>;
    type Results = Vec<Op::Output>;

    fn count(&self) -> usize {
        self.members.len()
    }

    fn new_order(&self) -> Vec<usize> {
        vec![0; self.members.len()]
    }

    fn is_running(&self, index: usize) -> bool {
        self.members[index].is_running()
    }

    fn poll_member(
        self: Pin<&mut Self>,
        index: usize,
        cx: &mut Context<'_>,
        request: CancellationType,
    ) -> Poll<bool> {
        Pin::new(&mut self.get_mut().members[index]).poll_member(cx, request)
    }

    fn take_results(self: Pin<&mut Self>) -> Vec<Op::Output> {
        let members = &mut self.get_mut().members;
        members.iter_mut().map(|m| Pin::new(m).take()).collect()
    }
}

impl<Op: Future> std::fmt::Debug for RangedMembers<Op> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let running = self.members.iter().filter(|m| m.is_running()).count();
        f.debug_struct("RangedMembers")
            .field("len", &self.members.len())
            .field("running", &running)
            .finish()
    }
}

//! The members of a group made from a tuple of 2 to 8 operations: `Members2` .. `Members8`,
//! each written once by one macro.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::condition::Fallible;
use super::member::Member;
use super::members::{sealed::Sealed, IntoMembers, Members};
use crate::op::cancellation::CancellationType;
use crate::op::Operation;

/// Defines `$name`, the members made from a tuple of `$n` operations `$op` (fields `$field`,
/// tuple indices `$i`; `$first` is the first), and its `Members` and the tuple's `IntoMembers`
/// implementations.
macro_rules! tuple_members {
    ($name:ident, $n:literal, $first:ident: $($op:ident $field:ident $i:tt),+) => {
        pin_project_lite::pin_project! {
            #[doc = concat!("The members of a parallel group of ", stringify!($n),
                " operations, made by [`make_parallel_group`](super::make_parallel_group) \
                from a tuple. Its results are a tuple of the operations' results, in member \
                order; its completion order is a `[usize; ", stringify!($n), "]`.")]
            pub struct $name<$($op: Future),+> {
                $(#[pin] $field: Member<$op>,)+
            }
        }

        impl<$($op: Future),+> Sealed for $name<$($op),+> {}

        impl<$($op),+> Members for $name<$($op),+>
        where
            $($op: Future, $op::Output: Fallible,)+
        {
            type Order = [usize; $n];
            type Results = ($($op::Output,)+);

            fn count(&self) -> usize {
                $n
            }

            fn new_order(&self) -> [usize; $n] {
                [0; $n]
            }

            fn is_running(&self, index: usize) -> bool {
                match index {
                    $($i => self.$field.is_running(),)+
                    _ => false,
                }
            }

            fn poll_member(
                self: Pin<&mut Self>,
                index: usize,
                cx: &mut Context<'_>,
                request: CancellationType,
            ) -> Poll<bool> {
                let this = self.project();
                match index {
                    $($i => this.$field.poll_member(cx, request),)+
                    _ => unreachable!("no member {index}"),
                }
            }

            fn take_results(self: Pin<&mut Self>) -> Self::Results {
                let this = self.project();
                ($(this.$field.take(),)+)
            }
        }

        impl<$($op),+> Sealed for ($($op,)+) {}

        impl<$($op),+> IntoMembers for ($($op,)+)
        where
            $($op: Operation, $op::Output: Fallible,)+
        {
            type Members = $name<$($op),+>;
            type Executor = $first::Executor;

            fn into_members(self) -> ($name<$($op),+>, Self::Executor) {
                let ex = self.0.executor();
                let ($($field,)+) = self;
                ($name { $($field: Member::new($field),)+ }, ex)
            }
        }

        impl<$($op: Future),+> std::fmt::Debug for $name<$($op),+> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($name))
                    $(.field(concat!("running_", stringify!($i)), &self.$field.is_running()))+
                    .finish()
            }
        }
    };
}

tuple_members!(Members2, 2, A: A a 0, B b 1);
tuple_members!(Members3, 3, A: A a 0, B b 1, C c 2);
tuple_members!(Members4, 4, A: A a 0, B b 1, C c 2, D d 3);
tuple_members!(Members5, 5, A: A a 0, B b 1, C c 2, D d 3, F f 4);
tuple_members!(Members6, 6, A: A a 0, B b 1, C c 2, D d 3, F f 4, G g 5);
tuple_members!(Members7, 7, A: A a 0, B b 1, C c 2, D d 3, F f 4, G g 5, H h 6);
tuple_members!(Members8, 8, A: A a 0, B b 1, C c 2, D d 3, F f 4, G g 5, H h 6, I i 7);

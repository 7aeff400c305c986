//! `Ownership`: whether an [`IoObject`](super::IoObject) owns its core ([`Owner`]) or refers
//! to it ([`Handle`]).

use std::fmt::Debug;

/// Whether an [`IoObject`](super::IoObject) owns its core ([`Owner`]: dropping it closes the
/// object) or refers to it ([`Handle`]: cheap to clone, closes nothing when dropped).
///
/// Both have the same methods. The trait is sealed: `Owner` and `Handle` are the only two.
pub trait Ownership: private::Sealed + Debug + Send + Sync + Unpin + 'static {
    /// Whether dropping the object closes it.
    #[doc(hidden)]
    const CLOSES_ON_DROP: bool;
}

/// The owning form of an I/O object (the default): dropping it closes the object, aborting
/// its pending operations ([G3](crate::guarantees#g3)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Owner;

/// The handle form of an I/O object, made by [`IoObject::handle`](super::IoObject::handle):
/// it is `Clone`, has every method of the owner, and does not keep the object open. Once the
/// owner is closed or dropped, operations pending through handles complete with
/// [`error::aborted`](crate::error::aborted) and new ones fail with
/// [`error::bad_descriptor`](crate::error::bad_descriptor).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Handle;

impl Ownership for Owner {
    const CLOSES_ON_DROP: bool = true;
}

impl Ownership for Handle {
    const CLOSES_ON_DROP: bool = false;
}

mod private {
    /// Seals [`Ownership`](super::Ownership).
    pub trait Sealed {}
    impl Sealed for super::Owner {}
    impl Sealed for super::Handle {}
}

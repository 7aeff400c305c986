//! The error codes the crate creates itself.

pub(crate) const ECANCELED: i32 = libc::ECANCELED;
pub(crate) const ETIMEDOUT: i32 = libc::ETIMEDOUT;
pub(crate) const EMFILE: i32 = libc::EMFILE;

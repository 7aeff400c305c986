//! The error codes the crate creates or recognises.

pub(crate) const ECANCELED: i32 = libc::ECANCELED;
pub(crate) const ETIMEDOUT: i32 = libc::ETIMEDOUT;
pub(crate) const EBADF: i32 = libc::EBADF;
pub(crate) const EINPROGRESS: i32 = libc::EINPROGRESS;
pub(crate) const ECONNABORTED: i32 = libc::ECONNABORTED;
pub(crate) const EMFILE: i32 = libc::EMFILE;
pub(crate) const EPERM: i32 = libc::EPERM;
pub(crate) const EOPNOTSUPP: i32 = libc::EOPNOTSUPP;

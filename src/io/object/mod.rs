//! [`IoObject`]: the one generic I/O object every socket (and every later descriptor-based
//! object) is, with the methods, stream surface and trait impls written once for all of them.

mod core;
mod futures_io;
#[cfg(feature = "hyper")]
mod hyper_io;
mod io_object;
mod layered;
mod ownership;
mod std_io;
mod stream_methods;
mod stream_traits;
#[cfg(feature = "tokio")]
mod tokio_io;

pub use self::core::Core;
pub use self::io_object::IoObject;
pub use self::ownership::{Handle, Owner, Ownership};

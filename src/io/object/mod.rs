//! [`IoObject`]: the one generic I/O object every socket, file (and every later
//! descriptor-based object) is, with the methods, stream and random-access surfaces and trait
//! impls written once for all of them.

mod close;
mod core;
mod futures_io;
#[cfg(feature = "hyper")]
mod hyper_io;
mod io_object;
mod layered;
mod ownership;
mod random_access_methods;
mod random_access_traits;
mod std_io;
mod stream_methods;
mod stream_traits;
#[cfg(feature = "tokio")]
mod tokio_io;
mod wait_methods;

pub use self::close::Close;
pub use self::core::Core;
pub use self::io_object::IoObject;
pub use self::ownership::{Handle, Owner, Ownership};

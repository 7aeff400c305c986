//! Child processes (beyond Asio, as Boost.Process v2 does on Asio): [`Child`], spawned from a
//! `std::process::Command`, with its piped standard streams as jeton pipes and a wait for its
//! exit status in every token style.

mod child;
mod exit_watch;
mod wait;

pub use child::Child;
pub use wait::ChildWait;

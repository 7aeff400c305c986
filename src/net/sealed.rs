//! `Sealed`: the private supertrait that keeps [`Protocol`](super::protocol::Protocol),
//! [`Endpoint`](super::endpoint::Endpoint) and the socket roles closed to other crates.

/// Implemented only inside jeton.
pub trait Sealed {}

//! Name resolution (Asio's `ip::basic_resolver`): [`Resolver`](resolver::Resolver), its
//! operation, flags and results.

pub(crate) mod flags;
pub(crate) mod operation;
pub(crate) mod resolver;
pub(crate) mod results;

//! The socket operations, named once for every protocol: [`Connect`](connect::Connect),
//! [`Accept`](accept::Accept), [`Incoming`](incoming::Incoming), the datagram sends and
//! receives, and [`SocketOp`](socket_op::SocketOp), the leaf they share.

pub(crate) mod accept;
pub(crate) mod connect;
pub(crate) mod datagram;
pub(crate) mod incoming;
pub(crate) mod socket_op;

//! `Role`: which side of the handshake a stream takes.

/// Which side of the TLS handshake a stream takes (Asio's `ssl::stream_base::handshake_type`;
/// feature `tls`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Role {
    /// The side that connected: it verifies the server (Asio's `client`).
    Client,
    /// The side that accepted: it presents the context's certificate (Asio's `server`).
    Server,
}

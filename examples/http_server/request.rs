//! A request received from a client (Asio's `request.hpp` and `header.hpp`).

/// One header line: its name and value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Header {
    pub name: String,
    pub value: String,
}

/// A request received from a client.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub uri: String,
    pub http_version_major: u32,
    pub http_version_minor: u32,
    pub headers: Vec<Header>,
}

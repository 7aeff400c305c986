//! A reply to be sent to a client (Asio's `reply.cpp`).

use super::request::Header;

/// The status of the reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)] // Asio's whole list; the server sends 200, 400 and 404.
pub enum Status {
    Ok = 200,
    Created = 201,
    Accepted = 202,
    NoContent = 204,
    MultipleChoices = 300,
    MovedPermanently = 301,
    MovedTemporarily = 302,
    NotModified = 304,
    BadRequest = 400,
    Unauthorized = 401,
    Forbidden = 403,
    NotFound = 404,
    InternalServerError = 500,
    NotImplemented = 501,
    BadGateway = 502,
    ServiceUnavailable = 503,
}

impl Status {
    /// The status line (Asio's `status_strings`).
    fn line(self) -> &'static str {
        match self {
            Status::Ok => "HTTP/1.0 200 OK\r\n",
            Status::Created => "HTTP/1.0 201 Created\r\n",
            Status::Accepted => "HTTP/1.0 202 Accepted\r\n",
            Status::NoContent => "HTTP/1.0 204 No Content\r\n",
            Status::MultipleChoices => "HTTP/1.0 300 Multiple Choices\r\n",
            Status::MovedPermanently => "HTTP/1.0 301 Moved Permanently\r\n",
            Status::MovedTemporarily => "HTTP/1.0 302 Moved Temporarily\r\n",
            Status::NotModified => "HTTP/1.0 304 Not Modified\r\n",
            Status::BadRequest => "HTTP/1.0 400 Bad Request\r\n",
            Status::Unauthorized => "HTTP/1.0 401 Unauthorized\r\n",
            Status::Forbidden => "HTTP/1.0 403 Forbidden\r\n",
            Status::NotFound => "HTTP/1.0 404 Not Found\r\n",
            Status::InternalServerError => "HTTP/1.0 500 Internal Server Error\r\n",
            Status::NotImplemented => "HTTP/1.0 501 Not Implemented\r\n",
            Status::BadGateway => "HTTP/1.0 502 Bad Gateway\r\n",
            Status::ServiceUnavailable => "HTTP/1.0 503 Service Unavailable\r\n",
        }
    }

    /// The body of a stock reply (Asio's `stock_replies`): empty for the 2xx and 304.
    fn stock_body(self) -> String {
        let (code, text) = match self {
            Status::Ok | Status::Created | Status::Accepted | Status::NoContent => {
                return String::new()
            }
            Status::NotModified => return String::new(),
            Status::MultipleChoices => (300, "Multiple Choices"),
            Status::MovedPermanently => (301, "Moved Permanently"),
            Status::MovedTemporarily => (302, "Moved Temporarily"),
            Status::BadRequest => (400, "Bad Request"),
            Status::Unauthorized => (401, "Unauthorized"),
            Status::Forbidden => (403, "Forbidden"),
            Status::NotFound => (404, "Not Found"),
            Status::InternalServerError => (500, "Internal Server Error"),
            Status::NotImplemented => (501, "Not Implemented"),
            Status::BadGateway => (502, "Bad Gateway"),
            Status::ServiceUnavailable => (503, "Service Unavailable"),
        };
        format!(
            "<html><head><title>{text}</title></head><body><h1>{code} {text}</h1></body></html>"
        )
    }
}

/// A reply to be sent to a client.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: Status,
    pub headers: Vec<Header>,
    /// The content to be sent in the reply.
    pub content: Vec<u8>,
}

impl Reply {
    /// Returns a reply with `content` of MIME type `content_type`, and the headers that say
    /// so.
    pub fn with_content(status: Status, content: Vec<u8>, content_type: &str) -> Reply {
        Reply {
            status,
            headers: vec![
                Header {
                    name: "Content-Length".into(),
                    value: content.len().to_string(),
                },
                Header {
                    name: "Content-Type".into(),
                    value: content_type.into(),
                },
            ],
            content,
        }
    }

    /// Returns a stock reply (Asio's `reply::stock_reply`).
    pub fn stock_reply(status: Status) -> Reply {
        Reply::with_content(status, status.stock_body().into_bytes(), "text/html")
    }

    /// Converts the reply into the buffers of one gather write (Asio's `to_buffers`): the
    /// status line and headers, then the content (moved, not copied).
    pub fn into_buffers(self) -> Vec<Vec<u8>> {
        let mut head = self.status.line().as_bytes().to_vec();
        for h in &self.headers {
            head.extend_from_slice(h.name.as_bytes());
            head.extend_from_slice(b": ");
            head.extend_from_slice(h.value.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        head.extend_from_slice(b"\r\n");
        vec![head, self.content]
    }
}

//! The common handler for all incoming requests (Asio's `request_handler.cpp`): static files
//! under a document root.

use std::path::PathBuf;

use super::mime_types;
use super::reply::{Reply, Status};
use super::request::Request;

/// Serves the files under a directory.
#[derive(Debug)]
pub struct RequestHandler {
    /// The directory containing the files to be served.
    doc_root: PathBuf,
}

impl RequestHandler {
    pub fn new(doc_root: impl Into<PathBuf>) -> RequestHandler {
        RequestHandler {
            doc_root: doc_root.into(),
        }
    }

    /// Handles a request and produces a reply.
    pub fn handle_request(&self, req: &Request) -> Reply {
        // Decode url to path.
        let Some(mut request_path) = url_decode(&req.uri) else {
            return Reply::stock_reply(Status::BadRequest);
        };

        // Request path must be absolute and not contain "..".
        if !request_path.starts_with('/') || request_path.contains("..") {
            return Reply::stock_reply(Status::BadRequest);
        }

        // If path ends in slash (i.e. is a directory) then add "index.html".
        if request_path.ends_with('/') {
            request_path.push_str("index.html");
        }

        // Determine the file extension.
        let last_slash_pos = request_path.rfind('/').unwrap_or(0);
        let extension = match request_path.rfind('.') {
            Some(dot) if dot > last_slash_pos => &request_path[dot + 1..],
            _ => "",
        };

        // Open the file to send back.
        let full_path = self.doc_root.join(&request_path[1..]);
        let Ok(content) = std::fs::read(&full_path) else {
            return Reply::stock_reply(Status::NotFound);
        };

        // Fill out the reply to be sent to the client.
        Reply::with_content(
            Status::Ok,
            content,
            mime_types::extension_to_type(extension),
        )
    }
}

/// Performs URL-decoding on a string. Returns `None` if the encoding was invalid.
fn url_decode(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::url_decode;

    #[test]
    fn url_decoding() {
        assert_eq!(url_decode("/a%20b+c").as_deref(), Some("/a b c"));
        assert_eq!(url_decode("/%2e%2e/x").as_deref(), Some("/../x"));
        assert_eq!(url_decode("/bad%2"), None);
        assert_eq!(url_decode("/bad%zz"), None);
    }
}

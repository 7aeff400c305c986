//! Parser for incoming requests (Asio's `request_parser.cpp`): the same state machine, fed
//! byte by byte as data arrives, plus limits Asio's example lacks, so a client cannot make a
//! connection grow without bound: the request line and headers together are at most
//! [`MAX_REQUEST_BYTES`], with at most [`MAX_HEADERS`] headers; a longer request is bad.

use super::request::{Header, Request};

/// The most bytes a request (request line and headers) may have.
pub const MAX_REQUEST_BYTES: usize = 16 * 1024;
/// The most headers a request may have.
pub const MAX_HEADERS: usize = 64;
/// The longest version number part.
const MAX_VERSION: u32 = 999;

/// The result of parsing (Asio's `result_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParseResult {
    /// A complete, valid request.
    Good,
    /// Not a valid request (or over a limit).
    Bad,
    /// More data is needed.
    Indeterminate,
}

/// Where the parser is in the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    MethodStart,
    Method,
    Uri,
    HttpVersionH,
    HttpVersionT1,
    HttpVersionT2,
    HttpVersionP,
    HttpVersionSlash,
    HttpVersionMajorStart,
    HttpVersionMajor,
    HttpVersionMinorStart,
    HttpVersionMinor,
    ExpectingNewline1,
    HeaderLineStart,
    HeaderLws,
    HeaderName,
    SpaceBeforeHeaderValue,
    HeaderValue,
    ExpectingNewline2,
    ExpectingNewline3,
}

/// Parser for incoming requests.
#[derive(Debug)]
pub struct RequestParser {
    state: State,
    /// Bytes consumed so far, for [`MAX_REQUEST_BYTES`].
    consumed: usize,
}

impl Default for RequestParser {
    fn default() -> Self {
        RequestParser {
            state: State::MethodStart,
            consumed: 0,
        }
    }
}

impl RequestParser {
    /// Parses some data. Returns `Good` when a complete request has been parsed, `Bad` if
    /// the data is invalid, `Indeterminate` when more data is required; and how much of
    /// `input` was consumed.
    pub fn parse(&mut self, req: &mut Request, input: &[u8]) -> (ParseResult, usize) {
        for (i, &c) in input.iter().enumerate() {
            self.consumed += 1;
            if self.consumed > MAX_REQUEST_BYTES {
                return (ParseResult::Bad, i + 1);
            }
            let result = self.consume(req, c);
            if result != ParseResult::Indeterminate {
                return (result, i + 1);
            }
        }
        (ParseResult::Indeterminate, input.len())
    }

    /// Handles the next character of input.
    fn consume(&mut self, req: &mut Request, c: u8) -> ParseResult {
        use ParseResult::{Bad, Good, Indeterminate};
        use State::*;
        let next = |parser: &mut RequestParser, s: State| {
            parser.state = s;
            Indeterminate
        };
        match self.state {
            MethodStart if !is_char(c) || is_ctl(c) || is_tspecial(c) => Bad,
            MethodStart => {
                req.method.push(c as char);
                next(self, Method)
            }
            Method if c == b' ' => next(self, Uri),
            Method if !is_char(c) || is_ctl(c) || is_tspecial(c) => Bad,
            Method => {
                req.method.push(c as char);
                Indeterminate
            }
            Uri if c == b' ' => next(self, HttpVersionH),
            Uri if is_ctl(c) || !c.is_ascii() => Bad,
            Uri => {
                req.uri.push(c as char);
                Indeterminate
            }
            HttpVersionH if c == b'H' => next(self, HttpVersionT1),
            HttpVersionT1 if c == b'T' => next(self, HttpVersionT2),
            HttpVersionT2 if c == b'T' => next(self, HttpVersionP),
            HttpVersionP if c == b'P' => next(self, HttpVersionSlash),
            HttpVersionSlash if c == b'/' => {
                req.http_version_major = 0;
                req.http_version_minor = 0;
                next(self, HttpVersionMajorStart)
            }
            HttpVersionMajorStart | HttpVersionMajor if c.is_ascii_digit() => {
                req.http_version_major = req.http_version_major * 10 + u32::from(c - b'0');
                if req.http_version_major > MAX_VERSION {
                    return Bad;
                }
                next(self, HttpVersionMajor)
            }
            HttpVersionMajor if c == b'.' => next(self, HttpVersionMinorStart),
            HttpVersionMinorStart | HttpVersionMinor if c.is_ascii_digit() => {
                req.http_version_minor = req.http_version_minor * 10 + u32::from(c - b'0');
                if req.http_version_minor > MAX_VERSION {
                    return Bad;
                }
                next(self, HttpVersionMinor)
            }
            HttpVersionMinor if c == b'\r' => next(self, ExpectingNewline1),
            ExpectingNewline1 if c == b'\n' => next(self, HeaderLineStart),
            HeaderLineStart if c == b'\r' => next(self, ExpectingNewline3),
            HeaderLineStart | HeaderLws if !req.headers.is_empty() && (c == b' ' || c == b'\t') => {
                next(self, HeaderLws)
            }
            HeaderLineStart if !is_char(c) || is_ctl(c) || is_tspecial(c) => Bad,
            HeaderLineStart => {
                if req.headers.len() == MAX_HEADERS {
                    return Bad;
                }
                req.headers.push(Header {
                    name: (c as char).to_string(),
                    value: String::new(),
                });
                next(self, HeaderName)
            }
            HeaderLws if c == b'\r' => next(self, ExpectingNewline2),
            HeaderLws if is_ctl(c) => Bad,
            HeaderLws => {
                push_value(req, c);
                next(self, HeaderValue)
            }
            HeaderName if c == b':' => next(self, SpaceBeforeHeaderValue),
            HeaderName if !is_char(c) || is_ctl(c) || is_tspecial(c) => Bad,
            HeaderName => {
                if let Some(h) = req.headers.last_mut() {
                    h.name.push(c as char);
                }
                Indeterminate
            }
            SpaceBeforeHeaderValue if c == b' ' => next(self, HeaderValue),
            HeaderValue if c == b'\r' => next(self, ExpectingNewline2),
            HeaderValue if is_ctl(c) => Bad,
            HeaderValue => {
                push_value(req, c);
                Indeterminate
            }
            ExpectingNewline2 if c == b'\n' => next(self, HeaderLineStart),
            ExpectingNewline3 if c == b'\n' => Good,
            _ => Bad,
        }
    }
}

fn push_value(req: &mut Request, c: u8) {
    if let Some(h) = req.headers.last_mut() {
        h.value.push(c as char);
    }
}

/// Whether `c` is an HTTP character (7-bit).
fn is_char(c: u8) -> bool {
    c.is_ascii()
}

/// Whether `c` is an HTTP control character.
fn is_ctl(c: u8) -> bool {
    c <= 31 || c == 127
}

/// Whether `c` is defined as an HTTP special character.
fn is_tspecial(c: u8) -> bool {
    matches!(
        c,
        b'(' | b')'
            | b'<'
            | b'>'
            | b'@'
            | b','
            | b';'
            | b':'
            | b'\\'
            | b'"'
            | b'/'
            | b'['
            | b']'
            | b'?'
            | b'='
            | b'{'
            | b'}'
            | b' '
            | b'\t'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(text: &[u8]) -> (ParseResult, Request) {
        let mut req = Request::default();
        let (r, _) = RequestParser::default().parse(&mut req, text);
        (r, req)
    }

    #[test]
    fn parses_a_request_in_any_pieces() {
        let text = b"GET /index.html HTTP/1.0\r\nHost: x\r\nX-Long: a\r\n  b\r\n\r\n";
        let (r, req) = parse_all(text);
        assert_eq!(r, ParseResult::Good);
        assert_eq!(
            (req.method.as_str(), req.uri.as_str()),
            ("GET", "/index.html")
        );
        assert_eq!((req.http_version_major, req.http_version_minor), (1, 0));
        assert_eq!(req.headers.len(), 2);
        assert_eq!(req.headers[1].value, "ab");
        // Byte by byte.
        let mut parser = RequestParser::default();
        let mut req2 = Request::default();
        let mut last = ParseResult::Indeterminate;
        for b in text.chunks(1) {
            last = parser.parse(&mut req2, b).0;
        }
        assert_eq!((last, req2), (ParseResult::Good, req));
    }

    #[test]
    fn rejects_bad_requests_and_ones_over_the_limits() {
        assert_eq!(parse_all(b"GET / HTTX/1.0\r\n\r\n").0, ParseResult::Bad);
        assert_eq!(parse_all(b"G(T / HTTP/1.0\r\n\r\n").0, ParseResult::Bad);
        assert_eq!(
            parse_all(b"GET / HTTP/1.0\r\nbad header\r\n\r\n").0,
            ParseResult::Bad
        );
        let long = format!("GET /{} HTTP/1.0\r\n\r\n", "a".repeat(MAX_REQUEST_BYTES));
        assert_eq!(parse_all(long.as_bytes()).0, ParseResult::Bad);
        let many: String = (0..=MAX_HEADERS).map(|i| format!("H{i}: v\r\n")).collect();
        let many = format!("GET / HTTP/1.0\r\n{many}\r\n");
        assert_eq!(parse_all(many.as_bytes()).0, ParseResult::Bad);
        assert_eq!(
            parse_all(b"GET / HTTP/1.0\r\n").0,
            ParseResult::Indeterminate
        );
    }
}

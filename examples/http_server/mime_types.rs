//! File extensions to MIME types (Asio's `mime_types.cpp`).

/// Returns the MIME type of a file extension; `text/plain` for any other.
pub fn extension_to_type(extension: &str) -> &'static str {
    match extension {
        "gif" => "image/gif",
        "htm" | "html" => "text/html",
        "jpg" => "image/jpeg",
        "png" => "image/png",
        _ => "text/plain",
    }
}

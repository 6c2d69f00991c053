//! Just enough HTTP/1.1 over a `TcpStream` to poll `/healthz`, log in and call the API
//! with a bearer token.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

pub struct Response {
    pub status: u16,
    pub body: String,
}

/// Sends one request (`Connection: close`) to `address` and reads the whole response.
pub fn request(address: SocketAddr, method: &str, path: &str, json_body: Option<&str>) -> Result<Response, String> {
    request_as(address, None, method, path, json_body)
}

/// [`request`] with `Authorization: Bearer TOKEN` when a token is given.
pub fn request_as(
    address: SocketAddr,
    token: Option<&str>,
    method: &str,
    path: &str,
    json_body: Option<&str>,
) -> Result<Response, String> {
    let timeout = Duration::from_secs(30);
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))
        .map_err(|e| format!("cannot connect to {address}: {e}"))?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|e| e.to_string())?;
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {address}\r\nAccept: application/json\r\nConnection: close\r\n");
    if let Some(token) = token {
        request.push_str(&format!("Authorization: Bearer {token}\r\n"));
    }
    if let Some(body) = json_body {
        request.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}", body.len()));
    } else {
        request.push_str("\r\n");
    }
    stream.write_all(request.as_bytes()).map_err(|e| format!("{method} {path}: {e}"))?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).map_err(|e| format!("{method} {path}: {e}"))?;
    parse(&raw).ok_or_else(|| format!("{method} {path}: malformed response {:?}", String::from_utf8_lossy(&raw)))
}

fn parse(raw: &[u8]) -> Option<Response> {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let body = &raw[split + 4..];
    let mut lines = head.lines();
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let chunked = lines.any(|line| {
        let line = line.to_ascii_lowercase();
        line.starts_with("transfer-encoding:") && line.contains("chunked")
    });
    let body = if chunked { dechunk(body)? } else { body.to_vec() };
    Some(Response { status, body: String::from_utf8_lossy(&body).into_owned() })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = String::from_utf8_lossy(&data[..line_end]);
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

/// The string value of `"key": "..."` in a flat JSON object (no escapes in the value).
pub fn json_string_field(json: &str, key: &str) -> Option<String> {
    let after_key = &json[json.find(&format!("\"{key}\""))? + key.len() + 2..];
    let after_colon = after_key.trim_start().strip_prefix(':')?.trim_start();
    let value = after_colon.strip_prefix('"')?;
    let end = value.find('"')?;
    let value = &value[..end];
    (!value.contains('\\')).then(|| value.to_owned())
}

/// Every string value of `"key": "..."` anywhere in `json`, in order (no escapes in the values).
pub fn json_string_values(json: &str, key: &str) -> Vec<String> {
    let needle = format!("\"{key}\"");
    let mut values = Vec::new();
    let mut rest = json;
    while let Some(at) = rest.find(&needle) {
        rest = &rest[at..];
        if let Some(value) = json_string_field(rest, key) {
            values.push(value);
        }
        rest = &rest[needle.len()..];
    }
    values
}

/// `text` percent-encoded for a query string: everything but RFC 3986's unreserved characters.
pub fn query_encode(text: &str) -> String {
    text.bytes().fold(String::with_capacity(text.len()), |mut out, b| {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
        out
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_plain_and_chunked_responses() {
        let plain = parse(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").unwrap();
        assert_eq!((plain.status, plain.body.as_str()), (200, "ok"));
        let chunked =
            parse(b"HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
                .unwrap();
        assert_eq!((chunked.status, chunked.body.as_str()), (401, "abcde"));
    }

    #[test]
    fn finds_string_fields() {
        let json = r#"{"token_type":"Bearer", "access_token" : "a.b-c_d", "n": 1}"#;
        assert_eq!(json_string_field(json, "access_token").as_deref(), Some("a.b-c_d"));
        assert_eq!(json_string_field(json, "n"), None);
        assert_eq!(json_string_field(json, "missing"), None);
        let list = r#"{"items":[{"id":"a","parent":{"id":"b"}},{"id": "c"}],"next_cursor":null}"#;
        assert_eq!(json_string_values(list, "id"), ["a", "b", "c"]);
        assert_eq!(json_string_values(list, "next_cursor"), Vec::<String>::new());
    }

    #[test]
    fn encodes_query_values() {
        assert_eq!(query_encode("aZ09-._~"), "aZ09-._~");
        assert_eq!(query_encode("a+b/c=d é"), "a%2Bb%2Fc%3Dd%20%C3%A9");
    }
}

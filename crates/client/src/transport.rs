//! What travels between the client and a transport: a [`Call`] out, an [`Answer`] back.
//! The operations build calls and read answers; a [`Transport`] only moves bytes, so the
//! same operations run natively over reqwest and in the browser over `fetch`.

use serde::Serialize;
use std::future::Future;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// One request: method, path from the API's root (`/api/v1/...`), query, headers and a
/// JSON body.
#[derive(Clone, Debug)]
pub struct Call {
    pub method: Method,
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
    /// Sent without the session's token and never retried (logging in, refreshing).
    pub anonymous: bool,
}

impl Call {
    pub fn new(method: Method, path: impl Into<String>) -> Call {
        Call { method, path: path.into(), query: Vec::new(), headers: Vec::new(), body: None, anonymous: false }
    }

    pub fn get(path: impl Into<String>) -> Call {
        Call::new(Method::Get, path)
    }

    pub fn post(path: impl Into<String>) -> Call {
        Call::new(Method::Post, path)
    }

    /// A create, replayed rather than repeated when sent again with the same key.
    pub fn create(path: impl Into<String>, body: &impl Serialize, idempotency_key: Option<&str>) -> Call {
        Call::post(path).json(body).idempotency_key(idempotency_key)
    }

    /// A change to the record as read at `etag`.
    pub fn patch(path: impl Into<String>, etag: &str, body: &impl Serialize) -> Call {
        Call::new(Method::Patch, path).if_match(etag).json(body)
    }

    pub fn delete(path: impl Into<String>, etag: &str) -> Call {
        Call::new(Method::Delete, path).if_match(etag)
    }

    /// Adds the pairs with a value; an empty value filters nothing and is left out.
    pub fn query<N: AsRef<str>, V: AsRef<str>>(mut self, pairs: &[(N, V)]) -> Call {
        for (name, value) in pairs {
            if !value.as_ref().is_empty() {
                self.query.push((name.as_ref().to_owned(), value.as_ref().to_owned()));
            }
        }
        self
    }

    pub fn json(mut self, body: &impl Serialize) -> Call {
        // The API's bodies are plain structs: serialising them cannot fail.
        self.body = serde_json::to_string(body).ok();
        self
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Call {
        self.headers.push((name, value.into()));
        self
    }

    pub fn if_match(self, etag: &str) -> Call {
        self.header("If-Match", etag)
    }

    pub fn idempotency_key(self, key: Option<&str>) -> Call {
        match key {
            Some(key) => self.header("Idempotency-Key", key),
            None => self,
        }
    }

    pub fn anonymous(mut self) -> Call {
        self.anonymous = true;
        self
    }

    /// The path with its query string, percent-encoded: `/api/v1/areas?q=h%C3%A0`.
    pub fn target(&self) -> String {
        let mut target = self.path.clone();
        for (index, (name, value)) in self.query.iter().enumerate() {
            target.push(if index == 0 { '?' } else { '&' });
            target.push_str(&encode(name));
            target.push('=');
            target.push_str(&encode(value));
        }
        target
    }
}

/// What came back: the status, the headers the operations read, and the body.
#[derive(Clone, Debug, Default)]
pub struct Answer {
    pub status: u16,
    pub etag: Option<String>,
    pub content_type: Option<String>,
    pub content_disposition: Option<String>,
    pub body: Vec<u8>,
}

/// Moves a [`Call`] to the server and its [`Answer`] back; `Err` when the server could
/// not be reached or its answer not read. A transport adds the session's token itself
/// when the client holds none (the web app's session lives beside the client).
pub trait Transport {
    fn send(&self, call: Call) -> impl Future<Output = Result<Answer, String>>;
}

/// Percent-encodes everything but the unreserved characters of RFC 3986.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_skip_empty_values_and_encode_the_rest() {
        assert_eq!(Call::get("/a").query::<&str, &str>(&[]).target(), "/a");
        assert_eq!(Call::get("/a").query(&[("q", ""), ("limit", "50")]).target(), "/a?limit=50");
        let call = Call::get("/areas").query(&[("q", "hà nội"), ("layout", "2021")]);
        assert_eq!(call.target(), "/areas?q=h%C3%A0%20n%E1%BB%99i&layout=2021");
        assert_eq!(encode("a+b/c?&="), "a%2Bb%2Fc%3F%26%3D");
    }
}

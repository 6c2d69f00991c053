//! The native transport, over reqwest: [`Client`] is the API at one base URL.

use crate::{Answer, Api, Call, Method, Transport};
use reqwest::header;

/// A reqwest connection pool and the server's base URL.
#[derive(Debug, Clone)]
pub struct Http {
    http: reqwest::Client,
    base: String,
}

/// The API over HTTP from a native program.
pub type Client = Api<Http>;

impl Api<Http> {
    pub fn new(base_url: &str) -> Client {
        Api::over(Http { http: reqwest::Client::new(), base: base_url.trim_end_matches('/').to_owned() })
    }

    pub fn base_url(&self) -> &str {
        &self.transport.base
    }

    /// A request to `path` (starting with `/`), with the token if any; for calls this
    /// client does not wrap, such as malformed ones in tests.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let request = self.transport.http.request(method, format!("{}{path}", self.transport.base));
        match &self.token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }
}

impl Transport for Http {
    async fn send(&self, call: Call) -> Result<Answer, String> {
        let method = match call.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut request = self.http.request(method, format!("{}{}", self.base, call.target()));
        for (name, value) in &call.headers {
            request = request.header(*name, value);
        }
        if let Some(body) = call.body {
            request = request.header(header::CONTENT_TYPE, "application/json").body(body);
        }
        let response = request.send().await.map_err(|error| error.to_string())?;
        let text = |name: header::HeaderName| {
            response.headers().get(name).and_then(|value| value.to_str().ok()).map(str::to_owned)
        };
        let status = response.status().as_u16();
        let (etag, content_type, content_disposition) =
            (text(header::ETAG), text(header::CONTENT_TYPE), text(header::CONTENT_DISPOSITION));
        let body = response.bytes().await.map_err(|error| error.to_string())?.to_vec();
        Ok(Answer { status, etag, content_type, content_disposition, body })
    }
}

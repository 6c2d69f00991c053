//! The one door to the REST API: [`request`] sends a [`Req`] to `/api/v1` on the same
//! origin with the session's bearer token. When the server refuses the token (401) it
//! renews the session once with the refresh token (one renewal shared by every call that
//! needs it, as a refresh token works only once) and retries; when that fails too the
//! session ends and the guard sends the user to `/login`. Error bodies become a typed
//! [`ApiError`] holding the server's `problem+json`.
//!
//! The submodules are thin typed wrappers, one per resource.

pub mod area_groups;
pub mod areas;
pub mod assignments;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod notifications;
pub mod org_units;
pub mod plans;
pub mod tasks;
pub mod users;
pub mod working_groups;

use crate::state::{SessionAction, Tokens};
use danvan_domain::{
    auth::{RefreshRequest, TokenPair},
    page::Page,
    problem::Problem,
    validation::FieldError,
};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo::net::http::{Method, RequestBuilder, Response};
use serde::{de::DeserializeOwned, Serialize};
use std::cell::RefCell;
use yew::Callback;

/// Where the API lives, relative to the page (the app is served by the API's server).
pub const BASE: &str = "/api/v1";
/// The largest page the API returns, used when a list is read whole.
pub const PAGE_MAX: u32 = danvan_domain::page::MAX_LIMIT;
/// A bound on the pages read by [`all`], against a server that never ends a list.
const MAX_PAGES: usize = 200;

/// A failed call: the HTTP status (0 when the server could not be reached) and the
/// problem the server described, if it sent one.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub problem: Option<Problem>,
}

impl ApiError {
    /// The server could not be reached.
    pub fn network() -> Self {
        ApiError { status: 0, problem: None }
    }

    /// The problem's stable code, e.g. `validation` or `precondition_failed`.
    pub fn code(&self) -> &str {
        self.problem.as_ref().map_or("", |problem| problem.code.as_str())
    }

    /// The failing fields of a validation problem.
    pub fn field_errors(&self) -> &[FieldError] {
        self.problem.as_ref().map_or(&[], |problem| problem.errors.as_slice())
    }
}

/// An answer and its `ETag`, to send back as `If-Match`.
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched<T> {
    pub value: T,
    pub etag: Option<String>,
}

/// A call to make: method, path below [`BASE`], JSON body and extra headers.
#[derive(Clone, Debug)]
pub struct Req {
    method: Method,
    path: String,
    body: Option<String>,
    headers: Vec<(&'static str, String)>,
    bearer: bool,
}

impl Req {
    pub fn new(method: Method, path: impl Into<String>) -> Self {
        Req { method, path: path.into(), body: None, headers: Vec::new(), bearer: true }
    }

    pub fn get(path: impl Into<String>) -> Self {
        Req::new(Method::GET, path)
    }

    pub fn post(path: impl Into<String>, body: &impl Serialize) -> Self {
        Req::new(Method::POST, path).json(body)
    }

    pub fn patch(path: impl Into<String>, body: &impl Serialize, etag: &str) -> Self {
        Req::new(Method::PATCH, path).json(body).header("If-Match", etag)
    }

    pub fn json(mut self, body: &impl Serialize) -> Self {
        self.body = serde_json::to_string(body).ok();
        self
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    /// Sent without the bearer token and never retried (logging in, refreshing).
    pub fn anonymous(mut self) -> Self {
        self.bearer = false;
        self
    }
}

/// The live tokens used by calls, and who to tell when they change. The session
/// reducer mirrors them; this copy is updated synchronously so that no call in flight
/// uses a token already spent.
#[derive(Default)]
struct Link {
    tokens: Option<Tokens>,
    notify: Callback<SessionAction>,
    renewing: Option<Shared<LocalBoxFuture<'static, Renewal>>>,
}

thread_local! {
    static LINK: RefCell<Link> = RefCell::new(Link::default());
}

/// Installs the tokens of a restored or new session (or none).
pub fn set_tokens(tokens: Option<Tokens>) {
    LINK.with(|link| link.borrow_mut().tokens = tokens);
}

/// Where session changes made by the API layer (renewal, expiry, login) are sent.
pub fn set_notify(notify: Callback<SessionAction>) {
    LINK.with(|link| link.borrow_mut().notify = notify);
}

fn tokens() -> Option<Tokens> {
    LINK.with(|link| link.borrow().tokens.clone())
}

fn notify(action: SessionAction) {
    let notify = LINK.with(|link| link.borrow().notify.clone());
    notify.emit(action);
}

/// Ends the session because the server no longer accepts it.
fn expire() {
    set_tokens(None);
    notify(SessionAction::Expired);
}

#[derive(Clone, Debug)]
enum Renewal {
    Renewed(Tokens),
    Refused,
    Unreachable,
}

/// Sends `req` and decodes the answer; see the module documentation for 401s.
pub async fn request<T: DeserializeOwned>(req: Req) -> Result<Fetched<T>, ApiError> {
    let sent = if req.bearer { tokens().map(|t| t.access_token) } else { None };
    let response = send(&req, sent.as_deref()).await?;
    let Some(sent) = sent.filter(|_| response.status() == 401) else {
        return read(response).await;
    };
    // Another call may have renewed the session meanwhile; otherwise renew it now.
    let access = match tokens() {
        Some(current) if current.access_token != sent => current.access_token,
        Some(_) => match renew().await {
            Renewal::Renewed(tokens) => tokens.access_token,
            Renewal::Refused => {
                expire();
                return read(response).await;
            }
            Renewal::Unreachable => return Err(ApiError::network()),
        },
        None => return read(response).await,
    };
    let retry = send(&req, Some(&access)).await?;
    if retry.status() == 401 {
        expire();
    }
    read(retry).await
}

/// The renewal in progress, or a new one.
async fn renew() -> Renewal {
    let renewal = LINK.with(|link| {
        let mut link = link.borrow_mut();
        link.renewing.get_or_insert_with(|| renew_once().boxed_local().shared()).clone()
    });
    renewal.await
}

async fn renew_once() -> Renewal {
    let Some(refresh_token) = tokens().map(|t| t.refresh_token) else {
        return Renewal::Refused;
    };
    let req = Req::post("/auth/refresh", &RefreshRequest { refresh_token }).anonymous();
    let outcome = match send(&req, None).await {
        Err(_) => Renewal::Unreachable,
        Ok(response) => match read::<TokenPair>(response).await {
            Ok(pair) => Renewal::Renewed(pair.value.into()),
            Err(error) if error.status == 0 || error.status >= 500 => Renewal::Unreachable,
            Err(_) => Renewal::Refused,
        },
    };
    LINK.with(|link| {
        let mut link = link.borrow_mut();
        link.renewing = None;
        if let Renewal::Renewed(tokens) = &outcome {
            link.tokens = Some(tokens.clone());
        }
    });
    if let Renewal::Renewed(tokens) = &outcome {
        notify(SessionAction::Refreshed(tokens.clone()));
    }
    outcome
}

async fn send(req: &Req, bearer: Option<&str>) -> Result<Response, ApiError> {
    let mut builder = RequestBuilder::new(&format!("{BASE}{}", req.path))
        .method(req.method.clone())
        .header("Accept", "application/json, application/problem+json");
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    let request = match &req.body {
        Some(body) => builder.header("Content-Type", "application/json").body(body.as_str()),
        None => builder.build(),
    };
    request.map_err(|_| ApiError::network())?.send().await.map_err(|_| ApiError::network())
}

async fn read<T: DeserializeOwned>(response: Response) -> Result<Fetched<T>, ApiError> {
    let status = response.status();
    let etag = response.headers().get("etag");
    let text = response.text().await.map_err(|_| ApiError::network())?;
    decode(status, etag, &text)
}

/// Turns a status and body into the value or the error.
#[allow(clippy::result_large_err)] // ApiError keeps the problem inline, as the API describes it.
pub fn decode<T: DeserializeOwned>(status: u16, etag: Option<String>, text: &str) -> Result<Fetched<T>, ApiError> {
    if (200..300).contains(&status) {
        let text = if text.trim().is_empty() { "null" } else { text };
        serde_json::from_str(text).map(|value| Fetched { value, etag }).map_err(|_| ApiError { status, problem: None })
    } else {
        Err(ApiError { status, problem: serde_json::from_str(text).ok() })
    }
}

/// `GET` of one value.
pub async fn get<T: DeserializeOwned>(path: impl Into<String>) -> Result<T, ApiError> {
    request(Req::get(path)).await.map(|fetched| fetched.value)
}

/// Every item of a paged list, reading the largest pages. `path` may already carry a query.
pub async fn all<T: DeserializeOwned>(path: &str) -> Result<Vec<T>, ApiError> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let separator = if path.contains('?') { '&' } else { '?' };
        let mut url = format!("{path}{separator}limit={PAGE_MAX}");
        if let Some(cursor) = &cursor {
            url.push_str(&format!("&cursor={}", encode(cursor)));
        }
        let page: Page<T> = get(url).await?;
        items.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    Ok(items)
}

/// A query string from name/value pairs, leaving out empty values: `?a=1&b=x%20y`.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| format!("{name}={}", encode(value)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
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

/// A fresh `Idempotency-Key`: 128 random bits from the browser, as hex.
pub fn new_key() -> String {
    let mut bytes = [0u8; 16];
    #[cfg(target_arch = "wasm32")]
    if let Some(crypto) = web_sys::window().and_then(|window| window.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    if bytes.iter().all(|b| *b == 0) {
        // No crypto (native builds): time and a counter are unique enough for one tab.
        thread_local!(static COUNTER: std::cell::Cell<u64> = const { std::cell::Cell::new(0) });
        let count = COUNTER.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        bytes[..8].copy_from_slice(&count.to_be_bytes());
        bytes[8..].copy_from_slice(&(crate::format::now_millis() as u64).to_be_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_strings_skip_empty_values_and_encode_the_rest() {
        assert_eq!(query(&[]), "");
        assert_eq!(query(&[("q", ""), ("limit", "50")]), "?limit=50");
        assert_eq!(query(&[("q", "hà nội"), ("layout", "2021")]), "?q=h%C3%A0%20n%E1%BB%99i&layout=2021");
        assert_eq!(encode("a+b/c?&="), "a%2Bb%2Fc%3F%26%3D");
    }

    #[test]
    fn success_bodies_decode_with_their_etag() {
        let ok: Fetched<Vec<u8>> = decode(200, Some("\"3\"".into()), "[1,2]").unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ok, Fetched { value: vec![1, 2], etag: Some("\"3\"".into()) });
        let empty: Result<Fetched<()>, _> = decode(204, None, "");
        assert!(empty.is_ok());
    }

    #[test]
    fn problems_decode_into_api_errors() {
        let body = r#"{"type":"/problems/validation","title":"Unprocessable Entity","status":422,
            "detail":"some fields are not valid; see errors","code":"validation",
            "errors":[{"field":"username","code":"taken","message":"another account has this username"}]}"#;
        let error = decode::<()>(422, None, body).err().unwrap_or_else(ApiError::network);
        assert_eq!(error.status, 422);
        assert_eq!(error.code(), "validation");
        assert_eq!(error.field_errors()[0].field, "username");
        let opaque = decode::<()>(502, None, "<html>bad gateway</html>").err().unwrap_or_else(ApiError::network);
        assert_eq!((opaque.status, opaque.problem), (502, None));
    }

    #[test]
    fn idempotency_keys_differ() {
        let (a, b) = (new_key(), new_key());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}

//! The web app's door to the REST API: the one typed client of `danvan-client` over
//! [`Browser`], a transport that sends each call to the same origin with the session's
//! bearer token. When the server refuses the token (401) it renews the session once from
//! the refresh cookie (one renewal shared by every call of the tab that needs it, as a
//! refresh token works only once) and retries; when that fails too the session ends and
//! the guard sends the user to `/login`. The page never sees the refresh token: it is an
//! HttpOnly cookie of `/api/v1/auth` that the browser keeps and sends. Tabs share the
//! access token through `localStorage` (a tab takes the one another tab renewed, by the
//! `storage` event), and the server still takes a just-rotated refresh token for a few
//! seconds, so two tabs that renew at once keep their session.
//!
//! Pages call the operations directly: `api::client().get_task(id)`. The submodules hold
//! what only the web app needs: the session's login and logout, and the filters that
//! travel in a page's URL.

pub mod audit;
pub mod auth;
pub mod community_teams;
pub mod tasks;
pub mod uploads;

use crate::state::{SessionAction, Tokens};
pub use danvan_client::{etag_of, ClientError as ApiError, Tagged, PAGE_MAX};
use danvan_client::{Answer, Api, Call, Method, Transport};
use danvan_domain::area::{Area, AreaLevel, Layout};
use futures::future::{FutureExt, LocalBoxFuture, Shared};
use gloo::net::http::RequestBuilder;
use std::cell::RefCell;
use yew::Callback;

/// The API as the signed-in user (or anonymously before login).
pub fn client() -> Api<Browser> {
    Api::over(Browser)
}

/// Calls over the browser's `fetch`, on the page's origin, with the session's token.
#[derive(Clone, Copy, Debug)]
pub struct Browser;

impl Transport for Browser {
    async fn send(&self, call: Call) -> Result<Answer, String> {
        let call = &call;
        with_session(call.anonymous, move |bearer| async move { fetch(call, bearer.as_deref()).await }).await
    }
}

/// Sends a request with the session's token (`send` is given the bearer token to put on
/// it). When the server refuses the token (401), renews the session once and sends it again.
async fn with_session<F, Fut>(anonymous: bool, send: F) -> Result<Answer, String>
where
    F: Fn(Option<String>) -> Fut,
    Fut: std::future::Future<Output = Result<Answer, String>>,
{
    let sent = if anonymous { None } else { tokens().map(|t| t.access_token) };
    let answer = send(sent.clone()).await?;
    let Some(sent) = sent.filter(|_| answer.status == 401) else {
        return Ok(answer);
    };
    // Another call may have renewed the session meanwhile; otherwise renew it now.
    let access = match tokens() {
        Some(current) if current.access_token != sent => current.access_token,
        Some(_) => match renew().await {
            Renewal::Renewed(tokens) => tokens.access_token,
            Renewal::Refused => {
                expire();
                return Ok(answer);
            }
            Renewal::Unreachable => return Err("the session could not be renewed".into()),
        },
        None => return Ok(answer),
    };
    let retry = send(Some(access)).await?;
    if retry.status == 401 {
        expire();
    }
    Ok(retry)
}

/// Posts `form` (`multipart/form-data`, such as a file upload, which the client's JSON
/// calls do not carry) to `target` with the session's token, and reads the JSON answer, or
/// the problem of a refusal, as the client's calls do.
pub async fn post_form<R: serde::de::DeserializeOwned>(
    target: &str,
    form: &web_sys::FormData,
    idempotency_key: Option<&str>,
) -> Result<R, ApiError> {
    let send = move |bearer: Option<String>| async move {
        let mut builder = RequestBuilder::new(target)
            .method(gloo::net::http::Method::POST)
            .header("Accept", "application/json, application/problem+json");
        if let Some(token) = bearer {
            builder = builder.header("Authorization", &format!("Bearer {token}"));
        }
        if let Some(key) = idempotency_key {
            builder = builder.header("Idempotency-Key", key);
        }
        let response =
            builder.body(form.clone()).map_err(|e| e.to_string())?.send().await.map_err(|e| e.to_string())?;
        let headers = response.headers();
        Ok(Answer {
            status: response.status(),
            etag: headers.get("etag"),
            content_type: headers.get("content-type"),
            content_disposition: headers.get("content-disposition"),
            body: response.binary().await.map_err(|e| e.to_string())?,
        })
    };
    let answer = with_session(false, send).await.map_err(ApiError::Transport)?;
    json_of(answer)
}

/// A successful answer's JSON body; an error answer as its problem.
fn json_of<R: serde::de::DeserializeOwned>(answer: Answer) -> Result<R, ApiError> {
    let status = answer.status;
    if !(200..300).contains(&status) {
        return Err(match serde_json::from_slice::<danvan_domain::problem::Problem>(&answer.body) {
            Ok(problem) => ApiError::Problem { status, problem: Box::new(problem) },
            Err(_) => ApiError::Unexpected { status, detail: "no problem body".into() },
        });
    }
    serde_json::from_slice(&answer.body)
        .map_err(|error| ApiError::Unexpected { status, detail: format!("body: {error}") })
}

async fn fetch(call: &Call, bearer: Option<&str>) -> Result<Answer, String> {
    let method = match call.method {
        Method::Get => gloo::net::http::Method::GET,
        Method::Post => gloo::net::http::Method::POST,
        Method::Patch => gloo::net::http::Method::PATCH,
        Method::Delete => gloo::net::http::Method::DELETE,
    };
    let mut builder = RequestBuilder::new(&call.target())
        .method(method)
        .header("Accept", "application/json, application/problem+json");
    if let Some(token) = bearer {
        builder = builder.header("Authorization", &format!("Bearer {token}"));
    }
    for (name, value) in &call.headers {
        builder = builder.header(name, value);
    }
    let request = match &call.body {
        Some(body) => builder.header("Content-Type", "application/json").body(body.as_str()),
        None => builder.build(),
    };
    let response = request.map_err(|e| e.to_string())?.send().await.map_err(|e| e.to_string())?;
    let headers = response.headers();
    Ok(Answer {
        status: response.status(),
        etag: headers.get("etag"),
        content_type: headers.get("content-type"),
        content_disposition: headers.get("content-disposition"),
        body: response.binary().await.map_err(|e| e.to_string())?,
    })
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

/// Takes the access token another tab renewed, so that this tab need not renew again.
pub fn adopt(shared: Tokens) {
    LINK.with(|link| link.borrow_mut().tokens = Some(shared.clone()));
    notify(SessionAction::Refreshed(shared));
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

/// The renewal in progress, or a new one.
async fn renew() -> Renewal {
    let renewal = LINK.with(|link| {
        let mut link = link.borrow_mut();
        link.renewing.get_or_insert_with(|| renew_once().boxed_local().shared()).clone()
    });
    renewal.await
}

async fn renew_once() -> Renewal {
    if tokens().is_none() {
        return Renewal::Refused;
    }
    // The browser sends the refresh cookie, always the latest one any tab received: tabs
    // that renew one after the other each rotate it, and two at the same moment present the
    // same one, which the server takes twice within its grace window.
    let outcome = match client().web_refresh().await {
        Ok(pair) => Renewal::Renewed(pair.into()),
        Err(error) if error.status().is_none_or(|status| status >= 500) => Renewal::Unreachable,
        Err(_) => Renewal::Refused,
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

/// Every province of `layout`, for pickers and filters.
pub async fn provinces(layout: Layout) -> Result<Vec<Area>, ApiError> {
    client().all_areas(&[("layout", layout.as_str()), ("level", AreaLevel::Province.as_str())]).await
}

/// A query string from name/value pairs, leaving out empty values: `?a=1&b=x%20y`.
pub fn query(pairs: &[(&str, &str)]) -> String {
    Call::get("").query(pairs).target()
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
    }

    #[test]
    fn answers_read_as_values_or_problems() {
        let answer = |status: u16, body: &str| Answer {
            status,
            etag: None,
            content_type: None,
            content_disposition: None,
            body: body.as_bytes().to_vec(),
        };
        assert_eq!(json_of::<Vec<u8>>(answer(201, "[1,2]")), Ok(vec![1, 2]));
        let refused = json_of::<Vec<u8>>(answer(
            415,
            r#"{"type":"/problems/unsupported_media_type","title":"Unsupported","status":415,"code":"unsupported_media_type"}"#,
        ));
        assert_eq!(refused.err().and_then(|e| e.code().map(str::to_owned)).as_deref(), Some("unsupported_media_type"));
        assert_eq!(json_of::<Vec<u8>>(answer(502, "oops")).err().and_then(|e| e.status()), Some(502));
    }

    #[test]
    fn idempotency_keys_differ() {
        let (a, b) = (new_key(), new_key());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}

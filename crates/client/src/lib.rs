//! A typed client for the Dân vận REST API, written once for native programs and the web
//! app: every operation is one method of [`Api`], over a [`Transport`] that only moves
//! bytes ([`Http`] over reqwest natively; the web app brings its own over `fetch`).
//!
//! Errors from the server arrive as [`ClientError::Problem`] with the RFC 9457 body, so
//! callers match on `problem.code` rather than on message text.
//!
//! ```no_run
//! # async fn demo() -> Result<(), danvan_client::ClientError> {
//! let client = danvan_client::Client::new("http://127.0.0.1:8080");
//! let tokens = client.login("admin", "the admin password").await?;
//! let admin = client.with_token(&tokens.access_token);
//! let me = admin.me().await?;
//! println!("logged in as {}", me.user.username);
//! # Ok(()) }
//! ```

pub mod aid;
mod attachments;
pub mod beneficiaries;
mod community_teams;
pub mod distributions;
mod foundation;
#[cfg(feature = "reqwest")]
mod native;
pub mod reports;
mod tasks;
mod transparency;
pub mod transport;
mod work;

#[cfg(feature = "reqwest")]
pub use native::{Client, Http};
pub use tasks::Download;
pub use transport::{Answer, Call, Method, Transport};

use danvan_domain::{page::Page, problem::Problem, validation::FieldError};
use serde::de::DeserializeOwned;

/// The largest page the API returns, used when a list is read whole.
pub const PAGE_MAX: u32 = danvan_domain::page::MAX_LIMIT;
/// A bound on the pages read by one whole-list read, against a server that never ends a list.
const MAX_PAGES: usize = 200;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// The server answered with a problem.
    #[error("{status}: {} ({})", problem.title, problem.detail.as_deref().unwrap_or_default())]
    Problem { status: u16, problem: Box<Problem> },
    /// The request did not reach the server, or its answer could not be read.
    #[error("transport: {0}")]
    Transport(String),
    /// The answer was not what the API documents.
    #[error("{status}: unexpected answer: {detail}")]
    Unexpected { status: u16, detail: String },
}

impl ClientError {
    /// The server could not be reached.
    pub fn network() -> ClientError {
        ClientError::Transport("the server could not be reached".into())
    }

    /// The HTTP status of the answer; `None` when the server could not be reached.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Problem { status, .. } | ClientError::Unexpected { status, .. } => Some(*status),
            ClientError::Transport(_) => None,
        }
    }

    /// The problem's stable code, e.g. `validation`, `precondition_failed`.
    pub fn code(&self) -> Option<&str> {
        self.problem().map(|problem| problem.code.as_str())
    }

    pub fn problem(&self) -> Option<&Problem> {
        match self {
            ClientError::Problem { problem, .. } => Some(problem),
            _ => None,
        }
    }

    /// The failing fields of a validation problem.
    pub fn field_errors(&self) -> &[FieldError] {
        self.problem().map_or(&[], |problem| problem.errors.as_slice())
    }
}

pub type Result<T> = std::result::Result<T, ClientError>;

/// A record with the `ETag` it was read with, to send back as `If-Match`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged<T> {
    pub value: T,
    pub etag: String,
}

/// The `If-Match` value of a record read at `version`, for records that come from a
/// list or a change (only single reads carry an `ETag` header the client keeps).
pub fn etag_of(version: i64) -> String {
    format!("\"{version}\"")
}

/// The API over one transport, optionally with an access token.
#[derive(Debug, Clone)]
pub struct Api<T> {
    transport: T,
    token: Option<String>,
}

impl<T: Transport + Clone> Api<T> {
    /// The same API, sending `Authorization: Bearer <token>`.
    pub fn with_token(&self, token: &str) -> Api<T> {
        Api { transport: self.transport.clone(), token: Some(token.to_owned()) }
    }
}

impl<T: Transport> Api<T> {
    pub fn over(transport: T) -> Api<T> {
        Api { transport, token: None }
    }

    async fn send(&self, mut call: Call) -> Result<Answer> {
        if let (Some(token), false) = (&self.token, call.anonymous) {
            call = call.header("Authorization", format!("Bearer {token}"));
        }
        checked(self.transport.send(call).await.map_err(ClientError::Transport)?)
    }

    async fn json<R: DeserializeOwned>(&self, call: Call) -> Result<R> {
        decode(self.send(call).await?)
    }

    async fn tagged<R: DeserializeOwned>(&self, call: Call) -> Result<Tagged<R>> {
        let mut answer = self.send(call).await?;
        let status = answer.status;
        let etag = answer.etag.take().ok_or_else(|| ClientError::Unexpected { status, detail: "no ETag".into() })?;
        Ok(Tagged { value: decode(answer)?, etag })
    }

    async fn empty(&self, call: Call) -> Result<()> {
        self.send(call).await.map(drop)
    }

    /// A file the API answers at `path`, with its type and disposition.
    async fn download(&self, path: &str, query: &[(&str, &str)]) -> Result<Download> {
        let answer = self.send(Call::get(path).query(query)).await?;
        let status = answer.status;
        let content_type =
            answer.content_type.ok_or_else(|| ClientError::Unexpected { status, detail: "no Content-Type".into() })?;
        let disposition = answer.content_disposition.unwrap_or_default();
        Ok(Download { bytes: answer.body, content_type, disposition })
    }

    /// Every item of a paged list at `path`, reading the largest pages.
    async fn every<R: DeserializeOwned>(&self, path: &str, query: &[(&str, &str)]) -> Result<Vec<R>> {
        let limit = PAGE_MAX.to_string();
        let mut items = Vec::new();
        let mut cursor = String::new();
        for _ in 0..MAX_PAGES {
            let call = Call::get(path).query(query).query(&[("limit", limit.as_str()), ("cursor", cursor.as_str())]);
            let page: Page<R> = self.json(call).await?;
            items.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = next,
                None => break,
            }
        }
        Ok(items)
    }
}

/// A successful answer as it came; an error answer as its problem.
fn checked(answer: Answer) -> Result<Answer> {
    if (200..300).contains(&answer.status) {
        return Ok(answer);
    }
    let status = answer.status;
    match serde_json::from_slice::<Problem>(&answer.body) {
        Ok(problem) => Err(ClientError::Problem { status, problem: Box::new(problem) }),
        Err(_) => Err(ClientError::Unexpected {
            status,
            detail: format!("no problem body: {}", String::from_utf8_lossy(&answer.body)),
        }),
    }
}

/// The JSON body of a successful answer (an empty body reads as `null`, for `()`).
fn decode<R: DeserializeOwned>(answer: Answer) -> Result<R> {
    let body: &[u8] = if answer.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &answer.body };
    serde_json::from_slice(body)
        .map_err(|error| ClientError::Unexpected { status: answer.status, detail: format!("body: {error}") })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer { status, body: body.as_bytes().to_vec(), ..Answer::default() }
    }

    #[test]
    fn bodies_decode_and_empty_ones_read_as_unit() {
        assert_eq!(decode::<Vec<u8>>(answer(200, "[1,2]")), Ok(vec![1, 2]));
        assert_eq!(decode::<()>(answer(204, "")), Ok(()));
        assert!(matches!(decode::<Vec<u8>>(answer(200, "<html>")), Err(ClientError::Unexpected { status: 200, .. })));
    }

    /// A transport that answers every call with the same answer.
    #[derive(Clone)]
    struct Fixed(Answer);

    impl Transport for Fixed {
        async fn send(&self, _: Call) -> std::result::Result<Answer, String> {
            Ok(self.0.clone())
        }
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        // The fixed transport never waits, so one poll finishes the call.
        let waker = std::task::Waker::noop();
        let mut context = std::task::Context::from_waker(waker);
        let mut future = std::pin::pin!(future);
        match future.as_mut().poll(&mut context) {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("the fixed transport does not wait"),
        }
    }

    #[test]
    fn problems_become_typed_errors() {
        let body = r#"{"type":"/problems/validation","title":"Unprocessable Entity","status":422,
            "detail":"some fields are not valid; see errors","code":"validation",
            "errors":[{"field":"username","code":"taken","message":"another account has this username"}]}"#;
        let api = Api::over(Fixed(answer(422, body)));
        let error = block_on(api.me()).err().unwrap_or_else(ClientError::network);
        assert_eq!((error.status(), error.code()), (Some(422), Some("validation")));
        assert_eq!(error.field_errors()[0].field, "username");
        let api = Api::over(Fixed(answer(502, "<html>bad gateway</html>")));
        let error = block_on(api.me()).err().unwrap_or_else(ClientError::network);
        assert_eq!((error.status(), error.code()), (Some(502), None));
    }
}

//! API errors and their problem+json form. Handlers return [`ApiError`]; the
//! `problem` middleware fills in the request id and path, and turns any other error
//! response (unknown route, framework errors) into a problem too.
//!
//! # Which status, and what builds it
//!
//! Pick the first that fits. Store errors ([`StoreError`]) convert with `?`; a handler
//! seldom names a variant itself.
//!
//! | status | when | built by |
//! |---|---|---|
//! | 400 `bad_request` | The request cannot be read: malformed JSON, a query or path parameter not of its type, an unknown query parameter, a malformed header (`If-Match` that is no list of entity tags, `Idempotency-Key`). Nothing about the data is judged yet. | [`ApiError::BadRequest`]; the extractor configs in `http` (`json_config`, `query_config`, `path_config`) and the route table do it for you |
//! | 401 `unauthorized` | No access token, or one that is expired, revoked or forged; a wrong password at login. Sends `WWW-Authenticate`. | [`ApiError::Unauthorized`], from the `Caller` extractor and the auth routes |
//! | 403 `forbidden` | The caller is known but their role may not do this at all (`caller.require(action)`), or may not do it to this record. | [`ApiError::Forbidden`] |
//! | 404 `not_found` | No such resource, or no such route. Whether a record outside the caller's scope is a 403 or a 404 is the authorization policy's to say, in one place (`docs/authorization.md`). | [`ApiError::NotFound`], or [`StoreError::NotFound`] from a `find`/`get` through `?` |
//! | 409 `<code>` | The request is valid but conflicts with the stored state: deleting a unit that still has members, changing your own account through the admin route, a superseded row. Carries its own stable code. | [`ApiError::conflict`]`(code, detail)`, or [`StoreError::conflict`] in the store |
//! | 412 `precondition_failed` | `If-Match` names no current version: a stale one, a weak tag, or a well-formed tag that is none of ours (entity tags are opaque to clients, RFC 9110 §13.1.1). | [`StoreError::VersionMismatch`], from the store's one `expect_version` check |
//! | 413 `payload_too_large` | The body is larger than `max_body_bytes`, or an uploaded file larger than `max_upload_bytes`. | [`ApiError::PayloadTooLarge`], from `http::json_config` and the upload |
//! | 415 `unsupported_media_type` | A body that is not `application/json` sent to an endpoint that reads JSON; an upload that is not `multipart/form-data`, or whose file's content is none of the accepted types. | [`ApiError::UnsupportedMediaType`]`(detail)`, from `http::json_config` and the upload |
//! | 422 `validation` | Readable but not valid: a field breaks a rule, refers to a record that does not exist, or is taken; `limit` out of range; a cursor this list never returned. Lists every failing field in `errors`. | [`ApiError::invalid`]`(field, code, message)` for one field, `http::validated(request.validate())` for a body, [`StoreError::invalid`] in the store |
//! | 422 `idempotency_key_reused` | An `Idempotency-Key` already used for a different request. | [`ApiError::IdempotencyMismatch`], from `http::create_once` |
//! | 428 `precondition_required` | A PUT, PATCH or DELETE without `If-Match`, or with `If-Match: *` (which would skip the lost-update check). | [`ApiError::PreconditionRequired`], from the `http::IfMatch` extractor |
//! | 429 `too_many_requests` | Too many login attempts. Sends `Retry-After`. | [`ApiError::TooManyRequests`] |
//! | 503 `unavailable` | The database cannot be reached or the pool is exhausted; `/readyz` while not ready. | [`ApiError::Unavailable`], from [`StoreError::Pool`] and [`StoreError::Connection`] |
//! | 503 `busy` | The server cannot take the request now: the password-hashing queue is full or waited too long, SQLite stayed locked past its busy timeout, or a PostgreSQL write kept conflicting with concurrent ones through every retry. Sends `Retry-After`; retrying later is safe. | [`ApiError::Busy`], from `Passwords`; [`ApiError::DatabaseBusy`] from the database through [`StoreError`] (the same answer, told apart by the metrics) |
//! | 500 `internal` | Anything else: a bug or unreadable stored data. The cause is logged, never sent. | [`ApiError::Internal`] |

use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use danvan_domain::{problem::Problem, validation::FieldError};
use danvan_store::{db::Retryable, StoreError};

pub const PROBLEM_JSON: &str = "application/problem+json";

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    Unauthorized(&'static str),
    #[error("your role may not do this")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{detail}")]
    Conflict { code: &'static str, detail: String },
    /// A 409: the record would duplicate `existing`, which the answer names.
    #[error("{detail}")]
    Duplicate { code: &'static str, detail: String, existing: danvan_domain::named::NamedRef },
    /// A 409: the record is likely to duplicate the `candidates`, which the answer names.
    #[error("{detail}")]
    PossibleDuplicates { code: &'static str, detail: String, candidates: Vec<danvan_domain::named::NamedRef> },
    #[error("send If-Match with the version you last read")]
    PreconditionRequired,
    #[error("the record changed since you read it (now version {current})")]
    PreconditionFailed { current: i64 },
    #[error("{0}")]
    IdempotencyMismatch(&'static str),
    #[error("too many attempts; try again in {retry_after} s")]
    TooManyRequests { retry_after: u64 },
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    /// The body, or the file it carries, is not of a type the endpoint takes; says which it takes.
    #[error("{0}")]
    UnsupportedMediaType(&'static str),
    #[error("the service is not ready")]
    Unavailable,
    #[error("the server is busy; try again in {retry_after} s")]
    Busy { retry_after: u64 },
    /// The database could not take the write now: SQLite stayed locked past its busy
    /// timeout, or PostgreSQL aborted every attempt for a conflict. Answered as
    /// [`ApiError::Busy`] with a one-second `Retry-After`; a variant of its own so that the
    /// metrics tell it from a full hashing queue.
    #[error("the server is busy; try again in 1 s")]
    DatabaseBusy,
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    /// A 422 about one field.
    pub fn invalid(field: &str, code: &str, message: &str) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// A 409 with its own stable `code`.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError::Conflict { code, detail: detail.into() }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Validation(_) => "validation",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::Conflict { code, .. }
            | ApiError::Duplicate { code, .. }
            | ApiError::PossibleDuplicates { code, .. } => code,
            ApiError::PreconditionRequired => "precondition_required",
            ApiError::PreconditionFailed { .. } => "precondition_failed",
            ApiError::IdempotencyMismatch(_) => "idempotency_key_reused",
            ApiError::TooManyRequests { .. } => "too_many_requests",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::UnsupportedMediaType(_) => "unsupported_media_type",
            ApiError::Unavailable => "unavailable",
            ApiError::Busy { .. } | ApiError::DatabaseBusy => "busy",
            ApiError::Internal(_) => "internal",
        }
    }

    pub fn problem(&self) -> Problem {
        let status = self.status_code();
        let mut problem = Problem::new(status.as_u16(), self.code(), status.canonical_reason().unwrap_or("Error"));
        problem.detail = match self {
            ApiError::Internal(_) => Some("the server could not complete the request; quote the request id".into()),
            ApiError::Validation(_) => Some("some fields are not valid; see errors".into()),
            other => Some(other.to_string()),
        };
        if let ApiError::Validation(errors) = self {
            problem.errors = errors.clone();
        }
        if let ApiError::Duplicate { existing, .. } = self {
            problem.existing = Some(existing.clone());
        }
        if let ApiError::PossibleDuplicates { candidates, .. } = self {
            problem.candidates = candidates.clone();
        }
        problem
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Validation(_) | ApiError::IdempotencyMismatch(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::Conflict { .. } | ApiError::Duplicate { .. } | ApiError::PossibleDuplicates { .. } => {
                StatusCode::CONFLICT
            }
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Unavailable | ApiError::Busy { .. } | ApiError::DatabaseBusy => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(cause) = self {
            tracing::error!(%cause, "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.content_type(PROBLEM_JSON);
        match self {
            ApiError::TooManyRequests { retry_after } | ApiError::Busy { retry_after } => {
                response.insert_header(("Retry-After", retry_after.to_string()));
            }
            ApiError::DatabaseBusy => {
                response.insert_header(("Retry-After", "1"));
            }
            ApiError::Unauthorized(_) => {
                response.insert_header(("WWW-Authenticate", "Bearer realm=\"danvan\""));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

/// Whether a database error says SQLite stayed locked past its busy timeout.
pub(crate) fn is_busy(message: &str) -> bool {
    message.contains("database is locked") || message.contains("database is busy")
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::VersionMismatch { current } => ApiError::PreconditionFailed { current },
            StoreError::Conflict { code, detail } => ApiError::Conflict { code, detail },
            StoreError::Duplicate { code, detail, existing } => ApiError::Duplicate { code, detail, existing },
            StoreError::PossibleDuplicates { code, detail, candidates } => {
                ApiError::PossibleDuplicates { code, detail, candidates }
            }
            StoreError::Forbidden => ApiError::Forbidden,
            StoreError::Invalid(errors) => ApiError::Validation(errors),
            StoreError::Pool(_) | StoreError::Connection(_) => ApiError::Unavailable,
            StoreError::Database(danvan_store::diesel::result::Error::DatabaseError(_, info))
                if is_busy(info.message()) =>
            {
                ApiError::DatabaseBusy
            }
            error if error.is_retryable() => ApiError::DatabaseBusy,
            other => ApiError::Internal(other.to_string()),
        }
    }
}

/// A PostgreSQL serialization failure or deadlock arrives here as `DatabaseBusy`: the
/// write is run again, and a caller sees it only when every attempt failed.
impl Retryable for ApiError {
    fn is_retryable(&self) -> bool {
        matches!(self, ApiError::DatabaseBusy)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(error.to_string())
    }
}

impl From<danvan_store::diesel::result::Error> for ApiError {
    fn from(error: danvan_store::diesel::result::Error) -> Self {
        ApiError::from(StoreError::from(error))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use danvan_store::diesel::result::{DatabaseErrorKind, Error};

    #[test]
    fn a_locked_sqlite_is_busy_not_broken() {
        let locked = Error::DatabaseError(DatabaseErrorKind::Unknown, Box::new("database is locked".to_owned()));
        let error = ApiError::from(locked);
        assert!(matches!(error, ApiError::DatabaseBusy), "{error:?}");
        assert_eq!(error.problem().code, "busy");
        assert_eq!(error.status_code(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(error.error_response().headers().get("Retry-After").map(|v| v.as_bytes()), Some(&b"1"[..]));
        let other = Error::DatabaseError(DatabaseErrorKind::Unknown, Box::new("disk I/O error".to_owned()));
        assert!(matches!(ApiError::from(other), ApiError::Internal(_)));
    }
}

//! API errors and their problem+json form. Handlers return [`ApiError`]; the
//! `problem` middleware fills in the request id and path, and turns any other error
//! response (unknown route, framework errors) into a problem too.

use actix_web::{http::StatusCode, HttpResponse, ResponseError};
use danvan_domain::{problem::Problem, validation::FieldError};
use danvan_store::StoreError;

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
    #[error("the service is not ready")]
    Unavailable,
    #[error("internal error")]
    Internal(String),
}

impl ApiError {
    pub fn invalid(field: &str, code: &str, message: &str) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "bad_request",
            ApiError::Validation(_) => "validation",
            ApiError::Unauthorized(_) => "unauthorized",
            ApiError::Forbidden => "forbidden",
            ApiError::NotFound => "not_found",
            ApiError::Conflict { code, .. } => code,
            ApiError::PreconditionRequired => "precondition_required",
            ApiError::PreconditionFailed { .. } => "precondition_failed",
            ApiError::IdempotencyMismatch(_) => "idempotency_key_reused",
            ApiError::TooManyRequests { .. } => "too_many_requests",
            ApiError::PayloadTooLarge { .. } => "payload_too_large",
            ApiError::Unavailable => "unavailable",
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
            ApiError::Conflict { .. } => StatusCode::CONFLICT,
            ApiError::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            ApiError::PreconditionFailed { .. } => StatusCode::PRECONDITION_FAILED,
            ApiError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
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
            ApiError::TooManyRequests { retry_after } => {
                response.insert_header(("Retry-After", retry_after.to_string()));
            }
            ApiError::Unauthorized(_) => {
                response.insert_header(("WWW-Authenticate", "Bearer realm=\"danvan\""));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => ApiError::NotFound,
            StoreError::VersionMismatch { current } => ApiError::PreconditionFailed { current },
            StoreError::Conflict { code, detail } => ApiError::Conflict { code, detail },
            StoreError::Invalid(errors) => ApiError::Validation(errors),
            StoreError::Pool(_) | StoreError::Connection(_) => ApiError::Unavailable,
            other => ApiError::Internal(other.to_string()),
        }
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

//! Middleware of every request: the request id (taken from `X-Request-Id` when sane,
//! else a new UUIDv7), one structured log line per request, problem+json for every
//! error response, whoever produced it, and the security headers of every response.

use crate::error::{ApiError, PROBLEM_JSON};
use actix_web::{
    body::{self, BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{header, StatusCode},
    middleware::Next,
    Error, HttpMessage, HttpResponse,
};
use danvan_domain::problem::Problem;
use std::time::Instant;

/// The id of the current request, in request extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

pub const REQUEST_ID: &str = "x-request-id";

fn sane_request_id(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Outermost: assigns the request id, logs the outcome, echoes the id in the response.
pub async fn request_id(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| sane_request_id(v))
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let started = Instant::now();
    let method = req.method().to_string();
    let path = req.path().to_owned();
    let mut response = next.call(req).await?.map_into_boxed_body();
    let status = response.status().as_u16();
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::error!(request_id = %id, %method, %path, status, elapsed_ms, "request");
    } else {
        tracing::info!(request_id = %id, %method, %path, status, elapsed_ms, "request");
    }
    if let Ok(value) = header::HeaderValue::from_str(&id) {
        response.headers_mut().insert(header::HeaderName::from_static(REQUEST_ID), value);
    }
    Ok(response)
}

/// Inside the request id: every error answer becomes problem+json carrying the request
/// id and path, including those made by the framework (unknown routes, payload errors).
pub async fn problem_details(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let request_id = req.extensions().get::<RequestId>().map(|id| id.0.clone());
    let path = req.path().to_owned();
    // Handlers' errors arrive here as responses; an `Err` comes only from middleware
    // further in, which answers for itself.
    let response = next.call(req).await?.map_into_boxed_body();
    if !response.status().is_client_error() && !response.status().is_server_error() {
        return Ok(response);
    }
    let (request, response) = response.into_parts();
    let status = response.status();
    let headers = response.headers().clone();
    let is_problem = headers.get(header::CONTENT_TYPE).is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    let bytes = body::to_bytes(response.into_body()).await.unwrap_or_default();
    let mut problem = is_problem
        .then(|| serde_json::from_slice::<Problem>(&bytes).ok())
        .flatten()
        .unwrap_or_else(|| framework_problem(status, &bytes));
    problem.instance = Some(path);
    problem.request_id = request_id;
    let mut builder = HttpResponse::build(status);
    for (name, value) in headers.iter() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            builder.append_header((name.clone(), value.clone()));
        }
    }
    Ok(ServiceResponse::new(request, builder.content_type(PROBLEM_JSON).json(problem)))
}

/// A problem for an error answer that is not one already.
fn framework_problem(status: StatusCode, body: &[u8]) -> Problem {
    let text = String::from_utf8_lossy(body).trim().chars().take(300).collect::<String>();
    match status {
        StatusCode::NOT_FOUND => ApiError::NotFound.problem().with_detail("no such resource or route"),
        StatusCode::METHOD_NOT_ALLOWED => Problem::new(405, "method_not_allowed", "Method Not Allowed")
            .with_detail("see the Allow header for the methods this path takes"),
        StatusCode::PAYLOAD_TOO_LARGE => Problem::new(413, "payload_too_large", "Payload Too Large"),
        status if status.is_server_error() => ApiError::Internal(text).problem(),
        status => {
            let reason = status.canonical_reason().unwrap_or("Error");
            let code = reason.to_lowercase().replace([' ', '-'], "_");
            let problem = Problem::new(status.as_u16(), &code, reason);
            if text.is_empty() {
                problem
            } else {
                problem.with_detail(text)
            }
        }
    }
}

/// The web app's policy: its scripts, styles and wasm come from this origin only (the
/// wasm needs `'wasm-unsafe-eval'`), it talks only to this origin, and no page may frame it.
pub const APP_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// Swagger UI sets inline styles and shows data: images, so its pages allow those; its
/// scripts still come from this origin only.
pub const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/// Adds the security headers to every response that does not set its own. HSTS belongs to
/// the TLS proxy in front (README, "Behind a proxy").
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let docs = req.path().starts_with("/api/docs");
    let mut response = next.call(req).await?.map_into_boxed_body();
    let headers = response.headers_mut();
    let policy = if docs { DOCS_CSP } else { APP_CSP };
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, policy),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            header::HeaderName::from_static("permissions-policy"),
            "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
        ),
        (header::HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, header::HeaderValue::from_static(value));
        }
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_from_clients_are_bounded_and_plain() {
        assert!(sane_request_id("abc-123_x.y"));
        assert!(!sane_request_id(""));
        assert!(!sane_request_id("with space"));
        assert!(!sane_request_id(&"a".repeat(65)));
    }

    #[test]
    fn framework_errors_get_stable_codes() {
        assert_eq!(framework_problem(StatusCode::NOT_FOUND, b"").code, "not_found");
        assert_eq!(framework_problem(StatusCode::METHOD_NOT_ALLOWED, b"").code, "method_not_allowed");
        let unsupported = framework_problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, b"nope");
        assert_eq!(
            (unsupported.code.as_str(), unsupported.detail.as_deref()),
            ("unsupported_media_type", Some("nope"))
        );
        let internal = framework_problem(StatusCode::INTERNAL_SERVER_ERROR, b"secret stack");
        assert!(!internal.detail.unwrap_or_default().contains("secret"));
    }
}

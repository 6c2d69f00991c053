//! The public figures of aid, without login: `GET /public/aid/campaigns` and
//! `GET /public/aid/campaigns/{id}`. No `Caller`: these answer anyone, and carry only
//! sums (no beneficiary, and only the donors who agreed to be named). Each answer has a
//! strong `ETag` (a hash of its body) and `Cache-Control: public, max-age=60`; a request
//! whose `If-None-Match` names it gets `304 Not Modified` without a body.

use crate::{error::ApiError, http, state::AppState};
use actix_web::{get, http::header, web, HttpRequest, HttpResponse};
use danvan_domain::{
    aid::transparency::{PublicCampaignReport, PublicSummary},
    problem::Problem,
};
use danvan_store::aid as store;
use serde::Serialize;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// How long a browser or proxy may reuse an answer without asking again.
const CACHE_CONTROL: &str = "public, max-age=60";

/// Problems a public read can answer with.
#[derive(utoipa::IntoResponses)]
#[allow(dead_code)]
pub enum PublicReadProblems {
    #[response(status = 400, description = "Malformed parameters", content_type = "application/problem+json")]
    BadRequest(Problem),
    #[response(
        status = 404,
        description = "No such campaign, or one not yet open",
        content_type = "application/problem+json"
    )]
    NotFound(Problem),
    #[response(status = 500, description = "Server error", content_type = "application/problem+json")]
    Internal(Problem),
    #[response(
        status = 503,
        description = "Busy or unavailable; try again later (after Retry-After when sent)",
        content_type = "application/problem+json"
    )]
    Unavailable(Problem),
}

/// The open and closed campaigns with what each received and handed out, and their sum.
/// Needs no login.
#[utoipa::path(
    tag = "aid",
    params(("If-None-Match" = Option<String>, Header, description = "The ETag of an answer already held")),
    responses(
        (
            status = 200,
            description = "Success",
            body = PublicSummary,
            headers(("ETag" = String, description = "A hash of the body"), ("Cache-Control" = String, description = "public, max-age=60"))
        ),
        (status = 304, description = "Not modified: If-None-Match names the current answer's ETag"),
        PublicReadProblems
    )
)]
#[get("/public/aid/campaigns")]
pub async fn public_aid_campaigns(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let summary = http::read(&state.db, |conn| Ok(store::public_summary(conn)?)).await?;
    cached(&req, &summary)
}

/// One campaign's public figures: received and handed out per item; by province (and by
/// commune within it, where a commune × category cell of fewer than five people is
/// folded into the province's "other communes"), by category of people; the donors who
/// agreed to be named and the others as one line; and the flow donor → campaign →
/// province → category. Needs no login.
#[utoipa::path(
    tag = "aid",
    params(
        ("id" = Uuid, Path, description = "Campaign id"),
        ("If-None-Match" = Option<String>, Header, description = "The ETag of an answer already held")
    ),
    responses(
        (
            status = 200,
            description = "Success",
            body = PublicCampaignReport,
            headers(("ETag" = String, description = "A hash of the body"), ("Cache-Control" = String, description = "public, max-age=60"))
        ),
        (status = 304, description = "Not modified: If-None-Match names the current answer's ETag"),
        PublicReadProblems
    )
)]
#[get("/public/aid/campaigns/{id}")]
pub async fn public_aid_campaign(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let report = http::read(&state.db, move |conn| Ok(store::public_campaign_report(conn, id)?)).await?;
    cached(&req, &report)
}

/// The body as JSON with its strong ETag, or `304` when `If-None-Match` names it.
fn cached(req: &HttpRequest, body: &impl Serialize) -> Result<HttpResponse, ApiError> {
    let bytes = serde_json::to_vec(body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let tag = etag(&bytes);
    let held = req.headers().get(header::IF_NONE_MATCH).and_then(|value| value.to_str().ok());
    let mut response =
        if held.is_some_and(|held| names_tag(held, &tag)) { HttpResponse::NotModified() } else { HttpResponse::Ok() };
    response.insert_header((header::ETAG, tag.clone())).insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    if held.is_some_and(|held| names_tag(held, &tag)) {
        return Ok(response.finish());
    }
    Ok(response.content_type("application/json").body(bytes))
}

/// `"<first 32 hex digits of the SHA-256 of the body>"`.
fn etag(body: &[u8]) -> String {
    let digest = Sha256::digest(body);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether an `If-None-Match` value names `tag` (compared weakly, RFC 9110 §13.1.2), or is `*`.
fn names_tag(held: &str, tag: &str) -> bool {
    held.trim() == "*" || held.split(',').map(str::trim).any(|held| held.strip_prefix("W/").unwrap_or(held) == tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_etag_follows_the_body_and_if_none_match_compares_weakly() {
        let tag = etag(b"{\"a\":1}");
        assert_eq!(tag.len(), 34);
        assert_eq!(tag, etag(b"{\"a\":1}"));
        assert_ne!(tag, etag(b"{\"a\":2}"));
        assert!(names_tag(&tag, &tag));
        assert!(names_tag(&format!("\"x\", W/{tag}"), &tag));
        assert!(names_tag("*", &tag));
        assert!(!names_tag("\"x\"", &tag));
    }
}

//! The HTTP conventions every endpoint shares: database work off the async threads,
//! pagination parameters, ETag / If-Match, Idempotency-Key, and the extractor
//! configuration that turns malformed input into problems.

use crate::{database::Database, error::ApiError};
use actix_web::{
    dev::Payload,
    error::{JsonPayloadError, PathError, QueryPayloadError},
    http::header,
    web, FromRequest, HttpRequest, HttpResponse,
};
use chrono::{DateTime, Utc};
use danvan_domain::{
    page::{DEFAULT_LIMIT, MAX_LIMIT},
    validation::FieldError,
};
use danvan_store::{db::Isolation, DbConnection, Pool, StoreError};
use serde::{Deserialize, Serialize};
use std::future::{ready, Ready};

/// Runs database work on the blocking pool outside a transaction: reads, and single
/// statements that are atomic on their own (the login throttle's compare-and-set).
pub async fn read<T, F>(pool: &Pool, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
{
    let pool = pool.clone();
    web::block(move || {
        let waiting = crate::metrics::PoolWait::start();
        let mut conn = pool.get().map_err(StoreError::from)?;
        drop(waiting);
        work(&mut conn)
    })
    .await?
}

/// Runs database work inside one write transaction, answering once it is committed;
/// `work` may run more than once (see [`crate::database::Database::write`]).
pub async fn write<T, F>(db: &Database, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnMut(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
{
    db.write(work).await
}

/// [`write`] for a posting to a ledger: at [`Isolation::ReadCommitted`] on PostgreSQL.
pub async fn post<T, F>(db: &Database, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnMut(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
{
    db.write_at(Isolation::ReadCommitted, work).await
}

/// `limit` and `cursor` of a list.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Rows per page, 1–200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// The `next_cursor` of the previous page.
    #[param(max_length = 512)]
    pub cursor: Option<String>,
}

impl PageParams {
    pub fn limit(&self) -> Result<usize, ApiError> {
        match self.limit.unwrap_or(DEFAULT_LIMIT) {
            limit @ 1..=MAX_LIMIT => Ok(limit as usize),
            _ => Err(ApiError::invalid("limit", "out_of_range", "must be between 1 and 200")),
        }
    }

    pub fn cursor(&self) -> Result<Option<String>, ApiError> {
        match &self.cursor {
            Some(cursor) if cursor.len() > 512 => {
                Err(ApiError::invalid("cursor", "too_long", "is not a cursor this list returned"))
            }
            other => Ok(other.clone()),
        }
    }
}

/// `updated_since` of lists that mobile clients sync.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SyncParams {
    /// Only rows changed after this time (RFC 3339), deleted rows included as tombstones
    /// (with `deleted_at` set), oldest change first.
    pub updated_since: Option<DateTime<Utc>>,
}

/// The entity tag of a record's version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// A 200 answer with the record and its ETag.
pub fn ok_with_etag<T: Serialize>(version: i64, body: &T) -> HttpResponse {
    HttpResponse::Ok().insert_header((header::ETAG, etag(version))).json(body)
}

/// The version a client read, from `If-Match`; required on every update and delete.
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub i64);

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(parse_if_match(req.headers().get(header::IF_MATCH).map(|v| v.to_str().unwrap_or_default())))
    }
}

/// A version no record has: what a well-formed `If-Match` that names none of ours stands
/// for, so that the store's version check answers 412 as for any other stale tag.
const NO_VERSION: i64 = -1;

/// Reads `If-Match` as RFC 9110 §13.1.1 has it: a list of entity tags, compared strongly.
/// Entity tags are opaque to clients, so a well-formed tag that is not one of ours (or a
/// weak one) simply does not match (412); only a malformed header is 400. `*` would skip
/// the lost-update check this API exists for, so it counts as no condition (428).
fn parse_if_match(value: Option<&str>) -> Result<IfMatch, ApiError> {
    let value = value.map(str::trim).filter(|v| !v.is_empty() && *v != "*").ok_or(ApiError::PreconditionRequired)?;
    let malformed = || ApiError::BadRequest("If-Match must be entity tags, e.g. \"3\"".into());
    let mut version = None;
    // A tag may hold commas, so the list is read tag by tag, not split on them.
    let mut rest = value;
    loop {
        let (weak, tag) = match rest.strip_prefix("W/") {
            Some(tag) => (true, tag),
            None => (false, rest),
        };
        let tag = tag.strip_prefix('"').ok_or_else(malformed)?;
        let end = tag.find('"').ok_or_else(malformed)?;
        let opaque = &tag[..end];
        if !opaque.bytes().all(|b| b == 0x21 || (0x23..=0x7e).contains(&b) || b >= 0x80) {
            return Err(malformed());
        }
        if !weak && version.is_none() {
            version = opaque.parse::<i64>().ok().filter(|v| *v > 0);
        }
        rest = tag[end + 1..].trim_start();
        if rest.is_empty() {
            break;
        }
        rest = rest.strip_prefix(',').ok_or_else(malformed)?.trim_start();
    }
    Ok(IfMatch(version.unwrap_or(NO_VERSION)))
}

/// The optional `Idempotency-Key` of a create, and the time before which an answer kept
/// under it no longer counts (`idempotency_ttl_secs` ago).
#[derive(Debug, Clone)]
pub struct IdempotencyKey(pub Option<String>, pub chrono::NaiveDateTime);

impl FromRequest for IdempotencyKey {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let key = req.headers().get("Idempotency-Key").map(|value| {
            value
                .to_str()
                .ok()
                .map(str::trim)
                .filter(|k| (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic()))
                .map(str::to_owned)
                .ok_or_else(|| ApiError::BadRequest("Idempotency-Key must be 1–255 visible ASCII characters".into()))
        });
        let ttl = req
            .app_data::<web::Data<crate::state::AppState>>()
            .map_or(24 * 3600, |state| state.config.idempotency_ttl_secs);
        let valid_after = danvan_store::now() - chrono::Duration::seconds(ttl);
        ready(key.transpose().map(|key| IdempotencyKey(key, valid_after)))
    }
}

/// Validation errors of a request body, as a problem.
pub fn validated(result: Result<(), Vec<FieldError>>) -> Result<(), ApiError> {
    result.map_err(ApiError::Validation)
}

pub fn json_config(limit: usize) -> web::JsonConfig {
    web::JsonConfig::default().limit(limit).error_handler(move |error, _req| {
        let api_error = match &error {
            JsonPayloadError::Overflow { .. } | JsonPayloadError::OverflowKnownLength { .. } => {
                ApiError::PayloadTooLarge { limit }
            }
            JsonPayloadError::ContentType => {
                ApiError::UnsupportedMediaType("the body must be JSON (Content-Type: application/json)")
            }
            JsonPayloadError::Deserialize(e) if e.is_data() => ApiError::invalid("body", "invalid", &e.to_string()),
            other => ApiError::BadRequest(format!("the body is not valid JSON: {other}")),
        };
        api_error.into()
    })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error: QueryPayloadError, _req| {
        ApiError::BadRequest(format!("invalid query parameters: {error}")).into()
    })
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default()
        .error_handler(|error: PathError, _req| ApiError::BadRequest(format!("invalid path: {error}")).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_reads_entity_tags_strongly() {
        assert!(matches!(parse_if_match(Some("\"3\"")), Ok(IfMatch(3))));
        assert!(matches!(parse_if_match(Some("\"x\", \"5\"")), Ok(IfMatch(5))));
        assert!(matches!(parse_if_match(Some("\"a,b\",\"7\"")), Ok(IfMatch(7))), "a comma inside a tag");
        // Well-formed but none of ours, or weak: no match, so the store answers 412.
        for other in ["\"abc\"", "W/\"4\"", "\"\"", "\"0\"", "\"-2\"", "W/\",5%:twk=$4=\""] {
            assert!(matches!(parse_if_match(Some(other)), Ok(IfMatch(NO_VERSION))), "{other}");
        }
        assert!(matches!(parse_if_match(None), Err(ApiError::PreconditionRequired)));
        assert!(matches!(parse_if_match(Some(" ")), Err(ApiError::PreconditionRequired)));
        assert!(matches!(parse_if_match(Some("*")), Err(ApiError::PreconditionRequired)));
        for malformed in ["3", "\"3", "\"a b\"", "\"3\",", "W/3", "\"3\" \"4\"", "\"3\",,\"4\""] {
            assert!(matches!(parse_if_match(Some(malformed)), Err(ApiError::BadRequest(_))), "{malformed}");
        }
    }
}

/// What a create returns: a stored record with an id and, when it can change, a version.
/// The one list of such types is the `versioned!` call below.
pub trait Versioned: Serialize {
    fn id(&self) -> uuid::Uuid;
    /// The version for the `ETag`; `None` for records that are never changed.
    fn version(&self) -> Option<i64>;
}

macro_rules! versioned {
    ($($type:ty),* $(,)?) => {$(
        impl Versioned for $type {
            fn id(&self) -> uuid::Uuid { self.id }
            fn version(&self) -> Option<i64> { Some(self.version) }
        }
    )*};
}
versioned!(
    danvan_domain::user::User,
    danvan_domain::org_unit::OrgUnit,
    danvan_domain::area::AreaGroup,
    danvan_domain::plan::Plan,
    danvan_domain::plan::PlanItem,
    danvan_domain::catalog::CatalogEntry,
    danvan_domain::working_group::WorkingGroup,
    danvan_domain::working_group::Membership,
    danvan_domain::assignment::Assignment,
    danvan_domain::task::Task,
    danvan_domain::community_team::TeamKind,
    danvan_domain::community_team::TeamIndicator,
    danvan_domain::community_team::Team,
    danvan_domain::community_team::TeamMember,
    danvan_domain::community_team::TeamActivity,
    danvan_domain::community_team::TeamModel,
    danvan_domain::community_team::ModelEvaluation,
    danvan_domain::community_team::ModelAdoption,
    danvan_domain::attachment::Attachment,
    danvan_domain::aid::Item,
    danvan_domain::aid::Location,
    danvan_domain::aid::Donor,
    danvan_domain::aid::Campaign,
    danvan_domain::aid::Pledge,
    danvan_domain::aid::SupportCategory,
    danvan_domain::aid::Household,
    danvan_domain::aid::Beneficiary,
    danvan_domain::aid::DistributionRound,
    danvan_domain::aid::DistributionLine,
    danvan_domain::report::ReportTemplate,
    danvan_domain::report::ReportSubmission,
    danvan_domain::report::ConsolidatedReport,
);

/// Declares types that are never changed once written, so they have no version of their own.
macro_rules! posted {
    ($($type:ty),* $(,)?) => {$(
        impl Versioned for $type {
            fn id(&self) -> uuid::Uuid { self.id }
            fn version(&self) -> Option<i64> { None }
        }
    )*};
}
posted!(
    danvan_domain::task::TaskEvent,
    danvan_domain::aid::Donation,
    danvan_domain::aid::StockTransfer,
    danvan_domain::aid::StockAdjustment,
    danvan_domain::aid::CashEntry,
);

/// A 201 answer with `Location` and, for a versioned record, `ETag`.
fn created(location: &str, id: &str, version: Option<i64>, body: String) -> HttpResponse {
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("{location}/{id}")));
    if let Some(version) = version {
        response.insert_header((header::ETAG, etag(version)));
    }
    response.content_type("application/json").body(body)
}

/// Runs a create at most once per `Idempotency-Key` of the caller: a retry with the
/// same key and request replays the first answer (body, `Location`, `ETag`), another
/// request under the key is a 422. The key is kept in the create's own transaction,
/// with the id and version of the created record, so a replay never reads its body.
pub async fn create_once<T, F, R>(
    db: &Database,
    actor: danvan_store::Actor,
    key: IdempotencyKey,
    location: &'static str,
    request: &R,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    T: Versioned,
    R: Serialize,
    F: Fn(&mut DbConnection, &danvan_store::Actor) -> Result<T, ApiError> + Send + Sync + 'static,
{
    create_once_at(db, Isolation::Serializable, actor, key, location, request, work).await
}

/// [`create_once`] for a create that posts to a ledger: at [`Isolation::ReadCommitted`].
pub async fn post_once<T, F, R>(
    db: &Database,
    actor: danvan_store::Actor,
    key: IdempotencyKey,
    location: &'static str,
    request: &R,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    T: Versioned,
    R: Serialize,
    F: Fn(&mut DbConnection, &danvan_store::Actor) -> Result<T, ApiError> + Send + Sync + 'static,
{
    create_once_at(db, Isolation::ReadCommitted, actor, key, location, request, work).await
}

async fn create_once_at<T, F, R>(
    db: &Database,
    isolation: Isolation,
    actor: danvan_store::Actor,
    key: IdempotencyKey,
    location: &'static str,
    request: &R,
    work: F,
) -> Result<HttpResponse, ApiError>
where
    T: Versioned,
    R: Serialize,
    F: Fn(&mut DbConnection, &danvan_store::Actor) -> Result<T, ApiError> + Send + Sync + 'static,
{
    use danvan_store::idempotency::{self, StoredResponse};
    use sha2::{Digest, Sha256};
    let fingerprint: String =
        Sha256::digest(serde_json::to_vec(request).unwrap_or_default()).iter().map(|b| format!("{b:02x}")).collect();
    let owner = actor.user_id.map(|id| id.to_string()).unwrap_or_default();
    let work = std::sync::Arc::new(work);
    let valid_after = key.1;
    let attempt = || {
        let (key, owner, fingerprint, actor, work) =
            (key.clone(), owner.clone(), fingerprint.clone(), actor.clone(), work.clone());
        db.write_at(isolation, move |conn| {
            if let Some(key) = &key.0 {
                if let Some(stored) = idempotency::find(conn, &owner, key, valid_after)? {
                    if stored.operation != location || stored.request_hash != fingerprint {
                        return Err(ApiError::IdempotencyMismatch(
                            "this Idempotency-Key was used for a different request",
                        ));
                    }
                    return Ok((stored, true));
                }
            }
            let record = work(conn, &actor)?;
            let answer = StoredResponse {
                operation: location.to_owned(),
                request_hash: fingerprint.clone(),
                status: 201,
                body: serde_json::to_string(&record).map_err(|e| ApiError::Internal(e.to_string()))?,
                resource_id: record.id().to_string(),
                resource_version: record.version(),
            };
            if let Some(key) = &key.0 {
                idempotency::save(conn, &owner, key, &answer)?;
            }
            Ok((answer, false))
        })
    };
    let (answer, replayed) = match attempt().await {
        // A concurrent retry under the same key may have committed while this one ran
        // (PostgreSQL's transactions do not see each other's uncommitted rows): look again.
        Err(ApiError::Validation(_) | ApiError::Conflict { .. }) if key.0.is_some() => attempt().await?,
        other => other?,
    };
    let mut response = created(location, &answer.resource_id, answer.resource_version, answer.body);
    if replayed {
        response
            .headers_mut()
            .insert(header::HeaderName::from_static("idempotent-replayed"), header::HeaderValue::from_static("true"));
    }
    Ok(response)
}

//! `GET /audit`: audited changes, newest first, with filters and paging. The `entity` and
//! `action` filters take the typed vocabulary; any other value is a 400.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, PageParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, web};
use chrono::{DateTime, Utc};
use danvan_domain::{
    audit::{AuditAction, AuditEntity, AuditEntry},
    page::Page,
    permission::Action,
};
use danvan_store::audit::AuditFilter;
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the audit log.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Changes made by this user.
    pub actor_id: Option<Uuid>,
    /// Changes of this kind of record.
    #[param(inline)]
    pub entity: Option<AuditEntity>,
    /// Changes of the record with this id.
    #[param(max_length = 64)]
    pub entity_id: Option<String>,
    /// Changes of this kind; `transition` also finds rows stored before the task operation
    /// was renamed.
    #[param(inline)]
    pub action: Option<AuditAction>,
    /// Changes at or after this time.
    pub from: Option<DateTime<Utc>>,
    /// Changes before this time.
    pub to: Option<DateTime<Utc>>,
}

/// Audited changes, newest first, each with a label of its record and a link to the page
/// that shows it.
#[utoipa::path(
    tag = "audit",
    params(AuditQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<AuditEntry>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/audit")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AuditQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<AuditEntry>>, ApiError> {
    caller.require(Action::AuditRead)?;
    let query = query.into_inner();
    let mut errors = danvan_domain::validation::Errors::default();
    errors.check(
        "entity_id",
        query.entity_id.as_ref().is_none_or(|v| v.chars().count() <= 64),
        "too_long",
        "must have at most 64 characters",
    );
    http::validated(errors.finish())?;
    let filter = AuditFilter {
        actor_id: query.actor_id,
        entity: query.entity,
        entity_id: query.entity_id,
        action: query.action,
        from: query.from,
        to: query.to,
    };
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let page =
        http::read(&state.db, move |conn| Ok(danvan_store::audit::list(conn, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}

//! `GET /areas`: lists and searches areas, with paging.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, PageParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, web};
use danvan_domain::{
    area::{Area, AreaLevel, Layout},
    page::Page,
    permission::Action,
};
use danvan_store::areas::AreaFilter;
use serde::Deserialize;
use uuid::Uuid;

/// Filters of the area list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AreaQuery {
    pub layout: Option<Layout>,
    pub level: Option<AreaLevel>,
    /// Only the areas directly below this one.
    pub parent_id: Option<Uuid>,
    /// Part of the name; diacritics and case are ignored ("ha noi" finds "Hà Nội").
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// The official code.
    #[param(max_length = 10)]
    pub code: Option<String>,
    /// `true`: only areas inside the caller's scope.
    pub in_scope: Option<bool>,
}

/// Lists and searches areas: provinces first, then districts, then communes, by code.
#[utoipa::path(
    tag = "areas",
    params(AreaQuery, PageParams),
    responses((status = 200, description = "Success", body = Page<Area>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/areas")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AreaQuery>,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Area>>, ApiError> {
    caller.require(Action::AreasRead)?;
    let query = query.into_inner();
    let mut errors = danvan_domain::validation::Errors::default();
    errors.check(
        "q",
        query.q.as_ref().is_none_or(|q| q.chars().count() <= 100),
        "too_long",
        "must have at most 100 characters",
    );
    errors.check(
        "code",
        query.code.as_ref().is_none_or(|c| c.chars().count() <= 10),
        "too_long",
        "must have at most 10 characters",
    );
    http::validated(errors.finish())?;
    let in_scope = query.in_scope == Some(true) && !caller.scope.all_areas;
    let filter = AreaFilter {
        layout: query.layout,
        level: query.level,
        parent_id: query.parent_id,
        q: query.q.filter(|q| !q.trim().is_empty()),
        code: query.code,
        province_ids: in_scope.then(|| caller.scope.province_ids.clone()),
    };
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let page =
        http::read(&state.db, move |conn| Ok(danvan_store::areas::list(conn, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(page))
}

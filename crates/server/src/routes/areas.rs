//! Administrative areas: read-only reference data, open to every logged-in user.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, PageParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, web};
use danvan_domain::{
    area::{Area, AreaCount, AreaLevel, AreaNode, Layout},
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
        http::read(&state.pool, move |conn| Ok(danvan_store::areas::list(conn, &filter, limit, cursor.as_deref())?))
            .await?;
    Ok(web::Json(http::page(page)))
}

/// Parameters of the area tree.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TreeQuery {
    pub layout: Layout,
    /// Levels to include: 1 = provinces, 2 = with districts (2021) or communes (2025), 3 = down to communes.
    #[param(minimum = 1, maximum = 3)]
    pub depth: Option<u8>,
}

/// The provinces of a layout with the levels below them, nested.
#[utoipa::path(
    tag = "areas",
    params(TreeQuery),
    responses((status = 200, description = "Success", body = Vec<AreaNode>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/areas/tree")]
pub async fn tree(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<TreeQuery>,
) -> Result<web::Json<Vec<AreaNode>>, ApiError> {
    caller.require(Action::AreasRead)?;
    let depth = query.depth.unwrap_or(1);
    if !(1..=3).contains(&depth) {
        return Err(ApiError::invalid("depth", "out_of_range", "must be 1, 2 or 3"));
    }
    let layout = query.layout;
    let tree = http::read(&state.pool, move |conn| Ok(danvan_store::areas::tree(conn, layout, depth)?)).await?;
    Ok(web::Json(tree))
}

/// How many areas each layout has at each level.
#[utoipa::path(tag = "areas", responses((status = 200, description = "Success", body = Vec<AreaCount>), ReadProblems), security(("bearer" = [])))]
#[get("/areas/counts")]
pub async fn counts(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<Vec<AreaCount>>, ApiError> {
    caller.require(Action::AreasRead)?;
    Ok(web::Json(http::read(&state.pool, |conn| Ok(danvan_store::areas::counts(conn)?)).await?))
}

/// An area by its official code in a layout.
#[utoipa::path(
    tag = "areas",
    params(("layout" = Layout, Path, description = "2021 or 2025"), ("code" = String, Path, description = "Official code")),
    responses((status = 200, description = "Success", body = Area), ReadProblems),
    security(("bearer" = []))
)]
#[get("/areas/by-code/{layout}/{code}")]
pub async fn by_code(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(Layout, String)>,
) -> Result<web::Json<Area>, ApiError> {
    caller.require(Action::AreasRead)?;
    let (layout, code) = path.into_inner();
    Ok(web::Json(http::read(&state.pool, move |conn| Ok(danvan_store::areas::by_code(conn, layout, &code)?)).await?))
}

/// One area.
#[utoipa::path(
    tag = "areas",
    params(("id" = Uuid, Path, description = "Area id")),
    responses((status = 200, description = "Success", body = Area), ReadProblems),
    security(("bearer" = []))
)]
#[get("/areas/{id}")]
pub async fn get(state: web::Data<AppState>, caller: Caller, id: web::Path<Uuid>) -> Result<web::Json<Area>, ApiError> {
    caller.require(Action::AreasRead)?;
    let id = id.into_inner();
    Ok(web::Json(http::read(&state.pool, move |conn| Ok(danvan_store::areas::get(conn, id)?)).await?))
}

/// The areas directly below one area, by code.
#[utoipa::path(
    tag = "areas",
    params(("id" = Uuid, Path, description = "Area id")),
    responses((status = 200, description = "Success", body = Vec<Area>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/areas/{id}/children")]
pub async fn children(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> Result<web::Json<Vec<Area>>, ApiError> {
    caller.require(Action::AreasRead)?;
    let id = id.into_inner();
    Ok(web::Json(http::read(&state.pool, move |conn| Ok(danvan_store::areas::children(conn, id)?)).await?))
}

//! One area, by id or by official code, and the areas directly below it.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web};
use danvan_domain::{
    area::{Area, Layout},
    permission::Action,
};
use uuid::Uuid;

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
    Ok(web::Json(http::read(&state.db, move |conn| Ok(danvan_store::areas::by_code(conn, layout, &code)?)).await?))
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
    Ok(web::Json(http::read(&state.db, move |conn| Ok(danvan_store::areas::get(conn, id)?)).await?))
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
    Ok(web::Json(http::read(&state.db, move |conn| Ok(danvan_store::areas::children(conn, id)?)).await?))
}

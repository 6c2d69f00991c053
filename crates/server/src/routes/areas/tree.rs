//! The areas of a layout as a whole: the nested tree and the counts per level.

use crate::{auth::Caller, error::ApiError, http, openapi::ReadProblems, state::AppState};
use actix_web::{get, web};
use danvan_domain::{
    area::{AreaCount, AreaNode, Layout},
    permission::Action,
};
use serde::Deserialize;

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
    let tree = http::read(&state.db, move |conn| Ok(danvan_store::areas::tree(conn, layout, depth)?)).await?;
    Ok(web::Json(tree))
}

/// How many areas each layout has at each level.
#[utoipa::path(tag = "areas", responses((status = 200, description = "Success", body = Vec<AreaCount>), ReadProblems), security(("bearer" = [])))]
#[get("/areas/counts")]
pub async fn counts(state: web::Data<AppState>, caller: Caller) -> Result<web::Json<Vec<AreaCount>>, ApiError> {
    caller.require(Action::AreasRead)?;
    Ok(web::Json(http::read(&state.db, |conn| Ok(danvan_store::areas::counts(conn)?)).await?))
}

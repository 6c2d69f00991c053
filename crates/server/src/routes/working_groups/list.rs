//! `GET /working-groups`: the working groups by name, a page at a time.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, PageParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, web};
use danvan_domain::{page::Page, permission::Action, working_group::WorkingGroup};

/// Lists working groups by name, with today's head and member count.
#[utoipa::path(
    tag = "working-groups",
    params(PageParams),
    responses((status = 200, description = "Success", body = Page<WorkingGroup>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/working-groups")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<WorkingGroup>>, ApiError> {
    caller.require(Action::PlansRead)?;
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let viewer = caller.viewer();
    let page = http::read(&state.db, move |conn| {
        Ok(danvan_store::working_groups::list(conn, &viewer, limit, cursor.as_deref())?)
    })
    .await?;
    Ok(web::Json(page))
}

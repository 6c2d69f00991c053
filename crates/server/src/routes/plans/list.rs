//! `GET /plans`: the plans, newest issue first.

use crate::{
    auth::Caller,
    error::ApiError,
    http::{self, PageParams},
    openapi::ReadProblems,
    state::AppState,
};
use actix_web::{get, web};
use danvan_domain::{page::Page, permission::Action, plan::Plan};

/// Lists plans, newest issue first.
#[utoipa::path(
    tag = "plans",
    params(PageParams),
    responses((status = 200, description = "Success", body = Page<Plan>), ReadProblems),
    security(("bearer" = []))
)]
#[get("/plans")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    paging: web::Query<PageParams>,
) -> Result<web::Json<Page<Plan>>, ApiError> {
    caller.require(Action::PlansRead)?;
    let (limit, cursor) = (paging.limit()?, paging.cursor()?);
    let page =
        http::read(&state.db, move |conn| Ok(danvan_store::plans::list(conn, limit, cursor.as_deref())?)).await?;
    let role = caller.user.role;
    Ok(web::Json(Page { items: page.items.into_iter().map(|plan| plan.for_caller(role)).collect(), ..page }))
}

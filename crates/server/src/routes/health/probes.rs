//! `GET /healthz` (the process is up) and `GET /readyz` (it reaches its database).

use super::Health;
use crate::{error::ApiError, http, state::AppState};
use actix_web::{get, web, HttpResponse};

/// The process is up.
#[utoipa::path(tag = "system", responses((status = 200, description = "Success", body = Health)))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok".into() })
}

/// The server can reach its database.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "Success", body = Health),
        (status = 503, description = "The database is not reachable", body = danvan_domain::problem::Problem, content_type = "application/problem+json")
    )
)]
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    http::read(&state.db, |conn| danvan_store::db::ping(conn).map_err(|_| ApiError::Unavailable)).await?;
    Ok(HttpResponse::Ok().json(Health { status: "ok".into() }))
}

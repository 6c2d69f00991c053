//! Liveness and readiness, for load balancers and orchestrators; mounted outside
//! `/api/v1`.

mod probes;

use serde::Serialize;
use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config.service(probes::healthz).service(probes::readyz);
}

/// Status of the server.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// `ok`
    pub status: String,
}

//! The audit log viewer (administrators).

mod list;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config.service(list::list);
}

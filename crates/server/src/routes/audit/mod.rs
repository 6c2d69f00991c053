//! The audit log viewer (administrators): the typed vocabulary, each entry with its
//! record's label and link.

mod list;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config.service(list::list);
}

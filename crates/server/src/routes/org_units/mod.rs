//! Org units: everyone reads the tree, administrators change it. One file per endpoint.

mod create;
mod delete;
mod list;
mod read;
mod update;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(list::list)
        .service(create::create)
        .service(read::get)
        .service(update::update)
        .service(delete::delete);
}

//! Administrative areas (read-only reference data, open to every logged-in user) and
//! area groups (named sets of provinces: everyone reads them, administrators change
//! them). The fixed paths `/areas/tree`, `/areas/counts` and `/areas/by-code/…` are
//! mounted before `/areas/{id}`.

mod area_groups;
mod list;
mod read;
mod tree;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(list::list)
        .service(tree::tree)
        .service(tree::counts)
        .service(read::by_code)
        .service(read::get)
        .service(read::children)
        .service(area_groups::list)
        .service(area_groups::create)
        .service(area_groups::get)
        .service(area_groups::update)
        .service(area_groups::delete);
}

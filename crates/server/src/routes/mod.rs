//! The API's endpoints, one module per resource; [`configure`] mounts them all.

pub mod area_groups;
pub mod areas;
pub mod assignments;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod health;
pub mod me;
pub mod notifications;
pub mod org_units;
pub mod plans;
pub mod tasks;
pub mod users;
pub mod working_groups;

use utoipa_actix_web::{scope, service_config::ServiceConfig};

/// Mounts every endpoint; used by the server and by `export-openapi`.
pub fn configure(config: &mut ServiceConfig) {
    config.service(health::healthz).service(health::readyz).service(
        scope::scope("/api/v1")
            .service(auth::login)
            .service(auth::refresh)
            .service(auth::logout)
            .service(me::me)
            .service(me::change_password)
            .service(users::list)
            .service(users::create)
            .service(users::get)
            .service(users::update)
            .service(users::reset_password)
            .service(org_units::list)
            .service(org_units::create)
            .service(org_units::get)
            .service(org_units::update)
            .service(org_units::delete)
            .service(areas::list)
            .service(areas::tree)
            .service(areas::counts)
            .service(areas::by_code)
            .service(areas::get)
            .service(areas::children)
            .service(area_groups::list)
            .service(area_groups::create)
            .service(area_groups::get)
            .service(area_groups::update)
            .service(area_groups::delete)
            .service(audit::list)
            .configure(plans::mount)
            .configure(catalog::mount)
            .configure(working_groups::mount)
            .configure(assignments::mount)
            .configure(tasks::mount)
            .configure(notifications::mount),
    );
}

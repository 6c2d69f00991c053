//! The API's endpoints, one folder per module; [`configure`] mounts them all. A module's
//! `mod.rs` has its `mount`, listing its services in routing order (fixed paths before
//! `{id}` ones), and one file per endpoint or small group of endpoints. A new module
//! registers itself here with one line.

pub mod aid;
pub mod areas;
pub mod attachments;
pub mod audit;
pub mod auth;
pub mod catalog;
pub mod community_teams;
pub mod health;
pub mod notifications;
pub mod org_units;
pub mod plans;
pub mod reports;
pub mod tasks;
pub mod users;
pub mod working_groups;

use utoipa_actix_web::{scope, service_config::ServiceConfig};

/// Mounts every endpoint; used by the server and by `export-openapi`.
pub fn configure(config: &mut ServiceConfig) {
    config.configure(health::mount).service(
        scope::scope("/api/v1")
            .configure(auth::mount)
            .configure(users::mount)
            .configure(org_units::mount)
            .configure(areas::mount)
            .configure(audit::mount)
            .configure(plans::mount)
            .configure(catalog::mount)
            .configure(working_groups::mount)
            .configure(tasks::mount)
            .configure(notifications::mount)
            .configure(community_teams::mount)
            .configure(attachments::mount)
            .configure(aid::mount)
            .configure(reports::mount),
    );
}

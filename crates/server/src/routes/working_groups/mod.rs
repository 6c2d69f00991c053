//! Working groups, their rosters and their assignment matrix: everyone reads the groups
//! and their rosters, and the matrix rows within their reach; administrators create and
//! rename groups; administrators or the group's head today change its roster and matrix
//! (`crate::auth::GroupManager` over `danvan_domain::policy`). One file per endpoint group.

mod assignments;
mod coverage;
mod create;
mod list;
mod read;
mod roster;
mod update;

use chrono::{NaiveDate, Utc};
use danvan_domain::calendar;
use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(list::list)
        .service(create::create)
        .service(read::get)
        .service(update::update)
        .service(roster::list_members)
        .service(roster::add_member)
        .service(roster::update_membership)
        .service(assignments::list)
        .service(assignments::create)
        .service(coverage::coverage)
        .service(assignments::get)
        .service(assignments::change)
        .service(assignments::end)
        .service(assignments::history);
}

/// Today in Vietnam.
pub(crate) fn today() -> NaiveDate {
    calendar::today(Utc::now())
}

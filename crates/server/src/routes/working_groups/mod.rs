//! Working groups, their rosters and their assignment matrix: everyone reads them;
//! administrators create and rename groups; administrators or the group's head today
//! change its roster and matrix ([`GroupManager`]). One file per endpoint group.

mod assignments;
mod coverage;
mod create;
mod list;
mod read;
mod roster;
mod update;

use crate::{auth::Caller, error::ApiError};
use chrono::{NaiveDate, Utc};
use danvan_domain::{calendar, permission::Action, role::Role};
use danvan_store::DbConnection;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

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

/// Who may change a group's roster or matrix: an administrator, or a caller whose role
/// allows the action and who is the group's head today.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GroupManager {
    admin: bool,
    user: Uuid,
}

impl GroupManager {
    /// Refuses with 403 a caller whose role does not allow `action` at all.
    pub(crate) fn of(caller: &Caller, action: Action) -> Result<GroupManager, ApiError> {
        caller.require(action)?;
        Ok(GroupManager { admin: caller.user.role == Role::Admin, user: caller.user.id })
    }

    /// Refuses with 403 unless the caller is an administrator or heads `group` today.
    pub(crate) fn check(self, conn: &mut DbConnection, group: Uuid) -> Result<(), ApiError> {
        if self.admin || danvan_store::working_groups::is_current_head(conn, group, self.user, today())? {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

/// Today in Vietnam.
pub(crate) fn today() -> NaiveDate {
    calendar::today(Utc::now())
}

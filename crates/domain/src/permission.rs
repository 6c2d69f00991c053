//! The permission table: which role may do which action. It is the one place that
//! answers "may this role do this at all"; *which rows* a permitted caller sees is the
//! scope's job, applied in every query.

use crate::role::Role;
use serde::{Deserialize, Serialize};

/// Something a caller may want to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// List and read user accounts (within scope).
    UsersRead,
    /// Create and change user accounts, reset passwords.
    UsersManage,
    /// Read the org unit tree.
    OrgUnitsRead,
    /// Create, change, move and delete org units.
    OrgUnitsManage,
    /// Read administrative areas and area groups.
    AreasRead,
    /// Create, change and delete area groups.
    AreaGroupsManage,
    /// Read the audit log.
    AuditRead,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::UsersRead,
        Action::UsersManage,
        Action::OrgUnitsRead,
        Action::OrgUnitsManage,
        Action::AreasRead,
        Action::AreaGroupsManage,
        Action::AuditRead,
    ];
}

/// Whether `role` may perform `action` at all.
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        OrgUnitsRead | AreasRead => true,
        UsersRead => matches!(role, Admin | Leader | GroupHead | StandingUnit | RegionalOffice | UnitOfficer),
        UsersManage | OrgUnitsManage | AreaGroupsManage | AuditRead => role == Admin,
    }
}

/// Every action the role may perform, for clients that shape menus by role.
pub fn actions_of(role: Role) -> Vec<Action> {
    Action::ALL.into_iter().filter(|action| allows(role, *action)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admin_manages_and_reads_audit() {
        for role in Role::ALL {
            let expected = role == Role::Admin;
            assert_eq!(allows(role, Action::UsersManage), expected, "{role}");
            assert_eq!(allows(role, Action::AuditRead), expected, "{role}");
            assert_eq!(allows(role, Action::OrgUnitsManage), expected, "{role}");
        }
    }

    #[test]
    fn members_and_viewers_cannot_list_users_but_read_reference_data() {
        for role in [Role::Member, Role::Office, Role::Viewer] {
            assert!(!allows(role, Action::UsersRead));
            assert!(allows(role, Action::AreasRead));
            assert!(allows(role, Action::OrgUnitsRead));
        }
    }
}

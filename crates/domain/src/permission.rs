//! The permission table: which role may do which action. It is the one place that
//! answers "may this role do this at all" (else 403, before any record is read); *which
//! records* a permitted caller reaches and *what* they may do to one are the named
//! predicates of [`crate::policy`], applied in every query and check.

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
    /// Read plans and their items, target groups and fields, working groups, their
    /// rosters and assignment matrices.
    PlansRead,
    /// Create and change plans and plan items.
    PlansManage,
    /// Add, rename and retire target groups and fields.
    CatalogManage,
    /// Create and rename working groups.
    WorkingGroupsManage,
    /// Change a group's roster; a group head only their own group's.
    RosterManage,
    /// Set a group's assignments; a group head only their own group's.
    AssignmentsManage,
    /// Read the tasks within the caller's reach.
    TasksRead,
    /// Create tasks and assign them.
    TasksCreate,
    /// Work on tasks one stands in: move them, report progress. Which moves is the
    /// task's transition table's call.
    TasksWork,
    /// Read and clear one's own notifications.
    NotificationsRead,
    /// Read community teams, their rosters, logs, scorecard and models (within scope).
    CommunityTeamsRead,
    /// Register and change community teams, their rosters, logs and indicator values,
    /// and the team kinds and indicators.
    CommunityTeamsManage,
    /// Nominate a team of one's scope as an effective model.
    TeamModelsNominate,
    /// Evaluate nominated models and record adoptions.
    TeamModelsEvaluate,
    /// Decide on evaluated models.
    TeamModelsDecide,
    /// Read campaigns, donors (without their contacts), pledges, donations, stock and
    /// the cash ledgers.
    AidRead,
    /// Enter donors and pledges, record donations (a regional office: goods only at
    /// locations of its provinces).
    DonationsRecord,
    /// Run campaigns, the item list and locations; pay out of a campaign; reverse a
    /// donation.
    AidManage,
    /// Move goods between locations and adjust stock (a regional office: at locations of
    /// its provinces); approve another person's adjustment.
    StockManage,
    /// Read beneficiaries and households (personal data masked) and distribution rounds
    /// (a regional office: of its provinces).
    BeneficiariesRead,
    /// Enter and change beneficiaries and households, record consent, reveal personal
    /// data with a reason (a regional office: in its provinces).
    BeneficiariesManage,
    /// Merge two records of one person, and manage the list of categories.
    BeneficiariesMerge,
    /// Build distribution rounds and cancel them (a regional office: in its provinces).
    DistributionsManage,
    /// Approve a round someone else built.
    DistributionsApprove,
    /// Record deliveries of an approved round (a regional office: in its provinces).
    DistributionsDeliver,
    /// Read report templates, one's own obligations and submissions; the national roles
    /// (leadership, group head, standing unit, administrators) read everyone's, the
    /// consolidated reports and the timeliness table.
    ReportsRead,
    /// Write and submit one's own reports, urgent ones included.
    ReportsSubmit,
    /// Keep the report templates; review submissions (approve, send back, reopen); build
    /// and edit the consolidated report.
    ReportsReview,
    /// Sign off a consolidated report, which numbers and locks it.
    ReportsSignOff,
}

impl Action {
    pub const ALL: [Action; 36] = [
        Action::UsersRead,
        Action::UsersManage,
        Action::OrgUnitsRead,
        Action::OrgUnitsManage,
        Action::AreasRead,
        Action::AreaGroupsManage,
        Action::AuditRead,
        Action::PlansRead,
        Action::PlansManage,
        Action::CatalogManage,
        Action::WorkingGroupsManage,
        Action::RosterManage,
        Action::AssignmentsManage,
        Action::TasksRead,
        Action::TasksCreate,
        Action::TasksWork,
        Action::NotificationsRead,
        Action::CommunityTeamsRead,
        Action::CommunityTeamsManage,
        Action::TeamModelsNominate,
        Action::TeamModelsEvaluate,
        Action::TeamModelsDecide,
        Action::AidRead,
        Action::DonationsRecord,
        Action::AidManage,
        Action::StockManage,
        Action::BeneficiariesRead,
        Action::BeneficiariesManage,
        Action::BeneficiariesMerge,
        Action::DistributionsManage,
        Action::DistributionsApprove,
        Action::DistributionsDeliver,
        Action::ReportsRead,
        Action::ReportsSubmit,
        Action::ReportsReview,
        Action::ReportsSignOff,
    ];
}

/// Whether `role` may perform `action` at all.
pub fn allows(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        OrgUnitsRead | AreasRead | PlansRead | TasksRead | NotificationsRead | CommunityTeamsRead | AidRead
        | ReportsRead => true,
        UsersRead => matches!(role, Admin | Leader | GroupHead | StandingUnit | RegionalOffice | UnitOfficer),
        UsersManage | OrgUnitsManage | AreaGroupsManage | AuditRead | WorkingGroupsManage => role == Admin,
        PlansManage => matches!(role, Admin | GroupHead | StandingUnit),
        CatalogManage | RosterManage | AssignmentsManage => matches!(role, Admin | GroupHead),
        TasksCreate => matches!(role, Admin | Leader | GroupHead | StandingUnit),
        TasksWork => role != Viewer,
        CommunityTeamsManage | TeamModelsEvaluate => matches!(role, Admin | Office),
        TeamModelsNominate => matches!(role, Admin | Office | RegionalOffice | UnitOfficer),
        TeamModelsDecide => role == Leader,
        DonationsRecord | StockManage => matches!(role, Admin | Office | RegionalOffice),
        AidManage => matches!(role, Admin | Office),
        BeneficiariesRead => matches!(role, Admin | Leader | Office | RegionalOffice),
        BeneficiariesManage | DistributionsManage | DistributionsDeliver => {
            matches!(role, Admin | Office | RegionalOffice)
        }
        BeneficiariesMerge => matches!(role, Admin | Office),
        DistributionsApprove => matches!(role, Admin | Leader | Office),
        ReportsSubmit => role != Viewer,
        ReportsReview => matches!(role, Admin | StandingUnit),
        ReportsSignOff => role == Leader,
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
    fn viewers_never_write() {
        for action in Action::ALL {
            let writes = !matches!(
                action,
                Action::OrgUnitsRead
                    | Action::AreasRead
                    | Action::PlansRead
                    | Action::TasksRead
                    | Action::NotificationsRead
                    | Action::CommunityTeamsRead
                    | Action::AidRead
                    | Action::ReportsRead
            );
            if writes {
                assert!(!allows(Role::Viewer, action), "{action:?}");
            }
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

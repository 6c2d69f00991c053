//! The authorization policy as named predicates: pure functions over the caller's role,
//! who they are and facts about the record (who created a task, who heads a group). They
//! build on the permission table ([`crate::permission::allows`], "may this role do this
//! at all") and are the only place that decides *which* records a caller reaches and
//! *what* they may do to one. The store's visibility filters, the server's checks and
//! the capability flags the API sends (`can_edit`, `can_manage_roster`…) all call them;
//! nothing else re-derives a rule. `docs/authorization.md` gives the whole policy.
//!
//! Two answers, two layers: a record outside the caller's reach ([`work_reach`]) is not
//! found (404), decided by the store's visibility filter; a record the caller reaches but
//! may not change is forbidden (403), decided by a predicate here.
//!
//! A new module adds its actions to the permission table, its predicates here (named
//! `is_*`, `sees_*`, `manages_*` or `may_*`, each with a test), and its capability flags
//! to the DTOs that carry records.

use crate::{
    permission::{allows, Action},
    role::Role,
    task::TaskRelation,
};
use uuid::Uuid;

/// Roles whose work spans the whole country and the whole Commission: every area, every
/// task, the whole assignment matrix.
pub fn is_national(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Leader | Role::GroupHead | Role::StandingUnit)
}

/// How far a caller's reading of area-bound work (tasks, rows of the assignment matrix)
/// goes. Whatever the reach, a caller always sees their own work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every record.
    Everything,
    /// Records touching the provinces of the caller's scope, and their own.
    ProvincesAndOwn,
    /// Only their own: assigned to them (or, for a unit officer, to people and units of
    /// their unit), or created by them.
    Own,
}

/// The reach of `role` whose scope covers every area (`all_areas`) or only some
/// provinces. A viewer with every area reads everything, since reading is all they do.
pub fn work_reach(role: Role, all_areas: bool) -> Reach {
    if is_national(role) {
        Reach::Everything
    } else if !all_areas {
        Reach::ProvincesAndOwn
    } else if role == Role::Viewer {
        Reach::Everything
    } else {
        Reach::Own
    }
}

/// Whether the caller sees every task.
pub fn sees_all_tasks(role: Role, all_areas: bool) -> bool {
    work_reach(role, all_areas) == Reach::Everything
}

/// Whether the caller sees the whole assignment matrix of every group, and so its
/// coverage report (uncovered provinces, overlaps between members).
pub fn sees_whole_matrix(role: Role, all_areas: bool) -> bool {
    work_reach(role, all_areas) == Reach::Everything
}

/// Whether "own work" of a unit officer includes that of every person and unit of their
/// unit and its sub-units (their org-unit scope).
pub fn reaches_unit_scope(role: Role) -> bool {
    role == Role::UnitOfficer
}

/// Whether the caller manages a task created by `created_by`: edits it, reassigns it,
/// verifies, reopens and cancels it. Administrators and group heads manage every task
/// they see, anyone else the tasks they created.
pub fn manages_task(role: Role, caller: Uuid, created_by: Uuid) -> bool {
    allows(role, Action::TasksWork) && (matches!(role, Role::Admin | Role::GroupHead) || created_by == caller)
}

/// How the caller stands to a task created by `created_by`, assigned to the people
/// `users` and the org units `units`; `own_unit` is the caller's org unit. Roles that may
/// not work on tasks stand in no relation.
pub fn task_relations(
    role: Role,
    caller: Uuid,
    own_unit: Option<Uuid>,
    created_by: Uuid,
    users: &[Uuid],
    units: &[Uuid],
) -> Vec<TaskRelation> {
    if !allows(role, Action::TasksWork) {
        return Vec::new();
    }
    let mut relations = Vec::new();
    if users.contains(&caller) || own_unit.is_some_and(|unit| units.contains(&unit)) {
        relations.push(TaskRelation::Assignee);
    }
    if manages_task(role, caller, created_by) {
        relations.push(TaskRelation::Manager);
    }
    relations
}

/// Whether the caller manages a working group: an administrator, or the user who holds
/// the head position on its roster today (`heads_group`) in a role allowed to manage
/// rosters and assignments at all.
pub fn manages_group(role: Role, heads_group: bool) -> bool {
    role == Role::Admin
        || (heads_group && allows(role, Action::RosterManage) && allows(role, Action::AssignmentsManage))
}

/// Whether the caller may add members to the group, change their positions and record
/// their leaving.
pub fn may_manage_roster(role: Role, heads_group: bool) -> bool {
    allows(role, Action::RosterManage) && manages_group(role, heads_group)
}

/// Whether the caller may add, change and end rows of the group's assignment matrix.
pub fn may_manage_assignments(role: Role, heads_group: bool) -> bool {
    allows(role, Action::AssignmentsManage) && manages_group(role, heads_group)
}

/// Whether the caller sees the usernames on a group's roster; everyone else who reads
/// the roster sees names, org units and positions only.
pub fn sees_roster_usernames(role: Role, heads_group: bool) -> bool {
    manages_group(role, heads_group)
}

/// Whether the caller sees the account `user` of org unit `user_unit`: their own always;
/// another only in a role allowed to read users and within their org units (`units`,
/// `None` for every unit). An account they may not see is not found.
pub fn sees_user(role: Role, caller: Uuid, units: Option<&[Uuid]>, user: Uuid, user_unit: Option<Uuid>) -> bool {
    user == caller
        || (allows(role, Action::UsersRead)
            && units.is_none_or(|units| user_unit.is_some_and(|unit| units.contains(&unit))))
}

/// Whether the caller may change a plan and its items.
pub fn may_edit_plan(role: Role) -> bool {
    allows(role, Action::PlansManage)
}

/// Whether the caller sees every community team: a scope of every area. Otherwise they
/// see the teams of the provinces of their scope.
pub fn sees_all_teams(all_areas: bool) -> bool {
    all_areas
}

/// Whether the caller registers and changes community teams, their rosters, activity
/// logs and indicator values.
pub fn manages_community_teams(role: Role) -> bool {
    allows(role, Action::CommunityTeamsManage)
}

/// Whether the caller may nominate a team they see as an effective model.
pub fn may_nominate_team(role: Role) -> bool {
    allows(role, Action::TeamModelsNominate)
}

/// Whether the caller may contact a team's members, and so see their phones (masked
/// until revealed with a reason).
pub fn may_contact_team_members(role: Role) -> bool {
    matches!(role, Role::Admin | Role::Office | Role::RegionalOffice)
}

/// Whether the caller handles donors, and so sees their phone and e-mail (masked until
/// revealed with a reason).
pub fn sees_donor_contacts(role: Role) -> bool {
    allows(role, Action::DonationsRecord)
}

/// Whether the caller may move goods in or out of a location in `province_id`: office
/// staff anywhere, a regional office at the locations of its provinces.
pub fn manages_stock_at(role: Role, province_ids: &[Uuid], province_id: Uuid) -> bool {
    match role {
        Role::RegionalOffice => province_ids.contains(&province_id),
        _ => allows(role, Action::StockManage),
    }
}

/// Whether the caller may approve or reject a stock adjustment: someone who manages the
/// location's stock, other than who asked for it.
pub fn may_decide_adjustment(manages_location: bool, caller: Uuid, requested_by: Uuid) -> bool {
    manages_location && caller != requested_by
}

/// Whether the caller reaches beneficiaries, households and distribution rounds in
/// `province_id`: those who read them, within their area scope (a regional office: its
/// provinces).
pub fn reaches_beneficiaries_in(role: Role, all_areas: bool, province_ids: &[Uuid], province_id: Uuid) -> bool {
    allows(role, Action::BeneficiariesRead) && (all_areas || province_ids.contains(&province_id))
}

/// Whether the caller may enter and change beneficiaries in `province_id`, and so reveal
/// their personal data with a reason: office staff within their scope, a regional office
/// in its provinces.
pub fn manages_beneficiaries_in(role: Role, all_areas: bool, province_ids: &[Uuid], province_id: Uuid) -> bool {
    allows(role, Action::BeneficiariesManage) && (all_areas || province_ids.contains(&province_id))
}

/// Whether the caller may approve a distribution round `author` built: a leader, or
/// office staff other than its author.
pub fn may_approve_round(role: Role, caller: Uuid, author: Uuid) -> bool {
    role == Role::Leader || (allows(role, Action::DistributionsApprove) && caller != author)
}

/// Whether the caller reads every reporter's obligations and submissions, the timeliness
/// table and the consolidated reports: the leadership, the group head, the standing unit
/// and administrators. Anyone else reads their own.
pub fn sees_all_reports(role: Role) -> bool {
    is_national(role)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_are_read_whole_by_the_national_roles_only() {
        assert!(sees_all_reports(Role::StandingUnit) && sees_all_reports(Role::Leader));
        assert!(!sees_all_reports(Role::Member) && !sees_all_reports(Role::RegionalOffice));
    }

    #[test]
    fn beneficiaries_are_reached_within_scope_and_rounds_approved_by_a_second_person() {
        let (north, south) = (Uuid::from_u128(10), Uuid::from_u128(11));
        assert!(reaches_beneficiaries_in(Role::Leader, true, &[], north));
        assert!(reaches_beneficiaries_in(Role::RegionalOffice, false, &[north], north));
        assert!(!reaches_beneficiaries_in(Role::RegionalOffice, false, &[north], south));
        assert!(!reaches_beneficiaries_in(Role::Viewer, true, &[], north));
        assert!(!reaches_beneficiaries_in(Role::Member, true, &[], north));
        assert!(manages_beneficiaries_in(Role::Office, true, &[], south));
        assert!(!manages_beneficiaries_in(Role::Leader, true, &[], south));
        assert!(!manages_beneficiaries_in(Role::RegionalOffice, false, &[north], south));
        assert!(may_approve_round(Role::Office, ME, OTHER));
        assert!(!may_approve_round(Role::Office, ME, ME));
        assert!(may_approve_round(Role::Leader, ME, ME));
        assert!(!may_approve_round(Role::RegionalOffice, ME, OTHER));
    }

    const ME: Uuid = Uuid::from_u128(1);
    const OTHER: Uuid = Uuid::from_u128(2);
    const UNIT: Uuid = Uuid::from_u128(3);

    #[test]
    fn national_roles_reach_everything_whatever_their_scope() {
        for role in Role::ALL {
            let national = matches!(role, Role::Admin | Role::Leader | Role::GroupHead | Role::StandingUnit);
            assert_eq!(is_national(role), national, "{role}");
            if national {
                assert_eq!(work_reach(role, false), Reach::Everything, "{role}");
                assert!(sees_whole_matrix(role, false), "{role}");
            }
        }
    }

    #[test]
    fn a_scope_limited_to_provinces_reaches_those_provinces_and_own_work() {
        for role in [Role::RegionalOffice, Role::UnitOfficer, Role::Member, Role::Office, Role::Viewer] {
            assert_eq!(work_reach(role, false), Reach::ProvincesAndOwn, "{role}");
            assert!(!sees_all_tasks(role, false), "{role}");
            assert!(!sees_whole_matrix(role, false), "{role}");
        }
    }

    #[test]
    fn with_every_area_viewers_read_everything_and_workers_only_their_own() {
        assert_eq!(work_reach(Role::Viewer, true), Reach::Everything);
        for role in [Role::RegionalOffice, Role::UnitOfficer, Role::Member, Role::Office] {
            assert_eq!(work_reach(role, true), Reach::Own, "{role}");
        }
        assert!(reaches_unit_scope(Role::UnitOfficer));
        assert!(!reaches_unit_scope(Role::RegionalOffice));
    }

    #[test]
    fn admins_and_group_heads_manage_every_task_others_only_those_they_created() {
        for role in Role::ALL {
            let every = matches!(role, Role::Admin | Role::GroupHead);
            assert_eq!(manages_task(role, ME, OTHER), every, "{role}");
            assert_eq!(manages_task(role, ME, ME), role != Role::Viewer, "{role}");
        }
    }

    #[test]
    fn task_relations_name_assignees_through_their_unit_and_managers() {
        let by_unit = task_relations(Role::Member, ME, Some(UNIT), OTHER, &[], &[UNIT]);
        assert_eq!(by_unit, vec![TaskRelation::Assignee]);
        let both = task_relations(Role::Member, ME, None, ME, &[ME], &[]);
        assert_eq!(both, vec![TaskRelation::Assignee, TaskRelation::Manager]);
        assert!(task_relations(Role::Member, ME, None, OTHER, &[OTHER], &[]).is_empty());
        assert!(task_relations(Role::Viewer, ME, None, ME, &[ME], &[]).is_empty(), "viewers never work on tasks");
    }

    #[test]
    fn a_group_is_managed_by_administrators_and_its_head_in_a_managing_role() {
        assert!(manages_group(Role::Admin, false));
        assert!(manages_group(Role::GroupHead, true));
        assert!(!manages_group(Role::GroupHead, false), "heading another group is not enough");
        for role in [Role::Leader, Role::StandingUnit, Role::Member, Role::RegionalOffice, Role::Viewer] {
            assert!(!manages_group(role, true), "{role} holding the head position");
            assert!(!may_manage_roster(role, true), "{role}");
            assert!(!may_manage_assignments(role, true), "{role}");
            assert!(!sees_roster_usernames(role, false), "{role}");
        }
        assert!(may_manage_roster(Role::GroupHead, true) && may_manage_assignments(Role::GroupHead, true));
        assert!(sees_roster_usernames(Role::Admin, false) && sees_roster_usernames(Role::GroupHead, true));
    }

    #[test]
    fn accounts_are_seen_by_their_owner_and_by_user_readers_within_their_units() {
        assert!(sees_user(Role::Viewer, ME, None, ME, None), "one's own account");
        assert!(!sees_user(Role::Member, ME, None, OTHER, None), "members do not read users");
        assert!(sees_user(Role::Leader, ME, None, OTHER, None));
        assert!(sees_user(Role::UnitOfficer, ME, Some(&[UNIT]), OTHER, Some(UNIT)));
        assert!(!sees_user(Role::UnitOfficer, ME, Some(&[UNIT]), OTHER, None));
        assert!(!sees_user(Role::RegionalOffice, ME, Some(&[]), OTHER, Some(UNIT)));
    }

    #[test]
    fn plans_are_edited_by_administrators_group_heads_and_the_standing_unit() {
        for role in Role::ALL {
            let expected = matches!(role, Role::Admin | Role::GroupHead | Role::StandingUnit);
            assert_eq!(may_edit_plan(role), expected, "{role}");
        }
    }

    #[test]
    fn the_office_manages_teams_and_regional_offices_nominate_and_contact() {
        for role in Role::ALL {
            assert_eq!(manages_community_teams(role), matches!(role, Role::Admin | Role::Office), "{role}");
            assert_eq!(
                may_nominate_team(role),
                matches!(role, Role::Admin | Role::Office | Role::RegionalOffice | Role::UnitOfficer),
                "{role}"
            );
        }
        assert!(may_contact_team_members(Role::RegionalOffice));
        assert!(!may_contact_team_members(Role::Member));
        assert!(!may_contact_team_members(Role::Leader));
        assert!(sees_all_teams(true) && !sees_all_teams(false));
    }

    #[test]
    fn stock_is_managed_by_the_office_anywhere_and_a_regional_office_in_its_provinces() {
        let province = UNIT;
        assert!(manages_stock_at(Role::Office, &[], province));
        assert!(manages_stock_at(Role::RegionalOffice, &[province], province));
        assert!(!manages_stock_at(Role::RegionalOffice, &[OTHER], province));
        assert!(!manages_stock_at(Role::Leader, &[province], province));
        assert!(!manages_stock_at(Role::Viewer, &[province], province));
        assert!(may_decide_adjustment(true, ME, OTHER));
        assert!(!may_decide_adjustment(true, ME, ME));
        assert!(!may_decide_adjustment(false, ME, OTHER));
        assert!(sees_donor_contacts(Role::RegionalOffice) && !sees_donor_contacts(Role::Viewer));
    }
}

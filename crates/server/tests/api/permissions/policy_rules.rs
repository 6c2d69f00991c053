//! The rules of `danvan_domain::policy` that depend on the caller's place and scope, not
//! on the role alone: who reads which rows of the assignment matrix and its coverage,
//! who sees usernames on a roster, and the capability flags working groups and plans
//! carry, checked against what the server then allows.

use crate::support::{refused, TestApp, PASSWORD};
use chrono::NaiveDate;
use danvan_client::Client;
use danvan_domain::{
    area::Layout,
    assignment::{Assignment, CreateAssignment},
    catalog::CreateCatalogEntry,
    org_unit::{CreateOrgUnit, OrgUnitKind},
    plan::CreatePlan,
    role::Role,
    user::{CreateUser, User},
    working_group::{AddMember, CreateWorkingGroup, MemberPosition, WorkingGroup},
};
use reqwest::StatusCode;
use std::collections::BTreeSet;
use uuid::Uuid;

const START: (i32, u32, u32) = (2021, 9, 15);

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(START.0, START.1, START.2).unwrap()
}

/// A user whose scope is the given areas.
async fn scoped_user(app: &TestApp, username: &str, role: Role, areas: Vec<Uuid>) -> (User, Client) {
    let request = CreateUser { scope_area_ids: areas, ..crate::support::new_user(username, role) };
    let user = app.admin.create_user(&request, None).await.unwrap();
    (user, app.login(username, PASSWORD).await)
}

async fn working_group(app: &TestApp, name: &str) -> WorkingGroup {
    let plan = CreatePlan {
        number: format!("KH-{name}"),
        title: format!("Kế hoạch {name}"),
        issuing_body: "Ban Dân vận Trung ương".into(),
        issued_on: start(),
        basis: Vec::new(),
        status: None,
    };
    let plan = app.admin.create_plan(&plan, None).await.unwrap();
    let request = CreateWorkingGroup { name: name.into(), plan_id: plan.id, standing_unit_id: None };
    app.admin.create_working_group(&request, None).await.unwrap()
}

async fn join(app: &TestApp, group: Uuid, user: Uuid, position: MemberPosition) {
    let request = AddMember { user_id: user, position, joined_on: Some(start()) };
    app.admin.add_member(group, &request, None).await.unwrap();
}

/// Assigns `user` the target group in `area`, from [`start`].
async fn assign(app: &TestApp, group: Uuid, user: Uuid, target_group: Uuid, area: Uuid) -> Assignment {
    let request = CreateAssignment {
        user_id: user,
        target_group_ids: vec![target_group],
        field_ids: Vec::new(),
        area_ids: vec![area],
        area_group_ids: Vec::new(),
        valid_from: Some(start()),
        valid_to: None,
        note: String::new(),
    };
    app.admin.create_assignment(group, &request, None).await.unwrap()
}

async fn rows_seen(client: &Client, group: Uuid) -> BTreeSet<Uuid> {
    client.list_assignments(group, Some(start())).await.unwrap().into_iter().map(|row| row.id).collect()
}

fn set(ids: &[Uuid]) -> BTreeSet<Uuid> {
    ids.iter().copied().collect()
}

/// A group with three members, each assigned in another province (Hà Nội, Hải Phòng,
/// TP. Hồ Chí Minh, 2021 layout); the third works in `unit`.
struct Matrix {
    group: WorkingGroup,
    provinces: [Uuid; 3],
    members: [User; 3],
    rows: [Assignment; 3],
}

async fn matrix(app: &TestApp, unit: Uuid) -> Matrix {
    let group = working_group(app, "Tổ phân quyền").await;
    let target_group = CreateCatalogEntry {
        code: "policy_workers".into(),
        name_vi: "Công nhân".into(),
        name_en: "Workers".into(),
        position: None,
    };
    let target_group = app.admin.create_target_group(&target_group, None).await.unwrap().id;
    let mut provinces = [Uuid::nil(); 3];
    for (slot, code) in provinces.iter_mut().zip(["01", "31", "79"]) {
        *slot = app.admin.area_by_code(Layout::L2021, code).await.unwrap().id;
    }
    let first = app.user("matrix.hanoi", Role::Member, None).await.0;
    let second = app.user("matrix.haiphong", Role::Member, None).await.0;
    let third = app.user("matrix.saigon", Role::Member, Some(unit)).await.0;
    let members = [first, second, third];
    let mut rows = Vec::new();
    for (member, province) in members.iter().zip(provinces) {
        join(app, group.id, member.id, MemberPosition::Member).await;
        rows.push(assign(app, group.id, member.id, target_group, province).await);
    }
    let rows: [Assignment; 3] = rows.try_into().unwrap();
    Matrix { group, provinces, members, rows }
}

both_backends! {
    async fn a_regional_office_reads_only_the_matrix_rows_touching_its_provinces(app) {
        let unit = app.admin.create_org_unit(&CreateOrgUnit { parent_id: None, code: "POL".into(), name: "Vụ".into(), kind: OrgUnitKind::Department }, None).await.unwrap();
        let m = matrix(&app, unit.id).await;
        let (_, regional) = scoped_user(&app, "regional.hanoi", Role::RegionalOffice, vec![m.provinces[0]]).await;

        assert_eq!(rows_seen(&regional, m.group.id).await, set(&[m.rows[0].id]));
        assert_eq!(regional.get_assignment(m.rows[0].id).await.unwrap().value.id, m.rows[0].id);
        assert_eq!(regional.assignment_history(m.rows[0].id).await.unwrap().len(), 1);
        // A row outside its provinces does not exist for it.
        refused(regional.get_assignment(m.rows[1].id).await, StatusCode::NOT_FOUND, "not_found");
        refused(regional.assignment_history(m.rows[1].id).await, StatusCode::NOT_FOUND, "not_found");
        // The coverage report speaks of the whole matrix: it sees the group, but not that.
        let group = regional.get_working_group(m.group.id).await.unwrap().value;
        assert!(!group.sees_whole_matrix);
        refused(regional.coverage(m.group.id, Some(start()), None).await, StatusCode::FORBIDDEN, "forbidden");
        // The administrator and the leadership read every row and the coverage.
        let all = set(&[m.rows[0].id, m.rows[1].id, m.rows[2].id]);
        assert_eq!(rows_seen(&app.admin, m.group.id).await, all);
        let (_, leader) = app.user("leader.all", Role::Leader, None).await;
        assert_eq!(rows_seen(&leader, m.group.id).await, all);
        assert!(leader.get_working_group(m.group.id).await.unwrap().value.sees_whole_matrix);
        leader.coverage(m.group.id, Some(start()), None).await.unwrap();
    }

    async fn members_read_their_own_matrix_rows_and_unit_officers_those_of_their_units_people(app) {
        let unit = app.admin.create_org_unit(&CreateOrgUnit { parent_id: None, code: "POL".into(), name: "Vụ".into(), kind: OrgUnitKind::Department }, None).await.unwrap();
        let m = matrix(&app, unit.id).await;
        let member = app.login("matrix.hanoi", PASSWORD).await;
        assert_eq!(rows_seen(&member, m.group.id).await, set(&[m.rows[0].id]));
        refused(member.get_assignment(m.rows[2].id).await, StatusCode::NOT_FOUND, "not_found");

        let (_, officer) = app.user("officer.pol", Role::UnitOfficer, Some(unit.id)).await;
        assert_eq!(rows_seen(&officer, m.group.id).await, set(&[m.rows[2].id]), "the row of {}", m.members[2].username);

        // A member whose scope is a province reads the rows there too.
        let (_, scoped) = scoped_user(&app, "member.haiphong", Role::Member, vec![m.provinces[1]]).await;
        assert_eq!(rows_seen(&scoped, m.group.id).await, set(&[m.rows[1].id]));

        // A viewer with every area reads everything, as with tasks.
        let (_, viewer) = app.user("viewer.all", Role::Viewer, None).await;
        assert_eq!(rows_seen(&viewer, m.group.id).await.len(), 3);
        // The office staff have no place in the matrix and read nothing of it.
        let (_, office) = app.user("office.none", Role::Office, None).await;
        assert!(rows_seen(&office, m.group.id).await.is_empty());
        refused(office.coverage(m.group.id, None, None).await, StatusCode::FORBIDDEN, "forbidden");
    }

    async fn rosters_show_usernames_only_to_administrators_and_the_groups_head(app) {
        let group = working_group(&app, "Tổ danh sách").await;
        let (head, head_client) = app.user("roster.head", Role::GroupHead, None).await;
        let (member, member_client) = app.user("roster.member", Role::Member, None).await;
        join(&app, group.id, head.id, MemberPosition::Head).await;
        join(&app, group.id, member.id, MemberPosition::Member).await;
        let (_, leader) = app.user("roster.leader", Role::Leader, None).await;
        let (_, other_head) = app.user("roster.other-head", Role::GroupHead, None).await;
        let (_, viewer) = app.user("roster.viewer", Role::Viewer, None).await;

        for (who, client) in [("admin", &app.admin), ("head", &head_client)] {
            let roster = client.list_members(group.id, &[]).await.unwrap();
            let names: BTreeSet<Option<String>> = roster.iter().map(|m| m.username.clone()).collect();
            assert_eq!(names, [Some("roster.head".to_owned()), Some("roster.member".to_owned())].into(), "{who}");
        }
        for (who, client) in [("leader", &leader), ("member", &member_client), ("other head", &other_head), ("viewer", &viewer)] {
            let roster = client.list_members(group.id, &[("all", "true")]).await.unwrap();
            assert_eq!(roster.len(), 2, "{who}");
            assert!(roster.iter().all(|m| m.username.is_none()), "{who} sees usernames");
            let names: BTreeSet<&str> = roster.iter().map(|m| m.display_name.as_str()).collect();
            assert_eq!(names, ["Người dùng roster.head", "Người dùng roster.member"].into(), "{who}");
            assert!(roster.iter().any(|m| m.position == MemberPosition::Head), "{who}");
        }
    }

    async fn a_working_group_says_what_the_caller_may_do_and_the_server_agrees(app) {
        let group = working_group(&app, "Tổ cờ").await;
        let (head, head_client) = app.user("flags.head", Role::GroupHead, None).await;
        let (other_head, other_client) = app.user("flags.other", Role::GroupHead, None).await;
        // A standing-unit user holding the head position is not in a managing role.
        let (standing, standing_client) = app.user("flags.standing", Role::StandingUnit, None).await;
        let (newcomer, _) = app.user("flags.newcomer", Role::Member, None).await;
        join(&app, group.id, head.id, MemberPosition::Head).await;
        let elsewhere = working_group(&app, "Tổ khác").await;
        join(&app, elsewhere.id, standing.id, MemberPosition::Head).await;
        join(&app, elsewhere.id, other_head.id, MemberPosition::Member).await;

        let flags = |group: &WorkingGroup| (group.can_manage_roster, group.can_manage_assignments);
        assert_eq!(flags(&app.admin.get_working_group(group.id).await.unwrap().value), (true, true));
        assert_eq!(flags(&head_client.get_working_group(group.id).await.unwrap().value), (true, true));
        assert_eq!(flags(&other_client.get_working_group(group.id).await.unwrap().value), (false, false));
        let listed = standing_client.list_working_groups(&[]).await.unwrap();
        let own = listed.items.iter().find(|g| g.id == elsewhere.id).unwrap();
        assert_eq!(own.head_user_id, Some(standing.id));
        assert_eq!(flags(own), (false, false), "the standing unit's head position gives no right");

        let add = AddMember { user_id: newcomer.id, position: MemberPosition::Member, joined_on: Some(start()) };
        refused(other_client.add_member(group.id, &add, None).await, StatusCode::FORBIDDEN, "forbidden");
        refused(standing_client.add_member(elsewhere.id, &add, None).await, StatusCode::FORBIDDEN, "forbidden");
        head_client.add_member(group.id, &add, None).await.unwrap();
    }

    async fn a_plan_says_whether_the_caller_may_edit_it(app) {
        let group = working_group(&app, "Tổ kế hoạch").await;
        for role in Role::ALL {
            let client = if role == Role::Admin {
                app.admin.clone()
            } else {
                app.user(&format!("plan.{}", role.as_str().replace('_', "-")), role, None).await.1
            };
            let expected = matches!(role, Role::Admin | Role::GroupHead | Role::StandingUnit);
            let plan = client.get_plan(group.plan_id).await.unwrap().value;
            assert_eq!(plan.can_edit, expected, "{role}");
            let listed = client.list_plans(&[]).await.unwrap().items;
            assert!(listed.iter().all(|plan| plan.can_edit == expected), "{role}");
        }
    }
}

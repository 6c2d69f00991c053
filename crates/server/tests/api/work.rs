//! Plans and their item trees, the managed lists, working groups with their rosters, and
//! the assignment matrix: its history, "as of" reads, who may change it, and its coverage.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{pairs, refused, TestApp};
use chrono::NaiveDate;
use danvan_client::Client;
use danvan_domain::{
    area::{AreaGroupKind, CreateAreaGroup, Layout},
    assignment::{ChangeAssignment, CreateAssignment, EndAssignment},
    catalog::{CatalogEntry, CreateCatalogEntry, UpdateCatalogEntry},
    plan::{CreatePlan, CreatePlanItem, Plan, PlanItem, PlanStatus, UpdatePlan, UpdatePlanItem},
    role::Role,
    task::CreateTask,
    working_group::{AddMember, CreateWorkingGroup, MemberPosition, Membership, UpdateMembership, WorkingGroup},
};
use reqwest::{header, Method, StatusCode};
use uuid::Uuid;

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn today() -> NaiveDate {
    danvan_domain::calendar::today(chrono::Utc::now())
}

fn new_plan(number: &str, issued_on: NaiveDate) -> CreatePlan {
    CreatePlan {
        number: number.into(),
        title: format!("Kế hoạch {number}"),
        issuing_body: "Ban Dân vận Trung ương".into(),
        issued_on,
        basis: vec!["Nghị quyết số 86/NQ-CP".into()],
        status: None,
    }
}

async fn plan(app: &TestApp, number: &str) -> Plan {
    app.admin.create_plan(&new_plan(number, day(2021, 9, 13)), None).await.unwrap()
}

fn new_item(number: &str, parent_id: Option<Uuid>) -> CreatePlanItem {
    CreatePlanItem {
        parent_id,
        number: number.into(),
        title: format!("Mục {number}"),
        body: String::new(),
        position: None,
    }
}

async fn item(app: &TestApp, plan: Uuid, number: &str, parent_id: Option<Uuid>) -> PlanItem {
    app.admin.create_plan_item(plan, &new_item(number, parent_id), None).await.unwrap()
}

fn new_entry(code: &str) -> CreateCatalogEntry {
    CreateCatalogEntry {
        code: code.into(),
        name_vi: format!("Tên {code}"),
        name_en: format!("Name {code}"),
        position: None,
    }
}

async fn target_group(app: &TestApp, code: &str) -> CatalogEntry {
    app.admin.create_target_group(&new_entry(code), None).await.unwrap()
}

async fn group(app: &TestApp, name: &str) -> WorkingGroup {
    let plan = match app.admin.list_plans(&[]).await.unwrap().items.into_iter().next() {
        Some(plan) => plan,
        None => plan(app, "16-KH/BDVTW").await,
    };
    let request = CreateWorkingGroup { name: name.into(), plan_id: plan.id, standing_unit_id: None };
    app.admin.create_working_group(&request, None).await.unwrap()
}

async fn join(client: &Client, group: Uuid, user: Uuid, position: MemberPosition, joined_on: NaiveDate) -> Membership {
    client.add_member(group, &AddMember { user_id: user, position, joined_on: Some(joined_on) }, None).await.unwrap()
}

fn assignment(user: Uuid, target_groups: &[Uuid], areas: &[Uuid], valid_from: NaiveDate) -> CreateAssignment {
    CreateAssignment {
        user_id: user,
        target_group_ids: target_groups.to_vec(),
        field_ids: Vec::new(),
        area_ids: areas.to_vec(),
        area_group_ids: Vec::new(),
        valid_from: Some(valid_from),
        valid_to: None,
        note: String::new(),
    }
}

async fn province(app: &TestApp, layout: Layout, code: &str) -> Uuid {
    app.admin.area_by_code(layout, code).await.unwrap().id
}

fn ids<T>(rows: &[T], id: impl Fn(&T) -> Uuid) -> Vec<Uuid> {
    rows.iter().map(id).collect()
}

async fn status_of(request: reqwest::RequestBuilder) -> StatusCode {
    request.send().await.unwrap().status()
}

both_backends! {
    // --- plans ---

    async fn plan_crud_needs_if_match_and_an_unused_number(app) {
        let first = app.admin.create_plan(&new_plan("16-KH/BDVTW", day(2021, 9, 13)), Some("plan-1")).await.unwrap();
        assert_eq!((first.status, first.version), (PlanStatus::Draft, 1));
        assert_eq!(first.basis, ["Nghị quyết số 86/NQ-CP"]);
        // A retry with the same key answers the same plan.
        let again = app.admin.create_plan(&new_plan("16-KH/BDVTW", day(2021, 9, 13)), Some("plan-1")).await.unwrap();
        assert_eq!(again.id, first.id);
        let later = app.admin.create_plan(&new_plan("20-KH/BDVTW", day(2022, 1, 5)), None).await.unwrap();

        let fields = refused(
            app.admin.create_plan(&new_plan("16-KH/BDVTW", day(2021, 1, 1)), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(fields, pairs(&[("number", "taken")]));

        // Newest issue first.
        let listed = app.admin.list_plans(&[]).await.unwrap().items;
        assert_eq!(ids(&listed, |p| p.id), [later.id, first.id]);
        let page = app.admin.list_plans(&[("limit", "1")]).await.unwrap();
        assert_eq!(ids(&page.items, |p| p.id), [later.id]);
        let cursor = page.next_cursor.unwrap();
        let rest = app.admin.list_plans(&[("limit", "1"), ("cursor", &cursor)]).await.unwrap();
        assert_eq!(ids(&rest.items, |p| p.id), [first.id]);

        let read = app.admin.get_plan(first.id).await.unwrap();
        assert_eq!(read.value, first);
        let change = UpdatePlan {
            status: Some(PlanStatus::InForce),
            basis: Some(vec!["Nghị quyết 86".into(), "Chỉ thị 16".into()]),
            ..Default::default()
        };
        let updated = app.admin.update_plan(first.id, &read.etag, &change).await.unwrap();
        assert_eq!((updated.status, updated.version, updated.basis.len()), (PlanStatus::InForce, 2, 2));
        // The old ETag is stale now.
        refused(app.admin.update_plan(first.id, &read.etag, &change).await, StatusCode::PRECONDITION_FAILED, "precondition_failed");
        // Without If-Match.
        let path = format!("/api/v1/plans/{}", first.id);
        assert_eq!(status_of(app.admin.request(Method::PATCH, &path).json(&change)).await, StatusCode::PRECONDITION_REQUIRED);
        // Another plan's number.
        let etag = app.admin.get_plan(later.id).await.unwrap().etag;
        let renumber = UpdatePlan { number: Some("16-KH/BDVTW".into()), ..Default::default() };
        let fields = refused(app.admin.update_plan(later.id, &etag, &renumber).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, pairs(&[("number", "taken")]));

        // Members read plans but do not write them.
        let (_, member) = app.user("plan-reader", Role::Member, None).await;
        assert_eq!(member.get_plan(first.id).await.unwrap().value.version, 2);
        refused(member.create_plan(&new_plan("X-1", day(2021, 1, 1)), None).await, StatusCode::FORBIDDEN, "forbidden");
        refused(app.admin.get_plan(Uuid::now_v7()).await, StatusCode::NOT_FOUND, "not_found");
        let audit = app.admin.list_audit(&[("entity", "plan"), ("entity_id", &first.id.to_string())]).await.unwrap();
        assert_eq!(audit.items.len(), 2, "create and update");
    }

    async fn plan_items_form_a_tree_inside_their_own_plan(app) {
        let main = plan(&app, "16-KH/BDVTW").await;
        let other = plan(&app, "17-KH/BDVTW").await;
        let second = item(&app, main.id, "II", None).await;
        let first = app.admin.create_plan_item(main.id, &CreatePlanItem { position: Some(0), ..new_item("I", None) }, None).await.unwrap();
        let first_one = item(&app, main.id, "I.1", Some(first.id)).await;
        let first_two = item(&app, main.id, "I.2", Some(first.id)).await;
        let second_one = item(&app, main.id, "II.1", Some(second.id)).await;
        // Positions follow the last sibling.
        assert_eq!((second.position, first_one.position, first_two.position), (1, 1, 2));

        let tree = app.admin.list_plan_items(main.id).await.unwrap();
        let numbers: Vec<&str> = tree.iter().map(|i| i.number.as_str()).collect();
        assert_eq!(numbers, ["I", "I.1", "I.2", "II", "II.1"]);
        assert_eq!(tree[1].parent_id, Some(first.id));
        assert_eq!(tree[4].parent_id, Some(second.id));
        assert_eq!(second_one.plan_id, main.id);

        // A parent from another plan is refused, as is a number the plan already uses.
        let foreign = item(&app, other.id, "I", None).await;
        let fields = refused(
            app.admin.create_plan_item(main.id, &new_item("III", Some(foreign.id)), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(fields, pairs(&[("parent_id", "not_in_plan")]));
        let fields = refused(
            app.admin.create_plan_item(main.id, &new_item("I.1", None), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(fields, pairs(&[("number", "taken")]));
        let fields = refused(
            app.admin.create_plan_item(main.id, &new_item("I..1", None), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(fields, pairs(&[("number", "invalid_format")]));
        refused(app.admin.create_plan_item(Uuid::now_v7(), &new_item("I", None), None).await, StatusCode::NOT_FOUND, "not_found");
        assert_eq!(app.admin.list_plan_items(other.id).await.unwrap(), [foreign]);

        // Renumbering checks the plan's numbers too.
        let read = app.admin.get_plan_item(first_two.id).await.unwrap();
        let fields = refused(
            app.admin.update_plan_item(first_two.id, &read.etag, &UpdatePlanItem { number: Some("I.1".into()), ..Default::default() }).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(fields, pairs(&[("number", "taken")]));
        let moved = app.admin.update_plan_item(first_two.id, &read.etag, &UpdatePlanItem { position: Some(0), ..Default::default() }).await.unwrap();
        assert_eq!(moved.version, 2);
        let numbers: Vec<String> = app.admin.list_plan_items(main.id).await.unwrap().into_iter().map(|i| i.number).collect();
        assert_eq!(numbers, ["I", "I.2", "I.1", "II", "II.1"]);
    }

    async fn a_plan_item_with_sub_items_or_tasks_cannot_be_deleted(app) {
        let main = plan(&app, "16-KH/BDVTW").await;
        let parent = item(&app, main.id, "III", None).await;
        let child = item(&app, main.id, "III.2", Some(parent.id)).await;
        let etag = app.admin.get_plan_item(parent.id).await.unwrap().etag;
        refused(app.admin.delete_plan_item(parent.id, &etag).await, StatusCode::CONFLICT, "in_use");
        let path = format!("/api/v1/plan-items/{}", child.id);
        assert_eq!(status_of(app.admin.request(Method::DELETE, &path)).await, StatusCode::PRECONDITION_REQUIRED);
        refused(app.admin.delete_plan_item(child.id, "\"7\"").await, StatusCode::PRECONDITION_FAILED, "precondition_failed");
        app.admin.delete_plan_item(child.id, &app.admin.get_plan_item(child.id).await.unwrap().etag).await.unwrap();
        app.admin.delete_plan_item(parent.id, &etag).await.unwrap();
        refused(app.admin.get_plan_item(parent.id).await, StatusCode::NOT_FOUND, "not_found");
        assert!(app.admin.list_plan_items(main.id).await.unwrap().is_empty());

        // A task linked to an item keeps it too.
        let linked = item(&app, main.id, "IV", None).await;
        let task = CreateTask {
            title: "Vận động".into(),
            description: String::new(),
            plan_item_id: Some(linked.id),
            working_group_id: None,
            assignee_user_ids: vec![app.admin_user.id],
            assignee_org_unit_ids: Vec::new(),
            area_ids: Vec::new(),
            target_group_id: None,
            due_on: day(2021, 10, 1),
            priority: None,
        };
        app.admin.create_task(&task, None).await.unwrap();
        refused(app.admin.delete_plan_item(linked.id, &danvan_client::etag_of(1)).await, StatusCode::CONFLICT, "in_use");
    }

    // --- managed lists ---

    async fn catalog_entries_are_added_retired_and_kept_apart_by_kind(app) {
        let religious = target_group(&app, "test_religious").await;
        assert!(religious.active);
        let health = app.admin.create_field(&new_entry("test_health"), None).await.unwrap();
        // The same code in the other list is fine; twice in one list is not.
        let twin = app.admin.create_field(&new_entry("test_religious"), None).await.unwrap();
        let fields = refused(app.admin.create_target_group(&new_entry("test_religious"), None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, pairs(&[("code", "taken")]));

        let target_groups = app.admin.list_target_groups(None).await.unwrap();
        assert!(target_groups.iter().any(|e| e.id == religious.id));
        assert!(!target_groups.iter().any(|e| e.id == health.id || e.id == twin.id), "fields are not target groups");
        let all_fields = app.admin.list_fields(None).await.unwrap();
        assert!(all_fields.iter().any(|e| e.id == health.id) && !all_fields.iter().any(|e| e.id == religious.id));
        // New entries go after the last one.
        assert_eq!(religious.position, target_groups.iter().map(|e| e.position).max().unwrap());

        // Retire: gone from the active list, still in the retired one.
        let retire = UpdateCatalogEntry { active: Some(false), ..Default::default() };
        let retired = app.admin.update_target_group(religious.id, &danvan_client::etag_of(religious.version), &retire).await.unwrap();
        assert!(!retired.active);
        assert!(!app.admin.list_target_groups(Some(true)).await.unwrap().iter().any(|e| e.id == religious.id));
        assert_eq!(app.admin.list_target_groups(Some(false)).await.unwrap().iter().filter(|e| e.id == religious.id).count(), 1);
        refused(app.admin.update_target_group(religious.id, &danvan_client::etag_of(1), &retire).await, StatusCode::PRECONDITION_FAILED, "precondition_failed");

        // One list's id under the other's path is not found.
        let rename = UpdateCatalogEntry { name_en: Some("Health".into()), ..Default::default() };
        refused(app.admin.update_target_group(health.id, &danvan_client::etag_of(1), &rename).await, StatusCode::NOT_FOUND, "not_found");
        refused(app.admin.update_field(religious.id, &danvan_client::etag_of(2), &rename).await, StatusCode::NOT_FOUND, "not_found");
        assert_eq!(app.admin.update_field(health.id, &danvan_client::etag_of(1), &rename).await.unwrap().name_en, "Health");

        // Only catalog managers add entries; everyone reads them.
        let (_, member) = app.user("catalog-reader", Role::Member, None).await;
        refused(member.create_target_group(&new_entry("nope"), None).await, StatusCode::FORBIDDEN, "forbidden");
        assert!(member.list_fields(None).await.unwrap().iter().any(|e| e.id == health.id));
    }

    async fn working_groups_list_in_pages_by_name(app) {
        for name in ["Tổ C", "Tổ A", "Tổ B"] {
            group(&app, name).await;
        }
        let first = app.admin.list_working_groups(&[("limit", "2")]).await.unwrap();
        let names: Vec<&str> = first.items.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["Tổ A", "Tổ B"]);
        let cursor = first.next_cursor.expect("a full page points at the next one");
        let second = app.admin.list_working_groups(&[("limit", "2"), ("cursor", &cursor)]).await.unwrap();
        let names: Vec<&str> = second.items.iter().map(|g| g.name.as_str()).collect();
        assert_eq!((names, second.next_cursor), (vec!["Tổ C"], None));

        let whole = app.admin.list_working_groups(&[]).await.unwrap();
        assert_eq!((whole.items.len(), whole.next_cursor), (3, None));
        let fields = refused(app.admin.list_working_groups(&[("cursor", "not-a-cursor")]).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, pairs(&[("cursor", "invalid_format")]));
        refused(app.admin.list_working_groups(&[("limit", "0")]).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
    }

    // --- rosters ---

    async fn a_roster_has_one_head_and_no_double_members(app) {
        let team = group(&app, "Tổ công tác 16").await;
        let (head, _) = app.user("head-a", Role::GroupHead, None).await;
        let (other_head, _) = app.user("head-b", Role::GroupHead, None).await;
        let (member, _) = app.user("member-a", Role::Member, None).await;
        let start = day(2021, 9, 15);

        let head_membership = join(&app.admin, team.id, head.id, MemberPosition::Head, start).await;
        assert_eq!((head_membership.display_name.as_str(), head_membership.username.as_deref()), ("Người dùng head-a", Some("head-a")));
        let second_head = AddMember { user_id: other_head.id, position: MemberPosition::Head, joined_on: Some(start) };
        refused(app.admin.add_member(team.id, &second_head, None).await, StatusCode::CONFLICT, "head_taken");
        let membership = join(&app.admin, team.id, member.id, MemberPosition::Member, start).await;
        let again = AddMember { user_id: member.id, position: MemberPosition::Deputy, joined_on: None };
        refused(app.admin.add_member(team.id, &again, None).await, StatusCode::CONFLICT, "already_member");
        let nobody = AddMember { user_id: Uuid::now_v7(), position: MemberPosition::Member, joined_on: None };
        let fields = refused(app.admin.add_member(team.id, &nobody, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, pairs(&[("user_id", "unknown")]));

        // Promoting the member to head while there is one is refused too.
        let promote = UpdateMembership { position: Some(MemberPosition::Head), ..Default::default() };
        refused(app.admin.update_membership(membership.id, &danvan_client::etag_of(1), &promote).await, StatusCode::CONFLICT, "head_taken");

        let read = app.admin.get_working_group(team.id).await.unwrap().value;
        assert_eq!((read.head_user_id, read.member_count), (Some(head.id), 2));

        // A left_on before joined_on is refused; the day before today takes the member off today's roster.
        let too_early = UpdateMembership { left_on: Some(Some(day(2021, 9, 1))), ..Default::default() };
        let fields = refused(app.admin.update_membership(membership.id, &danvan_client::etag_of(1), &too_early).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, pairs(&[("left_on", "before_start")]));
        let yesterday = today().pred_opt().unwrap();
        let leave = UpdateMembership { left_on: Some(Some(yesterday)), ..Default::default() };
        let left = app.admin.update_membership(membership.id, &danvan_client::etag_of(1), &leave).await.unwrap();
        assert_eq!((left.left_on, left.version), (Some(yesterday), 2));

        let today_roster = app.admin.list_members(team.id, &[]).await.unwrap();
        assert_eq!(ids(&today_roster, |m| m.user_id), [head.id]);
        let yesterday_text = yesterday.to_string();
        let then = app.admin.list_members(team.id, &[("as_of", &yesterday_text)]).await.unwrap();
        assert_eq!(ids(&then, |m| m.user_id), [head.id, member.id]);
        let before = app.admin.list_members(team.id, &[("as_of", "2021-09-14")]).await.unwrap();
        assert!(before.is_empty());
        let everyone = app.admin.list_members(team.id, &[("all", "true")]).await.unwrap();
        assert_eq!(ids(&everyone, |m| m.id), [head_membership.id, membership.id]);
        assert_eq!(app.admin.get_working_group(team.id).await.unwrap().value.member_count, 1);

        // Having left, they may join again.
        join(&app.admin, team.id, member.id, MemberPosition::Secretary, today()).await;
        assert_eq!(app.admin.list_members(team.id, &[]).await.unwrap().len(), 2);
        refused(app.admin.list_members(Uuid::now_v7(), &[]).await, StatusCode::NOT_FOUND, "not_found");
    }

    async fn only_an_admin_or_the_groups_current_head_changes_its_roster_and_matrix(app) {
        let team = group(&app, "Tổ A").await;
        let elsewhere = group(&app, "Tổ B").await;
        let (head, head_client) = app.user("head-of-a", Role::GroupHead, None).await;
        let (other, other_client) = app.user("head-of-b", Role::GroupHead, None).await;
        let (member, member_client) = app.user("plain-member", Role::Member, None).await;
        let (newcomer, _) = app.user("newcomer", Role::Member, None).await;
        let start = day(2021, 9, 15);
        join(&app.admin, team.id, head.id, MemberPosition::Head, start).await;
        join(&app.admin, elsewhere.id, other.id, MemberPosition::Head, start).await;
        let membership = join(&app.admin, team.id, member.id, MemberPosition::Member, start).await;

        let add = AddMember { user_id: newcomer.id, position: MemberPosition::Member, joined_on: Some(start) };
        // The head of another group, and a plain member, are refused.
        refused(other_client.add_member(team.id, &add, None).await, StatusCode::FORBIDDEN, "forbidden");
        refused(member_client.add_member(team.id, &add, None).await, StatusCode::FORBIDDEN, "forbidden");
        let deputy = UpdateMembership { position: Some(MemberPosition::Deputy), ..Default::default() };
        refused(other_client.update_membership(membership.id, &danvan_client::etag_of(1), &deputy).await, StatusCode::FORBIDDEN, "forbidden");
        // This group's head may.
        join(&head_client, team.id, newcomer.id, MemberPosition::Member, start).await;
        head_client.update_membership(membership.id, &danvan_client::etag_of(1), &deputy).await.unwrap();

        let tg = target_group(&app, "test_workers").await;
        let hanoi = province(&app, Layout::L2021, "01").await;
        let request = assignment(member.id, &[tg.id], &[hanoi], start);
        refused(other_client.create_assignment(team.id, &request, None).await, StatusCode::FORBIDDEN, "forbidden");
        refused(member_client.create_assignment(team.id, &request, None).await, StatusCode::FORBIDDEN, "forbidden");
        let row = head_client.create_assignment(team.id, &request, None).await.unwrap();
        assert_eq!(row.created_by, Some(head.id));
        let change = ChangeAssignment { note: Some("đổi".into()), ..Default::default() };
        refused(other_client.change_assignment(row.id, &danvan_client::etag_of(1), &change).await, StatusCode::FORBIDDEN, "forbidden");
        refused(other_client.end_assignment(row.id, &danvan_client::etag_of(1), &EndAssignment { on: None }).await, StatusCode::FORBIDDEN, "forbidden");
        // A member reads their own row of the matrix.
        assert_eq!(member_client.list_assignments(team.id, Some(start)).await.unwrap(), vec![row.clone()]);
        // A head who left is no longer head.
        let head_row = app.admin.list_members(team.id, &[]).await.unwrap().into_iter().find(|m| m.user_id == head.id).unwrap();
        let leave = UpdateMembership { left_on: Some(Some(today().pred_opt().unwrap())), ..Default::default() };
        app.admin.update_membership(head_row.id, &danvan_client::etag_of(head_row.version), &leave).await.unwrap();
        refused(head_client.change_assignment(row.id, &danvan_client::etag_of(1), &change).await, StatusCode::FORBIDDEN, "forbidden");
        // Creating and renaming groups is for administrators only.
        let plan_id = team.plan_id;
        refused(head_client.create_working_group(&CreateWorkingGroup { name: "X".into(), plan_id, standing_unit_id: None }, None).await, StatusCode::FORBIDDEN, "forbidden");
    }

    // --- assignments ---

    async fn a_changed_assignment_reads_by_date_and_keeps_its_history(app) {
        let team = group(&app, "Tổ công tác").await;
        let (member, _) = app.user("covering-member", Role::Member, None).await;
        join(&app.admin, team.id, member.id, MemberPosition::Member, day(2021, 9, 1)).await;
        let workers = target_group(&app, "test_workers").await;
        let youth = target_group(&app, "test_youth").await;
        let hanoi = province(&app, Layout::L2021, "01").await;
        let saigon = province(&app, Layout::L2021, "79").await;

        let first = app.admin.create_assignment(team.id, &assignment(member.id, &[workers.id], &[hanoi], day(2021, 9, 15)), None).await.unwrap();
        assert_eq!((first.valid_from, first.valid_to, first.version), (day(2021, 9, 15), None, 1));
        let read = app.admin.get_assignment(first.id).await.unwrap();
        let change = ChangeAssignment {
            target_group_ids: Some(vec![youth.id]),
            area_ids: Some(vec![saigon]),
            effective_from: Some(day(2021, 10, 1)),
            ..Default::default()
        };
        let second = app.admin.change_assignment(first.id, &read.etag, &change).await.unwrap();
        assert_eq!((second.valid_from, second.replaces_id, second.user_id), (day(2021, 10, 1), Some(first.id), member.id));
        assert_eq!((second.target_group_ids.clone(), second.area_ids.clone()), (vec![youth.id], vec![saigon]));

        // As of a day in September the old values hold, in October the new ones.
        let september = app.admin.list_assignments(team.id, Some(day(2021, 9, 20))).await.unwrap();
        assert_eq!(ids(&september, |a| a.id), [first.id]);
        assert_eq!(september[0].target_group_ids, [workers.id]);
        assert_eq!(september[0].valid_to, Some(day(2021, 9, 30)));
        let october = app.admin.list_assignments(team.id, Some(day(2021, 10, 5))).await.unwrap();
        assert_eq!(ids(&october, |a| a.id), [second.id]);
        assert_eq!(october[0].target_group_ids, [youth.id]);
        assert!(app.admin.list_assignments(team.id, Some(day(2021, 9, 14))).await.unwrap().is_empty());

        // The history is the same from either end, linked both ways.
        let history = app.admin.assignment_history(first.id).await.unwrap();
        assert_eq!(ids(&history, |a| a.id), [first.id, second.id]);
        assert_eq!((history[0].replaced_by_id, history[1].replaces_id), (Some(second.id), Some(first.id)));
        assert_eq!(app.admin.assignment_history(second.id).await.unwrap(), history);

        // The replaced row cannot change again, whatever its ETag.
        let old = app.admin.get_assignment(first.id).await.unwrap();
        refused(app.admin.change_assignment(first.id, &old.etag, &change).await, StatusCode::CONFLICT, "superseded");

        // A correction on the successor's first day supersedes it.
        let correction = ChangeAssignment { note: Some("sửa".into()), effective_from: Some(day(2021, 10, 1)), ..Default::default() };
        let stale = refused(app.admin.change_assignment(second.id, "\"9\"", &correction).await, StatusCode::PRECONDITION_FAILED, "precondition_failed");
        assert!(stale.is_empty());
        let third = app.admin.change_assignment(second.id, &danvan_client::etag_of(1), &correction).await.unwrap();
        assert_eq!((third.valid_from, third.note.as_str(), third.target_group_ids.clone()), (day(2021, 10, 1), "sửa", vec![youth.id]));
        let corrected = app.admin.get_assignment(second.id).await.unwrap().value;
        assert!(corrected.superseded_at.is_some());
        assert_eq!((corrected.valid_to, corrected.replaced_by_id), (None, Some(third.id)));
        let october = app.admin.list_assignments(team.id, Some(day(2021, 10, 5))).await.unwrap();
        assert_eq!(ids(&october, |a| a.id), [third.id]);
        let history = app.admin.assignment_history(second.id).await.unwrap();
        assert_eq!(ids(&history, |a| a.id), [first.id, second.id, third.id]);

        // A new last day before the first day is refused.
        let backwards = ChangeAssignment { valid_to: Some(Some(day(2021, 9, 1))), effective_from: Some(day(2021, 10, 1)), ..Default::default() };
        let fields = refused(app.admin.change_assignment(third.id, &danvan_client::etag_of(1), &backwards).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, pairs(&[("valid_to", "before_start")]));

        let audit = app.admin.list_audit(&[("entity", "assignment"), ("action", "change")]).await.unwrap();
        assert_eq!(audit.items.len(), 2);
        assert!(audit.items.iter().any(|e| e.entity_id.as_deref() == Some(first.id.to_string().as_str())));
    }

    async fn a_retired_target_group_stays_on_old_work_but_is_refused_for_new_work(app) {
        let team = group(&app, "Tổ công tác").await;
        let (member, _) = app.user("retired-member", Role::Member, None).await;
        join(&app.admin, team.id, member.id, MemberPosition::Member, day(2021, 9, 1)).await;
        let veterans = target_group(&app, "test_veterans").await;
        let farmers = target_group(&app, "test_farmers").await;
        let hanoi = province(&app, Layout::L2021, "01").await;
        let first = app.admin.create_assignment(team.id, &assignment(member.id, &[veterans.id], &[hanoi], day(2021, 9, 15)), None).await.unwrap();
        let retire = UpdateCatalogEntry { active: Some(false), ..Default::default() };
        app.admin.update_target_group(veterans.id, &danvan_client::etag_of(veterans.version), &retire).await.unwrap();

        // A new assignment or task may not name it.
        let fields = refused(
            app.admin.create_assignment(team.id, &assignment(member.id, &[veterans.id], &[hanoi], day(2021, 10, 1)), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(fields, pairs(&[("target_group_ids", "retired")]));
        let task = CreateTask {
            title: "Thăm hỏi cựu chiến binh".into(),
            description: String::new(),
            plan_item_id: None,
            working_group_id: Some(team.id),
            assignee_user_ids: vec![member.id],
            assignee_org_unit_ids: Vec::new(),
            area_ids: Vec::new(),
            target_group_id: Some(veterans.id),
            due_on: day(2031, 1, 1),
            priority: None,
        };
        let fields = refused(app.admin.create_task(&task, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, pairs(&[("target_group_id", "retired")]));

        // A change that keeps it is fine; one that adds it back after dropping it is not.
        let keep = ChangeAssignment { target_group_ids: Some(vec![veterans.id, farmers.id]), effective_from: Some(day(2021, 10, 1)), ..Default::default() };
        let second = app.admin.change_assignment(first.id, &danvan_client::etag_of(first.version), &keep).await.unwrap();
        assert_eq!(second.target_group_ids.len(), 2);
        let drop = ChangeAssignment { target_group_ids: Some(vec![farmers.id]), effective_from: Some(day(2021, 11, 1)), ..Default::default() };
        let third = app.admin.change_assignment(second.id, &danvan_client::etag_of(second.version), &drop).await.unwrap();
        let back = ChangeAssignment { target_group_ids: Some(vec![farmers.id, veterans.id]), effective_from: Some(day(2021, 12, 1)), ..Default::default() };
        let fields = refused(
            app.admin.change_assignment(third.id, &danvan_client::etag_of(third.version), &back).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(fields, pairs(&[("target_group_ids", "retired")]));
    }

    async fn ending_an_assignment_sets_its_last_day(app) {
        let team = group(&app, "Tổ công tác").await;
        let (member, _) = app.user("ending-member", Role::Member, None).await;
        join(&app.admin, team.id, member.id, MemberPosition::Member, day(2021, 9, 1)).await;
        let workers = target_group(&app, "test_workers").await;
        let hanoi = province(&app, Layout::L2021, "01").await;
        let row = app.admin.create_assignment(team.id, &assignment(member.id, &[workers.id], &[hanoi], day(2021, 9, 15)), None).await.unwrap();

        let fields = refused(
            app.admin.end_assignment(row.id, &danvan_client::etag_of(1), &EndAssignment { on: Some(day(2021, 9, 14)) }).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(fields, pairs(&[("on", "before_start")]));
        let path = format!("/api/v1/assignments/{}/end", row.id);
        let response = app.admin.request(Method::POST, &path).json(&EndAssignment { on: None }).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::PRECONDITION_REQUIRED);
        let ended = app.admin.end_assignment(row.id, &danvan_client::etag_of(1), &EndAssignment { on: Some(day(2021, 12, 31)) }).await.unwrap();
        assert_eq!((ended.id, ended.valid_to, ended.version), (row.id, Some(day(2021, 12, 31)), 2));
        assert_eq!(app.admin.list_assignments(team.id, Some(day(2021, 12, 31))).await.unwrap().len(), 1);
        assert!(app.admin.list_assignments(team.id, Some(day(2022, 1, 1))).await.unwrap().is_empty());
        refused(app.admin.end_assignment(row.id, &danvan_client::etag_of(1), &EndAssignment { on: None }).await, StatusCode::PRECONDITION_FAILED, "precondition_failed");
        let response = app.admin.request(Method::GET, &format!("/api/v1/assignments/{}", row.id)).send().await.unwrap();
        assert_eq!(response.headers().get(header::ETAG).unwrap(), "\"2\"");
    }

    async fn assignments_name_only_existing_things_for_members(app) {
        let team = group(&app, "Tổ công tác").await;
        let (member, _) = app.user("checked-member", Role::Member, None).await;
        let (outsider, _) = app.user("outsider", Role::Member, None).await;
        join(&app.admin, team.id, member.id, MemberPosition::Member, day(2021, 9, 1)).await;
        let workers = target_group(&app, "test_workers").await;
        let health = app.admin.create_field(&new_entry("test_health"), None).await.unwrap();
        let hanoi = province(&app, Layout::L2021, "01").await;
        let start = day(2021, 9, 15);

        let fields = refused(
            app.admin.create_assignment(team.id, &assignment(outsider.id, &[workers.id], &[hanoi], start), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(fields, pairs(&[("user_id", "not_member")]));
        // Before the member joined they were not on the roster either.
        let fields = refused(
            app.admin.create_assignment(team.id, &assignment(member.id, &[workers.id], &[hanoi], day(2021, 8, 1)), None).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
        );
        assert_eq!(fields, pairs(&[("user_id", "not_member")]));

        // A field id among the target groups, an unknown area and an unknown area group.
        let request = CreateAssignment {
            field_ids: vec![workers.id],
            area_group_ids: vec![Uuid::now_v7()],
            ..assignment(member.id, &[health.id], &[Uuid::now_v7()], start)
        };
        let mut fields = refused(app.admin.create_assignment(team.id, &request, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        fields.sort();
        assert_eq!(fields, pairs(&[("area_group_ids", "unknown"), ("area_ids", "unknown"), ("field_ids", "unknown"), ("target_group_ids", "unknown")]));
        let empty = assignment(member.id, &[], &[], start);
        let fields = refused(app.admin.create_assignment(team.id, &empty, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(fields, pairs(&[("target_group_ids", "required"), ("area_ids", "required")]));
        refused(app.admin.create_assignment(Uuid::now_v7(), &assignment(member.id, &[workers.id], &[hanoi], start), None).await, StatusCode::NOT_FOUND, "not_found");
        refused(app.admin.assignment_history(Uuid::now_v7()).await, StatusCode::NOT_FOUND, "not_found");

        let ok = CreateAssignment { field_ids: vec![health.id], ..assignment(member.id, &[workers.id], &[hanoi], start) };
        let row = app.admin.create_assignment(team.id, &ok, Some("assign-1")).await.unwrap();
        assert_eq!((row.field_ids.clone(), row.created_by), (vec![health.id], Some(app.admin_user.id)));
        assert_eq!(app.admin.create_assignment(team.id, &ok, Some("assign-1")).await.unwrap().id, row.id);
    }

    async fn coverage_lists_uncovered_provinces_and_overlapping_members(app) {
        let team = group(&app, "Tổ công tác").await;
        let (alice, _) = app.user("alice", Role::Member, None).await;
        let (bob, _) = app.user("bob", Role::Member, None).await;
        let start = day(2021, 9, 15);
        for user in [alice.id, bob.id] {
            join(&app.admin, team.id, user, MemberPosition::Member, day(2021, 9, 1)).await;
        }
        let workers = target_group(&app, "test_workers").await;
        let youth = target_group(&app, "test_youth").await;
        let unused = target_group(&app, "test_unused").await;
        let hanoi = province(&app, Layout::L2021, "01").await;
        let saigon = province(&app, Layout::L2021, "79").await;
        let hue = province(&app, Layout::L2021, "46").await;
        let ba_dinh = app.admin.area_by_code(Layout::L2021, "001").await.unwrap();
        let hanoi_2025 = province(&app, Layout::L2025, "01").await;
        let south = app.admin.create_area_group(
            &CreateAreaGroup { code: "test-south".into(), name: "Phía Nam".into(), kind: AreaGroupKind::Custom, layout: Layout::L2021, province_ids: vec![saigon, hue] },
            None,
        ).await.unwrap();

        // Alice: workers and youth in a district of Hà Nội, and a 2025 province (which does
        // not count in the 2021 layout). Bob: workers in Hà Nội and the southern group.
        let alice_row = app.admin.create_assignment(team.id, &assignment(alice.id, &[workers.id, youth.id], &[ba_dinh.id, hanoi_2025], start), None).await.unwrap();
        let bob_request = CreateAssignment { area_group_ids: vec![south.id], ..assignment(bob.id, &[workers.id], &[hanoi], start) };
        let bob_row = app.admin.create_assignment(team.id, &bob_request, None).await.unwrap();

        let report = app.admin.coverage(team.id, Some(day(2021, 10, 1)), Some(Layout::L2021)).await.unwrap();
        assert_eq!((report.as_of, report.layout), (day(2021, 10, 1), Layout::L2021));
        assert_eq!(report.uncovered_province_ids.len(), 63 - 3);
        for covered in [hanoi, saigon, hue] {
            assert!(!report.uncovered_province_ids.contains(&covered));
        }
        assert_eq!(report.overlaps.len(), 1);
        let overlap = &report.overlaps[0];
        let mut users = vec![alice.id, bob.id];
        users.sort();
        assert_eq!(overlap.user_ids, users);
        let mut rows = vec![alice_row.id, bob_row.id];
        if users[0] != alice.id {
            rows.reverse();
        }
        assert_eq!(overlap.assignment_ids, rows);
        assert_eq!((overlap.target_group_ids.clone(), overlap.province_ids.clone()), (vec![workers.id], vec![hanoi]));
        assert!(report.uncovered_target_group_ids.contains(&unused.id));
        assert!(!report.uncovered_target_group_ids.contains(&workers.id) && !report.uncovered_target_group_ids.contains(&youth.id));
        // A retired target group is not a gap.
        app.admin.update_target_group(unused.id, &danvan_client::etag_of(1), &UpdateCatalogEntry { active: Some(false), ..Default::default() }).await.unwrap();
        let report = app.admin.coverage(team.id, Some(day(2021, 10, 1)), None).await.unwrap();
        assert!(!report.uncovered_target_group_ids.contains(&unused.id));
        assert_eq!(report.layout, Layout::L2021);

        // In the 2025 layout only Alice's 2025 Hà Nội counts, and nobody overlaps.
        let report = app.admin.coverage(team.id, Some(day(2021, 10, 1)), Some(Layout::L2025)).await.unwrap();
        assert_eq!(report.uncovered_province_ids.len(), 34 - 1);
        assert!(!report.uncovered_province_ids.contains(&hanoi_2025));
        assert!(report.overlaps.is_empty());

        // Before anyone was assigned, everything is uncovered.
        let report = app.admin.coverage(team.id, Some(day(2021, 9, 1)), Some(Layout::L2021)).await.unwrap();
        assert_eq!(report.uncovered_province_ids.len(), 63);
        assert!(report.uncovered_target_group_ids.contains(&workers.id));
        refused(app.admin.coverage(Uuid::now_v7(), None, None).await, StatusCode::NOT_FOUND, "not_found");
        let path = format!("/api/v1/working-groups/{}/coverage?layout=2030", team.id);
        assert_eq!(status_of(app.admin.request(Method::GET, &path)).await, StatusCode::BAD_REQUEST);
    }
}

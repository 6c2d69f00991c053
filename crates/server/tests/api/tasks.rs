//! Tasks over HTTP on both databases: the transition table by relation, who may edit,
//! progress and the timeline, the list's filters and paging, scope, the export, the
//! notifications tasks raise, and plan progress.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{refused, TestApp, PASSWORD};
use chrono::{Duration, NaiveDate, Utc};
use danvan_client::{Client, ClientError, Tagged};
use danvan_domain::{
    area::Layout,
    calendar,
    notification::{Notification, NotificationKind},
    org_unit::{CreateOrgUnit, OrgUnitKind},
    plan::{Plan, PlanItem},
    role::Role,
    task::{
        may_transition, CreateTask, PostProgress, Task, TaskEvent, TaskEventKind, TaskPriority, TaskRelation,
        TaskStatus, TaskTransition, UpdateTask, TRANSITIONS,
    },
    user::{CreateUser, User},
};
use reqwest::{Method, StatusCode};
use std::collections::{BTreeSet, VecDeque};
use uuid::Uuid;

fn today() -> NaiveDate {
    calendar::today(Utc::now())
}

fn days(n: i64) -> NaiveDate {
    today() + Duration::days(n)
}

fn new_task(title: &str, users: &[Uuid], due_on: NaiveDate) -> CreateTask {
    CreateTask {
        title: title.into(),
        description: String::new(),
        plan_item_id: None,
        working_group_id: None,
        assignee_user_ids: users.to_vec(),
        assignee_org_unit_ids: Vec::new(),
        area_ids: Vec::new(),
        target_group_id: None,
        due_on,
        priority: None,
    }
}

async fn create(client: &Client, request: &CreateTask) -> Task {
    client.create_task(request, None).await.unwrap()
}

async fn tagged(client: &Client, id: Uuid) -> Tagged<Task> {
    client.get_task(id).await.unwrap()
}

async fn transition_to(client: &Client, id: Uuid, to: TaskStatus) -> Result<Task, ClientError> {
    let etag = client.get_task(id).await?.etag;
    client.transition_task(id, &etag, &TaskTransition { to, comment: format!("to {to}") }).await
}

/// Reports progress on the task as it is now (read for its ETag first).
async fn post_progress(
    client: &Client,
    id: Uuid,
    body: &PostProgress,
    key: Option<&str>,
) -> Result<TaskEvent, ClientError> {
    let etag = client.get_task(id).await?.etag;
    client.post_progress(id, &etag, body, key).await
}

async fn update(client: &Client, id: Uuid, change: &UpdateTask) -> Result<Task, ClientError> {
    let etag = client.get_task(id).await?.etag;
    client.update_task(id, &etag, change).await
}

/// Every task matching `query`, across pages of `limit`.
async fn all_tasks(client: &Client, query: &[(&str, &str)], limit: &str) -> Vec<Task> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut q = query.to_vec();
        q.push(("limit", limit));
        if let Some(c) = &cursor {
            q.push(("cursor", c));
        }
        let page = client.list_tasks(&q).await.unwrap();
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return all,
        }
    }
}

fn titles(tasks: &[Task]) -> Vec<String> {
    tasks.iter().map(|task| task.title.clone()).collect()
}

fn sorted_titles(tasks: &[Task]) -> BTreeSet<String> {
    tasks.iter().map(|task| task.title.clone()).collect()
}

/// The shortest chain of allowed moves from `new` to `target`.
fn path_to(target: TaskStatus) -> Vec<(TaskStatus, TaskRelation)> {
    let mut queue = VecDeque::from([(TaskStatus::New, Vec::new())]);
    let mut seen = vec![TaskStatus::New];
    while let Some((status, path)) = queue.pop_front() {
        if status == target {
            return path;
        }
        for transition in TRANSITIONS.iter().filter(|t| t.from == status) {
            if !seen.contains(&transition.to) {
                seen.push(transition.to);
                let mut next: Vec<(TaskStatus, TaskRelation)> = path.clone();
                next.push((transition.to, transition.by));
                queue.push_back((transition.to, next));
            }
        }
    }
    panic!("{target} is unreachable")
}

/// People of one test: a creator (standing unit), an assignee (member), a group head
/// (manager without creating), another member and a viewer.
struct Cast {
    creator: Client,
    creator_user: User,
    worker: Client,
    worker_user: User,
    head: Client,
    other: Client,
    other_user: User,
    viewer: Client,
}

async fn cast(app: &TestApp) -> Cast {
    let (creator_user, creator) = app.user("creator", Role::StandingUnit, None).await;
    let (worker_user, worker) = app.user("worker", Role::Member, None).await;
    let (_, head) = app.user("head", Role::GroupHead, None).await;
    let (other_user, other) = app.user("other", Role::Member, None).await;
    let (_, viewer) = app.user("viewer", Role::Viewer, None).await;
    Cast { creator, creator_user, worker, worker_user, head, other, other_user, viewer }
}

/// A fresh task of the cast's creator for its worker, driven to `status`.
async fn task_in(cast: &Cast, status: TaskStatus, title: &str) -> Tagged<Task> {
    let task = create(&cast.creator, &new_task(title, &[cast.worker_user.id], days(10))).await;
    for (to, by) in path_to(status) {
        let client = if by == TaskRelation::Assignee { &cast.worker } else { &cast.creator };
        transition_to(client, task.id, to).await.unwrap();
    }
    let task = tagged(&cast.creator, task.id).await;
    assert_eq!(task.value.status, status);
    task
}

/// Creates a plan with items through the plan endpoints.
async fn plan_with_items(app: &TestApp, numbers: &[&str]) -> (Plan, Vec<PlanItem>) {
    let body = serde_json::json!({
        "number": format!("{}-KH/BDVTW", numbers.len()),
        "title": "Kế hoạch phòng, chống dịch",
        "issuing_body": "Ban Dân vận Trung ương",
        "issued_on": "2021-09-13",
    });
    let response = app.admin.request(Method::POST, "/api/v1/plans").json(&body).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let plan: Plan = response.json().await.unwrap();
    let mut items = Vec::new();
    for number in numbers {
        let body = serde_json::json!({ "number": number, "title": format!("Mục {number}") });
        let path = format!("/api/v1/plans/{}/items", plan.id);
        let response = app.admin.request(Method::POST, &path).json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        items.push(response.json::<PlanItem>().await.unwrap());
    }
    (plan, items)
}

async fn notifications(client: &Client) -> Vec<Notification> {
    client.list_notifications(&[("limit", "200")]).await.unwrap().items
}

fn kinds_for(notes: &[Notification], task: Uuid) -> Vec<NotificationKind> {
    notes.iter().filter(|note| note.task.as_ref().map(|named| named.id) == Some(task)).map(|note| note.kind).collect()
}

both_backends! {
    async fn a_task_reached_through_two_of_the_callers_keys_is_listed_once(app) {
        let request = CreateOrgUnit {
            parent_id: None,
            code: "TO-MOT".into(),
            name: "Tổ một".into(),
            kind: OrgUnitKind::Department,
        };
        let unit = app.admin.create_org_unit(&request, None).await.unwrap();
        let (_, creator) = app.user("giver", Role::StandingUnit, None).await;
        let (member, client) = app.user("taker", Role::Member, Some(unit.id)).await;
        for (number, due) in [(1, 3), (2, 1), (3, 2), (4, 1)] {
            let mut request = new_task(&format!("Việc {number}"), &[member.id], days(due));
            // The even ones reach the member twice: directly and through their unit.
            if number % 2 == 0 {
                request.assignee_org_unit_ids = vec![unit.id];
            }
            create(&creator, &request).await;
        }
        // By due date, then by id (the order of creation); a page of one steps past both keys
        // of a task met twice.
        for limit in ["1", "3", "200"] {
            let mine = all_tasks(&client, &[("mine", "true")], limit).await;
            let titles: Vec<&str> = mine.iter().map(|task| task.title.as_str()).collect();
            assert_eq!(titles, ["Việc 2", "Việc 4", "Việc 3", "Việc 1"], "pages of {limit}");
        }
        let page = client.list_tasks(&[("mine", "true"), ("limit", "3")]).await.unwrap();
        assert_eq!((page.items.len(), page.next_cursor.is_some()), (3, true));
    }

    async fn transitions_follow_the_transition_table_for_assignees_and_managers(app) {
        let cast = cast(&app).await;
        let actors: [(&str, &Client, TaskRelation); 3] = [
            ("assignee", &cast.worker, TaskRelation::Assignee),
            ("creator", &cast.creator, TaskRelation::Manager),
            ("group head", &cast.head, TaskRelation::Manager),
        ];
        for from in TaskStatus::ALL.iter().copied() {
            for (label, client, relation) in actors {
                let mut current: Option<Tagged<Task>> = None;
                for to in TaskStatus::ALL.iter().copied() {
                    let task = match current.take() {
                        Some(task) => task,
                        None => task_in(&cast, from, &format!("{from} → {to} by {label}")).await,
                    };
                    let outcome = client.transition_task(task.value.id, &task.etag, &TaskTransition { to, comment: String::new() }).await;
                    if may_transition(from, to, &[relation]) {
                        let moved = outcome.unwrap_or_else(|e| panic!("{label} {from} → {to}: {e}"));
                        assert_eq!(moved.status, to);
                        if to == TaskStatus::Done {
                            assert_eq!(moved.percent, 100);
                        }
                    } else {
                        match outcome {
                            Err(error) => {
                                assert_eq!(error.status(), Some(StatusCode::CONFLICT.as_u16()), "{label} {from} → {to}");
                                assert_eq!(error.code(), Some("transition_not_allowed"), "{label} {from} → {to}");
                            }
                            Ok(_) => panic!("{label} moved {from} → {to}"),
                        }
                        current = Some(task);
                    }
                }
            }
        }
    }

    async fn allowed_transitions_and_flags_follow_the_callers_relation(app) {
        let cast = cast(&app).await;
        let task = task_in(&cast, TaskStatus::InProgress, "flags").await.value;
        let as_worker = tagged(&cast.worker, task.id).await.value;
        assert_eq!(as_worker.allowed_transitions, [TaskStatus::Blocked, TaskStatus::Done]);
        assert!(as_worker.can_report && !as_worker.can_edit);
        let as_creator = tagged(&cast.creator, task.id).await.value;
        assert_eq!(as_creator.allowed_transitions, [TaskStatus::Cancelled]);
        assert!(as_creator.can_report && as_creator.can_edit);
        let as_viewer = tagged(&cast.viewer, task.id).await.value;
        assert!(as_viewer.allowed_transitions.is_empty() && !as_viewer.can_report && !as_viewer.can_edit);
    }

    async fn callers_without_a_relation_cannot_transition_or_report(app) {
        let cast = cast(&app).await;
        let hanoi = app.admin.area_by_code(Layout::L2025, "01").await.unwrap();
        let mut request = new_task("Hỗ trợ người dân Hà Nội", &[cast.worker_user.id], days(5));
        request.area_ids = vec![hanoi.id];
        let task = create(&cast.creator, &request).await;
        let etag = tagged(&cast.creator, task.id).await.etag;
        let accept = TaskTransition { to: TaskStatus::Accepted, comment: String::new() };

        // A member who is no assignee does not even see it.
        refused(cast.other.transition_task(task.id, &etag, &accept).await, StatusCode::NOT_FOUND, "not_found");
        refused(cast.other.get_task(task.id).await, StatusCode::NOT_FOUND, "not_found");
        // A member whose area scope holds the task sees it but stands in no relation.
        app.admin
            .create_user(
                &CreateUser {
                    username: "hanoi.member".into(),
                    display_name: "Thành viên Hà Nội".into(),
                    email: None,
                    role: Role::Member,
                    org_unit_id: None,
                    password: PASSWORD.into(),
                    scope_area_ids: vec![hanoi.id],
                    scope_area_group_ids: Vec::new(),
                },
                None,
            )
            .await
            .unwrap();
        let scoped = app.login("hanoi.member", PASSWORD).await;
        assert_eq!(scoped.get_task(task.id).await.unwrap().value.id, task.id);
        refused(scoped.transition_task(task.id, &etag, &accept).await, StatusCode::FORBIDDEN, "forbidden");
        let report = PostProgress { percent: 10, comment: "bắt đầu".into() };
        refused(post_progress(&scoped, task.id, &report, None).await, StatusCode::FORBIDDEN, "forbidden");
        // A viewer sees every task and never writes.
        assert_eq!(cast.viewer.get_task(task.id).await.unwrap().value.id, task.id);
        refused(cast.viewer.transition_task(task.id, &etag, &accept).await, StatusCode::FORBIDDEN, "forbidden");
        // A stale ETag is a 412 for those who may move it.
        let moved = cast.worker.transition_task(task.id, &etag, &accept).await.unwrap();
        assert_eq!(moved.status, TaskStatus::Accepted);
        let start = TaskTransition { to: TaskStatus::InProgress, comment: String::new() };
        refused(cast.worker.transition_task(task.id, &etag, &start).await, StatusCode::PRECONDITION_FAILED, "precondition_failed");
    }

    async fn only_managers_edit_tasks(app) {
        let cast = cast(&app).await;
        let task = create(&cast.creator, &new_task("Sửa được không", &[cast.worker_user.id], days(3))).await;
        let rename = UpdateTask { title: Some("Đổi tên".into()), ..Default::default() };
        refused(update(&cast.worker, task.id, &rename).await, StatusCode::FORBIDDEN, "forbidden");
        refused(update(&cast.other, task.id, &rename).await, StatusCode::NOT_FOUND, "not_found");
        refused(update(&cast.viewer, task.id, &rename).await, StatusCode::FORBIDDEN, "forbidden");
        let renamed = update(&cast.creator, task.id, &rename).await.unwrap();
        assert_eq!(renamed.title, "Đổi tên");
        assert_eq!(renamed.version, task.version + 1);
        let urgent = UpdateTask { priority: Some(TaskPriority::Urgent), ..Default::default() };
        assert_eq!(update(&cast.head, task.id, &urgent).await.unwrap().priority, TaskPriority::Urgent);
        // Unknown references are refused field by field.
        let bad = UpdateTask {
            assignee_user_ids: Some(vec![cast.worker_user.id, Uuid::now_v7()]),
            area_ids: Some(vec![Uuid::now_v7()]),
            plan_item_id: Some(Some(Uuid::now_v7())),
            ..Default::default()
        };
        let errors = refused(update(&cast.creator, task.id, &bad).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        let fields: BTreeSet<(String, String)> = errors.into_iter().collect();
        let expected: BTreeSet<(String, String)> = [("plan_item_id", "unknown"), ("assignee_user_ids[1]", "unknown"), ("area_ids[0]", "unknown")]
            .into_iter()
            .map(|(f, c)| (f.to_owned(), c.to_owned()))
            .collect();
        assert_eq!(fields, expected);
        let mut create_bad = new_task("x", &[Uuid::now_v7()], days(1));
        create_bad.target_group_id = Some(Uuid::now_v7());
        let errors = refused(cast.creator.create_task(&create_bad, None).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert!(errors.contains(&("target_group_id".into(), "unknown".into())), "{errors:?}");
        assert!(errors.contains(&("assignee_user_ids[0]".into(), "unknown".into())), "{errors:?}");
        // Members may not create tasks at all.
        refused(cast.worker.create_task(&new_task("x", &[cast.worker_user.id], days(1)), None).await, StatusCode::FORBIDDEN, "forbidden");
    }

    async fn progress_sets_percent_and_the_timeline_tells_the_whole_story(app) {
        let cast = cast(&app).await;
        let task = create(&cast.creator, &new_task("Phát khẩu trang", &[cast.worker_user.id], days(7))).await;
        let report = |percent: i32| PostProgress { percent, comment: format!("{percent}%") };
        refused(post_progress(&cast.worker, task.id, &report(10), None).await, StatusCode::CONFLICT, "not_in_progress");
        transition_to(&cast.worker, task.id, TaskStatus::Accepted).await.unwrap();
        let event = post_progress(&cast.worker, task.id, &report(40), Some("progress-1")).await.unwrap();
        assert_eq!((event.kind, event.percent), (TaskEventKind::Progress, Some(40)));
        // A retry under the same key replays the first answer.
        let again = post_progress(&cast.worker, task.id, &report(40), Some("progress-1")).await.unwrap();
        assert_eq!(again.id, event.id);
        assert_eq!(tagged(&cast.worker, task.id).await.value.percent, 40);
        // A report on the task as it was before a change is refused and changes nothing.
        let stale = danvan_client::etag_of(task.version);
        let refused_report = cast.worker.post_progress(task.id, &stale, &report(60), None).await;
        refused(refused_report, StatusCode::PRECONDITION_FAILED, "precondition_failed");
        assert_eq!(tagged(&cast.worker, task.id).await.value.percent, 40);
        // Reassign to the other member as well.
        let both = UpdateTask { assignee_user_ids: Some(vec![cast.worker_user.id, cast.other_user.id]), ..Default::default() };
        let reassigned = update(&cast.creator, task.id, &both).await.unwrap();
        assert_eq!(reassigned.assignee_users.len(), 2);
        transition_to(&cast.other, task.id, TaskStatus::InProgress).await.unwrap();
        post_progress(&cast.other, task.id, &report(80), None).await.unwrap();
        let done = transition_to(&cast.worker, task.id, TaskStatus::Done).await.unwrap();
        assert_eq!(done.percent, 100);
        refused(post_progress(&cast.worker, task.id, &report(90), None).await, StatusCode::CONFLICT, "not_in_progress");

        let timeline = cast.creator.task_timeline(task.id).await.unwrap();
        let kinds: Vec<TaskEventKind> = timeline.iter().map(|event| event.kind).collect();
        use TaskEventKind::*;
        assert_eq!(kinds, [Created, Moved, Progress, Reassigned, Moved, Progress, Moved]);
        let moves: Vec<(Option<TaskStatus>, Option<TaskStatus>)> =
            timeline.iter().filter(|e| e.kind == Moved).map(|e| (e.from_status, e.to_status)).collect();
        assert_eq!(
            moves,
            [
                (Some(TaskStatus::New), Some(TaskStatus::Accepted)),
                (Some(TaskStatus::Accepted), Some(TaskStatus::InProgress)),
                (Some(TaskStatus::InProgress), Some(TaskStatus::Done)),
            ]
        );
        assert_eq!(timeline[1].comment, "to accepted");
        assert_eq!(timeline[0].actor.name, cast.creator_user.display_name);
        assert_eq!(timeline[2].actor.id, cast.worker_user.id);
        let names: BTreeSet<Uuid> = timeline[3].assignees.iter().map(|a| a.id).collect();
        assert_eq!(names, BTreeSet::from([cast.worker_user.id, cast.other_user.id]));
        assert!(timeline.windows(2).all(|pair| pair[0].at <= pair[1].at));
        // Editing other fields is an `edited` event.
        update(&cast.creator, task.id, &UpdateTask { due_on: Some(days(8)), ..Default::default() }).await.unwrap();
        assert_eq!(cast.worker.task_timeline(task.id).await.unwrap().last().unwrap().kind, Edited);
        refused(cast.viewer.task_timeline(Uuid::now_v7()).await, StatusCode::NOT_FOUND, "not_found");
    }

    async fn the_list_filters_and_pages_by_every_criterion(app) {
        let cast = cast(&app).await;
        let hanoi = app.admin.area_by_code(Layout::L2025, "01").await.unwrap();
        let hanoi_communes = app.admin.area_children(hanoi.id).await.unwrap();
        let commune = hanoi_communes.first().unwrap().clone();
        let hcm = app.admin.area_by_code(Layout::L2025, "79").await.unwrap();
        let (_, items) = plan_with_items(&app, &["I", "II"]).await;
        let worker = cast.worker_user.id;
        let other = cast.other_user.id;

        let mut specs: Vec<CreateTask> = Vec::new();
        let mut add = |title: &str, users: &[Uuid], due: i64, priority: TaskPriority, areas: Vec<Uuid>, item: Option<Uuid>| {
            let mut request = new_task(title, users, days(due));
            request.priority = Some(priority);
            request.area_ids = areas;
            request.plan_item_id = item;
            specs.push(request);
        };
        add("Quá hạn một", &[worker], -2, TaskPriority::High, vec![commune.id], Some(items[0].id));
        add("Sắp đến hạn", &[worker], 2, TaskPriority::Urgent, vec![hcm.id], None);
        add("Còn xa", &[other], 30, TaskPriority::Low, vec![], Some(items[1].id));
        add("Đến hạn hôm nay", &[worker, other], 0, TaskPriority::Normal, vec![hanoi.id], Some(items[0].id));
        add("Quá hạn nhưng xong", &[other], -5, TaskPriority::High, vec![], None);
        add("Thăm hỏi gia đình", &[worker], 12, TaskPriority::Normal, vec![], None);
        add("Khẩn cấp thứ hai", &[other], 4, TaskPriority::Urgent, vec![], None);
        let mut created = Vec::new();
        for spec in &specs {
            created.push(create(&cast.creator, spec).await);
        }
        // Finish one overdue task so that it no longer counts as overdue.
        let finished = created[4].id;
        for to in [TaskStatus::Accepted, TaskStatus::InProgress, TaskStatus::Done] {
            transition_to(&cast.other, finished, to).await.unwrap();
        }
        transition_to(&cast.worker, created[1].id, TaskStatus::Accepted).await.unwrap();

        let set = |list: &[&str]| -> BTreeSet<String> { list.iter().map(|s| (*s).to_owned()).collect() };
        let get = |query: Vec<(&'static str, String)>| {
            let client = cast.creator.clone();
            async move {
                let query: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
                sorted_titles(&all_tasks(&client, &query, "200").await)
            }
        };
        let all = get(vec![]).await;
        assert_eq!(all.len(), 7);
        // The default order is by due date.
        let by_due = all_tasks(&cast.creator, &[], "200").await;
        assert!(by_due.windows(2).all(|pair| pair[0].due_on <= pair[1].due_on));

        assert_eq!(get(vec![("status", "accepted,done".into())]).await, set(&["Sắp đến hạn", "Quá hạn nhưng xong"]));
        assert_eq!(get(vec![("status", "new".into())]).await.len(), 5);
        let mine = sorted_titles(&all_tasks(&cast.worker, &[("mine", "true")], "200").await);
        assert_eq!(mine, set(&["Quá hạn một", "Sắp đến hạn", "Đến hạn hôm nay", "Thăm hỏi gia đình"]));
        assert_eq!(get(vec![("mine", "true".into())]).await.len(), 0, "the creator is no assignee");
        assert_eq!(get(vec![("created_by_me", "true".into())]).await.len(), 7);
        assert_eq!(get(vec![("overdue", "true".into())]).await, set(&["Quá hạn một"]));
        assert_eq!(get(vec![("due_soon", "true".into())]).await, set(&["Sắp đến hạn", "Đến hạn hôm nay"]));
        assert_eq!(get(vec![("plan_item_id", items[0].id.to_string())]).await, set(&["Quá hạn một", "Đến hạn hôm nay"]));
        // A province matches its own tasks and those of the communes inside it.
        assert_eq!(get(vec![("area_id", hanoi.id.to_string())]).await, set(&["Quá hạn một", "Đến hạn hôm nay"]));
        assert_eq!(get(vec![("area_id", commune.id.to_string())]).await, set(&["Quá hạn một"]));
        assert_eq!(get(vec![("assignee_user_id", other.to_string())]).await.len(), 4);
        assert_eq!(get(vec![("q", "QUA HAN".into())]).await, set(&["Quá hạn một", "Quá hạn nhưng xong"]));
        assert_eq!(get(vec![("due_from", days(0).to_string()), ("due_to", days(4).to_string())]).await.len(), 3);

        // Sorted by priority, most urgent first, two at a time: every task once.
        let paged = all_tasks(&cast.creator, &[("sort", "-priority")], "2").await;
        assert_eq!(paged.len(), 7);
        assert_eq!(sorted_titles(&paged), all);
        let ranks: Vec<i32> = paged.iter().map(|task| task.priority.rank()).collect();
        assert!(ranks.windows(2).all(|pair| pair[0] >= pair[1]), "{ranks:?}");
        for sort in ["due_on", "-due_on", "priority", "created_at", "-created_at", "updated_at", "-updated_at"] {
            let paged = all_tasks(&cast.creator, &[("sort", sort)], "3").await;
            assert_eq!(paged.len(), 7, "{sort}");
            assert_eq!(sorted_titles(&paged), all, "{sort}");
        }
        let created_order = all_tasks(&cast.creator, &[("sort", "created_at")], "3").await;
        assert_eq!(titles(&created_order), specs.iter().map(|s| s.title.clone()).collect::<Vec<_>>());

        // Bad values are refused with a clear problem.
        refused(cast.creator.list_tasks(&[("status", "new,started")]).await, StatusCode::BAD_REQUEST, "bad_request");
        refused(cast.creator.list_tasks(&[("sort", "title")]).await, StatusCode::BAD_REQUEST, "bad_request");
        refused(cast.creator.list_tasks(&[("cursor", "garbage")]).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
    }

    async fn a_regional_office_sees_tasks_in_its_provinces_and_its_own(app) {
        let cast = cast(&app).await;
        let groups = app.admin.list_area_groups(&[("layout", "2025"), ("limit", "200")]).await.unwrap().items;
        let t78 = groups.into_iter().find(|g| g.code == "T78-2025").expect("T78-2025 is loaded");
        let inside = t78.province_ids[0];
        let hanoi = app.admin.area_by_code(Layout::L2025, "01").await.unwrap();
        assert!(!t78.province_ids.contains(&hanoi.id));
        let inside_commune = app.admin.area_children(inside).await.unwrap()[0].id;
        let regional_user = app
            .admin
            .create_user(
                &CreateUser {
                    username: "regional.t78".into(),
                    display_name: "Cán bộ T78".into(),
                    email: None,
                    role: Role::RegionalOffice,
                    org_unit_id: None,
                    password: PASSWORD.into(),
                    scope_area_ids: Vec::new(),
                    scope_area_group_ids: vec![t78.id],
                },
                None,
            )
            .await
            .unwrap();
        let regional = app.login("regional.t78", PASSWORD).await;
        let mut in_region = new_task("Trong vùng", &[cast.worker_user.id], days(3));
        in_region.area_ids = vec![inside_commune];
        let in_region = create(&cast.creator, &in_region).await;
        let mut in_hanoi = new_task("Ở Hà Nội", &[cast.worker_user.id], days(3));
        in_hanoi.area_ids = vec![hanoi.id];
        let in_hanoi = create(&cast.creator, &in_hanoi).await;
        create(&cast.creator, &new_task("Không địa bàn", &[cast.worker_user.id], days(3))).await;
        let own = create(&cast.creator, &new_task("Giao cho T78", &[regional_user.id], days(3))).await;

        let seen = sorted_titles(&all_tasks(&regional, &[], "200").await);
        assert_eq!(seen, ["Giao cho T78", "Trong vùng"].into_iter().map(str::to_owned).collect());
        refused(regional.get_task(in_hanoi.id).await, StatusCode::NOT_FOUND, "not_found");
        assert_eq!(regional.get_task(in_region.id).await.unwrap().value.id, in_region.id);
        assert_eq!(regional.get_task(own.id).await.unwrap().value.id, own.id);
        // Everyone national sees all four.
        assert_eq!(all_tasks(&cast.head, &[], "200").await.len(), 4);
        assert_eq!(all_tasks(&cast.viewer, &[], "200").await.len(), 4);
        // A member sees only their own.
        assert_eq!(all_tasks(&cast.other, &[], "200").await.len(), 0);
    }

    async fn the_export_holds_the_listed_rows_in_either_format_and_language(app) {
        let cast = cast(&app).await;
        for (index, title) in ["Một, hai", "Ba \"bốn\"", "Năm", "Sáu"].iter().enumerate() {
            let mut request = new_task(title, &[cast.worker_user.id], days(index as i64));
            request.priority = Some(if index % 2 == 0 { TaskPriority::High } else { TaskPriority::Low });
            create(&cast.creator, &request).await;
        }
        let query = [("sort", "-priority"), ("status", "new")];
        let listed = titles(&all_tasks(&cast.creator, &query, "200").await);
        let mut csv_query = query.to_vec();
        csv_query.push(("format", "csv"));
        let vi = cast.creator.export_tasks(&csv_query).await.unwrap();
        assert_eq!(vi.content_type, "text/csv; charset=utf-8");
        assert_eq!(vi.disposition, format!("attachment; filename=\"tasks-{}.csv\"", today()));
        assert!(vi.bytes.starts_with("\u{feff}".as_bytes()));
        let text = String::from_utf8(vi.bytes.clone()).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), listed.len() + 1);
        assert!(lines[0].starts_with("Tên nhiệm vụ,Trạng thái"), "{}", lines[0]);
        let first_fields: Vec<String> = lines[1..]
            .iter()
            .map(|line| {
                if let Some(rest) = line.strip_prefix('"') {
                    let end = rest.find("\",").unwrap();
                    rest[..end].replace("\"\"", "\"")
                } else {
                    line.split(',').next().unwrap().to_owned()
                }
            })
            .collect();
        assert_eq!(first_fields, listed);
        assert!(lines[1].contains(",Mới,Cao,"), "{}", lines[1]);
        assert!(lines[1].contains(&cast.worker_user.display_name));

        csv_query.push(("lang", "en"));
        let en = cast.creator.export_tasks(&csv_query).await.unwrap();
        let en_text = String::from_utf8(en.bytes).unwrap();
        assert!(en_text.starts_with("\u{feff}Title,Status,Priority,Due date,"), "{en_text}");
        assert!(en_text.contains(",New,High,"));
        assert_ne!(en_text.lines().next(), text.lines().next());

        let xlsx = cast.creator.export_tasks(&[("format", "xlsx"), ("lang", "en")]).await.unwrap();
        assert_eq!(xlsx.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assert!(xlsx.disposition.ends_with(".xlsx\""));
        assert!(xlsx.bytes.starts_with(b"PK"));
        assert!(xlsx.bytes.len() > 2_000, "{} bytes", xlsx.bytes.len());

        // A member's export holds only what their list holds.
        let member_rows = cast.other.export_tasks(&[]).await.unwrap();
        let member_text = String::from_utf8(member_rows.bytes).unwrap();
        assert_eq!(member_text.split("\r\n").filter(|l| !l.is_empty()).count(), 1);
        refused(cast.creator.export_tasks(&[("format", "pdf")]).await, StatusCode::BAD_REQUEST, "bad_request");
    }

    async fn notifications_follow_assignments_transitions_and_due_dates(app) {
        let cast = cast(&app).await;
        let unit = app
            .admin
            .create_org_unit(
                &danvan_domain::org_unit::CreateOrgUnit {
                    parent_id: None,
                    code: "VU1".into(),
                    name: "Vụ Một".into(),
                    kind: danvan_domain::org_unit::OrgUnitKind::Department,
                },
                None,
            )
            .await
            .unwrap();
        let (unit_user, unit_member) = app.user("unit.member", Role::Member, Some(unit.id)).await;

        let task = create(&cast.creator, &new_task("Giao việc", &[cast.worker_user.id], days(10))).await;
        assert_eq!(kinds_for(&notifications(&cast.worker).await, task.id), [NotificationKind::Assigned]);
        let note = &notifications(&cast.worker).await[0];
        assert_eq!(note.actor.as_ref().map(|a| a.id), Some(cast.creator_user.id));
        assert_eq!(note.task.as_ref().map(|named| named.name.as_str()), Some("Giao việc"));
        assert!(notifications(&cast.creator).await.is_empty(), "no one is told of their own act");

        // Assigning an org unit tells its people; reassignment tells only the added.
        let to_unit = UpdateTask { assignee_org_unit_ids: Some(vec![unit.id]), ..Default::default() };
        update(&cast.creator, task.id, &to_unit).await.unwrap();
        assert_eq!(kinds_for(&notifications(&unit_member).await, task.id), [NotificationKind::Assigned]);
        assert_eq!(kinds_for(&notifications(&cast.worker).await, task.id), [NotificationKind::Assigned]);
        // The unit's member works on it through the unit.
        transition_to(&unit_member, task.id, TaskStatus::Accepted).await.unwrap();
        let creator_notes = notifications(&cast.creator).await;
        assert_eq!(kinds_for(&creator_notes, task.id), [NotificationKind::StatusChanged]);
        assert_eq!(creator_notes[0].status, Some(TaskStatus::Accepted));
        assert_eq!(creator_notes[0].actor.as_ref().map(|a| a.id), Some(unit_user.id));
        // The creator's own move tells no one.
        transition_to(&cast.creator, task.id, TaskStatus::Cancelled).await.unwrap();
        assert_eq!(notifications(&cast.creator).await.len(), 1);

        // Reminders appear on reading, once.
        let tomorrow = create(&cast.creator, &new_task("Hạn ngày mai", &[cast.worker_user.id], days(1))).await;
        let late = create(&cast.creator, &new_task("Đã quá hạn", &[cast.worker_user.id], days(-3))).await;
        let later = create(&cast.creator, &new_task("Còn lâu", &[cast.worker_user.id], days(9))).await;
        let first = notifications(&cast.worker).await;
        let second = notifications(&cast.worker).await;
        assert_eq!(first.len(), second.len());
        assert_eq!(kinds_for(&second, tomorrow.id), [NotificationKind::DueTomorrow, NotificationKind::Assigned]);
        assert_eq!(kinds_for(&second, late.id), [NotificationKind::Overdue, NotificationKind::Assigned]);
        assert_eq!(kinds_for(&second, later.id), [NotificationKind::Assigned]);
        let reminder = second.iter().find(|n| n.kind == NotificationKind::DueTomorrow).unwrap();
        assert_eq!(reminder.due_on, Some(days(1)));
        assert!(reminder.actor.is_none());
        // Cancelled or finished tasks raise no reminder.
        let closed = create(&cast.creator, &new_task("Hủy rồi", &[cast.worker_user.id], days(-1))).await;
        transition_to(&cast.creator, closed.id, TaskStatus::Cancelled).await.unwrap();
        assert_eq!(kinds_for(&notifications(&cast.worker).await, closed.id), [NotificationKind::Assigned]);

        // Unread counts, read marks, read-all.
        let count = cast.worker.unread_count().await.unwrap().unread;
        assert_eq!(count as usize, notifications(&cast.worker).await.len());
        assert_eq!(count, 7);
        let one = notifications(&cast.worker).await[0].id;
        cast.worker.mark_read(one).await.unwrap();
        cast.worker.mark_read(one).await.unwrap();
        assert_eq!(cast.worker.unread_count().await.unwrap().unread, count - 1);
        let unread = cast.worker.list_notifications(&[("unread", "true")]).await.unwrap().items;
        assert_eq!(unread.len() as i64, count - 1);
        assert!(unread.iter().all(|n| n.read_at.is_none() && n.id != one));
        // Newest first, paged.
        let page = cast.worker.list_notifications(&[("limit", "3")]).await.unwrap();
        assert_eq!(page.items.len(), 3);
        let rest = cast.worker.list_notifications(&[("limit", "200"), ("cursor", page.next_cursor.as_deref().unwrap())]).await.unwrap();
        assert_eq!(page.items.len() + rest.items.len(), count as usize);
        assert!(page.items[0].created_at >= page.items[2].created_at);
        // Another user's notification is not found for them.
        refused(cast.other.mark_read(one).await, StatusCode::NOT_FOUND, "not_found");
        refused(cast.other.mark_read(Uuid::now_v7()).await, StatusCode::NOT_FOUND, "not_found");
        cast.worker.mark_all_read().await.unwrap();
        assert_eq!(cast.worker.unread_count().await.unwrap().unread, 0);
        assert!(cast.worker.list_notifications(&[("unread", "true")]).await.unwrap().items.is_empty());
        assert_eq!(unit_member.unread_count().await.unwrap().unread, 1);
    }

    async fn plan_progress_counts_the_visible_tasks_of_each_item(app) {
        let cast = cast(&app).await;
        let (plan, items) = plan_with_items(&app, &["I", "II", "III"]).await;
        let on = |title: &str, item: usize, due: i64| {
            let mut request = new_task(title, &[cast.worker_user.id], days(due));
            request.plan_item_id = Some(items[item].id);
            request
        };
        let a = create(&cast.creator, &on("a", 0, 5)).await;
        let b = create(&cast.creator, &on("b", 0, -1)).await;
        let c = create(&cast.creator, &on("c", 0, 5)).await;
        let d = create(&cast.creator, &on("d", 0, 5)).await;
        create(&cast.creator, &on("e", 2, 5)).await;
        for to in [TaskStatus::Accepted, TaskStatus::InProgress, TaskStatus::Done] {
            transition_to(&cast.worker, a.id, to).await.unwrap();
        }
        transition_to(&cast.creator, a.id, TaskStatus::Verified).await.unwrap();
        transition_to(&cast.worker, c.id, TaskStatus::Accepted).await.unwrap();
        post_progress(&cast.worker, c.id, &PostProgress { percent: 50, comment: "một nửa".into() }, None).await.unwrap();
        transition_to(&cast.creator, d.id, TaskStatus::Cancelled).await.unwrap();
        let _ = b;

        let progress = cast.creator.plan_progress(plan.id).await.unwrap();
        assert_eq!(progress.len(), 2, "{progress:?}");
        let first = &progress[0];
        assert_eq!(first.plan_item_id, items[0].id);
        assert_eq!((first.total, first.done, first.verified, first.overdue), (3, 1, 1, 1));
        assert_eq!(first.percent, 50, "(100 + 0 + 50) / 3");
        assert_eq!(progress[1].plan_item_id, items[2].id);
        assert_eq!(progress[1].total, 1);
        // Those who see none of the tasks see no progress.
        assert!(cast.other.plan_progress(plan.id).await.unwrap().is_empty());
        refused(cast.creator.plan_progress(Uuid::now_v7()).await, StatusCode::NOT_FOUND, "not_found");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_reading_notifications_waits_for_no_writer() {
    use danvan_store::diesel::{connection::SimpleConnection, Connection, SqliteConnection};
    let app = crate::support::TestApp::spawn(crate::support::Backend::Sqlite).await.unwrap();
    let path = app.config.database_url.trim_start_matches("sqlite://").to_owned();
    // Another writer holds SQLite's write lock for longer than the busy timeout would wait.
    let (locked, release) = (std::sync::mpsc::channel(), std::sync::mpsc::channel::<()>());
    let writer = std::thread::spawn(move || {
        let mut conn = SqliteConnection::establish(&path).unwrap();
        conn.batch_execute("BEGIN IMMEDIATE").unwrap();
        locked.0.send(()).unwrap();
        release.1.recv().ok();
        conn.batch_execute("ROLLBACK").unwrap();
    });
    locked.1.recv().unwrap();
    let started = std::time::Instant::now();
    let (list, count) = tokio::join!(app.admin.list_notifications(&[("limit", "20")]), app.admin.unread_count(),);
    let waited = started.elapsed();
    release.0.send(()).unwrap();
    writer.join().unwrap();
    assert!(list.is_ok() && count.is_ok(), "{list:?} {count:?}");
    assert!(waited < std::time::Duration::from_secs(3), "the bell waited {waited:?} for the writer");
}

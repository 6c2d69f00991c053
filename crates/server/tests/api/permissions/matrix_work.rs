//! The plan, working-group, assignment, task and notification endpoints of the role ×
//! endpoint matrix. Each role's run gets its own records, made by the administrator over
//! the API, so that only the role (and, where the rule says so, the caller's place on the
//! record) decides the answer.

use super::{Case, Need, Shared};
use crate::support::TestApp;
use danvan_client::Client;
use danvan_domain::{permission::Action, role::Role};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

/// The records every role's run shares: a plan with an item, a working group whose head
/// is nobody of the matrix (so group-head rights come from the administrator only), and
/// the shared peer on its roster.
#[derive(Default, Clone, Copy)]
pub struct WorkShared {
    plan: Uuid,
    item: Uuid,
    group: Uuid,
    target_group: Uuid,
    field: Uuid,
}

async fn admin_post(app: &TestApp, path: &str, body: Value) -> Value {
    let response = app.admin.request(Method::POST, path).json(&body).send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "POST {path} as admin: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// The ETag of a record as just returned: its version, quoted.
fn etag(value: &Value) -> String {
    format!("\"{}\"", value["version"])
}

fn id(value: &Value) -> Uuid {
    value["id"].as_str().and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("no id in {value}"))
}

pub async fn work_shared(app: &TestApp, shared: &Shared) -> WorkShared {
    let plan = id(&admin_post(
        app,
        "/api/v1/plans",
        json!({ "number": "MATRIX-KH", "title": "Kế hoạch của ma trận", "issuing_body": "Ban", "issued_on": "2021-09-13" }),
    )
    .await);
    let item =
        id(&admin_post(app, &format!("/api/v1/plans/{plan}/items"), json!({ "number": "I", "title": "Mục I" })).await);
    let group =
        id(&admin_post(app, "/api/v1/working-groups", json!({ "name": "Tổ của ma trận", "plan_id": plan })).await);
    admin_post(
        app,
        &format!("/api/v1/working-groups/{group}/members"),
        json!({ "user_id": shared.peer.id, "position": "member", "joined_on": "2021-09-13" }),
    )
    .await;
    let target_group = id(&admin_post(
        app,
        "/api/v1/target-groups",
        json!({ "code": "matrix_tg", "name_vi": "Đối tượng ma trận", "name_en": "Matrix target group" }),
    )
    .await);
    let field = id(&admin_post(
        app,
        "/api/v1/fields",
        json!({ "code": "matrix_field", "name_vi": "Lĩnh vực ma trận", "name_en": "Matrix field" }),
    )
    .await);
    WorkShared { plan, item, group, target_group, field }
}

/// The plan, working-group, assignment, task and notification endpoints for the caller `own_id`.
/// `caller` is absent for the run without a token, which never reaches a record.
pub async fn work_cases(
    app: &TestApp,
    shared: &Shared,
    work: &WorkShared,
    tag: &str,
    own_id: Uuid,
    caller: Option<&Client>,
) -> Vec<Case> {
    use Action::*;
    use Need::{Action as Act, Login, Reaches, Roles};
    let (ok, created, gone) = (StatusCode::OK, StatusCode::CREATED, StatusCode::NO_CONTENT);
    let WorkShared { plan, item, group, target_group, field } = *work;
    let short = tag.replace('-', "").chars().take(7).collect::<String>();

    // Records this run changes or deletes.
    let patch_plan = admin_post(
        app,
        "/api/v1/plans",
        json!({ "number": format!("P-{tag}"), "title": "Kế hoạch", "issuing_body": "Ban", "issued_on": "2021-09-13" }),
    )
    .await;
    let patch_item = admin_post(
        app,
        &format!("/api/v1/plans/{plan}/items"),
        json!({ "number": format!("P{short}"), "title": "Mục" }),
    )
    .await;
    let delete_item = admin_post(
        app,
        &format!("/api/v1/plans/{plan}/items"),
        json!({ "number": format!("D{short}"), "title": "Mục" }),
    )
    .await;
    let patch_target_group = admin_post(
        app,
        "/api/v1/target-groups",
        json!({ "code": format!("tg-{tag}"), "name_vi": "Đối tượng", "name_en": "Target group" }),
    )
    .await;
    let patch_field = admin_post(
        app,
        "/api/v1/fields",
        json!({ "code": format!("f-{tag}"), "name_vi": "Lĩnh vực", "name_en": "Field" }),
    )
    .await;
    let patch_group =
        admin_post(app, "/api/v1/working-groups", json!({ "name": format!("Tổ {tag}"), "plan_id": plan })).await;
    let joining = app.user(&format!("join.{tag}"), Role::Member, None).await.0.id;
    let staying = app.user(&format!("stay.{tag}"), Role::Member, None).await.0.id;
    let membership = admin_post(
        app,
        &format!("/api/v1/working-groups/{group}/members"),
        json!({ "user_id": staying, "position": "member" }),
    )
    .await;
    let assignment_body = json!({ "user_id": shared.peer.id, "target_group_ids": [target_group], "field_ids": [field], "area_group_ids": [shared.group.id] });
    let changed =
        admin_post(app, &format!("/api/v1/working-groups/{group}/assignments"), assignment_body.clone()).await;
    let ended = admin_post(app, &format!("/api/v1/working-groups/{group}/assignments"), assignment_body.clone()).await;
    let task_body = |title: &str, assignees: Vec<Uuid>| json!({ "title": title, "assignee_user_ids": assignees, "due_on": "2031-01-01", "plan_item_id": item });
    let task = admin_post(app, "/api/v1/tasks", task_body(&format!("Việc của {tag}"), vec![own_id])).await;
    let move_task = admin_post(app, "/api/v1/tasks", task_body(&format!("Việc để nhận {tag}"), vec![own_id])).await;
    // Without a token the run stands for the administrator, who is then named once.
    let mut both = vec![own_id, app.admin_user.id];
    both.dedup();
    let shared_task = admin_post(app, "/api/v1/tasks", task_body(&format!("Việc chung {tag}"), both)).await;
    let accept = json!({ "to": "accepted" });
    let shared_etag = etag(&shared_task);
    let shared_task = id(&shared_task);
    let accepted = app
        .admin
        .request(Method::POST, &format!("/api/v1/tasks/{shared_task}/transitions"))
        .header(header::IF_MATCH, shared_etag)
        .json(&accept)
        .send()
        .await
        .unwrap();
    assert_eq!(accepted.status(), ok, "the administrator, an assignee, accepts the shared task");
    let accepted_etag = accepted.headers()[header::ETAG].to_str().unwrap().to_owned();

    let (plan_etag, patch_plan) = (etag(&patch_plan), id(&patch_plan));
    let (item_etag, patch_item) = (etag(&patch_item), id(&patch_item));
    let (delete_item_etag, delete_item) = (etag(&delete_item), id(&delete_item));
    let (tg_etag, patch_target_group) = (etag(&patch_target_group), id(&patch_target_group));
    let (field_etag, patch_field) = (etag(&patch_field), id(&patch_field));
    let (group_etag, patch_group) = (etag(&patch_group), id(&patch_group));
    let (membership_etag, membership) = (etag(&membership), id(&membership));
    let (changed_etag, changed) = (etag(&changed), id(&changed));
    let (ended_etag, ended) = (etag(&ended), id(&ended));
    let (task_etag, task) = (etag(&task), id(&task));
    let (move_etag, move_task) = (etag(&move_task), id(&move_task));
    // The task assigned to the caller told them so; without a caller any id will do.
    let notification = match caller {
        Some(client) => {
            let page: Value =
                client.request(Method::GET, "/api/v1/notifications").send().await.unwrap().json().await.unwrap();
            page["items"][0]["id"].as_str().and_then(|id| id.parse().ok()).expect("the assignee was notified")
        }
        None => Uuid::now_v7(),
    };
    let only_admin: &'static [Role] = &[Role::Admin];
    let task_managers: &'static [Role] = &[Role::Admin, Role::GroupHead];
    // The matrix's rows are the shared peer's, in a province outside every role user's
    // scope: national roles and viewers reach every row, a unit officer those of the
    // people of their unit (the peer's), the others only their own.
    let row_readers: &'static [Role] =
        &[Role::Admin, Role::Leader, Role::GroupHead, Role::StandingUnit, Role::Viewer, Role::UnitOfficer];
    let whole_matrix: &'static [Role] = &[Role::Admin, Role::Leader, Role::GroupHead, Role::StandingUnit, Role::Viewer];
    vec![
        Case::new(Method::GET, "/api/v1/plans", "/api/v1/plans", Act(PlansRead), ok),
        Case::new(Method::POST, "/api/v1/plans", "/api/v1/plans", Act(PlansManage), created).body(json!({
            "number": format!("N-{tag}"), "title": "Kế hoạch mới", "issuing_body": "Ban", "issued_on": "2021-09-14",
        })),
        Case::new(Method::GET, "/api/v1/plans/{id}", format!("/api/v1/plans/{plan}"), Act(PlansRead), ok),
        Case::new(Method::PATCH, "/api/v1/plans/{id}", format!("/api/v1/plans/{patch_plan}"), Act(PlansManage), ok)
            .body(json!({ "status": "in_force" }))
            .if_match(plan_etag),
        Case::new(Method::GET, "/api/v1/plans/{id}/items", format!("/api/v1/plans/{plan}/items"), Act(PlansRead), ok),
        Case::new(
            Method::POST,
            "/api/v1/plans/{id}/items",
            format!("/api/v1/plans/{plan}/items"),
            Act(PlansManage),
            created,
        )
        .body(json!({ "number": format!("N{short}"), "title": "Mục mới" })),
        Case::new(
            Method::GET,
            "/api/v1/plans/{id}/progress",
            format!("/api/v1/plans/{plan}/progress"),
            Act(PlansRead),
            ok,
        ),
        Case::new(Method::GET, "/api/v1/plan-items/{id}", format!("/api/v1/plan-items/{item}"), Act(PlansRead), ok),
        Case::new(
            Method::PATCH,
            "/api/v1/plan-items/{id}",
            format!("/api/v1/plan-items/{patch_item}"),
            Act(PlansManage),
            ok,
        )
        .body(json!({ "title": format!("Mục đã sửa {tag}") }))
        .if_match(item_etag),
        Case::new(
            Method::DELETE,
            "/api/v1/plan-items/{id}",
            format!("/api/v1/plan-items/{delete_item}"),
            Act(PlansManage),
            gone,
        )
        .if_match(delete_item_etag),
        Case::new(Method::GET, "/api/v1/target-groups", "/api/v1/target-groups", Act(PlansRead), ok),
        Case::new(Method::POST, "/api/v1/target-groups", "/api/v1/target-groups", Act(CatalogManage), created)
            .body(json!({ "code": format!("ntg-{tag}"), "name_vi": "Đối tượng mới", "name_en": "New target group" })),
        Case::new(
            Method::PATCH,
            "/api/v1/target-groups/{id}",
            format!("/api/v1/target-groups/{patch_target_group}"),
            Act(CatalogManage),
            ok,
        )
        .body(json!({ "active": false }))
        .if_match(tg_etag),
        Case::new(Method::GET, "/api/v1/fields", "/api/v1/fields", Act(PlansRead), ok),
        Case::new(Method::POST, "/api/v1/fields", "/api/v1/fields", Act(CatalogManage), created)
            .body(json!({ "code": format!("nf-{tag}"), "name_vi": "Lĩnh vực mới", "name_en": "New field" })),
        Case::new(
            Method::PATCH,
            "/api/v1/fields/{id}",
            format!("/api/v1/fields/{patch_field}"),
            Act(CatalogManage),
            ok,
        )
        .body(json!({ "name_en": format!("Renamed {tag}") }))
        .if_match(field_etag),
        Case::new(Method::GET, "/api/v1/working-groups", "/api/v1/working-groups", Act(PlansRead), ok),
        Case::new(Method::POST, "/api/v1/working-groups", "/api/v1/working-groups", Act(WorkingGroupsManage), created)
            .body(json!({ "name": format!("Tổ mới {tag}"), "plan_id": plan })),
        Case::new(
            Method::GET,
            "/api/v1/working-groups/{id}",
            format!("/api/v1/working-groups/{group}"),
            Act(PlansRead),
            ok,
        ),
        Case::new(
            Method::PATCH,
            "/api/v1/working-groups/{id}",
            format!("/api/v1/working-groups/{patch_group}"),
            Act(WorkingGroupsManage),
            ok,
        )
        .body(json!({ "name": format!("Tổ đã đổi tên {tag}") }))
        .if_match(group_etag),
        Case::new(
            Method::GET,
            "/api/v1/working-groups/{id}/members",
            format!("/api/v1/working-groups/{group}/members"),
            Act(PlansRead),
            ok,
        ),
        Case::new(
            Method::POST,
            "/api/v1/working-groups/{id}/members",
            format!("/api/v1/working-groups/{group}/members"),
            Roles(only_admin),
            created,
        )
        .body(json!({ "user_id": joining, "position": "member" })),
        Case::new(
            Method::PATCH,
            "/api/v1/memberships/{id}",
            format!("/api/v1/memberships/{membership}"),
            Roles(only_admin),
            ok,
        )
        .body(json!({ "position": "secretary" }))
        .if_match(membership_etag),
        Case::new(
            Method::GET,
            "/api/v1/working-groups/{id}/assignments",
            format!("/api/v1/working-groups/{group}/assignments"),
            Act(PlansRead),
            ok,
        ),
        Case::new(
            Method::POST,
            "/api/v1/working-groups/{id}/assignments",
            format!("/api/v1/working-groups/{group}/assignments"),
            Roles(only_admin),
            created,
        )
        .body(assignment_body),
        Case::new(
            Method::GET,
            "/api/v1/working-groups/{id}/coverage",
            format!("/api/v1/working-groups/{group}/coverage"),
            Roles(whole_matrix),
            ok,
        ),
        Case::new(
            Method::GET,
            "/api/v1/assignments/{id}",
            format!("/api/v1/assignments/{changed}"),
            Reaches(row_readers),
            ok,
        ),
        Case::new(
            Method::PATCH,
            "/api/v1/assignments/{id}",
            format!("/api/v1/assignments/{changed}"),
            Roles(only_admin),
            ok,
        )
        .body(json!({ "note": format!("Đổi phân công {tag}") }))
        .if_match(changed_etag),
        Case::new(
            Method::POST,
            "/api/v1/assignments/{id}/end",
            format!("/api/v1/assignments/{ended}/end"),
            Roles(only_admin),
            ok,
        )
        .body(json!({}))
        .if_match(ended_etag),
        Case::new(
            Method::GET,
            "/api/v1/assignments/{id}/history",
            format!("/api/v1/assignments/{changed}/history"),
            Reaches(row_readers),
            ok,
        ),
        Case::new(Method::GET, "/api/v1/tasks", "/api/v1/tasks", Act(TasksRead), ok),
        Case::new(Method::GET, "/api/v1/tasks/export", "/api/v1/tasks/export?format=csv", Act(TasksRead), ok),
        Case::new(Method::POST, "/api/v1/tasks", "/api/v1/tasks", Act(TasksCreate), created)
            .body(task_body(&format!("Việc mới {tag}"), vec![shared.peer.id])),
        Case::new(Method::GET, "/api/v1/tasks/{id}", format!("/api/v1/tasks/{task}"), Act(TasksRead), ok),
        Case::new(Method::PATCH, "/api/v1/tasks/{id}", format!("/api/v1/tasks/{task}"), Roles(task_managers), ok)
            .body(json!({ "priority": "high" }))
            .if_match(task_etag),
        Case::new(
            Method::GET,
            "/api/v1/tasks/{id}/timeline",
            format!("/api/v1/tasks/{task}/timeline"),
            Act(TasksRead),
            ok,
        ),
        Case::new(
            Method::POST,
            "/api/v1/tasks/{id}/progress",
            format!("/api/v1/tasks/{shared_task}/progress"),
            Act(TasksWork),
            created,
        )
        .body(json!({ "percent": 30, "comment": format!("Tiến độ {tag}") }))
        .if_match(accepted_etag),
        Case::new(
            Method::POST,
            "/api/v1/tasks/{id}/transitions",
            format!("/api/v1/tasks/{move_task}/transitions"),
            Act(TasksWork),
            ok,
        )
        .body(accept)
        .if_match(move_etag),
        Case::new(Method::GET, "/api/v1/notifications", "/api/v1/notifications", Login, ok),
        Case::new(
            Method::POST,
            "/api/v1/notifications/{id}/read",
            format!("/api/v1/notifications/{notification}/read"),
            Login,
            gone,
        ),
        Case::new(Method::GET, "/api/v1/notifications/unread-count", "/api/v1/notifications/unread-count", Login, ok),
        Case::new(Method::POST, "/api/v1/notifications/read-all", "/api/v1/notifications/read-all", Login, gone),
    ]
}

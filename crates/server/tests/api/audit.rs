//! The audit list as its readers see it: every entry names its record (a person, a
//! group, a task, "member — group"…) and links to the page that shows it, also when the
//! record is gone; the filters take only the typed vocabulary, and rows stored under an
//! action's former name read as its current one.
//!
//! Records are made over plain HTTP with JSON bodies, so these tests use the typed client
//! only to read.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::TestApp;
use danvan_domain::{
    area::Layout,
    audit::{AuditAction, AuditEntity, AuditEntry, AuditLink, AuditPage},
    role::Role,
};
use danvan_store::diesel::connection::SimpleConnection;
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

/// Sends `body` and returns the created record; `expected` is the status it must answer.
async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    etag: Option<&str>,
    body: Value,
    expected: StatusCode,
) -> Value {
    let mut request = app.admin.request(method, path).json(&body);
    if let Some(etag) = etag {
        request = request.header(header::IF_MATCH, etag);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, expected, "{path}: {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn create(app: &TestApp, path: &str, body: Value) -> Value {
    send(app, Method::POST, path, None, body, StatusCode::CREATED).await
}

fn id_of(record: &Value) -> Uuid {
    serde_json::from_value(record["id"].clone()).unwrap()
}

async fn etag(app: &TestApp, path: &str) -> String {
    let response = app.admin.request(Method::GET, path).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    response.headers()[header::ETAG].to_str().unwrap().to_owned()
}

/// The one entry of `entity` `id` with `action`.
#[track_caller]
fn entry(entries: &[AuditEntry], action: AuditAction, entity: AuditEntity, id: Uuid) -> &AuditEntry {
    let id = id.to_string();
    let found: Vec<_> = entries
        .iter()
        .filter(|e| e.action == action && e.entity == entity && e.entity_id.as_deref() == Some(id.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "one {action} of {entity} {id}: {entries:#?}");
    found[0]
}

/// Writes an audit row of task `task_id` as rows were written before the task operation
/// was renamed, straight into the app's database.
async fn write_former_move(app: &TestApp, task_id: &str) {
    let url = app.config.database_url.clone();
    let sql = format!(
        "INSERT INTO audit_log (id, at, action, entity, entity_id) \
         VALUES ('{}', CURRENT_TIMESTAMP, 'move', 'task', '{task_id}')",
        Uuid::now_v7()
    );
    tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        pool.get().unwrap().batch_execute(&sql).unwrap();
    })
    .await
    .unwrap();
}

fn to(page: AuditPage, id: Uuid) -> Option<AuditLink> {
    Some(AuditLink { page, id })
}

both_backends! {
    async fn the_database_refuses_to_change_or_remove_audit_rows(app) {
        let before = app.admin.all_audit(&[]).await.unwrap();
        assert!(!before.is_empty(), "the first admin's creation is audited");
        for sql in [
            "UPDATE audit_log SET action = 'update'",
            "DELETE FROM audit_log",
            "DELETE FROM audit_log WHERE action = 'create'",
        ] {
            let refused = app.run_sql(sql).await.err().unwrap_or_default();
            assert!(refused.contains("append-only"), "{sql}: {refused:?}");
        }
        if app.backend == crate::support::Backend::Postgres {
            let refused = app.run_sql("TRUNCATE audit_log").await.err().unwrap_or_default();
            assert!(refused.contains("append-only"), "TRUNCATE: {refused:?}");
        }
        assert_eq!(app.admin.all_audit(&[]).await.unwrap(), before, "every row is still there, unchanged");
    }

    async fn one_page_of_the_audit_names_and_links_every_kind_of_record(app) {
        let (member, worker) = app.user("audit.labels", Role::Member, None).await;

        let plan = create(&app, "/api/v1/plans", json!({
            "number": "99-KH/BDVTW", "title": "Kế hoạch kiểm tra", "issuing_body": "Ban Dân vận Trung ương",
            "issued_on": "2021-09-13",
        }))
        .await;
        let plan_id = id_of(&plan);
        let section = create(&app, &format!("/api/v1/plans/{plan_id}/items"), json!({ "number": "II", "title": "Nhiệm vụ" })).await;
        let gone_section =
            create(&app, &format!("/api/v1/plans/{plan_id}/items"), json!({ "number": "IV", "title": "Mục tạm" })).await;
        let gone_path = format!("/api/v1/plan-items/{}", id_of(&gone_section));
        let tag = etag(&app, &gone_path).await;
        send(&app, Method::DELETE, &gone_path, Some(&tag), Value::Null, StatusCode::NO_CONTENT).await;

        let group = create(&app, "/api/v1/working-groups", json!({ "name": "Tổ kiểm tra", "plan_id": plan_id })).await;
        let group_id = id_of(&group);
        let membership = create(&app, &format!("/api/v1/working-groups/{group_id}/members"), json!({
            "user_id": member.id, "position": "member", "joined_on": "2021-09-01",
        }))
        .await;
        let workers = create(&app, "/api/v1/target-groups", json!({
            "code": "audit_workers", "name_vi": "Công nhân kiểm tra", "name_en": "Test workers",
        }))
        .await;
        let hanoi = app.admin.area_by_code(Layout::L2021, "01").await.unwrap().id;
        let assignment = create(&app, &format!("/api/v1/working-groups/{group_id}/assignments"), json!({
            "user_id": member.id, "target_group_ids": [id_of(&workers)], "area_ids": [hanoi], "valid_from": "2021-09-15",
        }))
        .await;

        let task = create(&app, "/api/v1/tasks", json!({
            "title": "Thăm hỏi chức sắc tôn giáo", "assignee_user_ids": [member.id], "due_on": "2030-01-01",
        }))
        .await;
        let task_id = id_of(&task);
        let task_path = format!("/api/v1/tasks/{task_id}");
        let tag = etag(&app, &task_path).await;
        let response = worker
            .request(Method::POST, &format!("{task_path}/transitions"))
            .header(header::IF_MATCH, tag)
            .json(&json!({ "to": "accepted" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let tag = etag(&app, &task_path).await;
        let response = worker
            .request(Method::POST, &format!("{task_path}/progress"))
            .header(header::IF_MATCH, tag)
            .json(&json!({ "percent": 20, "comment": "Đã liên hệ" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let event: Value = response.json().await.unwrap();

        let unit = create(&app, "/api/v1/org-units", json!({ "code": "AUD-GONE", "name": "Vụ đã giải thể", "kind": "department" })).await;
        let unit_path = format!("/api/v1/org-units/{}", id_of(&unit));
        let tag = etag(&app, &unit_path).await;
        send(&app, Method::DELETE, &unit_path, Some(&tag), Value::Null, StatusCode::NO_CONTENT).await;
        let region = create(&app, "/api/v1/area-groups", json!({
            "code": "AUD-REGION", "name": "Vùng kiểm tra", "kind": "custom", "layout": "2025",
        }))
        .await;

        let entries = app.admin.list_audit(&[("limit", "200")]).await.unwrap().items;
        let subject = |e: &AuditEntry| (e.label.clone(), e.link);
        let named = |label: &str, link: Option<AuditLink>| (Some(label.to_owned()), link);

        let user = entry(&entries, AuditAction::Create, AuditEntity::User, member.id);
        assert_eq!(subject(user), named("Người dùng audit.labels (audit.labels)", to(AuditPage::User, member.id)));
        let login = entry(&entries, AuditAction::Login, AuditEntity::Session, member.id);
        assert_eq!(subject(login), subject(user), "a session names its user");
        assert_eq!(
            subject(entry(&entries, AuditAction::Create, AuditEntity::Plan, plan_id)),
            named("99-KH/BDVTW", to(AuditPage::Plan, plan_id))
        );
        assert_eq!(
            subject(entry(&entries, AuditAction::Create, AuditEntity::PlanItem, id_of(&section))),
            named("II Nhiệm vụ", to(AuditPage::Plan, plan_id))
        );
        assert_eq!(
            subject(entry(&entries, AuditAction::Delete, AuditEntity::PlanItem, id_of(&gone_section))),
            named("IV Mục tạm", to(AuditPage::Plan, plan_id)),
            "a deleted section is named from its snapshot and still links to its plan"
        );
        assert_eq!(
            subject(entry(&entries, AuditAction::Create, AuditEntity::WorkingGroup, group_id)),
            named("Tổ kiểm tra", to(AuditPage::WorkingGroup, group_id))
        );
        let pairing = named("Người dùng audit.labels — Tổ kiểm tra", to(AuditPage::WorkingGroup, group_id));
        assert_eq!(subject(entry(&entries, AuditAction::Create, AuditEntity::Membership, id_of(&membership))), pairing);
        assert_eq!(subject(entry(&entries, AuditAction::Create, AuditEntity::Assignment, id_of(&assignment))), pairing);
        assert_eq!(
            subject(entry(&entries, AuditAction::Create, AuditEntity::CatalogEntry, id_of(&workers))),
            named("Công nhân kiểm tra", None),
            "catalogue entries have no page"
        );
        let task_subject = named("Thăm hỏi chức sắc tôn giáo", to(AuditPage::Task, task_id));
        assert_eq!(subject(entry(&entries, AuditAction::Create, AuditEntity::Task, task_id)), task_subject);
        assert_eq!(subject(entry(&entries, AuditAction::Transition, AuditEntity::Task, task_id)), task_subject);
        assert_eq!(subject(entry(&entries, AuditAction::Create, AuditEntity::TaskEvent, id_of(&event))), task_subject);
        for action in [AuditAction::Create, AuditAction::Delete] {
            assert_eq!(
                subject(entry(&entries, action, AuditEntity::OrgUnit, id_of(&unit))),
                named("Vụ đã giải thể", None),
                "a deleted unit keeps its name and loses its link"
            );
        }
        assert_eq!(
            subject(entry(&entries, AuditAction::Create, AuditEntity::AreaGroup, id_of(&region))),
            named("Vùng kiểm tra", to(AuditPage::AreaGroup, id_of(&region)))
        );
        // Only bulk rows (imports) are left without a label.
        for e in &entries {
            assert_eq!(e.label.is_none(), e.entity_id.is_none(), "{e:#?}");
        }
    }

    async fn the_audit_filters_take_the_vocabulary_read_former_moves_as_transitions_and_refuse_anything_else(app) {
        let (member, worker) = app.user("audit.filters", Role::Member, None).await;
        let task = create(&app, "/api/v1/tasks", json!({
            "title": "Lọc nhật ký", "assignee_user_ids": [member.id], "due_on": "2030-01-01",
        }))
        .await;
        let task_path = format!("/api/v1/tasks/{}", id_of(&task));
        let tag = etag(&app, &task_path).await;
        let response = worker
            .request(Method::POST, &format!("{task_path}/transitions"))
            .header(header::IF_MATCH, tag)
            .json(&json!({ "to": "accepted" }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);

        let moves = app.admin.list_audit(&[("entity", "task"), ("action", "transition")]).await.unwrap().items;
        assert_eq!(moves.len(), 1, "{moves:#?}");
        assert_eq!((moves[0].action, moves[0].entity), (AuditAction::Transition, AuditEntity::Task));
        assert_eq!(moves[0].entity_id, Some(id_of(&task).to_string()));

        // A row stored before the rename says `move`: it reads, and is found, as a transition.
        let task_id = id_of(&task).to_string();
        write_former_move(&app, &task_id).await;
        let moves = app.admin.list_audit(&[("action", "transition"), ("entity_id", &task_id)]).await.unwrap().items;
        assert_eq!(moves.len(), 2, "{moves:#?}");
        assert!(moves.iter().all(|e| e.action == AuditAction::Transition), "{moves:#?}");
        assert!(moves.iter().all(|e| e.label.as_deref() == Some("Lọc nhật ký")), "{moves:#?}");

        for (name, value) in [("entity", "spaceship"), ("action", "teleport"), ("entity", "Task")] {
            let response = app.admin.request(Method::GET, "/api/v1/audit").query(&[(name, value)]).send().await.unwrap();
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{name}={value}");
            assert_eq!(response.headers()[header::CONTENT_TYPE], "application/problem+json", "{name}={value}");
        }
    }
}

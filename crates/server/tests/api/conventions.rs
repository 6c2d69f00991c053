//! The HTTP conventions every endpoint shares: problem+json for every class of error,
//! request ids, cursor paging, `updated_since` sync with tombstones, ETag / If-Match,
//! Idempotency-Key, and the audit row every mutation writes (and a failed one does not).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{Backend, TestApp, PASSWORD};
use chrono::{DateTime, SecondsFormat, Utc};
use danvan_client::Client;
use danvan_domain::{
    area::{AreaGroup, AreaGroupKind, CreateAreaGroup, Layout},
    audit::{AuditAction, AuditEntity, AuditEntry},
    org_unit::{CreateOrgUnit, OrgUnit, OrgUnitKind, UpdateOrgUnit},
    role::Role,
    user::{CreateUser, UpdateUser, User},
};
use reqwest::{header, header::HeaderMap, Method, RequestBuilder, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::Duration;
use uuid::Uuid;

const PROBLEM_JSON: &str = "application/problem+json";

/// A raw answer: status, headers and body text.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    text: String,
}

async fn call(request: RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    Answer { status, headers, text }
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    #[track_caller]
    fn request_id(&self) -> String {
        self.header("x-request-id").expect("every answer carries x-request-id").to_owned()
    }

    #[track_caller]
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    #[track_caller]
    fn etag(&self) -> String {
        self.header("etag").unwrap_or_else(|| panic!("no ETag on {} {}", self.status, self.text)).to_owned()
    }

    /// Asserts a success status and returns the JSON body (if any).
    #[track_caller]
    fn ok(&self, status: StatusCode) -> Value {
        assert_eq!(self.status, status, "{}", self.text);
        if self.text.is_empty() {
            Value::Null
        } else {
            self.json()
        }
    }

    /// Asserts that this is an RFC 9457 problem of `status` and `code` about `path`, with
    /// the request id of the answer; returns the body.
    #[track_caller]
    fn problem(&self, status: StatusCode, code: &str, path: &str) -> Value {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(self.header("content-type"), Some(PROBLEM_JSON), "{}", self.text);
        let body = self.json();
        assert_eq!(body["type"], json!(format!("/problems/{code}")), "{body}");
        assert!(body["title"].as_str().is_some_and(|t| !t.trim().is_empty()), "{body}");
        assert_eq!(body["status"], json!(status.as_u16()), "{body}");
        assert_eq!(body["code"], json!(code), "{body}");
        assert_eq!(body["instance"], json!(path), "{body}");
        assert_eq!(body["request_id"], json!(self.request_id()), "{body}");
        body
    }

    /// The (field, code) pairs of a validation problem.
    #[track_caller]
    fn field_errors(&self) -> Vec<(String, String)> {
        let body = self.json();
        body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("no errors: {body}"))
            .iter()
            .map(|e| {
                assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
                (e["field"].as_str().unwrap().to_owned(), e["code"].as_str().unwrap().to_owned())
            })
            .collect()
    }
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

/// A time the server can compare with its own, in the precision it stores.
async fn checkpoint() -> DateTime<Utc> {
    tokio::time::sleep(Duration::from_millis(5)).await;
    let at = Utc::now();
    tokio::time::sleep(Duration::from_millis(5)).await;
    at
}

fn rfc3339(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

async fn unit(app: &TestApp, code: &str, parent_id: Option<Uuid>) -> OrgUnit {
    let request =
        CreateOrgUnit {
            parent_id, code: code.into(), name: format!("Đơn vị {code}"), kind: OrgUnitKind::Department
        };
    app.admin.create_org_unit(&request, None).await.unwrap()
}

async fn province(app: &TestApp, layout: Layout, code: &str) -> Uuid {
    app.admin.area_by_code(layout, code).await.unwrap().id
}

async fn group(app: &TestApp, code: &str, province_ids: Vec<Uuid>) -> AreaGroup {
    let request = CreateAreaGroup {
        code: code.into(),
        name: format!("Nhóm {code}"),
        kind: AreaGroupKind::Custom,
        layout: Layout::L2025,
        province_ids,
    };
    app.admin.create_area_group(&request, None).await.unwrap()
}

fn new_user(username: &str) -> CreateUser {
    crate::support::new_user(username, Role::Member)
}

/// Every audit row matching `query`, newest first, across pages.
async fn audit(app: &TestApp, query: &[(&str, &str)]) -> Vec<AuditEntry> {
    app.admin.all_audit(query).await.unwrap()
}

async fn audit_of(app: &TestApp, entity_id: Uuid) -> Vec<AuditEntry> {
    audit(app, &[("entity_id", &entity_id.to_string())]).await
}

/// The one audit row a request wrote for `entity_id`, checked against the admin as actor.
#[track_caller]
fn row_of<'a>(rows: &'a [AuditEntry], request_id: &str, admin: &User) -> &'a AuditEntry {
    let matching: Vec<&AuditEntry> = rows.iter().filter(|e| e.request_id.as_deref() == Some(request_id)).collect();
    assert_eq!(matching.len(), 1, "exactly one audit row for request {request_id}: {rows:#?}");
    let row = matching[0];
    assert_eq!(row.actor_id, Some(admin.id), "{row:?}");
    assert_eq!(row.actor_username.as_deref(), Some("admin"), "{row:?}");
    row
}

/// The orgs units of the plain list, every page.
async fn all_org_units(client: &Client) -> Vec<OrgUnit> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut q = vec![("limit", "200")];
        if let Some(c) = &cursor {
            q.push(("cursor", c));
        }
        let page = client.list_org_units(&q).await.unwrap();
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return all,
        }
    }
}

fn allowed(answer: &Answer) -> Vec<String> {
    let mut methods: Vec<String> = answer
        .header("allow")
        .expect("a 405 names the allowed methods")
        .split(',')
        .map(|m| m.trim().to_owned())
        .collect();
    methods.sort();
    methods
}

both_backends! {
    // --- problem+json for each class of error ---

    async fn unknown_routes_are_404_problems(app) {
        call(app.admin.request(Method::GET, "/api/v1/no-such-thing")).await.problem(
            StatusCode::NOT_FOUND,
            "not_found",
            "/api/v1/no-such-thing",
        );
        // A GET outside the API is the web app's (client routes); any other method is a 404.
        call(app.anonymous.request(Method::POST, "/no/such/page")).await.problem(
            StatusCode::NOT_FOUND,
            "not_found",
            "/no/such/page",
        );
        call(app.admin.request(Method::GET, "/api/v1/users/00000000-0000-0000-0000-000000000000/nothing"))
            .await
            .problem(StatusCode::NOT_FOUND, "not_found", "/api/v1/users/00000000-0000-0000-0000-000000000000/nothing");
    }

    async fn a_wrong_method_is_a_405_problem_with_an_allow_header(app) {
        let answer = call(app.admin.request(Method::DELETE, "/api/v1/users")).await;
        answer.problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "/api/v1/users");
        assert_eq!(allowed(&answer), ["GET", "POST"]);

        let path = format!("/api/v1/org-units/{}", Uuid::now_v7());
        let answer = call(app.admin.request(Method::PUT, &path)).await;
        answer.problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", &path);
        assert_eq!(allowed(&answer), ["DELETE", "GET", "PATCH"]);
    }

    async fn allow_names_each_method_once_where_a_fixed_path_overlaps_a_templated_one(app) {
        // `/areas/counts` and `/areas/tree` also match the template `/areas/{id}`.
        let answer = call(app.admin.request(Method::POST, "/api/v1/areas/counts")).await;
        answer.problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "/api/v1/areas/counts");
        assert_eq!(allowed(&answer), ["GET"], "Allow: {:?}", answer.header("allow"));
        let answer = call(app.admin.request(Method::DELETE, "/api/v1/areas/tree")).await;
        answer.problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "/api/v1/areas/tree");
        assert_eq!(allowed(&answer), ["GET"], "Allow: {:?}", answer.header("allow"));
        // The method is refused before any parameter is read: not a malformed id of PATCH /tasks/{id}.
        let answer = call(app.admin.request(Method::PATCH, "/api/v1/tasks/export?format=csv&bogus=1")).await;
        answer.problem(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", "/api/v1/tasks/export");
        assert_eq!(allowed(&answer), ["GET"], "Allow: {:?}", answer.header("allow"));
    }

    async fn malformed_json_is_a_400_and_a_body_that_is_not_json_a_415_and_neither_creates(app) {
        let answer = call(
            app.admin
                .request(Method::POST, "/api/v1/org-units")
                .header(header::CONTENT_TYPE, "application/json")
                .body(r#"{"code": "X", "name": "#),
        )
        .await;
        answer.problem(StatusCode::BAD_REQUEST, "bad_request", "/api/v1/org-units");

        let answer = call(
            app.admin
                .request(Method::POST, "/api/v1/org-units")
                .header(header::CONTENT_TYPE, "text/plain")
                .body(r#"{"code": "X", "name": "Đơn vị X", "kind": "other"}"#),
        )
        .await;
        answer.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "/api/v1/org-units");
        assert!(all_org_units(&app.admin).await.is_empty());
    }

    async fn wrong_field_types_and_unknown_fields_are_422_validation_problems(app) {
        let bodies = [
            json!({"code": 5, "name": "Đơn vị", "kind": "other"}),
            json!({"code": "X", "name": "Đơn vị", "kind": "planet"}),
            json!({"code": "X", "name": "Đơn vị", "kind": "other", "colour": "red"}),
        ];
        for body in bodies {
            let answer = call(app.admin.request(Method::POST, "/api/v1/org-units").json(&body)).await;
            let problem = answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", "/api/v1/org-units");
            assert_eq!(answer.field_errors(), pairs(&[("body", "invalid")]), "{body}: {problem}");
        }
        let answer = call(
            app.admin
                .request(Method::POST, "/api/v1/org-units")
                .json(&json!({"code": "X", "name": "Đơn vị", "kind": "other", "colour": "red"})),
        )
        .await;
        assert!(answer.text.contains("colour"), "the unknown field is named: {}", answer.text);
        assert!(all_org_units(&app.admin).await.is_empty(), "nothing was created");

        // PATCH bodies refuse unknown fields too, before anything changes.
        let etag = app.admin.get_user(app.admin_user.id).await.unwrap().etag;
        let path = format!("/api/v1/users/{}", app.admin_user.id);
        let answer = call(
            app.admin.request(Method::PATCH, &path).header(header::IF_MATCH, &etag).json(&json!({"nickname": "x"})),
        )
        .await;
        answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", &path);
        assert_eq!(app.admin.get_user(app.admin_user.id).await.unwrap().etag, etag);
    }

    async fn validation_failures_list_every_failing_field(app) {
        let answer = call(app.admin.request(Method::POST, "/api/v1/users").json(&json!({
            "username": "Bad Name",
            "display_name": "   ",
            "role": "member",
            "password": "short",
        })))
        .await;
        answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", "/api/v1/users");
        assert_eq!(
            answer.field_errors(),
            pairs(&[("username", "invalid_format"), ("display_name", "required"), ("password", "too_short")])
        );
        let users = app.admin.list_users(&[]).await.unwrap().items;
        assert_eq!(users.len(), 1, "only the admin: {users:?}");
    }

    async fn requests_without_a_valid_token_are_401_problems(app) {
        for path in ["/api/v1/users", "/api/v1/me", "/api/v1/org-units", "/api/v1/areas/counts"] {
            let answer = call(app.anonymous.request(Method::GET, path)).await;
            answer.problem(StatusCode::UNAUTHORIZED, "unauthorized", path);
            assert!(answer.header("www-authenticate").is_some_and(|v| v.starts_with("Bearer")), "{path}");
        }
        let answer = call(app.anonymous.request(Method::GET, "/api/v1/me").bearer_auth("not-a-token")).await;
        answer.problem(StatusCode::UNAUTHORIZED, "unauthorized", "/api/v1/me");
    }

    async fn roles_without_the_permission_get_403_problems(app) {
        let (_, member) = app.user("thanh.vien", Role::Member, None).await;
        call(member.request(Method::GET, "/api/v1/users")).await.problem(
            StatusCode::FORBIDDEN,
            "forbidden",
            "/api/v1/users",
        );
        call(member.request(Method::GET, "/api/v1/audit")).await.problem(
            StatusCode::FORBIDDEN,
            "forbidden",
            "/api/v1/audit",
        );
        let answer = call(
            member
                .request(Method::POST, "/api/v1/org-units")
                .json(&json!({"code": "NOPE", "name": "Không được", "kind": "other"})),
        )
        .await;
        answer.problem(StatusCode::FORBIDDEN, "forbidden", "/api/v1/org-units");
        assert!(all_org_units(&app.admin).await.is_empty());
    }

    async fn unknown_ids_are_404_problems(app) {
        let id = Uuid::now_v7();
        for path in [
            format!("/api/v1/users/{id}"),
            format!("/api/v1/org-units/{id}"),
            format!("/api/v1/area-groups/{id}"),
            format!("/api/v1/areas/{id}"),
            format!("/api/v1/areas/{id}/children"),
        ] {
            call(app.admin.request(Method::GET, &path)).await.problem(StatusCode::NOT_FOUND, "not_found", &path);
        }
        let path = format!("/api/v1/org-units/{id}");
        call(app.admin.request(Method::PATCH, &path).header(header::IF_MATCH, "\"1\"").json(&json!({"name": "X"})))
            .await
            .problem(StatusCode::NOT_FOUND, "not_found", &path);
        let path = format!("/api/v1/area-groups/{id}");
        call(app.admin.request(Method::DELETE, &path).header(header::IF_MATCH, "\"1\""))
            .await
            .problem(StatusCode::NOT_FOUND, "not_found", &path);
        let path = format!("/api/v1/users/{id}/password");
        call(app.admin.request(Method::POST, &path).json(&json!({"new_password": "a-new-password-123"})))
            .await
            .problem(StatusCode::NOT_FOUND, "not_found", &path);
    }

    async fn a_malformed_id_in_the_path_is_a_400_problem(app) {
        for path in ["/api/v1/users/not-a-uuid", "/api/v1/org-units/123", "/api/v1/areas/zzz/children"] {
            call(app.admin.request(Method::GET, path)).await.problem(StatusCode::BAD_REQUEST, "bad_request", path);
        }
    }

    async fn page_limits_outside_1_to_200_and_foreign_cursors_are_rejected(app) {
        for path in ["/api/v1/areas", "/api/v1/users", "/api/v1/org-units", "/api/v1/area-groups", "/api/v1/audit"] {
            for limit in ["0", "201"] {
                let answer = call(app.admin.request(Method::GET, path).query(&[("limit", limit)])).await;
                answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", path);
                assert_eq!(answer.field_errors(), pairs(&[("limit", "out_of_range")]), "{path} limit={limit}");
            }
            for limit in ["-1", "ten"] {
                let answer = call(app.admin.request(Method::GET, path).query(&[("limit", limit)])).await;
                answer.problem(StatusCode::BAD_REQUEST, "bad_request", path);
            }
            for limit in ["1", "200"] {
                let answer = call(app.admin.request(Method::GET, path).query(&[("limit", limit)])).await;
                assert_eq!(answer.status, StatusCode::OK, "{path} limit={limit}: {}", answer.text);
            }
            let answer = call(app.admin.request(Method::GET, path).query(&[("cursor", "not a cursor!")])).await;
            answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", path);
            assert_eq!(answer.field_errors(), pairs(&[("cursor", "invalid_format")]), "{path}");
            let long = "A".repeat(513);
            let answer = call(app.admin.request(Method::GET, path).query(&[("cursor", long.as_str())])).await;
            answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", path);
            assert_eq!(answer.field_errors(), pairs(&[("cursor", "too_long")]), "{path}");
        }
        // A cursor of the area list means nothing to the user list.
        let areas = app.admin.list_areas(&[("limit", "1")]).await.unwrap();
        let cursor = areas.next_cursor.expect("more than one area");
        let answer = call(app.admin.request(Method::GET, "/api/v1/users").query(&[("cursor", cursor.as_str())])).await;
        answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", "/api/v1/users");
        // Nor does a plain list's cursor to a sync list.
        let units_cursor = {
            unit(&app, "P1", None).await;
            unit(&app, "P2", None).await;
            app.admin.list_org_units(&[("limit", "1")]).await.unwrap().next_cursor.expect("two units")
        };
        let answer = call(
            app.admin
                .request(Method::GET, "/api/v1/org-units")
                .query(&[("cursor", units_cursor.as_str()), ("updated_since", "2000-01-01T00:00:00Z")]),
        )
        .await;
        answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", "/api/v1/org-units");
    }

    // --- request ids ---

    async fn sane_request_ids_are_echoed_and_others_are_replaced(app) {
        for sane in ["client-req_1.2-abc", &"a".repeat(64)] {
            let answer = call(app.admin.request(Method::GET, "/api/v1/me").header("X-Request-Id", sane)).await;
            assert_eq!(answer.status, StatusCode::OK);
            assert_eq!(answer.request_id(), sane);
            let answer = call(app.admin.request(Method::GET, "/api/v1/nowhere").header("X-Request-Id", sane)).await;
            let problem = answer.problem(StatusCode::NOT_FOUND, "not_found", "/api/v1/nowhere");
            assert_eq!(problem["request_id"], json!(sane));
        }
        for insane in ["has spaces in it", &"a".repeat(65), "semi;colon", ""] {
            let answer = call(app.admin.request(Method::GET, "/api/v1/me").header("X-Request-Id", insane)).await;
            assert_eq!(answer.status, StatusCode::OK);
            let id = answer.request_id();
            assert_ne!(id, insane);
            let parsed = Uuid::parse_str(&id).unwrap_or_else(|_| panic!("{insane:?} was replaced by {id:?}"));
            assert_eq!(parsed.get_version_num(), 7, "{id}");
        }
        let first = call(app.admin.request(Method::GET, "/api/v1/me")).await.request_id();
        let second = call(app.admin.request(Method::GET, "/api/v1/me")).await.request_id();
        assert_ne!(first, second, "each request gets its own id");
        assert!(Uuid::parse_str(&first).is_ok());
    }

    // --- paging ---

    async fn the_province_list_pages_through_all_34_provinces_exactly_once(app) {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut q = vec![("layout", "2025"), ("level", "province"), ("limit", "10")];
            if let Some(c) = &cursor {
                q.push(("cursor", c));
            }
            let page = app.admin.list_areas(&q).await.unwrap();
            pages += 1;
            assert!(page.items.len() <= 10);
            assert!(page.items.iter().all(|a| a.layout == Layout::L2025));
            seen.extend(page.items.iter().map(|a| a.code.clone()));
            match page.next_cursor {
                Some(next) => {
                    assert_eq!(page.items.len(), 10, "only the last page is short");
                    cursor = Some(next);
                }
                None => {
                    assert_eq!(page.items.len(), 4, "the last page holds the rest");
                    break;
                }
            }
            assert!(pages < 10, "paging does not end");
        }
        assert_eq!(pages, 4);
        assert_eq!(seen.len(), 34);
        assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 34, "no duplicates: {seen:?}");
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(seen, sorted, "by code");
    }

    async fn the_user_list_pages_through_every_user_exactly_once(app) {
        for name in ["nhung", "binh", "yen", "dung", "anh"] {
            app.admin.create_user(&new_user(name), None).await.unwrap();
        }
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut q = vec![("limit", "2")];
            if let Some(c) = &cursor {
                q.push(("cursor", c));
            }
            let page = app.admin.list_users(&q).await.unwrap();
            pages += 1;
            assert_eq!(page.items.len(), 2, "six users in pages of two");
            seen.extend(page.items.iter().map(|u| u.username.clone()));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
            assert!(pages < 10, "paging does not end");
        }
        assert_eq!(pages, 3, "the last page has no next_cursor");
        assert_eq!(seen, ["admin", "anh", "binh", "dung", "nhung", "yen"]);
    }

    // --- updated_since and tombstones ---

    async fn org_unit_sync_returns_changes_oldest_first_with_tombstones(app) {
        let untouched = unit(&app, "OLD", None).await;
        let since = checkpoint().await;
        let kept = unit(&app, "SYNC-A", None).await;
        let gone = unit(&app, "SYNC-B", None).await;
        let etag = app.admin.get_org_unit(kept.id).await.unwrap().etag;
        let renamed = UpdateOrgUnit { name: Some("Đơn vị đã đổi tên".into()), ..Default::default() };
        app.admin.update_org_unit(kept.id, &etag, &renamed).await.unwrap();
        let etag = app.admin.get_org_unit(gone.id).await.unwrap().etag;
        app.admin.delete_org_unit(gone.id, &etag).await.unwrap();

        let since = rfc3339(since);
        let changes = app.admin.list_org_units(&[("updated_since", &since)]).await.unwrap();
        let ids: Vec<Uuid> = changes.items.iter().map(|u| u.id).collect();
        assert_eq!(ids, [kept.id, gone.id], "{changes:#?}");
        assert!(changes.next_cursor.is_none());
        assert!(changes.items[0].updated_at < changes.items[1].updated_at, "oldest change first");
        assert_eq!(changes.items[0].name, "Đơn vị đã đổi tên");
        assert_eq!(changes.items[0].deleted_at, None);
        assert!(changes.items[1].deleted_at.is_some(), "the deleted unit comes as a tombstone");
        assert_eq!(changes.items[1].deleted_at, Some(changes.items[1].updated_at));

        // Page by page, the same changes in the same order.
        let first = app.admin.list_org_units(&[("updated_since", &since), ("limit", "1")]).await.unwrap();
        let cursor = first.next_cursor.expect("a second page");
        let second =
            app.admin.list_org_units(&[("updated_since", &since), ("limit", "1"), ("cursor", &cursor)]).await.unwrap();
        assert_eq!((first.items[0].id, second.items[0].id), (kept.id, gone.id));
        assert!(second.next_cursor.is_none());

        let live: Vec<Uuid> = all_org_units(&app.admin).await.iter().map(|u| u.id).collect();
        assert_eq!(live, [untouched.id, kept.id], "the plain list leaves out the deleted unit");
        assert!(app.admin.get_org_unit(gone.id).await.is_err());
    }

    async fn area_group_sync_returns_changes_oldest_first_with_tombstones(app) {
        let hanoi = province(&app, Layout::L2025, "01").await;
        let hue = province(&app, Layout::L2025, "46").await;
        let defaults = app.admin.list_area_groups(&[("limit", "200")]).await.unwrap().items.len();
        let since = checkpoint().await;
        let kept = group(&app, "SYNC-A", vec![hanoi]).await;
        let gone = group(&app, "SYNC-B", vec![hue]).await;
        let etag = app.admin.get_area_group(kept.id).await.unwrap().etag;
        let change = danvan_domain::area::UpdateAreaGroup { province_ids: Some(vec![hanoi, hue]), ..Default::default() };
        app.admin.update_area_group(kept.id, &etag, &change).await.unwrap();
        let etag = app.admin.get_area_group(gone.id).await.unwrap().etag;
        app.admin.delete_area_group(gone.id, &etag).await.unwrap();

        let since = rfc3339(since);
        let changes = app.admin.list_area_groups(&[("updated_since", &since)]).await.unwrap().items;
        let ids: Vec<Uuid> = changes.iter().map(|g| g.id).collect();
        assert_eq!(ids, [kept.id, gone.id], "{changes:#?}");
        assert!(changes[0].updated_at < changes[1].updated_at);
        assert_eq!(changes[0].deleted_at, None);
        assert_eq!(changes[0].province_ids.len(), 2);
        assert!(changes[1].deleted_at.is_some());

        let live = app.admin.list_area_groups(&[("limit", "200")]).await.unwrap().items;
        assert_eq!(live.len(), defaults + 1);
        assert!(live.iter().any(|g| g.id == kept.id));
        assert!(!live.iter().any(|g| g.id == gone.id), "the plain list leaves out the deleted group");
    }

    async fn user_sync_returns_only_users_changed_since(app) {
        let quiet = app.admin.create_user(&new_user("quiet"), None).await.unwrap();
        let changed = app.admin.create_user(&new_user("changed"), None).await.unwrap();
        let since = checkpoint().await;
        let etag = app.admin.get_user(changed.id).await.unwrap().etag;
        let rename = UpdateUser { display_name: Some("Tên đã đổi".into()), ..Default::default() };
        app.admin.update_user(changed.id, &etag, &rename).await.unwrap();
        let later = app.admin.create_user(&new_user("later"), None).await.unwrap();

        let changes = app.admin.list_users(&[("updated_since", &rfc3339(since))]).await.unwrap().items;
        let ids: Vec<Uuid> = changes.iter().map(|u| u.id).collect();
        assert_eq!(ids, [changed.id, later.id], "oldest change first, nothing older: {changes:#?}");
        assert!(!ids.contains(&quiet.id) && !ids.contains(&app.admin_user.id));
        assert_eq!(changes[0].display_name, "Tên đã đổi");
    }

    // --- ETag / If-Match ---

    async fn user_updates_need_the_current_etag(app) {
        let user = app.admin.create_user(&new_user("etag.user"), None).await.unwrap();
        let path = format!("/api/v1/users/{}", user.id);
        let read = call(app.admin.request(Method::GET, &path)).await;
        read.ok(StatusCode::OK);
        let etag = read.etag();
        assert_eq!(etag, format!("\"{}\"", user.version));

        let answer = call(app.admin.request(Method::PATCH, &path).json(&json!({"display_name": "Tên mới"}))).await;
        answer.problem(StatusCode::PRECONDITION_REQUIRED, "precondition_required", &path);

        let answer = call(
            app.admin.request(Method::PATCH, &path).header(header::IF_MATCH, &etag).json(&json!({"display_name": "Tên mới"})),
        )
        .await;
        let body = answer.ok(StatusCode::OK);
        assert_eq!(body["display_name"], "Tên mới");
        let new_etag = answer.etag();
        assert_ne!(new_etag, etag);
        assert_eq!(new_etag, format!("\"{}\"", body["version"]));

        let answer = call(
            app.admin.request(Method::PATCH, &path).header(header::IF_MATCH, &etag).json(&json!({"display_name": "Tên khác"})),
        )
        .await;
        answer.problem(StatusCode::PRECONDITION_FAILED, "precondition_failed", &path);
        // A malformed If-Match is 400; a well-formed tag that is not ours, or weak, is 412.
        for (garbage, status) in [
            ("1", StatusCode::BAD_REQUEST),
            ("\"abc\"", StatusCode::PRECONDITION_FAILED),
            ("W/\"2\"", StatusCode::PRECONDITION_FAILED),
        ] {
            let answer = call(
                app.admin
                    .request(Method::PATCH, &path)
                    .header(header::IF_MATCH, garbage)
                    .json(&json!({"display_name": "Tên khác"})),
            )
            .await;
            assert_eq!(answer.status, status, "If-Match {garbage}: {}", answer.text);
            assert_eq!(answer.header("content-type"), Some(PROBLEM_JSON));
        }
        let now = app.admin.get_user(user.id).await.unwrap();
        assert_eq!(now.value.display_name, "Tên mới", "the refused updates changed nothing");
        assert_eq!(now.etag, new_etag);
    }

    async fn org_unit_updates_and_deletes_need_the_current_etag(app) {
        let created = unit(&app, "ETAG", None).await;
        let path = format!("/api/v1/org-units/{}", created.id);
        let etag = call(app.admin.request(Method::GET, &path)).await.etag();
        let new_etag = guarded_rename(&app, &path, &etag, |name| json!({"name": name})).await;
        guarded_delete(&app, &path, &etag, &new_etag).await;
    }

    async fn area_group_updates_and_deletes_need_the_current_etag(app) {
        let hanoi = province(&app, Layout::L2025, "01").await;
        let created = group(&app, "ETAG", vec![hanoi]).await;
        let path = format!("/api/v1/area-groups/{}", created.id);
        let etag = call(app.admin.request(Method::GET, &path)).await.etag();
        let new_etag = guarded_rename(&app, &path, &etag, |name| {
            let provinces: Vec<Uuid> = if name == "Mới" { vec![hanoi] } else { Vec::new() };
            json!({"name": name, "province_ids": provinces})
        })
        .await;
        let now = app.admin.get_area_group(created.id).await.unwrap();
        assert_eq!(now.value.province_ids, [hanoi], "the refused update left the provinces alone");
        guarded_delete(&app, &path, &etag, &new_etag).await;
    }

    // --- Idempotency-Key ---

    async fn org_unit_creates_with_an_idempotency_key_happen_once(app) {
        let body = json!({"code": "IDEM", "name": "Đơn vị thử", "kind": "other"});
        let post = |body: &Value, key: Option<&str>| {
            let request = app.admin.request(Method::POST, "/api/v1/org-units").json(body);
            match key {
                Some(key) => request.header("Idempotency-Key", key),
                None => request,
            }
        };
        let first = call(post(&body, Some("key-1"))).await;
        let created = first.ok(StatusCode::CREATED);
        assert_eq!(first.header("idempotent-replayed"), None);
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(first.header("location"), Some(format!("/api/v1/org-units/{id}").as_str()));

        let second = call(post(&body, Some("key-1"))).await;
        let replayed = second.ok(StatusCode::CREATED);
        assert_eq!(second.header("idempotent-replayed"), Some("true"));
        assert_eq!(replayed, created, "the first answer, replayed");
        assert_eq!(second.etag(), first.etag());

        let units = all_org_units(&app.admin).await;
        assert_eq!(units.len(), 1, "{units:?}");
        let creates = audit(&app, &[("entity", "org_unit"), ("action", "create")]).await;
        assert_eq!(creates.len(), 1, "{creates:?}");
        assert_eq!(creates[0].entity_id.as_deref(), Some(id.as_str()));
        assert_eq!(creates[0].request_id.as_deref(), Some(first.request_id().as_str()));

        let other = json!({"code": "IDEM2", "name": "Đơn vị khác", "kind": "other"});
        let answer = call(post(&other, Some("key-1"))).await;
        answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused", "/api/v1/org-units");
        assert_eq!(all_org_units(&app.admin).await.len(), 1);

        // Without a key nothing is replayed: the same body again is a taken code,
        // another body another unit.
        let answer = call(post(&body, None)).await;
        answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", "/api/v1/org-units");
        assert_eq!(answer.field_errors(), pairs(&[("code", "taken")]));
        let a = call(post(&json!({"code": "NOKEY-1", "name": "Một", "kind": "other"}), None)).await;
        let b = call(post(&json!({"code": "NOKEY-2", "name": "Hai", "kind": "other"}), None)).await;
        let (a, b) = (a.ok(StatusCode::CREATED), b.ok(StatusCode::CREATED));
        assert_ne!(a["id"], b["id"]);
        assert_eq!(all_org_units(&app.admin).await.len(), 3);

        // A key belongs to its caller: another administrator's key-1 is a new request.
        let (_, other_admin) = app.user("admin2", Role::Admin, None).await;
        let answer = call(
            other_admin
                .request(Method::POST, "/api/v1/org-units")
                .header("Idempotency-Key", "key-1")
                .json(&json!({"code": "OTHER", "name": "Của người khác", "kind": "other"})),
        )
        .await;
        answer.ok(StatusCode::CREATED);
        assert_eq!(answer.header("idempotent-replayed"), None);
        assert_eq!(all_org_units(&app.admin).await.len(), 4);
    }

    async fn a_replayed_create_carries_the_location_and_etag_of_the_first_answer(app) {
        // A versioned record: the replay names it and its version as the first answer did.
        let plan = json!({"number": "99-KH", "title": "Kế hoạch thử", "issuing_body": "Ban", "issued_on": "2021-09-13"});
        let post_plan = || app.admin.request(Method::POST, "/api/v1/plans").header("Idempotency-Key", "plan-key").json(&plan);
        let first = call(post_plan()).await;
        let created = first.ok(StatusCode::CREATED);
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(first.header("location"), Some(format!("/api/v1/plans/{id}").as_str()));
        assert_eq!(first.etag(), "\"1\"");
        let second = call(post_plan()).await;
        assert_eq!(second.ok(StatusCode::CREATED), created);
        assert_eq!(second.header("idempotent-replayed"), Some("true"));
        assert_eq!(second.header("location"), first.header("location"));
        assert_eq!(second.etag(), first.etag());

        // The replay stays the same after the record moved on: it is the first answer.
        let path = format!("/api/v1/plans/{id}");
        let changed = call(app.admin.request(Method::PATCH, &path).header(header::IF_MATCH, "\"1\"").json(&json!({"title": "Đổi tên"}))).await;
        changed.ok(StatusCode::OK);
        let third = call(post_plan()).await;
        assert_eq!((third.header("location"), third.etag()), (first.header("location"), first.etag()));

        // A record that never changes (a progress event) has no ETag, first or replayed.
        let task = json!({"title": "Việc thử", "assignee_user_ids": [app.admin_user.id], "due_on": "2021-10-01"});
        let task = call(app.admin.request(Method::POST, "/api/v1/tasks").json(&task)).await.ok(StatusCode::CREATED);
        let task_path = format!("/api/v1/tasks/{}", task["id"].as_str().unwrap());
        let accept = app.admin.request(Method::POST, &format!("{task_path}/transitions")).header(header::IF_MATCH, "\"1\"");
        call(accept.json(&json!({"to": "accepted"}))).await.ok(StatusCode::OK);
        let progress_path = format!("{task_path}/progress");
        let post_progress = || {
            app.admin
                .request(Method::POST, &progress_path)
                .header("Idempotency-Key", "progress-key")
                .header(header::IF_MATCH, "\"2\"")
                .json(&json!({"percent": 10, "comment": "Bắt đầu"}))
        };
        let first = call(post_progress()).await;
        let event = first.ok(StatusCode::CREATED);
        assert_eq!(first.header("etag"), None);
        assert!(event["id"].is_string(), "{event}");
        // Events are read through their task's timeline.
        let location = format!("{task_path}/timeline");
        assert_eq!(first.header("location"), Some(location.as_str()));
        let second = call(post_progress()).await;
        assert_eq!(second.ok(StatusCode::CREATED), event);
        assert_eq!((second.header("location"), second.header("etag")), (Some(location.as_str()), None));
    }

    async fn concurrent_retries_with_one_idempotency_key_create_one_org_unit(app) {
        // A few rounds, each of six requests under one key sent at once.
        const ROUNDS: usize = 5;
        for round in 0..ROUNDS {
            let body = json!({"code": format!("RACE-{round}"), "name": "Đơn vị đua", "kind": "other"});
            let key = format!("race-key-{round}");
            let mut tasks = Vec::new();
            for _ in 0..6 {
                let request =
                    app.admin.request(Method::POST, "/api/v1/org-units").header("Idempotency-Key", &key).json(&body);
                tasks.push(tokio::spawn(call(request)));
            }
            let mut answers = Vec::new();
            for task in tasks {
                answers.push(task.await.unwrap());
            }
            let statuses: Vec<String> = answers.iter().map(|a| format!("{} {}", a.status, a.text)).collect();
            assert!(
                answers.iter().all(|a| !a.status.is_server_error()),
                "round {round}: retries racing the first request must not fail the server: {statuses:#?}"
            );
            let ids: BTreeSet<String> = answers
                .iter()
                .filter(|a| a.status == StatusCode::CREATED)
                .map(|a| a.json()["id"].as_str().unwrap().to_owned())
                .collect();
            assert_eq!(ids.len(), 1, "round {round}: every successful answer names the one unit: {statuses:#?}");
        }
        let units = all_org_units(&app.admin).await;
        assert_eq!(units.len(), ROUNDS, "{units:?}");
        assert_eq!(audit(&app, &[("entity", "org_unit"), ("action", "create")]).await.len(), ROUNDS);
    }

    async fn user_creates_with_an_idempotency_key_happen_once(app) {
        let body = json!({"username": "idem.user", "display_name": "Người thử", "role": "member", "password": PASSWORD});
        let post = |body: &Value, key: &str| {
            app.admin.request(Method::POST, "/api/v1/users").header("Idempotency-Key", key).json(body)
        };
        let first = call(post(&body, "user-key")).await;
        let created = first.ok(StatusCode::CREATED);
        assert_eq!(first.header("idempotent-replayed"), None);
        let second = call(post(&body, "user-key")).await;
        assert_eq!(second.ok(StatusCode::CREATED), created);
        assert_eq!(second.header("idempotent-replayed"), Some("true"));

        let users = app.admin.list_users(&[("q", "idem.user")]).await.unwrap().items;
        assert_eq!(users.len(), 1, "{users:?}");
        assert_eq!(json!(users[0].id), created["id"]);
        let creates = audit(&app, &[("entity", "user"), ("action", "create"), ("entity_id", created["id"].as_str().unwrap())]).await;
        assert_eq!(creates.len(), 1, "{creates:?}");

        let other = json!({"username": "idem.other", "display_name": "Người khác", "role": "member", "password": PASSWORD});
        call(post(&other, "user-key")).await.problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "idempotency_key_reused",
            "/api/v1/users",
        );
        assert!(app.admin.list_users(&[("q", "idem.other")]).await.unwrap().items.is_empty());
        // The same key on another resource is a different request too.
        call(
            app.admin
                .request(Method::POST, "/api/v1/org-units")
                .header("Idempotency-Key", "user-key")
                .json(&json!({"code": "X", "name": "X", "kind": "other"})),
        )
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused", "/api/v1/org-units");
        assert!(all_org_units(&app.admin).await.is_empty());

        // Without a key, a second create of the same username is refused, not replayed.
        let answer = call(app.admin.request(Method::POST, "/api/v1/users").json(&body)).await;
        answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", "/api/v1/users");
        assert_eq!(answer.field_errors(), pairs(&[("username", "taken")]));
    }

    // --- the audit log ---

    async fn org_unit_mutations_write_one_audit_row_each_with_their_request_id(app) {
        let answer = call(
            app.admin
                .request(Method::POST, "/api/v1/org-units")
                .header("X-Request-Id", "create-unit-1")
                .json(&json!({"code": "AUD", "name": "Đơn vị kiểm", "kind": "office"})),
        )
        .await;
        let created = answer.ok(StatusCode::CREATED);
        assert_eq!(answer.request_id(), "create-unit-1");
        let create_request = answer.request_id();
        let id: Uuid = serde_json::from_value(created["id"].clone()).unwrap();
        let path = format!("/api/v1/org-units/{id}");

        let answer = call(
            app.admin.request(Method::PATCH, &path).header(header::IF_MATCH, answer.etag()).json(&json!({"name": "Đã đổi"})),
        )
        .await;
        let updated = answer.ok(StatusCode::OK);
        let update_request = answer.request_id();
        let answer = call(app.admin.request(Method::DELETE, &path).header(header::IF_MATCH, answer.etag())).await;
        answer.ok(StatusCode::NO_CONTENT);
        let delete_request = answer.request_id();

        let rows = audit_of(&app, id).await;
        assert_eq!(rows.len(), 3, "{rows:#?}");
        let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, ["delete", "update", "create"], "newest first");
        for row in &rows {
            assert_eq!(row.entity, AuditEntity::OrgUnit);
            assert_eq!(row.entity_id, Some(id.to_string()));
        }
        let create = row_of(&rows, &create_request, &app.admin_user);
        assert_eq!((create.action.as_str(), &create.before), ("create", &None));
        assert_eq!(create.after.as_ref(), Some(&created));
        let update = row_of(&rows, &update_request, &app.admin_user);
        assert_eq!(update.action, AuditAction::Update);
        assert_eq!(update.before.as_ref(), Some(&created));
        assert_eq!(update.after.as_ref(), Some(&updated));
        let delete = row_of(&rows, &delete_request, &app.admin_user);
        assert_eq!(delete.action, AuditAction::Delete);
        assert_eq!(delete.before.as_ref(), Some(&updated));
        assert_eq!(delete.after, None);
    }

    async fn area_group_mutations_write_one_audit_row_each_with_their_request_id(app) {
        let hanoi = province(&app, Layout::L2025, "01").await;
        let hue = province(&app, Layout::L2025, "46").await;
        let answer = call(app.admin.request(Method::POST, "/api/v1/area-groups").json(&json!({
            "code": "AUD", "name": "Nhóm kiểm", "kind": "custom", "layout": "2025", "province_ids": [hanoi],
        })))
        .await;
        let created = answer.ok(StatusCode::CREATED);
        let create_request = answer.request_id();
        let id: Uuid = serde_json::from_value(created["id"].clone()).unwrap();
        let path = format!("/api/v1/area-groups/{id}");
        let answer = call(
            app.admin
                .request(Method::PATCH, &path)
                .header(header::IF_MATCH, answer.etag())
                .json(&json!({"province_ids": [hanoi, hue]})),
        )
        .await;
        let updated = answer.ok(StatusCode::OK);
        let update_request = answer.request_id();
        let answer = call(app.admin.request(Method::DELETE, &path).header(header::IF_MATCH, answer.etag())).await;
        answer.ok(StatusCode::NO_CONTENT);
        let delete_request = answer.request_id();

        let rows = audit_of(&app, id).await;
        assert_eq!(rows.len(), 3, "{rows:#?}");
        assert!(rows.iter().all(|r| r.entity == AuditEntity::AreaGroup));
        let create = row_of(&rows, &create_request, &app.admin_user);
        assert_eq!((create.action.as_str(), create.before.as_ref(), create.after.as_ref()), ("create", None, Some(&created)));
        let update = row_of(&rows, &update_request, &app.admin_user);
        assert_eq!(update.action, AuditAction::Update);
        assert_eq!(update.before.as_ref().map(|b| &b["province_ids"]), Some(&json!([hanoi])));
        assert_eq!(update.after.as_ref(), Some(&updated));
        let delete = row_of(&rows, &delete_request, &app.admin_user);
        assert_eq!((delete.action.as_str(), delete.after.as_ref()), ("delete", None));
        assert_eq!(delete.before.as_ref(), Some(&updated));
    }

    async fn user_mutations_write_one_audit_row_each_without_secrets(app) {
        let secret = "first-secret-password-1";
        let answer = call(app.admin.request(Method::POST, "/api/v1/users").json(&json!({
            "username": "audited", "display_name": "Người được kiểm", "role": "member", "password": secret,
        })))
        .await;
        let created = answer.ok(StatusCode::CREATED);
        let create_request = answer.request_id();
        let id: Uuid = serde_json::from_value(created["id"].clone()).unwrap();
        let path = format!("/api/v1/users/{id}");

        let answer = call(
            app.admin
                .request(Method::PATCH, &path)
                .header(header::IF_MATCH, answer.etag())
                .json(&json!({"display_name": "Tên mới", "role": "viewer"})),
        )
        .await;
        let updated = answer.ok(StatusCode::OK);
        let update_request = answer.request_id();
        let answer =
            call(app.admin.request(Method::PATCH, &path).header(header::IF_MATCH, answer.etag()).json(&json!({"active": false})))
                .await;
        let deactivated = answer.ok(StatusCode::OK);
        assert_eq!(deactivated["active"], false);
        let deactivate_request = answer.request_id();
        let new_secret = "second-secret-password-2";
        let answer =
            call(app.admin.request(Method::POST, &format!("{path}/password")).json(&json!({"new_password": new_secret})))
                .await;
        answer.ok(StatusCode::NO_CONTENT);
        let reset_request = answer.request_id();

        let rows = audit_of(&app, id).await;
        let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
        assert_eq!(actions, ["reset_password", "deactivate", "update", "create"], "{rows:#?}");
        assert!(rows.iter().all(|r| r.entity == AuditEntity::User));
        let create = row_of(&rows, &create_request, &app.admin_user);
        assert_eq!((create.before.as_ref(), create.after.as_ref()), (None, Some(&created)));
        let update = row_of(&rows, &update_request, &app.admin_user);
        assert_eq!(update.action, AuditAction::Update);
        assert_eq!(update.before.as_ref(), Some(&created));
        assert_eq!(update.after.as_ref(), Some(&updated));
        let deactivate = row_of(&rows, &deactivate_request, &app.admin_user);
        assert_eq!(deactivate.action, AuditAction::Deactivate);
        assert_eq!(deactivate.before.as_ref().map(|b| &b["active"]), Some(&json!(true)));
        assert_eq!(deactivate.after.as_ref(), Some(&deactivated));
        let reset = row_of(&rows, &reset_request, &app.admin_user);
        assert_eq!(reset.action, AuditAction::ResetPassword);
        assert!(reset.before.is_some() && reset.after.is_some());

        for row in &rows {
            let text = format!("{} {}", json!(row.before), json!(row.after)).to_lowercase();
            for secret_text in ["password", "$argon2", "hash", secret, new_secret] {
                assert!(!text.contains(secret_text), "{secret_text:?} in the audit of {}: {text}", row.action);
            }
        }
    }

    async fn audit_filters_select_rows_and_pages_run_newest_first(app) {
        let (member, _) = app.user("audit.member", Role::Member, None).await;
        let start = checkpoint().await;
        let a = unit(&app, "AUD-A", None).await;
        let middle = checkpoint().await;
        let b = unit(&app, "AUD-B", None).await;
        let etag = app.admin.get_org_unit(b.id).await.unwrap().etag;
        app.admin.update_org_unit(b.id, &etag, &UpdateOrgUnit { name: Some("B mới".into()), ..Default::default() }).await.unwrap();
        let end = checkpoint().await;
        app.login("audit.member", PASSWORD).await;

        let (a_id, b_id) = (a.id.to_string(), b.id.to_string());
        let summary = |rows: &[AuditEntry]| -> Vec<(String, String)> {
            rows.iter().map(|r| (r.action.as_str().to_owned(), r.entity_id.clone().unwrap_or_default())).collect()
        };
        let by_entity = audit(&app, &[("entity", "org_unit")]).await;
        assert_eq!(
            summary(&by_entity),
            [("update".to_owned(), b_id.clone()), ("create".to_owned(), b_id.clone()), ("create".to_owned(), a_id.clone())]
        );
        assert_eq!(summary(&audit(&app, &[("entity_id", &b_id)]).await), summary(&by_entity[..2]));
        assert_eq!(summary(&audit(&app, &[("entity", "org_unit"), ("action", "create")]).await), summary(&by_entity[1..]));
        assert_eq!(audit(&app, &[("action", "update"), ("entity", "org_unit")]).await.len(), 1);

        let member_id = member.id.to_string();
        let by_member = audit(&app, &[("actor_id", &member_id)]).await;
        assert_eq!(by_member.len(), 2, "two logins of the member: {by_member:#?}");
        assert!(by_member.iter().all(|r| r.action == AuditAction::Login && r.entity == AuditEntity::Session && r.actor_id == Some(member.id)));
        let admin_id = app.admin_user.id.to_string();
        assert_eq!(audit(&app, &[("actor_id", &admin_id), ("entity", "org_unit")]).await.len(), 3);

        let (start, middle, end) = (rfc3339(start), rfc3339(middle), rfc3339(end));
        assert_eq!(summary(&audit(&app, &[("from", &start), ("to", &middle)]).await), summary(&by_entity[2..]));
        assert_eq!(summary(&audit(&app, &[("from", &middle), ("to", &end)]).await), summary(&by_entity[..2]));
        let after_end = audit(&app, &[("from", &end)]).await;
        assert_eq!(after_end.len(), 1, "only the member's last login: {after_end:#?}");
        assert!(audit(&app, &[("to", &start), ("entity", "org_unit")]).await.is_empty());

        // Newest first, and pages of two walk the same rows as one big page.
        let everything = app.admin.list_audit(&[("limit", "200")]).await.unwrap();
        assert!(everything.next_cursor.is_none());
        let rows = everything.items;
        assert!(rows.len() >= 7, "{rows:#?}");
        assert!(rows.windows(2).all(|w| w[0].at >= w[1].at), "newest first");
        assert_eq!(rows[0].id, after_end[0].id, "the newest row comes first");
        let mut paged = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut q = vec![("limit", "2")];
            if let Some(c) = &cursor {
                q.push(("cursor", c));
            }
            let page = app.admin.list_audit(&q).await.unwrap();
            assert!(page.items.len() <= 2);
            paged.extend(page.items.into_iter().map(|r| r.id));
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(paged, rows.iter().map(|r| r.id).collect::<Vec<_>>());
    }

    // --- failed mutations change nothing ---

    async fn a_refused_org_unit_move_changes_neither_the_unit_nor_the_audit_log(app) {
        let parent = unit(&app, "CHA", None).await;
        let child = unit(&app, "CON", Some(parent.id)).await;
        let before = app.admin.get_org_unit(parent.id).await.unwrap();
        let audit_before = audit(&app, &[]).await;

        let path = format!("/api/v1/org-units/{}", parent.id);
        let answer = call(
            app.admin
                .request(Method::PATCH, &path)
                .header(header::IF_MATCH, &before.etag)
                .json(&json!({"parent_id": child.id, "name": "Không được đổi"})),
        )
        .await;
        answer.problem(StatusCode::UNPROCESSABLE_ENTITY, "validation", &path);
        assert_eq!(answer.field_errors(), pairs(&[("parent_id", "cycle")]));

        let after = app.admin.get_org_unit(parent.id).await.unwrap();
        assert_eq!(after.value, before.value, "the unit is unchanged");
        assert_eq!(after.etag, before.etag);
        let audit_after = audit(&app, &[]).await;
        assert_eq!(audit_after, audit_before, "nothing was audited");
    }

    async fn a_refused_create_creates_nothing_and_audits_nothing(app) {
        let audit_before = audit(&app, &[]).await;
        let mut request = new_user("no.such.unit");
        request.org_unit_id = Some(Uuid::now_v7());
        let error = app.admin.create_user(&request, Some("refused-key")).await.unwrap_err();
        assert_eq!(error.code(), Some("validation"));
        assert!(app.admin.list_users(&[("q", "no.such.unit")]).await.unwrap().items.is_empty());
        let hue = province(&app, Layout::L2021, "46").await;
        let bad_group = CreateAreaGroup {
            code: "WRONG-LAYOUT".into(),
            name: "Sai bố cục".into(),
            kind: AreaGroupKind::Custom,
            layout: Layout::L2025,
            province_ids: vec![hue],
        };
        assert_eq!(app.admin.create_area_group(&bad_group, None).await.unwrap_err().code(), Some("validation"));
        assert_eq!(audit(&app, &[]).await, audit_before);

        // The refused create did not use up its key: fixed, the same key creates the user.
        request.org_unit_id = None;
        let user = app.admin.create_user(&request, Some("refused-key")).await.unwrap();
        assert_eq!(user.username, "no.such.unit");
    }
}

/// `max_body_bytes` bounds every body: a larger one is a 413 problem and does nothing.
async fn body_limit_case(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, |config| config.max_body_bytes = 1024).await else {
        eprintln!("skipped: DANVAN_TEST_POSTGRES_URL is not set");
        return;
    };
    let big = json!({"code": "BIG", "name": "x".repeat(2048), "kind": "other"});
    assert!(serde_json::to_vec(&big).unwrap().len() > 2048);
    let answer = call(app.admin.request(Method::POST, "/api/v1/org-units").json(&big)).await;
    answer.problem(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "/api/v1/org-units");
    assert!(all_org_units(&app.admin).await.is_empty());

    let small = json!({"code": "SMALL", "name": "y".repeat(150), "kind": "other"});
    let answer = call(app.admin.request(Method::POST, "/api/v1/org-units").json(&small)).await;
    answer.ok(StatusCode::CREATED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_body_over_max_body_bytes_is_a_413_problem() {
    body_limit_case(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_a_body_over_max_body_bytes_is_a_413_problem() {
    body_limit_case(Backend::Postgres).await;
}

/// Renames the record at `path`, read at `etag`, as `rename(name)` describes: without
/// `If-Match` the change answers 428, with `etag` it happens ("Mới"), and with `etag` again
/// (now stale) it answers 412 and changes nothing. The record's new ETag.
async fn guarded_rename(app: &TestApp, path: &str, etag: &str, rename: impl Fn(&str) -> Value) -> String {
    call(app.admin.request(Method::PATCH, path).json(&rename("Mới"))).await.problem(
        StatusCode::PRECONDITION_REQUIRED,
        "precondition_required",
        path,
    );
    let answer = call(app.admin.request(Method::PATCH, path).header(header::IF_MATCH, etag).json(&rename("Mới"))).await;
    assert_eq!(answer.ok(StatusCode::OK)["name"], "Mới");
    let new_etag = answer.etag();
    assert_ne!(new_etag, etag);
    call(app.admin.request(Method::PATCH, path).header(header::IF_MATCH, etag).json(&rename("Cũ"))).await.problem(
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
        path,
    );
    let now = call(app.admin.request(Method::GET, path)).await;
    assert_eq!((now.etag(), now.ok(StatusCode::OK)["name"].clone()), (new_etag.clone(), json!("Mới")));
    new_etag
}

/// Deletes the record at `path`: without `If-Match` 428, with the `stale` ETag 412 (and
/// the record stays), with the `current` one 204, after which it is not found.
async fn guarded_delete(app: &TestApp, path: &str, stale: &str, current: &str) {
    call(app.admin.request(Method::DELETE, path)).await.problem(
        StatusCode::PRECONDITION_REQUIRED,
        "precondition_required",
        path,
    );
    call(app.admin.request(Method::DELETE, path).header(header::IF_MATCH, stale)).await.problem(
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
        path,
    );
    call(app.admin.request(Method::GET, path)).await.ok(StatusCode::OK);
    let answer = call(app.admin.request(Method::DELETE, path).header(header::IF_MATCH, current)).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    call(app.admin.request(Method::GET, path)).await.problem(StatusCode::NOT_FOUND, "not_found", path);
}

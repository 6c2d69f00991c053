//! The HTTP conventions checked for every operation the OpenAPI document lists, so that a
//! new module is covered the moment its operations are in the document:
//!
//! - every operation answers an error (an unknown query parameter; no token where it
//!   needs one) as `application/problem+json` with `type` and `code`;
//! - every list (a 200 answer whose schema has `items` and `next_cursor`) refuses a
//!   `limit` out of range, pages with `limit=1` and its `cursor`, and, where it declares
//!   `updated_since`, returns what changed since, deleted rows as tombstones;
//! - every PUT, PATCH and DELETE, and every operation declaring `If-Match`, answers 428
//!   without `If-Match` and 412 with a stale one;
//! - every create (a POST answering 201) replays its first answer for a retry with the
//!   same `Idempotency-Key` and body, and refuses another body under the key with 422.
//!
//! Records come from [`World`], created over the API by the administrator. Two tables say
//! how to reach them: [`RECORDS`] fills each path template, [`create_body`] and
//! [`change_body`] give a valid body per operation (a create's is JSON or, for an upload,
//! a file: [`Body`]); [`REQUIRED_QUERIES`] adds the query parameters an operation cannot
//! go without. An operation the tables do not know fails the test, naming what is
//! missing.

use crate::support::{TestApp, PASSWORD};
use chrono::{DateTime, Days, SecondsFormat, Utc};
use danvan_domain::calendar;
use reqwest::{header, multipart, Method, RequestBuilder, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Which record of the [`World`] fills the parameters of each path template.
const RECORDS: &[(&str, &str)] = &[
    ("/api/v1/users/{id}", "user"),
    ("/api/v1/users/{id}/password", "user"),
    ("/api/v1/org-units/{id}", "org_unit"),
    ("/api/v1/areas/{id}", "area"),
    ("/api/v1/areas/{id}/children", "area"),
    ("/api/v1/areas/by-code/{layout}/{code}", "area"),
    ("/api/v1/area-groups/{id}", "area_group"),
    ("/api/v1/plans/{id}", "plan"),
    ("/api/v1/plans/{id}/items", "plan"),
    ("/api/v1/plans/{id}/progress", "plan"),
    ("/api/v1/plan-items/{id}", "plan_item"),
    ("/api/v1/target-groups/{id}", "target_group"),
    ("/api/v1/fields/{id}", "field"),
    ("/api/v1/working-groups/{id}", "working_group"),
    ("/api/v1/working-groups/{id}/members", "working_group"),
    ("/api/v1/working-groups/{id}/assignments", "working_group"),
    ("/api/v1/working-groups/{id}/coverage", "working_group"),
    ("/api/v1/memberships/{id}", "membership"),
    ("/api/v1/assignments/{id}", "assignment"),
    ("/api/v1/assignments/{id}/end", "assignment"),
    ("/api/v1/assignments/{id}/history", "assignment"),
    ("/api/v1/tasks/{id}", "task"),
    ("/api/v1/tasks/{id}/transitions", "task"),
    ("/api/v1/tasks/{id}/progress", "accepted_task"),
    ("/api/v1/tasks/{id}/timeline", "task"),
    ("/api/v1/notifications/{id}/read", "notification"),
    ("/api/v1/team-kinds/{id}", "team_kind"),
    ("/api/v1/team-indicators/{id}", "team_indicator"),
    ("/api/v1/community-teams/{id}", "team"),
    ("/api/v1/community-teams/{id}/members", "team"),
    ("/api/v1/community-teams/{id}/activities", "team"),
    ("/api/v1/community-teams/{id}/indicator-values", "team"),
    ("/api/v1/community-teams/{id}/scorecard", "team"),
    ("/api/v1/team-members/{id}", "team_member"),
    ("/api/v1/team-members/{id}/reveal-phone", "team_member"),
    ("/api/v1/team-activities/{id}", "team_activity"),
    ("/api/v1/team-models/{id}", "team_model"),
    ("/api/v1/team-models/{id}/transitions", "team_model"),
    ("/api/v1/team-models/{id}/timeline", "team_model"),
    ("/api/v1/team-models/{id}/evaluations", "team_model"),
    ("/api/v1/team-models/{id}/adoptions", "recommended_model"),
    ("/api/v1/model-evaluations/{id}", "model_evaluation"),
    ("/api/v1/model-adoptions/{id}/comparison", "model_adoption"),
    ("/api/v1/attachments/{id}", "attachment"),
    ("/api/v1/attachments/{id}/content", "attachment"),
    ("/api/v1/attachments/{id}/thumbnail", "attachment"),
    ("/api/v1/aid-items/{id}", "aid_item"),
    ("/api/v1/aid-locations/{id}", "aid_location"),
    ("/api/v1/donors/{id}", "donor"),
    ("/api/v1/donors/{id}/reveal", "donor"),
    ("/api/v1/donors/{id}/statement", "donor"),
    ("/api/v1/campaigns/{id}", "campaign"),
    ("/api/v1/public/aid/campaigns/{id}", "campaign"),
    ("/api/v1/campaigns/{id}/report", "campaign"),
    ("/api/v1/campaigns/{id}/report/export", "campaign"),
    ("/api/v1/campaigns/{id}/cash", "campaign"),
    ("/api/v1/campaigns/{id}/disbursements", "campaign"),
    ("/api/v1/cash-entries/{id}/reverse", "cash_entry"),
    ("/api/v1/pledges/{id}", "pledge"),
    ("/api/v1/donations/{id}", "donation"),
    ("/api/v1/donations/{id}/receipt", "donation"),
    ("/api/v1/donations/{id}/reverse", "donation"),
    ("/api/v1/stock-transfers/{id}/reverse", "stock_transfer"),
    ("/api/v1/stock-adjustments/{id}/approve", "stock_adjustment"),
    ("/api/v1/stock-adjustments/{id}/reject", "stock_adjustment"),
    ("/api/v1/distribution-rounds/{id}", "distribution_round"),
    ("/api/v1/distribution-rounds/{id}/lines", "distribution_round"),
    ("/api/v1/distribution-rounds/{id}/approve", "distribution_round"),
    ("/api/v1/distribution-rounds/{id}/start", "distribution_round"),
    ("/api/v1/distribution-rounds/{id}/complete", "distribution_round"),
    ("/api/v1/distribution-rounds/{id}/cancel", "distribution_round"),
    ("/api/v1/distribution-rounds/{id}/lines/{line_id}/exclude", "distribution_round"),
    ("/api/v1/distribution-rounds/{id}/lines/{line_id}/deliver", "distribution_round"),
    ("/api/v1/distribution-rounds/{id}/lines/{line_id}/not-delivered", "distribution_round"),
    ("/api/v1/distribution-lines/{id}", "distribution_line"),
    ("/api/v1/support-categories/{id}", "support_category"),
    ("/api/v1/households/{id}", "household"),
    ("/api/v1/beneficiaries/{id}", "beneficiary"),
    ("/api/v1/beneficiaries/{id}/reveal", "beneficiary"),
    ("/api/v1/beneficiaries/{id}/consent", "beneficiary"),
    ("/api/v1/beneficiaries/{id}/merge", "beneficiary"),
    ("/api/v1/report-templates/{id}", "report_template"),
    ("/api/v1/report-templates/{id}/obligations", "report_template"),
    ("/api/v1/report-templates/{id}/timeliness", "report_template"),
    ("/api/v1/report-submissions/{id}", "report_submission"),
    ("/api/v1/report-submissions/{id}/transitions", "report_submission"),
    ("/api/v1/consolidated-reports/{id}", "consolidated_report"),
    ("/api/v1/consolidated-reports/{id}/revisions", "consolidated_report"),
    ("/api/v1/consolidated-reports/{id}/document", "consolidated_report"),
    ("/api/v1/consolidated-reports/{id}/sign-off", "consolidated_report"),
];

/// Operations only another role than the administrator's may do, and who does them in the
/// guard checks.
const SIGNER: &str = "/api/v1/consolidated-reports/{id}/sign-off";

/// The query parameters an operation requires, as (template, parameter, record of the
/// [`World`] that fills it).
const REQUIRED_QUERIES: &[(&str, &str, &str)] = &[("/api/v1/stock-movements", "location_id", "aid_location")];

/// One operation of the document.
struct Operation {
    method: Method,
    template: String,
    spec: Value,
}

impl Operation {
    fn name(&self) -> String {
        format!("{} {}", self.method, self.template)
    }

    fn parameter(&self, place: &str, name: &str) -> bool {
        self.spec["parameters"].as_array().into_iter().flatten().any(|parameter| {
            parameter["in"] == place && parameter["name"].as_str().is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
    }

    fn secured(&self) -> bool {
        self.spec["security"].as_array().is_some_and(|schemes| !schemes.is_empty())
    }

    fn creates(&self) -> bool {
        self.method == Method::POST && self.spec["responses"].get("201").is_some()
    }

    fn guarded(&self) -> bool {
        matches!(self.method, Method::PUT | Method::PATCH | Method::DELETE) || self.parameter("header", "If-Match")
    }

    /// A list: its 200 answer is a page, an object with `items` and `next_cursor`.
    fn lists(&self, document: &Value) -> bool {
        let schema = &self.spec["responses"]["200"]["content"]["application/json"]["schema"];
        let schema = resolve(document, schema);
        schema["properties"].get("items").is_some() && schema["properties"].get("next_cursor").is_some()
    }
}

fn resolve<'a>(document: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str().and_then(|r| r.strip_prefix("#/components/schemas/")) {
        Some(name) => &document["components"]["schemas"][name],
        None => schema,
    }
}

fn document() -> Value {
    serde_json::to_value(danvan_server::openapi()).unwrap()
}

fn operations(document: &Value) -> Vec<Operation> {
    let mut operations = Vec::new();
    for (template, item) in document["paths"].as_object().unwrap() {
        for (method, name) in [
            (Method::GET, "get"),
            (Method::POST, "post"),
            (Method::PUT, "put"),
            (Method::PATCH, "patch"),
            (Method::DELETE, "delete"),
        ] {
            if let Some(spec) = item.get(name) {
                operations.push(Operation { method, template: template.clone(), spec: spec.clone() });
            }
        }
    }
    assert!(operations.len() > 50, "the document lists only {} operations", operations.len());
    operations
}

/// What the checks could not do for want of a fixture; the test fails when it is not empty.
#[derive(Default)]
struct Missing(Vec<String>);

impl Missing {
    fn add(&mut self, what: String) {
        self.0.push(what);
    }

    #[track_caller]
    fn assert_none(self) {
        assert!(self.0.is_empty(), "operations without a fixture:\n{}", self.0.join("\n"));
    }
}

/// Records made over the API by the administrator, two of every kind a list pages through.
struct World {
    ids: BTreeMap<&'static str, String>,
    admin_id: String,
    member_id: String,
    plan: String,
    target_group: String,
    field: String,
    area_group: String,
    province_2025: String,
    /// A kind of team and a ward, for new community teams.
    team_kind: String,
    commune: String,
    /// A leader, who signs consolidated reports off.
    signer: danvan_client::Client,
    counter: AtomicU32,
}

/// An answer read in full.
struct Answer {
    status: StatusCode,
    content_type: String,
    text: String,
}

impl Answer {
    #[track_caller]
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
}

async fn call(request: RequestBuilder) -> Answer {
    let response = request.send().await.unwrap();
    let status = response.status();
    let content_type =
        response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let text = response.text().await.unwrap();
    Answer { status, content_type, text }
}

/// Asserts that `answer` is a problem of one of `statuses`, with `type` and `code`.
#[track_caller]
fn assert_problem(answer: &Answer, statuses: &[StatusCode], what: &str) {
    assert!(statuses.contains(&answer.status), "{what}: expected {statuses:?}, got {} {}", answer.status, answer.text);
    assert!(
        answer.content_type.starts_with("application/problem+json"),
        "{what}: {} answered as {:?}: {}",
        answer.status,
        answer.content_type,
        answer.text
    );
    let body = answer.json();
    assert!(body["type"].as_str().is_some_and(|t| !t.is_empty()), "{what}: no type in {body}");
    assert!(body["code"].as_str().is_some_and(|c| !c.is_empty()), "{what}: no code in {body}");
    assert_eq!(body["status"], json!(answer.status.as_u16()), "{what}: {body}");
}

async fn admin_post(app: &TestApp, path: &str, body: Value) -> Value {
    admin_create(app, path, &Body::Json(body)).await
}

async fn admin_create(app: &TestApp, path: &str, body: &Body) -> Value {
    let answer = call(body.post(&app.admin, path)).await;
    assert!(answer.status.is_success(), "POST {path} as admin: {} {}", answer.status, answer.text);
    answer.json()
}

/// The body of a create: JSON, or for an upload a `multipart/form-data` file, sent with
/// the query that names the record it is attached to (its create replays alike: the
/// server fingerprints the file and its record).
enum Body {
    Json(Value),
    File { query: String, name: String, bytes: Vec<u8> },
}

impl Body {
    /// A PDF for the team `team`, unique by `tag` (its signature is all the server reads).
    fn file(team: &str, tag: &str) -> Body {
        Body::File {
            query: format!("owner_kind=team&owner_id={team}"),
            name: format!("{tag}.pdf"),
            bytes: format!("%PDF-1.4\n% {tag}\n").into_bytes(),
        }
    }

    /// A POST of this body to `path` as `client`.
    fn post(&self, client: &danvan_client::Client, path: &str) -> RequestBuilder {
        match self {
            Body::Json(value) => client.request(Method::POST, path).json(value),
            Body::File { query, name, bytes } => {
                let file = multipart::Part::bytes(bytes.clone()).file_name(name.clone());
                client
                    .request(Method::POST, &with_query(path, query))
                    .multipart(multipart::Form::new().part("file", file))
            }
        }
    }
}

fn id_of(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_owned()
}

fn etag_of(value: &Value) -> String {
    format!("\"{}\"", value["version"])
}

/// A time the server can compare with its own, in the precision it stores.
async fn checkpoint() -> String {
    tokio::time::sleep(Duration::from_millis(5)).await;
    let at: DateTime<Utc> = Utc::now();
    tokio::time::sleep(Duration::from_millis(5)).await;
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

impl World {
    async fn build(app: &TestApp) -> World {
        let tomorrow = calendar::today(Utc::now()).checked_add_days(Days::new(1)).unwrap().to_string();
        let admin_id = app.admin_user.id.to_string();
        let mut ids = BTreeMap::new();
        let area = call(app.admin.request(Method::GET, "/api/v1/areas/by-code/2021/01")).await.json();
        ids.insert("area", id_of(&area));
        let province_2025 = id_of(&call(app.admin.request(Method::GET, "/api/v1/areas/by-code/2025/01")).await.json());
        let user = admin_post(
            app,
            "/api/v1/users",
            json!({ "username": "tai-lieu", "display_name": "Cán bộ tài liệu", "role": "member", "password": PASSWORD }),
        )
        .await;
        ids.insert("user", id_of(&user));
        for code in ["DOC-A", "DOC-B"] {
            let unit =
                admin_post(app, "/api/v1/org-units", json!({ "code": code, "name": "Đơn vị", "kind": "other" })).await;
            ids.insert("org_unit", id_of(&unit));
        }
        for code in ["DOC-GA", "DOC-GB"] {
            let group = admin_post(
                app,
                "/api/v1/area-groups",
                json!({ "code": code, "name": "Nhóm", "kind": "custom", "layout": "2025", "province_ids": [province_2025] }),
            )
            .await;
            ids.insert("area_group", id_of(&group));
        }
        for number in ["DOC-1", "DOC-2"] {
            let plan = admin_post(
                app,
                "/api/v1/plans",
                json!({ "number": number, "title": "Kế hoạch", "issuing_body": "Ban", "issued_on": "2021-09-13" }),
            )
            .await;
            ids.insert("plan", id_of(&plan));
        }
        let plan = ids["plan"].clone();
        let item =
            admin_post(app, &format!("/api/v1/plans/{plan}/items"), json!({ "number": "I", "title": "Mục" })).await;
        ids.insert("plan_item", id_of(&item));
        let target_group = id_of(
            &admin_post(
                app,
                "/api/v1/target-groups",
                json!({ "code": "doc_tg", "name_vi": "Đối tượng", "name_en": "Group" }),
            )
            .await,
        );
        ids.insert("target_group", target_group.clone());
        let field = id_of(
            &admin_post(app, "/api/v1/fields", json!({ "code": "doc_f", "name_vi": "Lĩnh vực", "name_en": "Field" }))
                .await,
        );
        ids.insert("field", field.clone());
        for name in ["Tổ tài liệu A", "Tổ tài liệu B"] {
            let group = admin_post(app, "/api/v1/working-groups", json!({ "name": name, "plan_id": plan })).await;
            ids.insert("working_group", id_of(&group));
        }
        let group = ids["working_group"].clone();
        let member_id = ids["user"].clone();
        let membership = admin_post(
            app,
            &format!("/api/v1/working-groups/{group}/members"),
            json!({ "user_id": member_id, "position": "member", "joined_on": "2021-09-13" }),
        )
        .await;
        ids.insert("membership", id_of(&membership));
        let area_group = ids["area_group"].clone();
        let assignment = admin_post(
            app,
            &format!("/api/v1/working-groups/{group}/assignments"),
            json!({ "user_id": member_id, "target_group_ids": [target_group], "field_ids": [field], "area_group_ids": [area_group] }),
        )
        .await;
        ids.insert("assignment", id_of(&assignment));
        // Both tasks are the administrator's and due tomorrow, so the bell has two reminders.
        let task_body = |title: &str| json!({ "title": title, "assignee_user_ids": [admin_id], "due_on": tomorrow });
        let task = admin_post(app, "/api/v1/tasks", task_body("Việc tài liệu")).await;
        ids.insert("task", id_of(&task));
        let accepted = admin_post(app, "/api/v1/tasks", task_body("Việc đã nhận")).await;
        let answer = call(
            app.admin
                .request(Method::POST, &format!("/api/v1/tasks/{}/transitions", id_of(&accepted)))
                .header(header::IF_MATCH, etag_of(&accepted))
                .json(&json!({ "to": "accepted" })),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        ids.insert("accepted_task", id_of(&accepted));
        let (team_kind, commune) = community_teams(app, &mut ids).await;
        let file = Body::file(&ids["team"], "tai-lieu");
        ids.insert("attachment", id_of(&admin_create(app, "/api/v1/attachments", &file).await));
        aid(app, &mut ids, &commune).await;
        distributions(app, &mut ids, &commune).await;
        beneficiaries(app, &mut ids, &commune).await;
        let signer = reports(app, &mut ids).await;
        let bell = call(app.admin.request(Method::GET, "/api/v1/notifications")).await.json();
        let first = bell["items"].get(0).unwrap_or_else(|| panic!("the administrator has no notification: {bell}"));
        ids.insert("notification", id_of(first));
        World {
            ids,
            admin_id,
            member_id,
            plan,
            target_group,
            field,
            area_group,
            province_2025,
            team_kind,
            commune,
            signer,
            counter: AtomicU32::new(0),
        }
    }

    /// `template` with its parameters filled from [`RECORDS`]; `None` when the table has no row.
    fn path(&self, template: &str) -> Option<String> {
        let path = if template.contains('{') {
            let (_, kind) = RECORDS.iter().find(|(known, _)| *known == template)?;
            let id = self.ids.get(kind)?;
            let line = self.ids.get("distribution_line").map_or("", String::as_str);
            template.replace("{id}", id).replace("{line_id}", line).replace("{layout}", "2021").replace("{code}", "01")
        } else {
            template.to_owned()
        };
        match REQUIRED_QUERIES.iter().find(|(known, _, _)| *known == template) {
            Some((_, parameter, kind)) => Some(with_query(&path, &format!("{parameter}={}", self.ids.get(kind)?))),
            None => Some(path),
        }
    }

    fn tag(&self) -> String {
        format!("d{}", self.counter.fetch_add(1, Ordering::Relaxed))
    }
}

/// A POST as `client` that must succeed; its answer.
async fn post_as(client: &danvan_client::Client, path: &str, body: Value) -> Value {
    let answer = call(client.request(Method::POST, path).json(&body)).await;
    assert!(answer.status.is_success(), "POST {path}: {}", answer.text);
    answer.json()
}

/// Moves the model `id` to `to` as `client`.
async fn move_model(client: &danvan_client::Client, id: &str, to: &str) {
    let model = call(client.request(Method::GET, &format!("/api/v1/team-models/{id}"))).await.json();
    let answer = call(
        client
            .request(Method::POST, &format!("/api/v1/team-models/{id}/transitions"))
            .header(header::IF_MATCH, etag_of(&model))
            .json(&json!({ "to": to, "note": "Lý do" })),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "moving {id} to {to}: {}", answer.text);
}

/// Community teams with a roster, a log, values, a model being evaluated and one
/// recommended and adopted; answers the kind and ward new teams take.
async fn community_teams(app: &TestApp, ids: &mut BTreeMap<&'static str, String>) -> (String, String) {
    let kinds = call(app.admin.request(Method::GET, "/api/v1/team-kinds")).await.json();
    let team_kind = id_of(&kinds[0]);
    ids.insert("team_kind", team_kind.clone());
    let indicators = call(app.admin.request(Method::GET, "/api/v1/team-indicators")).await.json();
    ids.insert("team_indicator", id_of(&indicators[0]));
    let commune = id_of(&call(app.admin.request(Method::GET, "/api/v1/areas/by-code/2021/00001")).await.json());
    let team_body =
        |name: &str| json!({ "name": name, "kind_id": team_kind, "area_id": commune, "founded_on": "2021-08-01" });
    let mut teams = Vec::new();
    for name in ["Tổ tài liệu A", "Tổ tài liệu B", "Tổ tài liệu C"] {
        let team = id_of(&admin_post(app, "/api/v1/community-teams", team_body(name)).await);
        let values = json!({ "period": "2021-10", "values": [{ "indicator_id": id_of(&indicators[0]), "value": 10 }] });
        post_as(&app.admin, &format!("/api/v1/community-teams/{team}/indicator-values"), values).await;
        teams.push(team);
    }
    let team = teams[0].clone();
    ids.insert("team", team.clone());
    let member = json!({ "name": "Thành viên", "role": "leader", "affiliation": "resident", "joined_on": "2021-08-01", "phone": "0912345678" });
    ids.insert(
        "team_member",
        id_of(&admin_post(app, &format!("/api/v1/community-teams/{team}/members"), member).await),
    );
    for day in ["2021-09-01", "2021-09-02"] {
        let activity = json!({ "occurred_on": day, "kind": "hotline", "note": "Trực đường dây nóng" });
        let created = admin_post(app, &format!("/api/v1/community-teams/{team}/activities"), activity).await;
        ids.insert("team_activity", id_of(&created));
    }
    let scores: Vec<Value> =
        ["effectiveness", "community_participation", "sustainability", "replicability", "cost_efficiency"]
            .iter()
            .map(|criterion| json!({ "criterion": criterion, "score": 4 }))
            .collect();
    let model =
        id_of(&admin_post(app, "/api/v1/team-models", json!({ "team_id": team, "rationale": "Hiệu quả" })).await);
    move_model(&app.admin, &model, "evaluating").await;
    ids.insert("team_model", model);
    let recommended =
        id_of(&admin_post(app, "/api/v1/team-models", json!({ "team_id": teams[1], "rationale": "Hiệu quả" })).await);
    move_model(&app.admin, &recommended, "evaluating").await;
    let evaluation =
        admin_post(app, &format!("/api/v1/team-models/{recommended}/evaluations"), json!({ "scores": scores })).await;
    ids.insert("model_evaluation", id_of(&evaluation));
    move_model(&app.admin, &recommended, "awaiting_decision").await;
    let (_, leader) = app.user("lanh-dao-tai-lieu", danvan_domain::role::Role::Leader, None).await;
    move_model(&leader, &recommended, "recommended").await;
    let adoption = json!({ "team_id": teams[2], "adopted_on": "2021-10-15" });
    ids.insert(
        "model_adoption",
        id_of(&admin_post(app, &format!("/api/v1/team-models/{recommended}/adoptions"), adoption).await),
    );
    ids.insert("recommended_model", recommended);
    (team_kind, commune)
}

/// Aid, part one: two of every paged record (locations, donors, campaigns, cash entries,
/// pledges, donations, balances, movements, transfers and adjustments), with goods in the
/// first location and cash in the first campaign for the creates that draw on them.
async fn aid(app: &TestApp, ids: &mut BTreeMap<&'static str, String>, commune: &str) {
    let items = call(app.admin.request(Method::GET, "/api/v1/aid-items")).await.json();
    let item = |n: usize| id_of(&items[n]);
    ids.insert("aid_item", item(0));
    let unit = ids["org_unit"].clone();
    let mut locations = Vec::new();
    for name in ["Kho tài liệu A", "Kho tài liệu B"] {
        let body = json!({ "name": name, "kind": "warehouse", "org_unit_id": unit, "area_id": commune });
        locations.push(id_of(&admin_post(app, "/api/v1/aid-locations", body).await));
    }
    ids.insert("aid_location", locations[0].clone());
    ids.insert("aid_location_to", locations[1].clone());
    for name in ["Nhà hảo tâm tài liệu B", "Nhà hảo tâm tài liệu A"] {
        ids.insert(
            "donor",
            id_of(&admin_post(app, "/api/v1/donors", json!({ "kind": "individual", "name": name })).await),
        );
    }
    for name in ["Chiến dịch tài liệu B", "Chiến dịch tài liệu A"] {
        let body = json!({ "name": name, "starts_on": "2021-07-15", "status": "open", "org_unit_id": unit });
        ids.insert("campaign", id_of(&admin_post(app, "/api/v1/campaigns", body).await));
    }
    let (campaign, donor) = (ids["campaign"].clone(), ids["donor"].clone());
    for amount in [10_000_000, 20_000_000] {
        let body = json!({ "campaign_id": campaign, "donor_id": donor, "received_on": "2021-08-01", "channel": "cash", "cash_amount": amount });
        ids.insert("donation", id_of(&admin_post(app, "/api/v1/donations", body).await));
    }
    let goods = json!({
        "campaign_id": campaign, "received_on": "2021-08-02", "channel": "in_kind", "location_id": locations[0],
        "lines": [{ "item_id": item(0), "quantity": "1000" }, { "item_id": item(1), "quantity": "200" }]
    });
    admin_post(app, "/api/v1/donations", goods).await;
    let payment = json!({ "amount": 1000, "occurred_on": "2021-08-03", "note": "Chi hỗ trợ" });
    ids.insert(
        "cash_entry",
        id_of(&admin_post(app, &format!("/api/v1/campaigns/{campaign}/disbursements"), payment).await),
    );
    for _ in 0..2 {
        let body = json!({ "donor_id": donor, "campaign_id": campaign, "cash_amount": 5000 });
        ids.insert("pledge", id_of(&admin_post(app, "/api/v1/pledges", body).await));
        ids.insert(
            "stock_transfer",
            id_of(&admin_post(app, "/api/v1/stock-transfers", one_kg(ids, "Điều chuyển")).await),
        );
        let body = json!({ "location_id": locations[0], "item_id": item(0), "quantity": "-1", "reason": "damage", "note": "Bao bị rách" });
        ids.insert("stock_adjustment", id_of(&admin_post(app, "/api/v1/stock-adjustments", body).await));
    }
}

/// Distribution rounds: a category of two people of the ward (rows of the beneficiaries'
/// tables), a round of the cash campaign approved by a leader (its two lines), and a draft
/// round of another campaign; `distribution_line` is a planned line of the approved round.
async fn distributions(app: &TestApp, ids: &mut BTreeMap<&'static str, String>, commune: &str) {
    let area = call(app.admin.request(Method::GET, &format!("/api/v1/areas/{commune}"))).await.json();
    let district =
        call(app.admin.request(Method::GET, &format!("/api/v1/areas/{}", area["parent_id"].as_str().unwrap())))
            .await
            .json();
    let province = district["parent_id"].as_str().unwrap().to_owned();
    let category = uuid::Uuid::now_v7().to_string();
    let mut sql = format!(
        "INSERT INTO support_categories (id, code, name_vi, name_en, active, position, version, created_at, updated_at) \
         VALUES ('{category}', 'doc_phat_qua', 'Nhóm tài liệu', 'Doc group', TRUE, 99, 1, '2021-07-01 00:00:00', '2021-07-01 00:00:00');"
    );
    for name in ["nguoi nhan a", "nguoi nhan b"] {
        let person = uuid::Uuid::now_v7();
        sql.push_str(&format!(
            "INSERT INTO beneficiaries (id, household_id, is_head, full_name, name_folded, area_id, province_id, address, \
             hardships, consent, merged_into, created_by, version, created_at, updated_at) VALUES ('{person}', NULL, FALSE, \
             '{name}', '{name}', '{commune}', '{province}', 'Số 1', '', 'given', NULL, '{}', 1, '2021-07-01 00:00:00', \
             '2021-07-01 00:00:00'); INSERT INTO beneficiary_category_links (category_id, beneficiary_id, name_folded) \
             VALUES ('{category}', '{person}', '{name}');",
            app.admin_user.id
        ));
    }
    app.run_sql(sql).await.unwrap();
    ids.insert("support_category", category.clone());
    let round = |campaign: &str| json!({ "campaign_id": campaign, "name": "Đợt phát", "area_id": commune, "cash_each": 1000, "category_ids": [category] });
    let approved = admin_post(app, "/api/v1/distribution-rounds", round(&ids["campaign"])).await;
    let (_, leader) = app.user("lanh-dao-phat-qua", danvan_domain::role::Role::Leader, None).await;
    let answer = call(
        leader
            .request(Method::POST, &format!("/api/v1/distribution-rounds/{}/approve", id_of(&approved)))
            .header(header::IF_MATCH, etag_of(&approved)),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let lines =
        call(app.admin.request(Method::GET, &format!("/api/v1/distribution-rounds/{}/lines", id_of(&approved))))
            .await
            .json();
    ids.insert("distribution_line", id_of(&lines["items"][0]));
    let unit = ids["org_unit"].clone();
    let other =
        json!({ "name": "Chiến dịch phát quà", "starts_on": "2021-07-15", "status": "open", "org_unit_id": unit });
    let other = id_of(&admin_post(app, "/api/v1/campaigns", other).await);
    admin_post(app, "/api/v1/distribution-rounds", round(&other)).await;
    ids.insert("distribution_round", id_of(&approved));
}

/// Beneficiaries: two households of the ward, each with a person entered through the API
/// (the list then also holds the two people the distributions inserted).
async fn beneficiaries(app: &TestApp, ids: &mut BTreeMap<&'static str, String>, commune: &str) {
    let categories = call(app.admin.request(Method::GET, "/api/v1/support-categories")).await.json();
    let category = id_of(&categories[0]);
    for name in ["Hộ ông Tài Liệu", "Hộ bà Văn Bản"] {
        let household =
            admin_post(app, "/api/v1/households", json!({ "name": name, "area_id": commune, "address": "Số 3" })).await;
        let person = json!({
            "full_name": name.replace("Hộ ", ""), "household_id": id_of(&household), "is_head": true,
            "category_ids": [category], "phone": "0912345678",
            "consent": { "given_by": "Bản thân", "purpose": "Nhận hỗ trợ" }
        });
        let person = admin_post(app, "/api/v1/beneficiaries", person).await;
        ids.insert("household", id_of(&household));
        ids.insert("beneficiary", id_of(&person));
    }
}

fn report_template(code: &str, period_type: &str) -> Value {
    json!({
        "code": code, "name": format!("Mẫu {code}"), "period_type": period_type, "due_day": 5,
        "reporters": if period_type == "ad_hoc" { json!([]) } else { json!(["members"]) },
        "questions": [{ "key": "situation", "prompt": "Tình hình" }]
    })
}

/// Two templates, two of the administrator's ad hoc reports and two consolidated reports;
/// the leader who signs them off.
async fn reports(app: &TestApp, ids: &mut BTreeMap<&'static str, String>) -> danvan_client::Client {
    let monthly = admin_post(app, "/api/v1/report-templates", report_template("DOC-M", "monthly")).await;
    let ad_hoc = admin_post(app, "/api/v1/report-templates", report_template("DOC-A", "ad_hoc")).await;
    for title in ["Báo cáo nhanh 2", "Báo cáo nhanh 1"] {
        let report =
            admin_post(app, "/api/v1/report-submissions", json!({ "template_id": id_of(&ad_hoc), "title": title }))
                .await;
        ids.insert("report_submission", id_of(&report));
    }
    for period in ["2026-09", "2026-10"] {
        let body = json!({ "template_id": id_of(&monthly), "period": period });
        ids.insert("consolidated_report", id_of(&admin_post(app, "/api/v1/consolidated-reports", body).await));
    }
    ids.insert("report_template", id_of(&monthly));
    app.user("lanh-dao-ky-bao-cao", danvan_domain::role::Role::Leader, None).await.1
}

/// A transfer of one unit of the first item between the two aid locations.
fn one_kg(ids: &BTreeMap<&'static str, String>, note: &str) -> Value {
    json!({
        "from_location_id": ids["aid_location"], "to_location_id": ids["aid_location_to"],
        "lines": [{ "item_id": ids["aid_item"], "quantity": "1" }], "note": note
    })
}

/// A valid body for the create `template`, unique at each call; `None` when the table has
/// no row for it.
async fn create_body(app: &TestApp, world: &World, template: &str) -> Option<Body> {
    let tag = world.tag();
    let body = match template {
        "/api/v1/users" => {
            json!({ "username": format!("user-{tag}"), "display_name": "Cán bộ", "role": "member", "password": PASSWORD })
        }
        "/api/v1/org-units" => json!({ "code": format!("U-{tag}"), "name": "Đơn vị", "kind": "other" }),
        "/api/v1/area-groups" => json!({
            "code": format!("G-{tag}"), "name": "Nhóm", "kind": "custom", "layout": "2025",
            "province_ids": [world.province_2025]
        }),
        "/api/v1/plans" => json!({
            "number": format!("P-{tag}"), "title": "Kế hoạch", "issuing_body": "Ban", "issued_on": "2021-09-13"
        }),
        "/api/v1/plans/{id}/items" => {
            json!({ "number": format!("II.{}", tag.trim_start_matches('d')), "title": "Mục" })
        }
        "/api/v1/target-groups" => json!({ "code": format!("tg-{tag}"), "name_vi": "Đối tượng", "name_en": "Group" }),
        "/api/v1/fields" => json!({ "code": format!("f-{tag}"), "name_vi": "Lĩnh vực", "name_en": "Field" }),
        "/api/v1/working-groups" => json!({ "name": format!("Tổ {tag}"), "plan_id": world.plan }),
        "/api/v1/working-groups/{id}/members" => {
            let user = admin_post(
                app,
                "/api/v1/users",
                json!({ "username": format!("member-{tag}"), "display_name": "Thành viên", "role": "member", "password": PASSWORD }),
            )
            .await;
            json!({ "user_id": id_of(&user), "position": "member" })
        }
        "/api/v1/working-groups/{id}/assignments" => json!({
            "user_id": world.member_id, "target_group_ids": [world.target_group], "field_ids": [world.field],
            "area_group_ids": [world.area_group], "note": format!("Phân công {tag}")
        }),
        "/api/v1/tasks" => {
            json!({ "title": format!("Việc {tag}"), "assignee_user_ids": [world.admin_id], "due_on": "2031-01-01" })
        }
        "/api/v1/tasks/{id}/progress" => json!({ "percent": 40, "comment": format!("Tiến độ {tag}") }),
        "/api/v1/team-kinds" => json!({ "code": format!("k-{tag}"), "name_vi": "Loại tổ", "name_en": "Kind" }),
        "/api/v1/team-indicators" => json!({
            "code": format!("i-{tag}"), "name_vi": "Chỉ tiêu", "name_en": "Indicator", "unit": "hộ",
            "higher_is_better": true, "weight": 1
        }),
        "/api/v1/community-teams" => new_team(world, &tag),
        "/api/v1/community-teams/{id}/members" => {
            json!({ "name": format!("Thành viên {tag}"), "role": "member", "affiliation": "resident", "joined_on": "2021-08-01" })
        }
        "/api/v1/community-teams/{id}/activities" => {
            json!({ "occurred_on": "2021-09-03", "kind": "hotline", "note": tag })
        }
        "/api/v1/team-models" => {
            let team = admin_post(app, "/api/v1/community-teams", new_team(world, &tag)).await;
            json!({ "team_id": id_of(&team), "rationale": format!("Hiệu quả {tag}") })
        }
        "/api/v1/team-models/{id}/evaluations" => {
            let scores: Vec<Value> =
                ["effectiveness", "community_participation", "sustainability", "replicability", "cost_efficiency"]
                    .iter()
                    .map(|criterion| json!({ "criterion": criterion, "score": 3 }))
                    .collect();
            json!({ "scores": scores, "comment": tag })
        }
        "/api/v1/team-models/{id}/adoptions" => {
            json!({ "new_team": new_team(world, &tag), "adopted_on": "2021-11-01" })
        }
        "/api/v1/attachments" => return Some(Body::file(&world.ids["team"], &tag)),
        "/api/v1/aid-items" => json!({
            "code": format!("it-{tag}"), "name_vi": "Mặt hàng", "name_en": "Item", "unit": "kg", "category": "food"
        }),
        "/api/v1/aid-locations" => json!({
            "name": format!("Kho {tag}"), "kind": "collection_point", "org_unit_id": world.ids["org_unit"], "area_id": world.commune
        }),
        "/api/v1/donors" => json!({ "kind": "individual", "name": format!("Nhà hảo tâm {tag}") }),
        "/api/v1/campaigns" => {
            json!({ "name": format!("Chiến dịch {tag}"), "starts_on": "2021-07-15", "org_unit_id": world.ids["org_unit"] })
        }
        "/api/v1/campaigns/{id}/disbursements" => {
            json!({ "amount": 1000, "occurred_on": "2021-08-03", "note": format!("Chi hỗ trợ {tag}") })
        }
        "/api/v1/pledges" => {
            json!({ "donor_id": world.ids["donor"], "campaign_id": world.ids["campaign"], "cash_amount": 1000, "note": tag })
        }
        "/api/v1/donations" => json!({
            "campaign_id": world.ids["campaign"], "received_on": "2021-08-04", "channel": "cash", "cash_amount": 1000,
            "note": tag
        }),
        "/api/v1/stock-transfers" => one_kg(&world.ids, &tag),
        "/api/v1/distribution-rounds" => {
            let campaign = json!({ "name": format!("Chiến dịch {tag}"), "starts_on": "2021-07-15", "org_unit_id": world.ids["org_unit"] });
            let campaign = admin_post(app, "/api/v1/campaigns", campaign).await;
            json!({
                "campaign_id": id_of(&campaign), "name": format!("Đợt {tag}"), "area_id": world.commune, "cash_each": 1000,
                "category_ids": [world.ids["support_category"]]
            })
        }
        "/api/v1/support-categories" => {
            json!({ "code": format!("sc-{tag}"), "name_vi": "Diện", "name_en": "Category" })
        }
        "/api/v1/households" => json!({ "name": format!("Hộ {tag}"), "area_id": world.commune, "address": "Số 4" }),
        "/api/v1/beneficiaries" => json!({
            "full_name": format!("Người {tag}"), "area_id": world.commune, "category_ids": [world.ids["support_category"]],
            "consent": { "given_by": "Bản thân", "purpose": "Nhận hỗ trợ" }, "override_reason": "Người khác, tài liệu"
        }),
        "/api/v1/distribution-rounds/{id}/lines/{line_id}/deliver" => {
            json!({ "confirmation": format!("Người nhận {tag}") })
        }
        "/api/v1/report-templates" => report_template(&format!("RT-{tag}"), "weekly"),
        "/api/v1/report-submissions" => {
            let ad_hoc =
                admin_post(app, "/api/v1/report-templates", report_template(&format!("RA-{tag}"), "ad_hoc")).await;
            json!({ "template_id": id_of(&ad_hoc), "title": format!("Báo cáo {tag}") })
        }
        "/api/v1/consolidated-reports" => {
            let monthly =
                admin_post(app, "/api/v1/report-templates", report_template(&format!("RC-{tag}"), "monthly")).await;
            json!({ "template_id": id_of(&monthly), "period": "2026-10" })
        }
        "/api/v1/stock-adjustments" => json!({
            "location_id": world.ids["aid_location"], "item_id": world.ids["aid_item"], "quantity": "-1",
            "reason": "loss", "note": format!("Kiểm kê {tag}")
        }),
        _ => return None,
    };
    Some(Body::Json(body))
}

fn new_team(world: &World, tag: &str) -> Value {
    json!({ "name": format!("Tổ {tag}"), "kind_id": world.team_kind, "area_id": world.commune, "founded_on": "2021-08-01" })
}

/// A valid body for the guarded operation (`None` inside: it takes none); `None` when
/// the table has no row for it.
fn change_body(method: &Method, template: &str) -> Option<Option<Value>> {
    let body = match (method.as_str(), template) {
        (_, _) if *method == Method::DELETE => None,
        ("PATCH", "/api/v1/users/{id}") => Some(json!({ "display_name": "Tên mới" })),
        ("PATCH", "/api/v1/org-units/{id}") => Some(json!({ "name": "Tên mới" })),
        ("PATCH", "/api/v1/area-groups/{id}") => Some(json!({ "name": "Tên mới" })),
        ("PATCH", "/api/v1/plans/{id}") => Some(json!({ "title": "Tên mới" })),
        ("PATCH", "/api/v1/plan-items/{id}") => Some(json!({ "title": "Tên mới" })),
        ("PATCH", "/api/v1/target-groups/{id}") => Some(json!({ "name_en": "Renamed" })),
        ("PATCH", "/api/v1/fields/{id}") => Some(json!({ "name_en": "Renamed" })),
        ("PATCH", "/api/v1/working-groups/{id}") => Some(json!({ "name": "Tên mới" })),
        ("PATCH", "/api/v1/memberships/{id}") => Some(json!({ "position": "secretary" })),
        ("PATCH", "/api/v1/assignments/{id}") => Some(json!({ "note": "Ghi chú mới" })),
        ("POST", "/api/v1/assignments/{id}/end") => Some(json!({})),
        ("PATCH", "/api/v1/tasks/{id}") => Some(json!({ "priority": "high" })),
        ("POST", "/api/v1/tasks/{id}/transitions") => Some(json!({ "to": "cancelled" })),
        ("POST", "/api/v1/tasks/{id}/progress") => Some(json!({ "percent": 30, "comment": "Tiến độ" })),
        ("PATCH", "/api/v1/team-kinds/{id}") => Some(json!({ "name_en": "Renamed" })),
        ("PATCH", "/api/v1/team-indicators/{id}") => Some(json!({ "name_en": "Renamed" })),
        ("PATCH", "/api/v1/community-teams/{id}") => Some(json!({ "name": "Tên mới" })),
        ("PATCH", "/api/v1/team-members/{id}") => Some(json!({ "role": "deputy" })),
        ("PATCH", "/api/v1/team-activities/{id}") => Some(json!({ "note": "Ghi chú mới" })),
        ("PATCH", "/api/v1/team-models/{id}") => Some(json!({ "evidence": "Thêm minh chứng" })),
        ("POST", "/api/v1/team-models/{id}/transitions") => Some(json!({ "to": "withdrawn" })),
        ("PATCH", "/api/v1/model-evaluations/{id}") => Some(json!({ "scores": [
            { "criterion": "effectiveness", "score": 5 }, { "criterion": "community_participation", "score": 5 },
            { "criterion": "sustainability", "score": 5 }, { "criterion": "replicability", "score": 5 },
            { "criterion": "cost_efficiency", "score": 5 }
        ] })),
        ("PATCH", "/api/v1/aid-items/{id}") => Some(json!({ "name_en": "Renamed" })),
        ("PATCH", "/api/v1/aid-locations/{id}") => Some(json!({ "name": "Tên mới" })),
        ("PATCH", "/api/v1/donors/{id}") => Some(json!({ "note": "Ghi chú mới" })),
        ("PATCH", "/api/v1/campaigns/{id}") => Some(json!({ "name": "Tên mới" })),
        ("PATCH", "/api/v1/pledges/{id}") => Some(json!({ "note": "Ghi chú mới" })),
        ("PATCH", "/api/v1/support-categories/{id}") => Some(json!({ "name_en": "Renamed" })),
        ("PATCH", "/api/v1/households/{id}") => Some(json!({ "name": "Tên mới" })),
        ("PATCH", "/api/v1/beneficiaries/{id}") => Some(json!({ "address": "Số 5" })),
        ("POST", "/api/v1/distribution-rounds/{id}/approve")
        | ("POST", "/api/v1/distribution-rounds/{id}/start")
        | ("POST", "/api/v1/distribution-rounds/{id}/complete") => None,
        ("POST", "/api/v1/distribution-rounds/{id}/cancel") => Some(json!({ "reason": "Hoãn đợt phát" })),
        ("PATCH", "/api/v1/report-templates/{id}") => Some(json!({ "grace_days": 4 })),
        ("PATCH", "/api/v1/report-submissions/{id}") => Some(json!({ "title": "Tên mới" })),
        ("POST", "/api/v1/report-submissions/{id}/transitions") => Some(json!({ "to": "submitted" })),
        ("PATCH", "/api/v1/consolidated-reports/{id}") => Some(json!({ "title": "Tên mới" })),
        ("POST", "/api/v1/consolidated-reports/{id}/sign-off") => None,
        _ => return None,
    };
    Some(body)
}

fn with_query(path: &str, query: &str) -> String {
    format!("{path}{}{query}", if path.contains('?') { '&' } else { '?' })
}

both_backends! {
    async fn every_operation_in_the_document_answers_errors_as_problem_json(app) {
        let document = document();
        let world = World::build(&app).await;
        let mut missing = Missing::default();
        for operation in operations(&document) {
            let Some(path) = world.path(&operation.template) else {
                missing.add(format!("{}: no record for its path parameters in RECORDS", operation.name()));
                continue;
            };
            let what = format!("{} with an unknown parameter", operation.name());
            let unknown = with_query(&path, "not_a_parameter=1");
            assert_problem(&call(app.admin.request(operation.method.clone(), &unknown)).await, &[StatusCode::BAD_REQUEST], &what);
            if operation.secured() {
                let what = format!("{} without a token", operation.name());
                let answer = call(app.anonymous.request(operation.method.clone(), &path)).await;
                assert_problem(&answer, &[StatusCode::UNAUTHORIZED], &what);
            }
        }
        missing.assert_none();
    }

    async fn every_list_in_the_document_pages_with_limit_and_cursor_and_syncs(app) {
        let document = document();
        let world = World::build(&app).await;
        let mut missing = Missing::default();
        let all = operations(&document);
        let lists: Vec<&Operation> = all.iter().filter(|op| op.method == Method::GET && op.lists(&document)).collect();
        assert!(lists.len() >= 8, "the document lists only {} paged lists", lists.len());
        for list in lists {
            let name = list.name();
            let Some(path) = world.path(&list.template) else {
                missing.add(format!("{name}: no record for its path parameters in RECORDS"));
                continue;
            };
            for limit in ["0", "201"] {
                let answer = call(app.admin.request(Method::GET, &with_query(&path, &format!("limit={limit}")))).await;
                let statuses = [StatusCode::BAD_REQUEST, StatusCode::UNPROCESSABLE_ENTITY];
                assert_problem(&answer, &statuses, &format!("{name} with limit={limit}"));
            }
            let first = call(app.admin.request(Method::GET, &with_query(&path, "limit=1"))).await;
            assert_eq!(first.status, StatusCode::OK, "{name}?limit=1: {}", first.text);
            let first = first.json();
            assert_eq!(first["items"].as_array().map(Vec::len), Some(1), "{name}?limit=1: {first}");
            let cursor = first["next_cursor"].as_str().unwrap_or_else(|| panic!("{name}: one item of two, yet no next_cursor: {first}"));
            let query = format!("limit=1&cursor={}", urlencode(cursor));
            let second = call(app.admin.request(Method::GET, &with_query(&path, &query))).await;
            assert_eq!(second.status, StatusCode::OK, "{name} with its cursor: {}", second.text);
            let second = second.json();
            assert_eq!(second["items"].as_array().map(Vec::len), Some(1), "{name}, page 2: {second}");
            // Compared whole: some rows (a stock balance) have no id of their own.
            assert_ne!(second["items"][0], first["items"][0], "{name}: page 2 repeats page 1");
            if !list.parameter("query", "updated_since") {
                continue;
            }
            let since = checkpoint().await;
            let Some(body) = create_body(&app, &world, &list.template).await else {
                missing.add(format!("{name}: syncs, but create_body has no row to make a change"));
                continue;
            };
            let created = admin_create(&app, &path, &body).await;
            let id = id_of(&created);
            let delete = all.iter().find(|op| op.method == Method::DELETE && op.template == format!("{}/{{id}}", list.template));
            if delete.is_some() {
                let answer = call(
                    app.admin.request(Method::DELETE, &format!("{path}/{id}")).header(header::IF_MATCH, etag_of(&created)),
                )
                .await;
                assert_eq!(answer.status, StatusCode::NO_CONTENT, "DELETE {path}/{id}: {}", answer.text);
            }
            let query = format!("limit=200&updated_since={}", urlencode(&since));
            let changes = call(app.admin.request(Method::GET, &with_query(&path, &query))).await;
            assert_eq!(changes.status, StatusCode::OK, "{name} since {since}: {}", changes.text);
            let changes = changes.json();
            let items = changes["items"].as_array().unwrap();
            let row = items.iter().find(|item| item["id"] == json!(id));
            let row = row.unwrap_or_else(|| panic!("{name} since {since} leaves out {id}, changed since: {changes}"));
            if delete.is_some() {
                assert!(row["deleted_at"].is_string(), "{name}: the deleted {id} is no tombstone: {row}");
            }
            let since_at = DateTime::parse_from_rfc3339(&since).unwrap();
            assert!(
                items.iter().all(|item| item["updated_at"]
                    .as_str()
                    .and_then(|at| DateTime::parse_from_rfc3339(at).ok())
                    .is_some_and(|at| at >= since_at)),
                "{name} since {since} returns older rows: {changes}"
            );
        }
        missing.assert_none();
    }

    async fn every_update_and_delete_in_the_document_needs_a_current_if_match(app) {
        let document = document();
        let world = World::build(&app).await;
        let mut missing = Missing::default();
        for operation in operations(&document).iter().filter(|op| op.guarded()) {
            let name = operation.name();
            let (Some(path), Some(body)) = (world.path(&operation.template), change_body(&operation.method, &operation.template)) else {
                missing.add(format!("{name}: no record in RECORDS or no body in change_body"));
                continue;
            };
            assert!(operation.parameter("header", "If-Match"), "{name} does not declare If-Match");
            let client = if operation.template == SIGNER { &world.signer } else { &app.admin };
            let request = |etag: Option<&str>| {
                let mut request = client.request(operation.method.clone(), &path);
                if let Some(etag) = etag {
                    request = request.header(header::IF_MATCH, etag);
                }
                match &body {
                    Some(body) => request.json(body),
                    None => request,
                }
            };
            assert_problem(&call(request(None)).await, &[StatusCode::PRECONDITION_REQUIRED], &format!("{name} without If-Match"));
            assert_problem(&call(request(Some("\"0\""))).await, &[StatusCode::PRECONDITION_FAILED], &format!("{name} with a stale If-Match"));
        }
        missing.assert_none();
    }

    async fn every_create_in_the_document_replays_under_its_idempotency_key(app) {
        let document = document();
        let world = World::build(&app).await;
        let mut missing = Missing::default();
        for operation in operations(&document).iter().filter(|op| op.creates()) {
            let name = operation.name();
            let (Some(path), Some(body), Some(other)) = (
                world.path(&operation.template),
                create_body(&app, &world, &operation.template).await,
                create_body(&app, &world, &operation.template).await,
            ) else {
                missing.add(format!("{name}: no record in RECORDS or no body in create_body"));
                continue;
            };
            assert!(operation.parameter("header", "Idempotency-Key"), "{name} does not declare Idempotency-Key");
            let key = format!("key-{}", world.tag());
            // A create that changes its parent (a progress report) names the parent's version.
            let etag = match operation.parameter("header", "If-Match") {
                true => Some(etag_of(&call(app.admin.request(Method::GET, parent_of(&path))).await.json())),
                false => None,
            };
            let post = |body: &Body| {
                let request = body.post(&app.admin, &path).header("Idempotency-Key", &key);
                match &etag {
                    Some(etag) => request.header(header::IF_MATCH, etag),
                    None => request,
                }
            };
            let first = call(post(&body)).await;
            assert_eq!(first.status, StatusCode::CREATED, "{name}: {}", first.text);
            let again = call(post(&body)).await;
            assert_eq!(again.status, StatusCode::CREATED, "{name}, the retry: {}", again.text);
            assert_eq!(again.json(), first.json(), "{name}: the retry does not replay the first answer");
            let refused = call(post(&other)).await;
            assert_problem(&refused, &[StatusCode::UNPROCESSABLE_ENTITY], &format!("{name}, another body under the key"));
        }
        missing.assert_none();
    }
}

/// The path of the record a sub-resource path belongs to: `/tasks/1/progress` → `/tasks/1`.
fn parent_of(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(parent, _)| parent)
}

/// Percent-encodes a query value (cursors and times carry `+`, `/`, `=` and `:`).
fn urlencode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

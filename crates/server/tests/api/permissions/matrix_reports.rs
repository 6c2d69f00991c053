//! The report endpoints of the role × endpoint matrix. Everyone reads templates and their
//! own obligations and reports; the standing unit (and administrators) keep templates,
//! review and consolidate; the leadership signs off; the national roles read every report,
//! the timeliness table and the consolidated reports. Each role's run writes its own ad hoc
//! report (the viewer, who may not, gets the administrator's, which it does not see).

use super::{Case, Need};
use crate::support::TestApp;
use danvan_client::Client;
use danvan_domain::{permission::Action, role::Role};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const NATIONAL: &[Role] = &[Role::Admin, Role::Leader, Role::GroupHead, Role::StandingUnit];

async fn post(client: &Client, path: &str, body: Value) -> Value {
    let response = client.request(Method::POST, path).json(&body).send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_owned()
}

fn template(code: String, period_type: &str) -> Value {
    json!({
        "code": code,
        "name": format!("Mẫu {period_type}"),
        "period_type": period_type,
        "due_day": 5,
        "reporters": if period_type == "ad_hoc" { json!([]) } else { json!(["members"]) },
        "questions": [{ "key": "situation", "prompt": "Tình hình" }],
    })
}

/// A reader of their own report: the viewer's is the administrator's, out of its reach.
fn reads_own(role: Role) -> (StatusCode, Option<&'static str>) {
    match role {
        Role::Viewer => (StatusCode::NOT_FOUND, Some("not_found")),
        _ => (StatusCode::OK, None),
    }
}

/// The module's cases for one role's run (`tag` keeps its records apart).
pub async fn report_cases(app: &TestApp, tag: &str, caller: Option<&Client>) -> Vec<Case> {
    use Action::*;
    use Need::{Action as Act, Per, Roles};
    let (ok, created) = (StatusCode::OK, StatusCode::CREATED);
    let admin = &app.admin;
    let monthly = id(&post(admin, "/api/v1/report-templates", template(format!("MR-M-{tag}"), "monthly")).await);
    let ad_hoc = id(&post(admin, "/api/v1/report-templates", template(format!("MR-A-{tag}"), "ad_hoc")).await);
    let consolidated = |period: &str| json!({ "template_id": monthly, "period": period });
    let edited = id(&post(admin, "/api/v1/consolidated-reports", consolidated("2026-10")).await);
    let signed = id(&post(admin, "/api/v1/consolidated-reports", consolidated("2026-09")).await);
    let report = json!({ "template_id": ad_hoc, "title": format!("Báo cáo {tag}") });
    let writer = match caller {
        Some(client) if client.me().await.unwrap().permissions.contains(&ReportsSubmit) => client,
        _ => admin,
    };
    let own = id(&post(writer, "/api/v1/report-submissions", report.clone()).await);
    let first = "\"1\"".to_owned();
    vec![
        Case::new(Method::GET, "/api/v1/report-templates", "/api/v1/report-templates", Act(ReportsRead), ok),
        Case::new(Method::POST, "/api/v1/report-templates", "/api/v1/report-templates", Act(ReportsReview), created)
            .body(template(format!("MR-N-{tag}"), "weekly")),
        Case::new(
            Method::GET,
            "/api/v1/report-templates/{id}",
            format!("/api/v1/report-templates/{monthly}"),
            Act(ReportsRead),
            ok,
        ),
        Case::new(
            Method::PATCH,
            "/api/v1/report-templates/{id}",
            format!("/api/v1/report-templates/{monthly}"),
            Act(ReportsReview),
            ok,
        )
        .body(json!({ "grace_days": 3 }))
        .if_match(first.clone()),
        Case::new(Method::GET, "/api/v1/me/report-obligations", "/api/v1/me/report-obligations", Act(ReportsRead), ok),
        Case::new(
            Method::GET,
            "/api/v1/report-templates/{id}/obligations",
            format!("/api/v1/report-templates/{monthly}/obligations?period=2026-10"),
            Act(ReportsRead),
            ok,
        ),
        Case::new(
            Method::GET,
            "/api/v1/report-templates/{id}/timeliness",
            format!("/api/v1/report-templates/{monthly}/timeliness?until=2026-10&periods=3"),
            Roles(NATIONAL),
            ok,
        ),
        Case::new(Method::GET, "/api/v1/report-submissions", "/api/v1/report-submissions", Act(ReportsRead), ok),
        Case::new(
            Method::POST,
            "/api/v1/report-submissions",
            "/api/v1/report-submissions",
            Act(ReportsSubmit),
            created,
        )
        .body(json!({ "template_id": ad_hoc, "title": format!("Báo cáo khác {tag}") })),
        Case::new(
            Method::GET,
            "/api/v1/report-submissions/{id}",
            format!("/api/v1/report-submissions/{own}"),
            Per(reads_own),
            ok,
        ),
        Case::new(
            Method::PATCH,
            "/api/v1/report-submissions/{id}",
            format!("/api/v1/report-submissions/{own}"),
            Act(ReportsSubmit),
            ok,
        )
        .body(json!({ "narratives": [{ "question": "situation", "text": "Ổn định" }] }))
        .if_match(first.clone()),
        Case::new(
            Method::POST,
            "/api/v1/report-submissions/{id}/transitions",
            format!("/api/v1/report-submissions/{own}/transitions"),
            Act(ReportsSubmit),
            ok,
        )
        .body(json!({ "to": "submitted" }))
        .if_match("\"2\"".to_owned()),
        Case::new(Method::GET, "/api/v1/consolidated-reports", "/api/v1/consolidated-reports", Roles(NATIONAL), ok),
        Case::new(
            Method::POST,
            "/api/v1/consolidated-reports",
            "/api/v1/consolidated-reports",
            Act(ReportsReview),
            created,
        )
        .body(consolidated("2026-08")),
        Case::new(
            Method::GET,
            "/api/v1/consolidated-reports/{id}",
            format!("/api/v1/consolidated-reports/{edited}"),
            Roles(NATIONAL),
            ok,
        ),
        Case::new(
            Method::PATCH,
            "/api/v1/consolidated-reports/{id}",
            format!("/api/v1/consolidated-reports/{edited}"),
            Act(ReportsReview),
            ok,
        )
        .body(json!({ "title": format!("Báo cáo tổng hợp {tag}") }))
        .if_match(first.clone()),
        Case::new(
            Method::GET,
            "/api/v1/consolidated-reports/{id}/revisions",
            format!("/api/v1/consolidated-reports/{edited}/revisions"),
            Roles(NATIONAL),
            ok,
        ),
        Case::new(
            Method::GET,
            "/api/v1/consolidated-reports/{id}/document",
            format!("/api/v1/consolidated-reports/{edited}/document?format=docx"),
            Roles(NATIONAL),
            ok,
        ),
        Case::new(
            Method::POST,
            "/api/v1/consolidated-reports/{id}/sign-off",
            format!("/api/v1/consolidated-reports/{signed}/sign-off"),
            Act(ReportsSignOff),
            ok,
        )
        .if_match(first),
    ]
}

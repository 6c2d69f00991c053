//! The distribution endpoints of the role × endpoint matrix. Rounds are read by those who
//! read beneficiaries (Admin, Leader, Office, the regional office), built, cancelled and
//! delivered by Admin, Office and the regional office, approved by Admin, Leader and
//! Office (never by the round's author: the administrator builds the matrix's rounds, the
//! role users approve them). The matrix's regional office has no provinces: it reaches no
//! round (404) and may build none (422 `out_of_scope` on the area).

use super::{Case, Need};
use crate::support::TestApp;
use danvan_domain::{permission::Action, role::Role};
use reqwest::{header, Method, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

async fn send(client: &danvan_client::Client, path: &str, body: Value, if_match: Option<String>) -> Value {
    let mut request = client.request(Method::POST, path).json(&body);
    if let Some(etag) = if_match {
        request = request.header(header::IF_MATCH, etag);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

async fn get(client: &danvan_client::Client, path: &str) -> Value {
    client.request(Method::GET, path).send().await.unwrap().json().await.unwrap()
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_owned()
}

fn etag(value: &Value) -> String {
    format!("\"{}\"", value["version"])
}

/// Office staff in scope succeed; the regional office without provinces does not reach the
/// round; the others are refused by the permission table.
fn delivers(role: Role) -> (StatusCode, Option<&'static str>) {
    match role {
        Role::Admin | Role::Office => (StatusCode::OK, None),
        Role::RegionalOffice => (StatusCode::NOT_FOUND, Some("not_found")),
        _ => (StatusCode::FORBIDDEN, Some("forbidden")),
    }
}

fn delivers_created(role: Role) -> (StatusCode, Option<&'static str>) {
    match delivers(role) {
        (StatusCode::OK, None) => (StatusCode::CREATED, None),
        other => other,
    }
}

/// Readers in scope read; the regional office without provinces reaches nothing.
fn reads(role: Role) -> (StatusCode, Option<&'static str>) {
    match role {
        Role::Admin | Role::Leader | Role::Office => (StatusCode::OK, None),
        Role::RegionalOffice => (StatusCode::NOT_FOUND, Some("not_found")),
        _ => (StatusCode::FORBIDDEN, Some("forbidden")),
    }
}

/// Builders in scope build; the regional office without provinces names an area outside them.
fn builds(role: Role, success: StatusCode) -> (StatusCode, Option<&'static str>) {
    match role {
        Role::Admin | Role::Office => (success, None),
        Role::RegionalOffice => (StatusCode::UNPROCESSABLE_ENTITY, Some("validation")),
        _ => (StatusCode::FORBIDDEN, Some("forbidden")),
    }
}

/// The module's cases for one role's run (`tag` keeps its records apart): its own
/// category and two people of Phúc Xá, and a campaign per round so that each round covers
/// them afresh.
pub async fn distribution_cases(app: &TestApp, tag: &str) -> Vec<Case> {
    use Action::*;
    use Need::{Action as Act, Per};
    let ok = StatusCode::OK;
    let admin = &app.admin;
    let commune = admin.area_by_code(danvan_domain::area::Layout::L2021, "00001").await.unwrap();
    let district: Value = get(admin, &format!("/api/v1/areas/{}", commune.parent_id.unwrap())).await;
    let province = district["parent_id"].as_str().unwrap().to_owned();
    let category = Uuid::now_v7();
    let mut sql = format!(
        "INSERT INTO support_categories (id, code, name_vi, name_en, active, position, version, created_at, updated_at) \
         VALUES ('{category}', 'md_{}', 'Nhóm {tag}', 'Group {tag}', TRUE, 90, 1, '2021-07-01 00:00:00', '2021-07-01 00:00:00');",
        tag.replace('-', "_")
    );
    for n in 0..2 {
        let person = Uuid::now_v7();
        sql.push_str(&format!(
            "INSERT INTO beneficiaries (id, household_id, is_head, full_name, name_folded, area_id, province_id, address, \
             hardships, consent, merged_into, created_by, version, created_at, updated_at) VALUES ('{person}', NULL, FALSE, \
             'Người {tag} {n}', 'nguoi {tag} {n}', '{}', '{province}', 'Số {n}', '', 'given', NULL, '{}', 1, \
             '2021-07-01 00:00:00', '2021-07-01 00:00:00');\
             INSERT INTO beneficiary_category_links (category_id, beneficiary_id, name_folded) VALUES ('{category}', '{person}', 'nguoi {tag} {n}');",
            commune.id, app.admin_user.id
        ));
    }
    app.run_sql(sql).await.unwrap();
    let unit = send(
        admin,
        "/api/v1/org-units",
        json!({ "code": format!("MD-{tag}"), "name": "Ban phát quà", "kind": "other" }),
        None,
    )
    .await;
    let (approver_user, approver) = app.user(&format!("md.leader.{tag}"), Role::Leader, None).await;
    drop(approver_user);
    let mut campaigns = Vec::new();
    for n in 0..7 {
        let body = json!({ "name": format!("Đợt phát {tag} {n}"), "starts_on": "2021-07-15", "status": "open", "org_unit_id": id(&unit) });
        let campaign = id(&send(admin, "/api/v1/campaigns", body, None).await);
        let cash = json!({ "campaign_id": campaign, "received_on": "2021-08-01", "channel": "cash", "cash_amount": 1_000_000 });
        send(admin, "/api/v1/donations", cash, None).await;
        campaigns.push(campaign);
    }
    let body = |campaign: &str| json!({ "campaign_id": campaign, "name": format!("Đợt {tag}"), "area_id": commune.id, "cash_each": 1000, "category_ids": [category] });
    let round = |n: usize| send(admin, "/api/v1/distribution-rounds", body(&campaigns[n]), None);
    let to_approve = round(0).await;
    let to_start = round(1).await;
    let to_start = send(
        &approver,
        &format!("/api/v1/distribution-rounds/{}/approve", id(&to_start)),
        json!({}),
        Some(etag(&to_start)),
    )
    .await;
    let to_complete = round(2).await;
    let to_complete = send(
        &approver,
        &format!("/api/v1/distribution-rounds/{}/approve", id(&to_complete)),
        json!({}),
        Some(etag(&to_complete)),
    )
    .await;
    let lines: Value = get(admin, &format!("/api/v1/distribution-rounds/{}/lines", id(&to_complete))).await;
    for line in lines["items"].as_array().unwrap() {
        let path = format!("/api/v1/distribution-rounds/{}/lines/{}/deliver", id(&to_complete), id(line));
        send(admin, &path, json!({ "confirmation": "Người nhận" }), None).await;
    }
    let to_complete: Value = get(admin, &format!("/api/v1/distribution-rounds/{}", id(&to_complete))).await;
    let to_cancel = round(3).await;
    let to_exclude = round(4).await;
    let excluded: Value = get(admin, &format!("/api/v1/distribution-rounds/{}/lines", id(&to_exclude))).await;
    let to_deliver = round(5).await;
    let to_deliver = send(
        &approver,
        &format!("/api/v1/distribution-rounds/{}/approve", id(&to_deliver)),
        json!({}),
        Some(etag(&to_deliver)),
    )
    .await;
    let delivering: Value = get(admin, &format!("/api/v1/distribution-rounds/{}/lines", id(&to_deliver))).await;
    let (first, second) = (id(&delivering["items"][0]), id(&delivering["items"][1]));
    let rounds = "/api/v1/distribution-rounds";
    let at = |round: &Value, rest: &str| format!("{rounds}/{}{rest}", id(round));
    vec![
        Case::new(Method::GET, "/api/v1/distribution-rounds", rounds, Act(BeneficiariesRead), ok),
        Case::new(
            Method::POST,
            "/api/v1/distribution-rounds/preview",
            format!("{rounds}/preview"),
            Per(|role| builds(role, StatusCode::OK)),
            ok,
        )
        .body(body(&campaigns[6])),
        Case::new(
            Method::POST,
            "/api/v1/distribution-rounds",
            rounds,
            Per(|role| builds(role, StatusCode::CREATED)),
            StatusCode::CREATED,
        )
        .body(body(&campaigns[6])),
        Case::new(Method::GET, "/api/v1/distribution-rounds/{id}", at(&to_approve, ""), Per(reads), ok),
        Case::new(Method::GET, "/api/v1/distribution-rounds/{id}/lines", at(&to_approve, "/lines"), Per(reads), ok),
        Case::new(
            Method::GET,
            "/api/v1/distribution-lines/{id}",
            format!("/api/v1/distribution-lines/{first}"),
            Per(reads),
            ok,
        ),
        Case::new(
            Method::POST,
            "/api/v1/distribution-rounds/{id}/approve",
            at(&to_approve, "/approve"),
            Act(DistributionsApprove),
            ok,
        )
        .if_match(etag(&to_approve)),
        Case::new(Method::POST, "/api/v1/distribution-rounds/{id}/start", at(&to_start, "/start"), Per(delivers), ok)
            .if_match(etag(&to_start)),
        Case::new(
            Method::POST,
            "/api/v1/distribution-rounds/{id}/complete",
            at(&to_complete, "/complete"),
            Per(delivers),
            ok,
        )
        .if_match(etag(&to_complete)),
        Case::new(
            Method::POST,
            "/api/v1/distribution-rounds/{id}/cancel",
            at(&to_cancel, "/cancel"),
            Per(delivers),
            ok,
        )
        .body(json!({ "reason": "Hoãn đợt phát" }))
        .if_match(etag(&to_cancel)),
        Case::new(
            Method::POST,
            "/api/v1/distribution-rounds/{id}/lines/{line_id}/exclude",
            at(&to_exclude, &format!("/lines/{}/exclude", id(&excluded["items"][0]))),
            Per(delivers),
            ok,
        ),
        Case::new(
            Method::POST,
            "/api/v1/distribution-rounds/{id}/lines/{line_id}/deliver",
            at(&to_deliver, &format!("/lines/{first}/deliver")),
            Per(delivers_created),
            StatusCode::CREATED,
        )
        .body(json!({ "confirmation": "Người nhận" })),
        Case::new(
            Method::POST,
            "/api/v1/distribution-rounds/{id}/lines/{line_id}/not-delivered",
            at(&to_deliver, &format!("/lines/{second}/not-delivered")),
            Per(delivers),
            ok,
        )
        .body(json!({ "reason": "absent" })),
    ]
}

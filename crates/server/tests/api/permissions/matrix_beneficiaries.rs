//! The beneficiary endpoints of the role × endpoint matrix. Beneficiaries and households
//! are read by Admin, Leader, Office and the regional office, and entered by Admin, Office
//! and the regional office, each within their provinces: the matrix's regional office has
//! none, so it does not reach the shared ward's records (404) nor enter any there (403).
//! Merging and the category list are Admin's and Office's.

use super::{Case, Need};
use crate::support::TestApp;
use danvan_domain::{permission::Action, role::Role};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// What every role's run shares: a ward, a category, a household and a person to read.
#[derive(Default, Clone)]
pub struct BeneficiariesShared {
    commune: String,
    category: String,
    household: String,
    person: String,
}

/// The roles that enter people in the shared ward (see the module's comment).
const KEEPERS: &[Role] = &[Role::Admin, Role::Office];

async fn send(client: &danvan_client::Client, path: &str, body: Value) -> Value {
    let response = client.request(Method::POST, path).json(&body).send().await.unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert!(status.is_success(), "{path}: {status} {text}");
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

fn id(value: &Value) -> String {
    value["id"].as_str().unwrap_or_else(|| panic!("no id in {value}")).to_owned()
}

fn etag(value: &Value) -> String {
    format!("\"{}\"", value["version"])
}

/// Reading one record: those who read beneficiaries and reach the ward.
fn reads(role: Role) -> (StatusCode, Option<&'static str>) {
    match role {
        Role::Admin | Role::Leader | Role::Office => (StatusCode::OK, None),
        Role::RegionalOffice => (StatusCode::NOT_FOUND, Some("not_found")),
        _ => (StatusCode::FORBIDDEN, Some("forbidden")),
    }
}

/// Changing one record: those who enter beneficiaries and reach the ward.
fn changes(role: Role) -> (StatusCode, Option<&'static str>) {
    match role {
        Role::Admin | Role::Office => (StatusCode::OK, None),
        Role::RegionalOffice => (StatusCode::NOT_FOUND, Some("not_found")),
        _ => (StatusCode::FORBIDDEN, Some("forbidden")),
    }
}

fn person(shared: &BeneficiariesShared, name: &str) -> Value {
    json!({
        "full_name": name, "area_id": shared.commune, "category_ids": [shared.category],
        "consent": { "given_by": "Bản thân", "purpose": "Nhận hỗ trợ" }, "override_reason": "Người khác trong ma trận"
    })
}

pub async fn beneficiaries_shared(app: &TestApp) -> BeneficiariesShared {
    let commune = app.admin.area_by_code(danvan_domain::area::Layout::L2021, "00001").await.unwrap().id.to_string();
    let category = app.admin.list_support_categories(Some(true)).await.unwrap()[0].id.to_string();
    let mut shared = BeneficiariesShared { commune, category, ..BeneficiariesShared::default() };
    let household = json!({ "name": "Hộ của ma trận", "area_id": shared.commune, "address": "Số 1" });
    shared.household = id(&send(&app.admin, "/api/v1/households", household).await);
    let mut body = person(&shared, "Người của ma trận");
    body["citizen_id"] = json!("001099000001");
    shared.person = id(&send(&app.admin, "/api/v1/beneficiaries", body).await);
    shared
}

/// The module's cases for one role's run (`tag` keeps its records apart).
pub async fn beneficiary_cases(app: &TestApp, shared: &BeneficiariesShared, tag: &str) -> Vec<Case> {
    use Action::*;
    use Need::{Action as Act, Per, Roles};
    let (ok, created) = (StatusCode::OK, StatusCode::CREATED);
    let admin = &app.admin;
    let category = send(
        admin,
        "/api/v1/support-categories",
        json!({ "code": format!("mc-{tag}"), "name_vi": "Diện", "name_en": "Category" }),
    )
    .await;
    let household = send(
        admin,
        "/api/v1/households",
        json!({ "name": format!("Hộ {tag}"), "area_id": shared.commune, "address": "Số 2" }),
    )
    .await;
    let changed = send(admin, "/api/v1/beneficiaries", person(shared, &format!("Người đổi {tag}"))).await;
    let survivor = send(admin, "/api/v1/beneficiaries", person(shared, &format!("Người ở lại {tag}"))).await;
    let merged = send(admin, "/api/v1/beneficiaries", person(shared, &format!("Người gộp {tag}"))).await;
    let path = |prefix: &str, record: &str, rest: &str| format!("/api/v1/{prefix}/{record}{rest}");
    vec![
        Case::new(Method::GET, "/api/v1/support-categories", "/api/v1/support-categories", Act(BeneficiariesRead), ok),
        Case::new(
            Method::POST,
            "/api/v1/support-categories",
            "/api/v1/support-categories",
            Act(BeneficiariesMerge),
            created,
        )
        .body(json!({ "code": format!("nc-{tag}"), "name_vi": "Diện mới", "name_en": "New category" })),
        Case::new(
            Method::PATCH,
            "/api/v1/support-categories/{id}",
            path("support-categories", &id(&category), ""),
            Act(BeneficiariesMerge),
            ok,
        )
        .body(json!({ "name_en": "Renamed" }))
        .if_match(etag(&category)),
        Case::new(Method::GET, "/api/v1/households", "/api/v1/households", Act(BeneficiariesRead), ok),
        Case::new(Method::POST, "/api/v1/households", "/api/v1/households", Roles(KEEPERS), created)
            .body(json!({ "name": format!("Hộ mới {tag}"), "area_id": shared.commune, "address": "Số 3" })),
        Case::new(Method::GET, "/api/v1/households/{id}", path("households", &shared.household, ""), Per(reads), ok),
        Case::new(Method::PATCH, "/api/v1/households/{id}", path("households", &id(&household), ""), Per(changes), ok)
            .body(json!({ "name": format!("Hộ đã đổi tên {tag}") }))
            .if_match(etag(&household)),
        Case::new(Method::GET, "/api/v1/beneficiaries", "/api/v1/beneficiaries", Act(BeneficiariesRead), ok),
        Case::new(
            Method::GET,
            "/api/v1/beneficiaries/export",
            "/api/v1/beneficiaries/export",
            Act(BeneficiariesRead),
            ok,
        ),
        Case::new(Method::POST, "/api/v1/beneficiaries", "/api/v1/beneficiaries", Roles(KEEPERS), created)
            .body(person(shared, &format!("Người mới {tag}"))),
        Case::new(Method::GET, "/api/v1/beneficiaries/{id}", path("beneficiaries", &shared.person, ""), Per(reads), ok),
        Case::new(
            Method::PATCH,
            "/api/v1/beneficiaries/{id}",
            path("beneficiaries", &id(&changed), ""),
            Per(changes),
            ok,
        )
        .body(json!({ "address": format!("Số {tag}") }))
        .if_match(etag(&changed)),
        Case::new(
            Method::POST,
            "/api/v1/beneficiaries/{id}/reveal",
            path("beneficiaries", &shared.person, "/reveal"),
            Per(changes),
            ok,
        )
        .body(json!({ "reason": "Xác minh hồ sơ nhận hỗ trợ" })),
        Case::new(
            Method::POST,
            "/api/v1/beneficiaries/{id}/consent",
            path("beneficiaries", &shared.person, "/consent"),
            Per(changes),
            ok,
        )
        .body(json!({ "kind": "given", "given_by": "Bản thân", "purpose": format!("Gia hạn {tag}") })),
        // The regional office lacks the permission itself: 403 before any reach is asked.
        Case::new(
            Method::POST,
            "/api/v1/beneficiaries/{id}/merge",
            path("beneficiaries", &id(&survivor), "/merge"),
            Act(BeneficiariesMerge),
            ok,
        )
        .body(json!({ "merged_id": id(&merged), "reason": "Cùng một người" })),
    ]
}

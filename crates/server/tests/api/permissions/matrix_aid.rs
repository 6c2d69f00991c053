//! The aid endpoints of the role × endpoint matrix. Aid records are read by every role;
//! donors, pledges and donations are entered by Admin, Office and the regional office;
//! campaigns, items, locations, payments and reversals are the Office's. Moving goods
//! also asks for the caller's reach over the location: the matrix's regional office has
//! no provinces, so it is refused (403) at the shared warehouse.

use super::{Case, Need};
use crate::support::TestApp;
use danvan_domain::{permission::Action, role::Role};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

/// What every role's run shares: an org unit and a ward for new locations, a warehouse
/// with plenty of rice and a second one to move it to, an open campaign with cash, a
/// donor, and a donation to read.
#[derive(Default, Clone)]
pub struct AidShared {
    unit: String,
    commune: String,
    rice: String,
    from: String,
    to: String,
    campaign: String,
    donor: String,
    donation: String,
}

/// The roles that move goods at the shared warehouse (see the module's comment).
const STOCK_KEEPERS: &[Role] = &[Role::Admin, Role::Office];

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

fn location_body(shared: &AidShared, name: &str) -> Value {
    json!({ "name": name, "kind": "warehouse", "org_unit_id": shared.unit, "area_id": shared.commune })
}

fn campaign_body(shared: &AidShared, name: &str) -> Value {
    json!({ "name": name, "starts_on": "2021-07-15", "status": "open", "org_unit_id": shared.unit, "target_cash": 1000000 })
}

fn cash(shared: &AidShared, amount: i64) -> Value {
    json!({ "campaign_id": shared.campaign, "donor_id": shared.donor, "received_on": "2021-08-01", "channel": "cash", "cash_amount": amount })
}

fn one_kg(shared: &AidShared) -> Value {
    json!({ "from_location_id": shared.from, "to_location_id": shared.to, "lines": [{ "item_id": shared.rice, "quantity": "1" }] })
}

fn adjustment(shared: &AidShared) -> Value {
    json!({ "location_id": shared.from, "item_id": shared.rice, "quantity": "-1", "reason": "damage", "note": "Bao bị rách" })
}

fn reason() -> Value {
    json!({ "reason": "Nhập nhầm số liệu" })
}

pub async fn aid_shared(app: &TestApp) -> AidShared {
    let unit = json!({ "code": "MATRIX-AID", "name": "Ban cứu trợ", "kind": "other" });
    let unit = id(&send(&app.admin, "/api/v1/org-units", unit).await);
    let commune = app.admin.area_by_code(danvan_domain::area::Layout::L2021, "00001").await.unwrap().id.to_string();
    let items = app.admin.list_aid_items(None).await.unwrap();
    let rice = items.iter().find(|item| item.code == "rice").unwrap().id.to_string();
    let mut shared = AidShared { unit, commune, rice, ..AidShared::default() };
    shared.from = id(&send(&app.admin, "/api/v1/aid-locations", location_body(&shared, "Kho của ma trận")).await);
    shared.to = id(&send(&app.admin, "/api/v1/aid-locations", location_body(&shared, "Kho nhận của ma trận")).await);
    shared.campaign =
        id(&send(&app.admin, "/api/v1/campaigns", campaign_body(&shared, "Chiến dịch của ma trận")).await);
    let donor = json!({ "kind": "individual", "name": "Nhà hảo tâm của ma trận", "phone": "0912345678" });
    shared.donor = id(&send(&app.admin, "/api/v1/donors", donor).await);
    let goods = json!({
        "campaign_id": shared.campaign, "received_on": "2021-08-01", "channel": "in_kind", "location_id": shared.from,
        "lines": [{ "item_id": shared.rice, "quantity": "10000", "estimated_value": 150000000 }]
    });
    send(&app.admin, "/api/v1/donations", goods).await;
    shared.donation = id(&send(&app.admin, "/api/v1/donations", cash(&shared, 100_000_000)).await);
    shared
}

/// The module's cases for one role's run (`tag` keeps its records apart).
pub async fn aid_cases(app: &TestApp, shared: &AidShared, tag: &str) -> Vec<Case> {
    use Action::*;
    use Need::{Action as Act, Roles};
    let (ok, created) = (StatusCode::OK, StatusCode::CREATED);
    let admin = &app.admin;
    let item = send(
        admin,
        "/api/v1/aid-items",
        json!({ "code": format!("ai-{tag}"), "name_vi": "Mặt hàng", "name_en": "Item", "unit": "kg", "category": "food" }),
    )
    .await;
    let location = send(admin, "/api/v1/aid-locations", location_body(shared, &format!("Kho {tag}"))).await;
    let donor =
        send(admin, "/api/v1/donors", json!({ "kind": "individual", "name": format!("Nhà hảo tâm {tag}") })).await;
    let campaign = send(admin, "/api/v1/campaigns", campaign_body(shared, &format!("Chiến dịch {tag}"))).await;
    let pledge = send(
        admin,
        "/api/v1/pledges",
        json!({ "donor_id": shared.donor, "campaign_id": shared.campaign, "cash_amount": 1000 }),
    )
    .await;
    let donation = send(admin, "/api/v1/donations", cash(shared, 1000)).await;
    let payment = json!({ "amount": 1000, "occurred_on": "2021-08-02", "note": format!("Chi hỗ trợ {tag}") });
    let paid = send(admin, &format!("/api/v1/campaigns/{}/disbursements", shared.campaign), payment.clone()).await;
    let moved = send(admin, "/api/v1/stock-transfers", one_kg(shared)).await;
    let to_approve = send(admin, "/api/v1/stock-adjustments", adjustment(shared)).await;
    let to_reject = send(admin, "/api/v1/stock-adjustments", adjustment(shared)).await;
    let (campaign_id, donor_id) = (&shared.campaign, id(&donor));
    let path = |prefix: &str, record: &str, rest: &str| format!("/api/v1/{prefix}/{record}{rest}");
    vec![
        Case::new(Method::GET, "/api/v1/aid-items", "/api/v1/aid-items", Act(AidRead), ok),
        Case::new(Method::POST, "/api/v1/aid-items", "/api/v1/aid-items", Act(AidManage), created).body(json!({
            "code": format!("na-{tag}"), "name_vi": "Mặt hàng mới", "name_en": "New item", "unit": "box", "category": "hygiene"
        })),
        Case::new(Method::PATCH, "/api/v1/aid-items/{id}", path("aid-items", &id(&item), ""), Act(AidManage), ok)
            .body(json!({ "name_en": "Renamed" }))
            .if_match(etag(&item)),
        Case::new(Method::GET, "/api/v1/aid-locations", "/api/v1/aid-locations", Act(AidRead), ok),
        Case::new(Method::POST, "/api/v1/aid-locations", "/api/v1/aid-locations", Act(AidManage), created)
            .body(location_body(shared, &format!("Kho mới {tag}"))),
        Case::new(Method::GET, "/api/v1/aid-locations/{id}", path("aid-locations", &shared.from, ""), Act(AidRead), ok),
        Case::new(Method::PATCH, "/api/v1/aid-locations/{id}", path("aid-locations", &id(&location), ""), Act(AidManage), ok)
            .body(json!({ "name": format!("Kho đã đổi tên {tag}") }))
            .if_match(etag(&location)),
        Case::new(Method::GET, "/api/v1/donors", "/api/v1/donors", Act(AidRead), ok),
        Case::new(Method::GET, "/api/v1/donors/export", "/api/v1/donors/export", Act(AidRead), ok),
        Case::new(Method::POST, "/api/v1/donors", "/api/v1/donors", Act(DonationsRecord), created)
            .body(json!({ "kind": "organisation", "name": format!("Tổ chức {tag}") })),
        Case::new(Method::GET, "/api/v1/donors/{id}", path("donors", &donor_id, ""), Act(AidRead), ok),
        Case::new(Method::PATCH, "/api/v1/donors/{id}", path("donors", &donor_id, ""), Act(DonationsRecord), ok)
            .body(json!({ "note": "Đã liên hệ" }))
            .if_match(etag(&donor)),
        Case::new(Method::POST, "/api/v1/donors/{id}/reveal", path("donors", &shared.donor, "/reveal"), Act(DonationsRecord), ok)
            .body(json!({ "reason": "Xác nhận khoản ủng hộ" })),
        Case::new(Method::GET, "/api/v1/donors/{id}/statement", path("donors", &shared.donor, "/statement"), Act(AidRead), ok),
        Case::new(Method::GET, "/api/v1/campaigns", "/api/v1/campaigns", Act(AidRead), ok),
        Case::new(Method::POST, "/api/v1/campaigns", "/api/v1/campaigns", Act(AidManage), created)
            .body(campaign_body(shared, &format!("Chiến dịch mới {tag}"))),
        Case::new(Method::GET, "/api/v1/campaigns/{id}", path("campaigns", campaign_id, ""), Act(AidRead), ok),
        Case::new(Method::PATCH, "/api/v1/campaigns/{id}", path("campaigns", &id(&campaign), ""), Act(AidManage), ok)
            .body(json!({ "status": "closed" }))
            .if_match(etag(&campaign)),
        Case::new(Method::GET, "/api/v1/campaigns/{id}/report", path("campaigns", campaign_id, "/report"), Act(AidRead), ok),
        Case::new(
            Method::GET,
            "/api/v1/campaigns/{id}/report/export",
            path("campaigns", campaign_id, "/report/export?format=xlsx"),
            Act(AidRead),
            ok,
        ),
        Case::new(Method::GET, "/api/v1/campaigns/{id}/cash", path("campaigns", campaign_id, "/cash"), Act(AidRead), ok),
        Case::new(
            Method::POST,
            "/api/v1/campaigns/{id}/disbursements",
            path("campaigns", campaign_id, "/disbursements"),
            Act(AidManage),
            created,
        )
        .body(payment),
        Case::new(Method::POST, "/api/v1/cash-entries/{id}/reverse", path("cash-entries", &id(&paid), "/reverse"), Act(AidManage), ok)
            .body(reason()),
        Case::new(Method::GET, "/api/v1/pledges", "/api/v1/pledges", Act(AidRead), ok),
        Case::new(Method::POST, "/api/v1/pledges", "/api/v1/pledges", Act(DonationsRecord), created)
            .body(json!({ "donor_id": shared.donor, "campaign_id": campaign_id, "cash_amount": 2000, "note": tag })),
        Case::new(Method::GET, "/api/v1/pledges/{id}", path("pledges", &id(&pledge), ""), Act(AidRead), ok),
        Case::new(Method::PATCH, "/api/v1/pledges/{id}", path("pledges", &id(&pledge), ""), Act(DonationsRecord), ok)
            .body(json!({ "note": "Hẹn chuyển khoản" }))
            .if_match(etag(&pledge)),
        Case::new(Method::GET, "/api/v1/donations", "/api/v1/donations", Act(AidRead), ok),
        Case::new(Method::GET, "/api/v1/donations/export", "/api/v1/donations/export", Act(AidRead), ok),
        // Cash: no location, so the regional office's reach does not come into it.
        Case::new(Method::POST, "/api/v1/donations", "/api/v1/donations", Act(DonationsRecord), created)
            .body(cash(shared, 5000)),
        Case::new(Method::GET, "/api/v1/donations/{id}", path("donations", &shared.donation, ""), Act(AidRead), ok),
        Case::new(
            Method::GET,
            "/api/v1/donations/{id}/receipt",
            path("donations", &shared.donation, "/receipt?paper=a5"),
            Act(AidRead),
            ok,
        ),
        Case::new(Method::POST, "/api/v1/donations/{id}/reverse", path("donations", &id(&donation), "/reverse"), Act(AidManage), ok)
            .body(reason()),
        Case::new(Method::GET, "/api/v1/stock-balances", "/api/v1/stock-balances", Act(AidRead), ok),
        Case::new(Method::GET, "/api/v1/stock-balances/export", "/api/v1/stock-balances/export", Act(AidRead), ok),
        Case::new(
            Method::GET,
            "/api/v1/stock-movements",
            format!("/api/v1/stock-movements?location_id={}", shared.from),
            Act(AidRead),
            ok,
        ),
        Case::new(Method::GET, "/api/v1/stock-transfers", "/api/v1/stock-transfers", Act(AidRead), ok),
        Case::new(Method::POST, "/api/v1/stock-transfers", "/api/v1/stock-transfers", Roles(STOCK_KEEPERS), created)
            .body(one_kg(shared)),
        Case::new(
            Method::POST,
            "/api/v1/stock-transfers/{id}/reverse",
            path("stock-transfers", &id(&moved), "/reverse"),
            Roles(STOCK_KEEPERS),
            ok,
        )
        .body(reason()),
        Case::new(Method::GET, "/api/v1/stock-adjustments", "/api/v1/stock-adjustments", Act(AidRead), ok),
        Case::new(Method::POST, "/api/v1/stock-adjustments", "/api/v1/stock-adjustments", Roles(STOCK_KEEPERS), created)
            .body(adjustment(shared)),
        // Asked for by the bootstrap administrator, so every role user is another person.
        Case::new(
            Method::POST,
            "/api/v1/stock-adjustments/{id}/approve",
            path("stock-adjustments", &id(&to_approve), "/approve"),
            Roles(STOCK_KEEPERS),
            ok,
        )
        .body(json!({ "note": "Đã kiểm tra" })),
        Case::new(
            Method::POST,
            "/api/v1/stock-adjustments/{id}/reject",
            path("stock-adjustments", &id(&to_reject), "/reject"),
            Roles(STOCK_KEEPERS),
            ok,
        )
        .body(json!({})),
    ]
}

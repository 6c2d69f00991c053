//! Aid, part one, over HTTP on both databases: the seeded item list and its management;
//! donors checked, deduplicated, masked and revealed; campaigns' statuses; donations of
//! every channel with gapless receipt numbers (also under 50 at once) and their PDF
//! receipts; reports, statements and pledges that add up; reversals; the stock ledger
//! that never goes below zero (also under 50 transfers at once), adjustments approved by a
//! second person, a regional office's reach; the cash ledger; exports; a viewer's reads.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{new_user, pairs, refused, TestApp, PASSWORD};
use chrono::NaiveDate;
use danvan_client::{aid::Paper, Client, ClientError};
use danvan_domain::{
    aid::{
        AdjustmentReason, AdjustmentStatus, Campaign, CampaignStatus, CashEntryKind, CreateCampaign,
        CreateDisbursement, CreateDonation, CreateDonor, CreateItem, CreateLocation, CreatePledge,
        CreateStockAdjustment, CreateStockTransfer, DecideAdjustment, Donation, DonationChannel, DonationLineRequest,
        DonorKind, GoodsLine, Item, ItemCategory, ItemUnit, Location, LocationKind, MovementKind, PledgeStatus,
        Quantity, ReverseRequest, StockMovement, UpdateCampaign, UpdateDonor, UpdateItem, UpdateLocation, UpdatePledge,
    },
    area::Layout,
    org_unit::{CreateOrgUnit, OrgUnitKind},
    personal::RevealRequest,
    role::Role,
    user::CreateUser,
};
use reqwest::{Method, StatusCode};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

const CONFLICT: StatusCode = StatusCode::CONFLICT;
const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;
const INVALID: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

/// How many requests race in the concurrency tests.
const RACERS: usize = 50;

/// A donor's name with many diacritics, as a receipt must print it.
const LONG_NAME: &str = "Công ty TNHH Thương mại Hoàng Phúc – Chi nhánh Đà Nẵng";

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn units(n: i64) -> Quantity {
    Quantity::units(n)
}

fn reason() -> ReverseRequest {
    ReverseRequest { reason: "Nhập nhầm số liệu".into() }
}

/// What every test starts from: an Office user, an org unit, a warehouse in Hà Nội
/// (Phúc Xá), a collection point in Hồ Chí Minh City (Tân Định), an open campaign, and
/// three of the seeded items.
struct Fixture {
    office: Client,
    unit: Uuid,
    hanoi: Location,
    saigon: Location,
    campaign: Campaign,
    rice: Item,
    noodles: Item,
    oil: Item,
}

async fn commune(app: &TestApp, code: &str) -> Uuid {
    app.admin.area_by_code(Layout::L2021, code).await.unwrap().id
}

async fn location(app: &TestApp, unit: Uuid, name: &str, code: &str) -> Location {
    let request = CreateLocation {
        name: name.into(),
        kind: LocationKind::Warehouse,
        org_unit_id: unit,
        area_id: commune(app, code).await,
        address: "Số 1".into(),
    };
    app.admin.create_aid_location(&request, None).await.unwrap()
}

fn campaign_body(name: &str, unit: Uuid, status: Option<CampaignStatus>) -> CreateCampaign {
    CreateCampaign {
        name: name.into(),
        purpose: "Hỗ trợ người dân khó khăn do dịch COVID-19".into(),
        starts_on: date("2021-07-15"),
        ends_on: None,
        plan_item_id: None,
        status,
        org_unit_id: unit,
        area_ids: Vec::new(),
        beneficiary_categories: Vec::new(),
        target_cash: 100_000_000,
        target_goods: Vec::new(),
    }
}

async fn fixture(app: &TestApp) -> Fixture {
    let (_, office) = app.user("van.phong", Role::Office, None).await;
    let unit = CreateOrgUnit {
        parent_id: None,
        code: "UBMT-HCM".into(),
        name: "Ủy ban MTTQ Việt Nam TP. HCM".into(),
        kind: OrgUnitKind::Other,
    };
    let unit = app.admin.create_org_unit(&unit, None).await.unwrap().id;
    let hanoi = location(app, unit, "Kho Phúc Xá", "00001").await;
    let saigon = location(app, unit, "Điểm tiếp nhận Tân Định", "26734").await;
    let campaign = app
        .admin
        .create_campaign(&campaign_body("Chung tay vì Thành phố Hồ Chí Minh", unit, Some(CampaignStatus::Open)), None)
        .await
        .unwrap();
    let items = app.admin.list_aid_items(None).await.unwrap();
    let item = |code: &str| items.iter().find(|item| item.code == code).unwrap().clone();
    Fixture {
        office,
        unit,
        hanoi,
        saigon,
        rice: item("rice"),
        noodles: item("noodles"),
        oil: item("cooking_oil"),
        campaign,
    }
}

fn donor_body(kind: DonorKind, name: &str, tax_code: Option<&str>, phone: Option<&str>) -> CreateDonor {
    CreateDonor {
        kind,
        name: name.into(),
        tax_code: tax_code.map(str::to_owned),
        contact_person: "Trần Thị Lan".into(),
        phone: phone.map(str::to_owned),
        email: None,
        public_consent: true,
        note: String::new(),
    }
}

fn cash(campaign: Uuid, donor: Option<Uuid>, amount: i64, day: &str) -> CreateDonation {
    CreateDonation {
        donor_id: donor,
        campaign_id: campaign,
        pledge_id: None,
        received_on: date(day),
        channel: DonationChannel::Cash,
        bank_reference: None,
        cash_amount: amount,
        lines: Vec::new(),
        location_id: None,
        note: String::new(),
    }
}

fn bank(campaign: Uuid, donor: Option<Uuid>, amount: i64, reference: &str, day: &str) -> CreateDonation {
    CreateDonation {
        channel: DonationChannel::BankTransfer,
        bank_reference: Some(reference.into()),
        ..cash(campaign, donor, amount, day)
    }
}

/// Goods received at `location`: (item, whole units, estimated value) per line.
fn in_kind(
    campaign: Uuid,
    donor: Option<Uuid>,
    location: Uuid,
    lines: &[(Uuid, i64, i64)],
    day: &str,
) -> CreateDonation {
    CreateDonation {
        channel: DonationChannel::InKind,
        cash_amount: 0,
        location_id: Some(location),
        lines: lines
            .iter()
            .map(|(item, quantity, value)| DonationLineRequest {
                item_id: *item,
                quantity: units(*quantity),
                estimated_value: *value,
            })
            .collect(),
        ..cash(campaign, donor, 0, day)
    }
}

fn transfer(from: Uuid, to: Uuid, lines: &[(Uuid, i64)]) -> CreateStockTransfer {
    CreateStockTransfer {
        from_location_id: from,
        to_location_id: to,
        lines: lines.iter().map(|(item, quantity)| GoodsLine { item_id: *item, quantity: units(*quantity) }).collect(),
        note: "Điều chuyển".into(),
    }
}

fn adjustment(location: Uuid, item: Uuid, quantity: i64) -> CreateStockAdjustment {
    CreateStockAdjustment {
        location_id: location,
        item_id: item,
        quantity: units(quantity),
        reason: if quantity < 0 { AdjustmentReason::Damage } else { AdjustmentReason::CountCorrection },
        note: "Kiểm kê cuối tháng".into(),
    }
}

/// What `location` holds of `item`, as the balance list says (0 when it has no row).
async fn balance(client: &Client, location: Uuid, item: Uuid) -> Quantity {
    let (location, item) = (location.to_string(), item.to_string());
    let page =
        client.list_stock_balances(&[("location_id", location.as_str()), ("item_id", item.as_str())]).await.unwrap();
    assert!(page.items.len() <= 1, "{page:?}");
    page.items.first().map_or(Quantity::ZERO, |line| line.quantity)
}

/// Every movement at `location`, newest first.
async fn movements(client: &Client, location: Uuid) -> Vec<StockMovement> {
    let location = location.to_string();
    let mut all = Vec::new();
    let mut cursor = String::new();
    loop {
        let mut query = vec![("location_id", location.as_str()), ("limit", "200")];
        if !cursor.is_empty() {
            query.push(("cursor", cursor.as_str()));
        }
        let page = client.list_stock_movements(&query).await.unwrap();
        all.extend(page.items);
        match page.next_cursor {
            Some(next) => cursor = next,
            None => return all,
        }
    }
}

/// The sum of the movements of `item` at `location`.
fn moved(list: &[StockMovement], item: Uuid) -> Quantity {
    Quantity(list.iter().filter(|movement| movement.item.id == item).map(|movement| movement.quantity.milli()).sum())
}

/// Asserts that every balance the API lists equals the sum of its movements, and that
/// the store's own check over the whole database holds.
async fn ledgers_add_up(app: &TestApp, locations: &[Uuid]) {
    for location in locations {
        let list = movements(&app.admin, *location).await;
        let text = location.to_string();
        let balances =
            app.admin.list_stock_balances(&[("location_id", text.as_str()), ("limit", "200")]).await.unwrap();
        for line in &balances.items {
            assert_eq!(line.quantity, moved(&list, line.item.id), "{} of {}", line.location.name, line.item.name);
            assert!(line.quantity.milli() >= 0);
        }
        assert!(list.iter().all(|movement| movement.balance_after.milli() >= 0), "a movement left a negative balance");
    }
    let url = app.config.database_url.clone();
    let matches = tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        danvan_store::aid::balance_sum_matches(&mut conn).unwrap()
    })
    .await
    .unwrap();
    assert!(matches, "a stored balance is not the sum of its movements");
}

/// An account of `role` limited to the provinces of `areas`.
async fn scoped(app: &TestApp, username: &str, role: Role, areas: Vec<Uuid>) -> Client {
    let request = CreateUser { scope_area_ids: areas, ..new_user(username, role) };
    app.admin.create_user(&request, None).await.unwrap();
    app.login(username, PASSWORD).await
}

pub(crate) fn tool(name: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{name}` ({e}): install Debian's poppler-utils (apt-get install -y poppler-utils)")
    });
    assert!(output.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap()
}

/// A PDF's text as `pdftotext -layout` reads it (runs of spaces made one), and its
/// page size in points.
pub(crate) fn read_pdf(bytes: &[u8]) -> (String, (i64, i64)) {
    let path = std::env::temp_dir().join(format!("danvan-receipt-{}.pdf", Uuid::now_v7()));
    std::fs::write(&path, bytes).unwrap();
    let path_text = path.to_string_lossy().into_owned();
    let text = tool("pdftotext", &["-layout", &path_text, "-"]);
    let info = tool("pdfinfo", &[&path_text]);
    let _ = std::fs::remove_file(&path);
    let size_line = info.lines().find(|line| line.starts_with("Page size")).unwrap_or_else(|| panic!("{info}"));
    let size: Vec<i64> = size_line
        .trim_start_matches("Page size:")
        .split_whitespace()
        .filter_map(|word| word.parse::<f64>().ok())
        .map(|value| value.round() as i64)
        .collect();
    (text.split_whitespace().collect::<Vec<_>>().join(" "), (size[0], size[1]))
}

/// The receipt numbers of `answers`, all of which must have succeeded.
fn numbers(answers: &[Result<Donation, ClientError>]) -> Vec<String> {
    answers.iter().map(|answer| answer.as_ref().unwrap().receipt_number.clone()).collect()
}

both_backends! {
    async fn the_item_list_is_seeded_and_managed(app) {
        let (_, office) = app.user("van.phong", Role::Office, None).await;
        let (_, viewer) = app.user("nguoi.xem", Role::Viewer, None).await;
        let items = viewer.list_aid_items(None).await.unwrap();
        let codes: Vec<&str> = items.iter().map(|item| item.code.as_str()).collect();
        assert_eq!(codes, ["rice", "noodles", "cooking_oil", "masks", "sanitiser", "test_kits", "oximeters", "essentials_package"]);
        assert!(items.iter().all(|item| item.active && item.version == 1));
        assert_eq!((items[0].name_vi.as_str(), items[0].unit), ("Gạo", ItemUnit::Kg));

        let request = CreateItem {
            code: "milk".into(),
            name_vi: "Sữa hộp".into(),
            name_en: "Boxed milk".into(),
            unit: ItemUnit::Box,
            category: ItemCategory::Food,
            position: None,
        };
        refused(viewer.create_aid_item(&request, None).await, FORBIDDEN, "forbidden");
        let milk = office.create_aid_item(&request, None).await.unwrap();
        assert_eq!((milk.position, milk.version), (8, 1));
        // The code is taken: refused on the field before the write (conventions.md).
        let taken = CreateItem { name_vi: "Sữa khác".into(), ..request.clone() };
        let fields = refused(office.create_aid_item(&taken, None).await, INVALID, "validation");
        assert_eq!(fields, pairs(&[("code", "taken")]));

        // Changed with If-Match; a stale tag changes nothing.
        refused(office.get_aid_location(Uuid::now_v7()).await, StatusCode::NOT_FOUND, "not_found");
        let rename = UpdateItem { name_vi: Some("Sữa tươi hộp".into()), ..Default::default() };
        refused(viewer.update_aid_item(milk.id, &danvan_client::etag_of(1), &rename).await, FORBIDDEN, "forbidden");
        let renamed = office.update_aid_item(milk.id, &danvan_client::etag_of(1), &rename).await.unwrap();
        assert_eq!((renamed.name_vi.as_str(), renamed.version, renamed.unit), ("Sữa tươi hộp", 2, ItemUnit::Box));
        let stale = UpdateItem { name_en: Some("Milk".into()), ..Default::default() };
        refused(office.update_aid_item(milk.id, &danvan_client::etag_of(1), &stale).await, StatusCode::PRECONDITION_FAILED, "precondition_failed");
        // A unit is no field of a change: the ledger counts in it.
        let answer = office
            .request(Method::PATCH, &format!("/api/v1/aid-items/{}", milk.id))
            .header("If-Match", danvan_client::etag_of(2))
            .json(&serde_json::json!({ "unit": "kg" }))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), INVALID);
        let problem: danvan_domain::problem::Problem = answer.json().await.unwrap();
        assert_eq!((problem.code.as_str(), problem.errors[0].field.as_str()), ("validation", "body"));
        assert_eq!(office.list_aid_items(None).await.unwrap().iter().find(|i| i.id == milk.id).map(|i| (i.unit, i.version)), Some((ItemUnit::Box, 2)));
        // Retired, it stays on the list but not among the live ones.
        let retire = UpdateItem { active: Some(false), ..Default::default() };
        office.update_aid_item(milk.id, &danvan_client::etag_of(2), &retire).await.unwrap();
        assert_eq!(office.list_aid_items(Some(true)).await.unwrap().len(), 8);
        assert_eq!(office.list_aid_items(None).await.unwrap().len(), 9);
        let retired = office.list_aid_items(Some(false)).await.unwrap();
        assert_eq!(retired.iter().map(|item| item.code.as_str()).collect::<Vec<_>>(), ["milk"]);

        // Locations: a commune or ward; managed by Office; found without diacritics.
        let unit = CreateOrgUnit { parent_id: None, code: "KHO".into(), name: "Ban cứu trợ".into(), kind: OrgUnitKind::Other };
        let unit = app.admin.create_org_unit(&unit, None).await.unwrap().id;
        let district = app.admin.area_by_code(Layout::L2021, "760").await.unwrap().id;
        let mut request = CreateLocation { name: "Kho Quận 1".into(), kind: LocationKind::Warehouse, org_unit_id: unit, area_id: district, address: String::new() };
        let fields = refused(office.create_aid_location(&request, None).await, INVALID, "validation");
        assert_eq!(fields, pairs(&[("area_id", "unknown")]));
        request.area_id = commune(&app, "26734").await;
        refused(viewer.create_aid_location(&request, None).await, FORBIDDEN, "forbidden");
        let kho = office.create_aid_location(&request, None).await.unwrap();
        assert_eq!(kho.province.id, app.admin.area_by_code(Layout::L2021, "79").await.unwrap().id);
        let found = viewer.list_aid_locations(&[("q", "kho quan 1")]).await.unwrap();
        assert_eq!(found.items.iter().map(|l| l.id).collect::<Vec<_>>(), [kho.id]);
        let tagged = office.get_aid_location(kho.id).await.unwrap();
        let closed = office.update_aid_location(kho.id, &tagged.etag, &UpdateLocation { active: Some(false), ..Default::default() }).await.unwrap();
        assert!(!closed.active);
    }

    async fn donors_are_checked_deduplicated_masked_and_revealed(app) {
        let (_, office) = app.user("van.phong", Role::Office, None).await;
        let (_, viewer) = app.user("nguoi.xem", Role::Viewer, None).await;
        let (_, leader) = app.user("lanh.dao", Role::Leader, None).await;

        // A business needs its tax code, of 10 digits or 13 for a branch.
        let fields = refused(office.create_donor(&donor_body(DonorKind::Business, "Công ty TNHH Hoàng Phúc", None, None), None).await, INVALID, "validation");
        assert_eq!(fields, pairs(&[("tax_code", "required")]));
        for bad in ["12345", "01012345678", "010123456a"] {
            let fields = refused(office.create_donor(&donor_body(DonorKind::Business, "Công ty TNHH Hoàng Phúc", Some(bad), None), None).await, INVALID, "validation");
            assert_eq!(fields, pairs(&[("tax_code", "invalid_format")]), "{bad}");
        }
        let business = office.create_donor(&donor_body(DonorKind::Business, "Công ty TNHH Hoàng Phúc", Some("0101234567"), None), None).await.unwrap();
        let branch = office.create_donor(&donor_body(DonorKind::Business, LONG_NAME, Some("0101234567-001"), None), None).await.unwrap();
        assert_eq!(branch.tax_code.as_deref(), Some("0101234567-001"));
        refused(viewer.create_donor(&donor_body(DonorKind::Individual, "Lê Văn Tám", None, None), None).await, FORBIDDEN, "forbidden");

        // The same tax code, under another name or written another way, is the same donor.
        let again = office.create_donor(&donor_body(DonorKind::Business, "Cty Hoàng Phúc (nhập lại)", Some("0101234567"), None), None).await;
        let error = again.unwrap_err();
        assert_eq!((error.status(), error.code()), (Some(409), Some("duplicate_donor")));
        let existing = danvan_client::aid::existing_donor(&error).unwrap();
        assert_eq!((existing.id, existing.name.as_str()), (business.id, "Công ty TNHH Hoàng Phúc"));
        let error = office.create_donor(&donor_body(DonorKind::Organisation, "Chi nhánh", Some("0101234567001"), None), None).await.unwrap_err();
        assert_eq!(danvan_client::aid::existing_donor(&error).map(|d| d.id), Some(branch.id));

        // The same name without diacritics and the same phone in another format.
        let mut person = donor_body(DonorKind::Individual, "Nguyễn Văn Hùng", None, Some("0912 345 678"));
        person.email = Some("hung.nguyen@example.vn".into());
        let hung = office.create_donor(&person, None).await.unwrap();
        let twin = donor_body(DonorKind::Individual, "NGUYEN VAN HUNG", None, Some("+84912345678"));
        let error = office.create_donor(&twin, None).await.unwrap_err();
        assert_eq!((error.status(), error.code()), (Some(409), Some("duplicate_donor")));
        assert_eq!(danvan_client::aid::existing_donor(&error).map(|d| d.id), Some(hung.id));
        // A namesake with another phone is someone else.
        let namesake = office.create_donor(&donor_body(DonorKind::Individual, "Nguyễn Văn Hưng", None, Some("0987 654 321")), None).await.unwrap();
        // A change that would make a duplicate is refused alike.
        let change = UpdateDonor { name: Some("Nguyễn Văn Hùng".into()), phone: Some(Some("0912345678".into())), ..Default::default() };
        let error = office.update_donor(namesake.id, &danvan_client::etag_of(1), &change).await.unwrap_err();
        assert_eq!(danvan_client::aid::existing_donor(&error).map(|d| d.id), Some(hung.id));

        // A business stays with a tax code.
        let untaxed = UpdateDonor { tax_code: Some(None), ..Default::default() };
        let fields = refused(office.update_donor(business.id, &danvan_client::etag_of(1), &untaxed).await, INVALID, "validation");
        assert_eq!(fields, pairs(&[("tax_code", "required")]));

        // Contacts: masked for Office, absent for Viewer and Leader.
        let seen = office.get_donor(hung.id).await.unwrap().value;
        let phone = serde_json::to_value(seen.phone.as_ref().unwrap()).unwrap();
        assert_eq!(phone, serde_json::json!({ "masked": "•••••••678" }));
        assert_eq!(seen.email.as_ref().map(|e| e.masked().chars().all(|c| c == '•')), Some(true));
        for (who, client) in [("viewer", &viewer), ("leader", &leader)] {
            let donor = client.get_donor(hung.id).await.unwrap().value;
            assert_eq!((donor.phone, donor.email), (None, None), "{who}");
            let listed = client.list_donors(&[("limit", "200")]).await.unwrap();
            assert!(listed.items.iter().all(|d| d.phone.is_none() && d.email.is_none()), "{who}");
            let text = client.request(Method::GET, "/api/v1/donors?limit=200").send().await.unwrap().text().await.unwrap();
            assert!(!text.contains('•') && !text.contains("masked"), "{who}: {text}");
        }

        // A reveal with a reason, for those who handle donors; audited without the values.
        let why = RevealRequest { reason: "Gọi điện xác nhận khoản ủng hộ".into() };
        refused(viewer.reveal_donor(hung.id, &why).await, FORBIDDEN, "forbidden");
        refused(leader.reveal_donor(hung.id, &why).await, FORBIDDEN, "forbidden");
        let revealed = office.reveal_donor(hung.id, &why).await.unwrap();
        assert_eq!(revealed.phone.as_deref(), Some("0912345678"));
        assert_eq!(revealed.email.as_deref(), Some("hung.nguyen@example.vn"));
        let reveals = app.admin.all_audit(&[("entity", "donor"), ("action", "reveal")]).await.unwrap();
        assert_eq!(reveals.len(), 1, "{reveals:?}");
        assert_eq!(reveals[0].entity_id.as_deref(), Some(hung.id.to_string().as_str()));
        assert_eq!(reveals[0].actor_username.as_deref(), Some("van.phong"));
        let log = app.admin.request(Method::GET, "/api/v1/audit?entity=donor&limit=200").send().await.unwrap().text().await.unwrap();
        assert!(log.contains("reveal") && log.contains("Gọi điện xác nhận khoản ủng hộ"), "{log}");
        for secret in ["0912345678", "345678", "345 678", "+84912345678", "hung.nguyen@example.vn", "0987654321"] {
            assert!(!log.contains(secret), "the audit log shows {secret}: {log}");
        }

        // Search without diacritics, or by the start of a tax code.
        let names = |page: danvan_domain::page::Page<danvan_domain::aid::Donor>| page.items.into_iter().map(|d| d.id).collect::<BTreeSet<_>>();
        assert_eq!(names(viewer.list_donors(&[("q", "hoang phuc")]).await.unwrap()), BTreeSet::from([business.id, branch.id]));
        assert_eq!(names(viewer.list_donors(&[("q", "NGUYEN van")]).await.unwrap()), BTreeSet::from([hung.id, namesake.id]));
        assert_eq!(names(viewer.list_donors(&[("q", "da nang")]).await.unwrap()), BTreeSet::from([branch.id]));
        assert_eq!(names(viewer.list_donors(&[("q", "0101234567-0")]).await.unwrap()), BTreeSet::from([branch.id]));
        assert_eq!(names(viewer.list_donors(&[("kind", "individual")]).await.unwrap()), BTreeSet::from([hung.id, namesake.id]));
        let page = viewer.list_donors(&[("limit", "1")]).await.unwrap();
        assert!(page.next_cursor.is_some());
    }

    async fn campaigns_move_from_planned_to_open_to_closed_and_take_donations_only_while_open(app) {
        let f = fixture(&app).await;
        let (_, viewer) = app.user("nguoi.xem", Role::Viewer, None).await;
        let regional = scoped(&app, "t26", Role::RegionalOffice, vec![app.admin.area_by_code(Layout::L2021, "79").await.unwrap().id]).await;
        let body = campaign_body("Đợt vận động mùa mưa", f.unit, None);
        refused(viewer.create_campaign(&body, None).await, FORBIDDEN, "forbidden");
        refused(regional.create_campaign(&body, None).await, FORBIDDEN, "forbidden");
        let campaign = f.office.create_campaign(&body, None).await.unwrap();
        assert_eq!((campaign.status, campaign.received_cash, campaign.can_manage), (CampaignStatus::Planned, 0, true));
        assert!(!viewer.get_campaign(campaign.id).await.unwrap().value.can_manage);

        refused(f.office.create_donation(&cash(campaign.id, None, 100_000, "2021-08-01"), None).await, CONFLICT, "campaign_not_open");
        let status = |to| UpdateCampaign { status: Some(to), ..Default::default() };
        let tagged = f.office.get_campaign(campaign.id).await.unwrap();
        refused(viewer.update_campaign(campaign.id, &tagged.etag, &status(CampaignStatus::Open)).await, FORBIDDEN, "forbidden");
        refused(f.office.update_campaign(campaign.id, &tagged.etag, &status(CampaignStatus::Closed)).await, CONFLICT, "invalid_transition");
        let open = f.office.update_campaign(campaign.id, &tagged.etag, &status(CampaignStatus::Open)).await.unwrap();
        assert_eq!(open.status, CampaignStatus::Open);
        let etag = danvan_client::etag_of(open.version);
        refused(f.office.update_campaign(campaign.id, &etag, &status(CampaignStatus::Planned)).await, CONFLICT, "invalid_transition");
        f.office.create_donation(&cash(campaign.id, None, 100_000, "2021-08-01"), None).await.unwrap();
        let closed = f.office.update_campaign(campaign.id, &etag, &status(CampaignStatus::Closed)).await.unwrap();
        refused(f.office.create_donation(&cash(campaign.id, None, 100_000, "2021-08-02"), None).await, CONFLICT, "campaign_not_open");
        let reopened = f.office.update_campaign(campaign.id, &danvan_client::etag_of(closed.version), &status(CampaignStatus::Open)).await.unwrap();
        assert_eq!((reopened.status, reopened.received_cash, reopened.donations), (CampaignStatus::Open, 100_000, 1));
        f.office.create_donation(&cash(campaign.id, None, 50_000, "2021-08-03"), None).await.unwrap();

        let open_ones = viewer.all_campaigns(&[("status", "open")]).await.unwrap();
        assert_eq!(open_ones.iter().map(|c| c.id).collect::<BTreeSet<_>>(), BTreeSet::from([f.campaign.id, campaign.id]));
        let found = viewer.all_campaigns(&[("q", "mua mua")]).await.unwrap();
        assert_eq!(found.iter().map(|c| c.id).collect::<Vec<_>>(), [campaign.id]);
    }

    async fn donations_carry_what_their_channel_needs_and_take_receipt_numbers_in_order(app) {
        let f = fixture(&app).await;
        let c = f.campaign.id;
        let donor = f.office.create_donor(&donor_body(DonorKind::Individual, "Phạm Thị Hoa", None, None), None).await.unwrap();
        let fields = refused(f.office.create_donation(&cash(c, Some(donor.id), 0, "2021-08-01"), None).await, INVALID, "validation");
        assert_eq!(fields, pairs(&[("cash_amount", "required")]));
        let no_reference = CreateDonation { bank_reference: None, ..bank(c, Some(donor.id), 500_000, "x", "2021-08-01") };
        let fields = refused(f.office.create_donation(&no_reference, None).await, INVALID, "validation");
        assert_eq!(fields, pairs(&[("bank_reference", "required")]));
        let no_goods = CreateDonation { lines: Vec::new(), location_id: None, ..in_kind(c, None, f.hanoi.id, &[], "2021-08-01") };
        let fields: BTreeSet<_> = refused(f.office.create_donation(&no_goods, None).await, INVALID, "validation").into_iter().collect();
        assert_eq!(fields, pairs(&[("lines", "required"), ("location_id", "required")]).into_iter().collect());
        let unknown = CreateDonation { campaign_id: Uuid::now_v7(), ..cash(c, None, 1, "2021-08-01") };
        assert_eq!(refused(f.office.create_donation(&unknown, None).await, INVALID, "validation"), pairs(&[("campaign_id", "unknown")]));

        let first = f.office.create_donation(&cash(c, Some(donor.id), 1_500_000, "2021-08-01"), None).await.unwrap();
        let second = f.office.create_donation(&bank(c, None, 2_000_000, "FT21213123456789", "2021-08-02"), None).await.unwrap();
        assert_eq!((first.receipt_number.as_str(), second.receipt_number.as_str()), ("BN-2021-000001", "BN-2021-000002"));
        assert_eq!(second.bank_reference.as_deref(), Some("FT21213123456789"));
        assert_eq!((second.donor.as_ref(), second.recorded_by.name.as_str()), (None, "Người dùng van.phong"));

        // A retry under its Idempotency-Key replays the receipt and takes no number.
        let goods = in_kind(c, Some(donor.id), f.hanoi.id, &[(f.rice.id, 250, 5_000_000), (f.noodles.id, 30, 3_000_000)], "2021-08-03");
        let third = f.office.create_donation(&goods, Some("quay-1-0001")).await.unwrap();
        let retried = f.office.create_donation(&goods, Some("quay-1-0001")).await.unwrap();
        assert_eq!((retried.id, retried.receipt_number.as_str()), (third.id, "BN-2021-000003"));
        let fourth = f.office.create_donation(&cash(c, None, 10_000, "2021-12-31"), None).await.unwrap();
        assert_eq!(fourth.receipt_number, "BN-2021-000004");
        // Each year has its own sequence.
        let next_year = f.office.create_donation(&cash(c, None, 10_000, "2022-01-01"), None).await.unwrap();
        assert_eq!(next_year.receipt_number, "BN-2022-000001");
        let listed = f.office.list_donations(&[("limit", "200")]).await.unwrap().items;
        assert_eq!(listed.len(), 5, "the retry stored nothing");
        assert_eq!(listed[0].id, next_year.id, "the latest received first");

        // The goods are at the location, each with its movement.
        assert_eq!(third.goods_value, 8_000_000);
        assert_eq!(third.location.as_ref().map(|l| l.id), Some(f.hanoi.id));
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, units(250));
        assert_eq!(balance(&f.office, f.hanoi.id, f.noodles.id).await, units(30));
        let stock = movements(&f.office, f.hanoi.id).await;
        assert_eq!(stock.len(), 2);
        assert!(stock.iter().all(|m| m.kind == MovementKind::Received && m.donation_id == Some(third.id) && m.quantity == m.balance_after));
        let cashbook = f.office.list_campaign_cash(c, &[]).await.unwrap().items;
        assert_eq!(cashbook.iter().map(|e| e.amount).collect::<Vec<_>>(), [10_000, 10_000, 2_000_000, 1_500_000]);
        assert_eq!(cashbook[0].balance_after, 3_520_000);
        assert!(cashbook.iter().all(|e| e.kind == CashEntryKind::Received));
        let filtered = f.office.list_donations(&[("channel", "in_kind")]).await.unwrap().items;
        assert_eq!(filtered.iter().map(|d| d.id).collect::<Vec<_>>(), [third.id]);
        let december = f.office.list_donations(&[("from", "2021-12-01"), ("to", "2022-12-31")]).await.unwrap().items;
        assert_eq!(december.iter().map(|d| d.id).collect::<Vec<_>>(), [next_year.id, fourth.id]);
        // A retired item is offered for no new gift.
        let noodles = f.office.list_aid_items(None).await.unwrap().into_iter().find(|i| i.id == f.noodles.id).unwrap();
        let retire = UpdateItem { active: Some(false), ..Default::default() };
        app.admin.update_aid_item(noodles.id, &danvan_client::etag_of(noodles.version), &retire).await.unwrap();
        let retired = in_kind(c, None, f.hanoi.id, &[(f.rice.id, 1, 0), (f.noodles.id, 1, 0)], "2021-08-04");
        assert_eq!(refused(f.office.create_donation(&retired, None).await, INVALID, "validation"), pairs(&[("lines[1].item_id", "unknown")]));
        let donor_text = donor.id.to_string();
        let of_donor = f.office.list_donations(&[("donor_id", donor_text.as_str())]).await.unwrap().items;
        assert_eq!(of_donor.len(), 2);
    }

    async fn fifty_donations_at_once_take_fifty_receipt_numbers_without_gaps(app) {
        let f = fixture(&app).await;
        let c = f.campaign.id;
        let answers = futures_util::future::join_all((0..RACERS).map(|n| {
            let (office, body) = (f.office.clone(), cash(c, None, 100_000 + n as i64, "2021-09-01"));
            async move { office.create_donation(&body, None).await }
        }))
        .await;
        let mut got = numbers(&answers);
        got.sort();
        let expected: Vec<String> = (1..=RACERS).map(|n| format!("BN-2021-{n:06}")).collect();
        assert_eq!(got, expected, "every number once, none skipped");
        // Retries under the keys of half of them take no number; the next one is 51.
        let keyed = futures_util::future::join_all((0..10).map(|n| {
            let (office, body) = (f.office.clone(), cash(c, None, 7_000 + n, "2021-09-02"));
            async move {
                let key = format!("dot-{n}");
                let first = office.create_donation(&body, Some(&key)).await.unwrap();
                let again = office.create_donation(&body, Some(&key)).await.unwrap();
                (first, again)
            }
        }))
        .await;
        for (first, again) in &keyed {
            assert_eq!(first.receipt_number, again.receipt_number);
        }
        let mut keyed: Vec<String> = keyed.into_iter().map(|(first, _)| first.receipt_number).collect();
        keyed.sort();
        assert_eq!(keyed, (51..=60).map(|n| format!("BN-2021-{n:06}")).collect::<Vec<_>>());
        let next = f.office.create_donation(&cash(c, None, 1, "2021-09-03"), None).await.unwrap();
        assert_eq!(next.receipt_number, "BN-2021-000061");
        let report = f.office.campaign_report(c).await.unwrap();
        let total: i64 = (0..RACERS as i64).map(|n| 100_000 + n).sum::<i64>() + (0..10).map(|n| 7_000 + n).sum::<i64>() + 1;
        assert_eq!((report.donations, report.received_cash, report.cash_balance), (61, total, total));
        ledgers_add_up(&app, &[f.hanoi.id]).await;
    }

    async fn the_campaign_report_and_the_donor_statement_add_up_the_donations(app) {
        let f = fixture(&app).await;
        let c = f.campaign.id;
        let hoa = f.office.create_donor(&donor_body(DonorKind::Individual, "Phạm Thị Hoa", None, None), None).await.unwrap();
        let phuc = f.office.create_donor(&donor_body(DonorKind::Business, "Công ty TNHH Hoàng Phúc", Some("0101234567"), None), None).await.unwrap();
        let other = app.admin.create_campaign(&campaign_body("Vì miền Trung", f.unit, Some(CampaignStatus::Open)), None).await.unwrap();
        let bodies = [
            cash(c, Some(hoa.id), 1_000_000, "2021-08-05"),
            bank(c, Some(phuc.id), 20_000_000, "FT1", "2021-08-20"),
            in_kind(c, Some(phuc.id), f.hanoi.id, &[(f.rice.id, 1000, 15_000_000), (f.oil.id, 200, 8_000_000)], "2021-09-02"),
            in_kind(c, Some(hoa.id), f.saigon.id, &[(f.rice.id, 50, 750_000)], "2021-09-10"),
            cash(c, None, 300_000, "2021-09-11"),
            in_kind(c, None, f.saigon.id, &[(f.noodles.id, 10, 0)], "2021-09-12"),
            cash(other.id, Some(hoa.id), 400_000, "2021-10-01"),
        ];
        let mut made = Vec::new();
        for body in &bodies {
            made.push(f.office.create_donation(body, None).await.unwrap());
        }
        let ours: Vec<&Donation> = made.iter().filter(|d| d.campaign.id == c).collect();
        let report = f.office.campaign_report(c).await.unwrap();
        assert_eq!(report.received_cash, ours.iter().map(|d| d.cash_amount).sum::<i64>());
        assert_eq!(report.received_cash, 21_300_000);
        assert_eq!(report.received_goods_value, ours.iter().map(|d| d.goods_value).sum::<i64>());
        assert_eq!((report.donations, report.target_cash, report.cash_balance), (6, 100_000_000, 21_300_000));

        // Goods per item, in the item list's order.
        let goods: Vec<(String, Quantity, i64)> = report.goods.iter().map(|g| (g.item.name.clone(), g.received, g.received_value)).collect();
        assert_eq!(goods, [
            ("Gạo".to_owned(), units(1050), 15_750_000),
            ("Mì tôm".to_owned(), units(10), 0),
            ("Dầu ăn".to_owned(), units(200), 8_000_000),
        ]);
        // By donor, the largest first; anonymous gifts together.
        let by_donor: Vec<(Option<Uuid>, i64, i64, i64)> = report.by_donor.iter().map(|d| (d.donor.as_ref().map(|d| d.id), d.donations, d.cash, d.goods_value)).collect();
        assert_eq!(by_donor, [
            (Some(phuc.id), 2, 20_000_000, 23_000_000),
            (Some(hoa.id), 2, 1_000_000, 750_000),
            (None, 2, 300_000, 0),
        ]);
        let by_month: Vec<(&str, i64, i64, i64)> = report.by_month.iter().map(|m| (m.month.as_str(), m.donations, m.cash, m.goods_value)).collect();
        assert_eq!(by_month, [("2021-08", 2, 21_000_000, 0), ("2021-09", 4, 300_000, 23_750_000)]);
        let by_location: BTreeMap<(Uuid, Uuid), (Quantity, i64)> = report.by_location.iter().map(|l| ((l.location.id, l.item.id), (l.quantity, l.value))).collect();
        assert_eq!(by_location, BTreeMap::from([
            ((f.hanoi.id, f.rice.id), (units(1000), 15_000_000)),
            ((f.hanoi.id, f.oil.id), (units(200), 8_000_000)),
            ((f.saigon.id, f.rice.id), (units(50), 750_000)),
            ((f.saigon.id, f.noodles.id), (units(10), 0)),
        ]));
        // The campaign's own totals say the same, and the balances hold the goods.
        let campaign = f.office.get_campaign(c).await.unwrap().value;
        assert_eq!((campaign.received_cash, campaign.received_goods_value, campaign.donations), (21_300_000, 23_750_000, 6));
        assert_eq!(balance(&f.office, f.saigon.id, f.rice.id).await, units(50));

        // A donor's statement: the sum of their donations, per campaign.
        let statement = f.office.donor_statement(hoa.id).await.unwrap();
        let given: Vec<&Donation> = made.iter().filter(|d| d.donor.as_ref().map(|d| d.id) == Some(hoa.id)).collect();
        assert_eq!(statement.donations, given.len() as i64);
        assert_eq!(statement.cash, given.iter().map(|d| d.cash_amount).sum::<i64>());
        assert_eq!(statement.goods_value, given.iter().map(|d| d.goods_value).sum::<i64>());
        let per: BTreeMap<Uuid, (i64, i64, i64)> = statement.by_campaign.iter().map(|g| (g.campaign.id, (g.donations, g.cash, g.goods_value))).collect();
        assert_eq!(per, BTreeMap::from([(c, (2, 1_000_000, 750_000)), (other.id, (1, 400_000, 0))]));

        // The report as a file: a line for cash, one per item.
        let csv = String::from_utf8(f.office.export_campaign_report(c, &[("format", "csv"), ("lang", "en")]).await.unwrap().bytes).unwrap();
        assert_eq!(csv.lines().count(), 5, "{csv}");
        assert!(csv.contains("21300000"), "{csv}");
        ledgers_add_up(&app, &[f.hanoi.id, f.saigon.id]).await;
    }

    async fn pledges_are_fulfilled_by_the_donations_that_name_them(app) {
        let f = fixture(&app).await;
        let c = f.campaign.id;
        let phuc = f.office.create_donor(&donor_body(DonorKind::Business, "Công ty TNHH Hoàng Phúc", Some("0101234567"), None), None).await.unwrap();
        let hoa = f.office.create_donor(&donor_body(DonorKind::Individual, "Phạm Thị Hoa", None, None), None).await.unwrap();
        let promise = CreatePledge {
            donor_id: phuc.id,
            campaign_id: c,
            cash_amount: 3_000_000,
            lines: vec![GoodsLine { item_id: f.rice.id, quantity: units(100) }],
            due_on: Some(date("2031-12-31")),
            note: "Cam kết qua điện thoại".into(),
        };
        let pledge = f.office.create_pledge(&promise, None).await.unwrap();
        assert_eq!(pledge.status, PledgeStatus::Pledged);
        let small = f.office.create_pledge(&CreatePledge { donor_id: hoa.id, cash_amount: 500_000, lines: Vec::new(), ..promise.clone() }, None).await.unwrap();
        let report = f.office.campaign_report(c).await.unwrap();
        assert_eq!(report.pledged_cash, 3_500_000);
        assert_eq!(report.goods.iter().find(|g| g.item.id == f.rice.id).map(|g| g.pledged), Some(units(100)));
        let empty = CreatePledge { cash_amount: 0, lines: Vec::new(), ..promise.clone() };
        assert_eq!(refused(f.office.create_pledge(&empty, None).await, INVALID, "validation"), pairs(&[("cash_amount", "empty")]));

        // Another donor's donation cannot honour it.
        let wrong = CreateDonation { pledge_id: Some(pledge.id), ..cash(c, Some(hoa.id), 1_000_000, "2021-08-01") };
        assert_eq!(refused(f.office.create_donation(&wrong, None).await, INVALID, "validation"), pairs(&[("pledge_id", "unknown")]));
        let part = CreateDonation { pledge_id: Some(pledge.id), ..cash(c, Some(phuc.id), 1_000_000, "2021-08-01") };
        f.office.create_donation(&part, None).await.unwrap();
        let now = f.office.get_pledge(pledge.id).await.unwrap().value;
        assert_eq!((now.status, now.cash_received), (PledgeStatus::PartlyFulfilled, 1_000_000));
        let rest = CreateDonation { pledge_id: Some(pledge.id), ..bank(c, Some(phuc.id), 2_000_000, "FT9", "2021-08-10") };
        f.office.create_donation(&rest, None).await.unwrap();
        assert_eq!(f.office.get_pledge(pledge.id).await.unwrap().value.status, PledgeStatus::PartlyFulfilled, "the rice has not come");
        let rice = CreateDonation { pledge_id: Some(pledge.id), ..in_kind(c, Some(phuc.id), f.hanoi.id, &[(f.rice.id, 100, 1_500_000)], "2021-08-12") };
        let rice = f.office.create_donation(&rice, None).await.unwrap();
        let done = f.office.get_pledge(pledge.id).await.unwrap().value;
        assert_eq!((done.status, done.cash_received, done.lines[0].received), (PledgeStatus::Fulfilled, 3_000_000, units(100)));
        // Reversing a donation that honoured it takes its share back.
        f.office.reverse_donation(rice.id, &reason()).await.unwrap();
        let back = f.office.get_pledge(pledge.id).await.unwrap().value;
        assert_eq!((back.status, back.lines[0].received), (PledgeStatus::PartlyFulfilled, Quantity::ZERO));

        // Cancelled, a pledge's promise leaves the campaign's pledged cash, for good.
        let cancel = UpdatePledge { cancelled: Some(true), ..Default::default() };
        let cancelled = f.office.update_pledge(small.id, &danvan_client::etag_of(small.version), &cancel).await.unwrap();
        assert_eq!(cancelled.status, PledgeStatus::Cancelled);
        assert_eq!(f.office.campaign_report(c).await.unwrap().pledged_cash, 3_000_000);
        let undo = UpdatePledge { cancelled: Some(false), ..Default::default() };
        refused(f.office.update_pledge(small.id, &danvan_client::etag_of(cancelled.version), &undo).await, CONFLICT, "pledge_cancelled");
        let to_cancelled = CreateDonation { pledge_id: Some(small.id), ..cash(c, Some(hoa.id), 500_000, "2021-08-01") };
        refused(f.office.create_donation(&to_cancelled, None).await, INVALID, "validation");
        // A pledge whose day passed before it was honoured has lapsed.
        let late = f.office.create_pledge(&CreatePledge { donor_id: hoa.id, cash_amount: 700_000, lines: Vec::new(), due_on: Some(date("2021-09-30")), ..promise.clone() }, None).await.unwrap();
        assert_eq!(late.status, PledgeStatus::Lapsed);
        let campaign = c.to_string();
        let listed = f.office.list_pledges(&[("campaign_id", campaign.as_str())]).await.unwrap().items;
        assert_eq!(listed.iter().map(|p| p.id).collect::<BTreeSet<_>>(), BTreeSet::from([pledge.id, small.id, late.id]));
        assert_eq!(listed[0].id, late.id, "newest first");
    }

    async fn a_reversal_takes_a_donations_goods_and_cash_back_out_once(app) {
        let f = fixture(&app).await;
        let c = f.campaign.id;
        let (_, viewer) = app.user("nguoi.xem", Role::Viewer, None).await;
        let hcm = app.admin.area_by_code(Layout::L2021, "79").await.unwrap().id;
        let regional = scoped(&app, "t26", Role::RegionalOffice, vec![hcm]).await;
        let hoa = f.office.create_donor(&donor_body(DonorKind::Individual, "Phạm Thị Hoa", None, None), None).await.unwrap();
        let goods = f.office.create_donation(&in_kind(c, Some(hoa.id), f.hanoi.id, &[(f.rice.id, 50, 750_000)], "2021-08-01"), None).await.unwrap();
        let money = f.office.create_donation(&cash(c, Some(hoa.id), 1_000_000, "2021-08-02"), None).await.unwrap();
        // A gift that stays, so the campaign keeps a balance.
        f.office.create_donation(&cash(c, None, 200_000, "2021-08-03"), None).await.unwrap();
        assert!(goods.can_reverse);
        refused(viewer.reverse_donation(goods.id, &reason()).await, FORBIDDEN, "forbidden");
        refused(regional.reverse_donation(goods.id, &reason()).await, FORBIDDEN, "forbidden");
        assert_eq!(refused(f.office.reverse_donation(goods.id, &ReverseRequest { reason: "sai".into() }).await, INVALID, "validation"), pairs(&[("reason", "too_short")]));

        let reversed = f.office.reverse_donation(goods.id, &reason()).await.unwrap();
        let reversal = reversed.reversal.as_ref().unwrap();
        assert_eq!((reversal.reason.as_str(), reversal.by.name.as_str(), reversed.can_reverse), ("Nhập nhầm số liệu", "Người dùng van.phong", false));
        assert_eq!(reversed.receipt_number, goods.receipt_number, "the number stays used");
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, Quantity::ZERO);
        let stock = movements(&f.office, f.hanoi.id).await;
        assert_eq!(stock.len(), 2);
        assert_eq!((stock[0].quantity, stock[0].reverses, stock[0].balance_after), (units(-50), Some(stock[1].id), Quantity::ZERO));
        f.office.reverse_donation(money.id, &reason()).await.unwrap();
        for (id, client) in [(goods.id, &f.office), (money.id, &app.admin)] {
            refused(client.reverse_donation(id, &reason()).await, CONFLICT, "already_reversed");
        }
        let report = f.office.campaign_report(c).await.unwrap();
        assert_eq!((report.received_cash, report.received_goods_value, report.donations), (200_000, 0, 1));
        assert_eq!(report.goods.iter().find(|g| g.item.id == f.rice.id).map(|g| g.received), Some(Quantity::ZERO));
        assert!(report.by_location.is_empty(), "{:?}", report.by_location);
        assert_eq!(report.by_donor.iter().map(|d| d.donor.as_ref().map(|d| d.id)).collect::<Vec<_>>(), [None]);
        let statement = f.office.donor_statement(hoa.id).await.unwrap();
        assert_eq!((statement.donations, statement.cash, statement.goods_value), (0, 0, 0));
        let cashbook = f.office.list_campaign_cash(c, &[]).await.unwrap().items;
        assert_eq!(cashbook[0].amount, -1_000_000);
        assert_eq!(cashbook[0].balance_after, 200_000);

        // Goods that moved on cannot be taken back: nothing changes.
        let more = f.office.create_donation(&in_kind(c, None, f.hanoi.id, &[(f.rice.id, 20, 300_000), (f.oil.id, 5, 200_000)], "2021-08-04"), None).await.unwrap();
        f.office.create_stock_transfer(&transfer(f.hanoi.id, f.saigon.id, &[(f.rice.id, 15)]), None).await.unwrap();
        let before = (movements(&f.office, f.hanoi.id).await.len(), f.office.campaign_report(c).await.unwrap());
        refused(f.office.reverse_donation(more.id, &reason()).await, CONFLICT, "insufficient_stock");
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, units(5));
        assert_eq!(balance(&f.office, f.hanoi.id, f.oil.id).await, units(5));
        assert_eq!(balance(&f.office, f.saigon.id, f.rice.id).await, units(15));
        assert_eq!(movements(&f.office, f.hanoi.id).await.len(), before.0);
        assert_eq!(f.office.campaign_report(c).await.unwrap(), before.1);
        assert!(f.office.get_donation(more.id).await.unwrap().reversal.is_none());
        // Once they are back, the reversal goes through.
        f.office.create_stock_transfer(&transfer(f.saigon.id, f.hanoi.id, &[(f.rice.id, 15)]), None).await.unwrap();
        f.office.reverse_donation(more.id, &reason()).await.unwrap();
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, Quantity::ZERO);

        // Money already paid out cannot leave twice.
        let spent = f.office.create_donation(&cash(c, None, 500_000, "2021-08-05"), None).await.unwrap();
        let pay = CreateDisbursement { amount: 700_000, occurred_on: date("2021-08-06"), note: "Mua gạo cho hộ nghèo".into(), reference: "PC-01".into() };
        f.office.create_disbursement(c, &pay, None).await.unwrap();
        refused(f.office.reverse_donation(spent.id, &reason()).await, CONFLICT, "insufficient_funds");
        assert!(f.office.get_donation(spent.id).await.unwrap().reversal.is_none());
        ledgers_add_up(&app, &[f.hanoi.id, f.saigon.id]).await;
    }

    async fn transfers_move_goods_in_two_legs_and_never_overdraw(app) {
        let f = fixture(&app).await;
        let (_, viewer) = app.user("nguoi.xem", Role::Viewer, None).await;
        f.office.create_donation(&in_kind(f.campaign.id, None, f.hanoi.id, &[(f.rice.id, 10, 0), (f.oil.id, 3, 0)], "2021-08-01"), None).await.unwrap();
        refused(viewer.create_stock_transfer(&transfer(f.hanoi.id, f.saigon.id, &[(f.rice.id, 4)]), None).await, FORBIDDEN, "forbidden");
        let same = transfer(f.hanoi.id, f.hanoi.id, &[(f.rice.id, 1)]);
        assert_eq!(refused(f.office.create_stock_transfer(&same, None).await, INVALID, "validation"), pairs(&[("to_location_id", "same_location")]));

        let moved_out = f.office.create_stock_transfer(&transfer(f.hanoi.id, f.saigon.id, &[(f.rice.id, 4)]), None).await.unwrap();
        assert_eq!((moved_out.from_location.id, moved_out.to_location.id), (f.hanoi.id, f.saigon.id));
        let out = movements(&f.office, f.hanoi.id).await;
        let into = movements(&f.office, f.saigon.id).await;
        let out_leg = out.iter().find(|m| m.transfer_id == Some(moved_out.id)).unwrap();
        let in_leg = into.iter().find(|m| m.transfer_id == Some(moved_out.id)).unwrap();
        assert_eq!((out_leg.kind, out_leg.quantity, out_leg.balance_after), (MovementKind::TransferOut, units(-4), units(6)));
        assert_eq!((in_leg.kind, in_leg.quantity, in_leg.balance_after), (MovementKind::TransferIn, units(4), units(4)));
        assert_eq!(into.len(), 1);
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, moved(&out, f.rice.id));
        assert_eq!(balance(&f.office, f.saigon.id, f.rice.id).await, units(4));

        // More than is held: refused whole, every line, and nothing changes.
        for lines in [vec![(f.rice.id, 7)], vec![(f.oil.id, 1), (f.rice.id, 7)]] {
            refused(f.office.create_stock_transfer(&transfer(f.hanoi.id, f.saigon.id, &lines), None).await, CONFLICT, "insufficient_stock");
        }
        assert_eq!(movements(&f.office, f.hanoi.id).await.len(), out.len());
        assert_eq!(movements(&f.office, f.saigon.id).await.len(), 1);
        assert_eq!((balance(&f.office, f.hanoi.id, f.rice.id).await, balance(&f.office, f.hanoi.id, f.oil.id).await), (units(6), units(3)));
        assert_eq!(f.office.list_stock_transfers(&[]).await.unwrap().items.len(), 1);

        // A transfer is reversed once, while the goods are still where they went.
        let back = f.office.reverse_stock_transfer(moved_out.id, &reason()).await.unwrap();
        assert!(back.reversal.is_some());
        assert_eq!((balance(&f.office, f.hanoi.id, f.rice.id).await, balance(&f.office, f.saigon.id, f.rice.id).await), (units(10), Quantity::ZERO));
        refused(f.office.reverse_stock_transfer(moved_out.id, &reason()).await, CONFLICT, "already_reversed");
        let onward = f.office.create_stock_transfer(&transfer(f.hanoi.id, f.saigon.id, &[(f.rice.id, 2)]), None).await.unwrap();
        f.office.create_stock_transfer(&transfer(f.saigon.id, f.hanoi.id, &[(f.rice.id, 2)]), None).await.unwrap();
        refused(f.office.reverse_stock_transfer(onward.id, &reason()).await, CONFLICT, "insufficient_stock");
        ledgers_add_up(&app, &[f.hanoi.id, f.saigon.id]).await;
    }

    async fn fifty_transfers_at_once_out_of_ten_units_leave_exactly_ten_posted(app) {
        let f = fixture(&app).await;
        f.office.create_donation(&in_kind(f.campaign.id, None, f.hanoi.id, &[(f.oil.id, 10, 0)], "2021-08-01"), None).await.unwrap();
        let answers = futures_util::future::join_all((0..RACERS).map(|_| {
            let (office, body) = (f.office.clone(), transfer(f.hanoi.id, f.saigon.id, &[(f.oil.id, 1)]));
            async move { office.create_stock_transfer(&body, None).await }
        }))
        .await;
        let mut posted = 0;
        for answer in answers {
            match answer {
                Ok(_) => posted += 1,
                Err(error) => {
                    assert_eq!((error.status(), error.code()), (Some(409), Some("insufficient_stock")), "{error}");
                }
            }
        }
        assert_eq!(posted, 10, "exactly what the stock held");
        assert_eq!(balance(&f.office, f.hanoi.id, f.oil.id).await, Quantity::ZERO);
        assert_eq!(balance(&f.office, f.saigon.id, f.oil.id).await, units(10));
        let out = movements(&f.office, f.hanoi.id).await;
        assert_eq!(out.iter().filter(|m| m.kind == MovementKind::TransferOut).count(), 10);
        let mut left: Vec<i64> = out.iter().filter(|m| m.kind == MovementKind::TransferOut).map(|m| m.balance_after.milli()).collect();
        left.sort();
        assert_eq!(left, (0..10).map(|n| n * 1_000).collect::<Vec<_>>(), "each transfer left one less");
        assert_eq!(f.office.list_stock_transfers(&[("limit", "200")]).await.unwrap().items.len(), 10);
        ledgers_add_up(&app, &[f.hanoi.id, f.saigon.id]).await;
    }

    async fn crossing_transfers_at_once_all_post_and_keep_the_ledgers_whole(app) {
        // Transfers both ways between two locations lock their two balances in opposite
        // orders; on PostgreSQL a deadlock is retried, never answered as an error.
        let f = fixture(&app).await;
        for location in [f.hanoi.id, f.saigon.id] {
            f.office.create_donation(&in_kind(f.campaign.id, None, location, &[(f.rice.id, 100, 0)], "2021-08-01"), None).await.unwrap();
        }
        let answers = futures_util::future::join_all((0..40).map(|n| {
            let (from, to) = if n % 2 == 0 { (f.hanoi.id, f.saigon.id) } else { (f.saigon.id, f.hanoi.id) };
            let (office, body) = (f.office.clone(), transfer(from, to, &[(f.rice.id, 1 + n % 3)]));
            async move { (from, body.lines[0].quantity, office.create_stock_transfer(&body, None).await) }
        }))
        .await;
        let mut hanoi = units(100).milli();
        for (from, quantity, answer) in answers {
            match answer {
                Ok(_) => hanoi += if from == f.hanoi.id { -quantity.milli() } else { quantity.milli() },
                Err(error) => assert_eq!(error.status(), Some(503), "only a busy answer may be retried later: {error}"),
            }
        }
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, Quantity(hanoi));
        assert_eq!(balance(&f.office, f.saigon.id, f.rice.id).await, Quantity(units(200).milli() - hanoi));
        ledgers_add_up(&app, &[f.hanoi.id, f.saigon.id]).await;
    }

    async fn racing_reversals_and_approvals_post_once(app) {
        let f = fixture(&app).await;
        let (_, second) = app.user("van.phong.2", Role::Office, None).await;
        let gift = f.office.create_donation(&in_kind(f.campaign.id, None, f.hanoi.id, &[(f.rice.id, 30, 300_000)], "2021-08-01"), None).await.unwrap();
        let money = f.office.create_donation(&cash(f.campaign.id, None, 1_000_000, "2021-08-01"), None).await.unwrap();
        let asked = f.office.create_stock_adjustment(&adjustment(f.hanoi.id, f.rice.id, 4), None).await.unwrap();
        let reversals = futures_util::future::join_all((0..10).map(|n| {
            let (client, id) = (if n % 2 == 0 { f.office.clone() } else { app.admin.clone() }, if n < 5 { gift.id } else { money.id });
            async move { client.reverse_donation(id, &reason()).await }
        }))
        .await;
        let approvals = futures_util::future::join_all((0..6).map(|_| {
            let client = second.clone();
            async move { client.approve_stock_adjustment(asked.id, &DecideAdjustment::default()).await }
        }))
        .await;
        let won = |answers: Vec<Result<_, ClientError>>, code: &str| {
            answers
                .into_iter()
                .filter(|answer| match answer {
                    Ok(_) => true,
                    Err(error) => {
                        assert_eq!(error.code(), Some(code), "{error}");
                        false
                    }
                })
                .count()
        };
        let reversed: Vec<Result<(), ClientError>> = reversals.into_iter().map(|answer| answer.map(drop)).collect();
        assert_eq!(won(reversed, "already_reversed"), 2, "each donation is reversed once");
        let approved: Vec<Result<(), ClientError>> = approvals.into_iter().map(|answer| answer.map(drop)).collect();
        assert_eq!(won(approved, "not_pending"), 1, "the adjustment is posted once");
        // 30 in, 30 taken back out, 4 found by a count.
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, units(4));
        let report = f.office.campaign_report(f.campaign.id).await.unwrap();
        assert_eq!((report.donations, report.received_cash, report.received_goods_value), (0, 0, 0));
        ledgers_add_up(&app, &[f.hanoi.id]).await;
    }

    async fn an_adjustment_counts_only_once_another_person_approves_it(app) {
        let f = fixture(&app).await;
        let (_, second) = app.user("van.phong.2", Role::Office, None).await;
        let (_, viewer) = app.user("nguoi.xem", Role::Viewer, None).await;
        f.office.create_donation(&in_kind(f.campaign.id, None, f.hanoi.id, &[(f.rice.id, 10, 0)], "2021-08-01"), None).await.unwrap();
        refused(viewer.create_stock_adjustment(&adjustment(f.hanoi.id, f.rice.id, -3), None).await, FORBIDDEN, "forbidden");
        let zero = CreateStockAdjustment { quantity: Quantity::ZERO, ..adjustment(f.hanoi.id, f.rice.id, -3) };
        assert_eq!(refused(f.office.create_stock_adjustment(&zero, None).await, INVALID, "validation"), pairs(&[("quantity", "out_of_range")]));
        // An unknown item is named by the request's own field.
        let unknown = adjustment(f.hanoi.id, Uuid::now_v7(), -1);
        assert_eq!(refused(f.office.create_stock_adjustment(&unknown, None).await, INVALID, "validation"), pairs(&[("item_id", "unknown")]));

        let pending = f.office.create_stock_adjustment(&adjustment(f.hanoi.id, f.rice.id, -3), None).await.unwrap();
        assert_eq!((pending.status, pending.can_decide), (AdjustmentStatus::Pending, false));
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, units(10), "a pending adjustment changes nothing");
        let listed = second.list_stock_adjustments(&[("status", "pending")]).await.unwrap().items;
        assert_eq!((listed.len(), listed[0].can_decide), (1, true));
        let note = DecideAdjustment { note: "Đã kiểm tra".into() };
        refused(f.office.approve_stock_adjustment(pending.id, &note).await, FORBIDDEN, "forbidden");
        refused(viewer.approve_stock_adjustment(pending.id, &note).await, FORBIDDEN, "forbidden");
        let approved = second.approve_stock_adjustment(pending.id, &note).await.unwrap();
        assert_eq!((approved.status, approved.decided_by.as_ref().map(|u| u.name.as_str())), (AdjustmentStatus::Approved, Some("Người dùng van.phong.2")));
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, units(7));
        let stock = movements(&f.office, f.hanoi.id).await;
        assert_eq!((stock[0].kind, stock[0].quantity, stock[0].adjustment_id, Some(stock[0].id)), (MovementKind::Adjustment, units(-3), Some(pending.id), approved.movement_id));
        refused(second.approve_stock_adjustment(pending.id, &note).await, CONFLICT, "not_pending");
        refused(second.reject_stock_adjustment(pending.id, &note).await, CONFLICT, "not_pending");

        // More than is held: refused on approval, and it stays pending.
        let too_much = f.office.create_stock_adjustment(&adjustment(f.hanoi.id, f.rice.id, -100), None).await.unwrap();
        refused(second.approve_stock_adjustment(too_much.id, &note).await, CONFLICT, "insufficient_stock");
        let still = second.list_stock_adjustments(&[("status", "pending")]).await.unwrap().items;
        assert_eq!(still.iter().map(|a| (a.id, a.status)).collect::<Vec<_>>(), [(too_much.id, AdjustmentStatus::Pending)]);
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, units(7));
        let rejected = second.reject_stock_adjustment(too_much.id, &note).await.unwrap();
        assert_eq!(rejected.status, AdjustmentStatus::Rejected);
        // A count that found more adds it, once approved.
        let found = second.create_stock_adjustment(&adjustment(f.hanoi.id, f.rice.id, 2), None).await.unwrap();
        f.office.approve_stock_adjustment(found.id, &DecideAdjustment::default()).await.unwrap();
        assert_eq!(balance(&f.office, f.hanoi.id, f.rice.id).await, units(9));
        ledgers_add_up(&app, &[f.hanoi.id]).await;
    }

    async fn a_regional_office_moves_goods_only_at_the_locations_of_its_provinces(app) {
        let f = fixture(&app).await;
        let c = f.campaign.id;
        let hcm = app.admin.area_by_code(Layout::L2021, "79").await.unwrap().id;
        let regional = scoped(&app, "t26", Role::RegionalOffice, vec![hcm]).await;
        for location in [f.hanoi.id, f.saigon.id] {
            f.office.create_donation(&in_kind(c, None, location, &[(f.rice.id, 10, 0)], "2021-08-01"), None).await.unwrap();
        }
        let flags: BTreeMap<Uuid, bool> = regional.all_aid_locations(&[]).await.unwrap().into_iter().map(|l| (l.id, l.can_manage_stock)).collect();
        assert_eq!(flags, BTreeMap::from([(f.hanoi.id, false), (f.saigon.id, true)]));

        regional.create_stock_transfer(&transfer(f.saigon.id, f.hanoi.id, &[(f.rice.id, 3)]), None).await.unwrap();
        refused(regional.create_stock_transfer(&transfer(f.hanoi.id, f.saigon.id, &[(f.rice.id, 3)]), None).await, FORBIDDEN, "forbidden");
        assert_eq!((balance(&f.office, f.hanoi.id, f.rice.id).await, balance(&f.office, f.saigon.id, f.rice.id).await), (units(13), units(7)));
        // Goods received, adjustments asked for: likewise.
        regional.create_donation(&in_kind(c, None, f.saigon.id, &[(f.noodles.id, 5, 0)], "2021-08-02"), None).await.unwrap();
        refused(regional.create_donation(&in_kind(c, None, f.hanoi.id, &[(f.noodles.id, 5, 0)], "2021-08-02"), None).await, FORBIDDEN, "forbidden");
        regional.create_donation(&cash(c, None, 100_000, "2021-08-02"), None).await.unwrap();
        let asked = regional.create_stock_adjustment(&adjustment(f.saigon.id, f.rice.id, -1), None).await.unwrap();
        refused(regional.create_stock_adjustment(&adjustment(f.hanoi.id, f.rice.id, -1), None).await, FORBIDDEN, "forbidden");
        let elsewhere = f.office.create_stock_adjustment(&adjustment(f.hanoi.id, f.rice.id, -1), None).await.unwrap();
        refused(regional.approve_stock_adjustment(elsewhere.id, &DecideAdjustment::default()).await, FORBIDDEN, "forbidden");
        f.office.approve_stock_adjustment(asked.id, &DecideAdjustment::default()).await.unwrap();
        assert_eq!(balance(&f.office, f.saigon.id, f.rice.id).await, units(6));
        // Running campaigns and paying out are the Office's.
        let pay = CreateDisbursement { amount: 1_000, occurred_on: date("2021-08-03"), note: "Chi hỗ trợ".into(), reference: String::new() };
        refused(regional.create_disbursement(c, &pay, None).await, FORBIDDEN, "forbidden");
        ledgers_add_up(&app, &[f.hanoi.id, f.saigon.id]).await;
    }

    async fn cash_is_paid_out_only_from_what_came_in(app) {
        let f = fixture(&app).await;
        let c = f.campaign.id;
        let (_, viewer) = app.user("nguoi.xem", Role::Viewer, None).await;
        let gift = f.office.create_donation(&cash(c, None, 1_000_000, "2021-08-01"), None).await.unwrap();
        let pay = |amount| CreateDisbursement { amount, occurred_on: date("2021-08-10"), note: "Mua gạo cho hộ nghèo".into(), reference: "PC-01".into() };
        refused(viewer.create_disbursement(c, &pay(100_000), None).await, FORBIDDEN, "forbidden");
        refused(f.office.create_disbursement(c, &pay(1_000_001), None).await, CONFLICT, "insufficient_funds");
        let paid = f.office.create_disbursement(c, &pay(600_000), None).await.unwrap();
        assert_eq!((paid.kind, paid.amount, paid.balance_after), (CashEntryKind::Disbursed, -600_000, 400_000));
        refused(f.office.create_disbursement(c, &pay(400_001), None).await, CONFLICT, "insufficient_funds");
        let report = f.office.campaign_report(c).await.unwrap();
        assert_eq!((report.received_cash, report.disbursed_cash, report.cash_balance), (1_000_000, 600_000, 400_000));

        refused(viewer.reverse_cash_entry(paid.id, &reason()).await, FORBIDDEN, "forbidden");
        let undone = f.office.reverse_cash_entry(paid.id, &reason()).await.unwrap();
        assert_eq!((undone.amount, undone.balance_after, undone.reverses), (600_000, 1_000_000, Some(paid.id)));
        refused(f.office.reverse_cash_entry(paid.id, &reason()).await, CONFLICT, "already_reversed");
        let report = f.office.campaign_report(c).await.unwrap();
        assert_eq!((report.disbursed_cash, report.cash_balance), (0, 1_000_000));
        let cashbook = f.office.list_campaign_cash(c, &[]).await.unwrap().items;
        assert_eq!(cashbook.iter().map(|e| (e.amount, e.balance_after)).collect::<Vec<_>>(), [(600_000, 1_000_000), (-600_000, 400_000), (1_000_000, 1_000_000)]);
        assert!(cashbook[1].reversed);
        // A receipt is undone with its donation, not here.
        let receipt = cashbook.iter().find(|e| e.donation_id == Some(gift.id)).unwrap();
        refused(f.office.reverse_cash_entry(receipt.id, &reason()).await, CONFLICT, "not_reversible");
        f.office.create_disbursement(c, &pay(1_000_000), None).await.unwrap();
        assert_eq!(f.office.campaign_report(c).await.unwrap().cash_balance, 0);
        ledgers_add_up(&app, &[]).await;
    }

    async fn a_receipt_prints_the_donor_the_amount_and_the_number_on_a4_and_a5(app) {
        let f = fixture(&app).await;
        let (_, viewer) = app.user("nguoi.xem", Role::Viewer, None).await;
        let donor = f.office.create_donor(&donor_body(DonorKind::Business, LONG_NAME, Some("0401234567-001"), None), None).await.unwrap();
        let gift = f.office.create_donation(&bank(f.campaign.id, Some(donor.id), 1_500_000, "FT21309123456789", "2021-08-05"), None).await.unwrap();
        for (paper, size) in [(Paper::A5, (420, 595)), (Paper::A4, (595, 842))] {
            let receipt = viewer.donation_receipt(gift.id, paper).await.unwrap();
            assert_eq!(receipt.content_type, "application/pdf");
            assert!(receipt.bytes.starts_with(b"%PDF-"));
            assert!(receipt.disposition.contains("BN-2021-000001.pdf"), "{}", receipt.disposition);
            let (text, pages) = read_pdf(&receipt.bytes);
            for expected in [LONG_NAME, "BIÊN NHẬN", "1.500.000", "BN-2021-000001", "0401234567-001", "FT21309123456789", "Chung tay vì Thành phố Hồ Chí Minh"] {
                assert!(text.contains(expected), "{paper:?}: «{expected}» not in {text}");
            }
            assert!(!text.contains("Đã hủy"), "{text}");
            assert_eq!(pages, size, "{paper:?}");
        }
        let goods = f.office.create_donation(&in_kind(f.campaign.id, None, f.hanoi.id, &[(f.rice.id, 100, 1_500_000)], "2021-08-06"), None).await.unwrap();
        let (text, _) = read_pdf(&f.office.donation_receipt(goods.id, Paper::A5).await.unwrap().bytes);
        assert!(text.contains("Gạo") && text.contains("BN-2021-000002") && text.contains("Nhà hảo tâm ẩn danh"), "{text}");

        f.office.reverse_donation(gift.id, &reason()).await.unwrap();
        let (text, _) = read_pdf(&f.office.donation_receipt(gift.id, Paper::A4).await.unwrap().bytes);
        assert!(text.contains("Đã hủy") && text.contains("Nhập nhầm số liệu") && text.contains("BN-2021-000001"), "{text}");
        let unknown = viewer.donation_receipt(Uuid::now_v7(), Paper::A4).await;
        refused(unknown, StatusCode::NOT_FOUND, "not_found");
        let bad = viewer.request(Method::GET, &format!("/api/v1/donations/{}/receipt?paper=a3", gift.id)).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    }

    async fn exports_follow_the_filters_and_never_carry_contacts(app) {
        let f = fixture(&app).await;
        let (_, viewer) = app.user("nguoi.xem", Role::Viewer, None).await;
        let mut person = donor_body(DonorKind::Individual, "Nguyễn Văn Hùng", None, Some("0912 345 678"));
        person.email = Some("hung.nguyen@example.vn".into());
        let hung = f.office.create_donor(&person, None).await.unwrap();
        f.office.create_donor(&donor_body(DonorKind::Business, "Công ty TNHH Hoàng Phúc", Some("0101234567"), Some("0903 822 123")), None).await.unwrap();
        let other = app.admin.create_campaign(&campaign_body("Vì miền Trung", f.unit, Some(CampaignStatus::Open)), None).await.unwrap();
        for n in 0..3 {
            f.office.create_donation(&cash(f.campaign.id, Some(hung.id), 100_000 + n, "2021-08-01"), None).await.unwrap();
        }
        f.office.create_donation(&in_kind(f.campaign.id, None, f.hanoi.id, &[(f.rice.id, 12, 0), (f.oil.id, 2, 0)], "2021-08-02"), None).await.unwrap();
        f.office.create_donation(&cash(other.id, Some(hung.id), 999_000, "2021-08-03"), None).await.unwrap();

        let campaign = f.campaign.id.to_string();
        let csv = viewer.export_donations(&[("format", "csv"), ("campaign_id", campaign.as_str())]).await.unwrap();
        assert!(csv.content_type.starts_with("text/csv"), "{}", csv.content_type);
        let text = String::from_utf8(csv.bytes).unwrap();
        assert_eq!(text.lines().count(), 1 + 4, "a header and the campaign's four donations: {text}");
        assert!(text.contains("BN-2021-000004") && !text.contains("999000") && !text.contains("Vì miền Trung"), "{text}");
        assert!(text.lines().next().unwrap().contains("Số biên nhận"), "{text}");
        let all = String::from_utf8(viewer.export_donations(&[("format", "csv"), ("lang", "en")]).await.unwrap().bytes).unwrap();
        assert_eq!(all.lines().count(), 1 + 5, "{all}");
        let xlsx = viewer.export_donations(&[("format", "xlsx"), ("campaign_id", campaign.as_str())]).await.unwrap();
        assert!(xlsx.bytes.starts_with(b"PK\x03\x04"), "an XLSX is a ZIP");
        assert!(xlsx.disposition.contains("donations.xlsx"), "{}", xlsx.disposition);

        for client in [&viewer, &f.office] {
            for format in ["csv", "xlsx"] {
                let file = client.export_donors(&[("format", format)]).await.unwrap().bytes;
                let text = String::from_utf8_lossy(&file);
                for secret in ["0912345678", "345678", "345 678", "912345678", "903822123", "822 123", "hung.nguyen", "•"] {
                    assert!(!text.contains(secret), "{format}: the donor export carries {secret}");
                }
            }
        }
        let donors = String::from_utf8(f.office.export_donors(&[("format", "csv")]).await.unwrap().bytes).unwrap();
        assert_eq!(donors.lines().count(), 3, "{donors}");
        assert!(donors.contains("Nguyễn Văn Hùng") && donors.contains("0101234567"), "{donors}");
        let businesses = String::from_utf8(f.office.export_donors(&[("kind", "business")]).await.unwrap().bytes).unwrap();
        assert_eq!(businesses.lines().count(), 2, "{businesses}");

        let stock = String::from_utf8(viewer.export_stock_balances(&[("format", "csv"), ("lang", "en")]).await.unwrap().bytes).unwrap();
        assert_eq!(stock.lines().count(), 3, "{stock}");
        assert!(stock.contains("Kho Phúc Xá") && stock.contains("12"), "{stock}");
    }

    async fn a_viewer_reads_every_aid_list_and_is_refused_every_write(app) {
        let f = fixture(&app).await;
        let (_, viewer) = app.user("nguoi.xem", Role::Viewer, None).await;
        let c = f.campaign.id;
        let donor = f.office.create_donor(&donor_body(DonorKind::Individual, "Phạm Thị Hoa", None, Some("0912345678")), None).await.unwrap();
        let goods = f.office.create_donation(&in_kind(c, Some(donor.id), f.hanoi.id, &[(f.rice.id, 10, 0)], "2021-08-01"), None).await.unwrap();
        let money = f.office.create_donation(&cash(c, Some(donor.id), 500_000, "2021-08-01"), None).await.unwrap();
        let moved_out = f.office.create_stock_transfer(&transfer(f.hanoi.id, f.saigon.id, &[(f.rice.id, 1)]), None).await.unwrap();
        let pledge = f.office.create_pledge(&CreatePledge { donor_id: donor.id, campaign_id: c, cash_amount: 1_000, lines: Vec::new(), due_on: None, note: String::new() }, None).await.unwrap();
        let asked = f.office.create_stock_adjustment(&adjustment(f.hanoi.id, f.rice.id, -1), None).await.unwrap();
        let pay = CreateDisbursement { amount: 1_000, occurred_on: date("2021-08-02"), note: "Chi hỗ trợ".into(), reference: String::new() };
        let paid = f.office.create_disbursement(c, &pay, None).await.unwrap();

        // Every read answers.
        let (campaign, location) = (c.to_string(), f.hanoi.id.to_string());
        for path in [
            "/api/v1/aid-items".to_owned(),
            "/api/v1/aid-locations".to_owned(),
            format!("/api/v1/aid-locations/{location}"),
            "/api/v1/donors".to_owned(),
            "/api/v1/donors/export".to_owned(),
            format!("/api/v1/donors/{}", donor.id),
            format!("/api/v1/donors/{}/statement", donor.id),
            "/api/v1/campaigns".to_owned(),
            format!("/api/v1/campaigns/{campaign}"),
            format!("/api/v1/campaigns/{campaign}/report"),
            format!("/api/v1/campaigns/{campaign}/report/export"),
            format!("/api/v1/campaigns/{campaign}/cash"),
            "/api/v1/pledges".to_owned(),
            format!("/api/v1/pledges/{}", pledge.id),
            "/api/v1/donations".to_owned(),
            "/api/v1/donations/export".to_owned(),
            format!("/api/v1/donations/{}", goods.id),
            format!("/api/v1/donations/{}/receipt", goods.id),
            "/api/v1/stock-balances".to_owned(),
            "/api/v1/stock-balances/export".to_owned(),
            format!("/api/v1/stock-movements?location_id={location}"),
            "/api/v1/stock-transfers".to_owned(),
            "/api/v1/stock-adjustments".to_owned(),
        ] {
            let answer = viewer.request(Method::GET, &path).send().await.unwrap();
            assert_eq!(answer.status(), StatusCode::OK, "GET {path}");
        }
        assert_eq!(viewer.list_donations(&[]).await.unwrap().items.len(), 2);
        assert!(viewer.list_donations(&[]).await.unwrap().items.iter().all(|d| !d.can_reverse));

        // Every write is refused, and nothing changed.
        let item = f.rice.id;
        let etag = danvan_client::etag_of(1);
        let checks: Vec<(&str, Result<(), ClientError>)> = vec![
            ("create item", viewer.create_aid_item(&CreateItem { code: "milk".into(), name_vi: "Sữa".into(), name_en: "Milk".into(), unit: ItemUnit::Box, category: ItemCategory::Food, position: None }, None).await.map(drop)),
            ("update item", viewer.update_aid_item(item, &etag, &UpdateItem { name_en: Some("Rice".into()), ..Default::default() }).await.map(drop)),
            ("create location", viewer.create_aid_location(&CreateLocation { name: "Kho".into(), kind: LocationKind::Warehouse, org_unit_id: f.unit, area_id: f.hanoi.area.id, address: String::new() }, None).await.map(drop)),
            ("update location", viewer.update_aid_location(f.hanoi.id, &etag, &UpdateLocation { name: Some("Kho".into()), ..Default::default() }).await.map(drop)),
            ("create donor", viewer.create_donor(&donor_body(DonorKind::Individual, "Lê Văn Tám", None, None), None).await.map(drop)),
            ("update donor", viewer.update_donor(donor.id, &etag, &UpdateDonor { note: Some("Ghi chú".into()), ..Default::default() }).await.map(drop)),
            ("reveal donor", viewer.reveal_donor(donor.id, &RevealRequest { reason: "Xác nhận".into() }).await.map(drop)),
            ("create campaign", viewer.create_campaign(&campaign_body("Chiến dịch", f.unit, None), None).await.map(drop)),
            ("update campaign", viewer.update_campaign(c, &etag, &UpdateCampaign { name: Some("Tên".into()), ..Default::default() }).await.map(drop)),
            ("disburse", viewer.create_disbursement(c, &pay, None).await.map(drop)),
            ("reverse cash entry", viewer.reverse_cash_entry(paid.id, &reason()).await.map(drop)),
            ("create pledge", viewer.create_pledge(&CreatePledge { donor_id: donor.id, campaign_id: c, cash_amount: 1_000, lines: Vec::new(), due_on: None, note: String::new() }, None).await.map(drop)),
            ("update pledge", viewer.update_pledge(pledge.id, &etag, &UpdatePledge { note: Some("Ghi chú".into()), ..Default::default() }).await.map(drop)),
            ("create donation", viewer.create_donation(&cash(c, None, 1_000, "2021-08-03"), None).await.map(drop)),
            ("reverse donation", viewer.reverse_donation(money.id, &reason()).await.map(drop)),
            ("create transfer", viewer.create_stock_transfer(&transfer(f.hanoi.id, f.saigon.id, &[(item, 1)]), None).await.map(drop)),
            ("reverse transfer", viewer.reverse_stock_transfer(moved_out.id, &reason()).await.map(drop)),
            ("create adjustment", viewer.create_stock_adjustment(&adjustment(f.hanoi.id, item, -1), None).await.map(drop)),
            ("approve adjustment", viewer.approve_stock_adjustment(asked.id, &DecideAdjustment::default()).await.map(drop)),
            ("reject adjustment", viewer.reject_stock_adjustment(asked.id, &DecideAdjustment::default()).await.map(drop)),
        ];
        for (what, answer) in checks {
            let error = answer.expect_err(what);
            assert_eq!((error.status(), error.code()), (Some(403), Some("forbidden")), "{what}: {error}");
        }
        assert_eq!(f.office.list_donations(&[]).await.unwrap().items.len(), 2);
        assert_eq!(balance(&f.office, f.hanoi.id, item).await, units(9));
        assert_eq!(f.office.list_stock_adjustments(&[("status", "pending")]).await.unwrap().items.len(), 1);
    }
}

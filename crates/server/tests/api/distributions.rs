//! Distribution rounds over HTTP on both databases: a round covers the eligible people of
//! its area and is approved by a second person (never its author); it moves only along
//! its table; deliveries post to the stock and cash ledgers so that 50 at once never take
//! a balance below zero and deliver exactly what the stock holds; a retried delivery under
//! one Idempotency-Key is recorded once; a person receives a campaign's entitlement once
//! (double dipping refused); not delivered with a reason; a cancelled round frees its
//! people; the campaign report follows; a regional office reaches its provinces only.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{new_user, refused, TestApp, PASSWORD};
use danvan_client::{distributions::RoundStep, etag_of, Client};
use danvan_domain::{
    aid::{
        CancelRequest, CreateDonation, CreateLocation, CreateRound, DeliverRequest, DistributionLine,
        DistributionRound, DonationChannel, DonationLineRequest, GoodsLine, LineStatus, LocationKind, MovementKind,
        NotDeliveredReason, NotDeliveredRequest, Quantity, RoundStatus,
    },
    area::Layout,
    org_unit::{CreateOrgUnit, OrgUnitKind},
    role::Role,
    user::CreateUser,
};
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

const CONFLICT: StatusCode = StatusCode::CONFLICT;
const FORBIDDEN: StatusCode = StatusCode::FORBIDDEN;
const NOT_FOUND: StatusCode = StatusCode::NOT_FOUND;

/// How many deliveries race in the concurrency test.
const RACERS: usize = 50;

/// Phúc Xá (Ba Đình, Hà Nội) and Trúc Bạch, its neighbour; Tân Định (Hồ Chí Minh City).
const PHUC_XA: &str = "00001";
const TRUC_BACH: &str = "00004";
const TAN_DINH: &str = "26734";

struct Fixture {
    unit: Uuid,
    /// Builds rounds.
    builder: Client,
    /// Approves and delivers.
    approver: Client,
    campaign: Uuid,
    warehouse: Uuid,
    rice: Uuid,
    oil: Uuid,
    /// Two categories of people.
    poor: Uuid,
    elderly: Uuid,
    phuc_xa: Uuid,
    truc_bach: Uuid,
    hanoi: Uuid,
}

async fn area(app: &TestApp, code: &str) -> danvan_domain::area::Area {
    app.admin.area_by_code(Layout::L2021, code).await.unwrap()
}

/// The province of the 2021 commune `code`.
async fn province_of(app: &TestApp, code: &str) -> Uuid {
    let commune = area(app, code).await;
    let district = app.admin.request(Method::GET, &format!("/api/v1/areas/{}", commune.parent_id.unwrap()));
    let district: serde_json::Value = district.send().await.unwrap().json().await.unwrap();
    district["parent_id"].as_str().unwrap().parse().unwrap()
}

async fn campaign(app: &TestApp, unit: Uuid, name: &str) -> Uuid {
    let body = json!({ "name": name, "starts_on": "2021-07-15", "status": "open", "org_unit_id": unit });
    let answer = app.admin.request(Method::POST, "/api/v1/campaigns").json(&body).send().await.unwrap();
    assert_eq!(answer.status(), StatusCode::CREATED);
    let created: serde_json::Value = answer.json().await.unwrap();
    created["id"].as_str().unwrap().parse().unwrap()
}

/// A category of people, made for the test (the seeded list may differ).
async fn category(app: &TestApp, code: &str, position: i64) -> Uuid {
    let id = Uuid::now_v7();
    app.run_sql(format!(
        "INSERT INTO support_categories (id, code, name_vi, name_en, active, position, version, created_at, updated_at) \
         VALUES ('{id}', '{code}', 'Nhóm {code}', 'Group {code}', TRUE, {position}, 1, '2021-07-01 00:00:00', '2021-07-01 00:00:00')"
    ))
    .await
    .unwrap();
    id
}

/// A person of `commune` (in `province`) with `categories`; `consent` given or withdrawn.
async fn person(app: &TestApp, name: &str, commune: Uuid, province: Uuid, categories: &[Uuid], consent: &str) -> Uuid {
    let id = Uuid::now_v7();
    let folded = danvan_domain::text::fold(name);
    let admin = app.admin_user.id;
    let mut sql = format!(
        "INSERT INTO beneficiaries (id, household_id, is_head, full_name, name_folded, area_id, province_id, address, \
         hardships, consent, merged_into, created_by, version, created_at, updated_at) VALUES ('{id}', NULL, FALSE, \
         '{name}', '{folded}', '{commune}', '{province}', 'Số 1 ngõ 2', 'lost_income', '{consent}', NULL, '{admin}', 1, \
         '2021-07-01 00:00:00', '2021-07-01 00:00:00');"
    );
    for category in categories {
        sql.push_str(&format!(
            "INSERT INTO beneficiary_category_links (category_id, beneficiary_id, name_folded) VALUES ('{category}', '{id}', '{folded}');"
        ));
    }
    app.run_sql(sql).await.unwrap();
    id
}

/// `count` people of Phúc Xá in the category `poor`, named in order.
async fn people(app: &TestApp, f: &Fixture, prefix: &str, count: usize) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for n in 0..count {
        ids.push(person(app, &format!("{prefix} {n:03}"), f.phuc_xa, f.hanoi, &[f.poor], "given").await);
    }
    ids
}

async fn fixture(app: &TestApp) -> Fixture {
    let (_, builder) = app.user("xay.dung", Role::Office, None).await;
    let (_, approver) = app.user("phe.duyet", Role::Office, None).await;
    let unit = CreateOrgUnit {
        parent_id: None,
        code: "UBMT-HN".into(),
        name: "Ủy ban MTTQ Việt Nam TP. Hà Nội".into(),
        kind: OrgUnitKind::Other,
    };
    let unit = app.admin.create_org_unit(&unit, None).await.unwrap().id;
    let phuc_xa = area(app, PHUC_XA).await.id;
    let truc_bach = area(app, TRUC_BACH).await.id;
    let hanoi = province_of(app, PHUC_XA).await;
    let location = CreateLocation {
        name: "Kho Phúc Xá".into(),
        kind: LocationKind::Warehouse,
        org_unit_id: unit,
        area_id: phuc_xa,
        address: "Số 1".into(),
    };
    let warehouse = app.admin.create_aid_location(&location, None).await.unwrap().id;
    let campaign = campaign(app, unit, "Chung tay vì Hà Nội").await;
    let items = app.admin.list_aid_items(None).await.unwrap();
    let item = |code: &str| items.iter().find(|item| item.code == code).unwrap().id;
    let (poor, elderly) = (category(app, "dist_poor", 1).await, category(app, "dist_elderly", 2).await);
    Fixture {
        unit,
        builder,
        approver,
        campaign,
        warehouse,
        rice: item("rice"),
        oil: item("cooking_oil"),
        poor,
        elderly,
        phuc_xa,
        truc_bach,
        hanoi,
    }
}

/// Goods (`units` of `item`, worth `value` đồng in all) and cash received by the campaign.
async fn receive(f: &Fixture, goods: &[(Uuid, i64, i64)], cash: i64) {
    if !goods.is_empty() {
        let body = CreateDonation {
            donor_id: None,
            campaign_id: f.campaign,
            pledge_id: None,
            received_on: "2021-08-01".parse().unwrap(),
            channel: DonationChannel::InKind,
            bank_reference: None,
            cash_amount: 0,
            lines: goods
                .iter()
                .map(|(item, units, value)| DonationLineRequest {
                    item_id: *item,
                    quantity: Quantity::units(*units),
                    estimated_value: *value,
                })
                .collect(),
            location_id: Some(f.warehouse),
            note: String::new(),
        };
        f.builder.create_donation(&body, None).await.unwrap();
    }
    if cash > 0 {
        let body = CreateDonation {
            donor_id: None,
            campaign_id: f.campaign,
            pledge_id: None,
            received_on: "2021-08-01".parse().unwrap(),
            channel: DonationChannel::Cash,
            bank_reference: None,
            cash_amount: cash,
            lines: Vec::new(),
            location_id: None,
            note: String::new(),
        };
        f.builder.create_donation(&body, None).await.unwrap();
    }
}

fn round_body(f: &Fixture, area: Uuid, cash_each: i64, goods: &[(Uuid, i64)], categories: &[Uuid]) -> CreateRound {
    CreateRound {
        campaign_id: f.campaign,
        name: "Đợt 1 phường Phúc Xá".into(),
        area_id: area,
        location_id: (!goods.is_empty()).then_some(f.warehouse),
        cash_each,
        items: goods
            .iter()
            .map(|(item, units)| GoodsLine { item_id: *item, quantity: Quantity::units(*units) })
            .collect(),
        category_ids: categories.to_vec(),
    }
}

/// A round of `body` built by the builder and approved by the approver.
async fn approved(f: &Fixture, body: &CreateRound) -> DistributionRound {
    let round = f.builder.create_distribution_round(body, None).await.unwrap();
    f.approver.move_distribution_round(&round, RoundStep::Approve).await.unwrap()
}

async fn lines(client: &Client, round: Uuid, status: Option<LineStatus>) -> Vec<DistributionLine> {
    let status = status.map(|s| s.as_str()).unwrap_or_default();
    client.all_distribution_lines(round, &[("status", status)]).await.unwrap()
}

fn confirmed(name: &str) -> DeliverRequest {
    DeliverRequest { confirmation: name.into(), note: String::new() }
}

async fn balance(client: &Client, location: Uuid, item: Uuid) -> Quantity {
    let (location, item) = (location.to_string(), item.to_string());
    let page =
        client.list_stock_balances(&[("location_id", location.as_str()), ("item_id", item.as_str())]).await.unwrap();
    page.items.first().map_or(Quantity::ZERO, |line| line.quantity)
}

/// The store's check that every balance is the sum of its movements, over the database.
async fn ledgers_add_up(app: &TestApp) {
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

/// `distribution_totals` of the campaign: (beneficiaries, cash, goods value) summed.
async fn handed_out(app: &TestApp, campaign: Uuid) -> (i64, i64, i64) {
    use danvan_store::diesel::prelude::*;
    use danvan_store::schema::distribution_totals as t;
    let url = app.config.database_url.clone();
    tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        let rows: Vec<(i64, i64, i64)> = t::table
            .filter(t::campaign_id.eq(campaign.to_string()))
            .select((t::beneficiaries, t::cash, t::goods_value))
            .load(&mut conn)
            .unwrap();
        rows.iter().fold((0, 0, 0), |sum, row| (sum.0 + row.0, sum.1 + row.1, sum.2 + row.2))
    })
    .await
    .unwrap()
}

both_backends! {
    async fn a_round_covers_the_eligible_people_of_its_area_and_a_second_person_approves_it(app) {
        let f = fixture(&app).await;
        receive(&f, &[(f.rice, 100, 1_500_000)], 10_000_000).await;
        let eligible = people(&app, &f, "Nguyễn Văn", 3).await;
        let both = person(&app, "Trần Thị Bảy", f.phuc_xa, f.hanoi, &[f.elderly, f.poor], "given").await;
        person(&app, "Lê Văn Rút", f.phuc_xa, f.hanoi, &[f.poor], "withdrawn").await;
        person(&app, "Phạm Văn Khác", f.phuc_xa, f.hanoi, &[f.elderly], "given").await;
        let neighbour = person(&app, "Hoàng Văn Bên", f.truc_bach, f.hanoi, &[f.poor], "given").await;
        let saigon = area(&app, TAN_DINH).await.id;
        person(&app, "Đỗ Văn Nam", saigon, province_of(&app, TAN_DINH).await, &[f.poor], "given").await;
        let body = round_body(&f, f.phuc_xa, 200_000, &[(f.rice, 5)], &[f.poor]);
        let preview = f.builder.preview_distribution_round(&body).await.unwrap();
        assert_eq!((preview.eligible, preview.already_covered), (4, 0), "{preview:?}");
        assert_eq!(preview.names.len(), 4);
        assert!(preview.names[0].name.contains(" · "), "{:?}", preview.names);
        assert_eq!((preview.cash_needed, preview.cash_available, preview.cash_sufficient), (800_000, 10_000_000, true));
        assert_eq!(preview.goods[0].need.quantity, Quantity::units(20));
        assert_eq!((preview.goods[0].available, preview.goods[0].sufficient), (Quantity::units(100), true));
        let round = f.builder.create_distribution_round(&body, None).await.unwrap();
        assert_eq!((round.status, round.counts.planned), (RoundStatus::Draft, 4));
        assert!(!round.can_approve, "the author may not approve: {round:?}");
        assert!(round.can_edit && round.can_cancel && !round.can_deliver);
        let covered: Vec<Uuid> = lines(&f.builder, round.id, None).await.iter().map(|l| l.beneficiary.id).collect();
        assert!(eligible.iter().chain([&both]).all(|id| covered.contains(id)), "{covered:?}");
        assert!(!covered.contains(&neighbour));
        // Counted under the first of the round's categories the person has.
        let line = lines(&f.builder, round.id, None).await.into_iter().find(|l| l.beneficiary.id == both).unwrap();
        assert_eq!(line.category.id, f.poor);
        assert_eq!((line.commune.id, line.address.as_str()), (f.phuc_xa, "Số 1 ngõ 2"));
        refused(f.builder.move_distribution_round(&round, RoundStep::Approve).await, FORBIDDEN, "forbidden");
        let seen = f.approver.get_distribution_round(round.id).await.unwrap();
        assert!(seen.value.can_approve);
        let approved = f.approver.approve_distribution_round(round.id, &seen.etag).await.unwrap();
        assert_eq!(approved.status, RoundStatus::Approved);
        assert_eq!(approved.approved_by.map(|u| u.name), Some("Người dùng phe.duyet".to_owned()));
        // A leader approves any round; a round of the district covers whom the first left.
        let (_, leader) = app.user("lanh.dao", Role::Leader, None).await;
        let district = round_body(&f, area(&app, PHUC_XA).await.parent_id.unwrap(), 100_000, &[], &[f.poor]);
        let whole = f.builder.create_distribution_round(&district, None).await.unwrap();
        assert_eq!(whole.counts.planned, 1, "Trúc Bạch's person only: the others are covered");
        let tagged = leader.get_distribution_round(whole.id).await.unwrap();
        leader.approve_distribution_round(whole.id, &tagged.etag).await.unwrap();
        let province = round_body(&f, f.hanoi, 100_000, &[], &[f.poor, f.elderly]);
        let preview = f.builder.preview_distribution_round(&province).await.unwrap();
        assert_eq!((preview.eligible, preview.already_covered), (1, 5), "Phạm Văn Khác only: {preview:?}");
        let audit = app.admin.all_audit(&[("entity", "distribution_round"), ("entity_id", &round.id.to_string())]).await.unwrap();
        assert_eq!(audit.len(), 2, "created and approved: {audit:?}");
    }

    async fn a_round_moves_only_along_its_table(app) {
        let f = fixture(&app).await;
        receive(&f, &[], 10_000_000).await;
        people(&app, &f, "Vũ Văn", 2).await;
        let draft = f.builder.create_distribution_round(&round_body(&f, f.phuc_xa, 100_000, &[], &[f.poor]), None).await.unwrap();
        refused(f.approver.move_distribution_round(&draft, RoundStep::Start).await, CONFLICT, "invalid_transition");
        refused(f.approver.move_distribution_round(&draft, RoundStep::Complete).await, CONFLICT, "invalid_transition");
        let planned = lines(&f.builder, draft.id, None).await;
        refused(f.approver.deliver_distribution_line(draft.id, planned[0].id, &confirmed("Vũ Văn"), None).await, CONFLICT, "round_not_open");
        refused(f.approver.approve_distribution_round(draft.id, &etag_of(draft.version + 1)).await, StatusCode::PRECONDITION_FAILED, "precondition_failed");
        let round = f.approver.move_distribution_round(&draft, RoundStep::Approve).await.unwrap();
        refused(f.approver.move_distribution_round(&draft, RoundStep::Approve).await, StatusCode::PRECONDITION_FAILED, "precondition_failed");
        refused(f.approver.move_distribution_round(&round, RoundStep::Approve).await, CONFLICT, "invalid_transition");
        let round = f.approver.move_distribution_round(&round, RoundStep::Start).await.unwrap();
        assert_eq!(round.status, RoundStatus::Delivering);
        let reason = CancelRequest { reason: "Đổi kế hoạch".into() };
        refused(f.builder.cancel_distribution_round(round.id, &etag_of(round.version), &reason).await, CONFLICT, "invalid_transition");
        refused(f.approver.move_distribution_round(&round, RoundStep::Complete).await, CONFLICT, "lines_planned");
        refused(f.builder.exclude_distribution_line(round.id, planned[0].id).await, CONFLICT, "round_not_draft");
        f.approver.deliver_distribution_line(round.id, planned[0].id, &confirmed("Vũ Văn"), None).await.unwrap();
        let absent = NotDeliveredRequest { reason: NotDeliveredReason::Absent, note: "Đi làm xa".into() };
        let line = f.approver.not_delivered_distribution_line(round.id, planned[1].id, &absent).await.unwrap();
        assert_eq!((line.status, line.reason), (LineStatus::NotDelivered, Some(NotDeliveredReason::Absent)));
        let round = f.approver.get_distribution_round(round.id).await.unwrap().value;
        assert_eq!((round.counts.delivered, round.counts.not_delivered, round.counts.planned), (1, 1, 0));
        assert!(round.can_complete);
        let done = f.approver.move_distribution_round(&round, RoundStep::Complete).await.unwrap();
        assert_eq!(done.status, RoundStatus::Completed);
        refused(f.approver.deliver_distribution_line(done.id, planned[1].id, &confirmed("Vũ Văn"), None).await, CONFLICT, "round_not_open");
        // A viewer reads nothing of it; a member is refused.
        let (_, member) = app.user("thanh.vien", Role::Member, None).await;
        refused(member.get_distribution_round(done.id).await, FORBIDDEN, "forbidden");
    }

    async fn fifty_deliveries_at_once_from_stock_for_some_deliver_exactly_what_it_holds(app) {
        let f = fixture(&app).await;
        // 40 kg of rice for 50 people at 2 kg each: 20 are served, 30 meet insufficient_stock.
        receive(&f, &[(f.rice, 40, 800_000)], 10_000_000).await;
        people(&app, &f, "Người nhận", RACERS).await;
        let round = approved(&f, &round_body(&f, f.phuc_xa, 50_000, &[(f.rice, 2)], &[f.poor])).await;
        let planned = lines(&f.approver, round.id, Some(LineStatus::Planned)).await;
        assert_eq!(planned.len(), RACERS);
        let answers = futures_util::future::join_all(planned.iter().map(|line| {
            let (client, round, line) = (f.approver.clone(), round.id, line.id);
            async move { client.deliver_distribution_line(round, line, &confirmed("Người nhận"), Some(&format!("k-{line}"))).await }
        }))
        .await;
        let mut delivered = 0;
        for answer in answers {
            match answer {
                Ok(line) => {
                    assert_eq!(line.status, LineStatus::Delivered);
                    delivered += 1;
                }
                Err(error) => assert_eq!((error.status(), error.code()), (Some(409), Some("insufficient_stock")), "{error}"),
            }
        }
        assert_eq!(delivered, 20, "exactly what the stock held");
        assert_eq!(balance(&f.approver, f.warehouse, f.rice).await, Quantity::ZERO);
        let round = f.approver.get_distribution_round(round.id).await.unwrap().value;
        assert_eq!((round.status, round.counts.delivered, round.counts.planned), (RoundStatus::Delivering, 20, 30));
        let text = f.warehouse.to_string();
        let moves = f.approver.list_stock_movements(&[("location_id", text.as_str()), ("limit", "200")]).await.unwrap().items;
        let out: Vec<i64> = moves.iter().filter(|m| m.kind == MovementKind::Distributed).map(|m| m.balance_after.milli()).collect();
        assert_eq!(out.len(), 20);
        assert!(out.iter().all(|left| *left >= 0), "{out:?}");
        ledgers_add_up(&app).await;
        let report = f.approver.campaign_report(f.campaign).await.unwrap();
        let rice = report.goods.iter().find(|g| g.item.id == f.rice).unwrap();
        assert_eq!((rice.received, rice.distributed), (Quantity::units(40), Quantity::units(40)));
        assert_eq!(report.disbursed_cash, 20 * 50_000);
        assert_eq!(handed_out(&app, f.campaign).await, (20, 20 * 50_000, 800_000), "20 × 2 kg at 20 000 ₫/kg");
    }

    async fn a_retried_delivery_under_one_key_is_recorded_once_and_another_is_refused(app) {
        let f = fixture(&app).await;
        receive(&f, &[(f.rice, 10, 0), (f.oil, 10, 0)], 1_000_000).await;
        people(&app, &f, "Đặng Văn", 2).await;
        let round = approved(&f, &round_body(&f, f.phuc_xa, 100_000, &[(f.rice, 5), (f.oil, 1)], &[f.poor])).await;
        let line = lines(&f.approver, round.id, None).await.remove(0);
        let first = f.approver.deliver_distribution_line(round.id, line.id, &confirmed("Đặng Thị Hoa"), Some("giao-1")).await.unwrap();
        let again = f.approver.deliver_distribution_line(round.id, line.id, &confirmed("Đặng Thị Hoa"), Some("giao-1")).await.unwrap();
        assert_eq!(again, first, "the retry replays the first answer");
        assert_eq!(first.confirmation, "Đặng Thị Hoa");
        assert_eq!(first.delivered_by.clone().map(|u| u.name), Some("Người dùng phe.duyet".to_owned()));
        assert_eq!(balance(&f.approver, f.warehouse, f.rice).await, Quantity::units(5), "the rice left once");
        assert_eq!(balance(&f.approver, f.warehouse, f.oil).await, Quantity::units(9));
        assert_eq!(f.approver.campaign_report(f.campaign).await.unwrap().disbursed_cash, 100_000, "paid once");
        refused(f.approver.deliver_distribution_line(round.id, line.id, &confirmed("Đặng Thị Hoa"), Some("giao-2")).await, CONFLICT, "already_delivered");
        let other = DeliverRequest { confirmation: "Người khác".into(), note: String::new() };
        refused(f.approver.deliver_distribution_line(round.id, line.id, &other, Some("giao-1")).await, StatusCode::UNPROCESSABLE_ENTITY, "idempotency_key_reused");
        let stored = f.approver.get_distribution_line(line.id).await.unwrap().value;
        assert_eq!(stored, first);
        // The second person takes the last 5 kg.
        let second = lines(&f.approver, round.id, Some(LineStatus::Planned)).await.remove(0);
        f.approver.deliver_distribution_line(round.id, second.id, &confirmed("Đặng Văn"), None).await.unwrap();
        assert_eq!(balance(&f.approver, f.warehouse, f.rice).await, Quantity::ZERO);
        ledgers_add_up(&app).await;
        let audit = app.admin.all_audit(&[("entity", "distribution_line"), ("entity_id", &line.id.to_string())]).await.unwrap();
        assert_eq!(audit.len(), 1, "one delivery recorded: {audit:?}");
        assert!(!audit[0].after.as_ref().unwrap().to_string().contains("Số 1 ngõ 2"), "no personal detail in the audit row");
    }

    async fn a_person_receives_a_campaigns_entitlement_once(app) {
        let f = fixture(&app).await;
        receive(&f, &[], 10_000_000).await;
        let ids = people(&app, &f, "Bùi Văn", 3).await;
        let body = round_body(&f, f.phuc_xa, 100_000, &[], &[f.poor]);
        approved(&f, &body).await;
        let preview = f.builder.preview_distribution_round(&body).await.unwrap();
        assert_eq!((preview.eligible, preview.already_covered), (0, 3));
        refused(f.builder.create_distribution_round(&body, None).await, CONFLICT, "already_covered");
        // The database itself refuses a second planned line for the campaign and person.
        let round = f.builder.list_distribution_rounds(&[]).await.unwrap().items.remove(0);
        let line = lines(&f.builder, round.id, None).await.remove(0);
        let twice = app.run_sql(format!(
            "INSERT INTO distribution_lines (id, round_id, campaign_id, beneficiary_id, category_id, name_folded, status, \
             reason, delivered_by, delivered_at, confirmation, note, version, updated_at) VALUES ('{}', '{}', '{}', '{}', \
             '{}', 'x', 'planned', NULL, NULL, NULL, '', '', 1, '2021-09-01 00:00:00')",
            Uuid::now_v7(), round.id, f.campaign, line.beneficiary.id, f.poor
        )).await;
        assert!(twice.is_err(), "a second planned line of one campaign and person was stored");
        // Another campaign covers them again.
        let other = campaign(&app, f.unit, "Đợt vận động thứ hai").await;
        let second = CreateRound { campaign_id: other, ..body.clone() };
        assert_eq!(f.builder.preview_distribution_round(&second).await.unwrap().eligible, ids.len() as i64);
        // A person with withdrawn consent is never delivered.
        let approved_round = f.approver.get_distribution_round(round.id).await.unwrap().value;
        app.run_sql(format!("UPDATE beneficiaries SET consent = 'withdrawn' WHERE id = '{}'", line.beneficiary.id)).await.unwrap();
        refused(f.approver.deliver_distribution_line(approved_round.id, line.id, &confirmed("Bùi Văn"), None).await, CONFLICT, "consent_withdrawn");

        // A record merged into another passes its entitlement on: the survivor is covered.
        let survivor = person(&app, "Bùi Văn Mới", f.phuc_xa, f.hanoi, &[f.poor], "given").await;
        let preview = f.builder.preview_distribution_round(&body).await.unwrap();
        assert_eq!((preview.eligible, preview.already_covered), (1, 2), "the survivor, and two with a line");
        app.run_sql(format!("UPDATE beneficiaries SET merged_into = '{survivor}' WHERE id = '{}'", ids[1])).await.unwrap();
        let preview = f.builder.preview_distribution_round(&body).await.unwrap();
        assert_eq!((preview.eligible, preview.already_covered), (0, 2), "the survivor holds the merged record's line");
    }

    async fn a_cancelled_round_frees_its_people_for_a_new_round(app) {
        let f = fixture(&app).await;
        receive(&f, &[], 10_000_000).await;
        people(&app, &f, "Ngô Văn", 3).await;
        let body = round_body(&f, f.phuc_xa, 100_000, &[], &[f.poor]);
        let draft = f.builder.create_distribution_round(&body, None).await.unwrap();
        let left_out = lines(&f.builder, draft.id, None).await.remove(0);
        let excluded = f.builder.exclude_distribution_line(draft.id, left_out.id).await.unwrap();
        assert_eq!(excluded.status, LineStatus::Cancelled);
        refused(f.approver.exclude_distribution_line(draft.id, left_out.id).await, CONFLICT, "line_not_planned");
        let again = f.builder.create_distribution_round(&body, None).await.unwrap();
        assert_eq!(again.counts.planned, 1, "the person left out is free again");
        let round = f.approver.move_distribution_round(&draft, RoundStep::Approve).await.unwrap();
        let short = CancelRequest { reason: "x".into() };
        assert_eq!(f.builder.cancel_distribution_round(round.id, &etag_of(round.version), &short).await.unwrap_err().status(), Some(422));
        let reason = CancelRequest { reason: "Thiếu hàng, hoãn đợt phát".into() };
        let cancelled = f.builder.cancel_distribution_round(round.id, &etag_of(round.version), &reason).await.unwrap();
        assert_eq!((cancelled.status, cancelled.counts.cancelled, cancelled.counts.planned), (RoundStatus::Cancelled, 3, 0));
        let fresh = f.builder.create_distribution_round(&body, None).await.unwrap();
        assert_eq!(fresh.counts.planned, 2, "its people are free for a new round");
        let audit = app.admin.all_audit(&[("entity", "distribution_round"), ("entity_id", &round.id.to_string())]).await.unwrap();
        assert!(audit.iter().any(|row| row.after.as_ref().is_some_and(|a| a.to_string().contains("Thiếu hàng"))), "{audit:?}");
        let listed = f.builder.list_distribution_rounds(&[("status", "cancelled")]).await.unwrap();
        assert_eq!(listed.items.iter().map(|r| r.id).collect::<Vec<_>>(), vec![round.id]);
    }

    async fn a_regional_office_reaches_the_rounds_of_its_provinces_only(app) {
        let f = fixture(&app).await;
        receive(&f, &[], 10_000_000).await;
        people(&app, &f, "Mai Văn", 2).await;
        let round = f.builder.create_distribution_round(&round_body(&f, f.phuc_xa, 100_000, &[], &[f.poor]), None).await.unwrap();
        let south = province_of(&app, TAN_DINH).await;
        let request = CreateUser { scope_area_ids: vec![south], ..new_user("van.phong.nam", Role::RegionalOffice) };
        app.admin.create_user(&request, None).await.unwrap();
        let regional = app.login("van.phong.nam", PASSWORD).await;
        refused(regional.get_distribution_round(round.id).await, NOT_FOUND, "not_found");
        assert!(regional.list_distribution_rounds(&[]).await.unwrap().items.is_empty());
        let line = lines(&f.builder, round.id, None).await.remove(0);
        refused(regional.get_distribution_line(line.id).await, NOT_FOUND, "not_found");
        let errors = refused(regional.preview_distribution_round(&round_body(&f, f.phuc_xa, 100_000, &[], &[f.poor])).await, StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(errors, crate::support::pairs(&[("area_id", "out_of_scope")]));
        let request = CreateUser { scope_area_ids: vec![f.hanoi], ..new_user("van.phong.bac", Role::RegionalOffice) };
        app.admin.create_user(&request, None).await.unwrap();
        let north = app.login("van.phong.bac", PASSWORD).await;
        let seen = north.get_distribution_round(round.id).await.unwrap().value;
        assert!(!seen.can_approve, "a regional office does not approve");
        assert_eq!(north.list_distribution_rounds(&[]).await.unwrap().items.len(), 1);
    }
}

//! The public figures of aid, over HTTP on both databases and without a token: the
//! campaign list and one campaign's report equal the stored sums; a commune with four
//! beneficiaries in a category is folded into its province and one with five is shown;
//! no beneficiary's name and no donor who did not consent appears; ETag and 304 work;
//! planned campaigns stay private.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::TestApp;
use chrono::NaiveDate;
use danvan_domain::{
    aid::{
        transparency::{FlowNodeKind, PublicCampaignReport, PublicSummary},
        Campaign, CampaignStatus, CreateCampaign, CreateDonation, CreateDonor, DonationChannel, DonorKind,
    },
    area::Layout,
    org_unit::{CreateOrgUnit, OrgUnitKind},
};
use reqwest::{header, Method, StatusCode};
use uuid::Uuid;

const CONSENTING: &str = "Công ty Cổ phần Sữa Minh Bạch";
const PRIVATE_DONOR: &str = "Bà Trịnh Thị Kín Đáo";
const BENEFICIARY: &str = "Ông Lưu Văn Riêng Tư";

fn campaign_body(name: &str, unit: Uuid, status: CampaignStatus) -> CreateCampaign {
    CreateCampaign {
        name: name.into(),
        purpose: "Hỗ trợ người dân khó khăn do dịch COVID-19".into(),
        starts_on: NaiveDate::from_ymd_opt(2021, 7, 15).unwrap(),
        ends_on: None,
        plan_item_id: None,
        status: Some(status),
        org_unit_id: unit,
        area_ids: Vec::new(),
        beneficiary_categories: Vec::new(),
        target_cash: 100_000_000,
        target_goods: Vec::new(),
    }
}

fn donor_body(kind: DonorKind, name: &str, public_consent: bool) -> CreateDonor {
    CreateDonor {
        kind,
        name: name.into(),
        tax_code: None,
        contact_person: String::new(),
        phone: None,
        email: None,
        public_consent,
        note: String::new(),
    }
}

fn cash(campaign: Uuid, donor: Option<Uuid>, amount: i64) -> CreateDonation {
    CreateDonation {
        donor_id: donor,
        campaign_id: campaign,
        pledge_id: None,
        received_on: NaiveDate::from_ymd_opt(2021, 8, 2).unwrap(),
        channel: DonationChannel::Cash,
        bank_reference: None,
        cash_amount: amount,
        lines: Vec::new(),
        location_id: None,
        note: String::new(),
    }
}

/// Two communes of Hà Nội and two categories of people.
struct Places {
    province: Uuid,
    phuc_xa: Uuid,
    truc_bach: Uuid,
    poor: Uuid,
    workers: Uuid,
}

/// An open campaign with a consenting donor (30 M), a donor who did not consent (20 M) and
/// an anonymous gift (5 M); what it handed out, written into the sums the deliveries keep:
/// Phúc Xá 5 poor people, Trúc Bạch 4 poor people and 6 workers. A planned campaign too,
/// and a beneficiary's record (which the public figures must never read).
async fn scene(app: &TestApp) -> (Campaign, Campaign, Places) {
    let unit = CreateOrgUnit {
        parent_id: None,
        code: "UBMT-HN".into(),
        name: "Ủy ban MTTQ Hà Nội".into(),
        kind: OrgUnitKind::Other,
    };
    let unit = app.admin.create_org_unit(&unit, None).await.unwrap().id;
    let open =
        app.admin.create_campaign(&campaign_body("Hà Nội chung tay", unit, CampaignStatus::Open), None).await.unwrap();
    let planned =
        app.admin.create_campaign(&campaign_body("Đợt sau", unit, CampaignStatus::Planned), None).await.unwrap();
    let named = app.admin.create_donor(&donor_body(DonorKind::Organisation, CONSENTING, true), None).await.unwrap();
    let private = app.admin.create_donor(&donor_body(DonorKind::Individual, PRIVATE_DONOR, false), None).await.unwrap();
    app.admin.create_donation(&cash(open.id, Some(named.id), 30_000_000), None).await.unwrap();
    app.admin.create_donation(&cash(open.id, Some(private.id), 20_000_000), None).await.unwrap();
    app.admin.create_donation(&cash(open.id, None, 5_000_000), None).await.unwrap();

    let area = |code: &'static str| async move { app.admin.area_by_code(Layout::L2021, code).await.unwrap().id };
    let places = Places {
        province: area("01").await,
        phuc_xa: area("00001").await,
        truc_bach: area("00004").await,
        poor: Uuid::now_v7(),
        workers: Uuid::now_v7(),
    };
    let (c, p, a, b) = (open.id, places.province, places.phuc_xa, places.truc_bach);
    let (poor, workers) = (places.poor, places.workers);
    let admin = app.admin_user.id;
    app.run_sql(format!(
        "INSERT INTO support_categories (id, code, name_vi, name_en, active, position, version, created_at, updated_at) VALUES
           ('{poor}', 'test_public_poor', 'Hộ nghèo (thử)', 'Poor households (test)', TRUE, 1, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP),
           ('{workers}', 'test_public_workers', 'Công nhân (thử)', 'Workers (test)', TRUE, 2, 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);
         INSERT INTO distribution_totals (campaign_id, area_id, category_id, province_id, beneficiaries, cash, goods_value) VALUES
           ('{c}', '{a}', '{poor}', '{p}', 5, 2500000, 400000),
           ('{c}', '{b}', '{poor}', '{p}', 4, 2000000, 300000),
           ('{c}', '{b}', '{workers}', '{p}', 6, 3000000, 0);
         INSERT INTO beneficiaries (id, household_id, is_head, full_name, name_folded, area_id, province_id, address, hardships, consent, merged_into, created_by, version, created_at, updated_at) VALUES
           ('{}', NULL, FALSE, '{BENEFICIARY}', 'ong luu van rieng tu', '{b}', '{p}', 'Số 9 Trúc Bạch', 'lost_job', 'given', NULL, '{admin}', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP);",
        Uuid::now_v7()
    ))
    .await
    .unwrap();
    (open, planned, places)
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    app.anonymous.request(Method::GET, path).send().await.unwrap()
}

both_backends! {
    async fn without_a_token_the_public_figures_equal_the_stored_sums(app) {
        let (open, planned, places) = scene(&app).await;

        let list = get(&app, "/api/v1/public/aid/campaigns").await;
        assert_eq!(list.status(), StatusCode::OK);
        assert_eq!(list.headers()[header::CACHE_CONTROL], "public, max-age=60");
        let summary: PublicSummary = list.json().await.unwrap();
        assert!(summary.campaigns.iter().all(|c| c.id != planned.id), "a planned campaign is not public");
        let listed = summary.campaigns.iter().find(|c| c.id == open.id).expect("the open campaign is listed");
        assert_eq!(listed.received_cash, 55_000_000);
        assert_eq!((listed.beneficiaries, listed.distributed_cash, listed.distributed_goods_value), (15, 7_500_000, 700_000));
        assert_eq!(listed.starts_on, "2021-07-15");
        assert_eq!(summary.beneficiaries, 15);

        let hidden = get(&app, &format!("/api/v1/public/aid/campaigns/{}", planned.id)).await;
        assert_eq!(hidden.status(), StatusCode::NOT_FOUND);
        let unknown = get(&app, &format!("/api/v1/public/aid/campaigns/{}", Uuid::now_v7())).await;
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);

        // The typed client reads it without a token too.
        let report = app.anonymous.public_aid_campaign(open.id).await.unwrap().value;
        assert_eq!(report.campaign.received_cash, 55_000_000);
        assert_eq!((report.campaign.distributed_cash, report.campaign.beneficiaries), (7_500_000, 15));
        assert_eq!(report.by_province.len(), 1);
        let province = &report.by_province[0];
        assert_eq!(province.province.id, places.province);
        assert_eq!((province.beneficiaries, province.cash, province.goods_value), (15, 7_500_000, 700_000));
        let by_category: Vec<(Uuid, i64)> = report.by_category.iter().map(|f| (f.category_id, f.beneficiaries)).collect();
        assert_eq!(by_category, vec![(places.poor, 9), (places.workers, 6)]);
        assert_eq!(report.categories.iter().map(|c| c.name_en.as_str()).collect::<Vec<_>>(), vec!["Poor households (test)", "Workers (test)"]);
        assert_eq!(report.min_beneficiaries_shown, 5);

        // The flow: the named donor and the others into the campaign, the campaign into Hà
        // Nội, Hà Nội into both categories.
        let value = |source: &str, target: &str| {
            report.flow.links.iter().find(|l| l.source == source && l.target == target).map(|l| l.value_vnd)
        };
        let campaign_node = format!("campaign:{}", open.id);
        let province_node = format!("province:{}", places.province);
        assert_eq!(value(&format!("donor:{}", report.donors[0].donor.id), &campaign_node), Some(30_000_000));
        assert_eq!(value("donor:other", &campaign_node), Some(25_000_000));
        assert_eq!(value(&campaign_node, &province_node), Some(8_200_000));
        assert_eq!(value(&province_node, &format!("category:{}", places.poor)), Some(5_200_000));
        assert_eq!(value(&province_node, &format!("category:{}", places.workers)), Some(3_000_000));
        assert_eq!(report.flow.nodes.iter().filter(|n| n.kind == FlowNodeKind::Category).count(), 2);
    }

    async fn a_commune_with_four_beneficiaries_in_a_category_is_folded_and_one_with_five_is_shown(app) {
        let (open, _, places) = scene(&app).await;
        let report: PublicCampaignReport = get(&app, &format!("/api/v1/public/aid/campaigns/{}", open.id)).await.json().await.unwrap();
        let communes = &report.by_province[0].communes;
        let row = |id: Uuid| communes.iter().find(|c| c.commune.as_ref().is_some_and(|c| c.id == id));
        let phuc_xa = row(places.phuc_xa).expect("Phúc Xá, 5 poor people, is shown");
        assert_eq!(phuc_xa.by_category.iter().map(|f| (f.category_id, f.beneficiaries)).collect::<Vec<_>>(), vec![(places.poor, 5)]);
        let truc_bach = row(places.truc_bach).expect("Trúc Bạch is shown for its 6 workers");
        assert_eq!(
            truc_bach.by_category.iter().map(|f| (f.category_id, f.beneficiaries)).collect::<Vec<_>>(),
            vec![(places.workers, 6)],
            "Trúc Bạch's 4 poor people are not shown as Trúc Bạch's"
        );
        let other = communes.last().unwrap();
        assert!(other.commune.is_none(), "the other communes come last");
        assert_eq!(
            other.by_category.iter().map(|f| (f.category_id, f.beneficiaries, f.cash)).collect::<Vec<_>>(),
            vec![(places.poor, 4, 2_000_000)]
        );
        for commune in communes.iter().filter(|c| c.commune.is_some()) {
            assert!(commune.by_category.iter().all(|f| f.beneficiaries >= 5), "{commune:?}");
        }
    }

    async fn no_beneficiary_name_and_no_donor_without_consent_is_in_the_answer(app) {
        let (open, _, _) = scene(&app).await;
        for path in ["/api/v1/public/aid/campaigns".to_owned(), format!("/api/v1/public/aid/campaigns/{}", open.id)] {
            let text = get(&app, &path).await.text().await.unwrap();
            assert!(!text.contains(BENEFICIARY) && !text.contains("Riêng Tư"), "{path}: a beneficiary's name");
            assert!(!text.contains("Số 9 Trúc Bạch"), "{path}: a beneficiary's address");
            assert!(!text.contains(PRIVATE_DONOR) && !text.contains("Kín Đáo"), "{path}: a donor who did not consent");
        }
        let report = app.anonymous.public_aid_campaign(open.id).await.unwrap().value;
        assert_eq!(report.donors.iter().map(|d| d.donor.name.as_str()).collect::<Vec<_>>(), vec![CONSENTING]);
        assert_eq!(report.donors[0].cash, 30_000_000);
        assert_eq!((report.other_donors.cash, report.other_donors.goods_value), (25_000_000, 0));
        let labels: Vec<&str> = report.flow.nodes.iter().map(|n| n.label.as_str()).collect();
        assert!(!labels.contains(&PRIVATE_DONOR), "{labels:?}");
    }

    async fn the_etag_is_a_hash_of_the_body_and_if_none_match_gets_304(app) {
        let (open, _, places) = scene(&app).await;
        let path = format!("/api/v1/public/aid/campaigns/{}", open.id);
        let first = get(&app, &path).await;
        let etag = first.headers()[header::ETAG].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"') && !etag.starts_with("W/"), "a strong ETag: {etag}");
        assert_eq!(get(&app, &path).await.headers()[header::ETAG].to_str().unwrap(), etag, "the same body, the same tag");

        let again = app.anonymous.request(Method::GET, &path).header(header::IF_NONE_MATCH, &etag).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(again.headers()[header::ETAG].to_str().unwrap(), etag);
        assert!(again.bytes().await.unwrap().is_empty());
        assert!(app.anonymous.public_aid_campaign_if_changed(open.id, &etag).await.unwrap().is_none());

        // A new delivery changes the figures, and so the tag.
        app.run_sql(format!(
            "UPDATE distribution_totals SET beneficiaries = beneficiaries + 1, cash = cash + 500000 \
             WHERE campaign_id = '{}' AND area_id = '{}' AND category_id = '{}'",
            open.id, places.truc_bach, places.poor
        ))
        .await
        .unwrap();
        let changed = app.anonymous.public_aid_campaign_if_changed(open.id, &etag).await.unwrap().expect("changed");
        assert_ne!(changed.etag, etag);
        let truc_bach = changed.value.by_province[0].communes.iter().find(|c| c.commune.as_ref().is_some_and(|c| c.id == places.truc_bach)).unwrap();
        assert!(truc_bach.by_category.iter().any(|f| f.category_id == places.poor && f.beneficiaries == 5), "five: now shown");

        let list = get(&app, "/api/v1/public/aid/campaigns").await;
        let list_tag = list.headers()[header::ETAG].to_str().unwrap().to_owned();
        let cached = app.anonymous.request(Method::GET, "/api/v1/public/aid/campaigns").header(header::IF_NONE_MATCH, format!("W/{list_tag}")).send().await.unwrap();
        assert_eq!(cached.status(), StatusCode::NOT_MODIFIED, "If-None-Match compares weakly");
    }
}

//! The demonstration's aid, part two ([docs/aid.md](../../../docs/aid.md)): households and
//! people living alone in Thành phố Hồ Chí Minh, Hà Nội and Đà Nẵng, each with the plan's
//! categories, hardships, consent and personal data that is **clearly fake** (citizen IDs
//! begin with `999`, which no province has; phones are `0900 000 …`), and two distribution
//! rounds of the open campaign "Chung tay vì Thành phố Hồ Chí Minh": one completed in
//! Phường Thủ Đức, one being delivered in Phường Bến Thành. Everything goes through the
//! store's writes, so the seals, the ledgers, the public sums and the audit rows are those
//! the API would have written. Added once: a database that has beneficiaries keeps them.

use crate::seed_aid::{valid, ward};
use crate::seed_work::{user_id, viewer};
use chrono::NaiveDate;
use danvan_domain::aid::{
    ConsentInput, CreateBeneficiary, CreateHousehold, CreateRound, DeliverRequest, GoodsLine, Hardship, LineStatus,
    NotDeliveredReason, NotDeliveredRequest, Quantity, RoundStatus,
};
use danvan_store::{aid, personal::Keyring, scope::Viewer, Actor, DbConnection, StoreError};
use uuid::Uuid;

/// What was added.
#[derive(Debug, Default)]
pub struct BeneficiariesSeeded {
    pub households: usize,
    pub beneficiaries: usize,
    pub rounds: usize,
    pub delivered: usize,
}

fn text(error: StoreError) -> String {
    error.to_string()
}

/// Who acts: an account as the store sees it.
type Person = (Actor, Viewer);

/// The wards of the 2025 layout the demonstration's people live in: (province, ward).
const THU_DUC: (&str, &str) = ("79", "26824");
const BEN_THANH: (&str, &str) = ("79", "26743");
const BA_DINH: (&str, &str) = ("01", "00004");
const HAI_CHAU: (&str, &str) = ("48", "20242");

/// One person: name, birth year, category codes, hardships, disability, health.
type PersonSpec = (&'static str, i32, &'static [&'static str], &'static [Hardship], &'static str, &'static str);

/// A household (its head first) or, with an empty name, people living alone.
struct HouseholdSpec {
    ward: (&'static str, &'static str),
    name: &'static str,
    address: &'static str,
    people: &'static [PersonSpec],
}

use Hardship::{Illness, Isolation, LostIncome, LostJob};

const POOR: &str = "poor_households";
const NEAR_POOR: &str = "near_poor_households";
const LOST: &str = "lost_income";
const ELDERLY: &str = "elderly";
const DISABLED: &str = "people_with_disabilities";
const LONELY: &str = "lonely";
const WORKERS: &str = "enterprise_workers";
const STUDENTS: &str = "poor_students";
const RENTING: &str = "young_workers_renting";
const VETERANS: &str = "agent_orange_veterans";
const WOMEN: &str = "rural_women";
const FARMERS: &str = "farmers";

#[rustfmt::skip]
const HOUSEHOLDS: &[HouseholdSpec] = &[
    HouseholdSpec { ward: THU_DUC, name: "Hộ ông Nguyễn Văn Hùng", address: "Số 14/3 hẻm 42 đường Võ Văn Ngân, Phường Thủ Đức", people: &[
        ("Nguyễn Văn Hùng", 1968, &[POOR, LOST], &[LostJob], "", ""),
        ("Trần Thị Lan", 1972, &[POOR, LOST], &[LostIncome], "", ""),
        ("Nguyễn Văn Tú", 2003, &[POOR, STUDENTS], &[], "", ""),
    ]},
    HouseholdSpec { ward: THU_DUC, name: "Hộ bà Lê Thị Hoa", address: "Số 8 đường Đặng Văn Bi, Phường Thủ Đức", people: &[
        ("Lê Thị Hoa", 1950, &[ELDERLY, NEAR_POOR], &[Illness], "", "Tăng huyết áp"),
        ("Phạm Văn Bình", 1979, &[LOST, NEAR_POOR], &[LostJob], "", ""),
    ]},
    HouseholdSpec { ward: THU_DUC, name: "Hộ ông Võ Văn Tám", address: "Số 27 đường Lê Văn Chí, Phường Thủ Đức", people: &[
        ("Võ Văn Tám", 1948, &[VETERANS, ELDERLY], &[Illness], "Khuyết tật vận động", "Di chứng chất độc da cam"),
        ("Võ Thị Mười", 1975, &[DISABLED, POOR], &[LostIncome], "Khuyết tật nghe", ""),
    ]},
    HouseholdSpec { ward: THU_DUC, name: "", address: "Khu nhà trọ số 5 đường số 9, Phường Thủ Đức", people: &[
        ("Đỗ Minh Khang", 1999, &[RENTING, LOST, WORKERS], &[LostJob], "", ""),
        ("Hồ Thị Ngọc Bích", 2001, &[RENTING, LOST, WORKERS], &[LostJob], "", ""),
        ("Trịnh Văn Lực", 1997, &[RENTING, LOST], &[LostIncome], "", ""),
        ("Nguyễn Thị Út", 1941, &[LONELY, ELDERLY], &[Isolation, Illness], "", "Tiểu đường"),
    ]},
    HouseholdSpec { ward: BEN_THANH, name: "Hộ bà Trương Thị Sáu", address: "Số 12 hẻm 65 đường Nguyễn Trãi, Phường Bến Thành", people: &[
        ("Trương Thị Sáu", 1958, &[POOR, LOST], &[LostIncome], "", ""),
        ("Lâm Văn Phước", 1984, &[LOST, WORKERS], &[LostJob], "", ""),
        ("Lâm Thị Kim Yến", 2004, &[STUDENTS, POOR], &[], "", ""),
    ]},
    HouseholdSpec { ward: BEN_THANH, name: "Hộ ông Huỳnh Văn Nhân", address: "Số 3 đường Lê Thánh Tôn, Phường Bến Thành", people: &[
        ("Huỳnh Văn Nhân", 1955, &[ELDERLY, NEAR_POOR], &[Illness], "", "Bệnh phổi mãn tính"),
        ("Huỳnh Thị Diệu", 1988, &[LOST, NEAR_POOR], &[LostIncome], "", ""),
    ]},
    HouseholdSpec { ward: BEN_THANH, name: "", address: "Phòng trọ 4, số 91 đường Cống Quỳnh, Phường Bến Thành", people: &[
        ("Mai Thanh Tùng", 2000, &[RENTING, LOST], &[LostJob], "", ""),
        ("Châu Ngọc Hân", 1946, &[LONELY, ELDERLY, DISABLED], &[Isolation], "Khuyết tật nhìn", ""),
    ]},
    HouseholdSpec { ward: BA_DINH, name: "Hộ ông Đinh Công Thắng", address: "Số 19 ngõ 32 phố Đội Cấn, Phường Ba Đình", people: &[
        ("Đinh Công Thắng", 1962, &[POOR, LOST], &[LostJob], "", ""),
        ("Đinh Thị Thủy", 1966, &[POOR], &[LostIncome], "", ""),
    ]},
    HouseholdSpec { ward: BA_DINH, name: "", address: "Số 7 ngõ Hàng Bún, Phường Ba Đình", people: &[
        ("Kiều Văn Chiến", 1950, &[VETERANS, LONELY], &[Isolation, Illness], "Khuyết tật vận động", ""),
    ]},
    HouseholdSpec { ward: HAI_CHAU, name: "Hộ bà Phan Thị Nở", address: "Kiệt 45 đường Hoàng Diệu, Phường Hải Châu", people: &[
        ("Phan Thị Nở", 1970, &[WOMEN, FARMERS, NEAR_POOR], &[LostIncome], "", ""),
        ("Phan Văn Lợi", 1995, &[LOST, WORKERS], &[LostJob], "", ""),
    ]},
];

/// A clearly fake citizen ID: `999` (no province has it) and the person's number.
fn fake_citizen_id(number: usize) -> String {
    format!("999{:09}", 100_000 + number)
}

/// A clearly fake phone: `0900 000 …`.
fn fake_phone(number: usize) -> String {
    format!("0900{:06}", number)
}

pub fn seed(conn: &mut DbConnection, keyring: &Keyring) -> Result<BeneficiariesSeeded, String> {
    if has_beneficiaries(conn)? {
        return Ok(BeneficiariesSeeded::default());
    }
    let mut person = |username: &str| -> Result<Person, String> {
        let id = user_id(conn, username)?;
        viewer(conn, id)
    };
    let (office, leader, t78) = (person("vanphong")?, person("lanhdao")?, person("t78")?);
    let mut seeded = BeneficiariesSeeded::default();
    let category = |code: &str| aid::default_category_id(code);
    let consent = |name: &str| ConsentInput {
        given_by: name.to_owned(),
        purpose: "Nhận hỗ trợ của các chiến dịch vận động do Ban Dân vận điều phối".into(),
    };
    let mut number = 0;
    for household in HOUSEHOLDS {
        let area_id = ward(conn, household.ward.0, household.ward.1)?;
        let household_id = if household.name.is_empty() {
            None
        } else {
            let request =
                CreateHousehold { name: Some(household.name.into()), area_id, address: household.address.into() };
            valid("household", request.validate())?;
            seeded.households += 1;
            Some(aid::create_household(conn, &office.0, &office.1, &request).map_err(text)?.id)
        };
        for (index, (name, year, categories, hardships, disability, health)) in household.people.iter().enumerate() {
            number += 1;
            let given = |value: &str| (!value.is_empty()).then(|| value.to_owned());
            let request = CreateBeneficiary {
                full_name: (*name).into(),
                household_id,
                is_head: household_id.is_some() && index == 0,
                area_id: household_id.is_none().then_some(area_id),
                address: if household_id.is_none() { household.address.into() } else { String::new() },
                category_ids: categories.iter().map(|code| category(code)).collect(),
                hardships: hardships.to_vec(),
                citizen_id: Some(fake_citizen_id(number)),
                phone: (number % 3 != 0).then(|| fake_phone(number)),
                birth_date: NaiveDate::from_ymd_opt(*year, 1 + (number % 12) as u32, 1 + (number % 28) as u32),
                disability: given(disability),
                health: given(health),
                consent: consent(name),
                override_reason: None,
            };
            valid("beneficiary", request.validate(chrono::Utc::now().date_naive()))?;
            aid::create_beneficiary(conn, &office.0, &office.1, keyring, &request).map_err(text)?;
            seeded.beneficiaries += 1;
        }
    }
    seed_rounds(conn, &office, &leader, &t78, &mut seeded)?;
    Ok(seeded)
}

/// The open campaign and the warehouse of part one's demonstration, by name.
fn campaign_and_warehouse(conn: &mut DbConnection) -> Result<(Uuid, Uuid), String> {
    use danvan_store::{
        diesel::prelude::*,
        schema::{aid_locations, campaigns},
    };
    let find = |conn: &mut DbConnection| -> Result<(String, String), danvan_store::diesel::result::Error> {
        let campaign: String = campaigns::table
            .filter(campaigns::name.eq("Chung tay vì Thành phố Hồ Chí Minh"))
            .select(campaigns::id)
            .get_result(conn)?;
        let warehouse: String = aid_locations::table
            .filter(aid_locations::name.eq("Kho hàng cứu trợ T78 – Thủ Đức"))
            .select(aid_locations::id)
            .get_result(conn)?;
        Ok((campaign, warehouse))
    };
    let (campaign, warehouse) = find(conn).map_err(|e| format!("part one's demonstration is missing: {e}"))?;
    let parse = |id: &str| Uuid::parse_str(id).map_err(|e| e.to_string());
    Ok((parse(&campaign)?, parse(&warehouse)?))
}

fn seed_rounds(
    conn: &mut DbConnection,
    office: &Person,
    leader: &Person,
    t78: &Person,
    seeded: &mut BeneficiariesSeeded,
) -> Result<(), String> {
    let (campaign_id, warehouse) = campaign_and_warehouse(conn)?;
    let rice = aid::list_items(conn, Some(true))
        .map_err(text)?
        .into_iter()
        .find(|item| item.code == "rice")
        .map(|item| item.id)
        .ok_or("the aid item rice is missing")?;
    let categories: Vec<Uuid> = [POOR, NEAR_POOR, LOST, ELDERLY, DISABLED, LONELY, VETERANS, RENTING]
        .iter()
        .map(|code| aid::default_category_id(code))
        .collect();
    let rounds = [
        ("Đợt 1 – Phường Thủ Đức: gạo và tiền mặt", THU_DUC, RoundStatus::Completed),
        ("Đợt 2 – Phường Bến Thành: gạo và tiền mặt", BEN_THANH, RoundStatus::Delivering),
    ];
    for (name, place, end) in rounds {
        let request = CreateRound {
            campaign_id,
            name: name.into(),
            area_id: ward(conn, place.0, place.1)?,
            location_id: Some(warehouse),
            cash_each: 500_000,
            items: vec![GoodsLine { item_id: rice, quantity: Quantity::units(10) }],
            category_ids: categories.clone(),
        };
        valid("distribution round", request.validate())?;
        let round = aid::create_round(conn, &office.0, &office.1, &request).map_err(text)?;
        seeded.rounds += 1;
        // Approved by the leadership, not by who built it.
        let round = aid::move_round(conn, &leader.0, &leader.1, round.id, round.version, RoundStatus::Approved, None)
            .map_err(text)?;
        let lines = all_lines(conn, &t78.1, round.id)?;
        // The completed round reached everyone but one who had moved; the other is half done.
        let delivered = if end == RoundStatus::Completed { lines.len() - 1 } else { lines.len() / 2 };
        for (index, line) in lines.iter().enumerate() {
            if index < delivered {
                let request = DeliverRequest {
                    confirmation: line.beneficiary.name.clone(),
                    note: "Đã ký nhận tại nhà văn hóa khu phố".into(),
                };
                aid::deliver(conn, &t78.0, &t78.1, round.id, line.id, &request).map_err(text)?;
                seeded.delivered += 1;
            } else if end == RoundStatus::Completed {
                let request = NotDeliveredRequest {
                    reason: NotDeliveredReason::Moved,
                    note: "Đã chuyển về quê, tổ dân phố xác nhận".into(),
                };
                aid::mark_not_delivered(conn, &t78.0, &t78.1, round.id, line.id, &request).map_err(text)?;
            }
        }
        if end == RoundStatus::Completed {
            let round = aid::get_round(conn, &office.1, round.id).map_err(text)?;
            aid::move_round(conn, &office.0, &office.1, round.id, round.version, RoundStatus::Completed, None)
                .map_err(text)?;
        }
    }
    Ok(())
}

/// Every line of a round, in checklist order.
fn all_lines(
    conn: &mut DbConnection,
    viewer: &Viewer,
    round: Uuid,
) -> Result<Vec<danvan_domain::aid::DistributionLine>, String> {
    let filter = aid::LineFilter { status: Some(LineStatus::Planned), ..aid::LineFilter::default() };
    let page = aid::list_lines(conn, viewer, round, &filter, 200, None).map_err(text)?;
    Ok(page.items)
}

/// Whether the database has beneficiaries already: then the demonstration's are not added.
fn has_beneficiaries(conn: &mut DbConnection) -> Result<bool, String> {
    use danvan_store::{diesel::prelude::*, schema::beneficiaries};
    let found: Result<i64, _> = beneficiaries::table.count().get_result(conn);
    found.map(|found| found > 0).map_err(|e| e.to_string())
}

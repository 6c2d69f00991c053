//! The demonstration's aid, part one ([docs/aid.md](../../../docs/aid.md)): four places
//! that keep goods (warehouses and collection points in Hà Nội, Thành phố Hồ Chí Minh and
//! Đà Nẵng), 25 donors of every kind, three campaigns (the 2021 vaccine fund, closed; "Chung
//! tay vì Thành phố Hồ Chí Minh", open; a planned one), a dozen pledges in every state, about
//! 200 donations received from July to December 2021 (two of them reversed), two payments,
//! transfers between the places, and two stock adjustments (one approved, one waiting for
//! a second person). Everything goes through the store's writes, so the ledgers, the sums,
//! the receipt numbers and the audit rows are those the API would have written; the random
//! choices come from a fixed seed, so every run writes the same records. Added once: a
//! database that has donors or donations keeps them.

use crate::seed_work::{user_id, viewer};
use chrono::{Datelike, Duration, NaiveDate};
use danvan_domain::{
    aid::{
        AdjustmentReason, BeneficiaryCategory, CampaignStatus, CreateCampaign, CreateDisbursement, CreateDonation,
        CreateDonor, CreateLocation, CreatePledge, CreateStockAdjustment, CreateStockTransfer, DonationChannel,
        DonationLineRequest, DonorKind, GoodsLine, LocationKind, Quantity, UpdateCampaign, UpdatePledge,
    },
    area::{AreaLevel, Layout},
    validation::FieldError,
};
use danvan_store::{aid, areas, org_units, personal::Keyring, plans, scope::Viewer, Actor, DbConnection, StoreError};
use std::collections::HashMap;
use uuid::Uuid;

/// What was added.
#[derive(Debug, Default)]
pub struct AidSeeded {
    pub locations: usize,
    pub donors: usize,
    pub campaigns: usize,
    pub pledges: usize,
    pub donations: usize,
    pub reversed: usize,
    pub payments: usize,
    pub transfers: usize,
    pub adjustments: usize,
}

fn text(error: StoreError) -> String {
    error.to_string()
}

/// A request the API would have refused is a mistake in this file.
pub(crate) fn valid(what: &str, checked: Result<(), Vec<FieldError>>) -> Result<(), String> {
    checked.map_err(|errors| {
        let fields: Vec<String> = errors.into_iter().map(|e| format!("{}: {}", e.field, e.message)).collect();
        format!("demo {what}: {}", fields.join("; "))
    })
}

fn day(year: i32, month: u32, day: u32) -> Result<NaiveDate, String> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| format!("bad date {year}-{month}-{day}"))
}

/// Who acts: an account as the store sees it.
type Person = (Actor, Viewer);

// --- places ---

const HCM_WAREHOUSE: usize = 0;
const HCM_POINT: usize = 1;
const HANOI_WAREHOUSE: usize = 2;
const DANANG_POINT: usize = 3;

/// (name, kind, org unit code, province code and ward code of the 2025 layout, address)
const PLACES: [(&str, LocationKind, &str, &str, &str, &str); 4] = [
    (
        "Kho hàng cứu trợ T78 – Thủ Đức",
        LocationKind::Warehouse,
        "T78",
        "79",
        "26824",
        "Số 12 đường Võ Văn Ngân, Phường Thủ Đức, Thành phố Hồ Chí Minh",
    ),
    (
        "Điểm tiếp nhận hàng ủng hộ Bến Thành",
        LocationKind::CollectionPoint,
        "T78",
        "79",
        "26743",
        "Số 135 đường Nam Kỳ Khởi Nghĩa, Phường Bến Thành, Thành phố Hồ Chí Minh",
    ),
    (
        "Kho Văn phòng Ban – Ba Đình",
        LocationKind::Warehouse,
        "VP",
        "01",
        "00004",
        "Số 6 phố Ngọc Hà, Phường Ba Đình, Thành phố Hà Nội",
    ),
    (
        "Điểm tiếp nhận T26 – Hải Châu",
        LocationKind::CollectionPoint,
        "T26",
        "48",
        "20242",
        "Số 20 đường Bạch Đằng, Phường Hải Châu, Thành phố Đà Nẵng",
    ),
];

/// The ward of a place: the one named, else the province's first (should the area data change).
pub(crate) fn ward(conn: &mut DbConnection, province: &str, code: &str) -> Result<Uuid, String> {
    match areas::by_code(conn, Layout::L2025, code) {
        Ok(area) if area.level == AreaLevel::Commune => return Ok(area.id),
        Ok(_) | Err(StoreError::NotFound) => {}
        Err(error) => return Err(text(error)),
    }
    let province = areas::by_code(conn, Layout::L2025, province).map_err(text)?;
    let first = areas::communes_of(conn, province.id, 1).map_err(text)?;
    first.first().map(|area| area.id).ok_or_else(|| format!("no ward in the province {}", province.name))
}

fn unit(conn: &mut DbConnection, code: &str) -> Result<Uuid, String> {
    org_units::by_code(conn, code)
        .map_err(text)?
        .map(|unit| unit.id)
        .ok_or_else(|| format!("the org unit {code} is missing"))
}

// --- donors ---

/// (kind, name, tax code, contact person, phone, e-mail, agrees to be named); `""` for none.
type DonorSpec = (DonorKind, &'static str, &'static str, &'static str, &'static str, &'static str, bool);

#[rustfmt::skip]
const DONORS: [DonorSpec; 25] = [
    (DonorKind::Business, "Công ty Cổ phần Thực phẩm Sài Gòn Xanh", "0312345678", "Bà Nguyễn Thị Hồng Nhung", "0903 215 468", "lienhe@saigonxanh.example.vn", true),
    (DonorKind::Business, "Công ty TNHH Thương mại Hoàng Phúc", "0101234567", "Ông Trần Văn Phúc", "0912 345 678", "", true),
    (DonorKind::Business, "Công ty Cổ phần Dược phẩm Minh Châu", "0401122334", "Bà Lê Thị Minh Châu", "", "csr@minhchau-pharma.example.vn", true),
    (DonorKind::Business, "Ngân hàng TMCP Phương Nam – Chi nhánh Đà Nẵng", "0300987654-002", "Ông Phạm Quốc Việt", "0905 246 135", "", true),
    (DonorKind::Business, "Công ty TNHH Lương thực Cửu Long", "1801234567", "Ông Huỳnh Văn Lợi", "0939 112 233", "", false),
    (DonorKind::Business, "Công ty Cổ phần Mì ăn liền Á Châu", "0302223334", "Bà Võ Thị Thanh Tâm", "", "thanhtam.vo@achau-food.example.vn", true),
    (DonorKind::Business, "Công ty Cổ phần Vận tải Biển Đông – Chi nhánh Hải Phòng", "0200345678-001", "Ông Đỗ Mạnh Hùng", "0983 456 789", "", false),
    (DonorKind::Organisation, "Hội Doanh nhân trẻ Thành phố Hồ Chí Minh", "", "Ông Lý Gia Huy", "0908 765 432", "", true),
    (DonorKind::Organisation, "Câu lạc bộ Thiện nguyện Ánh Dương", "", "Bà Đặng Thu Trang", "0987 654 321", "", true),
    (DonorKind::Organisation, "Hội Chữ thập đỏ quận Hai Bà Trưng", "", "Bà Ngô Thị Thu Hương", "", "", true),
    (DonorKind::Organisation, "Hội Đồng hương Quảng Nam tại Hà Nội", "", "Ông Trương Công Danh", "0913 579 246", "", true),
    (DonorKind::Organisation, "Ban Liên lạc Cựu chiến binh Trường Sơn phía Nam", "", "Ông Phan Văn Khải", "", "", false),
    (DonorKind::Individual, "Nguyễn Văn Thành", "", "", "0903 123 456", "", true),
    (DonorKind::Individual, "Trần Thị Mai Anh", "", "", "0912 888 168", "", false),
    (DonorKind::Individual, "Lê Hoàng Nam", "", "", "0976 543 210", "hoangnam.le@example.vn", true),
    (DonorKind::Individual, "Phạm Minh Đức", "", "", "0938 246 810", "", false),
    (DonorKind::Individual, "Võ Thị Kim Ngân", "", "", "0905 135 790", "", true),
    (DonorKind::Individual, "Đặng Quốc Bảo", "", "", "0868 112 358", "", false),
    (DonorKind::Individual, "Huỳnh Thị Thu Trang", "", "", "0919 271 828", "", true),
    (DonorKind::Individual, "Bùi Đức Long", "", "", "0983 141 592", "", false),
    (DonorKind::OverseasVietnamese, "Nguyễn Hoàng Minh (Sydney, Úc)", "", "", "+61 412 345 678", "", true),
    (DonorKind::OverseasVietnamese, "Trần Thu Hà (San Jose, Hoa Kỳ)", "", "", "+1 408 555 0134", "thuha.tran@example.com", true),
    (DonorKind::OverseasVietnamese, "Lê Văn Phúc (Berlin, Đức)", "", "", "+49 151 2345 6789", "", false),
    (DonorKind::OverseasVietnamese, "Phạm Ngọc Lan (Osaka, Nhật Bản)", "", "", "+81 90 1234 5678", "", true),
    (DonorKind::Anonymous, "Nhà hảo tâm giấu tên", "", "", "", "", false),
];

// --- items ---

/// (code, estimated value of one unit in đồng, a usual gift's smallest and largest quantity)
const GOODS: [(&str, i64, i64, i64); 8] = [
    ("rice", 15_000, 100, 3_000),
    ("noodles", 100_000, 10, 300),
    ("cooking_oil", 50_000, 20, 500),
    ("masks", 60_000, 10, 300),
    ("sanitiser", 80_000, 10, 200),
    ("test_kits", 90_000, 50, 1_000),
    ("oximeters", 600_000, 2, 50),
    ("essentials_package", 300_000, 20, 300),
];

fn unit_value(code: &str) -> i64 {
    GOODS.iter().find(|(item, ..)| *item == code).map_or(0, |(_, value, ..)| *value)
}

/// SplitMix64, as the synthetic loaders draw: the same choices on every run.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next() % n
        }
    }

    fn pick<T: Copy>(&mut self, list: &[T]) -> T {
        list[self.below(list.len() as u64) as usize]
    }
}

// --- donations ---

const VACCINE: usize = 0;
const HCMC: usize = 1;
const PLANNED: usize = 2;

/// Who records a donation.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Clerk {
    Office,
    T78,
    T26,
}

/// A donation to enter.
struct Planned {
    received_on: NaiveDate,
    campaign: usize,
    donor: Option<usize>,
    pledge: Option<usize>,
    channel: DonationChannel,
    cash: i64,
    /// (item code, whole units)
    lines: Vec<(&'static str, i64)>,
    location: Option<usize>,
    clerk: Clerk,
    note: &'static str,
    /// Reversed after it is entered, with this reason.
    reverse: Option<&'static str>,
    /// Entered after the reversals: what replaces a reversed donation.
    after_reversals: bool,
}

impl Planned {
    fn cash(
        received_on: NaiveDate,
        campaign: usize,
        donor: Option<usize>,
        channel: DonationChannel,
        cash: i64,
    ) -> Planned {
        Planned {
            received_on,
            campaign,
            donor,
            pledge: None,
            channel,
            cash,
            lines: Vec::new(),
            location: None,
            clerk: Clerk::Office,
            note: "",
            reverse: None,
            after_reversals: false,
        }
    }

    fn goods(
        received_on: NaiveDate,
        donor: Option<usize>,
        location: usize,
        lines: Vec<(&'static str, i64)>,
        clerk: Clerk,
    ) -> Planned {
        Planned {
            received_on,
            campaign: HCMC,
            donor,
            pledge: None,
            channel: DonationChannel::InKind,
            cash: 0,
            lines,
            location: Some(location),
            clerk,
            note: "",
            reverse: None,
            after_reversals: false,
        }
    }
}

/// The kind of donor `index` of [`DONORS`].
fn kind_of(index: usize) -> DonorKind {
    DONORS[index].0
}

/// Who gives in the generated donations: people and organisations more often than businesses.
const GIVERS: [usize; 36] = [
    0, 1, 2, 3, 4, 5, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 12, 12, 13, 13, 14, 14, 15, 16, 16, 17, 17, 18, 18, 19, 20, 20,
    21, 21, 22, 23,
];

/// A cash gift of a donor of `kind`, in đồng.
fn cash_gift(draw: &mut Draw, kind: Option<DonorKind>) -> i64 {
    match kind {
        Some(DonorKind::Business) => draw.pick(&[50_000_000, 100_000_000, 200_000_000, 300_000_000, 500_000_000]),
        Some(DonorKind::Organisation) => draw.pick(&[10_000_000, 20_000_000, 30_000_000, 50_000_000, 100_000_000]),
        Some(DonorKind::OverseasVietnamese) => draw.pick(&[5_000_000, 10_000_000, 23_000_000, 46_000_000]),
        Some(DonorKind::Individual) => draw.pick(&[500_000, 1_000_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000]),
        Some(DonorKind::Anonymous) | None => draw.pick(&[200_000, 500_000, 1_000_000, 2_000_000, 5_000_000]),
    }
}

/// One to three lines of goods for a donor of `kind`, in whole units.
fn goods_gift(draw: &mut Draw, kind: Option<DonorKind>) -> Vec<(&'static str, i64)> {
    let scale = match kind {
        Some(DonorKind::Business) => 4,
        Some(DonorKind::Organisation) => 2,
        _ => 1,
    };
    let count = 1 + draw.below(3) as usize;
    let mut lines: Vec<(&'static str, i64)> = Vec::new();
    while lines.len() < count {
        let (code, _, low, high) = draw.pick(&GOODS);
        if lines.iter().any(|(taken, _)| *taken == code) {
            continue;
        }
        // Round figures, as goods come: sacks of rice, cartons, boxes.
        let step = if high >= 1_000 {
            50
        } else if high >= 100 {
            10
        } else {
            1
        };
        let quantity = (low + draw.below((high - low) as u64) as i64) * scale / step * step;
        lines.push((code, quantity.max(step)));
    }
    lines
}

/// The donations of the two 2021 campaigns: those that honour pledges, then generated ones.
fn planned_donations() -> Result<Vec<Planned>, String> {
    use DonationChannel::{BankTransfer, Cash};
    let mut all = vec![
        // The vaccine fund's pledges: Hoàng Phúc in full, Phương Nam in two transfers, the
        // young entrepreneurs in part before their pledge lapsed.
        Planned { pledge: Some(0), ..Planned::cash(day(2021, 7, 20)?, VACCINE, Some(1), BankTransfer, 5_000_000_000) },
        Planned { pledge: Some(1), ..Planned::cash(day(2021, 8, 10)?, VACCINE, Some(3), BankTransfer, 1_200_000_000) },
        Planned { pledge: Some(1), ..Planned::cash(day(2021, 9, 20)?, VACCINE, Some(3), BankTransfer, 800_000_000) },
        Planned { pledge: Some(2), ..Planned::cash(day(2021, 8, 25)?, VACCINE, Some(7), BankTransfer, 200_000_000) },
        // Ho Chi Minh City's: rice from Cửu Long in two shipments of the fifty tonnes promised,
        // noodles from Á Châu in full, Minh Châu's masks, oximeters and money, part of an
        // overseas pledge.
        Planned {
            pledge: Some(4),
            ..Planned::goods(day(2021, 8, 5)?, Some(4), HCM_WAREHOUSE, vec![("rice", 15_000)], Clerk::T78)
        },
        Planned {
            pledge: Some(4),
            ..Planned::goods(day(2021, 9, 2)?, Some(4), HCM_WAREHOUSE, vec![("rice", 15_000)], Clerk::Office)
        },
        Planned {
            pledge: Some(5),
            ..Planned::goods(day(2021, 8, 12)?, Some(5), HCM_POINT, vec![("noodles", 3_000)], Clerk::T78)
        },
        Planned {
            pledge: Some(5),
            ..Planned::goods(day(2021, 9, 6)?, Some(5), HCM_WAREHOUSE, vec![("noodles", 2_000)], Clerk::Office)
        },
        Planned {
            pledge: Some(6),
            ..Planned::goods(
                day(2021, 8, 3)?,
                Some(2),
                HCM_WAREHOUSE,
                vec![("masks", 1_000), ("oximeters", 200)],
                Clerk::T78,
            )
        },
        Planned { pledge: Some(6), ..Planned::cash(day(2021, 8, 4)?, HCMC, Some(2), BankTransfer, 300_000_000) },
        Planned { pledge: Some(7), ..Planned::cash(day(2021, 9, 10)?, HCMC, Some(20), BankTransfer, 50_000_000) },
        // Medical supplies collected in Đà Nẵng for the south.
        Planned {
            note: "Hàng y tế gửi vào Thành phố Hồ Chí Minh",
            ..Planned::goods(
                day(2021, 8, 18)?,
                Some(3),
                DANANG_POINT,
                vec![("masks", 300), ("test_kits", 2_000)],
                Clerk::T26,
            )
        },
    ];
    let mut draw = Draw(2021);
    // The vaccine fund: July to October, most of it in the first weeks.
    let first = day(2021, 7, 1)?;
    for index in 0..64 {
        let offset = draw.below(123).min(draw.below(123)) as i64;
        let donor = if draw.below(100) < 15 { None } else { Some(draw.pick(&GIVERS)) };
        let kind = donor.map(kind_of);
        let channel = match kind {
            None => Cash,
            Some(DonorKind::Business | DonorKind::OverseasVietnamese) => BankTransfer,
            Some(_) if draw.below(2) == 0 => Cash,
            Some(_) => BankTransfer,
        };
        let mut planned =
            Planned::cash(first + Duration::days(offset), VACCINE, donor, channel, cash_gift(&mut draw, kind));
        if index == 0 {
            planned.note = "Ủng hộ tại lễ phát động của Ban";
        }
        if index == 21 && channel == Cash {
            planned.reverse = Some("Nhập trùng: khoản này đã có biên nhận khi nhận tại lễ phát động");
        }
        all.push(planned);
    }
    // Ho Chi Minh City: from mid-July to the end of the year; half of it goods.
    let first = day(2021, 7, 15)?;
    let mut wrong_place = false;
    for _ in 0..124 {
        let received_on = first + Duration::days(draw.below(170) as i64);
        let donor = if draw.below(100) < 10 { None } else { Some(draw.pick(&GIVERS)) };
        let kind = donor.map(kind_of);
        let roll = draw.below(100);
        if roll < 50 {
            let place = match draw.below(100) {
                0..=34 => HCM_WAREHOUSE,
                35..=69 => HCM_POINT,
                70..=89 => HANOI_WAREHOUSE,
                _ => DANANG_POINT,
            };
            let clerk = match (place, draw.below(2)) {
                (HCM_WAREHOUSE | HCM_POINT, 0) => Clerk::T78,
                (DANANG_POINT, 0) => Clerk::T26,
                _ => Clerk::Office,
            };
            let mut planned = Planned::goods(received_on, donor, place, goods_gift(&mut draw, kind), clerk);
            // One gift entered at the collection point although it went to the warehouse:
            // reversed, and entered again where it is.
            if !wrong_place && place == HCM_POINT && donor.is_some() && clerk == Clerk::Office {
                wrong_place = true;
                planned.reverse = Some("Ghi nhầm nơi nhận: hàng được chở thẳng về kho Thủ Đức, đã lập biên nhận mới");
                all.push(Planned {
                    note: "Nhập lại đúng kho nhận hàng",
                    after_reversals: true,
                    ..Planned::goods(received_on, donor, HCM_WAREHOUSE, planned.lines.clone(), Clerk::Office)
                });
            }
            all.push(planned);
        } else {
            let channel = if kind.is_none() || (roll >= 80 && kind != Some(DonorKind::OverseasVietnamese)) {
                Cash
            } else {
                BankTransfer
            };
            all.push(Planned::cash(received_on, HCMC, donor, channel, cash_gift(&mut draw, kind)));
        }
    }
    // Entered in the order they came, so the receipt numbers follow the days.
    all.sort_by_key(|planned| planned.received_on);
    Ok(all)
}

// --- the seed ---

pub fn seed(conn: &mut DbConnection, keyring: &Keyring) -> Result<AidSeeded, String> {
    if has_aid(conn)? {
        return Ok(AidSeeded::default());
    }
    let mut person = |username: &str| -> Result<Person, String> {
        let id = user_id(conn, username)?;
        viewer(conn, id)
    };
    let (office, t78, t26) = (person("vanphong")?, person("t78")?, person("t26")?);
    let mut seeded = AidSeeded::default();
    let items: HashMap<String, Uuid> =
        aid::list_items(conn, Some(true)).map_err(text)?.into_iter().map(|item| (item.code, item.id)).collect();
    let item = |code: &str| items.get(code).copied().ok_or_else(|| format!("the aid item {code} is missing"));

    let mut places = Vec::new();
    for (name, kind, unit_code, province, ward_code, address) in PLACES {
        let request = CreateLocation {
            name: name.into(),
            kind,
            org_unit_id: unit(conn, unit_code)?,
            area_id: ward(conn, province, ward_code)?,
            address: address.into(),
        };
        valid("location", request.validate())?;
        places.push(aid::create_location(conn, &office.0, &office.1, &request).map_err(text)?.id);
    }
    seeded.locations = places.len();

    let mut donors = Vec::new();
    for (kind, name, tax_code, contact_person, phone, email, public_consent) in DONORS {
        let given = |value: &str| (!value.is_empty()).then(|| value.to_owned());
        let request = CreateDonor {
            kind,
            name: name.into(),
            tax_code: given(tax_code),
            contact_person: contact_person.into(),
            phone: given(phone),
            email: given(email),
            public_consent,
            note: if kind == DonorKind::Anonymous {
                "Gửi tiền mặt tại điểm tiếp nhận, không để lại tên.".into()
            } else {
                String::new()
            },
        };
        valid("donor", request.validate())?;
        donors.push(aid::create_donor(conn, &office.0, &office.1, keyring, &request).map_err(text)?.id);
    }
    seeded.donors = donors.len();

    let campaigns = seed_campaigns(conn, &office, &item)?;
    seeded.campaigns = campaigns.len();
    let pledges = seed_pledges(conn, &office, &donors, &campaigns, &item)?;
    seeded.pledges = pledges.len();

    // Donations, in the order they came; what each place holds is followed for the transfers.
    let mut held: HashMap<(usize, &'static str), i64> = HashMap::new();
    let mut enter = |conn: &mut DbConnection, planned: &Planned, sequence: usize| -> Result<Uuid, String> {
        let clerk = match planned.clerk {
            Clerk::Office => &office,
            Clerk::T78 => &t78,
            Clerk::T26 => &t26,
        };
        let request = CreateDonation {
            donor_id: planned.donor.map(|index| donors[index]),
            campaign_id: campaigns[planned.campaign].0,
            pledge_id: planned.pledge.map(|index| pledges[index].0),
            received_on: planned.received_on,
            channel: planned.channel,
            bank_reference: (planned.channel == DonationChannel::BankTransfer)
                .then(|| format!("FT21{:03}{:05}", planned.received_on.ordinal(), 10_007 + 37 * sequence)),
            cash_amount: planned.cash,
            lines: planned
                .lines
                .iter()
                .map(|(code, units)| {
                    Ok(DonationLineRequest {
                        item_id: item(code)?,
                        quantity: Quantity::units(*units),
                        estimated_value: units * unit_value(code),
                    })
                })
                .collect::<Result<Vec<_>, String>>()?,
            location_id: planned.location.map(|index| places[index]),
            note: planned.note.into(),
        };
        valid("donation", request.validate())?;
        let donation = aid::create_donation(conn, &clerk.0, &clerk.1, &request).map_err(text)?;
        if let Some(place) = planned.location {
            for (code, units) in &planned.lines {
                *held.entry((place, *code)).or_default() += units;
            }
        }
        Ok(donation.id)
    };
    let (now, later): (Vec<Planned>, Vec<Planned>) =
        planned_donations()?.into_iter().partition(|planned| !planned.after_reversals);
    let mut to_reverse = Vec::new();
    for planned in now {
        let id = enter(conn, &planned, seeded.donations)?;
        seeded.donations += 1;
        if let Some(reason) = planned.reverse {
            to_reverse.push((id, reason, planned));
        }
    }
    for (id, reason, _) in &to_reverse {
        aid::reverse_donation(conn, &office.0, &office.1, *id, reason).map_err(text)?;
        seeded.reversed += 1;
    }
    for planned in later {
        enter(conn, &planned, seeded.donations)?;
        seeded.donations += 1;
    }
    for (_, _, planned) in to_reverse {
        if let Some(place) = planned.location {
            for (code, units) in planned.lines {
                *held.entry((place, code)).or_default() -= units;
            }
        }
    }

    seeded.payments = seed_payments(conn, &office, &campaigns)?;
    seeded.transfers = seed_transfers(conn, [&office, &t78, &t26], &places, &mut held, &item)?;
    seeded.adjustments = seed_adjustments(conn, [&office, &t78, &t26], &places, &held, &item)?;

    // The vaccine fund closes once its donations are in.
    let (vaccine, version) = campaigns[VACCINE];
    let version = aid::get_campaign(conn, &office.1, vaccine).map_err(text)?.version.max(version);
    let close = UpdateCampaign { status: Some(CampaignStatus::Closed), ..UpdateCampaign::default() };
    aid::update_campaign(conn, &office.0, &office.1, vaccine, version, &close).map_err(text)?;
    Ok(seeded)
}

/// Whether the database has donors or donations already: then the demonstration's are not added.
fn has_aid(conn: &mut DbConnection) -> Result<bool, String> {
    use danvan_store::{
        diesel::prelude::*,
        schema::{donations, donors},
    };
    let count = |conn: &mut DbConnection| -> Result<i64, danvan_store::diesel::result::Error> {
        Ok(donations::table.count().get_result::<i64>(conn)? + donors::table.count().get_result::<i64>(conn)?)
    };
    count(conn).map(|found| found > 0).map_err(|e| e.to_string())
}

/// The three campaigns, as (id, version), in the order of [`VACCINE`], [`HCMC`], [`PLANNED`].
fn seed_campaigns(
    conn: &mut DbConnection,
    office: &Person,
    item: &dyn Fn(&str) -> Result<Uuid, String>,
) -> Result<Vec<(Uuid, i64)>, String> {
    use BeneficiaryCategory::*;
    let plan_item = match plans::by_number(conn, "16-KH/BDVTW").map_err(text)? {
        Some(plan) => plans::item_by_number(conn, plan.id, "II.3").map_err(text)?.map(|item| item.id),
        None => None,
    };
    let hcmc_2021 = areas::by_code(conn, Layout::L2021, "79").map_err(text)?.id;
    let goods = |lines: &[(&str, i64)]| -> Result<Vec<GoodsLine>, String> {
        lines
            .iter()
            .map(|(code, units)| Ok(GoodsLine { item_id: item(code)?, quantity: Quantity::units(*units) }))
            .collect()
    };
    let requests = [
        CreateCampaign {
            name: "Ủng hộ Quỹ vắc-xin phòng COVID-19".into(),
            purpose: "Vận động cán bộ, đảng viên, doanh nghiệp, nhà hảo tâm trong và ngoài nước ủng hộ Quỹ vắc-xin \
                      phòng COVID-19, góp phần tiêm vắc-xin miễn phí cho toàn dân."
                .into(),
            starts_on: day(2021, 6, 5)?,
            ends_on: Some(day(2021, 12, 31)?),
            plan_item_id: plan_item,
            status: Some(CampaignStatus::Open),
            org_unit_id: unit(conn, "VP")?,
            area_ids: Vec::new(),
            beneficiary_categories: vec![FrontlineWorkers, Elderly, PatientsAndQuarantined],
            target_cash: 10_000_000_000,
            target_goods: Vec::new(),
        },
        CreateCampaign {
            name: "Chung tay vì Thành phố Hồ Chí Minh".into(),
            purpose: "Tiếp nhận tiền và hàng hóa hỗ trợ người dân Thành phố Hồ Chí Minh trong thời gian giãn cách \
                      xã hội: lương thực, thực phẩm và vật tư y tế cho hộ khó khăn, người mất việc làm và người \
                      nhiễm COVID-19 điều trị tại nhà."
                .into(),
            starts_on: day(2021, 7, 15)?,
            ends_on: None,
            plan_item_id: plan_item,
            status: Some(CampaignStatus::Open),
            org_unit_id: unit(conn, "T78")?,
            area_ids: vec![hcmc_2021],
            beneficiary_categories: vec![
                PoorHouseholds,
                NearPoorHouseholds,
                LostIncome,
                PatientsAndQuarantined,
                Elderly,
            ],
            target_cash: 20_000_000_000,
            target_goods: goods(&[
                ("rice", 300_000),
                ("noodles", 10_000),
                ("cooking_oil", 5_000),
                ("masks", 3_000),
                ("sanitiser", 2_000),
                ("test_kits", 20_000),
                ("oximeters", 1_000),
                ("essentials_package", 10_000),
            ])?,
        },
        CreateCampaign {
            name: "Xuân ấm áp – Tết Nhâm Dần 2022 cho người lao động khó khăn".into(),
            purpose: "Tặng quà Tết cho công nhân, người lao động mất việc làm vì dịch COVID-19 và gia đình họ.".into(),
            starts_on: day(2022, 1, 5)?,
            ends_on: Some(day(2022, 1, 31)?),
            plan_item_id: plan_item,
            status: None,
            org_unit_id: unit(conn, "CDCQ")?,
            area_ids: Vec::new(),
            beneficiary_categories: vec![LostIncome, PoorHouseholds],
            target_cash: 2_000_000_000,
            target_goods: goods(&[("essentials_package", 3_000)])?,
        },
    ];
    let mut created = Vec::new();
    for request in &requests {
        valid("campaign", request.validate())?;
        let campaign = aid::create_campaign(conn, &office.0, &office.1, request).map_err(text)?;
        created.push((campaign.id, campaign.version));
    }
    Ok(created)
}

/// Twelve pledges, as (id, version): fulfilled, partly fulfilled, lapsed, cancelled and
/// just pledged. Statuses follow from the donations that name them ([`planned_donations`]).
fn seed_pledges(
    conn: &mut DbConnection,
    office: &Person,
    donors: &[Uuid],
    campaigns: &[(Uuid, i64)],
    item: &dyn Fn(&str) -> Result<Uuid, String>,
) -> Result<Vec<(Uuid, i64)>, String> {
    // (donor, campaign, cash, goods, due, note, cancelled)
    type PledgeSpec = (usize, usize, i64, &'static [(&'static str, i64)], Option<(i32, u32, u32)>, &'static str, bool);
    const PLEDGES: [PledgeSpec; 12] = [
        (1, VACCINE, 5_000_000_000, &[], Some((2021, 8, 31)), "Cam kết tại lễ phát động", false),
        (3, VACCINE, 2_000_000_000, &[], Some((2021, 9, 30)), "Chuyển làm hai đợt", false),
        (7, VACCINE, 500_000_000, &[], Some((2021, 10, 15)), "", false),
        (
            15,
            VACCINE,
            100_000_000,
            &[],
            Some((2021, 9, 30)),
            "Nhà hảo tâm chuyển sang ủng hộ trực tiếp địa phương",
            true,
        ),
        (4, HCMC, 0, &[("rice", 50_000)], None, "Giao theo từng chuyến xe", false),
        (5, HCMC, 0, &[("noodles", 5_000)], Some((2021, 9, 15)), "", false),
        (2, HCMC, 300_000_000, &[("masks", 1_000), ("oximeters", 200)], Some((2021, 8, 31)), "", false),
        (20, HCMC, 200_000_000, &[], None, "Kiều bào tại Sydney quyên góp", false),
        (8, HCMC, 0, &[("essentials_package", 2_000)], Some((2021, 10, 31)), "", false),
        (0, HCMC, 1_000_000_000, &[], None, "", false),
        (13, HCMC, 0, &[("rice", 5_000)], None, "", true),
        (6, PLANNED, 500_000_000, &[("essentials_package", 1_000)], None, "Quà Tết cho công nhân cảng", false),
    ];
    let mut created = Vec::new();
    for (donor, campaign, cash_amount, lines, due, note, cancelled) in PLEDGES {
        let request = CreatePledge {
            donor_id: donors[donor],
            campaign_id: campaigns[campaign].0,
            cash_amount,
            lines: lines
                .iter()
                .map(|(code, units)| Ok(GoodsLine { item_id: item(code)?, quantity: Quantity::units(*units) }))
                .collect::<Result<Vec<_>, String>>()?,
            due_on: due.map(|(y, m, d)| day(y, m, d)).transpose()?,
            note: note.into(),
        };
        valid("pledge", request.validate())?;
        let mut pledge = aid::create_pledge(conn, &office.0, &request).map_err(text)?;
        if cancelled {
            let cancel = UpdatePledge { cancelled: Some(true), ..UpdatePledge::default() };
            pledge = aid::update_pledge(conn, &office.0, pledge.id, pledge.version, &cancel).map_err(text)?;
        }
        created.push((pledge.id, pledge.version));
    }
    Ok(created)
}

/// Money paid out: the vaccine fund's to the national fund, and essential-goods packages
/// bought for Thủ Đức.
fn seed_payments(conn: &mut DbConnection, office: &Person, campaigns: &[(Uuid, i64)]) -> Result<usize, String> {
    let payments = [
        (
            VACCINE,
            9,
            day(2021, 12, 28)?,
            "Chuyển số tiền tiếp nhận về Quỹ vắc-xin phòng COVID-19 (Bộ Tài chính), đợt 1",
            "UNC-2021-1228",
        ),
        (HCMC, 3, day(2021, 9, 15)?, "Mua túi an sinh cho hộ khó khăn tại Thành phố Thủ Đức", "UNC-2021-0915"),
    ];
    let mut made = 0;
    for (campaign, tenths, occurred_on, note, reference) in payments {
        let id = campaigns[campaign].0;
        let held = aid::get_campaign(conn, &office.1, id).map_err(text)?;
        let balance = held.received_cash - held.disbursed_cash;
        // Whole millions of the share paid out.
        let amount = balance / 10 * tenths / 1_000_000 * 1_000_000;
        if amount <= 0 {
            continue;
        }
        let request = CreateDisbursement { amount, occurred_on, note: note.into(), reference: reference.into() };
        valid("payment", request.validate())?;
        aid::create_disbursement(conn, &office.0, id, &request).map_err(text)?;
        made += 1;
    }
    Ok(made)
}

/// Goods moved towards the Thủ Đức warehouse and from it to the collection point, as a
/// share of what the sending place holds; returns how many transfers were posted.
fn seed_transfers(
    conn: &mut DbConnection,
    [office, t78, t26]: [&Person; 3],
    places: &[Uuid],
    held: &mut HashMap<(usize, &'static str), i64>,
    item: &dyn Fn(&str) -> Result<Uuid, String>,
) -> Result<usize, String> {
    // (who, from, to, items, share in tenths, note)
    type TransferSpec<'a> = (&'a Person, usize, usize, &'a [&'static str], i64, &'a str);
    let transfers: [TransferSpec; 4] = [
        (
            office,
            HANOI_WAREHOUSE,
            HCM_WAREHOUSE,
            &["rice", "noodles", "cooking_oil"],
            7,
            "Chuyển hàng ủng hộ từ Hà Nội vào Thành phố Hồ Chí Minh theo chuyến tàu nghĩa tình",
        ),
        (t26, DANANG_POINT, HCM_WAREHOUSE, &["masks", "test_kits", "oximeters"], 8, "Chuyển vật tư y tế vào kho T78"),
        (
            t78,
            HCM_POINT,
            HCM_WAREHOUSE,
            &["rice", "noodles", "cooking_oil", "masks", "sanitiser", "essentials_package"],
            5,
            "Gom hàng từ điểm tiếp nhận về kho",
        ),
        (t78, HCM_WAREHOUSE, HCM_POINT, &["essentials_package", "noodles"], 2, "Cấp hàng cho điểm phát Bến Thành"),
    ];
    let mut made = 0;
    for (who, from, to, codes, tenths, note) in transfers {
        let mut moved: Vec<(&'static str, i64)> = Vec::new();
        for code in codes {
            let units = held.get(&(from, *code)).copied().unwrap_or(0) * tenths / 10;
            if units > 0 {
                moved.push((code, units));
            }
        }
        if moved.is_empty() {
            continue;
        }
        let request = CreateStockTransfer {
            from_location_id: places[from],
            to_location_id: places[to],
            lines: moved
                .iter()
                .map(|(code, units)| Ok(GoodsLine { item_id: item(code)?, quantity: Quantity::units(*units) }))
                .collect::<Result<Vec<_>, String>>()?,
            note: note.into(),
        };
        valid("transfer", request.validate())?;
        aid::create_transfer(conn, &who.0, &who.1, &request).map_err(text)?;
        for (code, units) in moved {
            *held.entry((from, code)).or_default() -= units;
            *held.entry((to, code)).or_default() += units;
        }
        made += 1;
    }
    Ok(made)
}

/// Damaged rice at Thủ Đức, asked for by T78 and approved by the Office; a count
/// correction at Hải Châu asked for by T26, waiting for someone else to decide it.
fn seed_adjustments(
    conn: &mut DbConnection,
    [office, t78, t26]: [&Person; 3],
    places: &[Uuid],
    held: &HashMap<(usize, &'static str), i64>,
    item: &dyn Fn(&str) -> Result<Uuid, String>,
) -> Result<usize, String> {
    let holding = |place: usize, code: &'static str| held.get(&(place, code)).copied().unwrap_or(0);
    let damaged = holding(HCM_WAREHOUSE, "rice").min(120);
    let mut made = 0;
    if damaged > 0 {
        let request = CreateStockAdjustment {
            location_id: places[HCM_WAREHOUSE],
            item_id: item("rice")?,
            quantity: Quantity::units(-damaged),
            reason: AdjustmentReason::Damage,
            note: "Gạo bị ẩm mốc do mưa dột mái kho; đã lập biên bản hủy có xác nhận của tổ kiểm kê.".into(),
        };
        valid("adjustment", request.validate())?;
        let asked = aid::create_adjustment(conn, &t78.0, &t78.1, &request).map_err(text)?;
        aid::approve_adjustment(conn, &office.0, &office.1, asked.id, "Đồng ý theo biên bản kiểm kê.").map_err(text)?;
        made += 1;
    }
    // Two boxes short at the count, or two found when none are on the books.
    let short = if holding(DANANG_POINT, "masks") >= 2 { -2 } else { 2 };
    let request = CreateStockAdjustment {
        location_id: places[DANANG_POINT],
        item_id: item("masks")?,
        quantity: Quantity::units(short),
        reason: AdjustmentReason::CountCorrection,
        note: "Kiểm kê cuối tháng 9: số hộp khẩu trang thực tế khác sổ kho 2 hộp.".into(),
    };
    valid("adjustment", request.validate())?;
    aid::create_adjustment(conn, &t26.0, &t26.1, &request).map_err(text)?;
    Ok(made + 1)
}

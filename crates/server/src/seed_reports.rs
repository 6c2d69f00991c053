//! The demonstration's reports ([docs/reports.md](../../../docs/reports.md)): a monthly
//! template owed by the working group's members, the regional offices and the unit
//! officers, and an urgent (ad hoc) one; the last three months that have ended, whose
//! obligations follow from the demo assignments. The oldest month is all approved and
//! consolidated into a report the leader has signed off; the next has reports in every
//! state; the last is under way. One urgent report tells of an outbreak. Everything goes
//! through the store's writes, acting as the people themselves. Added once: a database
//! that has report templates keeps them.

use crate::seed_work::{user_id, viewer};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use danvan_domain::{
    named::NamedRef,
    report::{
        Breakdown, CreateConsolidatedReport, CreateReportSubmission, CreateReportTemplate, FigureValue, Indicator,
        NarrativeAnswer, Obligation, PeriodType, Question, ReportPeriod, ReportSection, ReporterSource,
        SubmissionStatus, SubmissionTransition, UpdateConsolidatedReport, UpdateReportSubmission,
    },
};
use danvan_store::{reports, scope::Viewer, Actor, DbConnection, StoreError};
use uuid::Uuid;

/// What was added.
#[derive(Debug, Default)]
pub struct ReportsSeeded {
    pub templates: usize,
    pub submissions: usize,
    pub consolidated: usize,
}

fn text(error: StoreError) -> String {
    error.to_string()
}

/// What becomes of one reporter's report in a month: submitted (and how many days before
/// the due day), then approved, sent back, or left as it is.
#[derive(Clone, Copy, PartialEq)]
enum Fate {
    NotStarted,
    Draft,
    Submitted(i64),
    Returned(i64),
    Approved(i64),
}

fn monthly_template() -> CreateReportTemplate {
    let indicator = |key: &str, label: &str, unit: &str, breakdown| Indicator {
        key: key.into(),
        label: label.into(),
        unit: unit.into(),
        breakdown,
    };
    CreateReportTemplate {
        code: "BC-THANG".into(),
        name: "Báo cáo tháng công tác dân vận phòng, chống dịch COVID-19".into(),
        period_type: PeriodType::Monthly,
        due_day: 5,
        grace_days: 2,
        reporters: vec![ReporterSource::Members, ReporterSource::RegionalOffices, ReporterSource::UnitOfficers],
        indicators: vec![
            indicator("meetings", "Buổi tuyên truyền, vận động", "buổi", Breakdown::None),
            indicator("people_reached", "Người được tuyên truyền, vận động", "người", Breakdown::TargetGroup),
            indicator("households_supported", "Hộ được hỗ trợ", "hộ", Breakdown::Area),
            indicator("volunteers", "Tình nguyện viên tham gia", "người", Breakdown::None),
        ],
        questions: vec![
            Question { key: "results".into(), prompt: "Kết quả nổi bật".into(), required: true },
            Question { key: "difficulties".into(), prompt: "Khó khăn, vướng mắc".into(), required: false },
            Question { key: "proposals".into(), prompt: "Kiến nghị, đề xuất".into(), required: false },
        ],
    }
}

fn urgent_template() -> CreateReportTemplate {
    CreateReportTemplate {
        code: "BC-DOT-XUAT".into(),
        name: "Báo cáo đột xuất".into(),
        period_type: PeriodType::AdHoc,
        due_day: 0,
        grace_days: 0,
        reporters: Vec::new(),
        indicators: vec![Indicator {
            key: "people_affected".into(),
            label: "Người bị ảnh hưởng".into(),
            unit: "người".into(),
            breakdown: Breakdown::None,
        }],
        questions: vec![
            Question { key: "situation".into(), prompt: "Tình hình".into(), required: true },
            Question { key: "actions".into(), prompt: "Việc đã làm và đề xuất".into(), required: false },
        ],
    }
}

const RESULTS: &[&str] = &[
    "Phối hợp với Mặt trận và các đoàn thể vận động Nhân dân thực hiện nghiêm các biện pháp phòng, chống dịch; \
     tổ chức tuyên truyền lưu động tại các khu dân cư.",
    "Vận động doanh nghiệp duy trì sản xuất an toàn, hỗ trợ công nhân lao động gặp khó khăn; \
     kết nối nhà hảo tâm trao quà cho hộ nghèo, người neo đơn.",
    "Phát huy vai trò tổ COVID cộng đồng; vận động người dân tiêm vắc-xin đầy đủ, \
     đặc biệt người cao tuổi và người có bệnh nền.",
];
const DIFFICULTIES: &[&str] = &[
    "Một số địa bàn có đông công nhân thuê trọ, việc nắm tình hình còn chậm.",
    "Nguồn lực hỗ trợ chưa đáp ứng đủ nhu cầu của người mất việc làm.",
];
const PROPOSALS: &[&str] = &[
    "Đề nghị tiếp tục hướng dẫn cơ chế huy động, phân bổ nguồn ủng hộ.",
    "Đề nghị tăng cường phối hợp với ngành y tế trong tuyên truyền tiêm chủng.",
];

/// Each reporter's figures for the month: plausible numbers for what they cover.
fn figures(obligation: &Obligation, seed: i64) -> Vec<FigureValue> {
    let item = |named: &NamedRef| Some(named.id);
    let mut figures = vec![
        FigureValue { indicator: "meetings".into(), item_id: None, value: 3 + seed % 5 },
        FigureValue { indicator: "volunteers".into(), item_id: None, value: 12 + seed * 3 % 20 },
    ];
    for (n, group) in obligation.basis.target_groups.iter().enumerate() {
        let value = 150 + (seed * 37 + n as i64 * 53) % 400;
        figures.push(FigureValue { indicator: "people_reached".into(), item_id: item(group), value });
    }
    for (n, area) in obligation.basis.areas.iter().enumerate() {
        let value = 20 + (seed * 11 + n as i64 * 7) % 60;
        figures.push(FigureValue { indicator: "households_supported".into(), item_id: item(area), value });
    }
    figures
}

fn narratives(seed: usize) -> Vec<NarrativeAnswer> {
    let answer = |question: &str, texts: &[&str]| NarrativeAnswer {
        question: question.into(),
        text: texts[seed % texts.len()].to_owned(),
    };
    vec![answer("results", RESULTS), answer("difficulties", DIFFICULTIES), answer("proposals", PROPOSALS)]
}

/// The fate of the `index`-th reporter's report in each month, oldest first.
fn fates(index: usize) -> [Fate; 3] {
    let oldest = if index == 3 { Fate::Approved(-3) } else { Fate::Approved(2 + (index as i64 % 3)) };
    let middle = match index % 6 {
        0 | 1 => Fate::Approved(1),
        2 => Fate::Submitted(-1),
        3 => Fate::Returned(2),
        4 => Fate::Draft,
        _ => Fate::NotStarted,
    };
    let last = match index % 4 {
        0 => Fate::Submitted(3),
        1 => Fate::Draft,
        _ => Fate::NotStarted,
    };
    [oldest, middle, last]
}

/// Moves the report and dates its moves as if made `days_before` the due day at 9 a.m.
fn run_fate(
    conn: &mut DbConnection,
    reporter: &(Actor, Viewer),
    standing: &(Actor, Viewer),
    id: Uuid,
    fate: Fate,
    due_on: NaiveDate,
    today: NaiveDate,
) -> Result<(), String> {
    let step = |conn: &mut DbConnection, who: &(Actor, Viewer), to: SubmissionStatus, comment: &str| {
        let version = reports::get_submission(conn, &who.1, id, today).map_err(text)?.version;
        let request = SubmissionTransition { to, comment: comment.into() };
        reports::transition_submission(conn, &who.0, &who.1, id, version, &request, today).map_err(text)
    };
    let days = match fate {
        Fate::NotStarted | Fate::Draft => return Ok(()),
        Fate::Submitted(days) | Fate::Returned(days) | Fate::Approved(days) => days,
    };
    step(conn, reporter, SubmissionStatus::Submitted, "")?;
    match fate {
        Fate::Approved(_) => {
            step(conn, standing, SubmissionStatus::Approved, "")?;
        }
        Fate::Returned(_) => {
            step(
                conn,
                standing,
                SubmissionStatus::Returned,
                "Đề nghị bổ sung số liệu hộ được hỗ trợ theo từng địa bàn.",
            )?;
        }
        _ => {}
    }
    let at: NaiveDateTime = (due_on - Duration::days(days)).and_hms_opt(9, 0, 0).unwrap_or_default();
    reports::backdate_moves(conn, id, at).map_err(text)
}

/// The account `username` as the store sees it.
fn person(conn: &mut DbConnection, username: &str) -> Result<(Actor, Viewer), String> {
    let id = user_id(conn, username)?;
    viewer(conn, id)
}

/// Adds the demonstration's reports, unless the database has report templates.
pub fn seed(conn: &mut DbConnection, today: NaiveDate) -> Result<ReportsSeeded, String> {
    let mut seeded = ReportsSeeded::default();
    let standing = person(conn, "thuongtruc")?;
    if !reports::list_templates(conn, standing.1.role, None, 1, None).map_err(text)?.items.is_empty() {
        return Ok(seeded);
    }
    let monthly = reports::create_template(conn, &standing.0, standing.1.role, &monthly_template()).map_err(text)?;
    let urgent = reports::create_template(conn, &standing.0, standing.1.role, &urgent_template()).map_err(text)?;
    seeded.templates = 2;

    let last = ReportPeriod::last_ended(PeriodType::Monthly, today);
    let middle = last.previous(PeriodType::Monthly);
    let oldest = middle.previous(PeriodType::Monthly);
    for (month, period) in [&oldest, &middle, &last].into_iter().enumerate() {
        let owed = reports::list_obligations(conn, &standing.1, monthly.id, &period.key, None, today).map_err(text)?;
        for (index, obligation) in owed.iter().enumerate() {
            let fate = fates(index)[month];
            if fate == Fate::NotStarted {
                continue;
            }
            let reporter = viewer(conn, obligation.reporter.id)?;
            let request = CreateReportSubmission {
                template_id: monthly.id,
                period: Some(period.key.clone()),
                urgent: false,
                title: String::new(),
                figures: figures(obligation, (index + month * 3) as i64),
                narratives: narratives(index + month),
            };
            let report = reports::create_submission(conn, &reporter.0, &reporter.1, &request, today).map_err(text)?;
            if matches!(fate, Fate::Returned(_)) {
                let version = report.version;
                let fewer =
                    UpdateReportSubmission { figures: Some(request.figures[..2].to_vec()), ..Default::default() };
                reports::update_submission(conn, &reporter.0, &reporter.1, report.id, version, &fewer, today)
                    .map_err(text)?;
            }
            run_fate(conn, &reporter, &standing, report.id, fate, obligation.due_on, today)?;
            seeded.submissions += 1;
        }
    }

    // The oldest month, consolidated, edited and signed off.
    let request = CreateConsolidatedReport { template_id: monthly.id, period: oldest.key.clone() };
    let report = reports::create_consolidated(conn, &standing.0, &standing.1, &request, today).map_err(text)?;
    let mut sections = vec![ReportSection {
        heading: "I. TÌNH HÌNH CHUNG".into(),
        text: format!(
            "Trong tháng {}, các thành viên Tổ công tác, cơ quan thường trực T78, T26 và các đơn vị đã bám sát \
             địa bàn, đối tượng được phân công, phối hợp chặt chẽ với cấp ủy, chính quyền và Mặt trận các cấp \
             trong công tác dân vận tham gia phòng, chống dịch COVID-19.",
            oldest.key
        ),
    }];
    sections.extend(report.sections.iter().enumerate().map(|(n, section)| ReportSection {
        heading: format!(
            "{}. {}",
            danvan_domain::report::roman(n + 2),
            section.heading.split_once(". ").map_or(section.heading.as_str(), |(_, rest)| rest)
        ),
        text: section.text.clone(),
    }));
    let edit = UpdateConsolidatedReport { sections: Some(sections), ..Default::default() };
    let edited = reports::update_consolidated(conn, &standing.0, &standing.1, report.id, report.version, &edit, today)
        .map_err(text)?;
    let leader = person(conn, "lanhdao")?;
    reports::sign_off_consolidated(conn, &leader.0, &leader.1, edited.id, edited.version, today).map_err(text)?;
    seeded.consolidated = 1;

    // An urgent report from Thành phố Hồ Chí Minh.
    let reporter = person(conn, "thanhvien8")?;
    let request = CreateReportSubmission {
        template_id: urgent.id,
        period: None,
        urgent: true,
        title: "Ổ dịch mới tại khu nhà trọ công nhân phường Thủ Đức".into(),
        figures: vec![FigureValue { indicator: "people_affected".into(), item_id: None, value: 86 }],
        narratives: vec![
            NarrativeAnswer {
                question: "situation".into(),
                text: "Phát hiện 12 ca dương tính tại khu nhà trọ có 86 công nhân; khu trọ đã được phong tỏa tạm thời."
                    .into(),
            },
            NarrativeAnswer {
                question: "actions".into(),
                text: "Đã phối hợp Ủy ban Mặt trận phường tiếp tế lương thực; đề nghị hỗ trợ thêm 100 phần quà.".into(),
            },
        ],
    };
    let report = reports::create_submission(conn, &reporter.0, &reporter.1, &request, today).map_err(text)?;
    let submit = SubmissionTransition { to: SubmissionStatus::Submitted, comment: String::new() };
    reports::transition_submission(conn, &reporter.0, &reporter.1, report.id, report.version, &submit, today)
        .map_err(text)?;
    seeded.submissions += 1;
    Ok(seeded)
}

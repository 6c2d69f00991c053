//! The demonstration's community teams: about forty teams across both layouts' provinces
//! with rosters, six months of activities and indicator values, three nominations at
//! different stages, and one recommended model adopted in two other provinces. Added
//! once: a database that has teams keeps them.

use crate::seed_work::{user_id, viewer};
use chrono::NaiveDate;
use danvan_domain::{
    area::Layout,
    community_team::{
        period_of, shift_period, ActivityKind, Affiliation, CreateTeam, CreateTeamActivity, CreateTeamMember,
        Criterion, CriterionScore, EvaluateModel, IndicatorValueInput, MemberRole, ModelStatus, ModelTransition,
        NominateTeam, RecordAdoption, RecordIndicatorValues, Team, TeamModel, TeamStatus,
    },
};
use danvan_store::{
    areas, community_teams as teams, personal::Keyring, scope::Viewer, Actor, DbConnection, StoreError,
};

/// What was added.
pub struct TeamsSeeded {
    pub teams: usize,
    pub models: usize,
}

/// Provinces with teams: (layout, province code, how many teams).
const PROVINCES: &[(Layout, &str, usize)] = &[
    (Layout::L2021, "01", 5),
    (Layout::L2021, "79", 5),
    (Layout::L2021, "48", 3),
    (Layout::L2021, "92", 3),
    (Layout::L2021, "75", 3),
    (Layout::L2021, "38", 3),
    (Layout::L2025, "01", 3),
    (Layout::L2025, "79", 4),
    (Layout::L2025, "46", 3),
    (Layout::L2025, "31", 4),
    (Layout::L2025, "96", 3),
];

const KIND_CODES: [&str; 4] = ["community_covid", "f0_home_support", "self_managed", "volunteers"];

const MEMBERS: [(&str, MemberRole, Affiliation); 4] = [
    ("Nguyễn Văn Hùng", MemberRole::Leader, Affiliation::PartyMember),
    ("Trần Thị Lan", MemberRole::Deputy, Affiliation::WomensUnion),
    ("Lê Minh Tuấn", MemberRole::Member, Affiliation::YouthUnion),
    ("Phạm Thu Hà", MemberRole::Member, Affiliation::HealthWorker),
];

/// The six months of the demonstration's log, from August 2021.
const FIRST_MONTH: (i32, u32) = (2021, 8);
const MONTHS: i32 = 6;

fn text(error: StoreError) -> String {
    error.to_string()
}

/// A number that looks random but is the same on every run, from `seed`.
fn spread(seed: usize, low: f64, high: f64) -> f64 {
    let mixed = (seed as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(17) % 1000;
    (low + (high - low) * mixed as f64 / 1000.0).round()
}

pub fn seed(conn: &mut DbConnection, keyring: &Keyring) -> Result<TeamsSeeded, String> {
    let office_id = user_id(conn, "vanphong")?;
    let (office_actor, office) = viewer(conn, office_id)?;
    let existing = teams::list(conn, &office, &teams::TeamFilter::default(), 1, None).map_err(text)?;
    if !existing.items.is_empty() {
        return Ok(TeamsSeeded { teams: 0, models: 0 });
    }
    let kinds = teams::list_team_kinds(conn, Some(true)).map_err(text)?;
    let kind_id = |index: usize| {
        kinds
            .iter()
            .find(|kind| kind.code == KIND_CODES[index % KIND_CODES.len()])
            .or(kinds.first())
            .map(|kind| kind.id)
    };
    let indicators = teams::list_team_indicators(conn, Some(true)).map_err(text)?;
    let first = NaiveDate::from_ymd_opt(FIRST_MONTH.0, FIRST_MONTH.1, 1).ok_or("bad first month")?;
    let mut created: Vec<Team> = Vec::new();
    for (layout, code, count) in PROVINCES {
        let province = areas::by_code(conn, *layout, code).map_err(text)?;
        for commune in areas::communes_of(conn, province.id, *count).map_err(text)? {
            let index = created.len();
            let kind = kind_id(index).ok_or("no team kind")?;
            let short = commune.name.split_whitespace().skip(1).collect::<Vec<_>>().join(" ");
            let request = CreateTeam {
                name: format!("Tổ COVID cộng đồng {short}"),
                kind_id: kind,
                area_id: commune.id,
                founded_on: shift_period(first, -1 - (index % 3) as i32),
                status: Some(if index % 13 == 12 { TeamStatus::Paused } else { TeamStatus::Active }),
                org_unit_id: None,
                partner_body: format!("UBND {}", commune.name),
                description: "Tổ gồm đảng viên, cán bộ Mặt trận và đoàn thể, y tế và người dân khu phố; \
                              nắm tình hình từng hộ, hỗ trợ F0 tại nhà, vận động tiêm chủng."
                    .into(),
                households_covered: spread(index, 80.0, 400.0) as i64,
            };
            let team = teams::create(conn, &office_actor, &office, &request).map_err(text)?;
            for (number, (name, role, affiliation)) in MEMBERS.iter().enumerate().take(2 + index % 3) {
                let member = CreateTeamMember {
                    name: (*name).into(),
                    role: *role,
                    affiliation: *affiliation,
                    joined_on: request.founded_on,
                    left_on: None,
                    phone: Some(format!("09{:08}", index * 10 + number)),
                };
                teams::create_member(conn, &office_actor, &office, keyring, team.id, &member).map_err(text)?;
            }
            for month in 0..MONTHS {
                let start = shift_period(first, month);
                let period = period_of(start);
                for (number, kind) in
                    [ActivityKind::DoorToDoorInformation, ActivityKind::F0HomeCare].into_iter().enumerate()
                {
                    let day = start + chrono::Duration::days(3 + 10 * number as i64 + (index % 5) as i64);
                    let activity = CreateTeamActivity {
                        occurred_on: day,
                        kind,
                        households_reached: spread(index * 31 + month as usize, 10.0, 60.0) as i64,
                        people_supported: spread(index * 17 + month as usize, 5.0, 40.0) as i64,
                        note: String::new(),
                    };
                    teams::create_activity(conn, &office_actor, &office, team.id, &activity).map_err(text)?;
                }
                // Teams improve over the months, each at its own pace.
                let pace = 1.0 + (index % 4) as f64 * 0.05 * month as f64;
                let values = indicators
                    .iter()
                    .enumerate()
                    .map(|(number, indicator)| {
                        let base = spread(index * 7 + number, 20.0, 90.0);
                        let value = if indicator.higher_is_better {
                            (base * pace).min(100.0)
                        } else {
                            (base / 4.0 / pace).max(1.0)
                        };
                        IndicatorValueInput { indicator_id: indicator.id, value: Some(value.round()) }
                    })
                    .collect();
                teams::record_values(conn, &office_actor, &office, team.id, &RecordIndicatorValues { period, values })
                    .map_err(text)?;
            }
            created.push(team);
        }
    }
    let models = seed_models(conn, &created)?;
    Ok(TeamsSeeded { teams: created.len(), models })
}

fn scores(values: [i32; 5], comment: &str) -> EvaluateModel {
    EvaluateModel {
        scores: Criterion::ALL
            .iter()
            .zip(values)
            .map(|(criterion, score)| CriterionScore { criterion: *criterion, score, comment: String::new() })
            .collect(),
        comment: comment.into(),
    }
}

/// Who acts in the seed's pipeline: an account as the store sees it.
type Person = (Actor, Viewer);

/// Nominates `team` as `who`, with the demonstration's evidence.
fn nominate(conn: &mut DbConnection, who: &Person, team: &Team, rationale: &str) -> Result<TeamModel, String> {
    let request = NominateTeam {
        team_id: team.id,
        rationale: rationale.into(),
        evidence: "Báo cáo sơ kết 3 tháng của UBND phường; ý kiến của người dân khu phố.".into(),
    };
    teams::nominate(conn, &who.0, &who.1, &request).map_err(text)
}

/// Moves `model` to `to` as `who`.
fn step(
    conn: &mut DbConnection,
    who: &Person,
    model: &TeamModel,
    to: ModelStatus,
    note: &str,
) -> Result<TeamModel, String> {
    let transition = ModelTransition { to, note: note.into() };
    teams::transition_model(conn, &who.0, &who.1, model.id, model.version, &transition).map_err(text)
}

/// Scores `model` as `who`.
fn evaluate(
    conn: &mut DbConnection,
    who: &Person,
    model: &TeamModel,
    values: [i32; 5],
    comment: &str,
) -> Result<(), String> {
    teams::evaluate_model(conn, &who.0, &who.1, model.id, &scores(values, comment)).map(drop).map_err(text)
}

/// Three nominations: one waiting for the Office, one being evaluated, one recommended
/// and adopted by two teams of other provinces.
fn seed_models(conn: &mut DbConnection, created: &[Team]) -> Result<usize, String> {
    let mut person = |username: &str| -> Result<Person, String> {
        let id = user_id(conn, username)?;
        viewer(conn, id)
    };
    let (office, leader, t26) = (person("vanphong")?, person("lanhdao")?, person("t26")?);
    let [first, second, third, ..] = created else { return Ok(0) };
    // Waiting for the Office; nominated by the T26 office when one of its teams is there.
    let by_region = created[2..].iter().find(|team| teams::get(conn, &t26.1, team.id).is_ok());
    match by_region {
        Some(team) => nominate(conn, &t26, team, "Tổ tự quản hiệu quả, ít ca lây nhiễm trong khu phố.")?,
        None => nominate(conn, &office, third, "Tổ tự quản hiệu quả, ít ca lây nhiễm trong khu phố.")?,
    };
    let by_region = by_region.unwrap_or(third);
    // Being evaluated.
    let evaluating = nominate(conn, &office, second, "Hỗ trợ F0 tại nhà kịp thời.")?;
    let evaluating = step(conn, &office, &evaluating, ModelStatus::Evaluating, "")?;
    evaluate(conn, &office, &evaluating, [4, 4, 3, 4, 4], "Cần thêm số liệu tháng 11.")?;
    // Recommended and adopted elsewhere.
    let model = nominate(conn, &office, first, "Mô hình \"ATM gạo\" và tổ trực đêm hỗ trợ F0.")?;
    let model = step(conn, &office, &model, ModelStatus::Evaluating, "")?;
    evaluate(conn, &office, &model, [5, 5, 4, 5, 4], "Hiệu quả rõ, dễ nhân rộng.")?;
    let model = step(conn, &office, &model, ModelStatus::AwaitingDecision, "")?;
    let note = "Đề nghị nhân rộng ở các địa phương có nhiều F0 điều trị tại nhà.";
    let model = step(conn, &leader, &model, ModelStatus::Recommended, note)?;
    let elsewhere = created.iter().filter(|team| team.province.id != first.province.id);
    let mut adopters: Vec<&Team> = Vec::new();
    for team in elsewhere {
        if adopters.len() == 2 {
            break;
        }
        if team.id != second.id
            && team.id != by_region.id
            && adopters.iter().all(|other| other.province.id != team.province.id)
        {
            adopters.push(team);
        }
    }
    for team in adopters {
        let adoption = RecordAdoption {
            team_id: Some(team.id),
            new_team: None,
            adopted_on: NaiveDate::from_ymd_opt(2021, 10, 15).ok_or("bad date")?,
            adaptations: "Tổ trực đêm luân phiên theo tổ dân phố.".into(),
        };
        teams::record_adoption(conn, &office.0, &office.1, model.id, &adoption).map_err(text)?;
    }
    Ok(3)
}

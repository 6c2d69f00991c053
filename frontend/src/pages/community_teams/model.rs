//! The community teams' pure logic, tested natively: the words for the module's enums, the
//! map's markers and the province choices, the forms' drafts (a team, a roster member, an
//! activity, a month's values, a nomination, an evaluation, an adoption, a move) and the
//! requests they become, the charts' series and bars, the scorecard's month and ranks, the
//! pipeline's columns and the model's timeline.

use crate::{
    components::{
        chart_model::{Month, Series},
        charts::Bar,
        form::check,
        vietnam_map::ProvinceMarker,
    },
    format,
    i18n::{lookup, t, Lang},
    text::fold,
};
use chrono::NaiveDate;
use danvan_domain::{
    area::Area,
    community_team::{
        parse_period, period_of, shift_period, ActivityKind, Affiliation, CreateTeam, CreateTeamActivity,
        CreateTeamMember, Criterion, CriterionScore, EvaluateModel, IndicatorComparison, IndicatorValue,
        IndicatorValueInput, MemberRole, ModelEvaluation, ModelEvaluations, ModelEvent, ModelEventKind, ModelStatus,
        ModelTransition, NominateTeam, ProvinceTeams, RecordAdoption, RecordIndicatorValues, ScorecardLine, Team,
        TeamIndicator, TeamKind, TeamModel, TeamStatus, UpdateTeam,
    },
    validation::FieldError,
};
use std::collections::BTreeMap;
use uuid::Uuid;
use yew::AttrValue;

// --- words ---

pub fn team_status_label(lang: Lang, status: TeamStatus) -> &'static str {
    t(lang, &format!("teams.status.{}", status.as_str()))
}

pub fn member_role_label(lang: Lang, role: MemberRole) -> &'static str {
    t(lang, &format!("teams.role.{}", role.as_str()))
}

pub fn affiliation_label(lang: Lang, affiliation: Affiliation) -> &'static str {
    t(lang, &format!("teams.affiliation.{}", affiliation.as_str()))
}

pub fn activity_kind_label(lang: Lang, kind: ActivityKind) -> &'static str {
    t(lang, &format!("teams.activity.{}", kind.as_str()))
}

pub fn criterion_label(lang: Lang, criterion: Criterion) -> &'static str {
    t(lang, &format!("models.criterion.{}", criterion.as_str()))
}

/// The entry `key` with `{n}` filled in: its `_one` form (`"{key}_one"`) for one, when the
/// catalogue has it ("1 team", "2 teams").
pub fn counted(lang: Lang, key: &str, n: i64) -> String {
    let text = if n == 1 { lookup(lang, &format!("{key}_one")).unwrap_or_else(|| t(lang, key)) } else { t(lang, key) };
    text.replace("{n}", &format::number(lang, n))
}

/// A kind's name in `lang`.
pub fn kind_name(lang: Lang, kind: &TeamKind) -> String {
    lang.pick_owned(&kind.name_vi, &kind.name_en)
}

/// An indicator's name in `lang`.
pub fn indicator_name(lang: Lang, indicator: &TeamIndicator) -> String {
    lang.pick_owned(&indicator.name_vi, &indicator.name_en)
}

/// Picking between owned texts, as `Lang::pick` does for static ones.
trait PickOwned {
    fn pick_owned(self, vi: &str, en: &str) -> String;
}

impl PickOwned for Lang {
    fn pick_owned(self, vi: &str, en: &str) -> String {
        match self {
            Lang::Vi => vi.to_owned(),
            Lang::En => en.to_owned(),
        }
    }
}

/// `(value, label)` options of a select over an enum, with a leading "any"/"none" entry
/// when `first` is given.
pub fn enum_options<E: Copy>(
    all: &[E],
    value: impl Fn(E) -> &'static str,
    label: impl Fn(E) -> &'static str,
    first: Option<&'static str>,
) -> Vec<(AttrValue, AttrValue)> {
    let mut options: Vec<(AttrValue, AttrValue)> =
        first.map(|text| (AttrValue::default(), AttrValue::from(text))).into_iter().collect();
    options.extend(all.iter().map(|e| (AttrValue::from(value(*e)), AttrValue::from(label(*e)))));
    options
}

// --- the map and the province choices ---

fn count(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

/// The map's markers: one per province of the answer.
pub fn markers(provinces: &[ProvinceTeams]) -> Vec<ProvinceMarker> {
    provinces
        .iter()
        .map(|p| ProvinceMarker {
            id: p.province_id,
            name: AttrValue::from(p.name.clone()),
            latitude: p.latitude,
            longitude: p.longitude,
            teams: count(p.teams),
            models: count(p.models),
        })
        .collect()
}

/// Teams, live models and adoptions over every province of the answer.
pub fn totals(provinces: &[ProvinceTeams]) -> (i64, i64, i64) {
    provinces.iter().fold((0, 0, 0), |(t, m, a), p| (t + p.teams, m + p.models, a + p.adoptions))
}

/// Provinces to pick, by name without diacritics; a name found in both layouts carries its
/// layout's year.
pub fn province_choices(provinces: &[ProvinceTeams]) -> Vec<(Uuid, String)> {
    let mut choices: Vec<(Uuid, String)> = provinces
        .iter()
        .map(|p| {
            let twice = provinces.iter().filter(|other| other.name == p.name).count() > 1;
            let label = if twice { format!("{} ({})", p.name, p.layout.as_str()) } else { p.name.clone() };
            (p.province_id, label)
        })
        .collect();
    choices.sort_by_cached_key(|(_, label)| fold(label));
    choices
}

/// Areas to pick (provinces of both layouts, or the areas below one), by name without
/// diacritics; a name found in both layouts carries its layout's year.
pub fn area_choices(areas: &[Area]) -> Vec<(Uuid, String)> {
    let mut choices: Vec<(Uuid, String)> = areas
        .iter()
        .map(|a| {
            let twice = areas.iter().filter(|other| other.name == a.name).count() > 1;
            let label = if twice { format!("{} ({})", a.name, a.layout.as_str()) } else { a.name.clone() };
            (a.id, label)
        })
        .collect();
    choices.sort_by_cached_key(|(_, label)| fold(label));
    choices
}

/// Select options of `(id, label)` pairs after a leading "any" entry.
pub fn id_options(any: &'static str, items: &[(Uuid, String)], current: &str) -> Vec<(AttrValue, AttrValue)> {
    let mut options = vec![(AttrValue::default(), AttrValue::from(any))];
    options.extend(items.iter().map(|(id, label)| (AttrValue::from(id.to_string()), AttrValue::from(label.clone()))));
    if !current.is_empty() && !items.iter().any(|(id, _)| id.to_string() == current) {
        // Linked to something the choices do not hold (yet): keep it selectable.
        options.push((AttrValue::from(current.to_owned()), AttrValue::from(current.to_owned())));
    }
    options
}

// --- numbers typed in forms ---

/// What was typed for a number is not one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotANumber;

/// A number as typed (`Ok(None)` when empty, `Err(NotANumber)` when it is not one). With both
/// signs, the last is the decimal sign (`1.234,5`, `1,234.5`); a sign met twice groups
/// thousands (`1.234.567`); a single one is the decimal sign of `lang` (`12,5` in
/// Vietnamese), or groups thousands when three digits follow the other language's sign
/// (`1.234` in Vietnamese is 1234, `1,234` in English too), else it is a decimal sign.
pub fn parse_number(lang: Lang, text: &str) -> Result<Option<f64>, NotANumber> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Ok(None);
    }
    let (commas, dots) = (compact.matches(',').count(), compact.matches('.').count());
    let (last_comma, last_dot) = (compact.rfind(','), compact.rfind('.'));
    let grouping = |sign: char| compact.split(sign).skip(1).all(|group| group.len() == 3);
    let normal = match (commas, dots) {
        (0, 0) => compact.clone(),
        (c, d) if c > 0 && d > 0 => {
            let (group, decimal) = if last_comma > last_dot { ('.', ',') } else { (',', '.') };
            if compact.matches(decimal).count() > 1 {
                return Err(NotANumber);
            }
            compact.replace(group, "").replace(decimal, ".")
        }
        (c, 0) if c > 1 => compact.replace(',', ""),
        (0, d) if d > 1 => compact.replace('.', ""),
        (1, 0) if lang == Lang::En && grouping(',') => compact.replace(',', ""),
        (1, 0) => compact.replace(',', "."),
        _ if lang == Lang::Vi && grouping('.') => compact.replace('.', ""),
        _ => compact.clone(),
    };
    normal.parse::<f64>().ok().filter(|v| v.is_finite()).map(Some).ok_or(NotANumber)
}

/// A whole count as typed (`1.200`, `1,200`, `1200`); empty is zero.
pub fn parse_count(text: &str) -> Result<i64, NotANumber> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '.' | ',')).collect();
    if digits.is_empty() {
        return Ok(0);
    }
    digits.parse::<i64>().map_err(|_| NotANumber)
}

fn invalid(field: &str) -> FieldError {
    FieldError::new(field, "invalid_format", "is not a number")
}

fn required(field: &str) -> FieldError {
    FieldError::new(field, "required", "must not be empty")
}

fn finish<T>(request: T, errors: Vec<FieldError>) -> Result<T, Vec<FieldError>> {
    if errors.is_empty() {
        Ok(request)
    } else {
        Err(errors)
    }
}

// --- a team ---

/// What the team form holds, as typed; ids of selects are strings, empty for none.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamDraft {
    pub name: String,
    pub kind_id: String,
    /// Only narrows the communes offered.
    pub province_id: String,
    pub area_id: String,
    pub founded_on: Option<NaiveDate>,
    pub status: TeamStatus,
    pub partner_body: String,
    pub description: String,
    pub households: String,
}

impl Default for TeamDraft {
    fn default() -> Self {
        TeamDraft {
            name: String::new(),
            kind_id: String::new(),
            province_id: String::new(),
            area_id: String::new(),
            founded_on: None,
            status: TeamStatus::Active,
            partner_body: String::new(),
            description: String::new(),
            households: String::new(),
        }
    }
}

impl TeamDraft {
    pub fn of(team: &Team) -> TeamDraft {
        TeamDraft {
            name: team.name.clone(),
            kind_id: team.kind.id.to_string(),
            province_id: team.province.id.to_string(),
            area_id: team.area.id.to_string(),
            founded_on: Some(team.founded_on),
            status: team.status,
            partner_body: team.partner_body.clone(),
            description: team.description.clone(),
            households: team.households_covered.to_string(),
        }
    }

    /// The body of `POST /community-teams` (and of an adoption's `new_team`), or the errors
    /// that keep it from being sent.
    pub fn to_create(&self) -> Result<CreateTeam, Vec<FieldError>> {
        let mut errors = Vec::new();
        let kind_id = self.kind_id.parse().ok();
        let area_id = self.area_id.parse().ok();
        let households = parse_count(&self.households);
        let request = CreateTeam {
            name: self.name.trim().to_owned(),
            kind_id: kind_id.unwrap_or_default(),
            area_id: area_id.unwrap_or_default(),
            founded_on: self.founded_on.unwrap_or_default(),
            status: Some(self.status),
            org_unit_id: None,
            partner_body: self.partner_body.trim().to_owned(),
            description: self.description.trim().to_owned(),
            households_covered: households.unwrap_or_default(),
        };
        errors.extend(check(request.validate()));
        if kind_id.is_none() {
            errors.push(required("kind_id"));
        }
        if area_id.is_none() {
            errors.push(required("area_id"));
        }
        if self.founded_on.is_none() {
            errors.push(required("founded_on"));
        }
        if households.is_err() {
            errors.retain(|e| e.field != "households_covered");
            errors.push(invalid("households_covered"));
        }
        finish(request, errors)
    }

    /// The body of `PATCH /community-teams/{id}`: only what differs from `team`.
    pub fn to_update(&self, team: &Team) -> Result<UpdateTeam, Vec<FieldError>> {
        let create = self.to_create()?;
        let changed = |new: &str, old: &str| (new != old).then(|| new.to_owned());
        let request = UpdateTeam {
            name: changed(&create.name, &team.name),
            kind_id: (create.kind_id != team.kind.id).then_some(create.kind_id),
            area_id: (create.area_id != team.area.id).then_some(create.area_id),
            founded_on: (create.founded_on != team.founded_on).then_some(create.founded_on),
            status: (self.status != team.status).then_some(self.status),
            org_unit_id: None,
            partner_body: changed(&create.partner_body, &team.partner_body),
            description: changed(&create.description, &team.description),
            households_covered: (create.households_covered != team.households_covered)
                .then_some(create.households_covered),
        };
        let errors = check(request.validate());
        finish(request, errors)
    }
}

// --- the roster ---

#[derive(Clone, Debug, PartialEq)]
pub struct MemberDraft {
    pub name: String,
    pub role: MemberRole,
    pub affiliation: Affiliation,
    pub joined_on: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
    pub phone: String,
}

impl Default for MemberDraft {
    fn default() -> Self {
        MemberDraft {
            name: String::new(),
            role: MemberRole::Member,
            affiliation: Affiliation::Resident,
            joined_on: None,
            left_on: None,
            phone: String::new(),
        }
    }
}

impl MemberDraft {
    pub fn to_create(&self) -> Result<CreateTeamMember, Vec<FieldError>> {
        let phone = self.phone.trim();
        let request = CreateTeamMember {
            name: self.name.trim().to_owned(),
            role: self.role,
            affiliation: self.affiliation,
            joined_on: self.joined_on.unwrap_or_default(),
            left_on: self.left_on,
            phone: (!phone.is_empty()).then(|| phone.to_owned()),
        };
        let mut errors = check(request.validate());
        if self.joined_on.is_none() {
            errors.retain(|e| e.field != "left_on");
            errors.push(required("joined_on"));
        }
        finish(request, errors)
    }
}

/// A phone number as a `tel:` link: its digits and a leading `+`.
pub fn tel(phone: &str) -> String {
    let number: String = phone.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
    format!("tel:{number}")
}

// --- the activity log ---

#[derive(Clone, Debug, PartialEq)]
pub struct ActivityDraft {
    pub occurred_on: Option<NaiveDate>,
    pub kind: ActivityKind,
    pub households: String,
    pub people: String,
    pub note: String,
}

impl ActivityDraft {
    /// An empty entry dated `today`.
    pub fn on(today: NaiveDate) -> ActivityDraft {
        ActivityDraft {
            occurred_on: Some(today),
            kind: ActivityKind::DoorToDoorInformation,
            households: String::new(),
            people: String::new(),
            note: String::new(),
        }
    }

    pub fn to_create(&self) -> Result<CreateTeamActivity, Vec<FieldError>> {
        let households = parse_count(&self.households);
        let people = parse_count(&self.people);
        let request = CreateTeamActivity {
            occurred_on: self.occurred_on.unwrap_or_default(),
            kind: self.kind,
            households_reached: households.unwrap_or_default(),
            people_supported: people.unwrap_or_default(),
            note: self.note.trim().to_owned(),
        };
        let mut errors = check(request.validate());
        if self.occurred_on.is_none() {
            errors.push(required("occurred_on"));
        }
        for (field, parsed) in [("households_reached", households), ("people_supported", people)] {
            if parsed.is_err() {
                errors.retain(|e| e.field != field);
                errors.push(invalid(field));
            }
        }
        finish(request, errors)
    }
}

// --- indicator values ---

/// The month form: a period and one text per indicator, in the indicators' order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ValuesDraft {
    /// `YYYY-MM`.
    pub period: String,
    pub values: BTreeMap<Uuid, String>,
}

/// The indicators a team records now: those in use, in their order.
pub fn recorded_indicators(indicators: &[TeamIndicator]) -> Vec<TeamIndicator> {
    let mut active: Vec<TeamIndicator> = indicators.iter().filter(|i| i.active).cloned().collect();
    active.sort_by_key(|i| (i.position, i.code.clone()));
    active
}

impl ValuesDraft {
    /// The form for `period`, filled with what the team recorded for it.
    pub fn of(lang: Lang, period: &str, values: &[IndicatorValue]) -> ValuesDraft {
        let values = values
            .iter()
            .filter(|v| v.period == period)
            .map(|v| (v.indicator_id, plain_number(lang, v.value)))
            .collect();
        ValuesDraft { period: period.to_owned(), values }
    }

    /// The field of the `index`th indicator, as the server names its errors.
    pub fn field(index: usize) -> String {
        format!("values[{index}].value")
    }

    /// The body of `POST /community-teams/{id}/indicator-values`: every indicator in use,
    /// an empty one as `null` (which removes a value recorded before).
    pub fn to_request(
        &self,
        lang: Lang,
        indicators: &[TeamIndicator],
    ) -> Result<RecordIndicatorValues, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut values = Vec::new();
        for (index, indicator) in indicators.iter().enumerate() {
            let text = self.values.get(&indicator.id).map(String::as_str).unwrap_or_default();
            match parse_number(lang, text) {
                Ok(value) => values.push(IndicatorValueInput { indicator_id: indicator.id, value }),
                Err(NotANumber) => {
                    errors.push(invalid(&ValuesDraft::field(index)));
                    values.push(IndicatorValueInput { indicator_id: indicator.id, value: None });
                }
            }
        }
        let request = RecordIndicatorValues { period: self.period.clone(), values };
        let mut all = check(request.validate());
        all.retain(|e| !errors.iter().any(|mine| mine.field == e.field));
        if self.period.is_empty() {
            all.retain(|e| e.field != "period");
            all.push(required("period"));
        }
        all.extend(errors);
        if indicators.is_empty() {
            all.push(FieldError::new("values", "required", "no indicator is in use"));
        }
        finish(request, all)
    }
}

/// A number as a form shows it: no thousands grouping, the decimal sign of `lang`.
pub fn plain_number(lang: Lang, value: f64) -> String {
    let text = format::decimal(Lang::En, value, 2).replace(',', "");
    match lang {
        Lang::Vi => text.replace('.', ","),
        Lang::En => text,
    }
}

/// The latest month among `values` (`YYYY-MM`), if any.
pub fn latest_period(values: &[IndicatorValue]) -> Option<String> {
    values.iter().map(|v| v.period.clone()).max()
}

/// An indicator's values over months, as a chart's line.
pub fn indicator_series(lang: Lang, indicator: &TeamIndicator, values: &[IndicatorValue]) -> Series {
    let mut points: Vec<(Month, f64)> = values
        .iter()
        .filter(|v| v.indicator_id == indicator.id)
        .filter_map(|v| Month::parse(&v.period).map(|m| (m, v.value)))
        .collect();
    points.sort_by_key(|(month, _)| *month);
    Series { name: indicator_name(lang, indicator), points }
}

/// The indicators worth charting: those in use and those with values, in order; those
/// with values first.
pub fn charted_indicators(indicators: &[TeamIndicator], values: &[IndicatorValue]) -> Vec<TeamIndicator> {
    let mut shown: Vec<TeamIndicator> =
        indicators.iter().filter(|i| i.active || values.iter().any(|v| v.indicator_id == i.id)).cloned().collect();
    shown.sort_by_key(|i| (!values.iter().any(|v| v.indicator_id == i.id), i.position, i.code.clone()));
    shown
}

/// The months `from`–`to` of a team's chart: the twelve months up to the current one,
/// reaching back to when it was founded if that is later.
pub fn values_span(founded_on: NaiveDate, today: NaiveDate) -> (String, String) {
    let to = parse_period(&period_of(today)).unwrap_or(today);
    let founded = parse_period(&period_of(founded_on)).unwrap_or(founded_on);
    // Far enough back for the records of a team founded long ago.
    let from = founded.min(shift_period(to, -11)).max(shift_period(to, -120));
    (period_of(from), period_of(to))
}

// --- the scorecard ---

/// The month before `today`'s: the last one whose values are all in.
pub fn default_period(today: NaiveDate) -> String {
    let this = parse_period(&period_of(today)).unwrap_or(today);
    period_of(shift_period(this, -1))
}

/// The month `offset` months after `period` (`YYYY-MM`); `period` itself when unreadable.
pub fn shift(period: &str, offset: i32) -> String {
    parse_period(period).map(|p| period_of(shift_period(p, offset))).unwrap_or_else(|| period.to_owned())
}

/// `10/2021`.
pub fn period_label(period: &str) -> String {
    Month::parse(period).map(Month::label).unwrap_or_else(|| period.to_owned())
}

/// The rank the scorecard orders by: within the group or province filtered on, else the
/// national one.
pub fn shown_rank(line: &ScorecardLine, province_id: &str, area_group_id: &str) -> i64 {
    if let Some(group) =
        line.group_ranks.iter().find(|g| !area_group_id.is_empty() && g.area_group.id.to_string() == area_group_id)
    {
        group.rank
    } else if !province_id.is_empty() {
        line.rank_province
    } else {
        line.rank_national
    }
}

/// The catalogue key of the rank column's heading.
pub fn rank_heading(province_id: &str, area_group_id: &str) -> &'static str {
    if !area_group_id.is_empty() {
        "scorecard.rank_group"
    } else if !province_id.is_empty() {
        "scorecard.rank_province"
    } else {
        "scorecard.rank_national"
    }
}

/// A line's scores over its last months, oldest first.
pub fn trend(line: &ScorecardLine) -> Vec<f64> {
    let mut trend = line.trend.clone();
    trend.sort_by(|a, b| a.period.cmp(&b.period));
    trend.into_iter().map(|p| p.score).collect()
}

/// "Group: rank" for each area group, joined.
pub fn group_ranks(line: &ScorecardLine) -> String {
    line.group_ranks.iter().map(|g| format!("{}: {}", g.area_group.name, g.rank)).collect::<Vec<_>>().join("; ")
}

// --- models ---

/// The pipeline's columns, left to right: the way forward, then where models end.
pub const COLUMNS: [ModelStatus; 7] = [
    ModelStatus::Nominated,
    ModelStatus::Evaluating,
    ModelStatus::AwaitingDecision,
    ModelStatus::NeedsEvidence,
    ModelStatus::Recommended,
    ModelStatus::NotRecommended,
    ModelStatus::Withdrawn,
];

/// Whether a model in `status` keeps its team in the pipeline (it cannot be nominated again).
pub fn is_live(status: ModelStatus) -> bool {
    !matches!(status, ModelStatus::NotRecommended | ModelStatus::Withdrawn)
}

/// The team's model in the pipeline, if it has one.
pub fn live_model(models: &[TeamModel]) -> Option<&TeamModel> {
    models.iter().find(|m| is_live(m.status))
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct NominationDraft {
    pub rationale: String,
    pub evidence: String,
}

impl NominationDraft {
    pub fn to_request(&self, team_id: Uuid) -> Result<NominateTeam, Vec<FieldError>> {
        let request = NominateTeam {
            team_id,
            rationale: self.rationale.trim().to_owned(),
            evidence: self.evidence.trim().to_owned(),
        };
        let errors = check(request.validate());
        finish(request, errors)
    }
}

/// Whether a move to `to` needs its reasons written.
pub fn note_required(to: ModelStatus) -> bool {
    matches!(to, ModelStatus::NotRecommended | ModelStatus::NeedsEvidence)
}

/// The body of a move, or why it cannot be sent.
pub fn transition(to: ModelStatus, note: &str) -> Result<ModelTransition, Vec<FieldError>> {
    let request = ModelTransition { to, note: note.trim().to_owned() };
    let errors = check(request.validate());
    finish(request, errors)
}

/// Forward moves stand out; refusing and withdrawing warn.
pub fn move_class(to: ModelStatus) -> &'static str {
    match to {
        ModelStatus::Evaluating | ModelStatus::AwaitingDecision | ModelStatus::Recommended | ModelStatus::Nominated => {
            "primary"
        }
        ModelStatus::NotRecommended | ModelStatus::Withdrawn => "danger",
        ModelStatus::NeedsEvidence => "secondary",
    }
}

/// The evaluation form: a score (1–5) and a comment per criterion, and an overall comment.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EvaluationDraft {
    pub scores: BTreeMap<Criterion, i32>,
    pub comments: BTreeMap<Criterion, String>,
    pub comment: String,
}

impl EvaluationDraft {
    pub fn of(evaluation: &ModelEvaluation) -> EvaluationDraft {
        EvaluationDraft {
            scores: evaluation.scores.iter().map(|s| (s.criterion, s.score)).collect(),
            comments: evaluation.scores.iter().map(|s| (s.criterion, s.comment.clone())).collect(),
            comment: evaluation.comment.clone(),
        }
    }

    /// The field of a criterion's score, as the server names its errors.
    pub fn field(criterion: Criterion, part: &str) -> String {
        let index = Criterion::ALL.iter().position(|c| *c == criterion).unwrap_or_default();
        format!("scores[{index}].{part}")
    }

    /// The body of an evaluation: every criterion of the rubric, in its order.
    pub fn to_request(&self) -> Result<EvaluateModel, Vec<FieldError>> {
        let mut missing = Vec::new();
        let scores = Criterion::ALL
            .iter()
            .map(|criterion| {
                let score = self.scores.get(criterion).copied();
                if score.is_none() {
                    missing.push(FieldError::new(
                        EvaluationDraft::field(*criterion, "score"),
                        "required",
                        "give a score",
                    ));
                }
                CriterionScore {
                    criterion: *criterion,
                    score: score.unwrap_or_default(),
                    comment: self.comments.get(criterion).map(|c| c.trim().to_owned()).unwrap_or_default(),
                }
            })
            .collect();
        let request = EvaluateModel { scores, comment: self.comment.trim().to_owned() };
        if !missing.is_empty() {
            return Err(missing);
        }
        let errors = check(request.validate());
        finish(request, errors)
    }
}

/// The caller's own evaluation among a model's.
pub fn my_evaluation(evaluations: &ModelEvaluations, me: Uuid) -> Option<&ModelEvaluation> {
    evaluations.evaluations.iter().find(|e| e.evaluator.id == me)
}

/// One bar per criterion: the evaluators' average, with the lowest and highest score as
/// its whisker and the spread in its label.
pub fn evaluation_bars(lang: Lang, evaluations: &ModelEvaluations) -> Vec<Bar> {
    evaluations
        .criteria
        .iter()
        .map(|c| Bar {
            label: AttrValue::from(format!(
                "{} · {}",
                criterion_label(lang, c.criterion),
                t(lang, "models.spread").replace("{n}", &format::decimal(lang, c.spread, 2))
            )),
            value: c.average,
            min: Some(f64::from(c.min)),
            max: Some(f64::from(c.max)),
        })
        .collect()
}

/// The adoption form: an existing team or one registered with it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AdoptionDraft {
    pub new_team: bool,
    pub team_id: String,
    pub team: TeamDraft,
    pub adopted_on: Option<NaiveDate>,
    pub adaptations: String,
}

impl AdoptionDraft {
    pub fn to_request(&self) -> Result<RecordAdoption, Vec<FieldError>> {
        let mut errors = Vec::new();
        let (team_id, new_team) = if self.new_team {
            match self.team.to_create() {
                Ok(team) => (None, Some(team)),
                Err(nested) => {
                    errors
                        .extend(nested.into_iter().map(|e| FieldError { field: format!("new_team.{}", e.field), ..e }));
                    (None, None)
                }
            }
        } else {
            let id = self.team_id.parse().ok();
            if id.is_none() {
                errors.push(required("team_id"));
            }
            (id, None)
        };
        let request = RecordAdoption {
            team_id,
            new_team,
            adopted_on: self.adopted_on.unwrap_or_default(),
            adaptations: self.adaptations.trim().to_owned(),
        };
        if self.adopted_on.is_none() {
            errors.push(required("adopted_on"));
        }
        if errors.is_empty() {
            errors = check(request.validate());
        }
        finish(request, errors)
    }
}

/// An indicator of an adoption's comparison as a line.
pub fn comparison_series(comparison: &IndicatorComparison) -> Series {
    let mut points: Vec<(Month, f64)> =
        comparison.series.iter().filter_map(|p| Month::parse(&p.period).map(|m| (m, p.score))).collect();
    points.sort_by_key(|(month, _)| *month);
    Series { name: comparison.indicator.name.clone(), points }
}

/// The words for a change before → after: "▲ better", "▼ worse", "= unchanged".
pub fn change_key(comparison: &IndicatorComparison) -> Option<&'static str> {
    let (before, after) = (comparison.before?, comparison.after?);
    Some(if (after - before).abs() < f64::EPSILON {
        "models.change.same"
    } else if comparison.improved == Some(true) {
        "models.change.better"
    } else {
        "models.change.worse"
    })
}

/// What a timeline entry says happened, in `lang` (its note shows apart).
pub fn event_text(lang: Lang, event: &ModelEvent) -> String {
    use crate::components::model_status::model_status_label;
    let status = |status: Option<ModelStatus>| status.map(|s| model_status_label(lang, s)).unwrap_or("—");
    let key = match event.kind {
        ModelEventKind::Nominated => "models.event.nominated",
        ModelEventKind::Moved => "models.event.moved",
        ModelEventKind::Evaluated => "models.event.evaluated",
        ModelEventKind::Edited => "models.event.edited",
        ModelEventKind::Adopted => "models.event.adopted",
    };
    t(lang, key).replace("{from}", status(event.from_status)).replace("{to}", status(event.to_status))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use danvan_domain::{
        area::Layout,
        community_team::{CriterionSummary, GroupRank, PeriodScore},
        named::NamedRef,
    };

    pub(crate) fn named(n: u128, name: &str) -> NamedRef {
        NamedRef { id: Uuid::from_u128(n), name: name.into() }
    }

    pub(crate) fn team(n: u128) -> Team {
        let at = chrono::DateTime::UNIX_EPOCH;
        Team {
            id: Uuid::from_u128(n),
            name: format!("Tổ COVID cộng đồng số {n}"),
            kind: named(50, "Tổ COVID cộng đồng"),
            area: named(60, "Phường Bến Nghé"),
            province: named(70, "Thành phố Hồ Chí Minh"),
            founded_on: NaiveDate::from_ymd_opt(2021, 7, 15).unwrap_or_default(),
            status: TeamStatus::Active,
            org_unit: None,
            partner_body: "UBND phường Bến Nghé".into(),
            description: String::new(),
            households_covered: 1200,
            can_manage: true,
            can_nominate: true,
            version: 3,
            created_at: at,
            updated_at: at,
        }
    }

    pub(crate) fn indicator(n: u128, code: &str, position: i64, active: bool) -> TeamIndicator {
        let at = chrono::DateTime::UNIX_EPOCH;
        TeamIndicator {
            id: Uuid::from_u128(n),
            code: code.into(),
            name_vi: format!("Chỉ tiêu {code}"),
            name_en: format!("Indicator {code}"),
            unit: "hộ".into(),
            higher_is_better: true,
            weight: 1.0,
            active,
            position,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    pub(crate) fn value(indicator: u128, period: &str, value: f64) -> IndicatorValue {
        IndicatorValue {
            indicator_id: Uuid::from_u128(indicator),
            period: period.into(),
            value,
            updated_at: chrono::DateTime::UNIX_EPOCH,
        }
    }

    pub(crate) fn model(n: u128, status: ModelStatus) -> TeamModel {
        let at = chrono::DateTime::UNIX_EPOCH;
        TeamModel {
            id: Uuid::from_u128(n),
            team: named(1, "Tổ COVID cộng đồng số 1"),
            province: named(70, "Thành phố Hồ Chí Minh"),
            status,
            rationale: "Hỗ trợ F0 tại nhà hiệu quả".into(),
            evidence: String::new(),
            nominated_by: named(90, "Cán bộ Văn phòng"),
            decision_note: String::new(),
            decided_by: None,
            decided_on: None,
            evaluation_count: 2,
            evaluation_average: Some(4.2),
            adoption_count: 0,
            allowed_transitions: vec![],
            caller_stands_as: vec![],
            can_evaluate: false,
            can_record_adoption: false,
            version: 1,
            created_at: at,
            updated_at: at,
        }
    }

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
    }

    fn fields(errors: Vec<FieldError>) -> Vec<String> {
        errors.into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn every_value_of_the_modules_enums_has_words_in_both_languages() {
        let mut keys: Vec<String> = Vec::new();
        keys.extend(TeamStatus::ALL.iter().map(|s| format!("teams.status.{}", s.as_str())));
        keys.extend(MemberRole::ALL.iter().map(|s| format!("teams.role.{}", s.as_str())));
        keys.extend(Affiliation::ALL.iter().map(|s| format!("teams.affiliation.{}", s.as_str())));
        keys.extend(ActivityKind::ALL.iter().map(|s| format!("teams.activity.{}", s.as_str())));
        keys.extend(Criterion::ALL.iter().map(|s| format!("models.criterion.{}", s.as_str())));
        keys.extend(ModelStatus::ALL.iter().map(|s| format!("models.status.{}", s.as_str())));
        keys.extend(ModelStatus::ALL.iter().map(|s| format!("models.move.{}", s.as_str())));
        keys.extend((1..=5).map(|n| format!("models.score.{n}")));
        for key in keys {
            for lang in [Lang::Vi, Lang::En] {
                assert!(lookup(lang, &key).is_some(), "{key} has no {lang:?} words");
            }
        }
        assert_eq!(team_status_label(Lang::Vi, TeamStatus::Paused), "Tạm dừng");
        assert_eq!(activity_kind_label(Lang::En, ActivityKind::F0HomeCare), "F0 home care");
        assert_eq!(COLUMNS.len(), ModelStatus::ALL.len());
    }

    fn province(n: u128, name: &str, layout: Layout, teams: i64) -> ProvinceTeams {
        ProvinceTeams {
            province_id: Uuid::from_u128(n),
            name: name.into(),
            code: format!("{n:02}"),
            layout,
            latitude: Some(21.0),
            longitude: Some(105.8),
            teams,
            models: 1,
            adoptions: 2,
        }
    }

    #[test]
    fn provinces_become_markers_and_choices() {
        let map = vec![
            province(1, "Thành phố Hà Nội", Layout::L2021, 3),
            province(2, "Tỉnh Điện Biên", Layout::L2025, 1),
            province(3, "Thành phố Hà Nội", Layout::L2025, 5),
            province(4, "Tỉnh An Giang", Layout::L2025, 2),
        ];
        let marks = markers(&map);
        assert_eq!(marks.len(), 4);
        assert_eq!((marks[2].teams, marks[2].models), (5, 1));
        assert_eq!(totals(&map), (11, 4, 8));
        assert_eq!(counted(Lang::En, "teams.adoptions", 1), "1 adoption");
        assert_eq!(counted(Lang::En, "teams.adoptions", 1200), "1,200 adoptions");
        assert_eq!(counted(Lang::Vi, "teams.adoptions", 1), "1 nơi nhân rộng");
        let labels: Vec<String> = province_choices(&map).into_iter().map(|(_, label)| label).collect();
        assert_eq!(labels, ["Thành phố Hà Nội (2021)", "Thành phố Hà Nội (2025)", "Tỉnh An Giang", "Tỉnh Điện Biên"]);
        let options = id_options("Tất cả", &[(Uuid::from_u128(1), "A".into())], &Uuid::from_u128(9).to_string());
        assert_eq!(options.len(), 3, "a linked id the choices lack stays selectable");
    }

    #[test]
    fn numbers_are_read_in_either_languages_way() {
        use Lang::{En, Vi};
        assert_eq!(parse_number(Vi, ""), Ok(None));
        assert_eq!(parse_number(En, " 12 "), Ok(Some(12.0)));
        assert_eq!(parse_number(Vi, "12,5"), Ok(Some(12.5)));
        assert_eq!(parse_number(Vi, "12.5"), Ok(Some(12.5)));
        assert_eq!(parse_number(Vi, "1.234"), Ok(Some(1234.0)));
        assert_eq!(parse_number(En, "1,234"), Ok(Some(1234.0)));
        assert_eq!(parse_number(En, "12,5"), Ok(Some(12.5)));
        assert_eq!(parse_number(En, "1.234"), Ok(Some(1.234)));
        assert_eq!(parse_number(Vi, "1.234,5"), Ok(Some(1234.5)));
        assert_eq!(parse_number(Vi, "1,234.5"), Ok(Some(1234.5)));
        assert_eq!(parse_number(En, "1.234.567"), Ok(Some(1_234_567.0)));
        assert_eq!(parse_number(Vi, "1,234,567"), Ok(Some(1_234_567.0)));
        assert_eq!(parse_number(Vi, "12a"), Err(NotANumber));
        assert_eq!(parse_number(En, "1,2,3.4.5"), Err(NotANumber));
        assert_eq!(plain_number(Vi, 1234.5), "1234,5");
        assert_eq!(plain_number(En, 1234.5), "1234.5");
        assert_eq!(parse_count("1.200"), Ok(1200));
        assert_eq!(parse_count(""), Ok(0));
        assert_eq!(parse_count("mười"), Err(NotANumber));
    }

    #[test]
    fn a_team_form_asks_for_what_is_missing_and_sends_only_changes() {
        let empty = TeamDraft { households: "nhiều".into(), ..TeamDraft::default() };
        assert_eq!(
            fields(empty.to_create().err().unwrap_or_default()),
            ["name", "kind_id", "area_id", "founded_on", "households_covered"]
        );
        let team = team(1);
        let unchanged = TeamDraft::of(&team).to_update(&team).unwrap_or_default();
        assert_eq!(serde_json::to_string(&unchanged).unwrap_or_default(), "{}");
        let mut draft = TeamDraft::of(&team);
        draft.status = TeamStatus::Paused;
        draft.households = "1.500".into();
        let patch = serde_json::to_value(draft.to_update(&team).unwrap_or_default()).unwrap_or_default();
        assert_eq!(patch["status"], "paused");
        assert_eq!(patch["households_covered"], 1500);
        assert_eq!(patch.as_object().map(|o| o.len()), Some(2));
    }

    #[test]
    fn a_member_needs_a_name_and_a_joining_date_and_a_valid_phone() {
        assert_eq!(fields(MemberDraft::default().to_create().err().unwrap_or_default()), ["name", "joined_on"]);
        let draft = MemberDraft {
            name: " Nguyễn Thị Hoa ".into(),
            joined_on: Some(day("2021-08-01")),
            phone: "0912 345 67".into(),
            ..MemberDraft::default()
        };
        assert_eq!(fields(draft.to_create().err().unwrap_or_default()), ["phone"]);
        let request =
            MemberDraft { phone: "0912 345 678".into(), ..draft }.to_create().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(request.name, "Nguyễn Thị Hoa");
        assert_eq!(request.phone.as_deref(), Some("0912 345 678"));
        assert_eq!(tel("0912 345 678"), "tel:0912345678");
    }

    #[test]
    fn an_activity_reads_its_counts() {
        let mut draft = ActivityDraft::on(day("2021-09-13"));
        draft.households = "1.200".into();
        draft.people = "ba".into();
        assert_eq!(fields(draft.to_create().err().unwrap_or_default()), ["people_supported"]);
        draft.people = "35".into();
        let request = draft.to_create().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((request.households_reached, request.people_supported), (1200, 35));
    }

    #[test]
    fn a_months_values_name_every_indicator_and_clear_the_empty_ones() {
        let indicators =
            recorded_indicators(&[indicator(2, "b", 2, true), indicator(1, "a", 1, true), indicator(3, "c", 0, false)]);
        assert_eq!(indicators.iter().map(|i| i.code.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        let recorded = [value(1, "2021-10", 1234.5), value(2, "2021-09", 7.0)];
        let mut draft = ValuesDraft::of(Lang::Vi, "2021-10", &recorded);
        assert_eq!(draft.values.get(&Uuid::from_u128(1)).map(String::as_str), Some("1234,5"));
        let request = draft.to_request(Lang::Vi, &indicators).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(request.values.len(), 2);
        assert_eq!(request.values[0].value, Some(1234.5));
        assert_eq!(request.values[1].value, None, "an empty field removes the value");
        draft.values.insert(Uuid::from_u128(2), "x".into());
        assert_eq!(fields(draft.to_request(Lang::Vi, &indicators).err().unwrap_or_default()), ["values[1].value"]);
        draft.period = String::new();
        draft.values.clear();
        assert_eq!(fields(draft.to_request(Lang::Vi, &indicators).err().unwrap_or_default()), ["period"]);
        assert_eq!(latest_period(&recorded).as_deref(), Some("2021-10"));
    }

    #[test]
    fn charts_take_an_indicators_values_in_month_order() {
        let values = [value(1, "2021-10", 3.0), value(2, "2021-08", 9.0), value(1, "2021-08", 1.0)];
        let series = indicator_series(Lang::En, &indicator(1, "a", 1, true), &values);
        assert_eq!(series.name, "Indicator a");
        assert_eq!(series.points.iter().map(|(m, _)| m.label()).collect::<Vec<_>>(), ["8/2021", "10/2021"]);
        let shown = charted_indicators(
            &[indicator(1, "a", 2, true), indicator(2, "b", 1, false), indicator(3, "c", 0, true)],
            &values,
        );
        assert_eq!(shown.iter().map(|i| i.code.as_str()).collect::<Vec<_>>(), ["b", "a", "c"]);
        assert_eq!(values_span(day("2021-07-15"), day("2022-01-20")), ("2021-02".into(), "2022-01".into()));
        assert_eq!(values_span(day("2019-07-15"), day("2022-01-20")), ("2019-07".into(), "2022-01".into()));
    }

    fn line(national: i64, province: i64, group: i64) -> ScorecardLine {
        ScorecardLine {
            id: Uuid::from_u128(1),
            team: named(1, "Tổ 1"),
            province: named(70, "Thành phố Hồ Chí Minh"),
            period: "2021-10".into(),
            score: 66.67,
            rank_national: national,
            rank_province: province,
            group_ranks: vec![GroupRank { area_group: named(80, "Nam Bộ"), rank: group }],
            trend: vec![
                PeriodScore { period: "2021-10".into(), score: 66.67 },
                PeriodScore { period: "2021-09".into(), score: 50.0 },
            ],
        }
    }

    #[test]
    fn the_scorecard_ranks_by_the_filters_reach() {
        let line = line(7, 2, 4);
        assert_eq!(shown_rank(&line, "", ""), 7);
        assert_eq!(shown_rank(&line, &Uuid::from_u128(70).to_string(), ""), 2);
        assert_eq!(shown_rank(&line, "", &Uuid::from_u128(80).to_string()), 4);
        assert_eq!(rank_heading("", "x"), "scorecard.rank_group");
        assert_eq!(trend(&line), [50.0, 66.67]);
        assert_eq!(group_ranks(&line), "Nam Bộ: 4");
        assert_eq!(default_period(day("2022-01-05")), "2021-12");
        assert_eq!(shift("2021-12", 1), "2022-01");
        assert_eq!(period_label("2021-10"), "10/2021");
    }

    #[test]
    fn a_team_is_nominated_once_while_its_model_is_live() {
        assert!(live_model(&[model(1, ModelStatus::Withdrawn), model(2, ModelStatus::NotRecommended)]).is_none());
        assert_eq!(
            live_model(&[model(1, ModelStatus::Withdrawn), model(2, ModelStatus::Recommended)]).map(|m| m.id),
            Some(Uuid::from_u128(2))
        );
        assert_eq!(fields(NominationDraft::default().to_request(Uuid::nil()).err().unwrap_or_default()), ["rationale"]);
    }

    #[test]
    fn refusing_or_sending_back_needs_reasons() {
        assert!(note_required(ModelStatus::NeedsEvidence) && note_required(ModelStatus::NotRecommended));
        assert!(!note_required(ModelStatus::Recommended));
        assert_eq!(fields(transition(ModelStatus::NotRecommended, "  ").err().unwrap_or_default()), ["note"]);
        assert!(transition(ModelStatus::Recommended, "").is_ok());
        assert_eq!(move_class(ModelStatus::Withdrawn), "danger");
    }

    #[test]
    fn an_evaluation_scores_every_criterion() {
        let mut draft = EvaluationDraft::default();
        draft.scores.insert(Criterion::Effectiveness, 5);
        let missing = fields(draft.to_request().err().unwrap_or_default());
        assert_eq!(missing, ["scores[1].score", "scores[2].score", "scores[3].score", "scores[4].score"]);
        for criterion in Criterion::ALL {
            draft.scores.entry(*criterion).or_insert(4);
        }
        draft.comments.insert(Criterion::Sustainability, " Bền vững ".into());
        let request = draft.to_request().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(request.scores.len(), 5);
        assert_eq!(request.scores[2].comment, "Bền vững");
        assert_eq!(request.average(), 4.2);
    }

    #[test]
    fn criteria_become_bars_with_their_spread() {
        let summary = ModelEvaluations {
            evaluations: vec![],
            criteria: vec![CriterionSummary {
                criterion: Criterion::Effectiveness,
                average: 4.0,
                min: 3,
                max: 5,
                spread: 1.0,
            }],
            average: Some(4.0),
            spread: Some(0.2),
        };
        let bars = evaluation_bars(Lang::Vi, &summary);
        assert_eq!(bars[0].label.as_str(), "Hiệu quả · độ lệch 1");
        assert_eq!((bars[0].min, bars[0].max), (Some(3.0), Some(5.0)));
        assert!(my_evaluation(&summary, Uuid::nil()).is_none());
    }

    #[test]
    fn an_adoption_names_a_team_or_registers_one() {
        let mut draft = AdoptionDraft { adopted_on: Some(day("2021-10-01")), ..AdoptionDraft::default() };
        assert_eq!(fields(draft.to_request().err().unwrap_or_default()), ["team_id"]);
        draft.team_id = Uuid::from_u128(5).to_string();
        let request = draft.to_request().unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((request.team_id, request.new_team.is_some()), (Some(Uuid::from_u128(5)), false));
        draft.new_team = true;
        let nested = fields(draft.to_request().err().unwrap_or_default());
        assert_eq!(nested, ["new_team.name", "new_team.kind_id", "new_team.area_id", "new_team.founded_on"]);
        draft.team = TeamDraft::of(&team(3));
        let request = draft.to_request().unwrap_or_else(|e| panic!("{e:?}"));
        assert!(request.team_id.is_none() && request.new_team.is_some());
    }

    #[test]
    fn a_comparison_becomes_a_line_and_a_verdict() {
        let comparison = IndicatorComparison {
            indicator: named(1, "Số hộ"),
            unit: "hộ".into(),
            higher_is_better: true,
            before: Some(10.0),
            after: Some(20.0),
            improved: Some(true),
            series: vec![
                PeriodScore { period: "2021-10".into(), score: 20.0 },
                PeriodScore { period: "2021-09".into(), score: 10.0 },
            ],
        };
        let series = comparison_series(&comparison);
        assert_eq!(series.points[0].0.label(), "9/2021");
        assert_eq!(change_key(&comparison), Some("models.change.better"));
        let worse = IndicatorComparison { improved: Some(false), ..comparison.clone() };
        assert_eq!(change_key(&worse), Some("models.change.worse"));
        assert_eq!(change_key(&IndicatorComparison { before: None, ..comparison }), None);
    }

    #[test]
    fn timeline_entries_say_what_happened() {
        let event = ModelEvent {
            id: Uuid::nil(),
            kind: ModelEventKind::Moved,
            at: chrono::DateTime::UNIX_EPOCH,
            actor: named(1, "Lãnh đạo Ban"),
            from_status: Some(ModelStatus::AwaitingDecision),
            to_status: Some(ModelStatus::Recommended),
            note: String::new(),
        };
        assert_eq!(event_text(Lang::Vi, &event), "Chuyển trạng thái: Chờ quyết định → Đề xuất nhân rộng");
        assert_eq!(event_text(Lang::En, &event), "Status: Awaiting decision → Recommended for replication");
        let nominated = ModelEvent { kind: ModelEventKind::Nominated, ..event };
        assert_eq!(event_text(Lang::En, &nominated), "Nominated the team as a model");
    }
}

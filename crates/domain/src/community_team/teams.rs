//! A team, its kind (a managed list), its roster and its activity log.

use crate::{
    named::NamedRef,
    validation::{self, Errors, FieldError},
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Longest description or note.
pub const NOTE_MAX: usize = 5_000;
/// Largest count of households or people a record may carry.
pub const COUNT_MAX: i64 = 10_000_000;

crate::text_enum! {
    /// Whether a team is working.
    pub enum TeamStatus {
        Active = "active",
        Paused = "paused",
        Dissolved = "dissolved",
    }
}

crate::text_enum! {
    /// A member's place in the team.
    pub enum MemberRole {
        Leader = "leader",
        Deputy = "deputy",
        Member = "member",
    }
}

crate::text_enum! {
    /// The body a member comes from.
    pub enum Affiliation {
        PartyMember = "party_member",
        FatherlandFront = "fatherland_front",
        WomensUnion = "womens_union",
        YouthUnion = "youth_union",
        Veterans = "veterans",
        Police = "police",
        HealthWorker = "health_worker",
        Resident = "resident",
    }
}

crate::text_enum! {
    /// What a team did on a day.
    pub enum ActivityKind {
        /// Information from door to door.
        DoorToDoorInformation = "door_to_door_information",
        /// Support of F0 patients cared for at home.
        F0HomeCare = "f0_home_care",
        QuarantineMonitoring = "quarantine_monitoring",
        VaccinationMobilisation = "vaccination_mobilisation",
        /// Delivery of food and goods.
        GoodsDelivery = "goods_delivery",
        Disinfection = "disinfection",
        Hotline = "hotline",
    }
}

/// One kind of team, e.g. "Tổ COVID cộng đồng".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamKind {
    pub id: Uuid,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// Retired kinds stay on old teams but are not offered for new ones.
    pub active: bool,
    pub position: i64,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/team-kinds`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTeamKind {
    #[cfg_attr(feature = "openapi", schema(pattern = "^[A-Za-z0-9_-]{1,32}$"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_vi: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_en: String,
    /// After the last kind when absent.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl CreateTeamKind {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        code(&mut errors, &self.code);
        errors.text("name_vi", &self.name_vi, 1, validation::NAME_MAX);
        errors.text("name_en", &self.name_en, 1, validation::NAME_MAX);
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/team-kinds/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTeamKind {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_vi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name_en: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100000))]
    pub position: Option<i64>,
}

impl UpdateTeamKind {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name_vi", self.name_vi.as_deref(), validation::NAME_MAX);
        errors.optional_text("name_en", self.name_en.as_deref(), validation::NAME_MAX);
        validation::position(&mut errors, self.position);
        errors.finish()
    }
}

pub(super) fn code(errors: &mut Errors, value: &str) {
    errors.check("code", validation::is_valid_code(value), "invalid_format", "must be 1-32 letters, digits, _ or -");
}

/// A community team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    /// `name` is the kind's Vietnamese name.
    pub kind: NamedRef,
    /// The commune or ward it works in, in either layout.
    pub area: NamedRef,
    /// The area's province, which decides who sees the team.
    pub province: NamedRef,
    pub founded_on: NaiveDate,
    pub status: TeamStatus,
    /// The org unit it works with, if it is one of the Commission's.
    pub org_unit: Option<NamedRef>,
    /// The local body it works with (e.g. "UBND phường Bến Nghé"), free text.
    pub partner_body: String,
    pub description: String,
    pub households_covered: i64,
    /// Whether the caller may change the team, its roster, log and indicator values.
    pub can_manage: bool,
    /// Whether the caller may nominate the team as a model.
    pub can_nominate: bool,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/community-teams`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTeam {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    pub kind_id: Uuid,
    /// A commune or ward (either layout).
    pub area_id: Uuid,
    pub founded_on: NaiveDate,
    /// `active` when absent.
    #[serde(default)]
    pub status: Option<TeamStatus>,
    #[serde(default)]
    pub org_unit_id: Option<Uuid>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub partner_body: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub description: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000000))]
    pub households_covered: i64,
}

impl CreateTeam {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 1, validation::NAME_MAX);
        errors.text("partner_body", &self.partner_body, 0, validation::NAME_MAX);
        errors.text("description", &self.description, 0, NOTE_MAX);
        count(&mut errors, "households_covered", self.households_covered);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/community-teams/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTeam {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area_id: Option<Uuid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub founded_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TeamStatus>,
    /// `null` detaches the team from its org unit.
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub org_unit_id: Option<Option<Uuid>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    pub partner_body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000000))]
    pub households_covered: Option<i64>,
}

impl UpdateTeam {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name", self.name.as_deref(), validation::NAME_MAX);
        if let Some(value) = &self.partner_body {
            errors.text("partner_body", value, 0, validation::NAME_MAX);
        }
        if let Some(value) = &self.description {
            errors.text("description", value, 0, NOTE_MAX);
        }
        if let Some(value) = self.households_covered {
            count(&mut errors, "households_covered", value);
        }
        errors.finish()
    }
}

pub(super) fn count(errors: &mut Errors, field: &str, value: i64) {
    errors.check(field, (0..=COUNT_MAX).contains(&value), "out_of_range", "must be between 0 and 10000000");
}

/// One member of a team's roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamMember {
    pub id: Uuid,
    pub team_id: Uuid,
    pub name: String,
    pub role: MemberRole,
    pub affiliation: Affiliation,
    pub joined_on: NaiveDate,
    /// When they left; absent while they serve.
    pub left_on: Option<NaiveDate>,
    /// The contact phone, masked (`•••••••678`); absent when there is none or the
    /// caller's role may not contact members. The full number comes from
    /// `POST /team-members/{id}/reveal-phone`, with a reason.
    pub phone: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Longest phone number, counting `+`, spaces and dots.
pub const PHONE_MAX: usize = 20;

/// Body of `POST /api/v1/community-teams/{id}/members`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTeamMember {
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: String,
    pub role: MemberRole,
    pub affiliation: Affiliation,
    pub joined_on: NaiveDate,
    #[serde(default)]
    pub left_on: Option<NaiveDate>,
    /// A Vietnamese phone number: 9–11 digits, optionally `+84`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 20))]
    pub phone: Option<String>,
}

impl CreateTeamMember {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.text("name", &self.name, 1, validation::NAME_MAX);
        if let Some(left_on) = self.left_on {
            errors.check("left_on", left_on >= self.joined_on, "before_joined", "must not be before joined_on");
        }
        if let Some(phone) = &self.phone {
            check_phone(&mut errors, phone);
        }
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/team-members/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTeamMember {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<MemberRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<Affiliation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_on: Option<NaiveDate>,
    /// `null` marks the member as serving again.
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub left_on: Option<Option<NaiveDate>>,
    /// `null` removes the phone.
    #[serde(default, deserialize_with = "crate::user::nullable", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, max_length = 20))]
    pub phone: Option<Option<String>>,
}

impl UpdateTeamMember {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        errors.optional_text("name", self.name.as_deref(), validation::NAME_MAX);
        if let Some(Some(phone)) = &self.phone {
            check_phone(&mut errors, phone);
        }
        errors.finish()
    }
}

fn check_phone(errors: &mut Errors, phone: &str) {
    errors.check(
        "phone",
        phone.chars().count() <= PHONE_MAX && crate::personal::normalise_phone(phone).is_some(),
        "invalid_format",
        "must be a Vietnamese phone number, e.g. 0912 345 678 or +84 912 345 678",
    );
}

/// One entry of a team's activity log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TeamActivity {
    pub id: Uuid,
    pub team_id: Uuid,
    pub occurred_on: NaiveDate,
    pub kind: ActivityKind,
    pub households_reached: i64,
    pub people_supported: i64,
    pub note: String,
    pub created_by: NamedRef,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Body of `POST /api/v1/community-teams/{id}/activities`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTeamActivity {
    pub occurred_on: NaiveDate,
    pub kind: ActivityKind,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000000))]
    pub households_reached: i64,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000000))]
    pub people_supported: i64,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub note: String,
}

impl CreateTeamActivity {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        count(&mut errors, "households_reached", self.households_reached);
        count(&mut errors, "people_supported", self.people_supported);
        errors.text("note", &self.note, 0, NOTE_MAX);
        errors.finish()
    }
}

/// Body of `PATCH /api/v1/team-activities/{id}`; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTeamActivity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occurred_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<ActivityKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000000))]
    pub households_reached: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10000000))]
    pub people_supported: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 5000))]
    pub note: Option<String>,
}

impl UpdateTeamActivity {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Errors::default();
        for (field, value) in
            [("households_reached", self.households_reached), ("people_supported", self.people_supported)]
        {
            if let Some(value) = value {
                count(&mut errors, field, value);
            }
        }
        if let Some(note) = &self.note {
            errors.text("note", note, 0, NOTE_MAX);
        }
        errors.finish()
    }
}

/// Teams and models of one province, for the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProvinceTeams {
    pub province_id: Uuid,
    pub name: String,
    pub code: String,
    pub layout: crate::area::Layout,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// Teams registered in the province.
    pub teams: i64,
    /// Teams of the province in the pipeline or recommended.
    pub models: i64,
    /// Adoptions of a recommended model by teams of the province.
    pub adoptions: i64,
}

/// An answer carrying one personal value in full, after an audited reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevealedPhone {
    pub phone: String,
}

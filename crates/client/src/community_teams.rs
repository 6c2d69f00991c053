//! Community COVID teams: managed lists, the registry, rosters, activity logs, indicator
//! values, the scorecard and the model pipeline.

use crate::{Api, Call, Download, Result, Tagged, Transport};
use danvan_domain::{
    community_team::{
        AdoptionComparison, CreateTeam, CreateTeamActivity, CreateTeamIndicator, CreateTeamKind, CreateTeamMember,
        EvaluateModel, IndicatorValue, ModelAdoption, ModelEvaluation, ModelEvaluations, ModelEvent, ModelTransition,
        NominateTeam, ProvinceTeams, RecordAdoption, RecordIndicatorValues, RevealedPhone, ScorecardLine, Team,
        TeamActivity, TeamIndicator, TeamKind, TeamMember, TeamModel, UpdateTeam, UpdateTeamActivity,
        UpdateTeamIndicator, UpdateTeamKind, UpdateTeamMember, UpdateTeamModel,
    },
    page::Page,
    personal::RevealRequest,
};
use uuid::Uuid;

impl<T: Transport> Api<T> {
    // --- managed lists ---

    pub async fn list_team_kinds(&self, active: Option<bool>) -> Result<Vec<TeamKind>> {
        let active = active.map(|active| active.to_string()).unwrap_or_default();
        self.json(Call::get("/api/v1/team-kinds").query(&[("active", active)])).await
    }

    pub async fn create_team_kind(&self, body: &CreateTeamKind, idempotency_key: Option<&str>) -> Result<TeamKind> {
        self.json(Call::create("/api/v1/team-kinds", body, idempotency_key)).await
    }

    pub async fn update_team_kind(&self, id: Uuid, etag: &str, body: &UpdateTeamKind) -> Result<TeamKind> {
        self.json(Call::patch(format!("/api/v1/team-kinds/{id}"), etag, body)).await
    }

    pub async fn list_team_indicators(&self, active: Option<bool>) -> Result<Vec<TeamIndicator>> {
        let active = active.map(|active| active.to_string()).unwrap_or_default();
        self.json(Call::get("/api/v1/team-indicators").query(&[("active", active)])).await
    }

    pub async fn create_team_indicator(
        &self,
        body: &CreateTeamIndicator,
        idempotency_key: Option<&str>,
    ) -> Result<TeamIndicator> {
        self.json(Call::create("/api/v1/team-indicators", body, idempotency_key)).await
    }

    pub async fn update_team_indicator(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateTeamIndicator,
    ) -> Result<TeamIndicator> {
        self.json(Call::patch(format!("/api/v1/team-indicators/{id}"), etag, body)).await
    }

    // --- the registry ---

    /// `query`: province_id, area_id, area_group_id, kind_id, status, q, limit, cursor.
    pub async fn list_teams(&self, query: &[(&str, &str)]) -> Result<Page<Team>> {
        self.json(Call::get("/api/v1/community-teams").query(query)).await
    }

    /// Every team the filters pick.
    pub async fn all_teams(&self, query: &[(&str, &str)]) -> Result<Vec<Team>> {
        self.every("/api/v1/community-teams", query).await
    }

    /// `query`: the list's filters, format (`csv`, `xlsx`), lang.
    pub async fn export_teams(&self, query: &[(&str, &str)]) -> Result<Download> {
        self.download("/api/v1/community-teams/export", query).await
    }

    pub async fn team_map(&self) -> Result<Vec<ProvinceTeams>> {
        self.json(Call::get("/api/v1/community-teams/map")).await
    }

    pub async fn create_team(&self, body: &CreateTeam, idempotency_key: Option<&str>) -> Result<Team> {
        self.json(Call::create("/api/v1/community-teams", body, idempotency_key)).await
    }

    pub async fn get_team(&self, id: Uuid) -> Result<Tagged<Team>> {
        self.tagged(Call::get(format!("/api/v1/community-teams/{id}"))).await
    }

    pub async fn update_team(&self, id: Uuid, etag: &str, body: &UpdateTeam) -> Result<Team> {
        self.json(Call::patch(format!("/api/v1/community-teams/{id}"), etag, body)).await
    }

    // --- roster and log ---

    pub async fn list_team_members(&self, team: Uuid) -> Result<Vec<TeamMember>> {
        self.json(Call::get(format!("/api/v1/community-teams/{team}/members"))).await
    }

    pub async fn create_team_member(
        &self,
        team: Uuid,
        body: &CreateTeamMember,
        idempotency_key: Option<&str>,
    ) -> Result<TeamMember> {
        self.json(Call::create(format!("/api/v1/community-teams/{team}/members"), body, idempotency_key)).await
    }

    pub async fn update_team_member(&self, id: Uuid, etag: &str, body: &UpdateTeamMember) -> Result<TeamMember> {
        self.json(Call::patch(format!("/api/v1/team-members/{id}"), etag, body)).await
    }

    pub async fn reveal_team_member_phone(&self, id: Uuid, body: &RevealRequest) -> Result<RevealedPhone> {
        self.json(Call::post(format!("/api/v1/team-members/{id}/reveal-phone")).json(body)).await
    }

    /// `query`: limit, cursor.
    pub async fn list_team_activities(&self, team: Uuid, query: &[(&str, &str)]) -> Result<Page<TeamActivity>> {
        self.json(Call::get(format!("/api/v1/community-teams/{team}/activities")).query(query)).await
    }

    pub async fn create_team_activity(
        &self,
        team: Uuid,
        body: &CreateTeamActivity,
        idempotency_key: Option<&str>,
    ) -> Result<TeamActivity> {
        self.json(Call::create(format!("/api/v1/community-teams/{team}/activities"), body, idempotency_key)).await
    }

    pub async fn update_team_activity(&self, id: Uuid, etag: &str, body: &UpdateTeamActivity) -> Result<TeamActivity> {
        self.json(Call::patch(format!("/api/v1/team-activities/{id}"), etag, body)).await
    }

    // --- values and scorecard ---

    /// `query`: from, to (`YYYY-MM`).
    pub async fn list_indicator_values(&self, team: Uuid, query: &[(&str, &str)]) -> Result<Vec<IndicatorValue>> {
        self.json(Call::get(format!("/api/v1/community-teams/{team}/indicator-values")).query(query)).await
    }

    pub async fn record_indicator_values(
        &self,
        team: Uuid,
        body: &RecordIndicatorValues,
    ) -> Result<Vec<IndicatorValue>> {
        self.json(Call::post(format!("/api/v1/community-teams/{team}/indicator-values")).json(body)).await
    }

    /// `query`: period (required), province_id, area_group_id, limit, cursor.
    pub async fn team_scorecard(&self, query: &[(&str, &str)]) -> Result<Page<ScorecardLine>> {
        self.json(Call::get("/api/v1/team-scorecard").query(query)).await
    }

    /// `query`: period (`YYYY-MM`; the latest with values when absent).
    pub async fn team_scorecard_line(&self, team: Uuid, query: &[(&str, &str)]) -> Result<Option<ScorecardLine>> {
        self.json(Call::get(format!("/api/v1/community-teams/{team}/scorecard")).query(query)).await
    }

    /// `query`: the scorecard's filters, format (`csv`, `xlsx`), lang.
    pub async fn export_team_scorecard(&self, query: &[(&str, &str)]) -> Result<Download> {
        self.download("/api/v1/team-scorecard/export", query).await
    }

    // --- models ---

    /// `query`: status, team_id, province_id, limit, cursor.
    pub async fn list_team_models(&self, query: &[(&str, &str)]) -> Result<Page<TeamModel>> {
        self.json(Call::get("/api/v1/team-models").query(query)).await
    }

    /// Every model the filters pick.
    pub async fn all_team_models(&self, query: &[(&str, &str)]) -> Result<Vec<TeamModel>> {
        self.every("/api/v1/team-models", query).await
    }

    pub async fn nominate_team(&self, body: &NominateTeam, idempotency_key: Option<&str>) -> Result<TeamModel> {
        self.json(Call::create("/api/v1/team-models", body, idempotency_key)).await
    }

    pub async fn get_team_model(&self, id: Uuid) -> Result<Tagged<TeamModel>> {
        self.tagged(Call::get(format!("/api/v1/team-models/{id}"))).await
    }

    pub async fn update_team_model(&self, id: Uuid, etag: &str, body: &UpdateTeamModel) -> Result<TeamModel> {
        self.json(Call::patch(format!("/api/v1/team-models/{id}"), etag, body)).await
    }

    pub async fn transition_team_model(&self, id: Uuid, etag: &str, body: &ModelTransition) -> Result<TeamModel> {
        self.json(Call::post(format!("/api/v1/team-models/{id}/transitions")).if_match(etag).json(body)).await
    }

    pub async fn team_model_timeline(&self, id: Uuid) -> Result<Vec<ModelEvent>> {
        self.json(Call::get(format!("/api/v1/team-models/{id}/timeline"))).await
    }

    pub async fn list_model_evaluations(&self, model: Uuid) -> Result<ModelEvaluations> {
        self.json(Call::get(format!("/api/v1/team-models/{model}/evaluations"))).await
    }

    pub async fn evaluate_team_model(
        &self,
        model: Uuid,
        body: &EvaluateModel,
        idempotency_key: Option<&str>,
    ) -> Result<ModelEvaluation> {
        self.json(Call::create(format!("/api/v1/team-models/{model}/evaluations"), body, idempotency_key)).await
    }

    pub async fn update_model_evaluation(&self, id: Uuid, etag: &str, body: &EvaluateModel) -> Result<ModelEvaluation> {
        self.json(Call::patch(format!("/api/v1/model-evaluations/{id}"), etag, body)).await
    }

    pub async fn list_model_adoptions(&self, model: Uuid) -> Result<Vec<ModelAdoption>> {
        self.json(Call::get(format!("/api/v1/team-models/{model}/adoptions"))).await
    }

    pub async fn record_model_adoption(
        &self,
        model: Uuid,
        body: &RecordAdoption,
        idempotency_key: Option<&str>,
    ) -> Result<ModelAdoption> {
        self.json(Call::create(format!("/api/v1/team-models/{model}/adoptions"), body, idempotency_key)).await
    }

    pub async fn model_adoption_comparison(&self, id: Uuid) -> Result<AdoptionComparison> {
        self.json(Call::get(format!("/api/v1/model-adoptions/{id}/comparison"))).await
    }
}

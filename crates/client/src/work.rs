//! Plans and their items, the managed lists, working groups with their rosters, and the
//! assignment matrix.

use crate::{Api, Call, Result, Tagged, Transport};
use chrono::NaiveDate;
use danvan_domain::{
    area::Layout,
    assignment::{Assignment, ChangeAssignment, Coverage, CreateAssignment, EndAssignment},
    catalog::{CatalogEntry, CreateCatalogEntry, UpdateCatalogEntry},
    page::Page,
    plan::{CreatePlan, CreatePlanItem, Plan, PlanItem, UpdatePlan, UpdatePlanItem},
    working_group::{AddMember, CreateWorkingGroup, Membership, UpdateMembership, UpdateWorkingGroup, WorkingGroup},
};
use uuid::Uuid;

fn date_query(as_of: Option<NaiveDate>) -> [(&'static str, String); 1] {
    [("as_of", as_of.map(|date| date.to_string()).unwrap_or_default())]
}

impl<T: Transport> Api<T> {
    // --- plans ---

    /// `query`: limit, cursor.
    pub async fn list_plans(&self, query: &[(&str, &str)]) -> Result<Page<Plan>> {
        self.json(Call::get("/api/v1/plans").query(query)).await
    }

    /// Every plan, newest first.
    pub async fn all_plans(&self) -> Result<Vec<Plan>> {
        self.every("/api/v1/plans", &[]).await
    }

    pub async fn create_plan(&self, body: &CreatePlan, idempotency_key: Option<&str>) -> Result<Plan> {
        self.json(Call::create("/api/v1/plans", body, idempotency_key)).await
    }

    pub async fn get_plan(&self, id: Uuid) -> Result<Tagged<Plan>> {
        self.tagged(Call::get(format!("/api/v1/plans/{id}"))).await
    }

    pub async fn update_plan(&self, id: Uuid, etag: &str, body: &UpdatePlan) -> Result<Plan> {
        self.json(Call::patch(format!("/api/v1/plans/{id}"), etag, body)).await
    }

    // --- plan items ---

    /// The plan's items in tree order.
    pub async fn list_plan_items(&self, plan: Uuid) -> Result<Vec<PlanItem>> {
        self.json(Call::get(format!("/api/v1/plans/{plan}/items"))).await
    }

    pub async fn create_plan_item(
        &self,
        plan: Uuid,
        body: &CreatePlanItem,
        idempotency_key: Option<&str>,
    ) -> Result<PlanItem> {
        self.json(Call::create(format!("/api/v1/plans/{plan}/items"), body, idempotency_key)).await
    }

    pub async fn get_plan_item(&self, id: Uuid) -> Result<Tagged<PlanItem>> {
        self.tagged(Call::get(format!("/api/v1/plan-items/{id}"))).await
    }

    pub async fn update_plan_item(&self, id: Uuid, etag: &str, body: &UpdatePlanItem) -> Result<PlanItem> {
        self.json(Call::patch(format!("/api/v1/plan-items/{id}"), etag, body)).await
    }

    pub async fn delete_plan_item(&self, id: Uuid, etag: &str) -> Result<()> {
        self.empty(Call::delete(format!("/api/v1/plan-items/{id}"), etag)).await
    }

    // --- managed lists ---

    /// `active`: only live (`true`) or only retired (`false`) entries; all when absent.
    pub async fn list_target_groups(&self, active: Option<bool>) -> Result<Vec<CatalogEntry>> {
        self.catalog_list("/api/v1/target-groups", active).await
    }

    pub async fn create_target_group(
        &self,
        body: &CreateCatalogEntry,
        idempotency_key: Option<&str>,
    ) -> Result<CatalogEntry> {
        self.json(Call::create("/api/v1/target-groups", body, idempotency_key)).await
    }

    /// `etag`: [`crate::etag_of`] the entry's version.
    pub async fn update_target_group(&self, id: Uuid, etag: &str, body: &UpdateCatalogEntry) -> Result<CatalogEntry> {
        self.json(Call::patch(format!("/api/v1/target-groups/{id}"), etag, body)).await
    }

    /// `active`: only live (`true`) or only retired (`false`) entries; all when absent.
    pub async fn list_fields(&self, active: Option<bool>) -> Result<Vec<CatalogEntry>> {
        self.catalog_list("/api/v1/fields", active).await
    }

    pub async fn create_field(&self, body: &CreateCatalogEntry, idempotency_key: Option<&str>) -> Result<CatalogEntry> {
        self.json(Call::create("/api/v1/fields", body, idempotency_key)).await
    }

    /// `etag`: [`crate::etag_of`] the entry's version.
    pub async fn update_field(&self, id: Uuid, etag: &str, body: &UpdateCatalogEntry) -> Result<CatalogEntry> {
        self.json(Call::patch(format!("/api/v1/fields/{id}"), etag, body)).await
    }

    async fn catalog_list(&self, path: &str, active: Option<bool>) -> Result<Vec<CatalogEntry>> {
        let active = active.map(|active| active.to_string()).unwrap_or_default();
        self.json(Call::get(path).query(&[("active", active)])).await
    }

    // --- working groups ---

    pub async fn list_working_groups(&self, query: &[(&str, &str)]) -> Result<Page<WorkingGroup>> {
        self.json(Call::get("/api/v1/working-groups").query(query)).await
    }

    pub async fn all_working_groups(&self) -> Result<Vec<WorkingGroup>> {
        self.every("/api/v1/working-groups", &[]).await
    }

    pub async fn create_working_group(
        &self,
        body: &CreateWorkingGroup,
        idempotency_key: Option<&str>,
    ) -> Result<WorkingGroup> {
        self.json(Call::create("/api/v1/working-groups", body, idempotency_key)).await
    }

    pub async fn get_working_group(&self, id: Uuid) -> Result<Tagged<WorkingGroup>> {
        self.tagged(Call::get(format!("/api/v1/working-groups/{id}"))).await
    }

    pub async fn update_working_group(&self, id: Uuid, etag: &str, body: &UpdateWorkingGroup) -> Result<WorkingGroup> {
        self.json(Call::patch(format!("/api/v1/working-groups/{id}"), etag, body)).await
    }

    /// `query`: as_of (YYYY-MM-DD, default today), all (`true` for the whole roster history).
    pub async fn list_members(&self, group: Uuid, query: &[(&str, &str)]) -> Result<Vec<Membership>> {
        self.json(Call::get(format!("/api/v1/working-groups/{group}/members")).query(query)).await
    }

    pub async fn add_member(&self, group: Uuid, body: &AddMember, idempotency_key: Option<&str>) -> Result<Membership> {
        self.json(Call::create(format!("/api/v1/working-groups/{group}/members"), body, idempotency_key)).await
    }

    /// `etag`: [`crate::etag_of`] the membership's version.
    pub async fn update_membership(&self, id: Uuid, etag: &str, body: &UpdateMembership) -> Result<Membership> {
        self.json(Call::patch(format!("/api/v1/memberships/{id}"), etag, body)).await
    }

    // --- assignments ---

    /// The group's assignments in force on `as_of` (default today).
    pub async fn list_assignments(&self, group: Uuid, as_of: Option<NaiveDate>) -> Result<Vec<Assignment>> {
        let path = format!("/api/v1/working-groups/{group}/assignments");
        self.json(Call::get(path).query(&date_query(as_of))).await
    }

    pub async fn create_assignment(
        &self,
        group: Uuid,
        body: &CreateAssignment,
        idempotency_key: Option<&str>,
    ) -> Result<Assignment> {
        self.json(Call::create(format!("/api/v1/working-groups/{group}/assignments"), body, idempotency_key)).await
    }

    pub async fn get_assignment(&self, id: Uuid) -> Result<Tagged<Assignment>> {
        self.tagged(Call::get(format!("/api/v1/assignments/{id}"))).await
    }

    /// Answers the successor row.
    pub async fn change_assignment(&self, id: Uuid, etag: &str, body: &ChangeAssignment) -> Result<Assignment> {
        self.json(Call::patch(format!("/api/v1/assignments/{id}"), etag, body)).await
    }

    pub async fn end_assignment(&self, id: Uuid, etag: &str, body: &EndAssignment) -> Result<Assignment> {
        self.json(Call::post(format!("/api/v1/assignments/{id}/end")).if_match(etag).json(body)).await
    }

    /// The row's whole history, oldest first.
    pub async fn assignment_history(&self, id: Uuid) -> Result<Vec<Assignment>> {
        self.json(Call::get(format!("/api/v1/assignments/{id}/history"))).await
    }

    /// Gaps and overlaps of the group's matrix on `as_of` (default today) in `layout` (default 2021).
    pub async fn coverage(&self, group: Uuid, as_of: Option<NaiveDate>, layout: Option<Layout>) -> Result<Coverage> {
        let [as_of] = date_query(as_of);
        let layout = ("layout", layout.map(|layout| layout.as_str().to_owned()).unwrap_or_default());
        let path = format!("/api/v1/working-groups/{group}/coverage");
        self.json(Call::get(path).query(&[as_of, layout])).await
    }
}

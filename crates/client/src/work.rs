//! Plans and their items, the managed lists, working groups with their rosters, and the
//! assignment matrix.

use crate::{Client, Result, Tagged};
use chrono::NaiveDate;
use danvan_domain::{
    area::Layout,
    assignment::{Assignment, ChangeAssignment, Coverage, CreateAssignment, EndAssignment},
    catalog::{CatalogEntry, CreateCatalogEntry, UpdateCatalogEntry},
    page::Page,
    plan::{CreatePlan, CreatePlanItem, Plan, PlanItem, UpdatePlan, UpdatePlanItem},
    working_group::{AddMember, CreateWorkingGroup, Membership, UpdateMembership, UpdateWorkingGroup, WorkingGroup},
};
use reqwest::Method;
use uuid::Uuid;

fn date_query(as_of: Option<NaiveDate>) -> Vec<(&'static str, String)> {
    as_of.map(|date| ("as_of", date.to_string())).into_iter().collect()
}

impl Client {
    /// The `If-Match` value of a record read at `version`, for records that come from a
    /// list (lists carry no ETag header).
    pub fn etag_of(version: i64) -> String {
        format!("\"{version}\"")
    }

    // --- plans ---

    /// `query`: limit, cursor.
    pub async fn list_plans(&self, query: &[(&str, &str)]) -> Result<Page<Plan>> {
        self.json(self.get("/api/v1/plans", query)).await
    }

    pub async fn create_plan(&self, body: &CreatePlan, idempotency_key: Option<&str>) -> Result<Plan> {
        self.json(self.create("/api/v1/plans", body, idempotency_key)).await
    }

    pub async fn get_plan(&self, id: Uuid) -> Result<Tagged<Plan>> {
        self.tagged(self.get(&format!("/api/v1/plans/{id}"), &[])).await
    }

    pub async fn update_plan(&self, id: Uuid, etag: &str, body: &UpdatePlan) -> Result<Plan> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/plans/{id}"), etag, Some(body))).await
    }

    // --- plan items ---

    /// The plan's items in tree order.
    pub async fn list_plan_items(&self, plan: Uuid) -> Result<Vec<PlanItem>> {
        self.json(self.get(&format!("/api/v1/plans/{plan}/items"), &[])).await
    }

    pub async fn create_plan_item(
        &self,
        plan: Uuid,
        body: &CreatePlanItem,
        idempotency_key: Option<&str>,
    ) -> Result<PlanItem> {
        self.json(self.create(&format!("/api/v1/plans/{plan}/items"), body, idempotency_key)).await
    }

    pub async fn get_plan_item(&self, id: Uuid) -> Result<Tagged<PlanItem>> {
        self.tagged(self.get(&format!("/api/v1/plan-items/{id}"), &[])).await
    }

    pub async fn update_plan_item(&self, id: Uuid, etag: &str, body: &UpdatePlanItem) -> Result<PlanItem> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/plan-items/{id}"), etag, Some(body))).await
    }

    pub async fn delete_plan_item(&self, id: Uuid, etag: &str) -> Result<()> {
        self.empty(self.change::<()>(Method::DELETE, &format!("/api/v1/plan-items/{id}"), etag, None)).await
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
        self.json(self.create("/api/v1/target-groups", body, idempotency_key)).await
    }

    /// `etag`: [`Client::etag_of`] the entry's version.
    pub async fn update_target_group(&self, id: Uuid, etag: &str, body: &UpdateCatalogEntry) -> Result<CatalogEntry> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/target-groups/{id}"), etag, Some(body))).await
    }

    /// `active`: only live (`true`) or only retired (`false`) entries; all when absent.
    pub async fn list_fields(&self, active: Option<bool>) -> Result<Vec<CatalogEntry>> {
        self.catalog_list("/api/v1/fields", active).await
    }

    pub async fn create_field(&self, body: &CreateCatalogEntry, idempotency_key: Option<&str>) -> Result<CatalogEntry> {
        self.json(self.create("/api/v1/fields", body, idempotency_key)).await
    }

    /// `etag`: [`Client::etag_of`] the entry's version.
    pub async fn update_field(&self, id: Uuid, etag: &str, body: &UpdateCatalogEntry) -> Result<CatalogEntry> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/fields/{id}"), etag, Some(body))).await
    }

    async fn catalog_list(&self, path: &str, active: Option<bool>) -> Result<Vec<CatalogEntry>> {
        let query: Vec<(&str, String)> = active.map(|active| ("active", active.to_string())).into_iter().collect();
        self.json(self.request(Method::GET, path).query(&query)).await
    }

    // --- working groups ---

    pub async fn list_working_groups(&self, query: &[(&str, &str)]) -> Result<Page<WorkingGroup>> {
        self.json(self.get("/api/v1/working-groups", query)).await
    }

    pub async fn create_working_group(
        &self,
        body: &CreateWorkingGroup,
        idempotency_key: Option<&str>,
    ) -> Result<WorkingGroup> {
        self.json(self.create("/api/v1/working-groups", body, idempotency_key)).await
    }

    pub async fn get_working_group(&self, id: Uuid) -> Result<Tagged<WorkingGroup>> {
        self.tagged(self.get(&format!("/api/v1/working-groups/{id}"), &[])).await
    }

    pub async fn update_working_group(&self, id: Uuid, etag: &str, body: &UpdateWorkingGroup) -> Result<WorkingGroup> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/working-groups/{id}"), etag, Some(body))).await
    }

    /// `query`: as_of (YYYY-MM-DD, default today), all (`true` for the whole roster history).
    pub async fn list_members(&self, group: Uuid, query: &[(&str, &str)]) -> Result<Vec<Membership>> {
        self.json(self.get(&format!("/api/v1/working-groups/{group}/members"), query)).await
    }

    pub async fn add_member(&self, group: Uuid, body: &AddMember, idempotency_key: Option<&str>) -> Result<Membership> {
        self.json(self.create(&format!("/api/v1/working-groups/{group}/members"), body, idempotency_key)).await
    }

    /// `etag`: [`Client::etag_of`] the membership's version.
    pub async fn update_membership(&self, id: Uuid, etag: &str, body: &UpdateMembership) -> Result<Membership> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/memberships/{id}"), etag, Some(body))).await
    }

    // --- assignments ---

    /// The group's assignments in force on `as_of` (default today).
    pub async fn list_assignments(&self, group: Uuid, as_of: Option<NaiveDate>) -> Result<Vec<Assignment>> {
        let path = format!("/api/v1/working-groups/{group}/assignments");
        self.json(self.request(Method::GET, &path).query(&date_query(as_of))).await
    }

    pub async fn create_assignment(
        &self,
        group: Uuid,
        body: &CreateAssignment,
        idempotency_key: Option<&str>,
    ) -> Result<Assignment> {
        self.json(self.create(&format!("/api/v1/working-groups/{group}/assignments"), body, idempotency_key)).await
    }

    pub async fn get_assignment(&self, id: Uuid) -> Result<Tagged<Assignment>> {
        self.tagged(self.get(&format!("/api/v1/assignments/{id}"), &[])).await
    }

    /// Answers the successor row.
    pub async fn change_assignment(&self, id: Uuid, etag: &str, body: &ChangeAssignment) -> Result<Assignment> {
        self.json(self.change(Method::PATCH, &format!("/api/v1/assignments/{id}"), etag, Some(body))).await
    }

    pub async fn end_assignment(&self, id: Uuid, etag: &str, body: &EndAssignment) -> Result<Assignment> {
        self.json(self.change(Method::POST, &format!("/api/v1/assignments/{id}/end"), etag, Some(body))).await
    }

    /// The row's whole history, oldest first.
    pub async fn assignment_history(&self, id: Uuid) -> Result<Vec<Assignment>> {
        self.json(self.get(&format!("/api/v1/assignments/{id}/history"), &[])).await
    }

    /// Gaps and overlaps of the group's matrix on `as_of` (default today) in `layout` (default 2021).
    pub async fn coverage(&self, group: Uuid, as_of: Option<NaiveDate>, layout: Option<Layout>) -> Result<Coverage> {
        let mut query = date_query(as_of);
        if let Some(layout) = layout {
            query.push(("layout", layout.as_str().to_owned()));
        }
        let path = format!("/api/v1/working-groups/{group}/coverage");
        self.json(self.request(Method::GET, &path).query(&query)).await
    }
}

//! Reports: templates, obligations (one's own and a period's), the timeliness table,
//! submissions and their moves, and the consolidated report with its revisions, sign-off
//! and document. Changes carry the `ETag` last read.

use crate::{Api, Call, Download, Result, Tagged, Transport};
use danvan_domain::{
    page::Page,
    report::{
        ConsolidatedReport, ConsolidatedRevision, CreateConsolidatedReport, CreateReportSubmission,
        CreateReportTemplate, Obligation, ReportSubmission, ReportTemplate, SubmissionTransition, TimelinessTable,
        UpdateConsolidatedReport, UpdateReportSubmission, UpdateReportTemplate,
    },
};
use uuid::Uuid;

const TEMPLATES: &str = "/api/v1/report-templates";
const SUBMISSIONS: &str = "/api/v1/report-submissions";
const CONSOLIDATED: &str = "/api/v1/consolidated-reports";

/// The problem code of an edit of a submitted, approved or signed-off report.
pub const LOCKED: &str = "locked";

impl<T: Transport> Api<T> {
    /// By name. `query`: archived, limit, cursor.
    pub async fn list_report_templates(&self, query: &[(&str, &str)]) -> Result<Page<ReportTemplate>> {
        self.json(Call::get(TEMPLATES).query(query)).await
    }

    pub async fn create_report_template(
        &self,
        body: &CreateReportTemplate,
        idempotency_key: Option<&str>,
    ) -> Result<ReportTemplate> {
        self.json(Call::create(TEMPLATES, body, idempotency_key)).await
    }

    pub async fn get_report_template(&self, id: Uuid) -> Result<Tagged<ReportTemplate>> {
        self.tagged(Call::get(format!("{TEMPLATES}/{id}"))).await
    }

    pub async fn update_report_template(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateReportTemplate,
    ) -> Result<ReportTemplate> {
        self.json(Call::patch(format!("{TEMPLATES}/{id}"), etag, body)).await
    }

    /// What the caller owes now, across templates.
    pub async fn list_my_report_obligations(&self) -> Result<Vec<Obligation>> {
        self.json(Call::get("/api/v1/me/report-obligations")).await
    }

    /// `query`: period (the last ended when absent), reporter_id.
    pub async fn list_report_obligations(&self, template: Uuid, query: &[(&str, &str)]) -> Result<Vec<Obligation>> {
        self.json(Call::get(format!("{TEMPLATES}/{template}/obligations")).query(query)).await
    }

    /// `query`: until, periods.
    pub async fn report_timeliness(&self, template: Uuid, query: &[(&str, &str)]) -> Result<TimelinessTable> {
        self.json(Call::get(format!("{TEMPLATES}/{template}/timeliness")).query(query)).await
    }

    /// Newest change first. `query`: status, reporter_id, template_id, period, limit, cursor.
    pub async fn list_report_submissions(&self, query: &[(&str, &str)]) -> Result<Page<ReportSubmission>> {
        self.json(Call::get(SUBMISSIONS).query(query)).await
    }

    pub async fn create_report_submission(
        &self,
        body: &CreateReportSubmission,
        idempotency_key: Option<&str>,
    ) -> Result<ReportSubmission> {
        self.json(Call::create(SUBMISSIONS, body, idempotency_key)).await
    }

    pub async fn get_report_submission(&self, id: Uuid) -> Result<Tagged<ReportSubmission>> {
        self.tagged(Call::get(format!("{SUBMISSIONS}/{id}"))).await
    }

    pub async fn update_report_submission(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateReportSubmission,
    ) -> Result<Tagged<ReportSubmission>> {
        self.tagged(Call::patch(format!("{SUBMISSIONS}/{id}"), etag, body)).await
    }

    pub async fn transition_report_submission(
        &self,
        id: Uuid,
        etag: &str,
        body: &SubmissionTransition,
    ) -> Result<Tagged<ReportSubmission>> {
        self.tagged(Call::post(format!("{SUBMISSIONS}/{id}/transitions")).if_match(etag).json(body)).await
    }

    /// Newest change first. `query`: template_id, limit, cursor.
    pub async fn list_consolidated_reports(&self, query: &[(&str, &str)]) -> Result<Page<ConsolidatedReport>> {
        self.json(Call::get(CONSOLIDATED).query(query)).await
    }

    pub async fn create_consolidated_report(
        &self,
        body: &CreateConsolidatedReport,
        idempotency_key: Option<&str>,
    ) -> Result<ConsolidatedReport> {
        self.json(Call::create(CONSOLIDATED, body, idempotency_key)).await
    }

    pub async fn get_consolidated_report(&self, id: Uuid) -> Result<Tagged<ConsolidatedReport>> {
        self.tagged(Call::get(format!("{CONSOLIDATED}/{id}"))).await
    }

    pub async fn update_consolidated_report(
        &self,
        id: Uuid,
        etag: &str,
        body: &UpdateConsolidatedReport,
    ) -> Result<Tagged<ConsolidatedReport>> {
        self.tagged(Call::patch(format!("{CONSOLIDATED}/{id}"), etag, body)).await
    }

    pub async fn list_consolidated_revisions(&self, id: Uuid) -> Result<Vec<ConsolidatedRevision>> {
        self.json(Call::get(format!("{CONSOLIDATED}/{id}/revisions"))).await
    }

    pub async fn sign_off_consolidated_report(&self, id: Uuid, etag: &str) -> Result<Tagged<ConsolidatedReport>> {
        self.tagged(Call::post(format!("{CONSOLIDATED}/{id}/sign-off")).if_match(etag)).await
    }

    /// The report as a Party document: `format` is `pdf` or `docx`.
    pub async fn consolidated_report_document(&self, id: Uuid, format: &str) -> Result<Download> {
        self.download(&format!("{CONSOLIDATED}/{id}/document"), &[("format", format)]).await
    }
}

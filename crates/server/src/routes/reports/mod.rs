//! Reports: templates, the obligations of a period and one's own, the timeliness table,
//! submissions and their review, and the consolidated report with its revisions,
//! sign-off and DOCX/PDF document. Fixed paths are mounted before `/{id}`.

mod consolidated;
mod document;
mod obligations;
mod submissions;
mod templates;

use utoipa_actix_web::service_config::ServiceConfig;

/// Mounts this module's endpoints.
pub fn mount(config: &mut ServiceConfig) {
    config
        .service(templates::list_report_templates)
        .service(templates::create_report_template)
        .service(templates::get_report_template)
        .service(templates::update_report_template)
        .service(obligations::list_my_report_obligations)
        .service(obligations::list_report_obligations)
        .service(obligations::report_timeliness)
        .service(submissions::list_report_submissions)
        .service(submissions::create_report_submission)
        .service(submissions::get_report_submission)
        .service(submissions::update_report_submission)
        .service(submissions::transition_report_submission)
        .service(consolidated::list_consolidated_reports)
        .service(consolidated::create_consolidated_report)
        .service(consolidated::get_consolidated_report)
        .service(consolidated::update_consolidated_report)
        .service(consolidated::list_consolidated_revisions)
        .service(consolidated::sign_off_consolidated_report)
        .service(document::consolidated_report_document);
}

//! Reports: templates and their content versions, the obligations derived from the
//! assignment matrix, submissions and their review, reminders, and the consolidated report
//! for the leadership (docs/reports.md).

mod consolidated;
mod obligations;
mod reminders;
mod rows;
mod submissions;
mod templates;

pub use consolidated::{
    create_consolidated, get_consolidated, list_consolidated, list_revisions, sign_off_consolidated,
    update_consolidated,
};
pub use obligations::{list_my_obligations, list_obligations, timeliness_table, TIMELINESS_PERIODS_MAX};
pub(crate) use reminders::missing_reminders;
pub use reminders::REMIND_DAYS_BEFORE;
pub use submissions::{
    backdate_moves, create_submission, explain_submissions, get_submission, list_submissions, transition_submission,
    update_submission, SubmissionFilter,
};
pub use templates::{create_template, get_template, list_templates, update_template};

use crate::{attachments::OwnerReach, lookup, schema::report_templates, scope::Viewer, DbConnection, StoreError};
use danvan_domain::report::{is_editable, SubmissionStatus};
use diesel::prelude::*;
use std::collections::HashMap;
use uuid::Uuid;

/// Names of report templates, for notifications.
pub(crate) fn template_names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
    Ok(lookup(
        report_templates::table
            .filter(report_templates::id.eq_any(ids))
            .select((report_templates::id, report_templates::name))
            .load(conn)?,
    ))
}

/// How the viewer stands to a submission files attach to: whoever sees it sees its files;
/// its reporter attaches while it is a draft or sent back.
pub fn attachment_owner(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<Option<OwnerReach>, StoreError> {
    match submissions::find_submission(conn, viewer, id) {
        Ok(row) => {
            let editable = SubmissionStatus::parse(&row.status).is_some_and(is_editable);
            let may_attach = editable && row.reporter_id == viewer.user_id.to_string();
            Ok(Some(OwnerReach { sees: true, may_attach }))
        }
        Err(StoreError::NotFound) => Ok(None),
        Err(error) => Err(error),
    }
}

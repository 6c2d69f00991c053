//! Community COVID teams: the registry, rosters, activity logs, managed lists, indicator
//! values and scorecard, and the model pipeline. Every read goes through the scope rule
//! of `visible.rs`; every write is audited in its transaction.

mod activities;
mod adoptions;
mod evaluations;
mod models;
mod roster;
mod rows;
pub mod scorecard;
mod synthetic;
mod teams;
mod visible;
mod vocabulary;

pub use activities::{create_activity, list_activities, update_activity};
pub use adoptions::{adoption_comparison, list_adoptions, record_adoption};
pub use evaluations::{evaluate_model, list_evaluations, update_evaluation};
pub use models::{
    get_model, list_models, model_names, model_timeline, nominate, transition_model, update_model, ModelFilter,
};
pub use roster::{create_member, list_members, reveal_phone, update_member};
pub use scorecard::{list_values, record_values, ScorecardFilter};
pub use synthetic::{load_synthetic, SyntheticTeams};
pub use teams::{create, explain_list, export, get, list, map, update, TeamFilter};
pub use vocabulary::{
    create_team_indicator, create_team_kind, ensure_loaded, list_team_indicators, list_team_kinds,
    update_team_indicator, update_team_kind,
};

use crate::{attachments::OwnerReach, scope::Viewer, DbConnection, StoreError};
use danvan_domain::{attachment::AttachmentOwnerKind, policy};
use uuid::Uuid;

/// How the viewer stands to a record of this module that files attach to; `None` when
/// there is no such record or the viewer does not see it. Those who manage teams attach
/// to teams, activities and evaluations; a model's nominator attaches evidence to it.
pub fn attachment_owner(
    conn: &mut DbConnection,
    viewer: &Viewer,
    kind: AttachmentOwnerKind,
    id: Uuid,
) -> Result<Option<OwnerReach>, StoreError> {
    let manages = policy::manages_community_teams(viewer.role);
    let found = match kind {
        AttachmentOwnerKind::Team => teams::find(conn, viewer, id).map(|_| manages),
        AttachmentOwnerKind::TeamActivity => activities::find_activity(conn, viewer, id).map(|_| manages),
        AttachmentOwnerKind::ModelEvaluation => evaluations::find_evaluation(conn, viewer, id)
            .map(|row| manages && row.evaluator_id == viewer.user_id.to_string()),
        AttachmentOwnerKind::TeamModel => {
            models::find_model(conn, viewer, id).map(|row| models::may_attach_to_model(viewer, &row))
        }
        AttachmentOwnerKind::ReportSubmission => return crate::reports::attachment_owner(conn, viewer, id),
    };
    match found {
        Ok(may_attach) => Ok(Some(OwnerReach { sees: true, may_attach })),
        Err(StoreError::NotFound) => Ok(None),
        Err(error) => Err(error),
    }
}

//! The owner dispatch: which module answers for each kind of record files attach to. A
//! module that lets files be attached to its records adds its kinds to
//! `AttachmentOwnerKind` and one arm here, calling its own `attachment_owner`.

use super::OwnerReach;
use crate::{scope::Viewer, DbConnection, StoreError};
use danvan_domain::attachment::AttachmentOwnerKind;
use uuid::Uuid;

/// How the viewer stands to the owner; not found when there is no such record or the
/// viewer does not see it, so that a file's existence says nothing about hidden records.
pub fn reach(
    conn: &mut DbConnection,
    viewer: &Viewer,
    kind: AttachmentOwnerKind,
    owner_id: Uuid,
) -> Result<OwnerReach, StoreError> {
    let reach = match kind {
        AttachmentOwnerKind::Team
        | AttachmentOwnerKind::TeamActivity
        | AttachmentOwnerKind::ModelEvaluation
        | AttachmentOwnerKind::TeamModel => crate::community_teams::attachment_owner(conn, viewer, kind, owner_id)?,
        AttachmentOwnerKind::ReportSubmission => crate::reports::attachment_owner(conn, viewer, owner_id)?,
    };
    reach.filter(|reach| reach.sees).ok_or(StoreError::NotFound)
}

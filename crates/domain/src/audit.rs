//! The audit log: one append-only row per mutation, written in the mutation's transaction.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One audited change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// Who made the change; absent for the system itself.
    pub actor_id: Option<Uuid>,
    /// The actor's username at the time.
    pub actor_username: Option<String>,
    /// What was done, e.g. `create`, `update`, `delete`, `login`, `reset_password`.
    pub action: String,
    /// The kind of thing changed, e.g. `user`, `org_unit`, `area_group`.
    pub entity: String,
    pub entity_id: Option<String>,
    /// The entity before the change (secrets left out).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    /// The entity after the change (secrets left out).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
    /// The `X-Request-Id` of the request that made the change.
    pub request_id: Option<String>,
}

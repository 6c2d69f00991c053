//! References that carry a display name, so a client can show who or what without a
//! second request (and without the right to list users).

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An id with the name to show for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NamedRef {
    pub id: Uuid,
    pub name: String,
}

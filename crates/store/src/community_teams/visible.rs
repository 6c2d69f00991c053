//! Who sees which team: the one place the module's scope rule lives. A viewer whose scope
//! covers every area sees every team; anyone else the teams of their scope's provinces.
//! Rosters, logs, values, models and adoptions are seen with the team they belong to.

use crate::{lookup, scope::Viewer, DbConnection, StoreError};
use danvan_domain::policy;
use std::collections::HashMap;
use uuid::Uuid;

/// The provinces whose teams the viewer sees; `None` for every province.
pub(crate) fn visible_provinces(viewer: &Viewer) -> Option<Vec<String>> {
    (!policy::sees_all_teams(viewer.scope.all_areas))
        .then(|| viewer.scope.province_ids.iter().map(Uuid::to_string).collect())
}

/// Whether the viewer sees what lies in `province_id`.
pub(crate) fn sees_province(viewer: &Viewer, province_id: &str) -> bool {
    policy::sees_all_teams(viewer.scope.all_areas)
        || viewer.scope.province_ids.iter().any(|province| province.to_string() == province_id)
}

/// Names of areas.
pub(super) fn area_names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
    use crate::schema::areas;
    use diesel::prelude::*;
    Ok(lookup(areas::table.filter(areas::id.eq_any(ids)).select((areas::id, areas::name)).load(conn)?))
}

/// Names of teams.
pub(super) fn team_names(conn: &mut DbConnection, ids: &[String]) -> Result<HashMap<String, String>, StoreError> {
    use crate::schema::community_teams;
    use diesel::prelude::*;
    Ok(lookup(
        community_teams::table
            .filter(community_teams::id.eq_any(ids))
            .select((community_teams::id, community_teams::name))
            .load(conn)?,
    ))
}

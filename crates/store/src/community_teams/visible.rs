//! Who sees which team: the one place the module's scope rule lives. A viewer whose scope
//! covers every area sees every team; anyone else the teams of their scope's provinces.
//! Rosters, logs, values, models and adoptions are seen with the team they belong to.

use crate::{scope::Viewer, DbConnection, StoreError};
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

/// Names by id, from `(id, name)` rows.
pub(super) fn lookup(rows: Vec<(String, String)>) -> HashMap<String, String> {
    rows.into_iter().collect()
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

/// An id with its name from `names`.
pub(super) fn named(id: &str, names: &HashMap<String, String>) -> Result<danvan_domain::named::NamedRef, StoreError> {
    Ok(danvan_domain::named::NamedRef { id: crate::parse_id(id)?, name: names.get(id).cloned().unwrap_or_default() })
}

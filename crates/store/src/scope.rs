//! What part of the data a user may see. The permission table says whether a role may
//! act at all; the scope says on which rows, and every query that lists data applies it
//! through the predicates of `danvan_domain::policy` (the one place the rules live).
//! [`Viewer`] is who is looking: the caller's id, role, org unit and resolved scope.

use crate::{areas, org_units, parse_id, DbConnection, StoreError};
use danvan_domain::{
    auth::ScopeSummary,
    policy::{self, Reach},
    role::Role,
    user::User,
};
use uuid::Uuid;

/// The resolved scope of one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Sees every area.
    pub all_areas: bool,
    /// Otherwise, the provinces (of either layout) they see.
    pub province_ids: Vec<Uuid>,
    /// Org units whose people they see; `None` for all.
    pub org_units: Option<Vec<Uuid>>,
}

impl Scope {
    pub fn summary(&self) -> ScopeSummary {
        ScopeSummary { all_areas: self.all_areas, province_ids: self.province_ids.clone() }
    }
}

/// Who is looking at records: what they may see and how they stand to each record.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub user_id: Uuid,
    pub role: Role,
    pub org_unit_id: Option<Uuid>,
    pub scope: Scope,
}

impl Viewer {
    pub fn new(user: &User, scope: &Scope) -> Viewer {
        Viewer { user_id: user.id, role: user.role, org_unit_id: user.org_unit_id, scope: scope.clone() }
    }

    /// How far the viewer's reading of area-bound work goes.
    pub fn reach(&self) -> Reach {
        policy::work_reach(self.role, self.scope.all_areas)
    }

    /// The org units whose work counts as the viewer's own: their own unit, and for a
    /// unit officer every unit of their scope.
    pub fn own_units(&self) -> Vec<Uuid> {
        let mut units: Vec<Uuid> = self.org_unit_id.into_iter().collect();
        if policy::reaches_unit_scope(self.role) {
            units.extend(self.scope.org_units.iter().flatten().copied());
        }
        units.sort();
        units.dedup();
        units
    }
}

pub fn resolve(conn: &mut DbConnection, user: &User) -> Result<Scope, StoreError> {
    let org_units = match user.role {
        Role::UnitOfficer | Role::RegionalOffice => Some(match user.org_unit_id {
            Some(unit) => org_units::subtree(conn, unit)?,
            None => Vec::new(),
        }),
        _ => None,
    };
    let has_area_scope = !user.scope_area_ids.is_empty() || !user.scope_area_group_ids.is_empty();
    // A regional office without a configured area sees no area rather than every area.
    if policy::is_national(user.role) || (!has_area_scope && user.role != Role::RegionalOffice) {
        return Ok(Scope { all_areas: true, province_ids: Vec::new(), org_units });
    }
    let area_ids: Vec<String> = user.scope_area_ids.iter().map(Uuid::to_string).collect();
    let group_ids: Vec<String> = user.scope_area_group_ids.iter().map(Uuid::to_string).collect();
    let mut provinces = areas::provinces_of(conn, &area_ids)?;
    provinces.extend(areas::provinces_of_groups(conn, &group_ids)?);
    provinces.sort();
    provinces.dedup();
    Ok(Scope {
        all_areas: false,
        province_ids: provinces.iter().map(|id| parse_id(id)).collect::<Result<_, _>>()?,
        org_units,
    })
}

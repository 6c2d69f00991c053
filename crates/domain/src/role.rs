//! Roles of DOMAIN.md. A role says what kind of work a user does; their scope
//! (areas, area groups, org unit) says where.

use serde::{Deserialize, Serialize};

/// What a user does in the system; see the permission table for what each may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the system: users, org units, reference data.
    Admin,
    /// Commission leadership: sees everything, signs off consolidated reports.
    Leader,
    /// Head of the working group: assigns members' work.
    GroupHead,
    /// Staff of the working group's standing unit: consolidates reports.
    StandingUnit,
    /// Working-group member: their own assignments, tasks and reports.
    Member,
    /// Office staff: community teams, aid logistics.
    Office,
    /// Staff of a regional standing office (T78, T26): their area group only.
    RegionalOffice,
    /// Officer of a department, the Trade Union or the Veterans' Association: their unit.
    UnitOfficer,
    /// Reads, never writes.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 9] = [
        Role::Admin,
        Role::Leader,
        Role::GroupHead,
        Role::StandingUnit,
        Role::Member,
        Role::Office,
        Role::RegionalOffice,
        Role::UnitOfficer,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Leader => "leader",
            Role::GroupHead => "group_head",
            Role::StandingUnit => "standing_unit",
            Role::Member => "member",
            Role::Office => "office",
            Role::RegionalOffice => "regional_office",
            Role::UnitOfficer => "unit_officer",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|role| role.as_str() == value)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_name() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
            let json = serde_json::to_string(&role).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", role.as_str()));
        }
        assert_eq!(Role::parse("root"), None);
    }
}

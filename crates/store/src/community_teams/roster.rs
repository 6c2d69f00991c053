//! A team's roster. Contact phones are personal data: sealed at rest with the personal
//! data keyring, shown masked to the roles that may contact members, in full only through
//! an audited reveal with a reason.

use super::rows::{parse, MemberRow};
use super::teams::find;
use crate::limit::LimitInText;
use crate::{
    audit, new_id, now, personal::Keyring, schema::team_members, scope::Viewer, utc, Actor, DbConnection, OptionalRow,
    StoreError,
};
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    community_team::{Affiliation, CreateTeamMember, MemberRole, RevealedPhone, TeamMember, UpdateTeamMember},
    personal::{mask, normalise_phone},
    policy,
};
use diesel::prelude::*;
use uuid::Uuid;

/// What a sealed phone is bound to, so it cannot be moved to another column unnoticed.
const PHONE_PURPOSE: &str = "team_member.phone";

impl MemberRow {
    fn into_domain(self, keyring: &Keyring, viewer: &Viewer) -> Result<TeamMember, StoreError> {
        let phone = match (&self.phone_sealed, policy::may_contact_team_members(viewer.role)) {
            (Some(sealed), true) => Some(mask(&keyring.open(PHONE_PURPOSE, sealed)?)),
            _ => None,
        };
        Ok(TeamMember {
            id: crate::parse_id(&self.id)?,
            team_id: crate::parse_id(&self.team_id)?,
            role: parse(&self.role, MemberRole::parse)?,
            affiliation: parse(&self.affiliation, Affiliation::parse)?,
            name: self.name,
            joined_on: self.joined_on,
            left_on: self.left_on,
            phone,
            version: self.version,
            created_at: utc(self.created_at),
            updated_at: utc(self.updated_at),
        })
    }
}

/// The roster of a team the viewer sees: leaders first, then by joining date.
pub fn list_members(
    conn: &mut DbConnection,
    viewer: &Viewer,
    keyring: &Keyring,
    team_id: Uuid,
) -> Result<Vec<TeamMember>, StoreError> {
    find(conn, viewer, team_id)?;
    let mut rows: Vec<MemberRow> = team_members::table
        .filter(team_members::team_id.eq(team_id.to_string()))
        .select(MemberRow::as_select())
        .order((team_members::joined_on, team_members::id))
        .load(conn)?;
    rows.sort_by_key(|row| MemberRole::parse(&row.role).map(|role| role as u8));
    rows.into_iter().map(|row| row.into_domain(keyring, viewer)).collect()
}

/// The phone sealed for storage with its lookup hash, from what the caller typed.
fn seal_phone(keyring: &Keyring, typed: &str) -> Result<(String, String), StoreError> {
    let national = normalise_phone(typed)
        .ok_or_else(|| StoreError::invalid("phone", "invalid_format", "must be a Vietnamese phone number"))?;
    Ok((keyring.seal(PHONE_PURPOSE, &national)?, keyring.lookup_hash("phone", &national)))
}

pub fn create_member(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    team_id: Uuid,
    request: &CreateTeamMember,
) -> Result<TeamMember, StoreError> {
    find(conn, viewer, team_id)?;
    let (phone_sealed, phone_hash) = match &request.phone {
        Some(phone) => seal_phone(keyring, phone).map(|(sealed, hash)| (Some(sealed), Some(hash)))?,
        None => (None, None),
    };
    let at = now();
    let row = MemberRow {
        id: new_id(),
        team_id: team_id.to_string(),
        name: request.name.trim().to_owned(),
        role: request.role.as_str().to_owned(),
        affiliation: request.affiliation.as_str().to_owned(),
        joined_on: request.joined_on,
        left_on: request.left_on,
        phone_sealed,
        phone_hash,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(team_members::table).values(&row).execute(conn)?;
    let member = row.into_domain(keyring, viewer)?;
    let id = member.id.to_string();
    audit::record(conn, actor, AuditAction::Create, AuditEntity::TeamMember, Some(&id), None::<&()>, Some(&member))?;
    Ok(member)
}

/// The stored member and the team it belongs to, when the viewer sees the team.
fn find_member(conn: &mut DbConnection, viewer: &Viewer, id: Uuid) -> Result<MemberRow, StoreError> {
    let row: MemberRow =
        team_members::table.find(id.to_string()).select(MemberRow::as_select()).first_row(conn).found()?;
    find(conn, viewer, crate::parse_id(&row.team_id)?)?;
    Ok(row)
}

pub fn update_member(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    id: Uuid,
    expected_version: i64,
    request: &UpdateTeamMember,
) -> Result<TeamMember, StoreError> {
    let current = find_member(conn, viewer, id)?;
    crate::expect_version(expected_version, crate::Found::Version(current.version))?;
    let before = current.clone().into_domain(keyring, viewer)?;
    let mut row = current;
    if let Some(name) = &request.name {
        row.name = name.trim().to_owned();
    }
    if let Some(role) = request.role {
        row.role = role.as_str().to_owned();
    }
    if let Some(affiliation) = request.affiliation {
        row.affiliation = affiliation.as_str().to_owned();
    }
    row.joined_on = request.joined_on.unwrap_or(row.joined_on);
    if let Some(left_on) = request.left_on {
        row.left_on = left_on;
    }
    if row.left_on.is_some_and(|left_on| left_on < row.joined_on) {
        return Err(StoreError::invalid("left_on", "before_joined", "must not be before joined_on"));
    }
    if let Some(phone) = &request.phone {
        (row.phone_sealed, row.phone_hash) = match phone {
            Some(phone) => seal_phone(keyring, phone).map(|(sealed, hash)| (Some(sealed), Some(hash)))?,
            None => (None, None),
        };
    }
    row.version += 1;
    row.updated_at = now();
    crate::save_versioned!(conn, team_members, &row, expected_version)?;
    let after = row.into_domain(keyring, viewer)?;
    audit::record(
        conn,
        actor,
        AuditAction::Update,
        AuditEntity::TeamMember,
        Some(&id.to_string()),
        Some(&before),
        Some(&after),
    )?;
    Ok(after)
}

/// A member's phone in full, for a caller whose role may contact members, with the
/// reason audited (never the number).
pub fn reveal_phone(
    conn: &mut DbConnection,
    actor: &Actor,
    viewer: &Viewer,
    keyring: &Keyring,
    id: Uuid,
    reason: &str,
) -> Result<RevealedPhone, StoreError> {
    let row = find_member(conn, viewer, id)?;
    let sealed =
        row.phone_sealed.ok_or_else(|| StoreError::conflict("no_phone", "this member has no phone on record"))?;
    let phone = keyring.open(PHONE_PURPOSE, &sealed)?;
    crate::personal::record_reveal(conn, actor, AuditEntity::TeamMember, &row.id, "phone", reason)?;
    Ok(RevealedPhone { phone })
}

//! Issuing, rotating and revoking refresh tokens, a family at a time.

use super::rows::{hash, TokenRow};
use crate::limit::LimitInText;
use crate::{audit, new_id, now, parse_id, schema::refresh_tokens, Actor, DbConnection, StoreError};
use chrono::Duration;
use danvan_domain::audit::{AuditAction, AuditEntity};
use diesel::prelude::*;
use uuid::Uuid;

/// Stores a new refresh token `token` for `user`, starting a family unless one is given.
pub fn issue(
    conn: &mut DbConnection,
    user: Uuid,
    family: Option<&str>,
    token: &str,
    lifetime: Duration,
) -> Result<(), StoreError> {
    let at = now();
    let row = TokenRow {
        id: new_id(),
        family_id: family.map(str::to_owned).unwrap_or_else(new_id),
        user_id: user.to_string(),
        token_hash: hash(token),
        issued_at: at,
        expires_at: at + lifetime,
        used_at: None,
        revoked_at: None,
    };
    diesel::insert_into(refresh_tokens::table).values(&row).execute(conn)?;
    Ok(())
}

/// What presenting a refresh token led to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rotation {
    /// The token was good; `next` is now the family's live token.
    Rotated { user_id: Uuid },
    /// Unknown, expired or revoked.
    Rejected,
    /// Already used: the family is now revoked.
    Reused { user_id: Uuid },
}

/// How long refresh tokens and their sessions live.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    /// Of each refresh token, from its issue.
    pub token: Duration,
    /// Of a session (a token family), from its login, however often it is refreshed.
    pub session: Duration,
    /// How long after its rotation a token is still taken without counting as reuse: two
    /// tabs of one browser that refresh at once present the same token.
    pub reuse_grace: Duration,
}

/// Exchanges `token` for `next` (which the caller generated).
pub fn rotate(conn: &mut DbConnection, token: &str, next: &str, lifetimes: Lifetimes) -> Result<Rotation, StoreError> {
    let Some(row) = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash(token)))
        .first_row::<TokenRow>(conn)
        .optional()?
    else {
        return Ok(Rotation::Rejected);
    };
    let user_id = parse_id(&row.user_id)?;
    let at = now();
    if row.revoked_at.is_some() || row.expires_at <= at {
        return Ok(Rotation::Rejected);
    }
    let started: Option<chrono::NaiveDateTime> = refresh_tokens::table
        .filter(refresh_tokens::family_id.eq(&row.family_id))
        .select(diesel::dsl::min(refresh_tokens::issued_at))
        .first_row(conn)?;
    let ends = started.unwrap_or(row.issued_at) + lifetimes.session;
    if ends <= at {
        return Ok(Rotation::Rejected);
    }
    let lifetime = lifetimes.token.min(ends - at);
    let used_at = match row.used_at {
        Some(used_at) => used_at,
        None => {
            let marked = diesel::update(refresh_tokens::table.find(&row.id).filter(refresh_tokens::used_at.is_null()))
                .set(refresh_tokens::used_at.eq(Some(at)))
                .execute(conn)?;
            if marked == 1 {
                issue(conn, user_id, Some(&row.family_id), next, lifetime)?;
                return Ok(Rotation::Rotated { user_id });
            }
            // Another request rotated it a moment ago: a second tab, or a race.
            if lifetimes.reuse_grace <= Duration::zero() {
                return Ok(Rotation::Rejected);
            }
            at
        }
    };
    if lifetimes.reuse_grace > Duration::zero() && at - used_at <= lifetimes.reuse_grace {
        issue(conn, user_id, Some(&row.family_id), next, lifetime)?;
        return Ok(Rotation::Rotated { user_id });
    }
    revoke_family(conn, &row.family_id)?;
    let actor = Actor { user_id: Some(user_id), ..Actor::default() };
    let detail = serde_json::json!({ "family_id": row.family_id, "reason": "refresh token reused" });
    audit::record(
        conn,
        &actor,
        AuditAction::RevokeSessions,
        AuditEntity::Session,
        Some(&row.family_id),
        None::<&()>,
        Some(&detail),
    )?;
    Ok(Rotation::Reused { user_id })
}

/// Deletes the sessions whose every token expired before `before`: such a token is
/// refused anyway, so its row no longer serves reuse detection. A live session keeps its
/// first token, whose issue dates the session's absolute end.
pub fn purge_expired(conn: &mut DbConnection, before: chrono::NaiveDateTime) -> Result<usize, StoreError> {
    let ended: Vec<String> = refresh_tokens::table
        .group_by(refresh_tokens::family_id)
        .having(diesel::dsl::max(refresh_tokens::expires_at).lt(before))
        .select(refresh_tokens::family_id)
        .load(conn)?;
    let mut deleted = 0;
    for families in ended.chunks(500) {
        deleted +=
            diesel::delete(refresh_tokens::table.filter(refresh_tokens::family_id.eq_any(families))).execute(conn)?;
    }
    Ok(deleted)
}

fn revoke_family(conn: &mut DbConnection, family: &str) -> Result<usize, StoreError> {
    Ok(diesel::update(
        refresh_tokens::table.filter(refresh_tokens::family_id.eq(family)).filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now())))
    .execute(conn)?)
}

/// Ends the session `token` belongs to; returns its user and family when it was live.
pub fn logout(conn: &mut DbConnection, token: &str) -> Result<Option<(Uuid, String)>, StoreError> {
    let Some(row) = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash(token)))
        .first_row::<TokenRow>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    if revoke_family(conn, &row.family_id)? == 0 {
        return Ok(None);
    }
    Ok(Some((parse_id(&row.user_id)?, row.family_id)))
}

//! What is kept of a refresh token: its SHA-256, never the token itself.

use crate::schema::refresh_tokens;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Queryable, Insertable)]
#[diesel(table_name = refresh_tokens)]
pub(super) struct TokenRow {
    pub(super) id: String,
    pub(super) family_id: String,
    pub(super) user_id: String,
    pub(super) token_hash: String,
    pub(super) issued_at: NaiveDateTime,
    pub(super) expires_at: NaiveDateTime,
    pub(super) used_at: Option<NaiveDateTime>,
    pub(super) revoked_at: Option<NaiveDateTime>,
}

pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

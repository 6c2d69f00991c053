//! The audit row of a reveal.

use crate::{audit, Actor, DbConnection, StoreError};
use danvan_domain::audit::{AuditAction, AuditEntity};
use serde::Serialize;

/// What a reveal's audit row keeps besides who and which record: never the value.
#[derive(Serialize)]
struct Revealed<'a> {
    field: &'a str,
    reason: &'a str,
}

/// Records that `actor` saw `field` of `entity` `entity_id` in full, and why. Call it in
/// the reveal's write transaction (`http::write`), before the value is answered, so that
/// no value leaves without its audit row committed.
pub fn record_reveal(
    conn: &mut DbConnection,
    actor: &Actor,
    entity: AuditEntity,
    entity_id: &str,
    field: &str,
    reason: &str,
) -> Result<(), StoreError> {
    let revealed = Revealed { field, reason: reason.trim() };
    audit::record(conn, actor, AuditAction::Reveal, entity, Some(entity_id), None::<&()>, Some(&revealed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::audit_log;
    use diesel::prelude::*;

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_reveal_is_audited_with_field_and_reason_only() {
        let dir = std::env::temp_dir().join(format!("danvan-reveal-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let pool = crate::db::connect(&format!("sqlite://{}/danvan.db", dir.display()), 1).unwrap();
        let mut conn = pool.get().unwrap();
        let actor = Actor { user_id: Some(uuid::Uuid::now_v7()), username: Some("office".into()), request_id: None };
        record_reveal(&mut conn, &actor, AuditEntity::TeamMember, "m-1", "phone", "  Gọi hỏi thăm F0 ").unwrap();
        let (action, entity, id, before, after): (String, String, Option<String>, Option<String>, Option<String>) =
            audit_log::table
                .select((
                    audit_log::action,
                    audit_log::entity,
                    audit_log::entity_id,
                    audit_log::before_json,
                    audit_log::after_json,
                ))
                .load(&mut conn)
                .unwrap()
                .pop()
                .unwrap();
        assert_eq!((action.as_str(), entity.as_str(), id.as_deref()), ("reveal", "team_member", Some("m-1")));
        assert_eq!(before, None);
        assert_eq!(after.as_deref(), Some(r#"{"field":"phone","reason":"Gọi hỏi thăm F0"}"#));
        drop(conn);
        drop(pool);
        std::fs::remove_dir_all(dir).ok();
    }
}

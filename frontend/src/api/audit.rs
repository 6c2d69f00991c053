//! The audit log: `/audit`.

use super::{get, query, ApiError};
use danvan_domain::{
    audit::{AuditAction, AuditEntity, AuditEntry},
    page::Page,
};

/// The audit filters; `None` and empty strings filter nothing. `from` and `to` are RFC 3339.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub entity: Option<AuditEntity>,
    pub action: Option<AuditAction>,
    pub actor_id: String,
    pub from: String,
    pub to: String,
}

impl AuditFilter {
    /// The query string of this filter and page.
    pub fn to_query(&self, cursor: Option<&str>, limit: u32) -> String {
        let limit = limit.to_string();
        query(&[
            ("entity", self.entity.map(AuditEntity::as_str).unwrap_or_default()),
            ("action", self.action.map(AuditAction::as_str).unwrap_or_default()),
            ("actor_id", &self.actor_id),
            ("from", &self.from),
            ("to", &self.to),
            ("limit", &limit),
            ("cursor", cursor.unwrap_or_default()),
        ])
    }
}

pub async fn list(filter: &AuditFilter, cursor: Option<&str>, limit: u32) -> Result<Page<AuditEntry>, ApiError> {
    get(format!("/audit{}", filter.to_query(cursor, limit))).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_become_a_query_string() {
        let filter = AuditFilter {
            entity: Some(AuditEntity::User),
            action: Some(AuditAction::Transition),
            from: "2025-01-01T00:00:00Z".into(),
            ..Default::default()
        };
        assert_eq!(filter.to_query(None, 5), "?entity=user&action=transition&from=2025-01-01T00%3A00%3A00Z&limit=5");
        assert_eq!(AuditFilter::default().to_query(Some("c1"), 50), "?limit=50&cursor=c1");
    }
}

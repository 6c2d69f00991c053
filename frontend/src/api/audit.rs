//! The audit log's filter, as the viewer keeps it and the API's query reads it.

use super::ApiError;
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
    /// The API's query for this filter and one page (empty values filter nothing).
    pub fn query<'a>(&'a self, cursor: &'a str, limit: &'a str) -> [(&'static str, &'a str); 7] {
        [
            ("entity", self.entity.map(AuditEntity::as_str).unwrap_or_default()),
            ("action", self.action.map(AuditAction::as_str).unwrap_or_default()),
            ("actor_id", &self.actor_id),
            ("from", &self.from),
            ("to", &self.to),
            ("limit", limit),
            ("cursor", cursor),
        ]
    }
}

/// One page of the audit log under `filter`.
pub async fn list(filter: &AuditFilter, cursor: Option<&str>, limit: u32) -> Result<Page<AuditEntry>, ApiError> {
    super::client().list_audit(&filter.query(cursor.unwrap_or_default(), &limit.to_string())).await
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
        let query = super::super::query(&filter.query("", "5"));
        assert_eq!(query, "?entity=user&action=transition&from=2025-01-01T00%3A00%3A00Z&limit=5");
        assert_eq!(super::super::query(&AuditFilter::default().query("c1", "50")), "?limit=50&cursor=c1");
    }
}

//! For bulk loads into throwaway databases: drop the plain secondary indexes of the tables
//! a load writes, then build them again at the end, which is faster than keeping every
//! index up to date row by row.

use crate::{DbConnection, StoreError};
use diesel::prelude::*;

/// An index as the database defines it.
#[derive(QueryableByName)]
pub(crate) struct IndexDefinition {
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub definition: String,
}

/// Drops the plain secondary indexes of `tables`, whatever the migrations made them;
/// returns their definitions to build them again. Unique indexes and those of primary keys
/// and constraints stay. Nothing is dropped when any cannot be (`what` names the tables in
/// the warning).
pub(crate) fn drop_indexes(conn: &mut DbConnection, tables: &[&str], what: &str) -> Vec<IndexDefinition> {
    let tables = tables.iter().map(|table| format!("'{table}'")).collect::<Vec<_>>().join(", ");
    let query = match conn {
        DbConnection::Sqlite(_) => format!(
            "SELECT name, sql AS definition FROM sqlite_master \
             WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables}) ORDER BY name"
        ),
        DbConnection::Pg(_) => format!(
            "SELECT indexname AS name, indexdef AS definition FROM pg_indexes \
             WHERE schemaname = current_schema() AND tablename IN ({tables}) \
             AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname"
        ),
    };
    let dropped = crate::db::write(conn, |conn| {
        let indexes: Vec<IndexDefinition> = diesel::sql_query(&query).load(conn)?;
        let plain: Vec<IndexDefinition> = indexes
            .into_iter()
            .filter(|index| !index.definition.trim_start().to_ascii_uppercase().starts_with("CREATE UNIQUE"))
            .collect();
        for index in &plain {
            diesel::sql_query(format!("DROP INDEX {}", quoted(&index.name))).execute(conn)?;
        }
        Ok::<_, StoreError>(plain)
    });
    dropped.unwrap_or_else(|error| {
        tracing::warn!(%error, "cannot drop the {what}' indexes for the load; loading with them");
        Vec::new()
    })
}

/// Builds the indexes [`drop_indexes`] dropped, in one transaction.
pub(crate) fn build_indexes(conn: &mut DbConnection, indexes: &[IndexDefinition]) -> Result<(), StoreError> {
    if indexes.is_empty() {
        return Ok(());
    }
    crate::db::write(conn, |conn| {
        for index in indexes {
            diesel::sql_query(&index.definition).execute(conn)?;
        }
        Ok(())
    })
}

/// `name` as a quoted SQL identifier.
pub(crate) fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

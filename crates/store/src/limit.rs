//! `LIMIT n` written into the statement's text, so that its prepared statement is reused.
//!
//! SQLite's planner reads a bound LIMIT's value, so it marks a statement whose LIMIT is a
//! parameter (diesel's `.limit()` and `.first()`) as expired each time that parameter is
//! bound, and prepares it again on every run: each list page and each read by id paid for
//! parsing and planning its query again. With the number in the text, the statement is
//! cached (one per page size).

use crate::{db::MultiBackend, DbConnection};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::query_dsl::LoadQuery;
use diesel::{QueryResult, RunQueryDsl};

/// A query with its `LIMIT` in its text; see the module's documentation.
pub struct Limited<Q> {
    query: Q,
    limit: u32,
}

/// Adds [`Limited`] to queries that have no `LIMIT` of their own.
pub trait LimitInText: Sized {
    /// At most `limit` rows, the number written into the SQL.
    fn limit_in_text(self, limit: usize) -> Limited<Self> {
        Limited { query: self, limit: u32::try_from(limit).unwrap_or(u32::MAX) }
    }

    /// Diesel's `first`, with its `LIMIT 1` in the text: the first row, or `NotFound`.
    fn first_row<'query, U>(self, conn: &mut DbConnection) -> QueryResult<U>
    where
        Limited<Self>: LoadQuery<'query, DbConnection, U>,
    {
        self.limit_in_text(1).get_result(conn)
    }
}

impl<Q: Query> LimitInText for Q {}

impl<Q> QueryId for Limited<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for Limited<Q> {
    type SqlType = Q::SqlType;
}

impl<Q> RunQueryDsl<DbConnection> for Limited<Q> {}

impl<Q: QueryFragment<MultiBackend>> QueryFragment<MultiBackend> for Limited<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        self.query.walk_ast(out.reborrow())?;
        out.push_sql(&format!(" LIMIT {}", self.limit));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    /// Every query of the store keeps its `LIMIT` in its text: diesel's `.limit(…)` and
    /// `.first(…)` bind it, which makes SQLite prepare the statement again on every run.
    #[test]
    fn no_query_of_the_store_binds_its_limit() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = vec![root];
        let mut found = Vec::new();
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).into_iter().flatten().flatten().map(|entry| entry.path()));
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "rs") || path.ends_with("limit.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            // Tests may use diesel's own forms: their speed does not matter.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (number, line) in code.lines().enumerate() {
                // `.first()` without a connection is a slice's.
                let line_of_query = line.replace(".first()", "");
                if [".limit(", ".first(", ".first::<"].iter().any(|form| line_of_query.contains(form)) {
                    found.push(format!("{}:{}: {}", path.display(), number + 1, line.trim()));
                }
            }
        }
        assert!(found.is_empty(), "use limit_in_text / first_row instead:\n{}", found.join("\n"));
    }
}

//! The database's plan for a query, as the lines its `EXPLAIN` prints, so that tests can
//! check that a list walks an index in the order of its sort instead of scanning a table
//! ([docs/ARCHITECTURE.md](../../../docs/ARCHITECTURE.md), "Lists").

use crate::{db::MultiBackend, DbConnection, StoreError};
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Integer, Text, Untyped};
use diesel::{QueryResult, QueryableByName, RunQueryDsl};

/// `query` behind the backend's `EXPLAIN`.
struct Explain<Q> {
    prefix: &'static str,
    query: Q,
}

impl<Q> QueryId for Explain<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q> Query for Explain<Q> {
    type SqlType = Untyped;
}

impl<Q> RunQueryDsl<DbConnection> for Explain<Q> {}

impl<Q: QueryFragment<MultiBackend>> QueryFragment<MultiBackend> for Explain<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, MultiBackend>) -> QueryResult<()> {
        out.push_sql(self.prefix);
        self.query.walk_ast(out.reborrow())
    }
}

#[derive(QueryableByName)]
struct SqlitePlanLine {
    #[diesel(sql_type = Integer)]
    #[allow(dead_code)]
    id: i32,
    #[diesel(sql_type = Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct PostgresPlanLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// The plan of `query` on `conn`: SQLite's `EXPLAIN QUERY PLAN` details, or PostgreSQL's
/// `EXPLAIN` lines.
pub fn plan<Q: QueryFragment<MultiBackend>>(conn: &mut DbConnection, query: Q) -> Result<Vec<String>, StoreError> {
    Ok(match conn {
        DbConnection::Sqlite(_) => Explain { prefix: "EXPLAIN QUERY PLAN ", query }
            .load::<SqlitePlanLine>(conn)?
            .into_iter()
            .map(|line| line.detail)
            .collect(),
        DbConnection::Pg(_) => Explain { prefix: "EXPLAIN ", query }
            .load::<PostgresPlanLine>(conn)?
            .into_iter()
            .map(|line| line.line)
            .collect(),
    })
}

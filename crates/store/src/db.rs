//! Connections and pools over SQLite (the embedded default) and PostgreSQL.
//!
//! The backend is chosen from the URL scheme here, never by trying one after the other:
//! diesel's derived `establish` would quietly open a SQLite file named like a PostgreSQL
//! URL. Every write goes through [`write`], which on SQLite takes the write lock up front
//! (`BEGIN IMMEDIATE`) so that concurrent writers wait on `busy_timeout` instead of failing.

use crate::StoreError;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::{PgConnection, SqliteConnection};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};
use std::time::Duration;

/// A connection to either backend; queries are written once against it.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

pub type Pool = r2d2::Pool<Manager>;
pub type PooledConnection = r2d2::PooledConnection<Manager>;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../../migrations/postgres");

/// Which database a URL points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file path (from `sqlite://path` or a bare path).
    Sqlite(String),
    /// A PostgreSQL connection URL.
    Postgres(String),
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres(url.to_owned()))
        } else if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err(StoreError::Config("sqlite:// needs a file path".into()));
            }
            Ok(Backend::Sqlite(path.to_owned()))
        } else if url.contains("://") {
            Err(StoreError::Config(format!(
                "unsupported database URL scheme in {:?}; use sqlite:// or postgres://",
                url.split("://").next().unwrap_or_default()
            )))
        } else {
            Ok(Backend::Sqlite(url.to_owned()))
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

/// Opens connections of one backend for r2d2, with SQLite's per-connection settings.
#[derive(Debug, Clone)]
pub struct Manager {
    backend: Backend,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = StoreError;

    fn connect(&self) -> Result<DbConnection, StoreError> {
        open(&self.backend)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        conn.batch_execute("SELECT 1").map_err(StoreError::from)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// Opens one connection; SQLite gets foreign keys, a busy timeout and relaxed fsync (safe under WAL).
pub fn open(backend: &Backend) -> Result<DbConnection, StoreError> {
    match backend {
        Backend::Sqlite(path) => {
            let mut conn = SqliteConnection::establish(path)?;
            conn.batch_execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;")?;
            Ok(DbConnection::Sqlite(conn))
        }
        Backend::Postgres(url) => Ok(DbConnection::Pg(PgConnection::establish(url)?)),
    }
}

/// Builds the pool: WAL is switched on once, migrations run, then connections are handed out.
pub fn connect(url: &str, max_size: u32) -> Result<Pool, StoreError> {
    let backend = Backend::from_url(url)?;
    if let Backend::Sqlite(path) = &backend {
        if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Config(format!("cannot create {}: {e}", dir.display())))?;
        }
        let mut conn = open(&backend)?;
        conn.batch_execute("PRAGMA journal_mode = WAL;")?;
    }
    let mut conn = open(&backend)?;
    run_migrations(&mut conn)?;
    r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(15))
        .build(Manager { backend })
        .map_err(|e| StoreError::Config(format!("database pool: {e}")))
}

/// Applies every pending migration of the connection's backend; returns their names.
pub fn run_migrations(conn: &mut DbConnection) -> Result<Vec<String>, StoreError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| StoreError::Migration(e.to_string()))?;
    Ok(applied.iter().map(ToString::to_string).collect())
}

/// Runs `work` in one write transaction, committed when it returns `Ok`.
pub fn write<T, E>(conn: &mut DbConnection, work: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Pg(_) => conn.transaction(work),
        DbConnection::Sqlite(sqlite) => {
            AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
            let outcome = work(conn);
            let DbConnection::Sqlite(sqlite) = conn else {
                unreachable!("the connection's backend does not change inside a transaction")
            };
            match outcome {
                Ok(value) => {
                    AnsiTransactionManager::commit_transaction(sqlite)?;
                    Ok(value)
                }
                Err(error) => {
                    AnsiTransactionManager::rollback_transaction(sqlite)?;
                    Err(error)
                }
            }
        }
    }
}

/// Whether the database answers, for readiness checks.
pub fn ping(conn: &mut DbConnection) -> Result<(), StoreError> {
    conn.batch_execute("SELECT 1").map_err(StoreError::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn migration_names(backend: &str) -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations").join(backend);
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .map(|entries| {
                entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn both_backends_have_the_same_migrations() {
        let sqlite = migration_names("sqlite");
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, migration_names("postgres"));
    }

    #[test]
    fn backend_comes_from_the_url_scheme() {
        assert_eq!(Backend::from_url("sqlite://data/x.db").ok(), Some(Backend::Sqlite("data/x.db".into())));
        assert_eq!(Backend::from_url("data/x.db").ok(), Some(Backend::Sqlite("data/x.db".into())));
        assert_eq!(Backend::from_url("postgres://u@h/db").ok().map(|b| b.name()), Some("postgres"));
        assert!(Backend::from_url("mysql://u@h/db").is_err());
        assert!(Backend::from_url("sqlite://").is_err());
    }
}

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

/// How SQLite syncs a commit to disk. `Full` (the default) makes an acknowledged write
/// survive a power loss; `Normal` under WAL survives a crash of the process but may lose
/// the last commits on power loss, for faster writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Synchronous {
    #[default]
    Full,
    Normal,
}

impl Synchronous {
    pub fn parse(text: &str) -> Option<Synchronous> {
        match text.to_ascii_lowercase().as_str() {
            "full" => Some(Synchronous::Full),
            "normal" => Some(Synchronous::Normal),
            _ => None,
        }
    }

    fn pragma(self) -> &'static str {
        match self {
            Synchronous::Full => "PRAGMA synchronous = FULL;",
            Synchronous::Normal => "PRAGMA synchronous = NORMAL;",
        }
    }
}

/// Opens connections of one backend for r2d2, with SQLite's per-connection settings.
#[derive(Debug, Clone)]
pub struct Manager {
    backend: Backend,
    synchronous: Synchronous,
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = StoreError;

    fn connect(&self) -> Result<DbConnection, StoreError> {
        open(&self.backend, self.synchronous)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        conn.batch_execute("SELECT 1").map_err(StoreError::from)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// Opens one connection; SQLite gets foreign keys, a busy timeout and its sync setting.
pub fn open(backend: &Backend, synchronous: Synchronous) -> Result<DbConnection, StoreError> {
    match backend {
        Backend::Sqlite(path) => {
            let mut conn = SqliteConnection::establish(path)?;
            conn.batch_execute("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;")?;
            conn.batch_execute(synchronous.pragma())?;
            Ok(DbConnection::Sqlite(conn))
        }
        Backend::Postgres(url) => Ok(DbConnection::Pg(PgConnection::establish(url)?)),
    }
}

/// Builds the pool with SQLite's durable default ([`Synchronous::Full`]).
pub fn connect(url: &str, max_size: u32) -> Result<Pool, StoreError> {
    connect_with(url, max_size, Synchronous::default())
}

/// Builds the pool: WAL is switched on once, migrations run, then connections are handed out.
pub fn connect_with(url: &str, max_size: u32, synchronous: Synchronous) -> Result<Pool, StoreError> {
    let backend = Backend::from_url(url)?;
    if let Backend::Sqlite(path) = &backend {
        if let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Config(format!("cannot create {}: {e}", dir.display())))?;
        }
        let mut conn = open(&backend, synchronous)?;
        conn.batch_execute("PRAGMA journal_mode = WAL;")?;
    }
    let mut conn = open(&backend, synchronous)?;
    run_migrations(&mut conn)?;
    r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(15))
        .build(Manager { backend, synchronous })
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

    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        synchronous: i32,
    }

    #[test]
    fn sqlite_syncs_fully_unless_told_otherwise() {
        let dir = std::env::temp_dir().join(format!("danvan-sync-{}", uuid::Uuid::now_v7()));
        for (synchronous, expected) in [(None, 2), (Some(Synchronous::Normal), 1), (Some(Synchronous::Full), 2)] {
            let url = format!("sqlite://{}/{expected}-{synchronous:?}.db", dir.display());
            let pool = match synchronous {
                None => connect(&url, 1),
                Some(synchronous) => connect_with(&url, 1, synchronous),
            };
            let mut conn = pool.and_then(|pool| pool.get().map_err(StoreError::from));
            let setting = conn.as_mut().map_err(|e| e.to_string()).and_then(|conn| {
                diesel::sql_query("PRAGMA synchronous").get_result::<Setting>(&mut **conn).map_err(|e| e.to_string())
            });
            assert_eq!(setting.map(|s| s.synchronous), Ok(expected), "{synchronous:?}");
        }
        std::fs::remove_dir_all(dir).ok();
        assert_eq!(Synchronous::parse("NORMAL"), Some(Synchronous::Normal));
        assert_eq!(Synchronous::parse("off"), None);
    }
}

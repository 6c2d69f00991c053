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
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

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

/// Inserts `rows` (a slice of insertable rows of `columns` columns each) with as few
/// statements as the backend's limit of bound parameters allows: `insert_many!(conn,
/// table, &rows, columns)`, evaluating to `Result<(), diesel::result::Error>`. Diesel's
/// multi-row insert is written per backend (the two say `DEFAULT` differently), so each
/// statement is built against the connection's own backend.
#[macro_export]
macro_rules! insert_many {
    ($conn:expr, $table:expr, $rows:expr, $columns:expr) => {{
        let binds = match $conn {
            $crate::DbConnection::Sqlite(_) => $crate::db::SQLITE_MAX_BINDS,
            $crate::DbConnection::Pg(_) => $crate::db::POSTGRES_MAX_BINDS,
        };
        $rows.chunks((binds / $columns).max(1)).try_for_each(|chunk| {
            match &mut *$conn {
                $crate::DbConnection::Sqlite(conn) => $crate::diesel::insert_into($table).values(chunk).execute(conn),
                $crate::DbConnection::Pg(conn) => $crate::diesel::insert_into($table).values(chunk).execute(conn),
            }
            .map(|_| ())
        })
    }};
}

/// Bound parameters one statement may have: SQLite's `SQLITE_MAX_VARIABLE_NUMBER` (since
/// 3.32) and PostgreSQL's protocol limit (a 16-bit count).
pub const SQLITE_MAX_BINDS: usize = 32_766;
pub const POSTGRES_MAX_BINDS: usize = 65_535;

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
    /// On SQLite, the database file with a shared lock held for as long as the pool lives,
    /// so that `danvan restore` can tell a database in use (see [`lock_for_replacing`]).
    _in_use: Option<std::sync::Arc<std::fs::File>>,
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

    /// A connection whose rollback failed is left inside a transaction: never reuse it.
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        match conn {
            DbConnection::Sqlite(c) => AnsiTransactionManager::is_broken_transaction_manager(c),
            DbConnection::Pg(c) => AnsiTransactionManager::is_broken_transaction_manager(c),
        }
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

/// What opening a pool does about migrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Migrations {
    /// Applies the pending ones, which takes a role that may create and alter tables.
    #[default]
    Apply,
    /// Applies none and refuses a database that lacks one: for a role that may only read
    /// and write rows, with the migrations applied beforehand by the owner (`danvan migrate`).
    Require,
}

/// Builds the pool with SQLite's durable default ([`Synchronous::Full`]), migrating.
pub fn connect(url: &str, max_size: u32) -> Result<Pool, StoreError> {
    connect_with(url, max_size, Synchronous::default(), Migrations::Apply)
}

/// Builds the pool: WAL is switched on once, migrations run or are checked, then
/// connections are handed out.
pub fn connect_with(
    url: &str,
    max_size: u32,
    synchronous: Synchronous,
    migrations: Migrations,
) -> Result<Pool, StoreError> {
    let backend = Backend::from_url(url)?;
    if let Backend::Sqlite(path) = &backend {
        if let Some(dir) = Path::new(path).parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::Config(format!("cannot create {}: {e}", dir.display())))?;
        }
        let mut conn = open(&backend, synchronous)?;
        conn.batch_execute("PRAGMA journal_mode = WAL;")?;
    }
    let in_use = match &backend {
        Backend::Sqlite(path) => Some(std::sync::Arc::new(hold_open(Path::new(path))?)),
        Backend::Postgres(_) => None,
    };
    let mut conn = open(&backend, synchronous)?;
    match migrations {
        Migrations::Apply => {
            run_migrations(&mut conn)?;
        }
        Migrations::Require => {
            let state = migration_state(&mut conn)?;
            if !state.pending.is_empty() {
                return Err(StoreError::Migration(format!(
                    "the database lacks the migrations {}; apply them with `danvan migrate` as the database's owner",
                    state.pending.join(", ")
                )));
            }
        }
    }
    r2d2::Pool::builder()
        .max_size(max_size)
        .connection_timeout(Duration::from_secs(15))
        .build(Manager { backend, synchronous, _in_use: in_use })
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

/// Takes a shared lock on a SQLite database file for a pool: any number of pools, in any
/// process, may hold one together. The lock is the file's own `flock`, which SQLite's
/// `fcntl` locks on Linux do not see.
fn hold_open(path: &Path) -> Result<std::fs::File, StoreError> {
    let file =
        std::fs::File::open(path).map_err(|e| StoreError::Config(format!("cannot open {}: {e}", path.display())))?;
    file.try_lock_shared().map_err(|_| {
        StoreError::Config(format!("{} is being replaced by `danvan restore`; start again afterwards", path.display()))
    })?;
    Ok(file)
}

/// The exclusive lock on a SQLite database file that replacing it needs: `None` when
/// there is no file, an error when a pool (a running server, `danvan migrate`…) holds it.
/// Held until the returned file is dropped, so no server opens it meanwhile.
pub fn lock_for_replacing(path: &Path) -> Result<Option<std::fs::File>, StoreError> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::Config(format!("cannot open {}: {e}", path.display()))),
    };
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::Config(format!(
            "{} is open in a running danvan (a server, or another command): stop it first",
            path.display()
        ))),
        Err(std::fs::TryLockError::Error(e)) => Err(StoreError::Config(format!("cannot lock {}: {e}", path.display()))),
    }
}

/// Which of this build's migrations a database has applied, read without changing it
/// (diesel's own harness creates its table first, which a role without DDL may not do).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationState {
    /// Versions (`20261129000001`) of this build's migrations that are applied.
    pub applied: Vec<String>,
    /// Names of this build's migrations that are not.
    pub pending: Vec<String>,
    /// Applied versions this build does not know: the database is of a newer build.
    pub unknown: Vec<String>,
}

#[derive(diesel::QueryableByName)]
struct AppliedVersion {
    #[diesel(sql_type = diesel::sql_types::Text)]
    version: String,
}

/// The [`MigrationState`] of the connection's database; an error when it has no
/// migrations table at all.
pub fn migration_state(conn: &mut DbConnection) -> Result<MigrationState, StoreError> {
    use diesel::migration::MigrationSource;
    let known: Vec<(String, String)> = match conn {
        DbConnection::Sqlite(_) => MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE_MIGRATIONS)
            .map(|all| all.iter().map(|m| (m.name().version().to_string(), m.name().to_string())).collect()),
        DbConnection::Pg(_) => MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES_MIGRATIONS)
            .map(|all| all.iter().map(|m| (m.name().version().to_string(), m.name().to_string())).collect()),
    }
    .map_err(|e| StoreError::Migration(e.to_string()))?;
    let applied: Vec<String> = diesel::sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version")
        .load::<AppliedVersion>(conn)
        .map_err(|e| StoreError::Migration(format!("cannot read the migrations table: {e}")))?
        .into_iter()
        .map(|row| row.version)
        .collect();
    Ok(MigrationState {
        pending: known.iter().filter(|(v, _)| !applied.contains(v)).map(|(_, name)| name.clone()).collect(),
        unknown: applied.iter().filter(|v| !known.iter().any(|(k, _)| k == *v)).cloned().collect(),
        applied: applied.into_iter().filter(|v| known.iter().any(|(k, _)| k == v)).collect(),
    })
}

/// How many times a PostgreSQL write transaction runs before its serialization failure
/// is given to the caller (as "busy, try again").
const MAX_WRITE_ATTEMPTS: u32 = 10;

/// An error that ends a write transaction without saying anything about the request: a
/// serialization failure or a deadlock. Running the same work again may succeed.
pub trait Retryable {
    fn is_retryable(&self) -> bool;
}

impl Retryable for diesel::result::Error {
    fn is_retryable(&self) -> bool {
        use diesel::result::{DatabaseErrorKind, Error};
        match self {
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
            Error::DatabaseError(_, info) => info.message().contains("deadlock detected"),
            Error::RollbackErrorOnCommit { commit_error, .. } => commit_error.is_retryable(),
            _ => false,
        }
    }
}

impl Retryable for StoreError {
    fn is_retryable(&self) -> bool {
        matches!(self, StoreError::Database(error) if error.is_retryable())
    }
}

/// How a PostgreSQL write transaction sees concurrent ones (SQLite has one writer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// As if no other write ran at the same time: what [`write`] uses.
    Serializable,
    /// For postings to a ledger's hot rows (a stock balance, a campaign's cash, the year's
    /// receipt number). Each such row moves in one guarded statement (`UPDATE … SET n = n +
    /// d WHERE n + d >= 0`) that takes its lock, waits for a concurrent posting and re-checks
    /// its condition against the committed row: correct without serialising the whole
    /// transaction, where `Serializable` would abort all but one of the concurrent postings
    /// of the same row and make them queue through retries.
    ReadCommitted,
}

/// Runs `work` in one write transaction, committed when it returns `Ok`, as if no other
/// write ran at the same time: rules that `work` checks against stored rows (no cycle in
/// a tree, one head per group) hold when it commits.
///
/// SQLite gets that by taking the write lock up front (`BEGIN IMMEDIATE`). PostgreSQL runs
/// the transaction `SERIALIZABLE` and runs `work` again, after a short random pause, when
/// the database aborts it for a conflict with a concurrent one; `work` must therefore not
/// act outside the database.
pub fn write<T, E>(conn: &mut DbConnection, work: impl FnMut(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
where
    E: From<diesel::result::Error> + Retryable,
{
    write_at(conn, Isolation::Serializable, work)
}

/// [`write`] at the given isolation on PostgreSQL.
pub fn write_at<T, E>(
    conn: &mut DbConnection,
    isolation: Isolation,
    mut work: impl FnMut(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error> + Retryable,
{
    let mut attempt = 1;
    loop {
        match transaction(conn, isolation, &mut work) {
            // SQLite's one writer never conflicts; its "locked" after the busy timeout is not
            // worth the wait of another attempt.
            Err(error)
                if matches!(conn, DbConnection::Pg(_)) && error.is_retryable() && attempt < MAX_WRITE_ATTEMPTS =>
            {
                std::thread::sleep(retry_pause(attempt));
                attempt += 1;
                WRITE_STATS.retries.fetch_add(1, Ordering::Relaxed);
            }
            outcome => return outcome,
        }
    }
}

/// What writes waited for, for the server's metrics: one count per process, as a process
/// serves one database.
pub struct WriteStats {
    /// PostgreSQL write transactions run again after a conflict.
    pub retries: AtomicU64,
    /// SQLite write transactions that waited for the write lock (the busy timeout at work).
    pub lock_waits: AtomicU64,
    /// How long they waited altogether, in microseconds.
    pub lock_wait_micros: AtomicU64,
}

pub static WRITE_STATS: WriteStats =
    WriteStats { retries: AtomicU64::new(0), lock_waits: AtomicU64::new(0), lock_wait_micros: AtomicU64::new(0) };

impl WriteStats {
    fn timed_lock<T>(&self, begin: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let outcome = begin();
        let waited = started.elapsed();
        // Free, the lock is taken in microseconds; SQLite's busy handler sleeps a millisecond at least.
        if waited >= Duration::from_millis(1) {
            self.lock_waits.fetch_add(1, Ordering::Relaxed);
            self.lock_wait_micros.fetch_add(waited.as_micros() as u64, Ordering::Relaxed);
        }
        outcome
    }
}

/// One attempt of [`write`].
fn transaction<T, E>(
    conn: &mut DbConnection,
    isolation: Isolation,
    work: &mut impl FnMut(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Sqlite(c) => {
            WRITE_STATS.timed_lock(|| AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"))?
        }
        DbConnection::Pg(c) => AnsiTransactionManager::begin_transaction_sql(
            c,
            match isolation {
                Isolation::Serializable => "BEGIN ISOLATION LEVEL SERIALIZABLE",
                Isolation::ReadCommitted => "BEGIN ISOLATION LEVEL READ COMMITTED",
            },
        )?,
    }
    let outcome = work(conn);
    let ended = match (conn, outcome.is_ok()) {
        (DbConnection::Sqlite(c), true) => AnsiTransactionManager::commit_transaction(c),
        (DbConnection::Sqlite(c), false) => AnsiTransactionManager::rollback_transaction(c),
        (DbConnection::Pg(c), true) => AnsiTransactionManager::commit_transaction(c),
        (DbConnection::Pg(c), false) => AnsiTransactionManager::rollback_transaction(c),
    };
    match (outcome, ended) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(commit)) => Err(commit.into()),
        // The work's own error says more than a failed rollback after it.
        (Err(error), _) => Err(error),
    }
}

/// One write of a batch that [`write_batch`] commits together with others (group commit).
pub trait BatchedWrite: Send {
    /// Does the work inside the batch's transaction; `true` keeps what it wrote, `false`
    /// undoes it (its savepoint is rolled back) without touching the others.
    fn run(&mut self, conn: &mut DbConnection) -> bool;
    /// Learns how the batch ended: only after `Ok` is a kept write stored.
    fn finish(self: Box<Self>, committed: Result<(), &StoreError>);
}

/// Runs `writes` in one SQLite write transaction, each in a savepoint of its own, and
/// commits once: one sync to disk for all of them, so that many concurrent writers cost
/// about one commit. A write that fails is rolled back alone and the others are kept;
/// an error of the transaction itself (its begin, a savepoint, the commit) stores none
/// of them, and every write is told so. Each write then learns the outcome.
pub fn write_batch(conn: &mut DbConnection, mut writes: Vec<Box<dyn BatchedWrite>>) {
    let outcome = run_batch(conn, &mut writes);
    if outcome.is_err() {
        rollback_if_open(conn);
    }
    for write in writes {
        write.finish(outcome.as_ref().map(|_| ()));
    }
}

fn run_batch(conn: &mut DbConnection, writes: &mut [Box<dyn BatchedWrite>]) -> Result<(), StoreError> {
    let c = sqlite(conn)?;
    WRITE_STATS.timed_lock(|| AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE"))?;
    for write in writes.iter_mut() {
        AnsiTransactionManager::begin_transaction(sqlite(conn)?)?;
        if write.run(conn) {
            AnsiTransactionManager::commit_transaction(sqlite(conn)?)?;
        } else {
            AnsiTransactionManager::rollback_transaction(sqlite(conn)?)?;
        }
    }
    Ok(AnsiTransactionManager::commit_transaction(sqlite(conn)?)?)
}

fn sqlite(conn: &mut DbConnection) -> Result<&mut SqliteConnection, StoreError> {
    match conn {
        DbConnection::Sqlite(c) => Ok(c),
        DbConnection::Pg(_) => Err(StoreError::Config("group commit is for SQLite only".into())),
    }
}

/// Ends a transaction left open by a failed batch, so that the connection serves again.
fn rollback_if_open(conn: &mut DbConnection) {
    use diesel::connection::TransactionManagerStatus;
    let open = |status: &mut TransactionManagerStatus| status.transaction_depth().ok().flatten().is_some();
    if let DbConnection::Sqlite(c) = conn {
        while open(AnsiTransactionManager::transaction_manager_status_mut(c)) {
            if AnsiTransactionManager::rollback_transaction(c).is_err() {
                break;
            }
        }
    }
}

/// A pause that grows with the attempt, at a random point so that the transactions that
/// collided do not collide again.
fn retry_pause(attempt: u32) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    let random = std::collections::hash_map::RandomState::new().build_hasher().finish();
    Duration::from_millis(1 + random % (5 * u64::from(attempt)))
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

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_pool_that_may_not_migrate_refuses_a_database_with_pending_migrations() {
        let dir = std::env::temp_dir().join(format!("danvan-require-{}", uuid::Uuid::now_v7()));
        let url = format!("sqlite://{}/danvan.db", dir.display());
        std::fs::create_dir_all(&dir).unwrap();
        let mut conn = open(&Backend::from_url(&url).unwrap(), Synchronous::Full).unwrap();
        conn.batch_execute(
            "CREATE TABLE __diesel_schema_migrations \
             (version VARCHAR(50) PRIMARY KEY NOT NULL, run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP)",
        )
        .unwrap();
        let state = migration_state(&mut conn).unwrap();
        assert!(state.applied.is_empty() && !state.pending.is_empty(), "{state:?}");
        let refused = connect_with(&url, 1, Synchronous::Full, Migrations::Require).err().map(|e| e.to_string());
        assert!(refused.as_deref().is_some_and(|e| e.contains("danvan migrate")), "{refused:?}");

        drop(connect(&url, 1).unwrap());
        let state = migration_state(&mut conn).unwrap();
        assert!(state.pending.is_empty() && state.unknown.is_empty() && !state.applied.is_empty(), "{state:?}");
        assert!(connect_with(&url, 1, Synchronous::Full, Migrations::Require).is_ok());
        conn.batch_execute("INSERT INTO __diesel_schema_migrations (version) VALUES ('29991231000001')").unwrap();
        assert_eq!(migration_state(&mut conn).unwrap().unknown, vec!["29991231000001".to_owned()]);
        std::fs::remove_dir_all(dir).ok();
    }

    /// A write of the batch test: inserts its number, then fails or panics if told to.
    struct Numbered {
        number: i32,
        fails: bool,
        panics: bool,
        told: std::sync::Arc<std::sync::Mutex<Vec<(i32, bool)>>>,
        kept: bool,
    }

    impl BatchedWrite for Numbered {
        fn run(&mut self, conn: &mut DbConnection) -> bool {
            let inserted = conn.batch_execute(&format!("INSERT INTO numbers (n) VALUES ({})", self.number)).is_ok();
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                assert!(!self.panics, "write {} panics", self.number);
            }));
            self.kept = inserted && !self.fails && outcome.is_ok();
            self.kept
        }

        fn finish(self: Box<Self>, committed: Result<(), &StoreError>) {
            self.told.lock().unwrap_or_else(|e| e.into_inner()).push((self.number, committed.is_ok() && self.kept));
        }
    }

    #[test]
    #[allow(clippy::unwrap_used)]
    fn a_failed_write_in_a_batch_is_undone_alone_and_the_others_are_committed() {
        let dir = std::env::temp_dir().join(format!("danvan-batch-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let backend = Backend::Sqlite(dir.join("batch.db").display().to_string());
        let mut conn = open(&backend, Synchronous::Full).unwrap();
        conn.batch_execute("PRAGMA journal_mode = WAL; CREATE TABLE numbers (n INTEGER PRIMARY KEY)").unwrap();
        let told = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let write = |number: i32, fails: bool, panics: bool| -> Box<dyn BatchedWrite> {
            Box::new(Numbered { number, fails, panics, told: told.clone(), kept: false })
        };
        // 3 fails after writing, 4 collides with 1 (a constraint error), 6 panics.
        write_batch(
            &mut conn,
            vec![
                write(1, false, false),
                write(2, false, false),
                write(3, true, false),
                write(1, false, false),
                write(5, false, false),
                write(6, false, true),
                write(7, false, false),
            ],
        );
        let answers = told.lock().unwrap().clone();
        assert_eq!(
            answers,
            vec![(1, true), (2, true), (3, false), (1, false), (5, true), (6, false), (7, true)],
            "each write is told its own outcome"
        );
        // What the writes were told holds on a connection of its own, so it is on disk.
        let mut other = open(&backend, Synchronous::Full).unwrap();
        #[derive(diesel::QueryableByName)]
        struct Number {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            n: i32,
        }
        let stored: Vec<i32> = diesel::sql_query("SELECT n FROM numbers ORDER BY n")
            .load::<Number>(&mut other)
            .unwrap()
            .into_iter()
            .map(|row| row.n)
            .collect();
        assert_eq!(stored, vec![1, 2, 5, 7]);

        // A batch whose transaction cannot commit stores none, and tells every write so.
        told.lock().unwrap().clear();
        conn.batch_execute("BEGIN").unwrap();
        write_batch(&mut conn, vec![write(8, false, false), write(9, false, false)]);
        assert_eq!(*told.lock().unwrap(), vec![(8, false), (9, false)]);
        conn.batch_execute("ROLLBACK").ok();
        write_batch(&mut conn, vec![write(10, false, false)]);
        assert_eq!(told.lock().unwrap().last(), Some(&(10, true)), "the writer's connection serves again");
        std::fs::remove_dir_all(dir).ok();
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
                Some(synchronous) => connect_with(&url, 1, synchronous, Migrations::Apply),
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

//! `danvan backup` and `danvan restore` for the embedded SQLite database: a consistent copy
//! taken while the server writes, and such a copy put in place of the configured database.
//! PostgreSQL has its own tools, `pg_dump` and `pg_restore` (the README shows them).

use crate::config::{redact_url, Config};
use crate::files::sibling;
use danvan_store::db::{self, Backend, DbConnection};
use danvan_store::diesel::{self, connection::SimpleConnection, Connection, RunQueryDsl};
use std::path::{Path, PathBuf};

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Writes a copy of the configured SQLite database to `output`, which must not exist. The
/// copy is one snapshot (`VACUUM INTO` reads in a single transaction), so writes the server
/// makes meanwhile are either wholly in it or not at all, and they are not held up.
pub fn backup(config: &Config, output: &Path) -> Result<String, String> {
    let path = sqlite_path(config, "pg_dump --format=custom --file=danvan.dump")?;
    if !path.is_file() {
        return Err(format!("there is no database at {}", path.display()));
    }
    if output.exists() || output.is_symlink() {
        return Err(format!("{} exists; a backup never replaces a file", output.display()));
    }
    let mut conn = diesel::SqliteConnection::establish(&path.to_string_lossy()).map_err(|e| e.to_string())?;
    conn.batch_execute("PRAGMA busy_timeout = 10000;").map_err(|e| e.to_string())?;
    diesel::sql_query("VACUUM INTO ?")
        .bind::<diesel::sql_types::Text, _>(output.to_string_lossy())
        .execute(&mut conn)
        .map_err(|e| format!("cannot write {}: {e}", output.display()))?;
    std::fs::File::open(output).and_then(|file| file.sync_all()).map_err(|e| format!("{}: {e}", output.display()))?;
    let size = std::fs::metadata(output).map(|m| m.len()).unwrap_or(0);
    Ok(format!("Wrote a copy of {} to {} ({:.1} MB).", path.display(), output.display(), size as f64 / 1e6))
}

/// Puts the backup `file` in place of the configured SQLite database. Refuses a file that is
/// not a database of this application (or of a newer version of it), and a database in use
/// by a running danvan, always: replacing it under a server would mix the old database's
/// write-ahead log into the new one. An existing database that nothing holds open is
/// replaced only with `force`.
pub fn restore(config: &Config, file: &Path, force: bool) -> Result<String, String> {
    let path = sqlite_path(config, "pg_restore --clean --if-exists --dbname=URL danvan.dump")?;
    check_backup(file)?;
    let _lock = db::lock_for_replacing(&path).map_err(|e| e.to_string())?;
    if path.exists() && !force {
        return Err(format!(
            "a database exists at {}; `danvan restore --force` replaces it (take a backup of it first)",
            path.display()
        ));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    // Copied beside the target and renamed over it, so the database is the old one or the
    // new one, never half of either.
    let staging = sibling(&path, ".restoring");
    std::fs::copy(file, &staging)
        .map_err(|e| format!("cannot copy {} to {}: {e}", file.display(), staging.display()))?;
    std::fs::File::open(&staging).and_then(|f| f.sync_all()).map_err(|e| format!("{}: {e}", staging.display()))?;
    // The old database's log and index would be read as the new one's.
    for suffix in ["-wal", "-shm", "-journal"] {
        let leftover = sibling(&path, suffix);
        match std::fs::remove_file(&leftover) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot remove {}: {e}", leftover.display())),
        }
    }
    std::fs::rename(&staging, &path)
        .map_err(|e| format!("cannot move {} to {}: {e}", staging.display(), path.display()))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    Ok(format!("Restored {} from {}.", path.display(), file.display()))
}

/// The configured SQLite file; for PostgreSQL, an error that names its tool.
fn sqlite_path(config: &Config, postgres_tool: &str) -> Result<PathBuf, String> {
    match Backend::from_url(&config.database_url).map_err(|e| e.to_string())? {
        Backend::Sqlite(path) => Ok(PathBuf::from(path)),
        Backend::Postgres(url) => Err(format!(
            "the database is PostgreSQL ({}): use its own tools, e.g. `{postgres_tool}` (see the README)",
            redact_url(&url)
        )),
    }
}

/// `file` is a sound SQLite database with this build's migrations table and no migration
/// this build does not know. Read only.
fn check_backup(file: &Path) -> Result<(), String> {
    let not_ours = |why: &str| format!("{} is not a backup of this application: {why}", file.display());
    let mut header = [0u8; 16];
    std::fs::File::open(file)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut header))
        .map_err(|e| not_ours(&e.to_string()))?;
    if &header != SQLITE_HEADER {
        return Err(not_ours("not a SQLite database"));
    }
    let escaped = file.display().to_string().replace('%', "%25").replace('?', "%3f").replace('#', "%23");
    let url = format!("file:{escaped}?mode=ro");
    let mut conn = diesel::SqliteConnection::establish(&url).map_err(|e| not_ours(&e.to_string()))?;
    let check: Vec<QuickCheck> =
        diesel::sql_query("PRAGMA quick_check").load(&mut conn).map_err(|e| not_ours(&e.to_string()))?;
    if check.iter().map(|row| row.quick_check.as_str()).ne(["ok"]) {
        return Err(not_ours("the database is damaged (PRAGMA quick_check)"));
    }
    let state = db::migration_state(&mut DbConnection::Sqlite(conn)).map_err(|_| not_ours("no migrations table"))?;
    if state.applied.is_empty() {
        return Err(not_ours("none of its migrations"));
    }
    if !state.unknown.is_empty() {
        return Err(format!(
            "{} is from a newer version of danvan (migrations {}): restore it with that version",
            file.display(),
            state.unknown.join(", ")
        ));
    }
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct QuickCheck {
    #[diesel(sql_type = diesel::sql_types::Text)]
    quick_check: String,
}

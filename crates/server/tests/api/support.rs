//! Test support: the real application on port 0 over a fresh database per test, on
//! SQLite and on PostgreSQL, talked to over HTTP through `danvan-client`.
//!
//! Each backend keeps one template database per test process (migrated, areas loaded,
//! first admin created) and copies it for every test, so a test starts in milliseconds.
//! PostgreSQL databases carry the process id in their names: runs side by side on one
//! server leave each other's databases alone, and the next run drops an ended run's.
//! PostgreSQL tests run when `DANVAN_TEST_POSTGRES_URL` is set; with `CI=true` and no
//! URL they fail rather than skip.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use danvan_client::{Client, ClientError};
use danvan_domain::{role::Role, user::CreateUser, user::User};
use danvan_server::{app, Application, Config};
use danvan_store::diesel::{self, connection::SimpleConnection, Connection, RunQueryDsl};
use std::path::PathBuf;
use std::sync::OnceLock;
use uuid::Uuid;

pub const ADMIN_PASSWORD: &str = "admin-password-for-tests";
pub const PASSWORD: &str = "password-for-tests";
pub const JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub backend: Backend,
    pub base: String,
    /// Not logged in.
    pub anonymous: Client,
    /// Logged in as the first administrator.
    pub admin: Client,
    pub admin_user: User,
    pub config: Config,
    /// The port of the metrics address, when the settings give one.
    pub metrics_port: Option<u16>,
    handle: actix_web::dev::ServerHandle,
    database: Database,
}

enum Database {
    Sqlite(PathBuf),
    Postgres { server: String, name: String },
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("danvan-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn base_config(data_dir: PathBuf, database_url: String) -> Config {
    Config {
        bind: "127.0.0.1:0".into(),
        database_url,
        data_dir,
        jwt_secret: Some(JWT_SECRET.into()),
        admin_password: Some(ADMIN_PASSWORD.into()),
        pool_size: 4,
        log: "warn".into(),
        // A reused refresh token is a theft at once, unless a test gives the grace of two tabs.
        refresh_reuse_grace_secs: 0,
        ..Config::default()
    }
}

/// Runs `prepare` (migrations, areas, first admin) on a blocking-friendly runtime of its own.
/// The settings of a server on a new, empty SQLite database of its own.
pub fn fresh_sqlite_config() -> Config {
    let dir = scratch_dir().join(format!("fresh-{}", Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}", dir.join("danvan.db").display());
    base_config(dir, url)
}

fn prepare_template(config: Config) {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            let state = app::prepare(&config).await.unwrap();
            if let danvan_store::DbConnection::Sqlite(_) = &mut *state.db.get().unwrap() {
                let mut conn = state.db.get().unwrap();
                conn.batch_execute("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
            }
        });
    })
    .join()
    .unwrap();
}

fn sqlite_template() -> &'static PathBuf {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = scratch_dir().join(format!("template-{}-{}", std::process::id(), Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("template.db");
        prepare_template(base_config(dir.clone(), format!("sqlite://{}", path.display())));
        path
    })
}

/// The PostgreSQL server to test against, if any.
pub fn postgres_url() -> Option<String> {
    match std::env::var("DANVAN_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but DANVAN_TEST_POSTGRES_URL is not set: the PostgreSQL half of the suite cannot be skipped in CI")
        }
        _ => None,
    }
}

/// `url` with its database name replaced.
fn with_database(url: &str, name: &str) -> String {
    let (without_query, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let scheme_end = without_query.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match without_query[scheme_end..].find('/') {
        Some(slash) => &without_query[..scheme_end + slash],
        None => without_query,
    };
    format!("{base}/{name}{query}")
}

fn postgres_admin(server: &str) -> diesel::PgConnection {
    diesel::PgConnection::establish(server).unwrap()
}

fn postgres_template(server: &str) -> &'static String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = database_name("danvan_tpl");
        let mut admin = postgres_admin(server);
        drop_orphans(&mut admin);
        admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
        prepare_template(base_config(scratch_dir(), with_database(server, &name)));
        name
    })
}

/// A database name carrying this process's id, so that concurrent test runs on one
/// server can tell their databases from those an ended run left behind.
fn database_name(prefix: &str) -> String {
    format!("{prefix}_{}_{}", std::process::id(), Uuid::now_v7().simple())
}

/// Drops the test databases of runs that have ended (their process is gone); those of
/// runs still going are theirs to drop.
fn drop_orphans(admin: &mut diesel::PgConnection) {
    let names: Vec<String> = diesel::sql_query(
        "SELECT datname AS name FROM pg_database WHERE datname LIKE 'danvan\\_tpl\\_%' OR datname LIKE 'danvan\\_t\\_%'",
    )
    .load::<DbName>(admin)
    .unwrap()
    .into_iter()
    .map(|row| row.name)
    .collect();
    for name in names {
        let owner = name.split('_').nth(2).and_then(|pid| pid.parse::<u32>().ok());
        let ended = owner.is_none_or(|pid| !std::path::Path::new(&format!("/proc/{pid}")).exists());
        if ended {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        }
    }
}

#[derive(diesel::QueryableByName)]
struct DbName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        TestApp::spawn_with(backend, |_| {}).await
    }

    /// Starts the app with settings changed by `adjust`; `None` when the backend is not
    /// available outside CI.
    pub async fn spawn_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let data_dir = scratch_dir().join(format!("app-{}", Uuid::now_v7()));
        std::fs::create_dir_all(&data_dir).unwrap();
        let (database, url) = match backend {
            Backend::Sqlite => {
                let path = data_dir.join("danvan.db");
                std::fs::copy(sqlite_template(), &path).unwrap();
                (Database::Sqlite(data_dir.clone()), format!("sqlite://{}", path.display()))
            }
            Backend::Postgres => {
                let server = postgres_url()?;
                let template = postgres_template(&server).clone();
                let name = database_name("danvan_t");
                let server_for_create = server.clone();
                let create = format!("CREATE DATABASE {name} TEMPLATE {template}");
                tokio::task::spawn_blocking(move || postgres_admin(&server_for_create).batch_execute(&create))
                    .await
                    .unwrap()
                    .unwrap();
                let url = with_database(&server, &name);
                (Database::Postgres { server, name }, url)
            }
        };
        let mut config = base_config(data_dir, url);
        adjust(&mut config);
        let state = app::prepare(&config).await.unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let application = Application::start(state, listener).unwrap();
        let base = format!("http://127.0.0.1:{}", application.port());
        let handle = application.handle();
        let metrics_port = application.metrics_port();
        tokio::spawn(application.run_until_stopped());
        let anonymous = Client::new(&base);
        let tokens = anonymous.login("admin", ADMIN_PASSWORD).await.unwrap();
        let admin = anonymous.with_token(&tokens.access_token);
        let admin_user = admin.me().await.unwrap().user;
        Some(TestApp { backend, base, anonymous, admin, admin_user, config, metrics_port, handle, database })
    }

    /// Runs `sql` straight on the app's database, as anyone with its credentials could.
    pub async fn run_sql(&self, sql: impl Into<String>) -> Result<(), String> {
        let (url, sql) = (self.config.database_url.clone(), sql.into());
        tokio::task::spawn_blocking(move || {
            let pool = danvan_store::db::connect(&url, 1).map_err(|e| e.to_string())?;
            pool.get().map_err(|e| e.to_string())?.batch_execute(&sql).map_err(|e| e.to_string())
        })
        .await
        .unwrap()
    }

    /// A client logged in as `username`.
    pub async fn login(&self, username: &str, password: &str) -> Client {
        let tokens = self.anonymous.login(username, password).await.unwrap();
        self.anonymous.with_token(&tokens.access_token)
    }

    /// Creates an account with [`PASSWORD`] through the API and logs it in.
    pub async fn user(&self, username: &str, role: Role, org_unit_id: Option<Uuid>) -> (User, Client) {
        let request = CreateUser { org_unit_id, ..new_user(username, role) };
        let user = self.admin.create_user(&request, None).await.unwrap();
        let client = self.login(username, PASSWORD).await;
        (user, client)
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        drop(self.handle.stop(false));
        match &self.database {
            Database::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Database::Postgres { server, name } => {
                let (server, name) = (server.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let _ =
                        postgres_admin(&server).batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
                })
                .join();
            }
        }
    }
}

/// An account of `role` with the tests' [`PASSWORD`], in no org unit and with no scope.
pub fn new_user(username: &str, role: Role) -> CreateUser {
    CreateUser {
        username: username.into(),
        display_name: format!("Người dùng {username}"),
        email: None,
        role,
        org_unit_id: None,
        password: PASSWORD.into(),
        scope_area_ids: Vec::new(),
        scope_area_group_ids: Vec::new(),
    }
}

/// Declares each test once for SQLite and once for PostgreSQL:
/// `both_backends! { async fn name(app) { … } }`.
#[macro_export]
macro_rules! both_backends {
    ($(async fn $name:ident($app:ident) $body:block)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let $app = $crate::support::TestApp::spawn($crate::support::Backend::Sqlite).await.unwrap();
                    $body
                }
            )*
        }
        mod postgres {
            #[allow(unused_imports)]
            use super::*;
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    let Some($app) = $crate::support::TestApp::spawn($crate::support::Backend::Postgres).await else {
                        eprintln!("skipped: DANVAN_TEST_POSTGRES_URL is not set");
                        return;
                    };
                    $body
                }
            )*
        }
    };
}

/// Asserts a problem of `status` and `code`; returns its (field, code) pairs.
#[track_caller]
pub fn refused<T: std::fmt::Debug>(
    result: Result<T, ClientError>,
    status: reqwest::StatusCode,
    code: &str,
) -> Vec<(String, String)> {
    match result {
        Err(error) => {
            assert_eq!(error.status(), Some(status.as_u16()), "{error}");
            assert_eq!(error.code(), Some(code), "{error:?}");
            error.problem().unwrap().errors.iter().map(|e| (e.field.clone(), e.code.clone())).collect()
        }
        Ok(value) => panic!("expected {status} {code}, got {value:?}"),
    }
}

/// `(field, code)` pairs as `refused` returns them.
pub fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect()
}

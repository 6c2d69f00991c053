//! Settings: defaults in code, then an optional TOML file (`DANVAN_CONFIG`), then
//! `DANVAN_*` environment variables. Secrets are never printed.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Every setting of the server. Field names are the TOML keys; the environment variable
/// of a field is `DANVAN_` and its name in capitals.
#[derive(Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address and port to listen on.
    pub bind: String,
    /// `sqlite://path/to/file.db` (default) or `postgres://user@host/db`.
    pub database_url: String,
    /// Where the server keeps its files (SQLite database, generated JWT secret and
    /// personal-data keys).
    pub data_dir: PathBuf,
    /// The built web app (`cargo xtask build-web` writes `frontend/dist`).
    pub web_dir: PathBuf,
    /// Secret that signs access tokens; generated and kept in `data_dir` when unset.
    pub jwt_secret: Option<String>,
    /// Keys that seal personal data: entries `id:key` (32 bytes in base64), `lookup:…` for
    /// lookup hashes, then the current key first; separated by commas, spaces or new lines.
    /// Unset, they are generated into and kept in `data_dir/personal-data-keys`.
    pub personal_data_keys: Option<String>,
    /// Lifetime of an access token, in seconds.
    pub access_token_ttl: i64,
    /// Lifetime of a refresh token, in seconds.
    pub refresh_token_ttl: i64,
    /// Longest a session lives from its login, however often it is refreshed, in seconds.
    pub session_max_secs: i64,
    /// How long after its rotation a refresh token is still taken (two tabs refreshing at
    /// once), in seconds; a later reuse ends the session as a theft.
    pub refresh_reuse_grace_secs: i64,
    /// How long an `Idempotency-Key` holds, in seconds; later the key starts a new request.
    pub idempotency_ttl_secs: i64,
    /// Origins allowed to call the API from a browser, comma-separated; empty for none.
    pub cors_origins: String,
    /// Whether the web app's refresh cookie is `Secure` (sent over HTTPS only). Browsers
    /// treat `http://localhost` and `http://127.0.0.1` as secure, so it stays on for local use.
    pub cookie_secure: bool,
    /// Comma-separated addresses or networks of the reverse proxies in front; only from
    /// these is `X-Forwarded-For` believed. Empty: none, the peer is the client.
    pub trusted_proxies: String,
    /// `json` (default) or `pretty`.
    pub log_format: String,
    /// Log filter, e.g. `info` or `danvan_server=debug,info`.
    pub log: String,
    /// Password of the first `admin` account, used once on an empty database.
    pub admin_password: Option<String>,
    /// Database connections per server.
    pub pool_size: u32,
    /// Whether `serve` applies pending migrations. `false` for a database role that may
    /// only read and write rows: the owner runs `danvan migrate` first, and a server
    /// finding a migration missing refuses to start.
    pub migrate_on_start: bool,
    /// How SQLite syncs commits: `full` (default; an acknowledged write survives power loss) or `normal`.
    pub sqlite_synchronous: danvan_store::db::Synchronous,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Largest file accepted by an upload (`POST /api/v1/attachments`), in bytes.
    pub max_upload_bytes: usize,
    /// Failed logins of an account (at one address, and from addresses it never signed in
    /// from) before each further attempt waits.
    pub login_max_failures_per_account: u32,
    /// Failed logins from one client address across accounts before each further attempt waits.
    pub login_max_failures_per_ip: u32,
    /// The longest wait between attempts once the failures are used up, in seconds (the
    /// wait starts at 1 s and doubles with each failure).
    pub login_max_wait_secs: u64,
    /// Failed logins are forgotten after this many seconds without one; longer than the
    /// longest wait, so that waiting it out does not give the failures back.
    pub login_window_secs: u64,
    /// Password hashes computed at once; further logins wait their turn.
    pub max_concurrent_hashes: usize,
    /// Logins that may wait for a turn to hash; more are refused with 503.
    pub max_queued_hashes: usize,
    /// How long a login waits for a turn to hash before it is refused with 503, in milliseconds.
    pub max_hash_wait_ms: u64,
    /// Bearer token that opens `GET /metrics` on the API's address; unset, that path is a 404.
    pub metrics_token: Option<String>,
    /// A second address (e.g. `127.0.0.1:9090`) that serves only `GET /metrics`, without a
    /// token: for a private network where the scraper runs. Unset, there is none.
    pub metrics_bind: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: "127.0.0.1:8080".into(),
            database_url: "sqlite://data/danvan.db".into(),
            data_dir: PathBuf::from("data"),
            web_dir: PathBuf::from("frontend/dist"),
            jwt_secret: None,
            personal_data_keys: None,
            access_token_ttl: 900,
            refresh_token_ttl: 30 * 24 * 3600,
            session_max_secs: 30 * 24 * 3600,
            refresh_reuse_grace_secs: 10,
            idempotency_ttl_secs: 24 * 3600,
            cors_origins: String::new(),
            cookie_secure: true,
            trusted_proxies: String::new(),
            log_format: "json".into(),
            log: "info".into(),
            admin_password: None,
            pool_size: 8,
            migrate_on_start: true,
            sqlite_synchronous: danvan_store::db::Synchronous::Full,
            max_body_bytes: 256 * 1024,
            max_upload_bytes: 10 * 1024 * 1024,
            login_max_failures_per_account: 5,
            login_max_failures_per_ip: 50,
            login_max_wait_secs: 900,
            login_window_secs: 3600,
            max_concurrent_hashes: 2,
            max_queued_hashes: 64,
            max_hash_wait_ms: 5_000,
            metrics_token: None,
            metrics_bind: None,
        }
    }
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field("data_dir", &self.data_dir)
            .field("web_dir", &self.web_dir)
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "<set>"))
            .field("personal_data_keys", &self.personal_data_keys.as_ref().map(|_| "<set>"))
            .field("access_token_ttl", &self.access_token_ttl)
            .field("refresh_token_ttl", &self.refresh_token_ttl)
            .field("cors_origins", &self.cors_origins)
            .field("cookie_secure", &self.cookie_secure)
            .field("log_format", &self.log_format)
            .field("pool_size", &self.pool_size)
            .field("migrate_on_start", &self.migrate_on_start)
            .field("sqlite_synchronous", &self.sqlite_synchronous)
            .field("metrics_token", &self.metrics_token.as_ref().map(|_| "<set>"))
            .field("metrics_bind", &self.metrics_bind)
            .finish_non_exhaustive()
    }
}

/// A database URL without its password.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}

impl Config {
    /// Reads the file named by `DANVAN_CONFIG` (if any), then the environment.
    pub fn load() -> Result<Config, String> {
        let mut config = match std::env::var("DANVAN_CONFIG") {
            Ok(path) => Config::from_file(Path::new(&path))?,
            Err(_) => Config::default(),
        };
        config.apply_env(|name| std::env::var(name).ok())?;
        Ok(config)
    }

    pub fn from_file(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Overrides settings from `DANVAN_*` variables, read through `var`.
    pub fn apply_env(&mut self, var: impl Fn(&str) -> Option<String>) -> Result<(), String> {
        fn parse<T: std::str::FromStr>(name: &str, value: String) -> Result<T, String> {
            value.parse().map_err(|_| format!("{name}: cannot read {value:?}"))
        }
        // An empty variable counts as unset, as compose files pass `${VAR:-}` through.
        let get = |key: &str| {
            let name = format!("DANVAN_{}", key.to_uppercase());
            var(&name).filter(|value| !value.is_empty()).map(|value| (name, value))
        };
        if let Some((_, v)) = get("bind") {
            self.bind = v;
        }
        if let Some((_, v)) = get("database_url") {
            self.database_url = v;
        }
        if let Some((_, v)) = get("data_dir") {
            self.data_dir = PathBuf::from(v);
        }
        if let Some((_, v)) = get("web_dir") {
            self.web_dir = PathBuf::from(v);
        }
        if let Some((_, v)) = get("jwt_secret") {
            self.jwt_secret = Some(v);
        }
        if let Some((_, v)) = get("personal_data_keys") {
            self.personal_data_keys = Some(v);
        }
        if let Some((n, v)) = get("access_token_ttl") {
            self.access_token_ttl = parse(&n, v)?;
        }
        if let Some((n, v)) = get("refresh_token_ttl") {
            self.refresh_token_ttl = parse(&n, v)?;
        }
        if let Some((n, v)) = get("session_max_secs") {
            self.session_max_secs = parse(&n, v)?;
        }
        if let Some((n, v)) = get("refresh_reuse_grace_secs") {
            self.refresh_reuse_grace_secs = parse(&n, v)?;
        }
        if let Some((n, v)) = get("idempotency_ttl_secs") {
            self.idempotency_ttl_secs = parse(&n, v)?;
        }
        if let Some((n, v)) = get("trusted_proxies") {
            crate::auth::address::parse_networks(&v).map_err(|e| format!("{n}: {e}"))?;
            self.trusted_proxies = v;
        }
        if let Some((n, v)) = get("cookie_secure") {
            self.cookie_secure = parse(&n, v)?;
        }
        if let Some((_, v)) = get("cors_origins") {
            self.cors_origins = v;
        }
        if let Some((_, v)) = get("log_format") {
            self.log_format = v;
        }
        if let Some((_, v)) = get("log") {
            self.log = v;
        }
        if let Some((_, v)) = get("admin_password") {
            self.admin_password = Some(v);
        }
        if let Some((n, v)) = get("pool_size") {
            self.pool_size = parse(&n, v)?;
        }
        if let Some((n, v)) = get("migrate_on_start") {
            self.migrate_on_start = parse(&n, v)?;
        }
        if let Some((n, v)) = get("sqlite_synchronous") {
            self.sqlite_synchronous = danvan_store::db::Synchronous::parse(&v)
                .ok_or_else(|| format!("{n} must be full or normal, not {v:?}"))?;
        }
        if let Some((n, v)) = get("max_body_bytes") {
            self.max_body_bytes = parse(&n, v)?;
        }
        if let Some((n, v)) = get("max_upload_bytes") {
            self.max_upload_bytes = parse(&n, v)?;
        }
        if let Some((n, v)) = get("login_max_failures_per_account") {
            self.login_max_failures_per_account = parse(&n, v)?;
        }
        if let Some((n, v)) = get("login_max_failures_per_ip") {
            self.login_max_failures_per_ip = parse(&n, v)?;
        }
        if let Some((n, v)) = get("login_max_wait_secs") {
            self.login_max_wait_secs = parse(&n, v)?;
        }
        if let Some((n, v)) = get("login_window_secs") {
            self.login_window_secs = parse(&n, v)?;
        }
        if let Some((n, v)) = get("max_concurrent_hashes") {
            self.max_concurrent_hashes = parse(&n, v)?;
        }
        if let Some((n, v)) = get("max_queued_hashes") {
            self.max_queued_hashes = parse(&n, v)?;
        }
        if let Some((n, v)) = get("max_hash_wait_ms") {
            self.max_hash_wait_ms = parse(&n, v)?;
        }
        if let Some((_, v)) = get("metrics_token") {
            self.metrics_token = Some(v);
        }
        if let Some((_, v)) = get("metrics_bind") {
            self.metrics_bind = Some(v);
        }
        self.validate()
    }

    fn validate(&self) -> Result<(), String> {
        if self.access_token_ttl < 30 || self.refresh_token_ttl < self.access_token_ttl {
            return Err("token lifetimes: access at least 30 s, refresh at least as long as access".into());
        }
        if self.session_max_secs < 1
            || !(0..=300).contains(&self.refresh_reuse_grace_secs)
            || self.idempotency_ttl_secs < 1
        {
            return Err(
                "session_max_secs and idempotency_ttl_secs at least 1 s, refresh_reuse_grace_secs 0–300 s".into()
            );
        }
        if !matches!(self.log_format.as_str(), "json" | "pretty") {
            return Err(format!("log_format must be json or pretty, not {:?}", self.log_format));
        }
        if self.jwt_secret.as_ref().is_some_and(|s| s.len() < 32) {
            return Err("jwt_secret must have at least 32 characters".into());
        }
        // Checked here so that a mistyped key stops the start, not the first sealed read.
        if let Some(keys) = &self.personal_data_keys {
            danvan_store::personal::Keyring::parse(keys).map_err(|e| match e {
                danvan_store::StoreError::Config(message) => message,
                other => other.to_string(),
            })?;
        }
        if self.login_max_wait_secs < 1 || self.login_window_secs <= self.login_max_wait_secs {
            return Err("login_max_wait_secs at least 1 s, and login_window_secs longer than it".into());
        }
        if self.metrics_token.as_ref().is_some_and(|s| s.len() < 16) {
            return Err("metrics_token must have at least 16 characters".into());
        }
        if self.pool_size == 0 || self.max_concurrent_hashes == 0 {
            return Err("pool_size and max_concurrent_hashes must be at least 1".into());
        }
        if self.max_upload_bytes == 0 {
            return Err("max_upload_bytes must be at least 1".into());
        }
        Ok(())
    }

    pub fn cors_origin_list(&self) -> Vec<String> {
        self.cors_origins.split(',').map(str::trim).filter(|o| !o.is_empty()).map(str::to_owned).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_defaults_and_rejects_bad_numbers() {
        let mut config = Config::default();
        let env = |name: &str| match name {
            "DANVAN_BIND" => Some("0.0.0.0:9000".to_owned()),
            "DANVAN_ACCESS_TOKEN_TTL" => Some("60".to_owned()),
            _ => None,
        };
        assert!(config.apply_env(env).is_ok());
        assert_eq!((config.bind.as_str(), config.access_token_ttl), ("0.0.0.0:9000", 60));
        let bad = |name: &str| (name == "DANVAN_POOL_SIZE").then(|| "many".to_owned());
        assert!(Config::default().apply_env(bad).is_err());
    }

    #[test]
    fn metrics_settings_come_from_the_environment_and_a_short_token_is_refused() {
        let mut config = Config::default();
        assert_eq!((config.metrics_token.as_deref(), config.metrics_bind.as_deref()), (None, None));
        let env = |name: &str| match name {
            "DANVAN_METRICS_TOKEN" => Some("a-token-long-enough".to_owned()),
            "DANVAN_METRICS_BIND" => Some("127.0.0.1:9090".to_owned()),
            _ => None,
        };
        assert!(config.apply_env(env).is_ok());
        assert_eq!(config.metrics_token.as_deref(), Some("a-token-long-enough"));
        assert_eq!(config.metrics_bind.as_deref(), Some("127.0.0.1:9090"));
        assert!(!format!("{config:?}").contains("a-token-long-enough"), "the token is never printed");
        let short = |name: &str| (name == "DANVAN_METRICS_TOKEN").then(|| "short".to_owned());
        assert!(Config::default().apply_env(short).is_err());
    }

    #[test]
    fn migrating_on_start_is_the_default_and_only_true_or_false_change_it() {
        assert!(Config::default().migrate_on_start);
        let mut config = Config::default();
        let off = |name: &str| (name == "DANVAN_MIGRATE_ON_START").then(|| "false".to_owned());
        assert!(config.apply_env(off).is_ok());
        assert!(!config.migrate_on_start);
        let vague = |name: &str| (name == "DANVAN_MIGRATE_ON_START").then(|| "no".to_owned());
        assert!(Config::default().apply_env(vague).is_err());
    }

    #[test]
    fn personal_data_keys_come_from_the_environment_are_checked_and_never_printed() {
        let key = "A".repeat(43);
        let keys = format!("lookup:{key},k1:{key}");
        let mut config = Config::default();
        let env = |name: &str| (name == "DANVAN_PERSONAL_DATA_KEYS").then(|| keys.clone());
        assert!(config.apply_env(env).is_ok());
        assert_eq!(config.personal_data_keys.as_deref(), Some(keys.as_str()));
        assert!(!format!("{config:?}").contains(&key), "the keys are never printed");
        let broken = |name: &str| (name == "DANVAN_PERSONAL_DATA_KEYS").then(|| format!("k1:{key}"));
        let refused = Config::default().apply_env(broken).err().unwrap_or_default();
        assert!(refused.contains("lookup") && !refused.contains(&key), "{refused}");
    }

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(redact_url("postgres://app:secret@db:5432/danvan"), "postgres://app:***@db:5432/danvan");
        assert_eq!(redact_url("sqlite://data/danvan.db"), "sqlite://data/danvan.db");
    }
}

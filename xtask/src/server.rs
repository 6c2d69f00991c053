//! A throwaway `danvan serve` for the steps that test a running server (fuzz, browser,
//! crash): a free port, a fresh SQLite database in a temporary directory, a known admin
//! password. The crash test kills one and starts it again on the same directory.

use crate::{http, util};
use std::ffi::OsString;
use std::fs::OpenOptions;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// User name of the account the server creates at its first start.
pub const ADMIN_USERNAME: &str = "admin";

/// Password of the `admin` account of the throwaway server.
pub const ADMIN_PASSWORD: &str = "xtask-throwaway-admin-password";

/// How long the server may take to answer `/healthz`.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(60);

/// Failed logins allowed before throttling: high, so the fuzzer is never throttled.
const LOGIN_MAX_FAILURES: &str = "100000";

/// Lifetime of the access token, in seconds: longer than any run.
const ACCESS_TOKEN_TTL: &str = "86400";

/// Lines of the server log shown after a failure.
pub const LOG_TAIL_LINES: usize = 60;

/// A `danvan serve` with its own data directory, stopped when dropped.
pub struct Server {
    child: Option<Child>,
    pub address: SocketAddr,
    data_dir: PathBuf,
    pub log: PathBuf,
}

impl Server {
    /// Starts the debug server of the step `name` (which names its log, `target/xtask/NAME-server.log`,
    /// and its data directory) with the extra settings `env`, and waits until it is healthy.
    pub fn start(name: &str, env: &[(&str, OsString)]) -> Result<Server, String> {
        Server::start_binary(name, &util::server_binary(), env)
    }

    /// [`Server::start`] with another build of the server, `binary`.
    pub fn start_binary(name: &str, binary: &Path, env: &[(&str, OsString)]) -> Result<Server, String> {
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let data_dir = std::env::temp_dir().join(format!("danvan-{name}-{}-{}", std::process::id(), stamp.as_millis()));
        std::fs::create_dir_all(&data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
        let log = util::xtask_dir().join(format!("{name}-server.log"));
        Server::launch(binary, data_dir, log, false, env)
    }

    /// Kills the server with SIGKILL, as a crash or a power cut would stop it, and leaves
    /// its data directory for [`Server::restart`].
    pub fn crash(mut self) -> Result<Restart, String> {
        let mut child = self.child.take().ok_or("the server is not running")?;
        child.kill().map_err(|e| format!("cannot kill the server: {e}"))?;
        child.wait().map_err(|e| format!("waiting for the killed server: {e}"))?;
        Ok(Restart { data_dir: self.data_dir.clone(), log: self.log.clone() })
    }

    /// Starts the debug server again on the data directory a [`Server::crash`] left, logging
    /// after what it logged before.
    pub fn restart(restart: Restart, env: &[(&str, OsString)]) -> Result<Server, String> {
        Server::launch(&util::server_binary(), restart.data_dir, restart.log, true, env)
    }

    fn launch(
        binary: &Path,
        data_dir: PathBuf,
        log: PathBuf,
        append_log: bool,
        env: &[(&str, OsString)],
    ) -> Result<Server, String> {
        let address = free_address()?;
        let xtask_dir = util::xtask_dir();
        std::fs::create_dir_all(&xtask_dir).map_err(|e| format!("{}: {e}", xtask_dir.display()))?;
        let log_file = OpenOptions::new()
            .create(true)
            .write(true)
            .append(append_log)
            .truncate(!append_log)
            .open(&log)
            .map_err(|e| format!("{}: {e}", log.display()))?;
        let log_err = log_file.try_clone().map_err(|e| e.to_string())?;

        let mut command = Command::new(binary);
        command.current_dir(util::repo_root()).arg("serve");
        // Only this run's settings (the log filter and format may come from outside).
        for (name, _) in std::env::vars_os() {
            let name = name.to_string_lossy();
            if name.starts_with("DANVAN_") && name != "DANVAN_LOG" && name != "DANVAN_LOG_FORMAT" {
                command.env_remove(name.as_ref());
            }
        }
        command
            .env("DANVAN_BIND", address.to_string())
            .env("DANVAN_DATA_DIR", &data_dir)
            .env("DANVAN_DATABASE_URL", format!("sqlite://{}", data_dir.join("danvan.db").display()))
            .env("DANVAN_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("DANVAN_LOGIN_MAX_FAILURES_PER_ACCOUNT", LOGIN_MAX_FAILURES)
            .env("DANVAN_LOGIN_MAX_FAILURES_PER_IP", LOGIN_MAX_FAILURES)
            .env("DANVAN_ACCESS_TOKEN_TTL", ACCESS_TOKEN_TTL)
            .envs(env.iter().map(|(name, value)| (name, value)))
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err);
        println!(
            "$ {} (on {address}, data in {}, log in {})",
            util::describe(&command),
            data_dir.display(),
            log.display()
        );
        let child = command.spawn().map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut server = Server { child: Some(child), address, data_dir, log };
        if let Err(e) = server.wait_until_healthy() {
            server.stop();
            eprintln!("--- {} ---\n{}\n---", server.log.display(), util::tail(&server.log, LOG_TAIL_LINES));
            return Err(e);
        }
        Ok(server)
    }

    fn wait_until_healthy(&mut self) -> Result<(), String> {
        let started = Instant::now();
        let mut last_error = String::new();
        while started.elapsed() < HEALTH_TIMEOUT {
            if let Some(child) = self.child.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    return Err(format!("the server exited before it was healthy ({status})"));
                }
            }
            match http::request(self.address, "GET", "/healthz", None) {
                Ok(response) if response.status == 200 => {
                    println!("The server is healthy after {}.", util::format_duration(started.elapsed()));
                    return Ok(());
                }
                Ok(response) => last_error = format!("GET /healthz answered {}", response.status),
                Err(e) => last_error = e,
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        Err(format!("the server was not healthy within {} s: {last_error}", HEALTH_TIMEOUT.as_secs()))
    }

    /// The URL of the server's root, `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// Logs in as `admin`; the access token.
    pub fn login(&self) -> Result<String, String> {
        let body = format!(r#"{{"username":"{ADMIN_USERNAME}","password":"{ADMIN_PASSWORD}"}}"#);
        let response = http::request(self.address, "POST", "/api/v1/auth/login", Some(&body))?;
        if response.status != 200 {
            return Err(format!("logging in as admin answered {}: {}", response.status, response.body));
        }
        http::json_string_field(&response.body, "access_token")
            .ok_or_else(|| format!("no access_token in the login response: {}", response.body))
    }

    /// Stops the server and passes `result` on; a failure also shows the end of its log.
    pub fn finish<T>(mut self, result: Result<T, String>) -> Result<T, String> {
        self.stop();
        if result.is_err() {
            eprintln!(
                "\n--- last {LOG_TAIL_LINES} lines of {} ---\n{}\n--- end of server log ---",
                self.log.display(),
                util::tail(&self.log, LOG_TAIL_LINES)
            );
        }
        result
    }

    /// Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its data directory.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Ok(None) = child.try_wait() {
                let _ = Command::new("kill")
                    .args(["-TERM", &child.id().to_string()])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
                let deadline = Instant::now() + Duration::from_secs(10);
                while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                    std::thread::sleep(Duration::from_millis(100));
                }
                if let Ok(None) = child.try_wait() {
                    let _ = child.kill();
                }
            }
            let _ = child.wait();
            let _ = std::fs::remove_dir_all(&self.data_dir);
        }
    }
}

/// What a crashed server leaves for its restart.
pub struct Restart {
    data_dir: PathBuf,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A port on 127.0.0.1 that nothing listens on right now.
fn free_address() -> Result<SocketAddr, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map_err(|e| e.to_string())
}

//! The `fuzz` step: schemathesis against a fresh server, checking that the API behaves as
//! `openapi/openapi.json` says.

use crate::checks::Summary;
use crate::{http, util};
use std::fs::File;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The schemathesis release installed into `target/xtask/venv`. Its CLI flags differ
/// between 4.x releases: check `schemathesis run --help` before changing it.
const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// Test cases per operation in each generating phase (`--max-examples`). More finds more
/// and takes longer. Measured on 2 cores with 2 workers: 50 → about 45 s, 100 → about
/// 55 s, 200 → about 100 s for the schemathesis run (~2,400 / 3,400 / 5,700 requests).
const MAX_EXAMPLES: u32 = 100;

/// Overrides [`MAX_EXAMPLES`] for one run, e.g. `XTASK_FUZZ_MAX_EXAMPLES=500 cargo xtask test --only fuzz`.
const MAX_EXAMPLES_VAR: &str = "XTASK_FUZZ_MAX_EXAMPLES";

/// What schemathesis checks on every response (`--checks`):
/// - not_a_server_error: no 5xx;
/// - status_code_conformance: the status is one the document lists for the operation;
/// - content_type_conformance: the Content-Type is one it lists for that status;
/// - response_schema_conformance: the body matches the schema it gives for that status;
/// - negative_data_rejection: requests that break the schema are answered with a 4xx.
const CHECKS: &[&str] = &[
    "not_a_server_error",
    "status_code_conformance",
    "content_type_conformance",
    "response_schema_conformance",
    "negative_data_rejection",
];

/// Every phase schemathesis has (`--phases`): examples from the document, the coverage
/// phase's boundary values, random fuzzing, and stateful sequences along links.
const PHASES: &str = "examples,coverage,fuzzing,stateful";

/// Seed of the generator, so that a run can be repeated.
const SEED: u32 = 42;

/// Concurrent schemathesis workers (`--workers`); the server shares the 2 cores.
const WORKERS: u32 = 2;

/// Password of the `admin` account of the throwaway server.
const ADMIN_PASSWORD: &str = "xtask-fuzz-admin-password";

/// How long the server may take to answer `/healthz`.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(60);

/// Failed logins allowed before throttling: high, so the fuzzer is never throttled.
const LOGIN_MAX_FAILURES: &str = "100000";

/// Lifetime of the access token, in seconds: longer than any run.
const ACCESS_TOKEN_TTL: &str = "86400";

/// Lines of the server log shown after a failure.
const LOG_TAIL_LINES: usize = 60;

/// Schemathesis hooks (`SCHEMATHESIS_HOOKS`), written to `target/xtask/` for each run.
///
/// The fuzzer learns the ids of existing records from responses, including the id of the
/// admin account whose token it uses (from `/api/v1/me`): resetting that account's
/// password (`POST /api/v1/users/{id}/password`) or deactivating it revokes the token, and
/// every later request is then answered 401. Requests that would change that account go to
/// a user id that does not exist instead, so the rest of the run stays authenticated.
const HOOKS_PY: &str = r#""""Schemathesis hooks of `cargo xtask test`: written by xtask/src/fuzz.rs on each run."""
import json
import os
import urllib.request

import schemathesis

_BASE_URL = os.environ["XTASK_FUZZ_URL"]
_TOKEN = os.environ["XTASK_FUZZ_TOKEN"]
_STAND_IN_ID = "00000000-0000-4000-8000-000000000000"

with urllib.request.urlopen(
    urllib.request.Request(_BASE_URL + "/api/v1/me", headers={"Authorization": "Bearer " + _TOKEN}), timeout=30
) as _response:
    _OWN_ID = json.load(_response)["user"]["id"]


@schemathesis.hook
def before_call(context, case, kwargs):
    """Keeps the fuzzer from resetting the password of, or deactivating, its own account."""
    if (
        case.operation.path.startswith("/api/v1/users/{id}")
        and case.method.upper() != "GET"
        and str(case.path_parameters.get("id")) == _OWN_ID
    ):
        case.path_parameters["id"] = _STAND_IN_ID
"#;

pub fn fuzz_step(summary: &mut Summary) -> Result<(), String> {
    let schemathesis = summary.timed("fuzz: venv", ensure_schemathesis)?;
    summary.timed("fuzz: build", crate::build_server)?;
    let mut server = summary.timed("fuzz: start server", Server::start)?;
    let result = summary.timed("fuzz: schemathesis", || {
        let token = server.login()?;
        run_schemathesis(&schemathesis, server.address, &token)
    });
    server.stop();
    if result.is_err() {
        eprintln!(
            "\n--- last {LOG_TAIL_LINES} lines of {} ---\n{}\n--- end of server log ---",
            server.log.display(),
            util::tail(&server.log, LOG_TAIL_LINES)
        );
    }
    result
}

/// Makes `target/xtask/venv` with schemathesis in it; the path of its `schemathesis`.
fn ensure_schemathesis() -> Result<PathBuf, String> {
    let venv = util::xtask_dir().join("venv");
    let python = venv.join("bin").join("python");
    let installed = if python.exists() { installed_version(&python) } else { Err(()) };
    match installed {
        Ok(Some(version)) if version == SCHEMATHESIS_VERSION => {
            println!("schemathesis {version} is already installed in {}.", venv.display());
        }
        result => {
            if result.is_err() {
                if venv.exists() {
                    println!("{} does not work; making it anew.", venv.display());
                    std::fs::remove_dir_all(&venv).map_err(|e| format!("{}: {e}", venv.display()))?;
                }
                util::run_status(Command::new("python3").arg("-m").arg("venv").arg(&venv))
                    .map_err(|e| format!("{e} (on Debian: apt-get install python3-venv)"))?;
            }
            util::run_status(Command::new(&python).args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                &format!("schemathesis=={SCHEMATHESIS_VERSION}"),
            ]))?;
        }
    }
    Ok(venv.join("bin").join("schemathesis"))
}

/// The installed schemathesis version; `Err` when the venv's Python does not run.
fn installed_version(python: &Path) -> Result<Option<String>, ()> {
    let output = Command::new(python)
        .args(["-c", "import importlib.metadata as m; print(m.version('schemathesis'))"])
        .stderr(Stdio::null())
        .output()
        .map_err(|_| ())?;
    Ok(output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned()))
}

/// A `danvan serve` with its own data directory, stopped when dropped.
struct Server {
    child: Option<Child>,
    address: SocketAddr,
    data_dir: PathBuf,
    log: PathBuf,
}

impl Server {
    fn start() -> Result<Server, String> {
        let address = free_address()?;
        let xtask_dir = util::xtask_dir();
        std::fs::create_dir_all(&xtask_dir).map_err(|e| format!("{}: {e}", xtask_dir.display()))?;
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let data_dir = std::env::temp_dir().join(format!("danvan-fuzz-{}-{}", std::process::id(), stamp.as_millis()));
        std::fs::create_dir_all(&data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
        let log = xtask_dir.join("fuzz-server.log");
        let log_file = File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let log_err = log_file.try_clone().map_err(|e| e.to_string())?;

        let mut command = Command::new(util::server_binary());
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
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err);
        println!(
            "$ {} (on {address}, data in {}, log in {})",
            util::describe(&command),
            data_dir.display(),
            log.display()
        );
        let child = command.spawn().map_err(|e| format!("cannot start {}: {e}", util::server_binary().display()))?;
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

    /// Logs in as `admin`; the access token.
    fn login(&self) -> Result<String, String> {
        let body = format!(r#"{{"username":"admin","password":"{ADMIN_PASSWORD}"}}"#);
        let response = http::request(self.address, "POST", "/api/v1/auth/login", Some(&body))?;
        if response.status != 200 {
            return Err(format!("logging in as admin answered {}: {}", response.status, response.body));
        }
        http::json_string_field(&response.body, "access_token")
            .ok_or_else(|| format!("no access_token in the login response: {}", response.body))
    }

    /// Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its data directory.
    fn stop(&mut self) {
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

fn max_examples() -> Result<u32, String> {
    match std::env::var(MAX_EXAMPLES_VAR) {
        Ok(value) if !value.trim().is_empty() => match value.trim().parse() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(format!("{MAX_EXAMPLES_VAR} must be a whole number of at least 1, not {value:?}")),
        },
        _ => Ok(MAX_EXAMPLES),
    }
}

fn run_schemathesis(schemathesis: &Path, address: SocketAddr, token: &str) -> Result<(), String> {
    let report = util::xtask_dir().join("schemathesis-junit.xml");
    let hooks = util::xtask_dir().join("schemathesis_hooks.py");
    std::fs::write(&hooks, HOOKS_PY).map_err(|e| format!("{}: {e}", hooks.display()))?;
    let mut command = Command::new(schemathesis);
    command
        .current_dir(util::repo_root())
        .env("SCHEMATHESIS_HOOKS", &hooks)
        .env("XTASK_FUZZ_URL", format!("http://{address}"))
        .env("XTASK_FUZZ_TOKEN", token)
        .args(["run", "openapi/openapi.json", "--url", &format!("http://{address}")])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        .args(["--checks", &CHECKS.join(",")])
        .args(["--phases", PHASES])
        .args(["--seed", &SEED.to_string()])
        .args(["--max-examples", &max_examples()?.to_string()])
        .args(["--workers", &WORKERS.to_string()])
        .args(["--generation-database", "none"])
        .args(["--request-timeout", "30"])
        .args(["--report", "junit", "--report-junit-path"])
        .arg(&report);
    let line = util::describe(&command).replace(token, "<token>");
    println!("$ {line}");
    let status = command.status().map_err(|e| format!("cannot start schemathesis: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("schemathesis found problems ({status}); JUnit report in {}", report.display()))
    }
}

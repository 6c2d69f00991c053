//! `cargo xtask test`: every check in order, with a summary of what ran and how long it took.

use crate::util;
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The PostgreSQL server the tests use, and the URL they get when none is set.
const POSTGRES_HOST: &str = "127.0.0.1";
const POSTGRES_PORT: u16 = 5432;
const DEFAULT_TEST_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";
const POSTGRES_URL_VAR: &str = "DANVAN_TEST_POSTGRES_URL";
/// How long to wait for PostgreSQL after starting it.
const POSTGRES_START_TIMEOUT: Duration = Duration::from_secs(30);

/// The steps of `cargo xtask test`, in the order they run.
const STEPS: [&str; 6] = ["fmt", "clippy", "test", "crash", "browser", "fuzz"];

pub struct Options {
    /// Steps to run; every one when empty.
    only: Vec<String>,
    /// Steps left out with `--skip-STEP`.
    skip: Vec<&'static str>,
}

impl Options {
    fn selects(&self, step: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|s| s == step)) && !self.skip.contains(&step)
    }
}

pub fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options { only: Vec::new(), skip: Vec::new() };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let step = match arg.as_str() {
            "--skip-fuzz" => {
                options.skip.push("fuzz");
                continue;
            }
            "--skip-browser" => {
                options.skip.push("browser");
                continue;
            }
            "--only" => args.next().ok_or_else(|| format!("--only needs a step: {}", STEPS.join(", ")))?.clone(),
            other => match other.strip_prefix("--only=") {
                Some(step) => step.to_owned(),
                None => return Err(format!("unknown option {other:?}; see `cargo xtask help`")),
            },
        };
        if !STEPS.contains(&step.as_str()) {
            return Err(format!("unknown step {step:?}; the steps are {}", STEPS.join(", ")));
        }
        options.only.push(step);
    }
    Ok(options)
}

/// One line of the final summary.
struct Row {
    name: String,
    duration: Option<Duration>,
    outcome: String,
}

#[derive(Default)]
pub struct Summary {
    rows: Vec<Row>,
    /// Steps (not substeps) that passed, failed, and were skipped or not run.
    passed: usize,
    failed: usize,
    skipped: usize,
}

impl Summary {
    /// Runs `f` as a (sub)step named `name` and records its duration and outcome.
    pub fn timed<T>(&mut self, name: &str, f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
        let started = Instant::now();
        let result = f();
        let outcome = match &result {
            Ok(_) => "ok",
            Err(_) => "FAILED",
        };
        self.record(name, Some(started.elapsed()), outcome);
        result
    }

    pub fn record(&mut self, name: &str, duration: Option<Duration>, outcome: &str) {
        self.rows.push(Row { name: name.to_owned(), duration, outcome: outcome.to_owned() });
    }

    fn print(&self, total: Duration) {
        let width = self.rows.iter().map(|r| r.name.len()).max().unwrap_or(0);
        println!("\n==> Summary");
        for row in &self.rows {
            let duration = row.duration.map(util::format_duration).unwrap_or_default();
            println!("  {:<width$}  {:>9}  {}", row.name, duration, row.outcome);
        }
        println!("  {:<width$}  {:>9}", "total", util::format_duration(total));
        println!("steps: {} passed, {} failed, {} skipped", self.passed, self.failed, self.skipped);
    }
}

pub fn run_all(options: &Options) -> Result<(), String> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let result = run_steps(options, &mut summary);
    summary.print(started.elapsed());
    // The steps line is the last one on success: CI reads it as the closing line.
    result.map_err(|(step, message)| format!("step `{step}` failed: {message}"))
}

fn run_steps(options: &Options, summary: &mut Summary) -> Result<(), (&'static str, String)> {
    let mut failed: Option<(&'static str, String)> = None;
    for step in STEPS {
        if failed.is_some() {
            summary.record(step, None, "not run");
            summary.skipped += 1;
            continue;
        }
        if !options.selects(step) {
            summary.record(step, None, "skipped");
            summary.skipped += 1;
            continue;
        }
        println!("\n==> [{step}]");
        let result = match step {
            "fmt" => summary.timed("fmt", || util::run_status(util::cargo().args(["fmt", "--all", "--", "--check"]))),
            "clippy" => summary.timed("clippy", || {
                util::run_status(util::cargo().args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))
            }),
            "test" => test_step(summary),
            "crash" => crate::crash::crash_step(summary),
            "browser" => crate::browser::browser_step(summary),
            _ => crate::fuzz::fuzz_step(summary),
        };
        match result {
            Ok(()) => summary.passed += 1,
            Err(message) => {
                eprintln!("\nxtask: step `{step}` failed: {message}");
                summary.failed += 1;
                failed = Some((step, message));
            }
        }
    }
    failed.map_or(Ok(()), Err)
}

/// PostgreSQL, then `cargo test --workspace`.
fn test_step(summary: &mut Summary) -> Result<(), String> {
    let started = Instant::now();
    let postgres = ensure_postgres();
    let outcome = match postgres {
        Ok(true) => "ok",
        Ok(false) => "WARNING: not reachable",
        Err(_) => "FAILED",
    };
    summary.record("test: postgres", Some(started.elapsed()), outcome);
    let postgres_up = postgres?;
    let mut command = util::cargo();
    command.args(["test", "--workspace"]);
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(url) if !url.is_empty() => println!("{POSTGRES_URL_VAR} is already set; using it."),
        _ if postgres_up => {
            println!("{POSTGRES_URL_VAR}={DEFAULT_TEST_POSTGRES_URL}");
            command.env(POSTGRES_URL_VAR, DEFAULT_TEST_POSTGRES_URL);
        }
        _ => println!("{POSTGRES_URL_VAR} is not set: the PostgreSQL tests will skip themselves."),
    }
    summary.timed("test: cargo test", || util::run_status(&mut command))
}

pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Whether PostgreSQL is up when this returns; an error only with CI=true.
fn ensure_postgres() -> Result<bool, String> {
    if postgres_ready() {
        println!("PostgreSQL is accepting connections on {POSTGRES_HOST}:{POSTGRES_PORT}.");
        return Ok(true);
    }
    println!("PostgreSQL is not answering on {POSTGRES_HOST}:{POSTGRES_PORT}; trying to start it.");
    if start_postgres() {
        let deadline = Instant::now() + POSTGRES_START_TIMEOUT;
        while Instant::now() < deadline {
            if postgres_ready() {
                println!("PostgreSQL is up.");
                return Ok(true);
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    }
    if is_ci() {
        return Err(format!(
            "PostgreSQL is not reachable on {POSTGRES_HOST}:{POSTGRES_PORT} and CI=true: \
             the PostgreSQL tests must not be skipped in CI"
        ));
    }
    eprintln!(
        "\n\
         ************************************************************************\n\
         WARNING: PostgreSQL is not reachable on {POSTGRES_HOST}:{POSTGRES_PORT}.\n\
         The tests run WITHOUT PostgreSQL: its half of the suite is NOT checked.\n\
         Start it with:\n\
         \x20 pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n\
         ************************************************************************\n"
    );
    Ok(false)
}

fn postgres_ready() -> bool {
    let port = POSTGRES_PORT.to_string();
    let status = Command::new("pg_isready")
        .args(["-h", POSTGRES_HOST, "-p", &port])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match status {
        Ok(status) => status.success(),
        // No pg_isready here: an open port will have to do.
        Err(_) => {
            let address = SocketAddr::from(([127, 0, 0, 1], POSTGRES_PORT));
            TcpStream::connect_timeout(&address, Duration::from_secs(2)).is_ok()
        }
    }
}

/// Runs `pg_ctlcluster --skip-systemctl-redirect VERSION main start` for each cluster
/// under /etc/postgresql; whether it tried any (one that says it is already running
/// may still be starting up, so the caller waits either way).
fn start_postgres() -> bool {
    if !util::on_path("pg_ctlcluster") {
        println!("pg_ctlcluster is not installed; cannot start PostgreSQL.");
        return false;
    }
    let mut versions: Vec<String> = std::fs::read_dir("/etc/postgresql")
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().join("main").is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    if versions.is_empty() {
        println!("No cluster under /etc/postgresql/*/main; cannot start PostgreSQL.");
    }
    let mut tried = false;
    for version in versions {
        let mut command = Command::new("pg_ctlcluster");
        command.args(["--skip-systemctl-redirect", &version, "main", "start"]);
        if let Err(e) = util::run_status(&mut command) {
            eprintln!("{e}");
        }
        tried = true;
    }
    tried
}

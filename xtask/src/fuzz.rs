//! The `fuzz` step: schemathesis against a fresh server, checking that the API behaves as
//! `openapi/openapi.json` says.

use crate::checks::Summary;
use crate::server::Server;
use crate::util;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The schemathesis release installed into `target/xtask/venv`. Its CLI flags differ
/// between 4.x releases: check `schemathesis run --help` before changing it.
const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// Test cases per operation in each generating phase (`--max-examples`). More finds more
/// and takes longer. Measured on 2 cores with 2 workers: 50 → about 45 s, 100 → 55–65 s,
/// 200 → about 100 s for the schemathesis run (~2,400 / 3,400 / 5,700 requests).
const MAX_EXAMPLES: u32 = 100;

/// Overrides [`MAX_EXAMPLES`] for one run, e.g. `XTASK_FUZZ_MAX_EXAMPLES=500 cargo xtask test --only fuzz`.
const MAX_EXAMPLES_VAR: &str = "XTASK_FUZZ_MAX_EXAMPLES";

/// Schemathesis runs every check it has (none is left out). Two expect answers that are
/// wrong for this API, so its configuration (`schemathesis.toml` in the run's directory)
/// adds the documented ones:
/// - positive_data_acceptance expects schema-valid requests to be answered 2xx, 401, 403,
///   404 or 409. This API also answers 422 to data that fits the schema but not the stored
///   records or the rules between fields (an id of no record, a taken code, a period that
///   ends before it starts, a cursor this list never returned), and 412 to a well-formed
///   `If-Match` that is not the record's current version (RFC 9110 §13.1.1): no schema can
///   say those. A 400 for schema-valid data still fails: it would mean the document and
///   the server disagree.
/// - missing_required_header expects 400, 401, 403, 406 or 422 for a missing required
///   header. A missing `If-Match` is 428 Precondition Required, as RFC 6585 §3 defines it.
const CONFIG: &str = r#"[checks]
positive_data_acceptance.expected-statuses = ["2xx", "401", "403", "404", "409", "412", "422"]
missing_required_header.expected-statuses = [400, 401, 403, 406, 422, 428]
"#;

/// Every phase schemathesis has (`--phases`): examples from the document, the coverage
/// phase's boundary values, random fuzzing, and stateful sequences along links.
const PHASES: &str = "examples,coverage,fuzzing,stateful";

/// Seed of the generator, so that a run can be repeated.
const SEED: u32 = 42;

/// Concurrent schemathesis workers (`--workers`); the server shares the 2 cores.
const WORKERS: u32 = 2;

pub fn fuzz_step(summary: &mut Summary) -> Result<(), String> {
    let schemathesis = summary.timed("fuzz: venv", ensure_schemathesis)?;
    summary.timed("fuzz: build", crate::build_server)?;
    let server = summary.timed("fuzz: start server", || Server::start("fuzz", &[]))?;
    let result = summary
        .timed("fuzz: schemathesis", || {
            let token = server.login()?;
            run_schemathesis(&schemathesis, server.address, Some(&token))
        })
        // The public operations (no security in the document) once more, with no token at all:
        // they must answer as documented to anyone.
        .and_then(|()| {
            summary.timed("fuzz: schemathesis, public", || run_schemathesis(&schemathesis, server.address, None))
        });
    server.finish(result)
}

/// The operations anyone may call without a token (`security` absent in the document).
const PUBLIC_PATHS: &str = "^/api/v1/public/";

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

fn max_examples() -> Result<u32, String> {
    match std::env::var(MAX_EXAMPLES_VAR) {
        Ok(value) if !value.trim().is_empty() => match value.trim().parse() {
            Ok(n) if n >= 1 => Ok(n),
            _ => Err(format!("{MAX_EXAMPLES_VAR} must be a whole number of at least 1, not {value:?}")),
        },
        _ => Ok(MAX_EXAMPLES),
    }
}

/// Runs schemathesis in `target/xtask/schemathesis/`, made anew for each run: its caches
/// (`.schemathesis/`, used by `st replay`, and `.hypothesis/`) stay there until the next run
/// instead of landing in the repository, and a run does not replay the failures of the last.
/// With a token: every operation, sending it; without: the public operations only
/// ([`PUBLIC_PATHS`]), in `target/xtask/schemathesis-public/`.
fn run_schemathesis(schemathesis: &Path, address: SocketAddr, token: Option<&str>) -> Result<(), String> {
    let work_dir = util::xtask_dir().join(if token.is_some() { "schemathesis" } else { "schemathesis-public" });
    if work_dir.exists() {
        std::fs::remove_dir_all(&work_dir).map_err(|e| format!("{}: {e}", work_dir.display()))?;
    }
    std::fs::create_dir_all(&work_dir).map_err(|e| format!("{}: {e}", work_dir.display()))?;
    let config = work_dir.join("schemathesis.toml");
    std::fs::write(&config, CONFIG).map_err(|e| format!("{}: {e}", config.display()))?;
    let report = work_dir.join("junit.xml");
    let mut command = Command::new(schemathesis);
    command
        .current_dir(&work_dir)
        .arg("run")
        .arg(util::repo_root().join("openapi").join("openapi.json"))
        .args(["--url", &format!("http://{address}")]);
    match token {
        Some(token) => command.args(["-H", &format!("Authorization: Bearer {token}")]),
        None => command.args(["--include-path-regex", PUBLIC_PATHS]),
    };
    command
        .args(["--phases", PHASES])
        .args(["--seed", &SEED.to_string()])
        .args(["--max-examples", &max_examples()?.to_string()])
        .args(["--workers", &WORKERS.to_string()])
        .args(["--generation-database", "none"])
        .args(["--request-timeout", "30"])
        .args(["--report", "junit", "--report-junit-path"])
        .arg(&report);
    let line = match token {
        Some(token) => util::describe(&command).replace(token, "<token>"),
        None => util::describe(&command),
    };
    println!("$ cd {} && {line}", work_dir.display());
    let status = command.status().map_err(|e| format!("cannot start schemathesis: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("schemathesis found problems ({status}); see its report above and {}", report.display()))
    }
}

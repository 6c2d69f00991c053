//! Project commands for Dân vận, run as `cargo xtask <command>` (see `cargo xtask help`).
//!
//! Standard library only, so that it builds in seconds on a fresh machine.

mod checks;
mod fuzz;
mod http;
mod util;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command> [options]

Commands:
  run [ARGS...]        Build the server and run `danvan serve [ARGS...]` from the
                       repository root (database in ./data/danvan.db), with the
                       current environment (DANVAN_* settings pass through).
  export-openapi       Regenerate openapi/openapi.json from the server code.
  test [OPTIONS]       Run every check, in order, stopping at the first failure:
                         fmt     cargo fmt --all -- --check
                         clippy  cargo clippy --workspace --all-targets -- -D warnings
                         test    make sure PostgreSQL runs on 127.0.0.1:5432 (starts it
                                 with pg_ctlcluster if needed), set
                                 DANVAN_TEST_POSTGRES_URL unless already set, then
                                 cargo test --workspace
                         fuzz    schemathesis (in target/xtask/venv) against a fresh
                                 `danvan serve` on a free port, using openapi/openapi.json
                       Options:
                         --skip-fuzz   run everything but the fuzz step
                         --only STEP   run only STEP (fmt, clippy, test or fuzz);
                                       may be given more than once
  help                 Show this help.

With CI=true, a PostgreSQL server that cannot be reached fails the test step;
otherwise it only prints a warning and the PostgreSQL tests skip themselves.
XTASK_FUZZ_MAX_EXAMPLES=N overrides the number of test cases per operation of
the fuzz step (--max-examples; the default is in xtask/src/fuzz.rs).
The fuzz step logs the server to target/xtask/fuzz-server.log and runs
schemathesis in target/xtask/schemathesis/ (its JUnit report and caches).
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        print!("{HELP}");
        return ExitCode::FAILURE;
    };
    let result = match command.as_str() {
        "run" => run(rest),
        "export-openapi" => export_openapi(rest),
        "test" => checks::parse_options(rest).and_then(|options| checks::run_all(&options)),
        "help" | "--help" | "-h" => {
            print!("{HELP}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}; see `cargo xtask help`")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask run`: build the server and run it from the repository root.
fn run(args: &[String]) -> Result<(), String> {
    build_server()?;
    let root = util::repo_root();
    let binary = util::server_binary();
    let mut command = std::process::Command::new(&binary);
    command.current_dir(&root).arg("serve").args(args);
    util::run_status(&mut command)
}

/// `cargo build -p danvan-server` from the repository root.
pub fn build_server() -> Result<(), String> {
    util::run_status(util::cargo().args(["build", "-p", "danvan-server"]))
}

/// `cargo xtask export-openapi`.
fn export_openapi(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("export-openapi takes no arguments, got {arg:?}"));
    }
    util::run_status(util::cargo().args([
        "run",
        "-p",
        "danvan-server",
        "--",
        "export-openapi",
        "--output",
        "openapi/openapi.json",
    ]))
}

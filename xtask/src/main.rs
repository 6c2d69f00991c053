//! Project commands for Dân vận, run as `cargo xtask <command>` (see `cargo xtask help`).
//!
//! Few and small dependencies (compression and hashing for `build-web`), so that it builds
//! in seconds on a fresh machine.

mod bench;
mod browser;
mod checks;
mod crash;
mod dist;
mod fuzz;
mod http;
mod server;
mod util;
mod web;

use std::process::ExitCode;

const HELP: &str = "\
cargo xtask <command> [options]

Commands:
  run [ARGS...]        Build the web app (as build-web does) and the server, and run
                       `danvan serve [ARGS...]` from the repository root (database in
                       ./data/danvan.db, web app from ./frontend/dist), with the
                       current environment (DANVAN_* settings pass through).
  build-web [--app staff|public] [--frontend DIR]
                       Build the staff web app of frontend/ into frontend/dist/, which
                       the server serves at /, and the public app of frontend/public/
                       (aid transparency, no login) into frontend/dist/public/, served
                       at /public/ (or only the one --app names, or only the app of
                       DIR into DIR/dist/). Each:
                         - rustup target add wasm32-unknown-unknown (a failure is
                           only reported);
                         - cargo build --target wasm32-unknown-unknown
                           --profile wasm-release (see the root Cargo.toml);
                         - wasm-bindgen --target web, of the version in Cargo.lock,
                           installed into target/xtask/tools when missing;
                         - npm ci in frontend/ when its packages changed, then
                           wasm-opt -Oz from the npm package binaryen (skipped with a
                           note when npm is not installed);
                         - content-hashed danvan-web-HASH.js, danvan-web-HASH_bg.wasm,
                           style-HASH.css and boot-HASH.js (starts the app; no
                           inline script), index.html from frontend/index.html
                           (its line `<!-- danvan:assets -->` becomes the tags that
                           load them), and a .gz and .br beside every file but
                           index.html.
                       Prints the sizes, raw and compressed, and the wasm + js total
                       gzipped against the budget of 1,100 KB (the public app: 150 KB,
                       and the build fails above it). Does nothing but print
                       them when nothing that goes into the build changed.
  dist                 Build what a deployment ships into target/dist/ (in
                       CARGO_TARGET_DIR when set; made anew each time):
                         - target/dist/web/: the web app, built as build-web does
                           (into frontend/dist/) and copied;
                         - target/dist/danvan: the server,
                           cargo build --release -p danvan-server.
                       Run it with DANVAN_WEB_DIR=target/dist/web; the Dockerfile
                       runs exactly this command and copies both.
  export-openapi       Regenerate openapi/openapi.json from the server code.
  test [OPTIONS]       Run every check, in order, stopping at the first failure:
                         fmt      cargo fmt --all -- --check
                         clippy   cargo clippy --workspace --all-targets -- -D warnings
                         test     make sure PostgreSQL runs on 127.0.0.1:5432 (starts it
                                  with pg_ctlcluster if needed), set
                                  DANVAN_TEST_POSTGRES_URL unless already set, then
                                  cargo test --workspace
                         crash    a fresh debug `danvan serve` on SQLite, written to by
                                  concurrent creates of org units, killed with SIGKILL
                                  at 5 random moments; after each restart every create
                                  answered 2xx must be readable by its id and have its
                                  audit row (log in target/xtask/crash-server.log;
                                  XTASK_CRASH_SEED=N repeats the kill times of a run)
                         browser  Debian's Chromium at /usr/bin/chromium (with CI=true,
                                  apt-get installs it when missing; otherwise its absence
                                  fails the step), npm ci in frontend/ when needed,
                                  `cargo xtask dist`, a fresh `danvan serve` of
                                  target/dist/danvan on a free port serving
                                  target/dist/web (checked: /readyz answers 200, / is
                                  its index.html), then `node --test frontend/e2e/`
                                  (playwright-core) against it; screenshots go to
                                  target/screenshots/
                         fuzz     schemathesis (in target/xtask/venv) against a fresh
                                  `danvan serve` on a free port, using openapi/openapi.json
                       Options:
                         --skip-fuzz      run everything but the fuzz step
                         --skip-browser   run everything but the browser step
                         --only STEP      run only STEP (fmt, clippy, test, crash,
                                          browser or fuzz); may be given more than once
  bench [OPTIONS]      The benchmark of issue 10 (docs/performance.md); not part of
                       `test`, and slow figures never fail it:
                         - cargo build --release -p danvan-server;
                         - Debian's wrk, installed with apt-get when missing (as
                           root; otherwise it says how);
                         - a fresh database: SQLite in target/bench/sqlite-N/, or a
                           new database on PostgreSQL with --postgres (dropped
                           afterwards), loaded by `danvan seed-demo` and
                           `danvan seed-synthetic --tasks N --teams M`, then
                           `danvan seed-synthetic --aid-ledger L` (timed apart);
                         - `danvan serve` pinned to CPU 0 (taskset), wrk pinned to
                           CPU 1, logged in as the demo leader `lanhdao` (the aid
                           scenarios as the Office's `vanphong`);
                         - per scenario a warm-up, then wrk for the duration with a
                           Lua script written to target/bench/: the task list
                           filtered by a random status and province (by due date,
                           -priority, -updated_at), unfiltered, by assignee org
                           unit, overdue; get by id; the community teams,
                           unfiltered and by province; their scorecard of
                           2021-12, national and by province; the donations
                           of the largest synthetic campaign and its report;
                           create; recording a donation (as the Office);
                         - before the scenarios, each month's scorecard read
                           once, timed: its first read computes it; the
                           campaign report read alone 21 times, timed;
                         - a table of req/s, p50, p99, errors (socket errors and
                           non-2xx answers) and the server's peak RSS per scenario,
                           and its idle RSS, also written as JSON to
                           target/bench/BACKEND-N.json (server log beside it).
                       It fails only when the harness cannot work (no build, no
                       server, no wrk, a scenario with no successful request).
                       Options:
                         --tasks N          synthetic tasks to load (default 100000;
                                            0 when only team scenarios run)
                         --teams N          synthetic community teams to load, with
                                            a year of indicator values (default 10000)
                         --aid-ledger N     about N stock movements of the synthetic
                                            aid ledger, with their donations
                                            (default 100000; 0 when no aid scenario
                                            runs)
                         --postgres [URL]   PostgreSQL at URL (default
                                            postgres://postgres@127.0.0.1:5432)
                         --duration D       measured time per scenario (default 10s)
                         --warmup D         warm-up per scenario (default 2s; 0 for none)
                         --connections N    wrk's connections (default 64)
                         --scenario NAME    run only NAME (list-status-area,
                                            list-status-area-priority,
                                            list-status-area-updated, list-all,
                                            list-org-unit, list-overdue, get,
                                            teams-list, teams-province, scorecard,
                                            scorecard-province, donations-list,
                                            campaign-report, create,
                                            donation-entry); may be given more
                                            than once
                         --seed N           seed of seed-synthetic and of the
                                            scripts' choices (default 1)
                         --keep             keep the database for inspection
                       Other DANVAN_* settings of the environment reach the server
                       and are listed with the figures.
  help                 Show this help.

With CI=true, a PostgreSQL server that cannot be reached fails the test step;
otherwise it only prints a warning and the PostgreSQL tests skip themselves.
XTASK_FUZZ_MAX_EXAMPLES=N overrides the number of test cases per operation of
the fuzz step (--max-examples; the default is in xtask/src/fuzz.rs).
The fuzz and browser steps log their server to target/xtask/fuzz-server.log and
target/xtask/browser-server.log; schemathesis runs in target/xtask/schemathesis/
(its JUnit report and caches). The browser tests get the server's URL and the
admin's credentials as E2E_BASE_URL, E2E_ADMIN_USERNAME and E2E_ADMIN_PASSWORD;
to run them by hand against a server of your own:
  E2E_BASE_URL=http://127.0.0.1:8080 E2E_ADMIN_PASSWORD=... node --test frontend/e2e/
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        print!("{HELP}");
        return ExitCode::FAILURE;
    };
    let result = match command.as_str() {
        "run" => run(rest),
        "build-web" => web::command(rest),
        "dist" => dist::command(rest),
        "export-openapi" => export_openapi(rest),
        "test" => checks::parse_options(rest).and_then(|options| checks::run_all(&options)),
        "bench" => bench::parse_options(rest).and_then(|options| bench::command(&options)),
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

/// `cargo xtask run`: build the web app and the server, and run it from the repository root.
fn run(args: &[String]) -> Result<(), String> {
    web::build_all()
        .map_err(|e| format!("{e}\n(the API alone, without the web app: cargo run -p danvan-server -- serve)"))?;
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

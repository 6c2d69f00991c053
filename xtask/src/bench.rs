//! `cargo xtask bench`: the benchmark anyone can run (issue 10, docs/performance.md). A
//! release `danvan serve` on a fresh database (SQLite, or PostgreSQL with `--postgres`)
//! loaded by `danvan seed-demo` and `danvan seed-synthetic`, pinned to one core, driven by
//! `wrk` on another with Lua scripts written here; it prints req/s, p50, p99, errors and
//! the server's memory per scenario, as a table and as JSON under `target/bench/`, how
//! long the community teams' scorecard takes to compute (issue 11), and how long one
//! campaign report takes alone (aid).
//!
//! Timings never fail it: it fails only when the harness itself cannot do its work (no
//! build, no server, no wrk, a scenario none of whose requests succeeded).

use crate::{http, util};
use std::fmt::Write as _;
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The demo's leader (see `crates/server/src/seed.rs`): sees every task, may create them.
const USERNAME: &str = "lanhdao";
const PASSWORD: &str = "danvan-demo-2021";
/// The demo's Office officer: records donations (which the leader does not).
const AID_USERNAME: &str = "vanphong";

/// Finds the open synthetic campaign (`danvan_store::aid::SYNTHETIC_OPEN_CAMPAIGN`, folded),
/// the largest: the aid scenarios record donations to it and read its report and list.
const AID_CAMPAIGN_QUERY: &str = "du lieu tong hop";

/// Sequential requests of the campaign report timed alone, before its scenario.
const REPORT_SAMPLES: usize = 20;

/// Where `--postgres` without a URL creates its database.
const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432";

/// The cores of the server and of the load generator.
const SERVER_CPU: usize = 0;
const LOADER_CPU: usize = 1;

/// How long the server may take to answer `/healthz`.
const HEALTH_TIMEOUT: Duration = Duration::from_secs(120);

/// A request slower than this counts as a timeout error: far above any acceptable
/// latency, so that a slow endpoint shows as slow rather than as failing.
const WRK_TIMEOUT: &str = "30s";

const STATUSES: [&str; 8] = ["new", "accepted", "in_progress", "blocked", "done", "verified", "cancelled", "reopened"];

/// Settings the harness sets itself; other `DANVAN_*` variables pass through to the server.
const OWNED_SETTINGS: [&str; 6] = [
    "DANVAN_DATABASE_URL",
    "DANVAN_DATA_DIR",
    "DANVAN_BIND",
    "DANVAN_ADMIN_PASSWORD",
    "DANVAN_DEMO_PASSWORD",
    "DANVAN_CONFIG",
];

/// The months the synthetic teams have values for (`danvan seed-synthetic --teams`); the
/// scorecard scenarios read the last.
const TEAM_MONTHS: [&str; 12] = [
    "2021-01", "2021-02", "2021-03", "2021-04", "2021-05", "2021-06", "2021-07", "2021-08", "2021-09", "2021-10",
    "2021-11", "2021-12",
];

/// What the load generator asks for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Load {
    /// `GET /api/v1/tasks` with this query after a random `status` and 2021 province.
    StatusArea(&'static str),
    /// `GET /api/v1/tasks` with exactly this query.
    List(&'static str),
    /// `GET /api/v1/tasks` for a random org unit as the assignee.
    OrgUnit,
    /// `GET /api/v1/tasks/{id}` of a random task.
    Get,
    /// `POST /api/v1/tasks`.
    Create,
    /// `GET` of exactly this path: a list of community teams or their scorecard.
    Teams(&'static str),
    /// The same with `&province_id=` and a random 2021 province after it.
    TeamsInProvince(&'static str),
    /// `GET` of this path after the open synthetic campaign's id (`{}` in it).
    Campaign(&'static str),
    /// `POST /api/v1/donations` to the open synthetic campaign, as the Office.
    Donation,
}

/// What a scenario reads, so that it is loaded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Data {
    Tasks,
    Teams,
    Aid,
}

impl Load {
    fn data(self) -> Data {
        match self {
            Load::Teams(_) | Load::TeamsInProvince(_) => Data::Teams,
            Load::Campaign(_) | Load::Donation => Data::Aid,
            _ => Data::Tasks,
        }
    }
}

struct Scenario {
    name: &'static str,
    label: &'static str,
    load: Load,
}

const SCENARIOS: &[Scenario] = &[
    Scenario { name: "list-status-area", label: "GET /tasks?status&area_id", load: Load::StatusArea("") },
    Scenario {
        name: "list-status-area-priority",
        label: "GET /tasks?status&area_id&sort=-priority",
        load: Load::StatusArea("&sort=-priority"),
    },
    Scenario {
        name: "list-status-area-updated",
        label: "GET /tasks?status&area_id&sort=-updated_at",
        load: Load::StatusArea("&sort=-updated_at"),
    },
    Scenario { name: "list-all", label: "GET /tasks", load: Load::List("limit=50") },
    Scenario { name: "list-org-unit", label: "GET /tasks?assignee_org_unit_id", load: Load::OrgUnit },
    Scenario { name: "list-overdue", label: "GET /tasks?overdue=true", load: Load::List("overdue=true&limit=50") },
    Scenario { name: "get", label: "GET /tasks/{id}", load: Load::Get },
    Scenario {
        name: "teams-list",
        label: "GET /community-teams",
        load: Load::Teams("/api/v1/community-teams?limit=50"),
    },
    Scenario {
        name: "teams-province",
        label: "GET /community-teams?province_id",
        load: Load::TeamsInProvince("/api/v1/community-teams?limit=50"),
    },
    Scenario {
        name: "scorecard",
        label: "GET /team-scorecard?period",
        load: Load::Teams("/api/v1/team-scorecard?period=2021-12&limit=50"),
    },
    Scenario {
        name: "scorecard-province",
        label: "GET /team-scorecard?period&province_id",
        load: Load::TeamsInProvince("/api/v1/team-scorecard?period=2021-12&limit=50"),
    },
    Scenario {
        name: "donations-list",
        label: "GET /donations?campaign_id",
        load: Load::Campaign("/api/v1/donations?campaign_id={}&limit=50"),
    },
    Scenario {
        name: "campaign-report",
        label: "GET /campaigns/{id}/report",
        load: Load::Campaign("/api/v1/campaigns/{}/report"),
    },
    Scenario {
        name: "public-campaign",
        label: "GET /public/aid/campaigns/{id} (no token)",
        load: Load::Campaign("/api/v1/public/aid/campaigns/{}"),
    },
    Scenario { name: "create", label: "POST /tasks", load: Load::Create },
    Scenario { name: "donation-entry", label: "POST /donations", load: Load::Donation },
];

pub struct Options {
    tasks: u64,
    teams: u64,
    /// About how many stock movements of the synthetic aid ledger.
    aid_ledger: u64,
    seed: u64,
    duration: Duration,
    warmup: Duration,
    connections: u32,
    /// The server URL (without a database name) of `--postgres`.
    postgres: Option<String>,
    scenarios: Vec<&'static Scenario>,
    keep: bool,
}

pub fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        tasks: 100_000,
        teams: 10_000,
        aid_ledger: 100_000,
        seed: 1,
        duration: Duration::from_secs(10),
        warmup: Duration::from_secs(2),
        connections: 64,
        postgres: None,
        scenarios: Vec::new(),
        keep: false,
    };
    let mut args = args.iter().peekable();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--tasks" => options.tasks = number(&value("--tasks")?)?,
            "--teams" => options.teams = number(&value("--teams")?)?,
            "--aid-ledger" => options.aid_ledger = number(&value("--aid-ledger")?)?,
            "--seed" => options.seed = number(&value("--seed")?)?,
            "--duration" => options.duration = duration(&value("--duration")?)?,
            "--warmup" => options.warmup = duration(&value("--warmup")?)?,
            "--connections" => options.connections = number(&value("--connections")?)?,
            "--scenario" => {
                let name = value("--scenario")?;
                let scenario = SCENARIOS.iter().find(|s| s.name == name).ok_or_else(|| {
                    let names: Vec<&str> = SCENARIOS.iter().map(|s| s.name).collect();
                    format!("unknown scenario {name:?}; one of {}", names.join(", "))
                })?;
                options.scenarios.push(scenario);
            }
            "--postgres" => {
                let url = match args.peek() {
                    Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                        args.next().cloned().unwrap_or_default()
                    }
                    _ => DEFAULT_POSTGRES.to_owned(),
                };
                options.postgres = Some(server_url(&url));
            }
            "--keep" => options.keep = true,
            other => return Err(format!("bench: unknown option {other:?}; see `cargo xtask help`")),
        }
    }
    if options.connections == 0 || options.duration.is_zero() {
        return Err("bench: --connections and --duration must be above zero".into());
    }
    if options.scenarios.is_empty() {
        options.scenarios = SCENARIOS.iter().collect();
    }
    // `--tasks 0`, `--teams 0` or `--aid-ledger 0` saves loading what the chosen scenarios
    // do not read.
    let loaded = |data: Data| match data {
        Data::Tasks => (options.tasks, "--tasks"),
        Data::Teams => (options.teams, "--teams"),
        Data::Aid => (options.aid_ledger, "--aid-ledger"),
    };
    if let Some(scenario) = options.scenarios.iter().find(|scenario| loaded(scenario.load.data()).0 == 0) {
        let what = loaded(scenario.load.data()).1;
        return Err(format!("bench: the scenario {} needs {what} above zero", scenario.name));
    }
    Ok(options)
}

fn number<T: std::str::FromStr>(text: &str) -> Result<T, String> {
    text.replace('_', "").parse().map_err(|_| format!("{text:?} is not a number"))
}

/// `10s`, `10` (seconds), `500ms` or `2m`.
fn duration(text: &str) -> Result<Duration, String> {
    let (digits, unit) = text.split_at(text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len()));
    let value: u64 = digits.parse().map_err(|_| format!("{text:?} is not a duration like 10s"))?;
    match unit {
        "" | "s" => Ok(Duration::from_secs(value)),
        "ms" => Ok(Duration::from_millis(value)),
        "m" => Ok(Duration::from_secs(value * 60)),
        _ => Err(format!("{text:?} is not a duration like 10s, 500ms or 2m")),
    }
}

/// The URL of the PostgreSQL server itself: `url` without a database name.
fn server_url(url: &str) -> String {
    let scheme_end = url.find("://").map_or(0, |at| at + 3);
    match url[scheme_end..].find('/') {
        Some(slash) => url[..scheme_end + slash].to_owned(),
        None => url.to_owned(),
    }
}

/// `cargo xtask bench`.
pub fn command(options: &Options) -> Result<(), String> {
    if !util::on_path("taskset") {
        return Err("taskset is not installed (Debian: apt-get install util-linux)".into());
    }
    ensure_wrk()?;
    util::run_status(util::cargo().args(["build", "--release", "-p", "danvan-server"]))?;
    let bench_dir = util::target_dir().join("bench");
    std::fs::create_dir_all(&bench_dir).map_err(|e| format!("{}: {e}", bench_dir.display()))?;
    let backend = if options.postgres.is_some() { "postgres" } else { "sqlite" };
    let run_name = format!("{backend}-{}", options.tasks);
    let mut database = Database::create(options, &bench_dir, &run_name)?;
    let outcome = run(options, &bench_dir, &run_name, &database);
    if options.keep {
        println!("Kept the database: {} (data directory {})", database.url, database.data_dir.display());
    } else {
        database.drop_it();
    }
    outcome
}

/// The fresh database of a run, with the server's data directory.
struct Database {
    url: String,
    data_dir: PathBuf,
    /// On PostgreSQL: the server's URL and the database's name, to drop it afterwards.
    postgres: Option<(String, String)>,
}

impl Database {
    fn create(options: &Options, bench_dir: &Path, run_name: &str) -> Result<Database, String> {
        let data_dir = bench_dir.join(run_name);
        if data_dir.exists() {
            std::fs::remove_dir_all(&data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
        }
        std::fs::create_dir_all(&data_dir).map_err(|e| format!("{}: {e}", data_dir.display()))?;
        match &options.postgres {
            None => {
                let url = format!("sqlite://{}", data_dir.join("danvan.db").display());
                Ok(Database { url, data_dir, postgres: None })
            }
            Some(server) => {
                let name = format!("danvan_bench_{}_{}", options.tasks, std::process::id());
                psql(server, &format!("CREATE DATABASE {name}"))?;
                Ok(Database { url: format!("{server}/{name}"), data_dir, postgres: Some((server.clone(), name)) })
            }
        }
    }

    fn drop_it(&mut self) {
        if let Some((server, name)) = self.postgres.take() {
            if let Err(e) = psql(&server, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")) {
                eprintln!("bench: could not drop the database {name}: {e}");
            }
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
    }
}

/// Runs one statement with `psql` on the `postgres` database of `server`.
fn psql(server: &str, statement: &str) -> Result<(), String> {
    if !util::on_path("psql") {
        return Err("--postgres needs psql (Debian: apt-get install postgresql-client)".into());
    }
    let mut command = Command::new("psql");
    command.args([&format!("{server}/postgres"), "-v", "ON_ERROR_STOP=1", "-qAtc", statement]);
    util::run_status(&mut command)
}

/// Installs Debian's `wrk` when it is missing and this runs as root; otherwise says how.
fn ensure_wrk() -> Result<(), String> {
    if util::on_path("wrk") {
        return Ok(());
    }
    if !is_root() {
        return Err("the load generator wrk is not installed; install it with `sudo apt-get install -y wrk` \
                    (Debian/Ubuntu), then run the benchmark again"
            .into());
    }
    println!("The load generator wrk is missing; installing Debian's package.");
    let install = || {
        let mut command = Command::new("apt-get");
        command.args(["install", "-y", "wrk"]).env("DEBIAN_FRONTEND", "noninteractive");
        util::run_status(&mut command)
    };
    if install().is_err() {
        let mut update = Command::new("apt-get");
        update.arg("update");
        util::run_status(&mut update)?;
        install()?;
    }
    if util::on_path("wrk") {
        Ok(())
    } else {
        Err("apt-get installed wrk, yet it is not on the PATH".into())
    }
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").ok().is_some_and(|status| {
        status.lines().any(|line| line.starts_with("Uid:") && line.split_whitespace().nth(1) == Some("0"))
    })
}

/// A `danvan` command of the run: the release build, from the repository root.
fn danvan(database: &Database, bind: SocketAddr) -> Command {
    let mut command = Command::new(release_binary());
    with_settings(&mut command, database, bind);
    command
}

fn release_binary() -> PathBuf {
    util::target_dir().join("release").join("danvan")
}

/// The environment of every `danvan` command of a run.
fn with_settings(command: &mut Command, database: &Database, bind: SocketAddr) {
    command.current_dir(util::repo_root());
    for name in OWNED_SETTINGS {
        command.env_remove(name);
    }
    command
        .env("DANVAN_DATABASE_URL", &database.url)
        .env("DANVAN_DATA_DIR", &database.data_dir)
        .env("DANVAN_BIND", bind.to_string())
        .env("DANVAN_ADMIN_PASSWORD", "bench-admin-password")
        .env("DANVAN_ACCESS_TOKEN_TTL", std::env::var("DANVAN_ACCESS_TOKEN_TTL").unwrap_or_else(|_| "86400".into()));
}

/// `DANVAN_*` settings that came from the caller's environment, for the report.
fn passed_settings() -> Vec<(String, String)> {
    let mut settings: Vec<(String, String)> = std::env::vars()
        .filter(|(name, _)| name.starts_with("DANVAN_") && !OWNED_SETTINGS.contains(&name.as_str()))
        .filter(|(name, _)| !name.contains("SECRET") && !name.contains("PASSWORD") && !name.contains("TOKEN"))
        .collect();
    settings.sort();
    settings
}

fn run(options: &Options, bench_dir: &Path, run_name: &str, database: &Database) -> Result<(), String> {
    let address = free_address()?;
    let started = Instant::now();
    let mut seed_demo = danvan(database, address);
    seed_demo.args(["seed-demo", "--password", PASSWORD]);
    util::run_status(&mut seed_demo)?;
    let seed_demo_secs = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let mut synthetic = danvan(database, address);
    synthetic.args(["seed-synthetic", "--tasks", &options.tasks.to_string(), "--teams", &options.teams.to_string()]);
    synthetic.args(["--seed", &options.seed.to_string()]);
    util::run_status(&mut synthetic)?;
    let synthetic_secs = started.elapsed().as_secs_f64();
    // The aid ledger on its own, so that its loading is timed apart.
    let aid_secs = if options.aid_ledger > 0 {
        let started = Instant::now();
        let mut aid = danvan(database, address);
        aid.args(["seed-synthetic", "--tasks", "0", "--aid-ledger", &options.aid_ledger.to_string()]);
        aid.args(["--seed", &options.seed.to_string()]);
        util::run_status(&mut aid)?;
        Some(started.elapsed().as_secs_f64())
    } else {
        None
    };

    let cpus = std::thread::available_parallelism().map_or(1, usize::from);
    let (server_cpu, loader_cpu) = if cpus > LOADER_CPU {
        (SERVER_CPU, LOADER_CPU)
    } else {
        eprintln!("bench: only one CPU; the server and wrk share it, so the figures understate the server");
        (SERVER_CPU, SERVER_CPU)
    };
    let log = bench_dir.join(format!("{run_name}-server.log"));
    let mut server = Server::start(database, address, server_cpu, &log)?;
    let outcome = measure(options, bench_dir, run_name, &mut server, loader_cpu).map(|report| Report {
        seed_demo_secs,
        synthetic_secs,
        aid_secs,
        server_cpu,
        loader_cpu,
        ..report
    });
    server.stop();
    match outcome {
        Ok(report) => {
            print!("{}", report.table(options));
            let json_path = bench_dir.join(format!("{run_name}.json"));
            std::fs::write(&json_path, report.json(options, &database.url))
                .map_err(|e| format!("{}: {e}", json_path.display()))?;
            println!("Wrote {}", json_path.display());
            report.check()
        }
        Err(e) => {
            eprintln!(
                "\n--- last {} lines of {} ---\n{}\n--- end of server log ---",
                crate::server::LOG_TAIL_LINES,
                log.display(),
                util::tail(&log, crate::server::LOG_TAIL_LINES)
            );
            Err(e)
        }
    }
}

/// A port on 127.0.0.1 that nothing listens on right now.
fn free_address() -> Result<SocketAddr, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener.local_addr().map_err(|e| e.to_string())
}

/// The release `danvan serve` under test, pinned to one core.
struct Server {
    child: Option<Child>,
    address: SocketAddr,
    pid: u32,
}

impl Server {
    fn start(database: &Database, address: SocketAddr, cpu: usize, log: &Path) -> Result<Server, String> {
        let log_file = std::fs::File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let log_err = log_file.try_clone().map_err(|e| e.to_string())?;
        let mut command = Command::new("taskset");
        with_settings(&mut command, database, address);
        // taskset execs the server, which keeps its process id: /proc/PID is the server's.
        command
            .args(["-c", &cpu.to_string()])
            .arg(release_binary())
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(log_err);
        println!("$ {} (on {address}, log in {})", util::describe(&command), log.display());
        let child = command.spawn().map_err(|e| format!("cannot start the server: {e}"))?;
        let pid = child.id();
        let mut server = Server { child: Some(child), address, pid };
        let started = Instant::now();
        loop {
            if let Some(Ok(Some(status))) = server.child.as_mut().map(Child::try_wait) {
                return Err(format!("the server exited before it was healthy ({status})"));
            }
            if matches!(http::request(address, "GET", "/healthz", None), Ok(response) if response.status == 200) {
                println!("The server is healthy after {}.", util::format_duration(started.elapsed()));
                return Ok(server);
            }
            if started.elapsed() > HEALTH_TIMEOUT {
                server.stop();
                return Err(format!("the server was not healthy within {} s", HEALTH_TIMEOUT.as_secs()));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn is_running(&mut self) -> bool {
        matches!(self.child.as_mut().map(Child::try_wait), Some(Ok(None)))
    }

    /// SIGTERM, then SIGKILL after 10 s.
    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            if let Ok(None) = child.try_wait() {
                let _ = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
                let deadline = Instant::now() + Duration::from_secs(10);
                while Instant::now() < deadline && matches!(child.try_wait(), Ok(None)) {
                    std::thread::sleep(Duration::from_millis(100));
                }
                let _ = child.kill();
            }
            let _ = child.wait();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A `VmRSS`/`VmHWM`-style line of `/proc/PID/status`, in MiB.
fn memory_mib(pid: u32, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with(field))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Resets the process's peak RSS (`VmHWM`) to its current RSS; whether it could.
fn reset_peak(pid: u32) -> bool {
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5").is_ok()
}

/// What the run needs to build requests: found through the API, as a client would.
struct Fixtures {
    token: String,
    provinces: Vec<String>,
    units: Vec<String>,
    task_ids: Vec<String>,
    /// When the aid ledger was loaded.
    aid: Option<AidFixtures>,
}

/// What the aid scenarios draw from, and the Office's token that records donations.
struct AidFixtures {
    token: String,
    /// The open synthetic campaign, the largest.
    campaign: String,
    donors: Vec<String>,
    locations: Vec<String>,
    items: Vec<String>,
}

fn get_json(address: SocketAddr, token: &str, path: &str) -> Result<String, String> {
    let response = http::request_as(address, Some(token), "GET", path, None)?;
    if response.status != 200 {
        return Err(format!("GET {path} answered {}: {}", response.status, response.body));
    }
    Ok(response.body)
}

/// Logs in as `username` with the demo password; the access token.
fn login(address: SocketAddr, username: &str) -> Result<String, String> {
    let body = format!(r#"{{"username":"{username}","password":"{PASSWORD}"}}"#);
    let response = http::request(address, "POST", "/api/v1/auth/login", Some(&body))?;
    if response.status != 200 {
        return Err(format!("logging in as {username} answered {}: {}", response.status, response.body));
    }
    http::json_string_field(&response.body, "access_token")
        .ok_or_else(|| format!("no access_token in the login response: {}", response.body))
}

/// Logs in and collects what the scripts draw from; the task ids only when tasks were
/// loaded, the aid's only when the aid ledger was.
fn fixtures(address: SocketAddr, with_tasks: bool, with_aid: bool) -> Result<Fixtures, String> {
    let token = login(address, USERNAME)?;
    let provinces = item_ids(&get_json(address, &token, "/api/v1/areas?layout=2021&level=province&limit=100")?);
    let units = item_ids(&get_json(address, &token, "/api/v1/org-units?limit=200")?);
    if provinces.len() != 63 || units.is_empty() {
        return Err(format!(
            "expected the 63 provinces of 2021 and some org units, found {} and {}",
            provinces.len(),
            units.len()
        ));
    }
    // Tasks of every ninth province: ids spread over the table, not one corner of it.
    let mut task_ids = Vec::new();
    for province in provinces.iter().step_by(9).filter(|_| with_tasks) {
        task_ids.extend(item_ids(&get_json(address, &token, &format!("/api/v1/tasks?area_id={province}&limit=100"))?));
    }
    if with_tasks && task_ids.is_empty() {
        return Err("the task list is empty: did seed-synthetic load anything?".into());
    }
    let aid = if with_aid { Some(aid_fixtures(address)?) } else { None };
    Ok(Fixtures { token, provinces, units, task_ids, aid })
}

/// As the Office: the open synthetic campaign, donors, locations and items to draw from.
fn aid_fixtures(address: SocketAddr) -> Result<AidFixtures, String> {
    let token = login(address, AID_USERNAME)?;
    let query = http::query_encode(AID_CAMPAIGN_QUERY);
    let campaigns = item_ids(&get_json(address, &token, &format!("/api/v1/campaigns?status=open&q={query}&limit=10"))?);
    let campaign = campaigns
        .first()
        .cloned()
        .ok_or("no open synthetic campaign: did `seed-synthetic --aid-ledger` load anything?")?;
    let donors = item_ids(&get_json(address, &token, "/api/v1/donors?limit=200")?);
    let locations = item_ids(&get_json(address, &token, "/api/v1/aid-locations?limit=100")?);
    // A bare array of items, with no ids below them.
    let items = http::json_string_values(&get_json(address, &token, "/api/v1/aid-items?active=true")?, "id");
    if donors.is_empty() || locations.is_empty() || items.len() < 2 {
        return Err(format!(
            "expected donors, locations and at least two items, found {}, {} and {}",
            donors.len(),
            locations.len(),
            items.len()
        ));
    }
    Ok(AidFixtures { token, campaign, donors, locations, items })
}

/// How long the largest campaign's report takes alone, in milliseconds: the first read
/// after the server started, and the median of [`REPORT_SAMPLES`] after it, one at a time.
struct ReportTimes {
    first_ms: f64,
    median_ms: f64,
}

fn time_report(address: SocketAddr, aid: &AidFixtures) -> Result<ReportTimes, String> {
    let path = format!("/api/v1/campaigns/{}/report", aid.campaign);
    let mut times = Vec::new();
    for _ in 0..=REPORT_SAMPLES {
        let started = Instant::now();
        let report = get_json(address, &aid.token, &path)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        if !report.contains("\"by_month\"") {
            return Err(format!("the campaign report has no months: {}", &report[..report.len().min(300)]));
        }
    }
    let first_ms = times.remove(0);
    times.sort_by(f64::total_cmp);
    Ok(ReportTimes { first_ms, median_ms: times[times.len() / 2] })
}

/// How long the scorecard took to compute, in seconds: the last month, and all twelve.
struct ScorecardTimes {
    month_secs: f64,
    year_secs: f64,
}

/// Reads the first page of each month's scorecard once, December first, timing each: the
/// loaded months are stale, so each first read computes every team's score and ranks for
/// its month (one write) before it answers. The scenarios then read computed months.
fn compute_scorecards(address: SocketAddr, token: &str) -> Result<ScorecardTimes, String> {
    let timed = |month: &str| -> Result<f64, String> {
        let started = Instant::now();
        let page = get_json(address, token, &format!("/api/v1/team-scorecard?period={month}&limit=50"))?;
        let secs = started.elapsed().as_secs_f64();
        // A line has its team's id but none of its own; its ranks say it is there.
        if !page.contains("\"rank_national\"") {
            return Err(format!("the scorecard of {month} is empty: did seed-synthetic load teams?"));
        }
        Ok(secs)
    };
    let last = TEAM_MONTHS[TEAM_MONTHS.len() - 1];
    let month_secs = timed(last)?;
    let mut year_secs = month_secs;
    for month in &TEAM_MONTHS[..TEAM_MONTHS.len() - 1] {
        year_secs += timed(month)?;
    }
    Ok(ScorecardTimes { month_secs, year_secs })
}

/// The `id` of each object in the `items` of a page: the `"id"` keys one object below the
/// page (those deeper belong to references inside an item).
fn item_ids(json: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let bytes = json.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else {
            match b {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                b'"' if depth == 2 && json[i..].starts_with("\"id\"") => {
                    if let Some(id) = http::json_string_field(&json[i..], "id") {
                        ids.push(id);
                    }
                    in_string = true;
                }
                b'"' => in_string = true,
                _ => {}
            }
        }
        i += 1;
    }
    ids
}

/// One scenario's figures.
#[derive(Default)]
struct Figures {
    name: &'static str,
    label: &'static str,
    requests: u64,
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    socket_errors: u64,
    non2xx: u64,
    first_error: String,
    peak_rss_mib: f64,
}

#[derive(Default)]
struct Report {
    idle_rss_mib: f64,
    /// When teams were loaded.
    scorecard: Option<ScorecardTimes>,
    /// When the aid ledger was loaded.
    campaign_report: Option<ReportTimes>,
    seed_demo_secs: f64,
    synthetic_secs: f64,
    /// Loading the aid ledger, apart (`seed-synthetic --aid-ledger`).
    aid_secs: Option<f64>,
    server_cpu: usize,
    loader_cpu: usize,
    scenarios: Vec<Figures>,
}

fn measure(
    options: &Options,
    bench_dir: &Path,
    run_name: &str,
    server: &mut Server,
    loader_cpu: usize,
) -> Result<Report, String> {
    // Idle: started, migrated, nothing asked of it yet.
    std::thread::sleep(Duration::from_secs(1));
    let idle_rss_mib = memory_mib(server.pid, "VmRSS:").ok_or("cannot read the server's /proc/PID/status")?;
    let with_aid = options.scenarios.iter().any(|scenario| scenario.load.data() == Data::Aid);
    let fixtures = fixtures(server.address, options.tasks > 0, with_aid)?;
    println!(
        "Idle RSS {idle_rss_mib:.1} MiB; {} task ids, {} provinces and {} org units to draw from.",
        fixtures.task_ids.len(),
        fixtures.provinces.len(),
        fixtures.units.len()
    );
    let scorecard = if options.teams > 0 {
        let times = compute_scorecards(server.address, &fixtures.token)?;
        println!(
            "The scorecard of {} teams: {} computed in {:.0} ms on its first read; the 12 months of 2021 in {:.2} s.",
            options.teams,
            TEAM_MONTHS[TEAM_MONTHS.len() - 1],
            times.month_secs * 1000.0,
            times.year_secs
        );
        Some(times)
    } else {
        None
    };
    let campaign_report = match &fixtures.aid {
        Some(aid) => {
            let times = time_report(server.address, aid)?;
            println!(
                "The report of the largest synthetic campaign alone: {:.1} ms on its first read, {:.1} ms (median of {}) \
                 after.",
                times.first_ms, times.median_ms, REPORT_SAMPLES
            );
            Some(times)
        }
        None => None,
    };
    let mut scenarios = Vec::new();
    for scenario in &options.scenarios {
        let script = bench_dir.join(format!("{run_name}-{}.lua", scenario.name));
        std::fs::write(&script, lua_script(scenario, &fixtures, options.seed))
            .map_err(|e| format!("{}: {e}", script.display()))?;
        if !options.warmup.is_zero() {
            wrk(options, server, loader_cpu, &script, options.warmup)?;
        }
        let figures = measure_one(options, server, loader_cpu, &script, scenario)?;
        if !server.is_running() {
            return Err(format!("the server stopped during the scenario {}", scenario.name));
        }
        println!(
            "  {:<28} {:>9.0} req/s  p50 {:>8.2} ms  p99 {:>8.2} ms  errors {:>6}  peak RSS {:>6.1} MiB",
            scenario.name,
            figures.rps,
            figures.p50_ms,
            figures.p99_ms,
            figures.socket_errors + figures.non2xx,
            figures.peak_rss_mib
        );
        if !figures.first_error.is_empty() {
            println!("    first non-2xx response: {}", figures.first_error);
        }
        scenarios.push(figures);
    }
    Ok(Report { idle_rss_mib, scorecard, campaign_report, scenarios, ..Report::default() })
}

fn measure_one(
    options: &Options,
    server: &Server,
    loader_cpu: usize,
    script: &Path,
    scenario: &Scenario,
) -> Result<Figures, String> {
    let hwm_reset = reset_peak(server.pid);
    let stop = AtomicBool::new(false);
    let (output, sampled) = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut peak: f64 = 0.0;
            while !stop.load(Ordering::Relaxed) {
                peak = peak.max(memory_mib(server.pid, "VmRSS:").unwrap_or(0.0));
                std::thread::sleep(Duration::from_millis(50));
            }
            peak
        });
        let output = wrk(options, server, loader_cpu, script, options.duration);
        stop.store(true, Ordering::Relaxed);
        (output, sampler.join().unwrap_or(0.0))
    });
    let output = output?;
    let peak_rss_mib = match (hwm_reset, memory_mib(server.pid, "VmHWM:")) {
        (true, Some(hwm)) => hwm.max(sampled),
        _ => sampled,
    };
    let line = output
        .lines()
        .find_map(|line| line.strip_prefix("BENCH_RESULT "))
        .ok_or_else(|| format!("wrk printed no result for {}:\n{output}", scenario.name))?;
    let field = |key: &str| number_field(line, key).ok_or_else(|| format!("no {key} in wrk's result {line}"));
    let requests = field("requests")? as u64;
    let seconds = field("duration_us")? / 1e6;
    let first_status = field("first_status")? as u64;
    let first_error = if first_status == 0 {
        String::new()
    } else {
        format!("{first_status} {}", escaped_string_field(line, "first_body").unwrap_or_default())
    };
    Ok(Figures {
        name: scenario.name,
        label: scenario.label,
        requests,
        rps: if seconds > 0.0 { requests as f64 / seconds } else { 0.0 },
        p50_ms: field("p50_us")? / 1000.0,
        p99_ms: field("p99_us")? / 1000.0,
        socket_errors: field("socket_errors")? as u64,
        non2xx: field("non2xx")? as u64,
        first_error,
        peak_rss_mib,
    })
}

/// Runs wrk on `loader_cpu` against the server for `length`; its standard output.
fn wrk(options: &Options, server: &Server, cpu: usize, script: &Path, length: Duration) -> Result<String, String> {
    let mut command = Command::new("taskset");
    command.args([
        "-c",
        &cpu.to_string(),
        "wrk",
        // One thread: the loader has one core.
        "-t1",
        &format!("-c{}", options.connections),
        // wrk takes whole seconds (or minutes, hours).
        &format!("-d{}s", length.as_secs_f64().ceil().max(1.0)),
        "--timeout",
        WRK_TIMEOUT,
        "-s",
    ]);
    command.arg(script).arg(format!("http://{}", server.address));
    let output = command.output().map_err(|e| format!("cannot run wrk: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        return Err(format!(
            "`{}` failed ({}):\n{stdout}{}",
            util::describe(&command),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(stdout)
}

/// A number field of a flat JSON object.
fn number_field(json: &str, key: &str) -> Option<f64> {
    let after_key = &json[json.find(&format!("\"{key}\""))? + key.len() + 2..];
    let value = after_key.trim_start().strip_prefix(':')?.trim_start();
    let end = value.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == 'e')).unwrap_or(value.len());
    value[..end].parse().ok()
}

/// A string field of a flat JSON object, with the escapes the script writes (`\uXXXX`,
/// and `\"`, `\\` for good measure) decoded.
fn escaped_string_field(json: &str, key: &str) -> Option<String> {
    let after_key = &json[json.find(&format!("\"{key}\""))? + key.len() + 2..];
    let mut chars = after_key.trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?.chars();
    let mut value = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'u' => {
                    let code: String = chars.by_ref().take(4).collect();
                    value.push(char::from_u32(u32::from_str_radix(&code, 16).ok()?).unwrap_or('?'));
                }
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

fn lua_list(values: &[String]) -> String {
    let quoted: Vec<String> = values.iter().map(|value| format!("\"{value}\"")).collect();
    format!("{{{}}}", quoted.join(", "))
}

/// Today and 30 days on, as `YYYY-MM-DD`, for the due dates of created tasks.
fn due_date() -> String {
    civil_date(today_days() + 30)
}

/// Today (UTC), as `YYYY-MM-DD`, the day the benchmark's donations are received.
fn today() -> String {
    civil_date(today_days())
}

/// Days since 1970-01-01 today (UTC).
fn today_days() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400) as i64
}

/// `days` since 1970-01-01 as `YYYY-MM-DD`.
fn civil_date(days: i64) -> String {
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// The wrk script of `scenario`: a request per call drawn at random from the fixtures,
/// and a `done` that prints the figures as one JSON line after `BENCH_RESULT `.
fn lua_script(scenario: &Scenario, fixtures: &Fixtures, seed: u64) -> String {
    // The aid scenarios act as the Office, who records donations.
    let token = match (&fixtures.aid, scenario.load.data()) {
        (Some(aid), Data::Aid) => aid.token.as_str(),
        _ => fixtures.token.as_str(),
    };
    let mut lua = format!(
        "-- Written by `cargo xtask bench` (xtask/src/bench.rs) for the scenario {}; rewritten on every run.\n\
         local get_headers = {{ [\"Authorization\"] = \"Bearer {token}\", [\"Accept\"] = \"application/json\" }}\n\
         local post_headers = {{ [\"Authorization\"] = \"Bearer {token}\", [\"Accept\"] = \"application/json\", \
         [\"Content-Type\"] = \"application/json\" }}\n\
         local statuses = {}\n\
         local provinces = {}\n\
         local units = {}\n",
        scenario.name,
        lua_list(&STATUSES.map(String::from)),
        lua_list(&fixtures.provinces),
        lua_list(&fixtures.units),
    );
    if scenario.load == Load::Get {
        let _ = writeln!(lua, "local ids = {}", lua_list(&fixtures.task_ids));
    }
    if let (Some(aid), Data::Aid) = (&fixtures.aid, scenario.load.data()) {
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let _ = writeln!(
            lua,
            "local campaign = \"{}\"\nlocal donors = {}\nlocal locations = {}\nlocal items = {}\n\
             local today = \"{}\"\nlocal run = {stamp}",
            aid.campaign,
            lua_list(&aid.donors),
            lua_list(&aid.locations),
            lua_list(&aid.items),
            today()
        );
    }
    lua.push_str(
        r#"local threads = {}

setup = function(thread)
  table.insert(threads, thread)
  thread:set("thread_number", #threads)
end

local function pick(list)
  return list[math.random(#list)]
end

"#,
    );
    let _ = writeln!(
        lua,
        "init = function(args)\n  math.randomseed({seed} + thread_number)\n  sent = 0\n  non2xx = 0\n  \
         first_status = 0\n  first_body = \"\"\nend\n"
    );
    let request = match scenario.load {
        Load::StatusArea(sort) => format!(
            "  return wrk.format(\"GET\", \"/api/v1/tasks?status=\" .. pick(statuses) .. \"&area_id=\" .. \
             pick(provinces) .. \"&limit=50{sort}\", get_headers)"
        ),
        Load::List(query) => format!("  return wrk.format(\"GET\", \"/api/v1/tasks?{query}\", get_headers)"),
        Load::OrgUnit => "  return wrk.format(\"GET\", \"/api/v1/tasks?assignee_org_unit_id=\" .. pick(units) .. \
                          \"&limit=50\", get_headers)"
            .to_owned(),
        Load::Get => "  return wrk.format(\"GET\", \"/api/v1/tasks/\" .. pick(ids), get_headers)".to_owned(),
        Load::Teams(path) => format!("  return wrk.format(\"GET\", \"{path}\", get_headers)"),
        Load::TeamsInProvince(path) => {
            format!("  return wrk.format(\"GET\", \"{path}&province_id=\" .. pick(provinces), get_headers)")
        }
        Load::Campaign(path) => format!(
            "  return wrk.format(\"GET\", \"{}\", get_headers)",
            path.replace("{}", &fixtures.aid.as_ref().map(|aid| aid.campaign.clone()).unwrap_or_default())
        ),
        // A cash gift three times in four, else goods in kind at a location; one in ten
        // anonymous; each with an Idempotency-Key of its own, as a client sends.
        Load::Donation => DONATION_REQUEST.to_owned(),
        Load::Create => format!(
            "  sent = sent + 1\n  local priorities = {{ \"low\", \"normal\", \"high\", \"urgent\" }}\n  \
             local words = {{ \"Vận động\", \"Thăm hỏi\", \"Hỗ trợ\", \"Khảo sát\", \"Tuyên truyền\" }}\n  \
             local body = string.format('{{\"title\":\"%s (bench %d-%d)\",\"assignee_org_unit_ids\":[\"%s\"],\
             \"area_ids\":[\"%s\"],\"due_on\":\"{due}\",\"priority\":\"%s\"}}', pick(words), thread_number, sent, \
             pick(units), pick(provinces), pick(priorities))\n  \
             return wrk.format(\"POST\", \"/api/v1/tasks\", post_headers, body)",
            due = due_date()
        ),
    };
    let _ = writeln!(lua, "request = function()\n{request}\nend\n");
    lua.push_str(
        r#"response = function(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_status == 0 then
      first_status = status
      first_body = string.sub(body or "", 1, 300)
    end
  end
end

local function escape(text)
  return (string.gsub(text, '[%c"\\]', function(c) return string.format("\\u%04x", string.byte(c)) end))
end

done = function(summary, latency, requests)
  local non2xx, first_status, first_body = 0, 0, ""
  for _, thread in ipairs(threads) do
    non2xx = non2xx + (thread:get("non2xx") or 0)
    local status = thread:get("first_status") or 0
    if first_status == 0 and status ~= 0 then
      first_status = status
      first_body = thread:get("first_body") or ""
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"socket_errors":%d,"non2xx":%d,"first_status":%d,"first_body":"%s"}\n',
    summary.requests, summary.duration, math.floor(latency:percentile(50)), math.floor(latency:percentile(99)),
    e.connect + e.read + e.write + e.timeout, non2xx, first_status, escape(first_body)))
end
"#,
    );
    lua
}

/// The `request` body of the `donation-entry` script.
const DONATION_REQUEST: &str = r#"  sent = sent + 1
  local headers = {}
  for name, value in pairs(post_headers) do headers[name] = value end
  headers["Idempotency-Key"] = string.format("bench-%d-%d-%d-%d", run, thread_number, sent, math.random(1000000000))
  local donor = ""
  if math.random(10) > 1 then donor = string.format('"donor_id":"%s",', pick(donors)) end
  local body
  if math.random(4) == 1 then
    local first = math.random(#items)
    local second = first % #items + 1
    body = string.format('{%s"campaign_id":"%s","received_on":"%s","channel":"in_kind","location_id":"%s",' ..
      '"lines":[{"item_id":"%s","quantity":"%d","estimated_value":%d},{"item_id":"%s","quantity":"%d.5",' ..
      '"estimated_value":%d}],"note":"bench %d-%d"}', donor, campaign, today, pick(locations), items[first],
      math.random(200), math.random(100) * 10000, items[second], math.random(50), math.random(100) * 5000,
      thread_number, sent)
  else
    body = string.format('{%s"campaign_id":"%s","received_on":"%s","channel":"cash","cash_amount":%d}', donor,
      campaign, today, math.random(100) * 100000)
  end
  return wrk.format("POST", "/api/v1/donations", headers, body)"#;

/// `text` as a JSON string.
fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn git_commit() -> String {
    let output = Command::new("git").current_dir(util::repo_root()).args(["describe", "--always", "--dirty"]).output();
    match output {
        Ok(output) if output.status.success() => String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        _ => String::new(),
    }
}

impl Report {
    fn table(&self, options: &Options) -> String {
        let backend = if options.postgres.is_some() { "PostgreSQL" } else { "SQLite" };
        let mut out = format!(
            "\n{backend}, {} tasks, {} teams, {} aid ledger rows, {} connections, {} s per scenario (after {} s of \
             warm-up), server on CPU {}, wrk on CPU {}\n\n",
            options.tasks,
            options.teams,
            options.aid_ledger,
            options.connections,
            options.duration.as_secs_f64(),
            options.warmup.as_secs_f64(),
            self.server_cpu,
            self.loader_cpu
        );
        let _ = writeln!(
            out,
            "| {:<42} | {:>9} | {:>9} | {:>9} | {:>7} | {:>13} |",
            "endpoint", "req/s", "p50 ms", "p99 ms", "errors", "peak RSS MiB"
        );
        let _ = writeln!(out, "|{:-<44}|{:->11}|{:->11}|{:->11}|{:->9}|{:->15}|", "", ":", ":", ":", ":", ":");
        for figures in &self.scenarios {
            let _ = writeln!(
                out,
                "| {:<42} | {:>9.0} | {:>9.2} | {:>9.2} | {:>7} | {:>13.1} |",
                figures.label,
                figures.rps,
                figures.p50_ms,
                figures.p99_ms,
                figures.socket_errors + figures.non2xx,
                figures.peak_rss_mib
            );
        }
        let _ = writeln!(
            out,
            "\nIdle RSS: {:.1} MiB. Loading: seed-demo {:.1} s, seed-synthetic {:.1} s{}.",
            self.idle_rss_mib,
            self.seed_demo_secs,
            self.synthetic_secs,
            self.aid_secs.map(|secs| format!(", the aid ledger {secs:.1} s")).unwrap_or_default()
        );
        if let Some(times) = &self.campaign_report {
            let _ = writeln!(
                out,
                "Report of the largest synthetic campaign alone: {:.1} ms on its first read, {:.1} ms (median) after.",
                times.first_ms, times.median_ms
            );
        }
        if let Some(times) = &self.scorecard {
            let _ = writeln!(
                out,
                "Scorecard of {} teams computed on its first read: one month in {:.0} ms, the 12 months in {:.2} s.",
                options.teams,
                times.month_secs * 1000.0,
                times.year_secs
            );
        }
        let settings = passed_settings();
        if !settings.is_empty() {
            let list: Vec<String> = settings.iter().map(|(name, value)| format!("{name}={value}")).collect();
            let _ = writeln!(out, "Settings from the environment: {}", list.join(" "));
        }
        out
    }

    fn json(&self, options: &Options, database_url: &str) -> String {
        let backend = if options.postgres.is_some() { "postgres" } else { "sqlite" };
        let scenarios: Vec<String> = self
            .scenarios
            .iter()
            .map(|f| {
                format!(
                    "    {{\"name\": {}, \"endpoint\": {}, \"requests\": {}, \"rps\": {:.1}, \"p50_ms\": {:.3}, \
                     \"p99_ms\": {:.3}, \"errors\": {}, \"socket_errors\": {}, \"non_2xx\": {}, \
                     \"peak_rss_mib\": {:.1}, \"first_error\": {}}}",
                    json_string(f.name),
                    json_string(f.label),
                    f.requests,
                    f.rps,
                    f.p50_ms,
                    f.p99_ms,
                    f.socket_errors + f.non2xx,
                    f.socket_errors,
                    f.non2xx,
                    f.peak_rss_mib,
                    json_string(&f.first_error)
                )
            })
            .collect();
        let settings: Vec<String> = passed_settings()
            .iter()
            .map(|(name, value)| format!("{}: {}", json_string(name), json_string(value)))
            .collect();
        let at = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let (scorecard_month, scorecard_year) = match &self.scorecard {
            Some(times) => (format!("{:.3}", times.month_secs), format!("{:.3}", times.year_secs)),
            None => ("null".to_owned(), "null".to_owned()),
        };
        let (report_first, report_median) = match &self.campaign_report {
            Some(times) => (format!("{:.3}", times.first_ms), format!("{:.3}", times.median_ms)),
            None => ("null".to_owned(), "null".to_owned()),
        };
        let aid_secs = self.aid_secs.map_or_else(|| "null".to_owned(), |secs| format!("{secs:.1}"));
        format!(
            "{{\n  \"backend\": {},\n  \"database\": {},\n  \"tasks\": {},\n  \"teams\": {},\n  \
             \"aid_ledger\": {},\n  \"seed\": {},\n  \
             \"connections\": {},\n  \"duration_s\": {},\n  \"warmup_s\": {},\n  \"server_cpu\": {},\n  \
             \"loader_cpu\": {},\n  \"commit\": {},\n  \"unix_time\": {at},\n  \"settings\": {{{}}},\n  \
             \"seed_demo_s\": {:.1},\n  \"seed_synthetic_s\": {:.1},\n  \"aid_ledger_s\": {aid_secs},\n  \
             \"scorecard_month_s\": {scorecard_month},\n  \"scorecard_year_s\": {scorecard_year},\n  \
             \"campaign_report_first_ms\": {report_first},\n  \"campaign_report_median_ms\": {report_median},\n  \
             \"idle_rss_mib\": {:.1},\n  \"scenarios\": [\n{}\n  ]\n}}\n",
            json_string(backend),
            json_string(&redact(database_url)),
            options.tasks,
            options.teams,
            options.aid_ledger,
            options.seed,
            options.connections,
            options.duration.as_secs_f64(),
            options.warmup.as_secs_f64(),
            self.server_cpu,
            self.loader_cpu,
            json_string(&git_commit()),
            settings.join(", "),
            self.seed_demo_secs,
            self.synthetic_secs,
            self.idle_rss_mib,
            scenarios.join(",\n")
        )
    }

    /// A scenario none of whose requests succeeded says the harness is broken (a bad
    /// query, a bad body, a dead token), not that the server is slow.
    fn check(&self) -> Result<(), String> {
        let broken: Vec<&str> = self
            .scenarios
            .iter()
            .filter(|f| f.requests == 0 || f.socket_errors + f.non2xx >= f.requests)
            .map(|f| f.name)
            .collect();
        if broken.is_empty() {
            let with_errors: Vec<&str> =
                self.scenarios.iter().filter(|f| f.socket_errors + f.non2xx > 0).map(|f| f.name).collect();
            if !with_errors.is_empty() {
                eprintln!("bench: some requests failed in {} (see the errors column)", with_errors.join(", "));
            }
            Ok(())
        } else {
            Err(format!("no request succeeded in {}: the harness is broken", broken.join(", ")))
        }
    }
}

/// A database URL without its password.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme + 3], &credentials[..colon], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_ids_of_a_pages_items_only() {
        let page = r#"{"items":[{"id":"a","plan_item":{"id":"x","name":"{\"id\":"},"areas":[{"id":"y"}]},
            {"title":"t \"id\"","id":"b"}],"next_cursor":"c"}"#;
        assert_eq!(item_ids(page), ["a", "b"]);
    }

    #[test]
    fn reads_options_and_durations() {
        let args: Vec<String> = ["--tasks", "20_000", "--duration", "3s", "--postgres", "--scenario", "get", "--keep"]
            .map(String::from)
            .to_vec();
        let options = parse_options(&args).unwrap();
        assert_eq!((options.tasks, options.duration, options.keep), (20_000, Duration::from_secs(3), true));
        assert_eq!(options.teams, 10_000);
        assert_eq!(options.postgres.as_deref(), Some(DEFAULT_POSTGRES));
        assert_eq!(options.scenarios.len(), 1);
        let args: Vec<String> = ["--postgres", "postgres://u:p@h:5433/db"].map(String::from).to_vec();
        assert_eq!(parse_options(&args).unwrap().postgres.as_deref(), Some("postgres://u:p@h:5433"));
        assert_eq!(duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(duration("2m"), Ok(Duration::from_secs(120)));
        assert!(duration("fast").is_err());
        assert!(parse_options(&["--scenario".to_owned(), "nope".to_owned()]).is_err());
        // Nothing to load for what is not measured; a scenario cannot read what was not loaded.
        let args: Vec<String> =
            ["--tasks", "0", "--teams", "500", "--scenario", "scorecard"].map(String::from).to_vec();
        assert_eq!(parse_options(&args).map(|options| (options.tasks, options.teams)), Ok((0, 500)));
        assert!(parse_options(&["--tasks".to_owned(), "0".to_owned()]).is_err());
        assert!(parse_options(&["--teams".to_owned(), "0".to_owned()]).is_err());
        let args: Vec<String> = ["--teams", "0", "--scenario", "get"].map(String::from).to_vec();
        assert!(parse_options(&args).is_ok());
        assert!(parse_options(&["--aid-ledger".to_owned(), "0".to_owned()]).is_err());
        let args: Vec<String> =
            ["--aid-ledger", "1_000_000", "--scenario", "donation-entry", "--scenario", "campaign-report"]
                .map(String::from)
                .to_vec();
        let options = parse_options(&args).unwrap();
        assert_eq!((options.aid_ledger, options.scenarios.len()), (1_000_000, 2));
        let args: Vec<String> = ["--aid-ledger", "0", "--scenario", "get"].map(String::from).to_vec();
        assert!(parse_options(&args).is_ok());
        assert_eq!(redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
    }

    #[test]
    fn reads_wrks_result_line() {
        let line = r#"{"requests":120,"duration_us":3000000,"p50_us":1500,"first_body":"x"}"#;
        assert_eq!(number_field(line, "requests"), Some(120.0));
        assert_eq!(number_field(line, "p50_us"), Some(1500.0));
        assert_eq!(number_field(line, "missing"), None);
        let line =
            r#"{"first_status":400,"first_body":"{\u0022detail\u0022:\u0022a \u005c\u0022b\u005c\u0022\u0022}"}"#;
        assert_eq!(escaped_string_field(line, "first_body").as_deref(), Some(r#"{"detail":"a \"b\""}"#));
        assert_eq!(due_date().len(), 10);
    }
}

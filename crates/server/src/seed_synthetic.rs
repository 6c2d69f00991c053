//! `danvan seed-synthetic`: many synthetic tasks, community teams and aid ledger rows over
//! the demonstration data, loaded through the store's bulk paths
//! ([`danvan_store::tasks::load_synthetic`], [`danvan_store::community_teams::load_synthetic`],
//! [`danvan_store::aid::load_synthetic`]), for the benchmark (`cargo xtask bench`,
//! docs/performance.md) and for trying the lists and reports at scale.

use danvan_store::{
    aid::{self, SyntheticAid},
    community_teams::{self, SyntheticTeams},
    tasks::{load_synthetic, Progress, SyntheticTasks},
    Actor, DbConnection, Pool,
};
use std::io::Write;
use std::time::Instant;

/// Loads `tasks` synthetic tasks, `teams` synthetic community teams and about `aid_ledger`
/// stock movements with their donations, drawn from `seed` (any may be 0); returns a
/// summary for the terminal. Refuses a database with accounts that are not the demo's
/// unless `force`: the tasks would be assigned to real people.
pub fn seed_synthetic(
    pool: &Pool,
    tasks: usize,
    teams: usize,
    aid_ledger: usize,
    seed: u64,
    force: bool,
) -> Result<String, String> {
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let strangers = crate::seed::strangers(&mut conn)?;
    if !strangers.is_empty() && !force {
        return Err(format!(
            "this database has accounts that are not the demo's ({}{}); synthetic tasks would be assigned to \
             them, so seed-synthetic runs only on a demonstration database (--force to load anyway)",
            strangers.iter().take(5).cloned().collect::<Vec<_>>().join(", "),
            if strangers.len() > 5 { ", …" } else { "" }
        ));
    }
    let mut report = Vec::new();
    if tasks > 0 {
        report.push(load_tasks(&mut conn, tasks, seed)?);
    }
    if teams > 0 {
        report.push(load_teams(&mut conn, teams, seed)?);
    }
    if aid_ledger > 0 {
        report.push(load_aid(&mut conn, aid_ledger, seed)?);
    }
    if report.is_empty() {
        report.push("Nothing to load: --tasks, --teams and --aid-ledger are all 0.".to_owned());
    }
    Ok(report.join("\n"))
}

fn load_tasks(conn: &mut DbConnection, tasks: usize, seed: u64) -> Result<String, String> {
    let spec = SyntheticTasks { count: tasks, seed, now: danvan_store::now() };
    let started = Instant::now();
    // A line per tenth: a million tasks take minutes, and silence looks like a hang.
    let tenth = (tasks / 10).max(1);
    let mut next_report = tenth;
    let mut progress = |step: Progress| {
        match step {
            Progress::Loaded(loaded) if loaded >= next_report && loaded < tasks => {
                println!("  {loaded} of {tasks} tasks loaded ({:.1} s)", started.elapsed().as_secs_f64());
                next_report = (loaded / tenth + 1) * tenth;
            }
            Progress::Loaded(_) => return,
            Progress::BuildingIndexes(count) => println!(
                "  building the {count} indexes of the task tables dropped for the load ({:.1} s)",
                started.elapsed().as_secs_f64()
            ),
        }
        let _ = std::io::stdout().flush();
    };
    let loaded = load_synthetic(conn, &Actor::system("seed-synthetic"), &spec, &mut progress)
        .map_err(|e| format!("loading synthetic tasks: {e}"))?;
    let elapsed = started.elapsed().as_secs_f64();
    Ok(format!(
        "Loaded {loaded} synthetic tasks (seed {seed}) with their assignees, areas, timeline events and audit rows \
         in {elapsed:.1} s ({:.0} tasks/s).",
        loaded as f64 / elapsed.max(0.001)
    ))
}

fn load_teams(conn: &mut DbConnection, teams: usize, seed: u64) -> Result<String, String> {
    let spec = SyntheticTeams { count: teams, seed, now: danvan_store::now() };
    let started = Instant::now();
    let loaded = community_teams::load_synthetic(conn, &Actor::system("seed-synthetic"), &spec)
        .map_err(|e| format!("loading synthetic community teams: {e}"))?;
    let elapsed = started.elapsed().as_secs_f64();
    Ok(format!(
        "Loaded {loaded} synthetic community teams (seed {seed}) with their members and a year of indicator values \
         (2021; its scorecards are computed on their first read) in {elapsed:.1} s ({:.0} teams/s).",
        loaded as f64 / elapsed.max(0.001)
    ))
}

fn load_aid(conn: &mut DbConnection, movements: usize, seed: u64) -> Result<String, String> {
    let spec = SyntheticAid { movements, seed, now: danvan_store::now() };
    let started = Instant::now();
    let tenth = (movements / 10).max(1);
    let mut next_report = tenth;
    let mut progress = |step: Progress| {
        match step {
            Progress::Loaded(loaded) if loaded >= next_report && loaded < movements => {
                println!("  {loaded} of {movements} stock movements loaded ({:.1} s)", started.elapsed().as_secs_f64());
                next_report = (loaded / tenth + 1) * tenth;
            }
            Progress::Loaded(_) => return,
            Progress::BuildingIndexes(count) => println!(
                "  building the {count} indexes of the aid ledger's tables dropped for the load ({:.1} s)",
                started.elapsed().as_secs_f64()
            ),
        }
        let _ = std::io::stdout().flush();
    };
    let loaded = aid::load_synthetic(conn, &Actor::system("seed-synthetic"), &spec, &mut progress)
        .map_err(|e| format!("loading the synthetic aid ledger: {e}"))?;
    let elapsed = started.elapsed().as_secs_f64();
    Ok(format!(
        "Loaded {} synthetic stock movements (seed {seed}): {} donations with {} lines and {} cash entries, {} transfers, \
         to {} campaigns (the open one \"{}\" the largest) from {} donors at {} locations, with their balances and \
         sums, in {elapsed:.1} s ({:.0} movements/s).",
        loaded.movements,
        loaded.donations,
        loaded.donation_lines,
        loaded.cash_entries,
        loaded.transfers,
        loaded.campaigns,
        aid::SYNTHETIC_OPEN_CAMPAIGN,
        loaded.donors,
        loaded.locations,
        loaded.movements as f64 / elapsed.max(0.001)
    ))
}

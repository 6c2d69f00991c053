//! `danvan seed-synthetic`: many synthetic tasks over the demonstration data, loaded
//! through the store's bulk path ([`danvan_store::tasks::load_synthetic`]), for the
//! benchmark (`cargo xtask bench`, docs/performance.md) and for trying the lists at scale.

use danvan_store::{
    tasks::{load_synthetic, Progress, SyntheticTasks},
    Actor, Pool,
};
use std::io::Write;
use std::time::Instant;

/// Loads `tasks` synthetic tasks drawn from `seed`; returns a summary for the terminal.
/// Refuses a database with accounts that are not the demo's unless `force`: the tasks
/// would be assigned to real people.
pub fn seed_synthetic(pool: &Pool, tasks: usize, seed: u64, force: bool) -> Result<String, String> {
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
    let loaded = load_synthetic(&mut conn, &Actor::system("seed-synthetic"), &spec, &mut progress)
        .map_err(|e| format!("loading synthetic tasks: {e}"))?;
    let elapsed = started.elapsed().as_secs_f64();
    Ok(format!(
        "Loaded {loaded} synthetic tasks (seed {seed}) with their assignees, areas, timeline events and audit rows \
         in {elapsed:.1} s ({:.0} tasks/s).",
        loaded as f64 / elapsed.max(0.001)
    ))
}

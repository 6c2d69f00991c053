//! The `crash` step: writers create org units on the debug server over a
//! fresh SQLite database while it is killed with SIGKILL at random moments, several times.
//! After each restart every create the server answered with a 2xx must be there, read by
//! its id, and have its audit row: an acknowledged write survives a crash.

use crate::checks::Summary;
use crate::server::Server;
use crate::{http, util};
use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How many times the server is killed.
const CRASHES: usize = 5;

/// Concurrent writers: enough that some requests are always in flight when the kill comes.
const WRITERS: usize = 6;

/// A round writes for a random time in this range, in milliseconds, before the kill.
const WRITE_MS: (u64, u64) = (300, 1500);

/// Page size of the lists read back.
const PAGE: usize = 200;

/// Sets the seed of the kill times, to repeat a run: `XTASK_CRASH_SEED=N`.
const SEED_VAR: &str = "XTASK_CRASH_SEED";

pub fn crash_step(summary: &mut Summary) -> Result<(), String> {
    // The test step has just built the debug server; this only checks it is fresh.
    summary.timed("crash: build server", crate::build_server)?;
    summary.timed("crash: kill and check", run)
}

fn run() -> Result<(), String> {
    let started = Instant::now();
    let seed = match std::env::var(SEED_VAR) {
        Ok(value) if !value.is_empty() => value.parse().map_err(|_| format!("{SEED_VAR} must be a number"))?,
        _ => std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64),
    };
    println!("Crash test: {CRASHES} kills with SIGKILL, {WRITERS} writers, {SEED_VAR}={seed}.");
    let mut random = XorShift(seed | 1);
    let mut server = Server::start("crash", &[])?;
    let token = server.login()?;
    let mut acknowledged: Vec<String> = Vec::new();
    for crash in 1..=CRASHES {
        let write_for = Duration::from_millis(WRITE_MS.0 + random.next() % (WRITE_MS.1 - WRITE_MS.0));
        let (restarted, round) = crash_while_writing(server, &token, crash, write_for)?;
        server = restarted;
        let checked = round.and_then(|ids| {
            println!(
                "Crash {crash} after {} ms: {} creates acknowledged; checking they survived.",
                write_for.as_millis(),
                ids.len()
            );
            each_readable(server.address, &token, &ids)?;
            audited(server.address, &token, &ids)?;
            acknowledged.extend(ids);
            Ok(())
        });
        if let Err(e) = checked {
            return server.finish(Err(format!("crash {crash}: {e} ({SEED_VAR}={seed})")));
        }
    }
    let last = listed(server.address, &token, "/api/v1/org-units?", "id").and_then(|ids| {
        let missing: Vec<&String> = acknowledged.iter().filter(|id| !ids.contains(*id)).collect();
        match missing.as_slice() {
            [] => audited(server.address, &token, &acknowledged),
            _ => Err(format!("{} acknowledged org units are missing at the end, e.g. {}", missing.len(), missing[0])),
        }
    });
    println!(
        "{} acknowledged creates survived {CRASHES} crashes, each with its audit row ({}).",
        acknowledged.len(),
        util::format_duration(started.elapsed())
    );
    server.finish(last)
}

/// Writes for `write_for`, kills the server and starts it again; the ids of the creates
/// answered with a 2xx, or the first answer that was neither a 2xx nor cut off by the kill.
fn crash_while_writing(
    server: Server,
    token: &str,
    crash: usize,
    write_for: Duration,
) -> Result<(Server, Result<Vec<String>, String>), String> {
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (stop, acknowledged, token, address) =
                (stop.clone(), acknowledged.clone(), token.to_owned(), server.address);
            std::thread::spawn(move || write(address, &token, &format!("K{crash}W{writer}"), &stop, &acknowledged))
        })
        .collect();
    std::thread::sleep(write_for);
    let restart = server.crash();
    stop.store(true, Ordering::Relaxed);
    let mut failure = None;
    for writer in writers {
        match writer.join() {
            Ok(Ok(())) => {}
            Ok(Err(e)) => failure = failure.or(Some(e)),
            Err(_) => failure = failure.or(Some("a writer panicked".to_owned())),
        }
    }
    let server = Server::restart(restart?, &[])?;
    let ids = std::mem::take(&mut *acknowledged.lock().map_err(|_| "a writer panicked")?);
    Ok((server, failure.map_or(Ok(ids), Err)))
}

/// Creates org units one after another until `stop`; an answer that is not a 2xx fails.
fn write(
    address: SocketAddr,
    token: &str,
    prefix: &str,
    stop: &AtomicBool,
    acknowledged: &Mutex<Vec<String>>,
) -> Result<(), String> {
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let body = format!(r#"{{"code":"{prefix}N{n}","name":"Đơn vị {prefix} {n}","kind":"other"}}"#);
        match http::request_as(address, Some(token), "POST", "/api/v1/org-units", Some(&body)) {
            Ok(response) if (200..300).contains(&response.status) => {
                let id = http::json_string_field(&response.body, "id")
                    .ok_or_else(|| format!("a create answered without an id: {}", response.body))?;
                acknowledged.lock().map_err(|_| "a writer panicked")?.push(id);
            }
            // Refused or cut off: the server is down, the write was not acknowledged.
            Err(_) => std::thread::sleep(Duration::from_millis(5)),
            Ok(response) => {
                return Err(format!("a create answered {} while the server ran: {}", response.status, response.body))
            }
        }
    }
    Ok(())
}

/// Every id answers `GET /api/v1/org-units/{id}` with 200.
fn each_readable(address: SocketAddr, token: &str, ids: &[String]) -> Result<(), String> {
    for id in ids {
        let response = http::request_as(address, Some(token), "GET", &format!("/api/v1/org-units/{id}"), None)?;
        if response.status != 200 {
            return Err(format!("the acknowledged org unit {id} answers {}: {}", response.status, response.body));
        }
    }
    Ok(())
}

/// Every id has a `create` row in the audit log.
fn audited(address: SocketAddr, token: &str, ids: &[String]) -> Result<(), String> {
    let audited = listed(address, token, "/api/v1/audit?entity=org_unit&action=create&", "entity_id")?;
    let missing: Vec<&String> = ids.iter().filter(|id| !audited.contains(*id)).collect();
    match missing.as_slice() {
        [] => Ok(()),
        _ => Err(format!("{} acknowledged creates have no audit row, e.g. {}", missing.len(), missing[0])),
    }
}

/// Every value of `key` in every page of the list at `path` (which ends in `?` or `&`).
fn listed(address: SocketAddr, token: &str, path: &str, key: &str) -> Result<HashSet<String>, String> {
    let mut values = HashSet::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = match &cursor {
            Some(cursor) => format!("{path}limit={PAGE}&cursor={}", http::query_encode(cursor)),
            None => format!("{path}limit={PAGE}"),
        };
        let response = http::request_as(address, Some(token), "GET", &page, None)?;
        if response.status != 200 {
            return Err(format!("GET {page} answered {}: {}", response.status, response.body));
        }
        values.extend(http::json_string_values(&response.body, key));
        cursor = http::json_string_field(&response.body, "next_cursor");
        if cursor.is_none() {
            return Ok(values);
        }
    }
}

/// A small generator for the kill times; no need for a crate.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

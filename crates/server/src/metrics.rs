//! Operational metrics, served at `GET /metrics` in the Prometheus text format (0.0.4).
//!
//! What is counted: every request by route template (actix's match pattern, so
//! `/api/v1/tasks/{id}` and never a concrete id; whatever no route matches is
//! [`UNMATCHED`]), method and status, with a latency histogram; the database pool's
//! connections; 503 `busy` answers by cause; PostgreSQL write retries and SQLite's waits
//! for its write lock; 429 login throttling by endpoint.
//!
//! The registry is hand-written and small: one short-held mutex over a map of series,
//! fixed bucket arrays, atomics. Error answers are classified here, in the one middleware,
//! from the [`ApiError`] a response carries, so no handler needs a hook of its own.
//!
//! `/metrics` is an operations endpoint, not part of the REST API: it is served only when
//! `metrics_token` is set (bearer token, 404 while unset so that it cannot be discovered)
//! and, without a token, on the separate `metrics_bind` address meant for a private network.

use crate::{error::ApiError, state::AppState};
use actix_web::{
    body::{BoxBody, MessageBody},
    dev::{ServiceRequest, ServiceResponse},
    http::{header, Method},
    middleware::Next,
    web, Error, HttpMessage, HttpRequest, HttpResponse, ResponseError,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// The route label of a request no route matched: raw paths would make the series unbounded.
pub const UNMATCHED: &str = "unmatched";

pub const CONTENT_TYPE: &str = "text/plain; version=0.0.4; charset=utf-8";

/// Marks, in its extensions, a request that reached the default service: asking actix for
/// its pattern would walk every resource (tens of microseconds) only to find none, and
/// unmatched requests are what a scanner sends by the thousand.
pub struct Unmatched;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 13] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// A 503 `busy` answer's cause.
#[derive(Debug, Clone, Copy)]
pub enum Busy {
    /// The database: SQLite locked past its busy timeout, or PostgreSQL write conflicts
    /// through every retry.
    Database,
    /// The password-hashing queue was full or its wait too long.
    HashingQueue,
}

impl Busy {
    const ALL: [Busy; 2] = [Busy::Database, Busy::HashingQueue];

    fn label(self) -> &'static str {
        match self {
            Busy::Database => "database",
            Busy::HashingQueue => "hashing_queue",
        }
    }
}

#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Key {
    route: String,
    method: &'static str,
    status: u16,
}

#[derive(Clone, Default)]
struct Series {
    /// Per bucket, not cumulative; the last one is above the largest bound.
    buckets: [u64; BUCKETS.len() + 1],
    count: u64,
    sum: f64,
}

/// The connection pool as it stands when the metrics are read.
#[derive(Debug, Clone, Copy, Default)]
pub struct PoolGauges {
    pub in_use: u32,
    pub idle: u32,
    pub max: u32,
    pub waiting: i64,
}

/// Requests waiting for a pooled connection. One per process rather than per pool: the
/// wait happens in `http::read`, which sees the pool but not the server it belongs to,
/// and a process serves one pool.
static POOL_WAITING: AtomicI64 = AtomicI64::new(0);

/// Counts a wait for a pooled connection while it lives.
pub struct PoolWait(());

impl PoolWait {
    pub fn start() -> PoolWait {
        POOL_WAITING.fetch_add(1, Ordering::Relaxed);
        PoolWait(())
    }
}

impl Drop for PoolWait {
    fn drop(&mut self) {
        POOL_WAITING.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The pool's gauges: r2d2 tells connections and idle ones; the waiters are counted here.
pub fn pool_gauges(pool: &danvan_store::Pool) -> PoolGauges {
    let state = pool.state();
    PoolGauges {
        in_use: state.connections.saturating_sub(state.idle_connections),
        idle: state.idle_connections,
        max: pool.max_size(),
        waiting: POOL_WAITING.load(Ordering::Relaxed).max(0),
    }
}

/// One server's counters.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<HashMap<Key, Series>>,
    busy: [AtomicU64; 2],
    /// Throttled attempts by route template: the throttle guards more than one endpoint.
    throttled: Mutex<HashMap<String, u64>>,
}

impl Metrics {
    pub fn observe(&self, route: String, method: &Method, status: u16, seconds: f64) {
        let bucket = BUCKETS.iter().position(|bound| seconds <= *bound).unwrap_or(BUCKETS.len());
        let key = Key { route, method: method_label(method), status };
        let mut requests = self.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let series = requests.entry(key).or_default();
        series.buckets[bucket] += 1;
        series.count += 1;
        series.sum += seconds;
    }

    pub fn busy(&self, cause: Busy) {
        self.busy[cause as usize].fetch_add(1, Ordering::Relaxed);
    }

    pub fn throttled(&self, route: &str) {
        let mut throttled = self.throttled.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *throttled.entry(route.to_owned()).or_default() += 1;
    }

    /// Counts what an error answer says about the server, by the error it was made from.
    fn classify(&self, error: &ApiError, route: &str) {
        match error {
            ApiError::DatabaseBusy => self.busy(Busy::Database),
            ApiError::Busy { .. } => self.busy(Busy::HashingQueue),
            ApiError::TooManyRequests { .. } => self.throttled(route),
            _ => {}
        }
    }

    /// The text exposition of every series, sorted so that two readings compare line by line.
    pub fn render(&self, pool: PoolGauges) -> String {
        // Copied out so that requests never wait on the formatting below.
        let mut requests: Vec<(Key, Series)> = {
            let requests = self.requests.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            requests.iter().map(|(key, series)| (key.clone(), series.clone())).collect()
        };
        requests.sort_by(|a, b| a.0.cmp(&b.0));
        let mut throttled: Vec<(String, u64)> = {
            let throttled = self.throttled.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            throttled.iter().map(|(route, count)| (route.clone(), *count)).collect()
        };
        throttled.sort();

        let mut out = String::with_capacity(1024 + requests.len() * 1200);
        header(
            &mut out,
            "danvan_http_requests_total",
            "counter",
            "HTTP requests answered, by route template, method and status.",
        );
        for (key, series) in &requests {
            let _ = writeln!(out, "danvan_http_requests_total{{{}}} {}", labels(key), series.count);
        }
        header(
            &mut out,
            "danvan_http_request_duration_seconds",
            "histogram",
            "Time to answer an HTTP request, by route template, method and status.",
        );
        for (key, series) in &requests {
            let labels = labels(key);
            let mut cumulative = 0;
            for (bound, count) in BUCKETS.iter().zip(&series.buckets) {
                cumulative += count;
                let _ = writeln!(
                    out,
                    "danvan_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ =
                writeln!(out, "danvan_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", series.count);
            let _ = writeln!(out, "danvan_http_request_duration_seconds_sum{{{labels}}} {}", series.sum);
            let _ = writeln!(out, "danvan_http_request_duration_seconds_count{{{labels}}} {}", series.count);
        }
        header(&mut out, "danvan_db_pool_connections", "gauge", "Database connections of the pool, in use or idle.");
        let _ = writeln!(out, "danvan_db_pool_connections{{state=\"in_use\"}} {}", pool.in_use);
        let _ = writeln!(out, "danvan_db_pool_connections{{state=\"idle\"}} {}", pool.idle);
        header(&mut out, "danvan_db_pool_max_connections", "gauge", "The most connections the pool opens.");
        let _ = writeln!(out, "danvan_db_pool_max_connections {}", pool.max);
        header(&mut out, "danvan_db_pool_waiting", "gauge", "Requests waiting for a database connection.");
        let _ = writeln!(out, "danvan_db_pool_waiting {}", pool.waiting);
        header(
            &mut out,
            "danvan_busy_total",
            "counter",
            "503 busy answers, by cause: the database (SQLite locked past its busy timeout, PostgreSQL write conflicts \
             through every retry) or the password-hashing queue full.",
        );
        for cause in Busy::ALL {
            let count = self.busy[cause as usize].load(Ordering::Relaxed);
            let _ = writeln!(out, "danvan_busy_total{{cause=\"{}\"}} {count}", cause.label());
        }
        let writes = &danvan_store::db::WRITE_STATS;
        header(
            &mut out,
            "danvan_db_write_retries_total",
            "counter",
            "PostgreSQL write transactions run again after a conflict.",
        );
        let _ = writeln!(out, "danvan_db_write_retries_total {}", writes.retries.load(Ordering::Relaxed));
        header(
            &mut out,
            "danvan_sqlite_lock_waits_total",
            "counter",
            "SQLite write transactions that waited for the write lock.",
        );
        let _ = writeln!(out, "danvan_sqlite_lock_waits_total {}", writes.lock_waits.load(Ordering::Relaxed));
        header(
            &mut out,
            "danvan_sqlite_lock_wait_seconds_total",
            "counter",
            "Time SQLite write transactions waited for the write lock.",
        );
        let micros = writes.lock_wait_micros.load(Ordering::Relaxed);
        let _ = writeln!(out, "danvan_sqlite_lock_wait_seconds_total {}", micros as f64 / 1e6);
        header(
            &mut out,
            "danvan_login_throttled_total",
            "counter",
            "Password attempts refused with 429 by the login throttle, by route template.",
        );
        for (route, count) in &throttled {
            let _ = writeln!(out, "danvan_login_throttled_total{{route=\"{}\"}} {count}", escape(route));
        }
        out
    }
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

fn labels(key: &Key) -> String {
    format!("route=\"{}\",method=\"{}\",status=\"{}\"", escape(&key.route), key.method, key.status)
}

/// A label value as the text format wants it: backslash, quote and newline escaped.
fn escape(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Methods outside the standard few share one label, so a client cannot mint series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Records every request. It sits inside the problem middleware, which rebuilds error
/// responses and so drops the [`ApiError`] they were made from.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let started = Instant::now();
    let method = req.method().clone();
    let outcome = next.call(req).await;
    let seconds = started.elapsed().as_secs_f64();
    let (route, status, error) = match &outcome {
        Ok(response) => (
            (!response.request().extensions().contains::<Unmatched>())
                .then(|| response.request().match_pattern())
                .flatten(),
            response.status().as_u16(),
            response.response().error().and_then(|e| e.as_error::<ApiError>()),
        ),
        Err(error) => (None, error.as_response_error().status_code().as_u16(), error.as_error::<ApiError>()),
    };
    let route = route.unwrap_or_else(|| UNMATCHED.to_owned());
    if let Some(error) = error {
        state.metrics.classify(error, &route);
    }
    state.metrics.observe(route, &method, status, seconds);
    Ok(outcome?.map_into_boxed_body())
}

/// `GET /metrics` on the API's address: 404 unless a token is configured, then only with it.
///
/// Not in the OpenAPI document: it answers Prometheus text, takes its own credential rather
/// than a user's, and while unset it is not there at all; the document, and the route
/// table and conformance run driven by it, describe the REST API. Outside the route
/// table, its 405 for other methods is answered here.
pub async fn guarded(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let Some(token) = state.config.metrics_token.as_deref() else {
        return Err(ApiError::NotFound);
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Ok(HttpResponse::MethodNotAllowed().insert_header((header::ALLOW, "GET, HEAD")).finish());
    }
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !same_secret(presented, token) {
        return Err(ApiError::Unauthorized("a valid metrics token is required"));
    }
    Ok(exposition(&state))
}

/// `GET /metrics` on the metrics address: whoever reaches that address may read it.
pub async fn open(state: web::Data<AppState>) -> HttpResponse {
    exposition(&state)
}

fn exposition(state: &AppState) -> HttpResponse {
    let body = state.metrics.render(pool_gauges(&state.db));
    HttpResponse::Ok().content_type(CONTENT_TYPE).insert_header((header::CACHE_CONTROL, "no-store")).body(body)
}

/// Compares digests, so the time taken says nothing about the token's length or how
/// many of its characters matched.
fn same_secret(presented: &str, expected: &str) -> bool {
    let (a, b) = (Sha256::digest(presented.as_bytes()), Sha256::digest(expected.as_bytes()));
    a.iter().zip(b.iter()).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// What answers a request to the metrics address that is not `GET /metrics`.
pub async fn not_found() -> HttpResponse {
    ApiError::NotFound.error_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_exposition_has_counters_cumulative_buckets_and_gauges() {
        let metrics = Metrics::default();
        metrics.observe("/api/v1/tasks/{id}".into(), &Method::GET, 200, 0.00390625);
        metrics.observe("/api/v1/tasks/{id}".into(), &Method::GET, 200, 0.25);
        metrics.observe(UNMATCHED.into(), &Method::from_bytes(b"BREW").unwrap_or(Method::GET), 404, 20.0);
        metrics.classify(&ApiError::DatabaseBusy, "/api/v1/tasks");
        metrics.classify(&ApiError::TooManyRequests { retry_after: 3 }, "/api/v1/auth/login");
        metrics.classify(&ApiError::NotFound, "/api/v1/tasks");
        let text = metrics.render(PoolGauges { in_use: 1, idle: 3, max: 4, waiting: 0 });
        let lines: Vec<&str> = text.lines().collect();
        let task = r#"route="/api/v1/tasks/{id}",method="GET",status="200""#;
        for expected in [
            format!("danvan_http_requests_total{{{task}}} 2"),
            format!("danvan_http_request_duration_seconds_bucket{{{task},le=\"0.0025\"}} 0"),
            format!("danvan_http_request_duration_seconds_bucket{{{task},le=\"0.005\"}} 1"),
            format!("danvan_http_request_duration_seconds_bucket{{{task},le=\"0.25\"}} 2"),
            format!("danvan_http_request_duration_seconds_bucket{{{task},le=\"+Inf\"}} 2"),
            format!("danvan_http_request_duration_seconds_sum{{{task}}} 0.25390625"),
            format!("danvan_http_request_duration_seconds_count{{{task}}} 2"),
            r#"danvan_http_request_duration_seconds_bucket{route="unmatched",method="other",status="404",le="10"} 0"#
                .into(),
            r#"danvan_http_request_duration_seconds_bucket{route="unmatched",method="other",status="404",le="+Inf"} 1"#
                .into(),
            r#"danvan_db_pool_connections{state="in_use"} 1"#.into(),
            r#"danvan_db_pool_connections{state="idle"} 3"#.into(),
            "danvan_db_pool_max_connections 4".into(),
            "danvan_db_pool_waiting 0".into(),
            r#"danvan_busy_total{cause="database"} 1"#.into(),
            r#"danvan_busy_total{cause="hashing_queue"} 0"#.into(),
            r#"danvan_login_throttled_total{route="/api/v1/auth/login"} 1"#.into(),
            "# TYPE danvan_http_request_duration_seconds histogram".into(),
        ] {
            assert!(lines.contains(&expected.as_str()), "missing {expected:?} in\n{text}");
        }
        for line in lines.iter().filter(|line| !line.starts_with('#')) {
            let value = line.rsplit_once(' ').map(|(_, value)| value);
            assert!(value.is_some_and(|v| v.parse::<f64>().is_ok()), "not a sample: {line:?}");
        }
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }

    #[test]
    fn only_the_configured_token_passes() {
        assert!(same_secret("s3cret-token", "s3cret-token"));
        assert!(!same_secret("s3cret-tokeN", "s3cret-token"));
        assert!(!same_secret("", "s3cret-token"));
    }
}

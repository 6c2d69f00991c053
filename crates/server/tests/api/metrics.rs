//! `GET /metrics`: hidden without its token, refused with a wrong one, and with it the
//! Prometheus text of what the server answered, by route template rather than raw path.

use crate::support::{Backend, TestApp, ADMIN_PASSWORD};
use std::collections::HashMap;

const TOKEN: &str = "metrics-token-for-tests";

async fn with_token(backend: Backend) -> Option<TestApp> {
    TestApp::spawn_with(backend, |config| {
        config.metrics_token = Some(TOKEN.into());
        config.login_max_failures_per_account = 2;
    })
    .await
}

async fn get(url: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = reqwest::Client::new().get(url);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// The samples of an exposition, by name and labels; panics on a line that is neither a
/// comment nor a sample, so a malformed body fails the test.
fn samples(text: &str) -> HashMap<String, f64> {
    text.lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (series, value) = line.rsplit_once(' ').unwrap_or_else(|| panic!("not a sample: {line:?}"));
            let name_end = series.find('{').unwrap_or(series.len());
            let name = &series[..name_end];
            assert!(
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'),
                "bad metric name in {line:?}"
            );
            assert!(name_end == series.len() || series.ends_with('}'), "unclosed labels in {line:?}");
            let value = value.parse::<f64>().unwrap_or_else(|_| panic!("bad value in {line:?}"));
            (series.to_owned(), value)
        })
        .collect()
}

async fn scrape(app: &TestApp) -> (String, HashMap<String, f64>) {
    let response = get(&format!("{}/metrics", app.base), Some(TOKEN)).await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers().get("content-type").unwrap().to_str().unwrap().to_owned();
    assert!(content_type.starts_with("text/plain; version=0.0.4"), "{content_type}");
    let text = response.text().await.unwrap();
    let samples = samples(&text);
    (text, samples)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_not_found_without_a_configured_token() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    for token in [None, Some(TOKEN)] {
        let response = get(&format!("{}/metrics", app.base), token).await;
        assert_eq!(response.status(), 404);
        assert_eq!(response.headers().get("content-type").unwrap(), "application/problem+json");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_refuse_a_missing_or_wrong_token() {
    let app = with_token(Backend::Sqlite).await.unwrap();
    for token in [None, Some("metrics-token-for-tests-not"), Some("")] {
        let response = get(&format!("{}/metrics", app.base), token).await;
        assert_eq!(response.status(), 401, "{token:?}");
        assert!(response.headers().contains_key("www-authenticate"));
    }
    let posted = reqwest::Client::new().post(format!("{}/metrics", app.base)).bearer_auth(TOKEN).send().await.unwrap();
    assert_eq!(posted.status(), 405);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_metrics_address_serves_metrics_without_a_token_and_nothing_else() {
    let app =
        TestApp::spawn_with(Backend::Sqlite, |config| config.metrics_bind = Some("127.0.0.1:0".into())).await.unwrap();
    let port = app.metrics_port.unwrap();
    let response = get(&format!("http://127.0.0.1:{port}/metrics"), None).await;
    assert_eq!(response.status(), 200);
    let samples = samples(&response.text().await.unwrap());
    assert!(samples.keys().any(|series| series.starts_with("danvan_http_requests_total{")), "{samples:?}");
    assert_eq!(get(&format!("http://127.0.0.1:{port}/api/v1/me"), None).await.status(), 404);
    assert_eq!(get(&format!("{}/metrics", app.base), None).await.status(), 404, "the API's address stays closed");
}

both_backends! {
    async fn metrics_count_requests_by_route_template_and_status(app) {
        let app = with_token(app.backend).await.unwrap();
        let id = "0190b1d4-0000-7000-8000-000000000000";
        for _ in 0..3 {
            assert!(app.admin.get_task(id.parse().unwrap()).await.is_err());
        }
        assert_eq!(get(&format!("{}/api/v1/no-such-thing/{id}", app.base), None).await.status(), 404);
        let (text, samples) = scrape(&app).await;
        assert!(!text.contains(id), "a raw path leaked into the labels:\n{text}");
        let task = r#"route="/api/v1/tasks/{id}",method="GET",status="404""#;
        assert_eq!(samples.get(&format!("danvan_http_requests_total{{{task}}}")), Some(&3.0), "{text}");
        assert_eq!(samples.get(&format!("danvan_http_request_duration_seconds_count{{{task}}}")), Some(&3.0));
        assert_eq!(samples.get(&format!("danvan_http_request_duration_seconds_bucket{{{task},le=\"+Inf\"}}")), Some(&3.0));
        assert!(samples.contains_key(&format!("danvan_http_request_duration_seconds_sum{{{task}}}")));
        let unmatched = r#"danvan_http_requests_total{route="unmatched",method="GET",status="404"}"#;
        assert_eq!(samples.get(unmatched), Some(&1.0), "{text}");
        let login = r#"danvan_http_requests_total{route="/api/v1/auth/login",method="POST",status="200"}"#;
        assert!(samples.get(login).is_some_and(|count| *count >= 1.0), "{text}");

        let max = samples.get("danvan_db_pool_max_connections");
        assert_eq!(max, Some(&f64::from(app.config.pool_size)));
        let in_use = samples.get(r#"danvan_db_pool_connections{state="in_use"}"#).copied().unwrap();
        let idle = samples.get(r#"danvan_db_pool_connections{state="idle"}"#).copied().unwrap();
        assert!(in_use + idle <= f64::from(app.config.pool_size) && idle >= 1.0, "{text}");
        assert!(samples.contains_key("danvan_db_pool_waiting"));
        assert_eq!(samples.get(r#"danvan_busy_total{cause="database"}"#), Some(&0.0));
        for counter in ["danvan_db_write_retries_total", "danvan_sqlite_lock_waits_total", "danvan_sqlite_lock_wait_seconds_total"] {
            assert!(samples.contains_key(counter), "{counter} missing:\n{text}");
        }
        assert_eq!(samples.get(r#"danvan_busy_total{cause="hashing_queue"}"#), Some(&0.0));

        let (_, again) = scrape(&app).await;
        let scraped = r#"danvan_http_requests_total{route="/metrics",method="GET",status="200"}"#;
        assert_eq!(again.get(scraped), Some(&1.0), "the scrape counts itself once it is answered");
    }

    async fn a_throttled_login_moves_the_throttle_counter(app) {
        let app = with_token(app.backend).await.unwrap();
        let throttled = r#"danvan_login_throttled_total{route="/api/v1/auth/login"}"#;
        let (_, before) = scrape(&app).await;
        assert_eq!(before.get(throttled), None);
        for _ in 0..2 {
            let refused = app.anonymous.login("admin", "not the password").await.unwrap_err();
            assert_eq!(refused.status(), Some(401));
        }
        for _ in 0..2 {
            let refused = app.anonymous.login("admin", ADMIN_PASSWORD).await.unwrap_err();
            assert_eq!(refused.status(), Some(429));
        }
        let (text, after) = scrape(&app).await;
        assert_eq!(after.get(throttled), Some(&2.0), "{text}");
        let answered = r#"danvan_http_requests_total{route="/api/v1/auth/login",method="POST",status="429"}"#;
        assert_eq!(after.get(answered), Some(&2.0), "{text}");
    }
}

/// Another writer holds SQLite's write lock for a while; a create, one write transaction,
/// waits on the busy timeout and that wait is counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wait_for_sqlites_write_lock_is_counted() {
    use danvan_store::diesel::{connection::SimpleConnection, Connection, SqliteConnection};
    let app = with_token(Backend::Sqlite).await.unwrap();
    let (_, before) = scrape(&app).await;
    let path = app.config.database_url.strip_prefix("sqlite://").unwrap().to_owned();
    let (locked, release) = (std::sync::mpsc::channel(), std::sync::mpsc::channel::<()>());
    let holder = std::thread::spawn(move || {
        let mut conn = SqliteConnection::establish(&path).unwrap();
        conn.batch_execute("BEGIN IMMEDIATE").unwrap();
        locked.0.send(()).unwrap();
        release.1.recv().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1000));
        conn.batch_execute("COMMIT").unwrap();
    });
    locked.1.recv().unwrap();
    release.0.send(()).unwrap();
    let unit = danvan_domain::org_unit::CreateOrgUnit {
        parent_id: None,
        code: "LOCK-WAIT".into(),
        name: "Đơn vị chờ khoá".into(),
        kind: danvan_domain::org_unit::OrgUnitKind::Other,
    };
    app.admin.create_org_unit(&unit, None).await.unwrap();
    holder.join().unwrap();
    let (text, after) = scrape(&app).await;
    let waits = |samples: &HashMap<String, f64>, name: &str| samples.get(name).copied().unwrap();
    assert!(
        waits(&after, "danvan_sqlite_lock_waits_total") >= waits(&before, "danvan_sqlite_lock_waits_total") + 1.0,
        "{text}"
    );
    let waited = waits(&after, "danvan_sqlite_lock_wait_seconds_total")
        - waits(&before, "danvan_sqlite_lock_wait_seconds_total");
    assert!(waited >= 0.1, "waited {waited} s:\n{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_hashing_queue_is_counted_as_busy() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.metrics_token = Some(TOKEN.into());
        config.max_concurrent_hashes = 1;
        config.max_queued_hashes = 0;
    })
    .await
    .unwrap();
    let logins = (0..6).map(|_| app.anonymous.login("admin", ADMIN_PASSWORD));
    let refused = futures_util::future::join_all(logins)
        .await
        .into_iter()
        .filter(|outcome| outcome.as_ref().is_err_and(|error| error.status() == Some(503)))
        .count();
    assert!(refused >= 1, "no login found the queue full");
    let (text, samples) = scrape(&app).await;
    assert_eq!(samples.get(r#"danvan_busy_total{cause="hashing_queue"}"#), Some(&(refused as f64)), "{text}");
}

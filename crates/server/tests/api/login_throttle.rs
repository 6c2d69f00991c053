//! The login throttle as a weapon: guesses against an account slow its owner down only at
//! addresses the owner never used, the waits grow with the failures, and every server on
//! the database counts the same failures.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{Backend, TestApp, PASSWORD};
use danvan_domain::role::Role;
use reqwest::{header, Method, StatusCode};
use serde_json::json;

const OWNER_ADDRESS: &str = "198.51.100.7";
const ATTACKER_ADDRESS: &str = "203.0.113.9";
const NEW_ADDRESS: &str = "192.0.2.44";

/// Behind a trusted proxy (the tests' own address), so that each request says where it
/// comes from; three failures of an account before it waits.
async fn behind_a_proxy(backend: Backend) -> Option<TestApp> {
    TestApp::spawn_with(backend, |config| {
        config.trusted_proxies = "127.0.0.1".into();
        config.login_max_failures_per_account = 3;
        config.login_max_failures_per_ip = 1_000;
    })
    .await
}

/// Logs in over `base` as if from `address`: the status and `Retry-After`.
async fn login_from(base: &str, address: &str, username: &str, password: &str) -> (StatusCode, Option<u64>) {
    let response = reqwest::Client::new()
        .request(Method::POST, format!("{base}/api/v1/auth/login"))
        .header("X-Forwarded-For", address)
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap();
    let wait = response.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()?.parse().ok());
    (response.status(), wait)
}

/// One scenario on each database: the owner signs in as usual, someone else guesses, the
/// owner still gets in from their usual address and is only slowed from a new one.
async fn owner_is_slowed_not_shut_out(backend: Backend) {
    let Some(app) = behind_a_proxy(backend).await else { return };
    app.user("chu_tai_khoan", Role::Member, None).await;
    let base = app.base.clone();
    assert_eq!(login_from(&base, OWNER_ADDRESS, "chu_tai_khoan", PASSWORD).await.0, StatusCode::OK);

    let mut statuses = Vec::new();
    for _ in 0..10 {
        statuses.push(login_from(&base, ATTACKER_ADDRESS, "chu_tai_khoan", "doan-mat-khau").await.0);
    }
    let verified = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    assert_eq!(verified, 3, "three guesses are checked, the rest wait: {statuses:?}");

    // From the usual address the owner gets in at once, past the attacker's failures.
    assert_eq!(login_from(&base, OWNER_ADDRESS, "chu_tai_khoan", PASSWORD).await.0, StatusCode::OK);
    // From an address the owner never used, the account's failures count: slowed, for a
    // while that the answer says, not for ever.
    let (status, wait) = login_from(&base, NEW_ADDRESS, "chu_tai_khoan", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(wait.is_some_and(|s| (1..=app.config.login_max_wait_secs).contains(&s)), "Retry-After {wait:?}");

    // Each failure past the free ones doubles the wait.
    tokio::time::sleep(std::time::Duration::from_millis(1_100 * wait.unwrap_or(1))).await;
    assert_eq!(login_from(&base, ATTACKER_ADDRESS, "chu_tai_khoan", "lan-nua").await.0, StatusCode::UNAUTHORIZED);
    let (status, longer) = login_from(&base, ATTACKER_ADDRESS, "chu_tai_khoan", "lan-nua").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(longer > wait, "the wait grows: {wait:?} then {longer:?}");
}

/// A second server on the same database refuses what the first one counted.
async fn servers_share_the_counts(backend: Backend) {
    let Some(app) = behind_a_proxy(backend).await else { return };
    app.user("dung_chung", Role::Member, None).await;
    for _ in 0..3 {
        let (status, _) = login_from(&app.base, ATTACKER_ADDRESS, "dung_chung", "sai").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let state = danvan_server::app::prepare(&app.config).await.unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let second = danvan_server::Application::start(state, listener).unwrap();
    let other_base = format!("http://127.0.0.1:{}", second.port());
    let handle = second.handle();
    tokio::spawn(second.run_until_stopped());
    let (status, wait) = login_from(&other_base, ATTACKER_ADDRESS, "dung_chung", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the second server knows the first one's count");
    assert!(wait.is_some());
    handle.stop(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_owner_is_slowed_not_shut_out() {
    owner_is_slowed_not_shut_out(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_owner_is_slowed_not_shut_out() {
    owner_is_slowed_not_shut_out(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_servers_share_the_counts() {
    servers_share_the_counts(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_servers_share_the_counts() {
    servers_share_the_counts(Backend::Postgres).await;
}

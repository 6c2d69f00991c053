//! Authentication: logging in, refresh token rotation and reuse detection, logout,
//! access token verification against forged and tampered JWTs, ending sessions by
//! deactivation and password changes, login throttling, and the audit of sessions.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{Backend, TestApp, ADMIN_PASSWORD, JWT_SECRET, PASSWORD};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use danvan_client::ClientError;
use danvan_domain::{
    audit::{AuditAction, AuditEntity},
    auth::{ChangePassword, TokenPair},
    problem::Problem,
    role::Role,
    user::{ResetPassword, UpdateUser},
};
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use reqwest::{header, Method, Response, StatusCode};
use serde_json::{json, Value};
use uuid::Uuid;

/// Asserts that `result` is a 401 `unauthorized` problem.
#[track_caller]
fn assert_unauthorized<T: std::fmt::Debug>(result: Result<T, ClientError>, what: &str) {
    match result {
        Err(error) => {
            assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED.as_u16()), "{what}: {error}");
            assert_eq!(error.code(), Some("unauthorized"), "{what}");
        }
        Ok(value) => panic!("{what}: expected 401, got {value:?}"),
    }
}

/// The status and problem code of an answer.
async fn outcome(response: Response) -> (StatusCode, Option<String>) {
    let status = response.status();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str::<Problem>(&text).ok().map(|p| p.code))
}

/// `GET /api/v1/me` with `Authorization: <authorization>`.
async fn me_with_authorization(app: &TestApp, authorization: &str) -> (StatusCode, Option<String>) {
    let response = app
        .anonymous
        .request(Method::GET, "/api/v1/me")
        .header(header::AUTHORIZATION, authorization)
        .send()
        .await
        .unwrap();
    outcome(response).await
}

async fn me_with_token(app: &TestApp, token: &str) -> (StatusCode, Option<String>) {
    me_with_authorization(app, &format!("Bearer {token}")).await
}

fn unauthorized() -> (StatusCode, Option<String>) {
    (StatusCode::UNAUTHORIZED, Some("unauthorized".to_owned()))
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(value).unwrap())
}

/// The claims of a JWT, read without verifying it.
fn claims_of(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT has a payload");
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap()
}

fn sign(claims: &Value, algorithm: Algorithm, secret: &[u8]) -> String {
    encode(&Header::new(algorithm), claims, &EncodingKey::from_secret(secret).unwrap()).unwrap()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Fresh claims for `sub` at `epoch`, as the server issues them.
fn good_claims(sub: &Value, epoch: &Value) -> Value {
    let now = now();
    json!({
        "sub": sub,
        "iat": now,
        "exp": now + 600,
        "iss": "danvan",
        "aud": "danvan-api",
        "jti": Uuid::now_v7(),
        "epoch": epoch,
    })
}

async fn login_pair(app: &TestApp, username: &str, password: &str) -> TokenPair {
    app.anonymous.login(username, password).await.unwrap()
}

fn retry_after(response: &Response) -> Option<u64> {
    response.headers().get(header::RETRY_AFTER)?.to_str().ok()?.parse().ok()
}

async fn raw_login(app: &TestApp, username: &str, password: &str) -> Response {
    app.anonymous
        .request(Method::POST, "/api/v1/auth/login")
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap()
}

both_backends! {
    async fn login_returns_a_token_pair_that_opens_me(app) {
        let (user, _) = app.user("lan", Role::Member, None).await;
        let pair = login_pair(&app, "lan", PASSWORD).await;
        assert_eq!(pair.token_type, "Bearer");
        assert!(pair.expires_in > 0 && pair.refresh_expires_in > pair.expires_in, "{pair:?}");
        assert_eq!(pair.access_token.split('.').count(), 3, "the access token is a JWT");
        assert!(!pair.refresh_token.is_empty() && pair.refresh_token != pair.access_token);
        let claims = claims_of(&pair.access_token);
        assert_eq!(claims["sub"], json!(user.id));
        assert_eq!(claims["iss"], "danvan");
        assert_eq!(claims["aud"], "danvan-api");

        let me = app.anonymous.with_token(&pair.access_token).me().await.unwrap();
        assert_eq!(me.user.id, user.id);
        assert_eq!(me.user.username, "lan");
        assert_eq!(me.user.role, Role::Member);
    }

    async fn wrong_password_and_unknown_user_are_both_401_with_www_authenticate(app) {
        app.user("minh", Role::Member, None).await;
        for (username, password) in [("minh", "not-the-password"), ("nobody-here", PASSWORD)] {
            let response = raw_login(&app, username, password).await;
            let challenge = response.headers().get(header::WWW_AUTHENTICATE).map(|v| v.to_str().unwrap().to_owned());
            let (status, code) = outcome(response).await;
            assert_eq!((status, code), unauthorized(), "{username}");
            assert!(challenge.as_deref().is_some_and(|c| c.starts_with("Bearer")), "{username}: WWW-Authenticate {challenge:?}");
        }
        // The same answer for both: nothing tells which usernames exist.
        let wrong = app.anonymous.login("minh", "not-the-password").await.unwrap_err();
        let unknown = app.anonymous.login("nobody-here", PASSWORD).await.unwrap_err();
        assert_eq!(wrong.problem().and_then(|p| p.detail.clone()), unknown.problem().and_then(|p| p.detail.clone()));
        // And no token means 401 on a protected endpoint, with the challenge too.
        let response = app.anonymous.request(Method::GET, "/api/v1/me").send().await.unwrap();
        assert!(response.headers().contains_key(header::WWW_AUTHENTICATE));
        assert_eq!(outcome(response).await, unauthorized());
    }

    async fn refresh_rotates_and_the_new_refresh_token_works(app) {
        app.user("hoa", Role::Member, None).await;
        let first = login_pair(&app, "hoa", PASSWORD).await;
        let second = app.anonymous.refresh(&first.refresh_token).await.unwrap();
        assert_ne!(second.refresh_token, first.refresh_token);
        assert_ne!(second.access_token, first.access_token);
        assert_eq!(app.anonymous.with_token(&second.access_token).me().await.unwrap().user.username, "hoa");
        let third = app.anonymous.refresh(&second.refresh_token).await.unwrap();
        assert_ne!(third.refresh_token, second.refresh_token);
        assert_eq!(app.anonymous.with_token(&third.access_token).me().await.unwrap().user.username, "hoa");
    }

    async fn reusing_a_used_refresh_token_is_401_and_revokes_its_whole_family(app) {
        app.user("khanh", Role::Member, None).await;
        let first = login_pair(&app, "khanh", PASSWORD).await;
        let other_session = login_pair(&app, "khanh", PASSWORD).await;
        let second = app.anonymous.refresh(&first.refresh_token).await.unwrap();
        let newest = app.anonymous.refresh(&second.refresh_token).await.unwrap();

        // The first token was used already: presenting it again is a replay.
        assert_unauthorized(app.anonymous.refresh(&first.refresh_token).await, "reused refresh token");
        // The family is revoked: even its newest, never used token is dead.
        assert_unauthorized(app.anonymous.refresh(&newest.refresh_token).await, "newest token of a revoked family");
        assert_unauthorized(app.anonymous.refresh(&second.refresh_token).await, "middle token of a revoked family");
        // Another session of the same user is another family and lives on.
        let renewed = app.anonymous.refresh(&other_session.refresh_token).await.unwrap();
        assert_eq!(app.anonymous.with_token(&renewed.access_token).me().await.unwrap().user.username, "khanh");
        // The revocation is audited.
        let audit = app.admin.list_audit(&[("entity", "session"), ("action", "revoke_sessions")]).await.unwrap().items;
        assert_eq!(audit.len(), 1, "{audit:?}");
    }

    async fn a_refresh_token_presented_concurrently_is_honoured_at_most_once(app) {
        app.user("tam", Role::Member, None).await;
        let pair = login_pair(&app, "tam", PASSWORD).await;
        let attempts: Vec<_> = (0..6)
            .map(|_| {
                let (client, token) = (app.anonymous.clone(), pair.refresh_token.clone());
                tokio::spawn(async move { client.refresh(&token).await })
            })
            .collect();
        let mut granted = 0;
        for attempt in attempts {
            match attempt.await.unwrap() {
                Ok(_) => granted += 1,
                Err(error) => assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED.as_u16()), "{error}"),
            }
        }
        assert!(granted <= 1, "one refresh token was exchanged {granted} times");
    }

    async fn logout_revokes_the_refresh_token_and_unknown_tokens_log_out_quietly(app) {
        app.user("phuong", Role::Member, None).await;
        let pair = login_pair(&app, "phuong", PASSWORD).await;
        let response = app.anonymous.request(Method::POST, "/api/v1/auth/logout").json(&json!({ "refresh_token": pair.refresh_token })).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
        assert_unauthorized(app.anonymous.refresh(&pair.refresh_token).await, "refresh after logout");

        let response = app.anonymous.request(Method::POST, "/api/v1/auth/logout").json(&json!({ "refresh_token": "no-such-refresh-token" })).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "unknown token");
        // Logging out twice is as quiet.
        let response = app.anonymous.request(Method::POST, "/api/v1/auth/logout").json(&json!({ "refresh_token": pair.refresh_token })).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NO_CONTENT, "second logout");
    }

    async fn a_correctly_signed_token_is_accepted(app) {
        let pair = login_pair(&app, "admin", ADMIN_PASSWORD).await;
        let issued = claims_of(&pair.access_token);
        // A token minted here with the server's key and claims is as good as its own…
        let forged_right = sign(&good_claims(&issued["sub"], &issued["epoch"]), Algorithm::HS256, JWT_SECRET.as_bytes());
        assert_eq!(me_with_token(&app, &forged_right).await, (StatusCode::OK, None));
        // …and so is one that expired within the 30 s leeway.
        let mut claims = good_claims(&issued["sub"], &issued["epoch"]);
        claims["iat"] = json!(now() - 600);
        claims["exp"] = json!(now() - 10);
        assert_eq!(me_with_token(&app, &sign(&claims, Algorithm::HS256, JWT_SECRET.as_bytes())).await, (StatusCode::OK, None));
        // The scheme name is case-insensitive.
        assert_eq!(me_with_authorization(&app, &format!("bearer {}", pair.access_token)).await, (StatusCode::OK, None));
    }

    async fn tampered_forged_and_malformed_tokens_are_401(app) {
        let pair = login_pair(&app, "admin", ADMIN_PASSWORD).await;
        let issued = claims_of(&pair.access_token);
        let (sub, epoch) = (issued["sub"].clone(), issued["epoch"].clone());
        let key = JWT_SECRET.as_bytes();
        let (other, _) = app.user("victim", Role::Member, None).await;

        let mut cases: Vec<(&str, String)> = Vec::new();
        // alg: none, no signature.
        let none_header = json!({ "alg": "none", "typ": "JWT" });
        cases.push(("alg none", format!("{}.{}.", b64(&none_header), b64(&good_claims(&sub, &epoch)))));
        let none_upper = json!({ "alg": "NONE", "typ": "JWT" });
        cases.push(("alg NONE", format!("{}.{}.", b64(&none_upper), b64(&good_claims(&sub, &epoch)))));
        // Signed with another key.
        cases.push(("wrong key", sign(&good_claims(&sub, &epoch), Algorithm::HS256, b"another-secret-another-secret-0123456")));
        // Right key, but an algorithm the server does not accept.
        cases.push(("HS384", sign(&good_claims(&sub, &epoch), Algorithm::HS384, key)));
        // Expired beyond the leeway.
        let mut expired = good_claims(&sub, &epoch);
        expired["iat"] = json!(now() - 1000);
        expired["exp"] = json!(now() - 120);
        cases.push(("expired 120 s ago", sign(&expired, Algorithm::HS256, key)));
        // Wrong audience and issuer.
        let mut audience = good_claims(&sub, &epoch);
        audience["aud"] = json!("someone-else-api");
        cases.push(("wrong audience", sign(&audience, Algorithm::HS256, key)));
        let mut issuer = good_claims(&sub, &epoch);
        issuer["iss"] = json!("not-danvan");
        cases.push(("wrong issuer", sign(&issuer, Algorithm::HS256, key)));
        // Without the claims the server requires.
        let mut no_exp = good_claims(&sub, &epoch);
        no_exp.as_object_mut().unwrap().remove("exp");
        cases.push(("no exp", sign(&no_exp, Algorithm::HS256, key)));
        // A stale session epoch.
        let mut stale = good_claims(&sub, &epoch);
        stale["epoch"] = json!(epoch.as_i64().unwrap() - 1);
        cases.push(("old epoch", sign(&stale, Algorithm::HS256, key)));
        // A user who does not exist.
        cases.push(("unknown subject", sign(&good_claims(&json!(Uuid::now_v7()), &epoch), Algorithm::HS256, key)));
        // The server's own token with its payload changed after signing.
        let parts: Vec<&str> = pair.access_token.split('.').collect();
        let mut swapped = issued.clone();
        swapped["sub"] = json!(other.id);
        cases.push(("payload swapped after signing", format!("{}.{}.{}", parts[0], b64(&swapped), parts[2])));
        let mut extended = issued.clone();
        extended["exp"] = json!(now() + 86_400);
        cases.push(("expiry extended after signing", format!("{}.{}.{}", parts[0], b64(&extended), parts[2])));
        cases.push(("signature cut off", format!("{}.{}.", parts[0], parts[1])));
        // Not a JWT at all.
        cases.push(("garbage", "not-a-jwt-at-all".to_owned()));
        cases.push(("garbage with dots", "a.b.c".to_owned()));

        for (what, token) in &cases {
            assert_eq!(me_with_token(&app, token).await, unauthorized(), "{what}");
        }
        // The right token without the Bearer scheme, or under another scheme.
        assert_eq!(me_with_authorization(&app, &pair.access_token).await, unauthorized(), "no scheme");
        assert_eq!(me_with_authorization(&app, &format!("Token {}", pair.access_token)).await, unauthorized(), "Token scheme");
        assert_eq!(me_with_authorization(&app, &format!("Basic {}", pair.access_token)).await, unauthorized(), "Basic scheme");
        assert_eq!(me_with_authorization(&app, "Bearer ").await, unauthorized(), "empty bearer");
        // The untampered token still works, so the 401s above are the tampering's doing.
        assert_eq!(me_with_token(&app, &pair.access_token).await, (StatusCode::OK, None));
    }

    async fn a_deactivated_user_loses_tokens_refresh_and_login_until_reactivated(app) {
        let (user, client) = app.user("quang", Role::Member, None).await;
        let pair = login_pair(&app, "quang", PASSWORD).await;
        assert!(client.me().await.is_ok());

        let tagged = app.admin.get_user(user.id).await.unwrap();
        let response = app.admin.request(Method::PATCH, &format!("/api/v1/users/{}", user.id)).header(header::IF_MATCH, &tagged.etag).json(&json!({ "active": false })).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let updated: danvan_domain::user::User = response.json().await.unwrap();
        assert!(!updated.active);

        assert_unauthorized(client.me().await, "access token issued before deactivation");
        assert_unauthorized(app.anonymous.with_token(&pair.access_token).me().await, "second access token issued before deactivation");
        assert_unauthorized(app.anonymous.refresh(&pair.refresh_token).await, "refresh after deactivation");
        assert_unauthorized(app.anonymous.login("quang", PASSWORD).await, "login while deactivated");

        let tagged = app.admin.get_user(user.id).await.unwrap();
        let update = UpdateUser { active: Some(true), ..UpdateUser::default() };
        assert!(app.admin.update_user(user.id, &tagged.etag, &update).await.unwrap().active);
        let pair = login_pair(&app, "quang", PASSWORD).await;
        assert_eq!(app.anonymous.with_token(&pair.access_token).me().await.unwrap().user.id, user.id);
        // Tokens from before the deactivation stay dead.
        assert_unauthorized(client.me().await, "pre-deactivation token after reactivation");
    }

    async fn an_admin_password_reset_ends_the_users_sessions(app) {
        let (user, client) = app.user("son", Role::Member, None).await;
        let pair = login_pair(&app, "son", PASSWORD).await;
        let new_password = "reset-by-admin-1234";
        app.admin.reset_password(user.id, &ResetPassword { new_password: new_password.into() }).await.unwrap();

        assert_unauthorized(client.me().await, "access token from before the reset");
        assert_unauthorized(app.anonymous.with_token(&pair.access_token).me().await, "another access token from before the reset");
        assert_unauthorized(app.anonymous.refresh(&pair.refresh_token).await, "refresh token from before the reset");
        assert_unauthorized(app.anonymous.login("son", PASSWORD).await, "old password");
        let pair = login_pair(&app, "son", new_password).await;
        assert_eq!(app.anonymous.with_token(&pair.access_token).me().await.unwrap().user.id, user.id);
    }

    async fn changing_ones_own_password_needs_the_current_one(app) {
        let (user, client) = app.user("thu", Role::Viewer, None).await;
        let new_password = "my-new-password-5678";
        let wrong = ChangePassword { current_password: "not-my-password".into(), new_password: new_password.into() };
        let error = client.change_password(&wrong).await.unwrap_err();
        assert_eq!(error.status(), Some(StatusCode::UNPROCESSABLE_ENTITY.as_u16()), "{error}");
        assert_eq!(error.code(), Some("validation"));
        let fields: Vec<&str> = error.problem().unwrap().errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["current_password"]);
        // Nothing changed: the session and the old password still work.
        assert!(client.me().await.is_ok());
        assert_unauthorized(app.anonymous.login("thu", new_password).await, "new password before the change");

        let right = ChangePassword { current_password: PASSWORD.into(), new_password: new_password.into() };
        client.change_password(&right).await.unwrap();
        let pair = login_pair(&app, "thu", new_password).await;
        assert_eq!(app.anonymous.with_token(&pair.access_token).me().await.unwrap().user.id, user.id);
        assert_unauthorized(app.anonymous.login("thu", PASSWORD).await, "old password after the change");
        // The change ends every session, this one too.
        assert_unauthorized(client.me().await, "the session that changed the password");
    }

    async fn every_login_and_logout_is_audited_with_the_user_as_actor(app) {
        let (user, _) = app.user("uyen", Role::Member, None).await;
        let pair = login_pair(&app, "uyen", PASSWORD).await;
        app.anonymous.logout(&pair.refresh_token).await.unwrap();
        // A failed login is not a session.
        assert!(app.anonymous.login("uyen", "wrong-password").await.is_err());

        let entries = app.admin.list_audit(&[("entity", "session"), ("limit", "200")]).await.unwrap().items;
        let mine: Vec<_> = entries.iter().filter(|e| e.actor_id == Some(user.id)).collect();
        let logins = mine.iter().filter(|e| e.action == AuditAction::Login).count();
        let logouts = mine.iter().filter(|e| e.action == AuditAction::Logout).count();
        assert_eq!(logins, 2, "one login by app.user, one here: {mine:?}");
        assert_eq!(logouts, 1, "{mine:?}");
        assert!(mine.iter().all(|e| e.entity == AuditEntity::Session));
        let user_id = user.id.to_string();
        assert!(mine.iter().filter(|e| e.action == AuditAction::Login).all(|e| e.entity_id.as_deref() == Some(user_id.as_str())), "{mine:?}");
        // The admin's own login at start-up is there under the admin.
        assert!(entries.iter().any(|e| e.action == AuditAction::Login && e.actor_id == Some(app.admin_user.id)));
        // Filtering by actor finds the same rows.
        let by_actor = app.admin.list_audit(&[("entity", "session"), ("actor_id", user_id.as_str())]).await.unwrap().items;
        assert_eq!(by_actor.len(), 3, "{by_actor:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_login_is_throttled_per_account_after_its_failure_limit() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.login_max_failures_per_account = 3;
    })
    .await
    .unwrap();
    app.user("vinh", Role::Member, None).await;
    app.user("xuan", Role::Member, None).await;
    for attempt in 1..=3 {
        let (status, code) = outcome(raw_login(&app, "vinh", "wrong-password").await).await;
        assert_eq!((status, code), unauthorized(), "attempt {attempt}");
    }
    // The fourth attempt is refused before the password is looked at, even the right one.
    let response = raw_login(&app, "vinh", PASSWORD).await;
    let wait = retry_after(&response);
    let (status, code) = outcome(response).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(code.as_deref(), Some("too_many_requests"));
    assert!(wait.is_some_and(|s| (1..=app.config.login_max_wait_secs).contains(&s)), "Retry-After {wait:?}");
    // The username is matched regardless of case.
    let (status, _) = outcome(raw_login(&app, "VINH", PASSWORD).await).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    // Another account from the same address is not affected.
    let pair = login_pair(&app, "xuan", PASSWORD).await;
    assert!(app.anonymous.with_token(&pair.access_token).me().await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_login_is_throttled_per_address_across_accounts() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.login_max_failures_per_ip = 3;
        config.login_max_failures_per_account = 100;
    })
    .await
    .unwrap();
    for username in ["ghost-1", "ghost-2", "ghost-3"] {
        let (status, code) = outcome(raw_login(&app, username, "wrong-password").await).await;
        assert_eq!((status, code), unauthorized(), "{username}");
    }
    // Every account that never signed in from this address is now refused here, with the
    // right password too.
    app.admin.create_user(&crate::support::new_user("moi", Role::Member), None).await.unwrap();
    let response = raw_login(&app, "moi", PASSWORD).await;
    let wait = retry_after(&response);
    let (status, code) = outcome(response).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(code.as_deref(), Some("too_many_requests"));
    assert!(wait.is_some_and(|s| (1..=app.config.login_max_wait_secs).contains(&s)), "Retry-After {wait:?}");
    // An account that signed in from here before is not shut out by others' failures.
    assert_eq!(raw_login(&app, "admin", ADMIN_PASSWORD).await.status(), StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_concurrent_guesses_cannot_pass_the_throttle_together() {
    concurrent_guesses_cannot_pass_the_throttle_together(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_concurrent_guesses_cannot_pass_the_throttle_together() {
    concurrent_guesses_cannot_pass_the_throttle_together(Backend::Postgres).await;
}

async fn concurrent_guesses_cannot_pass_the_throttle_together(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, |config| {
        config.login_max_failures_per_account = 5;
        config.login_max_failures_per_ip = 10_000;
        config.max_queued_hashes = 1_000;
        config.max_hash_wait_ms = 120_000;
    })
    .await
    else {
        return;
    };
    let (vinh, _) = app.user("vinh", Role::Member, None).await;
    let guesses = (0..200).map(|n| {
        let client = app.anonymous.clone();
        tokio::spawn(async move {
            let body = json!({ "username": "vinh", "password": format!("guess-{n}") });
            client.request(Method::POST, "/api/v1/auth/login").json(&body).send().await.unwrap().status()
        })
    });
    let mut statuses = Vec::new();
    for guess in guesses.collect::<Vec<_>>() {
        statuses.push(guess.await.unwrap());
    }
    let verified = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
    let refused = statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!((verified, refused), (5, 195), "only the limit's worth of guesses reach the password check");
    // Each verified guess is in the audit log under the account, without what was typed.
    let failed = app.admin.all_audit(&[("action", "login_failed")]).await.unwrap();
    assert_eq!(failed.len(), 5);
    for row in &failed {
        assert_eq!((row.entity, row.entity_id.as_deref()), (AuditEntity::Session, Some(vinh.id.to_string().as_str())));
        assert_eq!(row.actor_username, None);
        let text = serde_json::to_string(row).unwrap();
        assert!(!text.contains("guess-"), "no typed password in the audit log: {text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_flood_of_logins_is_turned_away_not_queued_forever() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| {
        config.login_max_failures_per_ip = 10_000;
        config.max_concurrent_hashes = 1;
        config.max_queued_hashes = 2;
        config.max_hash_wait_ms = 60_000;
    })
    .await
    .unwrap();
    let logins = (0..30).map(|n| {
        let client = app.anonymous.clone();
        tokio::spawn(async move {
            let body = json!({ "username": format!("nobody-{n}"), "password": "wrong-password" });
            let response = client.request(Method::POST, "/api/v1/auth/login").json(&body).send().await.unwrap();
            (response.status(), retry_after(&response))
        })
    });
    let mut answers = Vec::new();
    for login in logins.collect::<Vec<_>>() {
        answers.push(login.await.unwrap());
    }
    let busy: Vec<_> = answers.iter().filter(|(status, _)| *status == StatusCode::SERVICE_UNAVAILABLE).collect();
    assert!(busy.len() >= 10, "one hashing and two waiting: the rest are refused at once; {answers:?}");
    assert!(busy.iter().all(|(_, wait)| wait.is_some_and(|s| s >= 1)), "503s carry Retry-After: {busy:?}");
    assert!(answers
        .iter()
        .all(|(status, _)| [StatusCode::UNAUTHORIZED, StatusCode::SERVICE_UNAVAILABLE].contains(status)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_forwarded_addresses_count_only_from_a_trusted_proxy() {
    let guess = |app: &TestApp, from: &'static str| {
        app.anonymous
            .request(Method::POST, "/api/v1/auth/login")
            .header("X-Forwarded-For", from)
            .json(&json!({ "username": "ghost", "password": "wrong-password" }))
            .send()
    };
    let limits = |config: &mut danvan_server::Config| {
        config.login_max_failures_per_ip = 2;
        config.login_max_failures_per_account = 100;
    };
    // Straight from a client, the header is whatever it wrote: the connection's address counts.
    let direct = TestApp::spawn_with(Backend::Sqlite, limits).await.unwrap();
    for from in ["203.0.113.1", "203.0.113.2"] {
        assert_eq!(guess(&direct, from).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(guess(&direct, "203.0.113.3").await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    // Behind a trusted proxy, each forwarded address has its own limit.
    let proxied = TestApp::spawn_with(Backend::Sqlite, |config| {
        limits(config);
        config.trusted_proxies = "127.0.0.1".into();
    })
    .await
    .unwrap();
    for _ in 0..2 {
        assert_eq!(guess(&proxied, "203.0.113.1").await.unwrap().status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(guess(&proxied, "203.0.113.1").await.unwrap().status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(guess(&proxied, "203.0.113.2").await.unwrap().status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_first_password_goes_to_a_private_file_and_signs_in() {
    let mut config = crate::support::fresh_sqlite_config();
    config.admin_password = None;
    let state = danvan_server::app::prepare(&config).await.unwrap();
    let file = config.data_dir.join(danvan_server::app::ADMIN_PASSWORD_FILE);
    let password = std::fs::read_to_string(&file).unwrap().trim().to_owned();
    assert!(password.len() >= 16, "a long generated password");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600, "readable by its owner only");
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let application = danvan_server::Application::start(state, listener).unwrap();
    let client = danvan_client::Client::new(&format!("http://127.0.0.1:{}", application.port()));
    let handle = application.handle();
    tokio::spawn(application.run_until_stopped());
    assert!(client.login("admin", &password).await.is_ok(), "the password in the file signs in");
    handle.stop(false).await;
    std::fs::remove_dir_all(&config.data_dir).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_wrong_current_passwords_are_throttled_like_failed_logins() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| config.login_max_failures_per_account = 3).await.unwrap();
    let (_, client) = app.user("thu", Role::Member, None).await;
    let change =
        |current: &str| ChangePassword { current_password: current.into(), new_password: "a new long password".into() };
    for attempt in 1..=3 {
        let error = client.change_password(&change("not my password")).await.unwrap_err();
        assert_eq!(error.code(), Some("validation"), "attempt {attempt}: {error}");
    }
    // A stolen session cannot go on guessing, not even with the right password now.
    let error = client.change_password(&change(PASSWORD)).await.unwrap_err();
    assert_eq!((error.status(), error.code()), (Some(429), Some("too_many_requests")), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_two_tabs_refreshing_with_one_token_keep_the_session() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| config.refresh_reuse_grace_secs = 2).await.unwrap();
    let first = login_pair(&app, "admin", ADMIN_PASSWORD).await;
    // Both tabs present the same token a moment apart: both get a session, neither is logged out.
    let tab_a = app.anonymous.refresh(&first.refresh_token).await.unwrap();
    let tab_b = app.anonymous.refresh(&first.refresh_token).await.unwrap();
    let tab_a = app.anonymous.refresh(&tab_a.refresh_token).await.unwrap();
    let tab_b = app.anonymous.refresh(&tab_b.refresh_token).await.unwrap();
    assert!(app.anonymous.with_token(&tab_b.access_token).me().await.is_ok());
    // Past the grace, presenting a spent token is a theft: the whole session ends.
    tokio::time::sleep(std::time::Duration::from_millis(2_300)).await;
    assert_unauthorized(app.anonymous.refresh(&first.refresh_token).await, "a token spent long ago");
    assert_unauthorized(app.anonymous.refresh(&tab_a.refresh_token).await, "tab A after the theft");
    assert_unauthorized(app.anonymous.refresh(&tab_b.refresh_token).await, "tab B after the theft");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_a_session_ends_at_its_absolute_lifetime_however_often_refreshed() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| config.session_max_secs = 2).await.unwrap();
    let mut pair = login_pair(&app, "admin", ADMIN_PASSWORD).await;
    pair = app.anonymous.refresh(&pair.refresh_token).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    pair = app.anonymous.refresh(&pair.refresh_token).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1_200)).await;
    assert_unauthorized(app.anonymous.refresh(&pair.refresh_token).await, "a refresh past the session's end");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_expired_sessions_and_idempotency_keys_are_purged_and_keys_expire() {
    let app = TestApp::spawn_with(Backend::Sqlite, |config| config.idempotency_ttl_secs = 1).await.unwrap();
    let create = |code: &str| danvan_domain::org_unit::CreateOrgUnit {
        parent_id: None,
        code: code.into(),
        name: format!("Đơn vị {code}"),
        kind: danvan_domain::org_unit::OrgUnitKind::Other,
    };
    let first = app.admin.create_org_unit(&create("KEY-A"), Some("the-key")).await.unwrap();
    assert_eq!(app.admin.create_org_unit(&create("KEY-A"), Some("the-key")).await.unwrap().id, first.id, "replayed");
    // After its lifetime the key starts a new request rather than refusing another body.
    tokio::time::sleep(std::time::Duration::from_millis(1_300)).await;
    let second = app.admin.create_org_unit(&create("KEY-B"), Some("the-key")).await.unwrap();
    assert_ne!(second.id, first.id);

    let pair = login_pair(&app, "admin", ADMIN_PASSWORD).await;
    let url = app.config.database_url.clone();
    let (tokens, keys) = tokio::task::spawn_blocking(move || {
        let pool = danvan_store::db::connect(&url, 1).unwrap();
        let mut conn = pool.get().unwrap();
        let later = danvan_store::now() + chrono::Duration::days(400);
        (
            danvan_store::tokens::purge_expired(&mut conn, later).unwrap(),
            danvan_store::idempotency::purge(&mut conn, later).unwrap(),
        )
    })
    .await
    .unwrap();
    assert!(tokens >= 2 && keys >= 1, "purged {tokens} tokens and {keys} keys");
    assert_unauthorized(app.anonymous.refresh(&pair.refresh_token).await, "a purged session");
}

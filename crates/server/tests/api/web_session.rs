//! The web app's session: the refresh token only in an HttpOnly, Secure, SameSite=Strict
//! cookie of the session endpoints, which want the web app's header from its own origin.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::support::{TestApp, ADMIN_PASSWORD};
use danvan_domain::auth::WEB_HEADER;
use reqwest::{header, Method, Response, StatusCode};
use serde_json::{json, Value};

/// The `danvan_refresh=…` pair of a response's `Set-Cookie`, and the whole header.
fn refresh_cookie(response: &Response) -> (String, String) {
    let set = response.headers().get(header::SET_COOKIE).expect("a Set-Cookie").to_str().unwrap().to_owned();
    let pair = set.split(';').next().unwrap().trim().to_owned();
    assert!(pair.starts_with("danvan_refresh="), "{set}");
    (pair, set)
}

async fn call(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> Response {
    let mut request = app.anonymous.request(Method::POST, path);
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

fn credentials() -> Option<Value> {
    Some(json!({ "username": "admin", "password": ADMIN_PASSWORD }))
}

both_backends! {
    async fn the_web_session_keeps_its_refresh_token_in_an_http_only_cookie(app) {
        let response = call(&app, "/api/v1/auth/web/login", None, &[WEB_HEADER], credentials()).await;
        assert_eq!(response.status(), StatusCode::OK);
        let (cookie, set) = refresh_cookie(&response);
        for attribute in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/api/v1/auth"] {
            assert!(set.contains(attribute), "{attribute} in {set}");
        }
        let body: Value = response.json().await.unwrap();
        assert!(body.get("refresh_token").is_none(), "the page never sees the refresh token: {body}");
        let access = body["access_token"].as_str().unwrap().to_owned();
        assert!(app.anonymous.with_token(&access).me().await.is_ok());

        // Renewal takes the cookie and sets the next one; the used one is spent.
        let renewed = call(&app, "/api/v1/auth/web/refresh", Some(&cookie), &[WEB_HEADER], None).await;
        assert_eq!(renewed.status(), StatusCode::OK);
        let (next, _) = refresh_cookie(&renewed);
        assert_ne!(next, cookie);
        let access: Value = renewed.json().await.unwrap();
        assert!(app.anonymous.with_token(access["access_token"].as_str().unwrap()).me().await.is_ok());
        let reused = call(&app, "/api/v1/auth/web/refresh", Some(&cookie), &[WEB_HEADER], None).await;
        assert_eq!(reused.status(), StatusCode::UNAUTHORIZED, "a spent refresh cookie");

        // Signing out ends the session and clears the cookie.
        let second = call(&app, "/api/v1/auth/web/login", None, &[WEB_HEADER], credentials()).await;
        let (cookie, _) = refresh_cookie(&second);
        let out = call(&app, "/api/v1/auth/web/logout", Some(&cookie), &[WEB_HEADER], None).await;
        assert_eq!(out.status(), StatusCode::NO_CONTENT);
        let (cleared, set) = refresh_cookie(&out);
        assert_eq!((cleared.as_str(), set.contains("Max-Age=0")), ("danvan_refresh=", true), "{set}");
        let after = call(&app, "/api/v1/auth/web/refresh", Some(&cookie), &[WEB_HEADER], None).await;
        assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
    }

    async fn the_web_session_refuses_requests_another_origin_could_make(app) {
        let login = call(&app, "/api/v1/auth/web/login", None, &[WEB_HEADER], credentials()).await;
        let (cookie, _) = refresh_cookie(&login);
        // A form or a simple request from another page cannot add the header.
        for path in ["/api/v1/auth/web/refresh", "/api/v1/auth/web/logout", "/api/v1/auth/web/login"] {
            let response = call(&app, path, Some(&cookie), &[], credentials()).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path} without the header");
            let response = call(&app, path, Some(&cookie), &[WEB_HEADER, ("Origin", "https://evil.example")], credentials()).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path} from another origin");
        }
        // None of that spent or ended the session.
        let origin = app.base.clone();
        let renewed = call(&app, "/api/v1/auth/web/refresh", Some(&cookie), &[WEB_HEADER, ("Origin", origin.as_str())], None).await;
        assert_eq!(renewed.status(), StatusCode::OK);
        // Without a cookie there is nothing to renew.
        let bare = call(&app, "/api/v1/auth/web/refresh", None, &[WEB_HEADER], None).await;
        assert_eq!(bare.status(), StatusCode::UNAUTHORIZED);
    }
}

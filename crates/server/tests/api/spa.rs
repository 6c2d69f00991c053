//! The server serves the built web app: files with the right caching and compression,
//! client routes falling back to `index.html`, and the API untouched by the fallback.

#![allow(clippy::unwrap_used)]

use crate::support::{Backend, TestApp};
use reqwest::{header, Method};

fn built_app() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("danvan-web-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>Dân vận</title>").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js"), "console.log('plain')").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js.br"), "brotli bytes").unwrap();
    std::fs::write(dir.join("app-0123456789abcdef.js.gz"), "gzip bytes").unwrap();
    dir
}

async fn get(app: &TestApp, path: &str, encoding: &str) -> reqwest::Response {
    app.anonymous.request(Method::GET, path).header(header::ACCEPT_ENCODING, encoding).send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_routes_get_index_html_and_hashed_files_are_cached_and_precompressed() {
    let dir = built_app();
    let web_dir = dir.clone();
    let app = TestApp::spawn_with(Backend::Sqlite, move |config| config.web_dir = web_dir).await.unwrap();

    for path in ["/", "/users/42", "/area-groups"] {
        let response = get(&app, path, "identity").await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        assert!(response.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/html"));
        assert!(response.text().await.unwrap().contains("Dân vận"), "{path}");
    }

    let brotli = get(&app, "/app-0123456789abcdef.js", "gzip, br").await;
    assert_eq!(brotli.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(brotli.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert!(brotli.headers()[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/javascript"));
    let gzip = get(&app, "/app-0123456789abcdef.js", "gzip").await;
    assert_eq!(gzip.headers()[header::CONTENT_ENCODING], "gzip");
    let plain = get(&app, "/app-0123456789abcdef.js", "identity").await;
    assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
    assert_eq!(plain.text().await.unwrap(), "console.log('plain')");

    let api = get(&app, "/api/v1/no-such-thing", "identity").await;
    assert_eq!(api.status(), 404);
    assert_eq!(api.headers()[header::CONTENT_TYPE], "application/problem+json");
    let outside = get(&app, "/../Cargo.toml", "identity").await;
    assert!(!outside.text().await.unwrap().contains("[package]"));
    let post = app.anonymous.request(Method::POST, "/users/42").send().await.unwrap();
    assert_eq!(post.status(), 404);
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paths_under_public_get_the_public_app_and_never_the_staff_app() {
    let dir = built_app();
    std::fs::create_dir_all(dir.join("public")).unwrap();
    std::fs::write(dir.join("public/index.html"), "<!doctype html><title>Công khai cứu trợ</title>").unwrap();
    std::fs::write(dir.join("public/danvan-public-web-0123456789abcdef.js"), "console.log('public')").unwrap();
    let web_dir = dir.clone();
    let app = TestApp::spawn_with(Backend::Sqlite, move |config| config.web_dir = web_dir).await.unwrap();

    for path in
        ["/public/aid", "/public/aid/campaigns/0190f000-0000-7000-8000-000000000000", "/public", "/public/no-such.js"]
    {
        let response = get(&app, path, "identity").await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache", "{path}");
        let text = response.text().await.unwrap();
        assert!(text.contains("Công khai cứu trợ") && !text.contains("Dân vận"), "{path}: {text}");
    }
    let asset = get(&app, "/public/danvan-public-web-0123456789abcdef.js", "gzip, br").await;
    assert_eq!(asset.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    assert_eq!(asset.text().await.unwrap(), "console.log('public')");
    // The staff app's files are not reachable under /public/, nor the public app's at /.
    let staff_js = get(&app, "/public/app-0123456789abcdef.js", "identity").await;
    assert!(staff_js.text().await.unwrap().contains("Công khai cứu trợ"));
    let public_js = get(&app, "/danvan-public-web-0123456789abcdef.js", "identity").await;
    assert!(public_js.text().await.unwrap().contains("Dân vận"));
    // The staff app keeps its own fallback.
    assert!(get(&app, "/publications", "identity").await.text().await.unwrap().contains("Dân vận"));
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_build_the_root_says_how_to_make_one() {
    let missing = std::env::temp_dir().join("danvan-web-missing");
    let app = TestApp::spawn_with(Backend::Sqlite, move |config| config.web_dir = missing).await.unwrap();
    let response = get(&app, "/", "identity").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(text.contains("cargo xtask build-web") && text.contains("/api/docs/"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_response_carries_the_security_headers() {
    let dir = built_app();
    let web_dir = dir.clone();
    let app = TestApp::spawn_with(Backend::Sqlite, move |config| config.web_dir = web_dir).await.unwrap();
    for (path, status) in [("/", 200), ("/users/42", 200), ("/api/v1/me", 401), ("/api/v1/openapi.json", 200)] {
        let response = get(&app, path, "identity").await;
        assert_eq!(response.status(), status, "{path}");
        let headers = response.headers();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval';"), "{path}: {csp}");
        assert!(csp.contains("style-src 'self';") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{path}");
        assert!(headers["permissions-policy"].to_str().unwrap().contains("camera=()"), "{path}");
    }
    // Swagger UI styles itself inline; its scripts still come from this origin only.
    let docs = get(&app, "/api/docs/", "identity").await;
    assert_eq!(docs.status(), 200);
    let csp = docs.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    assert!(csp.contains("style-src 'self' 'unsafe-inline'") && csp.contains("script-src 'self';"), "{csp}");
    assert!(docs.text().await.unwrap().contains("swagger-initializer.js"), "Swagger UI loads its scripts as files");
    std::fs::remove_dir_all(dir).ok();
}

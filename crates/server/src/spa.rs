//! The web apps' files, served from the directory `web_dir` (the output of
//! `cargo xtask build-web`): the staff app at `/`, and the public app (aid transparency,
//! no login) at `/public/` from `web_dir/public/`. Client routes fall back to the
//! `index.html` of their app, so a citizen under `/public/` never loads the staff app.
//! Content-hashed files are cached for a year and `index.html` never, and a `.br` or
//! `.gz` sibling is sent when the browser accepts it. Without a build, `/` says how to
//! make one.

use actix_web::{
    http::header::{self, HeaderValue},
    web, HttpRequest, HttpResponse,
};
use std::path::{Path, PathBuf};

/// Where the built web app lives.
#[derive(Clone, Debug)]
pub struct WebDir(pub PathBuf);

const NO_BUILD: &str = "Dân vận API is running.\n\
The web app is not built: run `cargo xtask run` (or `cargo xtask build-web`) from the repository,\n\
or point DANVAN_WEB_DIR at a build.\n\
API documentation: /api/docs/\nOpenAPI document: /api/v1/openapi.json\n";

/// Answers a GET for a path outside the API.
pub async fn serve(dir: &WebDir, req: &HttpRequest) -> HttpResponse {
    let accepts = |encoding: &str| {
        req.headers()
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|part| part.trim().split(';').next() == Some(encoding)))
    };
    let (brotli, gzip) = (accepts("br"), accepts("gzip"));
    let (root, path) = app_of(&dir.0, req.path());
    let requested = relative_file(path);
    let found = web::block(move || {
        let file = requested.map(|name| root.join(name)).filter(|path| path.is_file());
        let is_asset = file.is_some();
        let path = file.unwrap_or_else(|| root.join("index.html"));
        let variants = [(brotli, "br"), (gzip, "gzip")];
        for (accepted, encoding) in variants {
            let suffix = if encoding == "br" { "br" } else { "gz" };
            let compressed = PathBuf::from(format!("{}.{suffix}", path.display()));
            if accepted && compressed.is_file() {
                if let Ok(bytes) = std::fs::read(&compressed) {
                    return Some((path, Some(encoding), bytes, is_asset));
                }
            }
        }
        std::fs::read(&path).ok().map(|bytes| (path, None, bytes, is_asset))
    })
    .await
    .ok()
    .flatten();
    let Some((path, encoding, bytes, is_asset)) = found else {
        return HttpResponse::Ok().content_type("text/plain; charset=utf-8").body(NO_BUILD);
    };
    let mut response = HttpResponse::Ok();
    response.content_type(content_type(&path));
    response.insert_header((header::CACHE_CONTROL, cache_control(&path, is_asset)));
    response.insert_header((header::VARY, HeaderValue::from_static("Accept-Encoding")));
    if let Some(encoding) = encoding {
        response.insert_header((header::CONTENT_ENCODING, encoding));
    }
    response.body(bytes)
}

/// The app a URL path belongs to: its directory and the path within it. Paths under
/// `/public/` (and `/public` itself) are the public app's, in `web_dir/public/`.
fn app_of<'a>(web_dir: &Path, path: &'a str) -> (PathBuf, &'a str) {
    match path.strip_prefix(PUBLIC_PREFIX) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => (web_dir.join("public"), rest),
        _ => (web_dir.to_path_buf(), path),
    }
}

/// Where the public app is served.
const PUBLIC_PREFIX: &str = "/public";

/// The file a URL path names inside the web directory, if it can name one safely.
fn relative_file(path: &str) -> Option<PathBuf> {
    let trimmed = path.trim_start_matches('/');
    let safe = !trimmed.is_empty()
        && trimmed.split('/').all(|segment| !segment.is_empty() && segment != ".." && segment != ".")
        && !trimmed.contains(['\\', '%', ':']);
    safe.then(|| PathBuf::from(trimmed))
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Hashed file names (`name-0123456789abcdef.ext`) never change content.
fn cache_control(path: &Path, is_asset: bool) -> &'static str {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let hashed =
        stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    if is_asset && hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_name_files() {
        assert_eq!(relative_file("/app-0123456789abcdef.js"), Some(PathBuf::from("app-0123456789abcdef.js")));
        assert_eq!(relative_file("/"), None);
        assert_eq!(relative_file("/../secret"), None);
        assert_eq!(relative_file("/a/./b"), None);
        assert_eq!(relative_file("/%2e%2e/x"), None);
        assert_eq!(relative_file("/c:/x"), None);
    }

    #[test]
    fn paths_under_public_belong_to_the_public_app() {
        let root = Path::new("/web");
        assert_eq!(app_of(root, "/public/aid"), (PathBuf::from("/web/public"), "/aid"));
        assert_eq!(app_of(root, "/public"), (PathBuf::from("/web/public"), ""));
        assert_eq!(
            app_of(root, "/public/app-0123456789abcdef.js"),
            (PathBuf::from("/web/public"), "/app-0123456789abcdef.js")
        );
        assert_eq!(app_of(root, "/publications"), (PathBuf::from("/web"), "/publications"));
        assert_eq!(app_of(root, "/aid/campaigns"), (PathBuf::from("/web"), "/aid/campaigns"));
    }

    #[test]
    fn hashed_assets_are_immutable_and_the_rest_revalidates() {
        let immutable = "public, max-age=31536000, immutable";
        assert_eq!(cache_control(Path::new("danvan-web-0123456789abcdef.js"), true), immutable);
        assert_eq!(cache_control(Path::new("danvan-web-0123456789abcdef_bg.wasm"), true), immutable);
        assert_eq!(cache_control(Path::new("index.html"), false), "no-cache");
        assert_eq!(cache_control(Path::new("robots.txt"), true), "no-cache");
    }
}

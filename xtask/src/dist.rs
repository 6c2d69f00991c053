//! `cargo xtask dist`: what a deployment ships, in one folder, `dist/` in the target
//! directory: `danvan`, the release build of the server, and `web/`, the web app as
//! `build-web` makes it. The `Dockerfile` runs exactly this and copies both.
//!
//! The web app is built into `frontend/dist/` as usual and then copied, so that `build-web`,
//! `run` and `dist` share one build and its up-to-date check.

use crate::server::Server;
use crate::{http, util, web};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The shipped folder and what is in it.
pub struct Dist {
    pub binary: PathBuf,
    pub web: PathBuf,
}

impl Dist {
    /// `dist/` in the target directory.
    pub fn dir() -> PathBuf {
        util::target_dir().join("dist")
    }

    fn at(dir: &Path) -> Dist {
        Dist { binary: dir.join("danvan"), web: dir.join("web") }
    }
}

/// `cargo xtask dist`.
pub fn command(args: &[String]) -> Result<(), String> {
    if let Some(arg) = args.first() {
        return Err(format!("dist takes no arguments, got {arg:?}"));
    }
    build().map(|_| ())
}

/// Builds the web app and the release server, and puts both in [`Dist::dir`].
pub fn build() -> Result<Dist, String> {
    let started = Instant::now();
    let app = web::WebApp::repo();
    // Both apps: the public one lands in `public/` of the staff app's folder.
    web::build_all()?;
    util::run_status(util::cargo().args(["build", "--release", "-p", "danvan-server", "--bin", "danvan"]))?;
    let dir = Dist::dir();
    let dist = Dist::at(&dir);
    // A fresh folder: files of an older web build must not linger beside the new ones.
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let release = util::target_dir().join("release").join("danvan");
    std::fs::copy(&release, &dist.binary)
        .map_err(|e| format!("cannot copy {} to {}: {e}", release.display(), dist.binary.display()))?;
    copy_dir(&app.out, &dist.web)?;
    println!(
        "{}: danvan ({:.1} MB) and web/, in {}.",
        dir.display(),
        std::fs::metadata(&dist.binary).map(|m| m.len()).unwrap_or(0) as f64 / 1e6,
        util::format_duration(started.elapsed())
    );
    Ok(dist)
}

/// Checks a server started from `dist` as a deployment would: `/readyz` answers 200,
/// `/` is the shipped `web/index.html`, not the page that says the app is not built, and
/// `/public/aid` the public app's `web/public/index.html`.
pub fn check_served(server: &Server, dist: &Dist) -> Result<(), String> {
    let ready = http::request(server.address, "GET", "/readyz", None)?;
    if ready.status != 200 {
        return Err(format!("GET /readyz answered {}: {}", ready.status, ready.body));
    }
    let index = std::fs::read_to_string(dist.web.join("index.html"))
        .map_err(|e| format!("cannot read {}: {e}", dist.web.join("index.html").display()))?;
    let root = http::request(server.address, "GET", "/", None)?;
    if root.status != 200 || root.body != index {
        let start: String = root.body.chars().take(200).collect();
        return Err(format!("GET / answered {} with something other than web/index.html: {start:?}", root.status));
    }
    let public_index = std::fs::read_to_string(dist.web.join("public").join("index.html"))
        .map_err(|e| format!("cannot read {}: {e}", dist.web.join("public/index.html").display()))?;
    let public = http::request(server.address, "GET", "/public/aid", None)?;
    if public.status != 200 || public.body != public_index {
        let start: String = public.body.chars().take(200).collect();
        return Err(format!(
            "GET /public/aid answered {} with something other than web/public/index.html: {start:?}",
            public.status
        ));
    }
    println!("GET /readyz answered 200, GET / the shipped index.html and GET /public/aid the public app's.");
    Ok(())
}

/// Copies the directory tree `from` to `to`.
fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let path = entry.map_err(|e| format!("{}: {e}", from.display()))?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| format!("cannot copy {}: {e}", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn copies_nested_directories() {
        let root = std::env::temp_dir().join(format!("xtask-dist-test-{}", std::process::id()));
        let from = root.join("from");
        std::fs::create_dir_all(from.join("snippets/a")).unwrap();
        std::fs::write(from.join("index.html"), "<html>").unwrap();
        std::fs::write(from.join("snippets/a/x.js"), "x").unwrap();
        copy_dir(&from, &root.join("to")).unwrap();
        assert_eq!(std::fs::read_to_string(root.join("to/index.html")).unwrap(), "<html>");
        assert_eq!(std::fs::read_to_string(root.join("to/snippets/a/x.js")).unwrap(), "x");
        std::fs::remove_dir_all(root).unwrap();
    }
}

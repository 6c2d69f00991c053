//! The `browser` step: what a deployment ships (`cargo xtask dist`: the release server and
//! the built web app), started as a fresh `danvan serve`, checked as a deployment would
//! check it, then driven in Debian's headless Chromium by the tests in `frontend/e2e/`
//! (playwright-core under node's test runner).

use crate::checks::{is_ci, Summary};
use crate::server::{Server, ADMIN_PASSWORD, ADMIN_USERNAME};
use crate::{dist, util, web};
use std::path::Path;
use std::process::Command;

/// Debian's Chromium: the tests never let a tool download a browser of its own.
pub const CHROMIUM: &str = "/usr/bin/chromium";

/// What CI installs when Chromium is missing: the browser, and fonts with Vietnamese letters.
const DEBIAN_PACKAGES: &[&str] = &["chromium", "fonts-noto-core"];

/// Where the tests live, relative to the repository root.
const TESTS_DIR: &str = "frontend/e2e/";

pub fn browser_step(summary: &mut Summary) -> Result<(), String> {
    let app = web::WebApp::repo();
    summary.timed("browser: chromium", ensure_chromium)?;
    summary.timed("browser: npm packages", || ensure_npm_packages(&app.dir))?;
    // The release build makes this the slow part of the step; the debug server is built
    // by the test step anyway, so the browser tests drive what ships instead.
    let dist = summary.timed("browser: dist", dist::build)?;
    let web_dir = dist.web.clone().into_os_string();
    let server = summary.timed("browser: start dist", || {
        Server::start_binary("browser", &dist.binary, &[("DANVAN_WEB_DIR", web_dir)])
    })?;
    let result = summary
        .timed("browser: dist serves", || dist::check_served(&server, &dist))
        .and_then(|()| summary.timed("browser: node --test", || run_tests(&server)));
    server.finish(result)
}

/// Chromium at [`CHROMIUM`]; with CI=true it is installed from Debian when missing.
fn ensure_chromium() -> Result<(), String> {
    if !Path::new(CHROMIUM).is_file() {
        let install = format!("apt-get install -y --no-install-recommends {}", DEBIAN_PACKAGES.join(" "));
        if !is_ci() {
            return Err(format!(
                "Chromium is not installed at {CHROMIUM}. The browser tests use Debian's: \
                 run `apt-get update && {install}` as root, or leave this step out with --skip-browser"
            ));
        }
        println!("Chromium is not installed and CI=true: installing it from Debian.");
        util::run_status(Command::new("apt-get").args(["update", "-q"]))?;
        let mut command = Command::new("apt-get");
        command
            .args(["install", "-y", "-q", "--no-install-recommends"])
            .args(DEBIAN_PACKAGES)
            .env("DEBIAN_FRONTEND", "noninteractive");
        util::run_status(&mut command)?;
        if !Path::new(CHROMIUM).is_file() {
            return Err(format!("`{install}` succeeded but there is still no {CHROMIUM}"));
        }
    }
    let output = Command::new(CHROMIUM)
        .arg("--version")
        .output()
        .map_err(|e| format!("cannot run `{CHROMIUM} --version`: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "`{CHROMIUM} --version` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    println!("{}", String::from_utf8_lossy(&output.stdout).trim());
    Ok(())
}

/// Node.js with npm, and the npm packages of `frontend/` (playwright-core among them).
fn ensure_npm_packages(dir: &Path) -> Result<(), String> {
    for tool in ["node", "npm"] {
        if !util::on_path(tool) {
            return Err(format!(
                "`{tool}` is not installed: the browser tests need Node.js 20 or later with npm \
                 (or leave this step out with --skip-browser)"
            ));
        }
    }
    web::ensure_node_modules(dir)?;
    let playwright = dir.join("node_modules").join("playwright-core");
    if playwright.join("package.json").is_file() {
        Ok(())
    } else {
        Err(format!("{} is missing after installing the npm packages: is it in package.json?", playwright.display()))
    }
}

/// `node --test frontend/e2e/` with the server's URL and the admin's credentials.
fn run_tests(server: &Server) -> Result<(), String> {
    let screenshots = util::target_dir().join("screenshots");
    std::fs::create_dir_all(&screenshots).map_err(|e| format!("{}: {e}", screenshots.display()))?;
    let mut command = Command::new("node");
    command
        .current_dir(util::repo_root())
        // One file at a time: each drives its own Chromium, and this machine has two cores.
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec", TESTS_DIR])
        .env("E2E_BASE_URL", server.base_url())
        .env("E2E_ADMIN_USERNAME", ADMIN_USERNAME)
        .env("E2E_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("E2E_CHROMIUM", CHROMIUM)
        .env("E2E_SCREENSHOT_DIR", &screenshots);
    println!("E2E_BASE_URL={} E2E_SCREENSHOT_DIR={}", server.base_url(), screenshots.display());
    let result = util::run_status(&mut command);
    println!("Screenshots: {}", screenshots.display());
    result
}

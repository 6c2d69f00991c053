//! `cargo xtask build-web`: the two Yew apps built for the browser, the staff app in
//! `frontend/` into `frontend/dist/` (served at `/`) and the public app in
//! `frontend/public/` (aid transparency, no login) into `frontend/dist/public/` (served at
//! `/public/`, its asset URLs under `/public/`). Each app is built the same way:
//!
//! 1. `cargo build -p danvan-web --target wasm32-unknown-unknown --profile wasm-release`
//!    (the profile is in the root Cargo.toml: optimised for size, LTO, one codegen unit);
//! 2. `wasm-bindgen --target web`, the CLI of exactly the version in Cargo.lock, installed
//!    into `target/xtask/tools` when missing;
//! 3. `wasm-opt -Oz` from the npm package `binaryen` (a devDependency in
//!    `frontend/package.json`), skipped with a note when npm is not installed;
//! 4. `frontend/dist/`: the JS, the wasm, `frontend/style.css` and the module that starts the
//!    app (a file, not an inline script, for the Content-Security-Policy) under content-hashed names,
//!    `index.html` from `frontend/index.html` with the line `<!-- danvan:assets -->` replaced
//!    by the tags that load them, and a `.gz` and a `.br` beside every file but `index.html`.
//!
//! The public app has a hard budget: the build fails when its wasm + JS gzipped exceed
//! [`PUBLIC_GZIP_BUDGET_BYTES`], so that a citizen on a phone never downloads more.

use crate::util;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The Cargo profile of the browser build, defined in the root Cargo.toml.
const PROFILE: &str = "wasm-release";

/// The line of `index.html` that the tags loading the app replace.
const ASSETS_MARKER: &str = "<!-- danvan:assets -->";

/// The budget for what the browser downloads to start the app: wasm + JS, gzipped. It
/// was 400 KB for the foundation's pages and became 600 KB with the working group's
/// (plans, roster, matrix, tasks, board, notifications), which nearly doubled the UI;
/// 850 KB with the community teams' eight pages, the map and the charts (about 210 KB);
/// 1,100 KB with aid's eleven pages (about 225 KB). Each module adds about as much: the next
/// step is to load a module's pages when first opened rather than to raise this again.
const GZIP_BUDGET_BYTES: u64 = 1100 * 1000;

/// The public app's budget (wasm + JS, gzipped): a build above it fails.
pub const PUBLIC_GZIP_BUDGET_BYTES: u64 = 150 * 1000;

/// The WebAssembly features that rustc enables by default for wasm32-unknown-unknown
/// (Rust ≥ 1.87); wasm-opt must be told, or it rejects the module.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-bulk-memory-opt",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-multivalue",
    "--enable-reference-types",
];

/// Bumped when the packaging below changes, so that an unchanged wasm is packaged anew.
const PACKAGING_VERSION: &str = "1";

/// What goes into a build: the crate's directory (`Cargo.toml`, `index.html`, `style.css`),
/// the directory of the npm tools (`package.json`: wasm-opt), where the result goes, the
/// URL path it is served at, and its size budget.
pub struct WebApp {
    pub dir: PathBuf,
    pub out: PathBuf,
    pub tools: PathBuf,
    /// The URL path the app is served at, with its slashes: `/` or `/public/`.
    pub base: String,
    pub budget: Budget,
}

/// What happens when the wasm + JS, gzipped, exceed a number of bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Budget {
    /// Reported as over the budget.
    Warn(u64),
    /// The build fails.
    Fail(u64),
}

impl WebApp {
    /// The staff app, `frontend/` of this repository.
    pub fn repo() -> WebApp {
        let dir = util::repo_root().join("frontend");
        let out = dir.join("dist");
        WebApp { tools: dir.clone(), dir, out, base: "/".into(), budget: Budget::Warn(GZIP_BUDGET_BYTES) }
    }

    /// The public app, `frontend/public/`, built into the staff app's `public/` folder.
    pub fn public() -> WebApp {
        let tools = util::repo_root().join("frontend");
        WebApp {
            dir: tools.join("public"),
            out: tools.join("dist").join("public"),
            tools,
            base: "/public/".into(),
            budget: Budget::Fail(PUBLIC_GZIP_BUDGET_BYTES),
        }
    }
}

/// Builds both apps: the staff app first (its build empties `frontend/dist/`), then the
/// public one inside it.
pub fn build_all() -> Result<(), String> {
    build(&WebApp::repo())?;
    build(&WebApp::public())
}

/// `cargo xtask build-web [--app staff|public] [--frontend DIR]`.
pub fn command(args: &[String]) -> Result<(), String> {
    let mut app = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--frontend" => {
                let dir = args.next().ok_or("--frontend needs a directory")?;
                let dir = std::env::current_dir().map_err(|e| e.to_string())?.join(dir);
                let budget = Budget::Warn(GZIP_BUDGET_BYTES);
                app = Some(WebApp { out: dir.join("dist"), tools: dir.clone(), dir, base: "/".into(), budget });
            }
            "--app" => {
                app = Some(match args.next().map(String::as_str) {
                    Some("staff") => WebApp::repo(),
                    Some("public") => WebApp::public(),
                    other => return Err(format!("--app takes staff or public, not {other:?}")),
                });
            }
            other => return Err(format!("unknown option {other:?} of build-web; see `cargo xtask help`")),
        }
    }
    match app {
        Some(app) => build(&app),
        None => build_all(),
    }
}

/// Builds `app` into `app.out`.
pub fn build(app: &WebApp) -> Result<(), String> {
    let started = Instant::now();
    let package = package_name(&app.dir.join("Cargo.toml"))?;
    let index_html = read_text(&app.dir.join("index.html"))?;
    let style = read_file(&app.dir.join("style.css"))?;
    if !index_html.lines().any(|line| line.trim() == ASSETS_MARKER) {
        return Err(format!(
            "{} has no line `{ASSETS_MARKER}`: it marks where the app's <link> and <script> tags go",
            app.dir.join("index.html").display()
        ));
    }

    ensure_wasm_target();
    let wasm = cargo_build(app, &package)?;
    let wasm_bindgen = ensure_wasm_bindgen(&app.dir)?;
    let wasm_opt = wasm_opt(&app.tools)?;

    // Nothing to do when nothing that goes into the build changed.
    let key = build_key(&[
        PACKAGING_VERSION.as_bytes(),
        &read_file(&wasm)?,
        index_html.as_bytes(),
        &style,
        wasm_bindgen.to_string_lossy().as_bytes(),
        // Which wasm-opt, and from which install of the npm packages.
        wasm_opt.as_ref().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default().as_bytes(),
        &wasm_opt.as_ref().and_then(|_| std::fs::read(node_modules_stamp(&app.tools)).ok()).unwrap_or_default(),
        app.out.to_string_lossy().as_bytes(),
        app.base.as_bytes(),
    ]);
    let key_file = util::xtask_dir().join("web").join(format!("{package}.build-key"));
    if std::fs::read_to_string(&key_file).is_ok_and(|old| old == key) && app.out.join("index.html").is_file() {
        println!("{} is up to date.", app.out.display());
        return print_sizes(&app.out, app.budget);
    }

    let staging = util::xtask_dir().join("web").join(&package);
    recreate_dir(&staging)?;
    let mut command = Command::new(&wasm_bindgen);
    command
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&staging)
        .args(["--out-name", &package])
        .arg(&wasm);
    util::run_status(&mut command)?;
    let bindgen_wasm = staging.join(format!("{package}_bg.wasm"));
    let bindgen_js = staging.join(format!("{package}.js"));

    let wasm_bytes = match &wasm_opt {
        Some(wasm_opt) => {
            let optimised = staging.join(format!("{package}_opt.wasm"));
            let mut command = Command::new(wasm_opt);
            command
                .arg("-Oz")
                .args(WASM_FEATURES)
                .args(["--strip-debug", "--strip-producers"])
                .arg(&bindgen_wasm)
                .arg("-o")
                .arg(&optimised);
            let before = file_size(&bindgen_wasm);
            util::run_status(&mut command)?;
            let bytes = read_file(&optimised)?;
            println!("wasm-opt -Oz: {} → {} bytes.", group(before), group(bytes.len() as u64));
            remove_file(&optimised)?;
            bytes
        }
        None => read_file(&bindgen_wasm)?,
    };
    let js = read_text(&bindgen_js)?;
    remove_file(&bindgen_wasm)?;
    remove_file(&bindgen_js)?;

    let wasm_name = format!("{package}-{}_bg.wasm", content_hash(&wasm_bytes));
    // The JS finds the wasm beside itself when init() is called without its URL.
    let default_wasm_name = format!("{package}_bg.wasm");
    if !js.contains(&default_wasm_name) {
        println!("note: the JS does not name {default_wasm_name}; index.html passes the wasm's URL anyway.");
    }
    let js = js.replace(&default_wasm_name, &wasm_name);
    let js_name = format!("{package}-{}.js", content_hash(js.as_bytes()));
    let css_name = format!("style-{}.css", content_hash(&style));
    let boot = boot_script(&app.base, &js_name, &wasm_name);
    let boot_name = format!("boot-{}.js", content_hash(boot.as_bytes()));
    let index_html = index_html_with_assets(&index_html, &app.base, &css_name, &boot_name, &js_name, &wasm_name);

    prepare_out_dir(&app.out)?;
    write_file(&app.out.join(&wasm_name), &wasm_bytes)?;
    write_file(&app.out.join(&js_name), js.as_bytes())?;
    write_file(&app.out.join(&css_name), &style)?;
    write_file(&app.out.join(&boot_name), boot.as_bytes())?;
    write_file(&app.out.join("index.html"), index_html.as_bytes())?;
    // Anything else wasm-bindgen wrote (JS snippets of dependencies) keeps its path.
    copy_tree(&staging, &app.out)?;
    compress_tree(&app.out)?;

    write_file(&key_file, key.as_bytes())?;
    println!("Built {} in {}.", app.out.display(), util::format_duration(started.elapsed()));
    print_sizes(&app.out, app.budget)
}

/// The `name` of the `[package]` of a Cargo.toml.
fn package_name(manifest: &Path) -> Result<String, String> {
    let text = read_text(manifest)?;
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line.strip_prefix("name").map(str::trim_start).and_then(|v| v.strip_prefix('=')) {
                return Ok(value.trim().trim_matches('"').to_owned());
            }
        }
    }
    Err(format!("{} has no package name", manifest.display()))
}

/// `rustup target add wasm32-unknown-unknown`; a failure (no rustup, no network) is only
/// reported: the build below says clearly if the target is really missing.
fn ensure_wasm_target() {
    if !util::on_path("rustup") {
        println!("note: rustup is not installed; assuming the {WASM_TARGET} target is.");
        return;
    }
    if let Err(e) = util::run_status(Command::new("rustup").args(["target", "add", WASM_TARGET])) {
        println!("note: {e}; going on in case the {WASM_TARGET} target is installed.");
    }
}

/// Builds the crate for the browser; the path of its `.wasm`.
fn cargo_build(app: &WebApp, package: &str) -> Result<PathBuf, String> {
    let target_dir = util::target_dir();
    let mut command = util::cargo();
    command
        .arg("build")
        .arg("--manifest-path")
        .arg(app.dir.join("Cargo.toml"))
        .args(["--package", package, "--target", WASM_TARGET, "--profile", PROFILE, "--target-dir"])
        .arg(&target_dir);
    util::run_status(&mut command)?;
    let out = target_dir.join(WASM_TARGET).join(PROFILE);
    // The binary keeps the package's name; a cdylib library has underscores instead.
    let candidates = [out.join(format!("{package}.wasm")), out.join(format!("{}.wasm", package.replace('-', "_")))];
    candidates
        .iter()
        .filter_map(|path| Some((std::fs::metadata(path).ok()?.modified().ok()?, path)))
        .max()
        .map(|(_, path)| path.clone())
        .ok_or_else(|| format!("the build made none of {}", candidates.map(|p| p.display().to_string()).join(", ")))
}

/// The version of the `wasm-bindgen` crate in the Cargo.lock above `dir`.
fn locked_wasm_bindgen_version(dir: &Path) -> Result<String, String> {
    let lock = dir
        .ancestors()
        .map(|d| d.join("Cargo.lock"))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("no Cargo.lock in {} or above", dir.display()))?;
    let text = read_text(&lock)?;
    let mut versions: Vec<String> = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines.next().and_then(|l| l.trim().strip_prefix("version = ")) {
                versions.push(version.trim_matches('"').to_owned());
            }
        }
    }
    match versions.as_slice() {
        [version] => Ok(version.clone()),
        [] => Err(format!("{} has no wasm-bindgen package: does the web app use it?", lock.display())),
        _ => Err(format!("{} has several wasm-bindgen versions ({}); keep one", lock.display(), versions.join(", "))),
    }
}

/// `target/xtask/tools/bin/wasm-bindgen`, installed with `cargo install` unless it is
/// already the version in Cargo.lock (the CLI must match the crate exactly).
fn ensure_wasm_bindgen(dir: &Path) -> Result<PathBuf, String> {
    let version = locked_wasm_bindgen_version(dir)?;
    let root = util::xtask_dir().join("tools");
    let binary = root.join("bin").join("wasm-bindgen");
    let installed = || {
        Command::new(&binary)
            .arg("--version")
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|output| output.status.success())
            .and_then(|output| String::from_utf8_lossy(&output.stdout).split_whitespace().nth(1).map(str::to_owned))
    };
    match installed() {
        Some(found) if found == version => {
            println!("wasm-bindgen {version} is installed in {}.", root.display());
            return Ok(binary);
        }
        Some(found) => println!("wasm-bindgen {found} is installed, Cargo.lock has {version}: installing {version}."),
        None => println!("wasm-bindgen {version} is not installed in {}: installing it.", root.display()),
    }
    let started = Instant::now();
    let mut command = util::cargo();
    command.args(["install", "wasm-bindgen-cli", "--version", &version, "--root"]).arg(&root);
    util::run_status(&mut command)?;
    println!("Installed wasm-bindgen-cli {version} in {}.", util::format_duration(started.elapsed()));
    match installed() {
        Some(found) if found == version => Ok(binary),
        found => Err(format!("{} --version says {found:?} after installing {version}", binary.display())),
    }
}

/// `node_modules/.bin/wasm-opt` of `dir`, after installing the npm packages; `None`, with a
/// note, when npm is not installed or the directory has no package.json.
fn wasm_opt(dir: &Path) -> Result<Option<PathBuf>, String> {
    if !dir.join("package.json").is_file() {
        println!("note: {} has no package.json: wasm-opt is skipped.", dir.display());
        return Ok(None);
    }
    if !util::on_path("npm") {
        println!("note: npm is not installed: wasm-opt (npm package binaryen) is skipped; the wasm is larger.");
        return Ok(None);
    }
    ensure_node_modules(dir)?;
    let wasm_opt = dir.join("node_modules").join(".bin").join("wasm-opt");
    if wasm_opt.is_file() {
        Ok(Some(wasm_opt))
    } else {
        println!("note: no {}: wasm-opt is skipped (is binaryen in package.json?).", wasm_opt.display());
        Ok(None)
    }
}

/// Installs the npm packages of `dir` (`npm ci`, or `npm install` without a lock file) unless
/// `node_modules` was installed from the same package.json and package-lock.json.
pub fn ensure_node_modules(dir: &Path) -> Result<(), String> {
    let package_json = read_file(&dir.join("package.json"))?;
    let lock_path = dir.join("package-lock.json");
    let lock = if lock_path.is_file() { Some(read_file(&lock_path)?) } else { None };
    let key = build_key(&[&package_json, lock.as_deref().unwrap_or_default()]);
    let stamp = node_modules_stamp(dir);
    if std::fs::read_to_string(&stamp).is_ok_and(|old| old == key) {
        println!("{} is up to date.", dir.join("node_modules").display());
        return Ok(());
    }
    let started = Instant::now();
    let mut command = Command::new("npm");
    command.current_dir(dir);
    if lock.is_some() {
        command.arg("ci");
    } else {
        println!("note: {} is missing: `npm install` makes one; commit it.", lock_path.display());
        command.arg("install");
    }
    // Browsers come from Debian, never from a package's install script.
    command.args(["--no-audit", "--no-fund"]).env("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    println!("$ cd {}", dir.display());
    util::run_status(&mut command)?;
    println!("Installed the npm packages in {}.", util::format_duration(started.elapsed()));
    write_file(&stamp, key.as_bytes())
}

/// The file that records which package.json and package-lock.json `node_modules` is from.
fn node_modules_stamp(dir: &Path) -> PathBuf {
    dir.join("node_modules").join(".xtask-installed")
}

/// The module that starts the app. A file rather than an inline script, so that the
/// server's Content-Security-Policy can allow scripts from its own origin only.
fn boot_script(base: &str, js: &str, wasm: &str) -> String {
    format!("import init from '{base}{js}';\ninit({{ module_or_path: '{base}{wasm}' }});\n")
}

/// The tags that load the app, in place of the marker line (keeping its indentation).
fn index_html_with_assets(template: &str, base: &str, css: &str, boot: &str, js: &str, wasm: &str) -> String {
    let mut html = String::with_capacity(template.len() + 512);
    for line in template.split_inclusive('\n') {
        if line.trim() != ASSETS_MARKER {
            html.push_str(line);
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let tags = [
            format!(r#"<link rel="stylesheet" href="{base}{css}">"#),
            format!(r#"<link rel="preload" href="{base}{wasm}" as="fetch" type="application/wasm" crossorigin>"#),
            format!(r#"<link rel="modulepreload" href="{base}{js}">"#),
            format!(r#"<script type="module" src="{base}{boot}"></script>"#),
        ];
        for tag in tags {
            html.push_str(indent);
            html.push_str(&tag);
            html.push('\n');
        }
    }
    html
}

/// The first 16 hex digits of the SHA-256 of `bytes`: the part of a file's name that
/// changes with its content, so that browsers may cache it for good.
pub fn content_hash(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes)[..8])
}

/// One hash over several inputs, each delimited by its length.
fn build_key(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// Empties the output directory, refusing one that does not look like an earlier build.
fn prepare_out_dir(out: &Path) -> Result<(), String> {
    if out.exists() {
        // Empty, or holding only the public app built on its own (`--app public`).
        let empty = std::fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?.all(|entry| {
            entry.is_ok_and(|entry| entry.file_name() == "public" && entry.path().join("index.html").is_file())
        });
        if !empty && !out.join("index.html").is_file() {
            return Err(format!(
                "{} is not empty and has no index.html: not a build; remove it yourself",
                out.display()
            ));
        }
    }
    recreate_dir(out)
}

fn recreate_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))
}

/// Copies every file under `from` to the same place under `to`.
fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    for file in files_under(from)? {
        let relative = file.strip_prefix(from).map_err(|e| e.to_string())?;
        let target = to.join(relative);
        println!("Copying {} (from wasm-bindgen).", relative.display());
        write_file(&target, &read_file(&file)?)?;
    }
    Ok(())
}

/// Writes `NAME.gz` and `NAME.br` beside every file under `dir` but `index.html` (which must
/// never be cached, and is small), each only when it is smaller than the file.
fn compress_tree(dir: &Path) -> Result<(), String> {
    for file in app_files(dir)? {
        if file.file_name().is_some_and(|name| name == "index.html") {
            continue;
        }
        let bytes = read_file(&file)?;
        for (suffix, compressed) in [("gz", gzip(&bytes)?), ("br", brotli(&bytes)?)] {
            if compressed.len() < bytes.len() {
                write_file(&PathBuf::from(format!("{}.{suffix}", file.display())), &compressed)?;
            }
        }
    }
    Ok(())
}

fn gzip(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).and_then(|()| encoder.finish()).map_err(|e| format!("gzip: {e}"))
}

fn brotli(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let params =
        brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, size_hint: bytes.len(), ..Default::default() };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).map_err(|e| format!("brotli: {e}"))?;
    Ok(out)
}

/// The files of the app in `dir`: every file under it but those of another app nested
/// in it (a folder with its own `index.html`, like the public app in `public/`).
fn app_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let files = files_under(dir)?;
    let nested: Vec<PathBuf> = files
        .iter()
        .filter(|file| file.file_name().is_some_and(|name| name == "index.html"))
        .filter_map(|file| file.parent().map(Path::to_path_buf))
        .filter(|folder| folder != dir)
        .collect();
    Ok(files.into_iter().filter(|file| !nested.iter().any(|folder| file.starts_with(folder))).collect())
}

/// Every file under `dir`, sorted.
fn files_under(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))? {
            let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// A table of the files of the build with their sizes, and the total of the wasm and JS
/// gzipped against the budget; an error when over a budget that fails the build.
fn print_sizes(out: &Path, budget: Budget) -> Result<(), String> {
    let files: Vec<PathBuf> = app_files(out)?
        .into_iter()
        .filter(|p| !matches!(p.extension().and_then(|e| e.to_str()), Some("gz" | "br")))
        .collect();
    let compressed_size = |file: &Path, suffix: &str| {
        let path = PathBuf::from(format!("{}.{suffix}", file.display()));
        if path.is_file() {
            file_size(&path)
        } else {
            file_size(file)
        }
    };
    let names: Vec<String> = files.iter().map(|f| f.strip_prefix(out).unwrap_or(f).display().to_string()).collect();
    let width = names.iter().map(String::len).max().unwrap_or(0).max("wasm + js".len());
    println!("\n{}:", out.display());
    println!("  {:<width$}  {:>11}  {:>11}  {:>11}", "file", "raw", "gzip", "brotli");
    let (mut raw_total, mut gzip_total, mut brotli_total) = (0, 0, 0);
    for (file, name) in files.iter().zip(&names) {
        let (raw, gz, br) = (file_size(file), compressed_size(file, "gz"), compressed_size(file, "br"));
        println!("  {name:<width$}  {:>11}  {:>11}  {:>11}", group(raw), group(gz), group(br));
        if matches!(file.extension().and_then(|e| e.to_str()), Some("wasm" | "js")) {
            raw_total += raw;
            gzip_total += gz;
            brotli_total += br;
        }
    }
    println!(
        "  {:<width$}  {:>11}  {:>11}  {:>11}",
        "wasm + js",
        group(raw_total),
        group(gzip_total),
        group(brotli_total)
    );
    let (Budget::Warn(limit) | Budget::Fail(limit)) = budget;
    let verdict = if gzip_total <= limit { "within" } else { "OVER" };
    println!(
        "wasm + js: {:.1} KB raw, {:.1} KB gzipped, {:.1} KB brotli: {verdict} the budget of {} KB gzipped.",
        raw_total as f64 / 1000.0,
        gzip_total as f64 / 1000.0,
        brotli_total as f64 / 1000.0,
        limit / 1000
    );
    match budget {
        Budget::Fail(limit) if gzip_total > limit => Err(format!(
            "{}: wasm + js is {:.1} KB gzipped, over its budget of {} KB: make it smaller",
            out.display(),
            gzip_total as f64 / 1000.0,
            limit / 1000
        )),
        _ => Ok(()),
    }
}

/// `1234567` → `1,234,567`.
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn remove_file(path: &Path) -> Result<(), String> {
    std::fs::remove_file(path).map_err(|e| format!("cannot remove {}: {e}", path.display()))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_marker_line_becomes_the_asset_tags() {
        let template = "<head>\n    <title>x</title>\n    <!-- danvan:assets -->\n</head>\n";
        let html = index_html_with_assets(template, "/", "style-1.css", "boot-3.js", "app-2.js", "app-2_bg.wasm");
        assert!(html.starts_with("<head>\n    <title>x</title>\n    <link rel=\"stylesheet\" href=\"/style-1.css\">\n"));
        assert!(html.contains("    <link rel=\"preload\" href=\"/app-2_bg.wasm\" as=\"fetch\""));
        assert!(html.contains("    <script type=\"module\" src=\"/boot-3.js\"></script>\n"));
        assert!(!html.contains("<script type=\"module\">"), "no inline script: the CSP allows none");
        assert_eq!(
            boot_script("/", "app-2.js", "app-2_bg.wasm"),
            "import init from '/app-2.js';\ninit({ module_or_path: '/app-2_bg.wasm' });\n"
        );
        assert!(html.ends_with("</script>\n</head>\n"));
        assert!(!html.contains("danvan:assets"));
        // The public app's assets resolve under /public/.
        let public =
            index_html_with_assets(template, "/public/", "style-1.css", "boot-3.js", "app-2.js", "app-2_bg.wasm");
        assert!(public.contains(r#"<link rel="stylesheet" href="/public/style-1.css">"#));
        assert!(public.contains(r#"<script type="module" src="/public/boot-3.js"></script>"#));
        assert_eq!(
            boot_script("/public/", "app-2.js", "app-2_bg.wasm"),
            "import init from '/public/app-2.js';\ninit({ module_or_path: '/public/app-2_bg.wasm' });\n"
        );
    }

    #[test]
    fn a_nested_app_is_not_part_of_its_parent_and_a_failing_budget_fails() {
        let dir = std::env::temp_dir().join(format!("xtask-web-nested-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("public")).unwrap();
        std::fs::create_dir_all(dir.join("snippets")).unwrap();
        for file in ["index.html", "app.js", "snippets/x.js", "public/index.html", "public/p.js"] {
            std::fs::write(dir.join(file), "x".repeat(2000)).unwrap();
        }
        let names: Vec<String> =
            app_files(&dir).unwrap().iter().map(|f| f.strip_prefix(&dir).unwrap().display().to_string()).collect();
        assert_eq!(names, vec!["app.js", "index.html", "snippets/x.js"]);
        assert!(print_sizes(&dir.join("public"), Budget::Fail(10_000)).is_ok());
        assert!(print_sizes(&dir.join("public"), Budget::Fail(1_000)).is_err());
        assert!(print_sizes(&dir.join("public"), Budget::Warn(1_000)).is_ok());
        std::fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn hashes_are_16_hex_digits_that_follow_the_content() {
        let a = content_hash(b"a");
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(a, content_hash(b"a"));
        assert_ne!(a, content_hash(b"b"));
        assert_ne!(build_key(&[b"ab", b""]), build_key(&[b"a", b"b"]));
    }

    #[test]
    fn reads_the_package_name_and_groups_digits() {
        let dir = std::env::temp_dir().join(format!("xtask-web-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let manifest = dir.join("Cargo.toml");
        std::fs::write(&manifest, "[workspace]\nname = \"no\"\n[package]\nversion = \"1\"\nname = \"danvan-web\"\n")
            .unwrap();
        assert_eq!(package_name(&manifest).unwrap(), "danvan-web");
        std::fs::remove_dir_all(dir).unwrap();
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_234_567), "1,234,567");
    }

    #[test]
    fn compressed_files_decompress_to_the_original() {
        use std::io::Read;
        let data = "Dân vận ".repeat(1000).into_bytes();
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(&gzip(&data).unwrap()[..]).read_to_end(&mut unzipped).unwrap();
        assert_eq!(unzipped, data);
        let mut unbrotlied = Vec::new();
        brotli::Decompressor::new(&brotli(&data).unwrap()[..], 4096).read_to_end(&mut unbrotlied).unwrap();
        assert_eq!(unbrotlied, data);
    }
}

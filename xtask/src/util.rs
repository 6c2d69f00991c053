//! Paths of the repository and running commands.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The repository root: the parent of this package's directory.
pub fn repo_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// Cargo's target directory (`CARGO_TARGET_DIR`, else `target` in the repository).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => repo_root().join(dir),
        _ => repo_root().join("target"),
    }
}

/// Where xtask keeps its own files (venv, logs, reports).
pub fn xtask_dir() -> PathBuf {
    target_dir().join("xtask")
}

/// The debug build of the `danvan` binary.
pub fn server_binary() -> PathBuf {
    target_dir().join("debug").join("danvan")
}

/// A `cargo` command (the one that runs xtask) in the repository root.
pub fn cargo() -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command.current_dir(repo_root());
    command
}

/// The command line, as a person would type it.
pub fn describe(command: &Command) -> String {
    let program = command.get_program().to_string_lossy().into_owned();
    let program =
        if Path::new(&program).ends_with("cargo") && program.contains('/') { "cargo".to_owned() } else { program };
    std::iter::once(program).chain(command.get_args().map(shell_word)).collect::<Vec<_>>().join(" ")
}

fn shell_word(arg: &OsStr) -> String {
    let arg = arg.to_string_lossy();
    let plain = !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_=./:,@+%".contains(c));
    if plain {
        arg.into_owned()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// Runs a command with inherited standard streams; an error names it and how it ended.
pub fn run_status(command: &mut Command) -> Result<(), String> {
    let line = describe(command);
    println!("$ {line}");
    let status = command.status().map_err(|e| format!("cannot start `{line}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{line}` failed ({status})"))
    }
}

/// Whether a program of that name is on the `PATH`.
pub fn on_path(name: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| std::fs::metadata(dir.join(name)).is_ok_and(|m| m.is_file()))
    })
}

/// `1m 05.3s` or `4.2s`.
pub fn format_duration(duration: Duration) -> String {
    let secs = duration.as_secs_f64();
    if secs >= 60.0 {
        let minutes = (secs / 60.0).floor();
        format!("{minutes:.0}m {:04.1}s", secs - minutes * 60.0)
    } else {
        format!("{secs:.1}s")
    }
}

/// The last `lines` lines of a text file, for showing a log after a failure.
pub fn tail(path: &Path, lines: usize) -> String {
    match std::fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            let all: Vec<&str> = text.lines().collect();
            all[all.len().saturating_sub(lines)..].join("\n")
        }
        Err(e) => format!("(cannot read {}: {e})", path.display()),
    }
}

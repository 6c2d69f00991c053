//! Files the server writes beside its data: secrets (the JWT secret, a generated first
//! password), and the names of the temporary files it writes them through.

use std::io::Write;
use std::path::{Path, PathBuf};

/// `path` with `suffix` added to its file name.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Writes `text` to `path`, readable by its owner only, whole or not at all: it goes to a
/// temporary file first, synced, then renamed into place, so a crash never leaves a file
/// that is empty or cut short.
pub fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let partial = sibling(path, ".partial");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&partial)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&partial, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_file_is_whole_owner_only_and_leaves_nothing_beside_it() {
        let dir = std::env::temp_dir().join(format!("danvan-private-{}", uuid::Uuid::now_v7()));
        let path = dir.join("secret");
        assert!(write_private(&path, "first").is_ok());
        assert!(write_private(&path, "second").is_ok());
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("second"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777).ok();
            assert_eq!(mode, Some(0o600));
        }
        let names: Vec<_> = std::fs::read_dir(&dir).into_iter().flatten().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["secret"]);
        std::fs::remove_dir_all(dir).ok();
    }
}

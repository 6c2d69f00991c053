//! Files the server writes beside its data: secrets (the JWT secret, the personal-data
//! keys, a generated first password), and the names of the temporary files it writes them
//! through.

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
    let partial = sibling(path, ".partial");
    write_synced(&partial, text)?;
    std::fs::rename(&partial, path)?;
    sync_dir(path)
}

/// Like [`write_private`], but only when `path` does not exist yet (else an error of kind
/// `AlreadyExists`, and the file there is left as it is): two servers starting at once on
/// a new data directory must not each keep a key the other overwrote.
pub fn create_private(path: &Path, text: &str) -> std::io::Result<()> {
    let partial = sibling(path, &format!(".{}.partial", uuid::Uuid::now_v7()));
    write_synced(&partial, text)?;
    // A hard link, unlike a rename, refuses to replace what is there.
    let linked = std::fs::hard_link(&partial, path);
    std::fs::remove_file(&partial)?;
    linked?;
    sync_dir(path)
}

/// Writes a new private file and syncs it to disk.
fn write_synced(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Syncs the directory of `path`, so that the renamed file's name survives a power loss
/// too: a key lost that way would leave the values sealed with it unreadable.
fn sync_dir(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        std::fs::File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
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

    #[test]
    fn a_created_file_never_replaces_one_that_is_there() {
        let dir = std::env::temp_dir().join(format!("danvan-create-{}", uuid::Uuid::now_v7()));
        let path = dir.join("keys");
        assert!(create_private(&path, "first").is_ok());
        let again = create_private(&path, "second").map_err(|e| e.kind());
        assert_eq!(again, Err(std::io::ErrorKind::AlreadyExists));
        assert_eq!(std::fs::read_to_string(&path).ok().as_deref(), Some("first"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).map(|m| m.permissions().mode() & 0o777).ok();
            assert_eq!(mode, Some(0o600));
        }
        let names: Vec<_> = std::fs::read_dir(&dir).into_iter().flatten().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["keys"]);
        std::fs::remove_dir_all(dir).ok();
    }
}

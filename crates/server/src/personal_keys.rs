//! The personal-data keys (docs/security.md, "Personal data"): from the settings
//! (`DANVAN_PERSONAL_DATA_KEYS`), else from [`KEYS_FILE`] in the data directory, made on
//! first start like the JWT secret. `danvan rotate-personal-key` adds a new current key to
//! that file.

use danvan_store::personal::Keyring;
use std::path::Path;

/// The file in `data_dir` that holds generated keys.
pub const KEYS_FILE: &str = "personal-data-keys";

/// What the file says about itself; [`Keyring::parse`] skips it as comments.
const HEADER: &str = "\
# Dân vận personal-data keys (docs/security.md, \"Personal data\"). Without them the sealed
# phones, IDs and health data in the database cannot be read: back this file up, apart
# from the database backups. `lookup` keys the lookup hashes and never changes; of the
# others the first seals new values, and each opens what it sealed: never remove one
# while values sealed with it remain. `danvan rotate-personal-key` adds a new first key.
";

fn text_of(keyring: &Keyring) -> String {
    format!("{HEADER}{}", keyring.to_text().as_str())
}

fn read(path: &Path) -> Result<Keyring, String> {
    let text = zeroize::Zeroizing::new(std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?);
    Keyring::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// The keys of the settings when given, else those of the file, which is made on first use
/// (mode 0600, written whole). Servers sharing one database must share the keys: give them
/// all the same `DANVAN_PERSONAL_DATA_KEYS`.
pub fn load_or_create(configured: Option<&str>, data_dir: &Path) -> Result<Keyring, String> {
    if let Some(text) = configured {
        return Keyring::parse(text).map_err(|e| e.to_string());
    }
    let path = data_dir.join(KEYS_FILE);
    if path.exists() {
        return read(&path);
    }
    let keyring = Keyring::generate().map_err(|e| e.to_string())?;
    match crate::files::create_private(&path, &text_of(&keyring)) {
        Ok(()) => Ok(keyring),
        // Another process made it first: use its keys, as it may already seal with them.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => read(&path),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

/// Adds a new current key to the file and returns what was done, for the terminal.
pub fn rotate(configured: Option<&str>, data_dir: &Path) -> Result<String, String> {
    if configured.is_some() {
        return Err("the personal-data keys come from DANVAN_PERSONAL_DATA_KEYS (personal_data_keys): \
             put a new entry `k<n>:<32 random bytes in base64>` (e.g. from `openssl rand -base64 32`) \
             first in it, keep the others, and restart every server"
            .into());
    }
    let path = data_dir.join(KEYS_FILE);
    if !path.exists() {
        return Err(format!("{} does not exist; the server makes it on its first start", path.display()));
    }
    let mut keyring = read(&path)?;
    let id = keyring.rotate().map_err(|e| e.to_string())?.to_owned();
    crate::files::write_private(&path, &text_of(&keyring)).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(format!(
        "Added the personal-data key {id} to {}; it seals new values once the servers restart. \
         The older keys ({}) still open what they sealed; stored values are not re-encrypted.",
        path.display(),
        keyring.key_ids()[1..].join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch() -> std::path::PathBuf {
        std::env::temp_dir().join(format!("danvan-personal-keys-{}", uuid::Uuid::now_v7()))
    }

    #[test]
    fn generated_keys_are_kept_private_and_reused() {
        let dir = scratch();
        let Ok(first) = load_or_create(None, &dir) else { panic!("makes keys") };
        let Ok(sealed) = first.seal("team_member.phone", "0912345678") else { panic!("seals") };
        let Ok(second) = load_or_create(None, &dir) else { panic!("reads them back") };
        assert_eq!(second.open("team_member.phone", &sealed).ok().as_deref(), Some("0912345678"));
        assert_eq!(first.lookup_hash("phone", "0912345678"), second.lookup_hash("phone", "0912345678"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join(KEYS_FILE)).map(|m| m.permissions().mode() & 0o777).ok();
            assert_eq!(mode, Some(0o600));
        }
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn rotation_adds_a_current_key_and_old_values_still_open() {
        let dir = scratch();
        assert!(rotate(None, &dir).is_err(), "nothing to rotate before the first start");
        let Ok(before) = load_or_create(None, &dir) else { panic!("makes keys") };
        let Ok(old) = before.seal("citizen.id", "001099012345") else { panic!("seals") };
        let Ok(told) = rotate(None, &dir) else { panic!("rotates") };
        assert!(told.contains("k2") && !told.contains(&before.to_text()[7..20]), "{told}");
        let Ok(after) = load_or_create(None, &dir) else { panic!("reads back") };
        assert_eq!(after.key_ids(), ["k2", "k1"]);
        assert_eq!(after.open("citizen.id", &old).ok().as_deref(), Some("001099012345"));
        assert!(after.seal("citizen.id", "001099012345").is_ok_and(|new| new.starts_with("v1:k2:")));
        assert_eq!(before.lookup_hash("citizen_id", "1"), after.lookup_hash("citizen_id", "1"));
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn configured_keys_win_and_are_not_rotated_here() {
        let dir = scratch();
        let Ok(generated) = Keyring::generate() else { panic!("makes keys") };
        let text = generated.to_text().replace('\n', ",");
        let Ok(configured) = load_or_create(Some(&text), &dir) else { panic!("reads the setting") };
        assert_eq!(configured.lookup_hash("phone", "1"), generated.lookup_hash("phone", "1"));
        assert!(!dir.join(KEYS_FILE).exists(), "no file when the settings give the keys");
        assert!(rotate(Some(&text), &dir).is_err_and(|e| e.contains("DANVAN_PERSONAL_DATA_KEYS")));
        assert!(load_or_create(Some("k1:nothing"), &dir).is_err());
    }
}

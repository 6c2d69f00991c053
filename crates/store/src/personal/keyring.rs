//! The keys: one that seals new values, older ones that still open what they sealed, and
//! one for lookup hashes that never rotates (hashes taken under it are compared, not opened).
//!
//! Their text form, kept in a file or a setting: entries `id:key` (the key 32 bytes in
//! base64, URL-safe or standard) separated by new lines, commas or spaces, `#` starting a
//! comment. `lookup:…` is the lookup key; of the others the first is current.

use crate::StoreError;
use aes_gcm::aead::Generate;
use base64::Engine;
use zeroize::Zeroizing;

/// 256 bits of key, wiped from memory when dropped.
pub(super) type Secret = Zeroizing<[u8; 32]>;

/// The id of the lookup key in the text form; no sealing key may take it.
pub const LOOKUP_ID: &str = "lookup";

/// Longest key id: ids are written into every sealed value.
const ID_MAX: usize = 32;

pub(super) struct Key {
    pub(super) id: String,
    pub(super) secret: Secret,
}

/// The personal-data keys of this deployment. Built once at start-up and shared
/// (`Arc<Keyring>` in the server's state); store functions take `&Keyring`.
pub struct Keyring {
    pub(super) lookup: Secret,
    /// The current key first.
    pub(super) keys: Vec<Key>,
}

/// A key id as written into sealed values: short, and free of the `:` that separates them.
pub(super) fn is_valid_id(id: &str) -> bool {
    (1..=ID_MAX).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

fn random_secret() -> Result<Secret, StoreError> {
    <[u8; 32]>::try_generate()
        .map(Zeroizing::new)
        .map_err(|_| StoreError::PersonalData("the system's random source failed".into()))
}

fn config_error(message: String) -> StoreError {
    StoreError::Config(format!("personal-data keys: {message}"))
}

/// A key of the text form; the error names the entry by its place and id, never its key.
fn decode_secret(place: usize, id: &str, text: &str) -> Result<Secret, StoreError> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let bytes = [URL_SAFE_NO_PAD, URL_SAFE, STANDARD, STANDARD_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(text).ok())
        .map(Zeroizing::new)
        .ok_or_else(|| config_error(format!("entry {place} ({id}): the key is not base64")))?;
    let mut secret = Zeroizing::new([0u8; 32]);
    if bytes.len() != secret.len() {
        return Err(config_error(format!("entry {place} ({id}): the key must be 32 bytes, not {}", bytes.len())));
    }
    secret.copy_from_slice(&bytes);
    Ok(secret)
}

impl Keyring {
    /// A new keyring: a lookup key and one sealing key, `k1`.
    pub fn generate() -> Result<Keyring, StoreError> {
        Ok(Keyring { lookup: random_secret()?, keys: vec![Key { id: "k1".into(), secret: random_secret()? }] })
    }

    /// Reads the text form (see the module's documentation).
    pub fn parse(text: &str) -> Result<Keyring, StoreError> {
        let mut lookup = None;
        let mut keys: Vec<Key> = Vec::new();
        let entries = text
            .lines()
            .map(|line| line.split('#').next().unwrap_or_default())
            .flat_map(|line| line.split([',', ' ', '\t', '\r']))
            .filter(|entry| !entry.is_empty());
        for (index, entry) in entries.enumerate() {
            let place = index + 1;
            let (id, key) =
                entry.split_once(':').ok_or_else(|| config_error(format!("entry {place} is not `id:key`")))?;
            if !is_valid_id(id) {
                return Err(config_error(format!("entry {place}: an id is 1–{ID_MAX} of A-Z a-z 0-9 - _")));
            }
            let secret = decode_secret(place, id, key)?;
            if id == LOOKUP_ID {
                if lookup.replace(secret).is_some() {
                    return Err(config_error(format!("more than one `{LOOKUP_ID}` key")));
                }
            } else if keys.iter().any(|key| key.id == id) {
                return Err(config_error(format!("two keys with the id {id}")));
            } else {
                keys.push(Key { id: id.to_owned(), secret });
            }
        }
        let lookup = lookup.ok_or_else(|| config_error(format!("no `{LOOKUP_ID}:` key for lookup hashes")))?;
        if keys.is_empty() {
            return Err(config_error("no key to seal with".into()));
        }
        Ok(Keyring { lookup, keys })
    }

    /// The text form, lookup key first, then the sealing keys, current first: what
    /// [`Keyring::parse`] reads. It holds every key: write it only to a private file.
    pub fn to_text(&self) -> Zeroizing<String> {
        use base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut text = Zeroizing::new(String::new());
        let lines =
            std::iter::once((LOOKUP_ID, &self.lookup)).chain(self.keys.iter().map(|k| (k.id.as_str(), &k.secret)));
        for (id, secret) in lines {
            let encoded = Zeroizing::new(URL_SAFE_NO_PAD.encode(secret.as_slice()));
            text.push_str(id);
            text.push(':');
            text.push_str(&encoded);
            text.push('\n');
        }
        text
    }

    /// Adds a new current key (`k<n>`, after the highest such id) and returns its id. The
    /// older keys stay, to open what they sealed; the lookup key does not change, so lookup
    /// hashes stay valid.
    pub fn rotate(&mut self) -> Result<&str, StoreError> {
        let highest =
            self.keys.iter().filter_map(|key| key.id.strip_prefix('k')?.parse::<u64>().ok()).max().unwrap_or(0);
        let id = (highest + 1..)
            .map(|n| format!("k{n}"))
            .find(|id| is_valid_id(id) && self.key(id).is_none())
            .ok_or_else(|| StoreError::PersonalData("no key id left".into()))?;
        self.keys.insert(0, Key { id, secret: random_secret()? });
        Ok(self.current_key_id())
    }

    /// The id of the key new values are sealed with.
    pub fn current_key_id(&self) -> &str {
        self.keys.first().map(|key| key.id.as_str()).unwrap_or_default()
    }

    /// Every sealing key's id, current first.
    pub fn key_ids(&self) -> Vec<&str> {
        self.keys.iter().map(|key| key.id.as_str()).collect()
    }

    pub(super) fn current(&self) -> Result<&Key, StoreError> {
        self.keys.first().ok_or_else(|| StoreError::PersonalData("the keyring has no key".into()))
    }

    pub(super) fn key(&self, id: &str) -> Option<&Key> {
        self.keys.iter().find(|key| key.id == id)
    }
}

/// Key ids only: key material must not reach a log through `{:?}`.
impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keyring").field("keys", &self.key_ids()).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key_text(byte: u8) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([byte; 32])
    }

    #[test]
    fn the_text_form_reads_back_and_names_the_current_key_first() {
        let text = format!("# keys\nlookup:{}\nk2:{}, k1:{}\n", key_text(9), key_text(2), key_text(1));
        let Ok(keyring) = Keyring::parse(&text) else { panic!("a well-formed key text reads") };
        assert_eq!((keyring.current_key_id(), keyring.key_ids()), ("k2", vec!["k2", "k1"]));
        assert_eq!(
            keyring.to_text().as_str(),
            format!("lookup:{}\nk2:{}\nk1:{}\n", key_text(9), key_text(2), key_text(1))
        );
        let standard = base64::engine::general_purpose::STANDARD.encode([1u8; 32]);
        assert!(Keyring::parse(&format!("lookup:{standard} k1:{standard}")).is_ok(), "standard base64 too");
    }

    #[test]
    fn a_broken_key_text_is_refused_without_showing_a_key() {
        let short = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([7u8; 16]);
        for text in [
            format!("k1:{}", key_text(1)),
            format!("lookup:{}", key_text(1)),
            format!("lookup:{} k1:{short}", key_text(1)),
            format!("lookup:{} k1:{} k1:{}", key_text(1), key_text(2), key_text(3)),
            format!("lookup:{} lookup:{} k1:{}", key_text(1), key_text(2), key_text(3)),
            format!("lookup:{} k:1:{}", key_text(1), key_text(2)),
            format!("lookup:{} {}", key_text(1), key_text(2)),
        ] {
            match Keyring::parse(&text) {
                Err(StoreError::Config(message)) => {
                    assert!(!message.contains(&short) && !message.contains(&key_text(2)), "{message}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn rotation_adds_a_new_current_key_and_keeps_the_others() {
        let Ok(mut keyring) = Keyring::generate() else { panic!("the system has randomness") };
        let lookup = *keyring.lookup;
        assert_eq!(keyring.rotate().ok(), Some("k2"));
        assert_eq!(keyring.key_ids(), ["k2", "k1"]);
        assert_eq!(*keyring.lookup, lookup, "lookup hashes stay valid");
        assert_ne!(*keyring.keys[0].secret, *keyring.keys[1].secret);
        assert!(!format!("{keyring:?}").contains(&keyring.to_text()[7..20]));
    }
}

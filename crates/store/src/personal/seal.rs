//! Sealing: AES-256-GCM with a random 96-bit nonce per value. The stored text is
//! `v1:<key id>:<base64url of nonce ‖ ciphertext ‖ tag>`; the associated data binds it to
//! its format, key id and purpose, so a value moved to another column, or relabelled with
//! another key id, fails to open instead of opening as something else.

use super::keyring::{is_valid_id, Key, Keyring};
use crate::StoreError;
use aes_gcm::aead::{Aead, Generate, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

/// The format of sealed values; a new format gets a new prefix so old values still open.
const FORMAT: &str = "v1";
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

fn cipher(key: &Key) -> Aes256Gcm {
    Aes256Gcm::new(&(*key.secret).into())
}

fn associated_data(key_id: &str, purpose: &str) -> Vec<u8> {
    format!("{FORMAT}:{key_id}:{purpose}").into_bytes()
}

/// The error of a value that does not open; it names the purpose, never the value.
fn unopened(purpose: &str, why: &str) -> StoreError {
    StoreError::PersonalData(format!("a value sealed for {purpose} does not open: {why}"))
}

/// The key id and body of a sealed text, when it is one.
fn parts(sealed: &str) -> Option<(&str, &str)> {
    let mut parts = sealed.splitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(FORMAT), Some(id), Some(body)) if is_valid_id(id) => Some((id, body)),
        _ => None,
    }
}

impl Keyring {
    /// `plain` sealed with the current key for `purpose`, e.g. `"team_member.phone"`: the
    /// name of the column it is stored in. Seal the normal form, so that what is opened
    /// matches what was hashed for lookups.
    pub fn seal(&self, purpose: &str, plain: &str) -> Result<String, StoreError> {
        let key = self.current()?;
        // Random nonces are safe for about 2^32 values per key; rotation starts a new count.
        let nonce = <[u8; NONCE_LEN]>::try_generate()
            .map_err(|_| StoreError::PersonalData("the system's random source failed".into()))?;
        let aad = associated_data(&key.id, purpose);
        let sealed = cipher(key)
            .encrypt(&Nonce::from(nonce), Payload { msg: plain.as_bytes(), aad: &aad })
            .map_err(|_| StoreError::PersonalData(format!("a value for {purpose} cannot be sealed")))?;
        let mut body = Vec::with_capacity(NONCE_LEN + sealed.len());
        body.extend_from_slice(&nonce);
        body.extend_from_slice(&sealed);
        Ok(format!("{FORMAT}:{}:{}", key.id, URL_SAFE_NO_PAD.encode(body)))
    }

    /// The plain value of a text [`Keyring::seal`] made for the same `purpose`, under any
    /// key of the ring. A value changed, moved from another purpose or sealed under a key
    /// the ring lacks is a [`StoreError::PersonalData`] that never holds the value.
    pub fn open(&self, purpose: &str, sealed: &str) -> Result<String, StoreError> {
        let (id, body) = parts(sealed).ok_or_else(|| unopened(purpose, "it is not a sealed value"))?;
        let key = self
            .key(id)
            .ok_or_else(|| unopened(purpose, &format!("it was sealed under the key {id}, which the keyring lacks")))?;
        let bytes = URL_SAFE_NO_PAD.decode(body).map_err(|_| unopened(purpose, "it is not a sealed value"))?;
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return Err(unopened(purpose, "it is cut short"));
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().map_err(|_| unopened(purpose, "it is cut short"))?;
        let aad = associated_data(id, purpose);
        let plain = cipher(key)
            .decrypt(&Nonce::from(nonce), Payload { msg: ciphertext, aad: &aad })
            .map_err(|_| unopened(purpose, "it was changed, or sealed for another purpose"))?;
        String::from_utf8(plain).map_err(|_| unopened(purpose, "it is not text"))
    }

    /// Whether `sealed` is under the current key; a re-encryption pass reseals the others
    /// ([`Keyring::reseal`]) so that an old key can be retired.
    pub fn is_current(&self, sealed: &str) -> bool {
        parts(sealed).is_some_and(|(id, _)| id == self.current_key_id())
    }

    /// `sealed` opened and sealed again under the current key, or `None` when it already is.
    pub fn reseal(&self, purpose: &str, sealed: &str) -> Result<Option<String>, StoreError> {
        if self.is_current(sealed) {
            return Ok(None);
        }
        let plain = zeroize::Zeroizing::new(self.open(purpose, sealed)?);
        self.seal(purpose, &plain).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHONE: &str = "team_member.phone";

    fn keyring() -> Keyring {
        Keyring::generate().unwrap_or_else(|error| panic!("{error}"))
    }

    fn refused(result: Result<String, StoreError>) -> String {
        match result {
            Err(error @ StoreError::PersonalData(_)) => error.to_string(),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn a_sealed_value_opens_to_itself_and_never_shows_it() {
        let keyring = keyring();
        let Ok(sealed) = keyring.seal(PHONE, "0912345678") else { panic!("seals") };
        assert!(sealed.starts_with("v1:k1:"), "{sealed}");
        assert!(!sealed.contains("0912345678") && !sealed.contains("678"));
        assert_eq!(keyring.open(PHONE, &sealed).ok().as_deref(), Some("0912345678"));
        let Ok(again) = keyring.seal(PHONE, "0912345678") else { panic!("seals") };
        assert_ne!(sealed, again, "a fresh nonce each time: equal values do not look equal");
        let Ok(empty) = keyring.seal(PHONE, "") else { panic!("seals") };
        assert_eq!(keyring.open(PHONE, &empty).ok().as_deref(), Some(""));
        let Ok(text) = keyring.seal("citizen.note", "Khuyết tật vận động, cần hỗ trợ") else {
            panic!("seals")
        };
        assert_eq!(keyring.open("citizen.note", &text).ok().as_deref(), Some("Khuyết tật vận động, cần hỗ trợ"));
    }

    #[test]
    fn values_sealed_before_a_rotation_still_open_and_new_ones_use_the_new_key() {
        let mut keyring = keyring();
        let Ok(old) = keyring.seal(PHONE, "0912345678") else { panic!("seals") };
        assert_eq!(keyring.rotate().ok(), Some("k2"));
        let Ok(new) = keyring.seal(PHONE, "0987654321") else { panic!("seals") };
        assert!(new.starts_with("v1:k2:") && old.starts_with("v1:k1:"));
        assert_eq!(keyring.open(PHONE, &old).ok().as_deref(), Some("0912345678"));
        assert_eq!(keyring.open(PHONE, &new).ok().as_deref(), Some("0987654321"));
        assert!(!keyring.is_current(&old) && keyring.is_current(&new));
        let Ok(Some(resealed)) = keyring.reseal(PHONE, &old) else { panic!("reseals") };
        assert!(resealed.starts_with("v1:k2:"));
        assert_eq!(keyring.open(PHONE, &resealed).ok().as_deref(), Some("0912345678"));
        assert!(matches!(keyring.reseal(PHONE, &new), Ok(None)));
        // The text form keeps both keys: a restarted server opens both.
        let Ok(reread) = Keyring::parse(&keyring.to_text()) else { panic!("reads back") };
        assert_eq!(reread.open(PHONE, &old).ok().as_deref(), Some("0912345678"));
        assert_eq!(reread.open(PHONE, &new).ok().as_deref(), Some("0987654321"));
    }

    #[test]
    fn a_changed_value_does_not_open() {
        let keyring = keyring();
        let Ok(sealed) = keyring.seal(PHONE, "0912345678") else { panic!("seals") };
        let body = sealed.trim_start_matches("v1:k1:");
        let Ok(mut bytes) = URL_SAFE_NO_PAD.decode(body) else { panic!("base64") };
        for index in [0, NONCE_LEN, bytes.len() - 1] {
            bytes[index] ^= 1;
            let changed = format!("v1:k1:{}", URL_SAFE_NO_PAD.encode(&bytes));
            bytes[index] ^= 1;
            let message = refused(keyring.open(PHONE, &changed));
            assert!(message.contains("changed") && !message.contains("0912345678"), "{message}");
        }
        let cut = &sealed[..sealed.len() - 4];
        refused(keyring.open(PHONE, cut));
        refused(keyring.open(PHONE, "v1:k1:short"));
        refused(keyring.open(PHONE, "0912345678"));
        let message = refused(keyring.open(PHONE, &sealed.replacen("v1:", "v2:", 1)));
        assert!(message.contains("not a sealed value"));
    }

    #[test]
    fn a_value_moved_to_another_purpose_or_key_label_does_not_open() {
        let mut keyring = keyring();
        let Ok(sealed) = keyring.seal(PHONE, "0912345678") else { panic!("seals") };
        let message = refused(keyring.open("citizen.phone", &sealed));
        assert!(message.contains("citizen.phone") && !message.contains("0912345678"), "{message}");
        let _ = keyring.rotate();
        let relabelled = sealed.replacen("v1:k1:", "v1:k2:", 1);
        refused(keyring.open(PHONE, &relabelled));
    }

    #[test]
    fn a_value_under_a_key_the_ring_lacks_says_which_key() {
        let Ok(sealed) = keyring().seal(PHONE, "0912345678") else { panic!("seals") };
        let message = refused(keyring().open(PHONE, &sealed));
        assert!(message.contains("changed"), "another ring's k1 is another key: {message}");
        let mut other = keyring();
        let _ = other.rotate();
        let Ok(under_k2) = other.seal(PHONE, "0912345678") else { panic!("seals") };
        let message = refused(keyring().open(PHONE, &under_k2));
        assert!(message.contains("key k2, which the keyring lacks"), "{message}");
    }
}

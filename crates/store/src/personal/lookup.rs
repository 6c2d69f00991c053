//! Lookup hashes: HMAC-SHA-256 under the lookup key, so equal values can be found without
//! opening every row, while a reader of the database alone cannot test guesses (a phone
//! number has only about 10^9 values: an unkeyed hash would be read back in minutes).

use super::keyring::Keyring;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::Sha256;

/// The purpose of the hashes [`Keyring::fingerprint`] puts in place of personal fields.
const FINGERPRINT: &str = "fingerprint";

impl Keyring {
    /// The keyed hash (64 hex digits) of `normalised` for `purpose`. Hash the normal form
    /// (`PersonalKind::normalise`), so every way of typing a value finds it. Purposes keep
    /// hash spaces apart: two columns that must match each other share a purpose (`"phone"`).
    pub fn lookup_hash(&self, purpose: &str, normalised: &str) -> String {
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(self.lookup.as_slice()) {
            Ok(mac) => mac,
            // HMAC takes keys of any length.
            Err(_) => unreachable!("HMAC refused a 32-byte key"),
        };
        // The purpose's length first: ("ab", "c") and ("a", "bc") must not hash alike.
        mac.update(&(purpose.len() as u64).to_be_bytes());
        mac.update(purpose.as_bytes());
        mac.update(normalised.as_bytes());
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }

    /// `request` as JSON with each of its top-level `personal` fields replaced by a keyed
    /// hash, for `http::create_once`: the request fingerprint it keeps is an unkeyed
    /// SHA-256, which would let a reader of the database test guesses of a phone.
    pub fn fingerprint<R: Serialize>(&self, request: &R, personal: &[&str]) -> serde_json::Value {
        let mut value = serde_json::to_value(request).unwrap_or_default();
        if let Some(fields) = value.as_object_mut() {
            for name in personal {
                if let Some(field) = fields.get_mut(*name).filter(|field| !field.is_null()) {
                    let text = match &*field {
                        serde_json::Value::String(text) => text.clone(),
                        other => other.to_string(),
                    };
                    *field = self.lookup_hash(FINGERPRINT, &text).into();
                }
            }
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    fn keyring(lookup: u8, key: u8) -> Keyring {
        let encode = |byte| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode([byte; 32]);
        Keyring::parse(&format!("lookup:{} k1:{}", encode(lookup), encode(key))).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_lookup_hash_is_stable_keyed_and_apart_per_purpose() {
        let (one, same, other) = (keyring(1, 1), keyring(1, 2), keyring(2, 1));
        let hash = one.lookup_hash("phone", "0912345678");
        assert_eq!(hash.len(), 64);
        assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(hash, one.lookup_hash("phone", "0912345678"), "stable");
        assert_eq!(hash, same.lookup_hash("phone", "0912345678"), "independent of the sealing key");
        assert_ne!(hash, other.lookup_hash("phone", "0912345678"), "keyed");
        assert_ne!(hash, one.lookup_hash("citizen_id", "0912345678"), "apart per purpose");
        assert_ne!(hash, one.lookup_hash("phone", "0912345679"));
        assert_ne!(one.lookup_hash("ab", "c"), one.lookup_hash("a", "bc"));
        let unkeyed = {
            use sha2::Digest;
            Sha256::digest("0912345678").iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        assert_ne!(hash, unkeyed);
    }

    #[test]
    fn a_fingerprint_hides_personal_fields_and_still_tells_requests_apart() {
        let keyring = keyring(1, 1);
        let request = serde_json::json!({ "name": "Lê Thị B", "phone": "0912 345 678", "note": null });
        let fingerprint = keyring.fingerprint(&request, &["phone", "note", "absent"]);
        assert_eq!(fingerprint["name"], "Lê Thị B");
        assert_eq!(fingerprint["note"], serde_json::Value::Null);
        assert!(!fingerprint.to_string().contains("345"));
        assert_eq!(fingerprint, keyring.fingerprint(&request, &["phone", "note"]));
        let other = serde_json::json!({ "name": "Lê Thị B", "phone": "0912 345 679", "note": null });
        assert_ne!(fingerprint, keyring.fingerprint(&other, &["phone"]));
    }
}

//! Access tokens: HS256 JWTs with issuer, audience, expiry and the user's session epoch.
//! Only HS256 is accepted, so `alg: none` and algorithm confusion fail verification.

use chrono::Utc;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const ISSUER: &str = "danvan";
pub const AUDIENCE: &str = "danvan-api";
/// Clock skew tolerated on `exp`, in seconds.
pub const LEEWAY: u64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
    pub jti: Uuid,
    /// The user's session epoch when the token was issued; a password reset or a
    /// deactivation moves the epoch on and so ends every earlier token.
    pub epoch: i64,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    pub access_ttl: i64,
}

impl TokenKeys {
    pub fn new(secret: &[u8], access_ttl: i64) -> Result<TokenKeys, String> {
        Ok(TokenKeys {
            encoding: EncodingKey::from_secret(secret).map_err(|e| format!("JWT secret: {e}"))?,
            decoding: DecodingKey::from_secret(secret).map_err(|e| format!("JWT secret: {e}"))?,
            access_ttl,
        })
    }

    pub fn issue(&self, user: Uuid, epoch: i64) -> Result<String, jsonwebtoken::errors::Error> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user,
            iat: now,
            exp: now + self.access_ttl,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            jti: Uuid::now_v7(),
            epoch,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    pub fn verify(&self, token: &str) -> Option<Claims> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.leeway = LEEWAY;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iat", "iss", "aud", "sub"]);
        decode::<Claims>(token, &self.decoding, &validation).ok().map(|data| data.claims)
    }
}

/// A fresh opaque refresh token: 256 random bits, URL-safe.
pub fn new_refresh_token() -> String {
    use base64::Engine;
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The secret from settings, else the one kept in `data_dir/jwt-secret` (created with
/// mode 0600 on first use). Servers behind one load balancer must share a set secret.
pub fn load_or_create_secret(configured: Option<&str>, data_dir: &std::path::Path) -> std::io::Result<Vec<u8>> {
    if let Some(secret) = configured {
        return Ok(secret.as_bytes().to_vec());
    }
    let path = data_dir.join("jwt-secret");
    match std::fs::read_to_string(&path) {
        Ok(secret) if secret.trim().len() >= 32 => return Ok(secret.trim().as_bytes().to_vec()),
        Ok(_) => {
            return Err(std::io::Error::other(format!("{} is too short; delete it to make a new one", path.display())))
        }
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        Err(_) => {}
    }
    let secret = new_refresh_token() + &new_refresh_token();
    crate::files::write_private(&path, &secret)?;
    Ok(secret.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_only_with_its_own_key() {
        let Ok(keys) = TokenKeys::new(b"0123456789abcdef0123456789abcdef", 60) else {
            panic!("a 32-byte secret makes keys");
        };
        let user = Uuid::now_v7();
        let token = keys.issue(user, 3).unwrap_or_default();
        assert_eq!(keys.verify(&token).map(|c| (c.sub, c.epoch)), Some((user, 3)));
        let other = TokenKeys::new(b"another-secret-another-secret-xx", 60);
        assert!(other.is_ok_and(|other| other.verify(&token).is_none()));
    }

    #[test]
    fn generated_secret_is_kept_private_and_reused() {
        let dir = std::env::temp_dir().join(format!("danvan-secret-{}", Uuid::now_v7()));
        let first = load_or_create_secret(None, &dir).unwrap_or_default();
        let second = load_or_create_secret(None, &dir).unwrap_or_default();
        assert!(first.len() >= 32);
        assert_eq!(first, second);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.join("jwt-secret")).map(|m| m.permissions().mode() & 0o777).unwrap_or(0);
            assert_eq!(mode, 0o600);
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}

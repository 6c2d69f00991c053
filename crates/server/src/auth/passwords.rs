//! Argon2id password hashing on the blocking pool, a few at a time: hashing is meant to
//! be slow, and unbounded it would let a burst of logins take every core.

use crate::error::ApiError;
use actix_web::web;
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use std::sync::Arc;
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    /// Verified against when the username is unknown, so both cases take as long.
    decoy_hash: Arc<String>,
}

impl Passwords {
    pub fn new(concurrent: usize) -> Result<Passwords, String> {
        let decoy = hash_now("decoy password, never valid").map_err(|e| e.to_string())?;
        Ok(Passwords { permits: Arc::new(Semaphore::new(concurrent)), decoy_hash: Arc::new(decoy) })
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        let _permit = self.permits.acquire().await.map_err(|e| ApiError::Internal(e.to_string()))?;
        web::block(move || hash_now(&password)).await?.map_err(|e| ApiError::Internal(e.to_string()))
    }

    /// Whether `password` matches `hash`; with no hash, checks the decoy and says no.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, ApiError> {
        let _permit = self.permits.acquire().await.map_err(|e| ApiError::Internal(e.to_string()))?;
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.decoy_hash.as_ref().clone());
        let matches = web::block(move || verify_now(&password, &hash)).await?;
        Ok(known && matches)
    }
}

pub fn hash_now(password: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

fn verify_now(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_and_verify() {
        let hash = hash_now("correct horse battery").unwrap_or_default();
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_now("correct horse battery", &hash));
        assert!(!verify_now("wrong horse battery", &hash));
    }
}

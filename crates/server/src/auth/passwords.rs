//! Argon2id password hashing on the blocking pool, a few at a time: hashing is meant to
//! be slow, and unbounded it would let a burst of logins take every core. The queue in
//! front of it is bounded too, in length and in waiting time, so that a flood is turned
//! away with 503 and `Retry-After` instead of making everyone wait without end.

use crate::error::ApiError;
use actix_web::web;
use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Argon2,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Semaphore, SemaphorePermit};

/// How many hashes run at once, and how long the queue before them may get.
#[derive(Debug, Clone, Copy)]
pub struct HashLimits {
    pub concurrent: usize,
    pub queued: usize,
    pub wait: Duration,
}

#[derive(Clone)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    limits: HashLimits,
    /// Verified against when the username is unknown, so both cases take as long.
    decoy_hash: Arc<String>,
}

impl Passwords {
    pub fn new(limits: HashLimits) -> Result<Passwords, String> {
        let decoy = hash_now("decoy password, never valid").map_err(|e| e.to_string())?;
        Ok(Passwords {
            permits: Arc::new(Semaphore::new(limits.concurrent)),
            waiting: Arc::new(AtomicUsize::new(0)),
            limits,
            decoy_hash: Arc::new(decoy),
        })
    }

    /// A turn to hash, or [`ApiError::Busy`] when the queue is full or the wait too long.
    async fn turn(&self) -> Result<SemaphorePermit<'_>, ApiError> {
        let busy = ApiError::Busy { retry_after: self.limits.wait.as_secs().max(1) };
        if let Ok(permit) = self.permits.try_acquire() {
            return Ok(permit);
        }
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.limits.queued {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(busy);
        }
        let waited = tokio::time::timeout(self.limits.wait, self.permits.acquire()).await;
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        match waited {
            Ok(permit) => permit.map_err(|e| ApiError::Internal(e.to_string())),
            Err(_) => Err(busy),
        }
    }

    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        let _permit = self.turn().await?;
        web::block(move || hash_now(&password)).await?.map_err(|e| ApiError::Internal(e.to_string()))
    }

    /// Whether `password` matches `hash`; with no hash, checks the decoy and says no.
    pub async fn verify(&self, password: String, hash: Option<String>) -> Result<bool, ApiError> {
        let _permit = self.turn().await?;
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

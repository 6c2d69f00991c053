//! What every request handler shares.

use crate::{
    auth::{address::Network, passwords::Passwords, throttle::LoginThrottle, tokens::TokenKeys},
    config::Config,
    database::Database,
    metrics::Metrics,
};
use danvan_store::personal::Keyring;
use std::sync::Arc;

pub struct AppState {
    /// The pool, and on SQLite the writer that commits writes in groups.
    pub db: Database,
    pub tokens: TokenKeys,
    /// The personal-data keys: handlers pass `&state.keyring` to the store functions that
    /// seal, open or hash personal data.
    pub keyring: Arc<Keyring>,
    pub passwords: Passwords,
    pub throttle: LoginThrottle,
    /// The reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<Network>,
    pub config: Arc<Config>,
    /// This server's request and error counters, served at `/metrics`.
    pub metrics: Metrics,
}

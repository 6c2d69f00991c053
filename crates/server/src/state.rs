//! What every request handler shares.

use crate::{
    auth::{passwords::Passwords, throttle::LoginThrottle, tokens::TokenKeys},
    config::Config,
};
use danvan_store::Pool;
use std::sync::Arc;

pub struct AppState {
    pub pool: Pool,
    pub tokens: TokenKeys,
    pub passwords: Passwords,
    pub throttle: LoginThrottle,
    pub config: Arc<Config>,
}

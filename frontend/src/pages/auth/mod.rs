//! Signing in: the login page. The session itself (tokens, refresh, sign-out) lives in
//! `crate::state` and `crate::api::auth`.

pub mod i18n;
pub mod login;

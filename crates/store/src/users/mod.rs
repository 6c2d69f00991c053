//! User accounts and their scope. Password hashes are made by the caller and never leave
//! this module except for verification.

mod read;
mod rows;
mod write;

pub use read::{count, credentials, get, list, password_hash, session_user, usernames, Credentials, UserFilter};
pub use write::{create, set_password, update};

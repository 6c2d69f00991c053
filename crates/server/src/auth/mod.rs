//! Authentication and authorization: access tokens, password hashing, login throttling
//! by the client's address, and the [`Caller`] extractor every protected endpoint takes.

pub mod address;
mod caller;
pub mod passwords;
pub mod throttle;
pub mod tokens;

pub use caller::{Caller, GroupManager};

//! Authentication and authorization: access tokens, password hashing, login throttling,
//! and the [`Caller`] extractor every protected endpoint takes.

mod caller;
pub mod passwords;
pub mod throttle;
pub mod tokens;

pub use caller::{Caller, GroupManager};

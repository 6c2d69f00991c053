//! Personal data at rest: citizens' IDs, phones, birth dates, health, disability.
//!
//! A module keeps such a value in two text columns:
//!
//! - `<field>_sealed`: [`Keyring::seal`] of the normal form under a purpose naming the
//!   column (`"team_member.phone"`), so a value copied to another column does not open;
//!   read back with [`Keyring::open`], then masked with `danvan_domain::personal::mask`
//!   before it goes into any answer, audit row or export;
//! - `<field>_hash`: [`Keyring::lookup_hash`] of the same normal form
//!   (`danvan_domain::personal::PersonalKind::normalise`), for exact lookups
//!   (`WHERE phone_hash = ?`) without opening every row.
//!
//! The full value leaves only through a reveal: a write (`http::write`) that opens the
//! value and records [`record_reveal`] in its transaction, so the audit row is committed
//! before the value is sent. docs/security.md ("Personal data") has the rules.
//!
//! Keys ([`Keyring`]) come from the server's settings or its data directory and are passed
//! to each store function that needs them; nothing here is global.

mod keyring;
mod lookup;
mod reveal;
mod seal;

pub use keyring::{Keyring, LOOKUP_ID};
pub use reveal::record_reveal;

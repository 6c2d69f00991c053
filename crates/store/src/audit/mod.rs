//! The append-only audit log. [`record`] is called inside each mutation's transaction;
//! the table's triggers refuse updates and deletes. Entity and action are typed
//! ([`AuditEntity`], [`AuditAction`]) and stored as their text; [`list`] adds to each entry
//! what the record is and where to see it ([`labels`]).
//!
//! [`AuditEntity`]: danvan_domain::audit::AuditEntity
//! [`AuditAction`]: danvan_domain::audit::AuditAction

mod labels;
mod read;
mod rows;
mod write;

pub use read::{list, AuditFilter};
pub use write::record;

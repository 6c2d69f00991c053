//! Refresh tokens. Only their SHA-256 is stored. Each refresh marks the presented token
//! used and issues the next one of the same family; presenting a used token again means
//! it was stolen or replayed, so the whole family is revoked.

mod rows;
mod write;

pub use rows::hash;
pub use write::{issue, logout, purge_expired, rotate, Lifetimes, Rotation};

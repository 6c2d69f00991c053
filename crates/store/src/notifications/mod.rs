//! Notifications behind the bell: written by task changes ([`notify`]) and, for
//! reminders, materialised when their owner reads them ([`materialise`]). A reminder's
//! `dedupe_key` is unique per user, so it appears once however often the bell is read.
//! Read marks are the user's own UI state and are not audited.

mod read;
mod rows;
mod write;

pub use read::{list, unread_count};
pub(crate) use rows::{Notice, ReportNotice};
pub use write::{mark_all_read, mark_read, materialise, reminders_pending};
pub(crate) use write::{notify, notify_report};

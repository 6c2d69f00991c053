//! The catalogue of the dashboard: each entry is (key, Vietnamese, English), registered in
//! [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    ("dashboard.welcome", "Xin chào", "Hello"),
    ("dashboard.users", "Người dùng", "Users"),
    ("dashboard.org_units", "Đơn vị", "Org units"),
    ("dashboard.areas", "Địa bàn", "Areas"),
    ("dashboard.open", "Xem danh sách", "Open the list"),
    ("dashboard.recent", "Hoạt động gần đây", "Recent activity"),
    ("dashboard.all_audit", "Xem toàn bộ nhật ký", "See the whole audit log"),
];

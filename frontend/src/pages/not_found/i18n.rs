//! The catalogue of the page shown for an unknown address: each entry is (key, Vietnamese,
//! English), registered in [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    ("not_found.title", "Không tìm thấy trang", "Page not found"),
    (
        "not_found.detail",
        "Địa chỉ này không tồn tại hoặc đã bị chuyển đi.",
        "This address does not exist or has moved.",
    ),
    ("not_found.home", "Về Bảng điều khiển", "Back to the dashboard"),
];

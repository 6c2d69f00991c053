//! The catalogue of the sign-in page: each entry is (key, Vietnamese, English), registered
//! in [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    ("login.title", "Đăng nhập", "Sign in"),
    ("login.subtitle", "Hệ thống công tác dân vận", "Mass mobilisation work system"),
    ("login.username", "Tên đăng nhập", "Username"),
    ("login.password", "Mật khẩu", "Password"),
    ("login.submit", "Đăng nhập", "Sign in"),
    ("login.signing_in", "Đang đăng nhập…", "Signing in…"),
    ("login.failed", "Sai tên đăng nhập hoặc mật khẩu", "Wrong username or password"),
    (
        "login.throttled",
        "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau ít phút.",
        "Too many failed attempts. Please try again in a few minutes.",
    ),
    ("login.invalid", "Vui lòng kiểm tra lại thông tin đăng nhập", "Please check your sign-in details"),
    (
        "login.expired",
        "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
        "Your session has expired. Please sign in again.",
    ),
];

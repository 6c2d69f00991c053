//! The catalogue of the accounts pages, and the roles in words: each entry is (key,
//! Vietnamese, English), registered in [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    // Roles
    ("role.admin", "Quản trị hệ thống", "Administrator"),
    ("role.leader", "Lãnh đạo Ban", "Commission leader"),
    ("role.group_head", "Tổ trưởng Tổ công tác", "Working group head"),
    ("role.standing_unit", "Đơn vị thường trực", "Standing unit"),
    ("role.member", "Thành viên Tổ công tác", "Working group member"),
    ("role.office", "Văn phòng", "Office"),
    ("role.regional_office", "Cơ quan thường trực khu vực", "Regional office"),
    ("role.unit_officer", "Cán bộ đơn vị", "Unit officer"),
    ("role.viewer", "Chỉ xem", "Viewer"),
    // Users
    ("users.new", "Tạo người dùng", "New user"),
    ("users.edit", "Thông tin người dùng", "User details"),
    ("users.search", "Tìm người dùng", "Search users"),
    ("users.search_hint", "Tên đăng nhập hoặc họ tên", "Username or name"),
    ("users.created", "Đã tạo người dùng", "User created"),
    ("users.saved", "Đã lưu thay đổi", "Changes saved"),
    ("users.deactivated", "Đã vô hiệu hóa tài khoản", "Account deactivated"),
    ("users.activated", "Đã kích hoạt lại tài khoản", "Account reactivated"),
    ("users.password_reset", "Đã đặt lại mật khẩu", "Password reset"),
    ("user.username", "Tên đăng nhập", "Username"),
    (
        "user.username_hint",
        "3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang",
        "3–64 characters: lower-case letters, digits, '.', '_' or '-'",
    ),
    ("user.display_name", "Họ và tên", "Full name"),
    ("user.email", "Thư điện tử", "E-mail"),
    ("user.role", "Vai trò", "Role"),
    ("user.org_unit", "Đơn vị", "Org unit"),
    ("user.no_org_unit", "— Không thuộc đơn vị nào —", "— No org unit —"),
    ("user.password", "Mật khẩu", "Password"),
    ("user.password_hint", "Ít nhất 10 ký tự", "At least 10 characters"),
    ("user.new_password", "Mật khẩu mới", "New password"),
    ("user.status", "Trạng thái", "Status"),
    ("user.active", "Đang hoạt động", "Active"),
    ("user.inactive", "Đã vô hiệu hóa", "Deactivated"),
];

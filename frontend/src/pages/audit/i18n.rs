//! The catalogue of the audit log, and its actions and entities in words: each entry is
//! (key, Vietnamese, English), registered in [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    ("audit.filters", "Bộ lọc nhật ký", "Audit log filters"),
    ("audit.at", "Thời điểm", "When"),
    ("audit.actor", "Người thực hiện", "Who"),
    ("audit.anyone", "— Tất cả —", "— Anyone —"),
    ("audit.system", "Hệ thống", "System"),
    ("audit.action", "Thao tác", "Action"),
    ("audit.entity", "Đối tượng", "Entity"),
    ("audit.entity_id", "Mã đối tượng", "Entity id"),
    ("audit.from", "Từ ngày", "From"),
    ("audit.to", "Đến ngày", "To"),
    ("audit.changes", "Chi tiết", "Details"),
    ("audit.before", "Trước", "Before"),
    ("audit.after", "Sau", "After"),
    ("audit.request_id", "Mã yêu cầu", "Request id"),
    ("audit.action.create", "Tạo mới", "Create"),
    ("audit.action.update", "Cập nhật", "Update"),
    ("audit.action.delete", "Xóa", "Delete"),
    ("audit.action.login", "Đăng nhập", "Sign in"),
    ("audit.action.logout", "Đăng xuất", "Sign out"),
    ("audit.action.activate", "Kích hoạt lại", "Reactivate"),
    ("audit.action.deactivate", "Vô hiệu hóa", "Deactivate"),
    ("audit.action.revoke_sessions", "Thu hồi phiên đăng nhập", "Revoke sessions"),
    ("audit.action.import", "Nạp dữ liệu", "Import"),
    ("audit.action.reset_password", "Đặt lại mật khẩu", "Password reset"),
    ("audit.action.change_password", "Đổi mật khẩu", "Password change"),
    ("audit.entity.user", "Người dùng", "User"),
    ("audit.entity.org_unit", "Đơn vị", "Org unit"),
    ("audit.entity.area_group", "Vùng phụ trách", "Area group"),
    ("audit.entity.session", "Phiên đăng nhập", "Session"),
    ("audit.entity.area", "Địa bàn", "Area"),
];

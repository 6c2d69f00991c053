//! The catalogue of the audit log, and its actions and entities in words: each entry is
//! (key, Vietnamese, English), registered in [`crate::i18n`]. Every `AuditEntity` has
//! `audit.entity.<code>` and every `AuditAction` `audit.action.<code>` (a test in
//! [`super::model`] checks).

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    ("audit.filters", "Bộ lọc nhật ký", "Audit log filters"),
    ("audit.at", "Thời điểm", "When"),
    ("audit.actor", "Người thực hiện", "Who"),
    ("audit.anyone", "— Tất cả —", "— Anyone —"),
    ("audit.any", "— Tất cả —", "— Any —"),
    ("audit.system", "Hệ thống", "System"),
    ("audit.action", "Thao tác", "Action"),
    ("audit.entity", "Đối tượng", "Entity"),
    ("audit.record", "Bản ghi", "Record"),
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
    ("audit.action.login_failed", "Đăng nhập không thành công", "Failed sign-in"),
    ("audit.action.logout", "Đăng xuất", "Sign out"),
    ("audit.action.activate", "Kích hoạt lại", "Reactivate"),
    ("audit.action.deactivate", "Vô hiệu hóa", "Deactivate"),
    ("audit.action.revoke_sessions", "Thu hồi phiên đăng nhập", "Revoke sessions"),
    ("audit.action.import", "Nạp dữ liệu", "Import"),
    ("audit.action.reset_password", "Đặt lại mật khẩu", "Password reset"),
    ("audit.action.change_password", "Đổi mật khẩu", "Password change"),
    ("audit.action.change", "Điều chỉnh", "Change"),
    ("audit.action.end", "Kết thúc", "End"),
    ("audit.action.transition", "Chuyển trạng thái", "Status change"),
    ("audit.entity.user", "Người dùng", "User"),
    ("audit.entity.session", "Phiên đăng nhập", "Session"),
    ("audit.entity.org_unit", "Đơn vị", "Org unit"),
    ("audit.entity.area", "Địa bàn", "Area"),
    ("audit.entity.area_group", "Vùng phụ trách", "Area group"),
    ("audit.entity.catalog_entry", "Mục danh mục", "Catalogue entry"),
    ("audit.entity.plan", "Kế hoạch", "Plan"),
    ("audit.entity.plan_item", "Nội dung kế hoạch", "Plan section"),
    ("audit.entity.working_group", "Tổ công tác", "Working group"),
    ("audit.entity.membership", "Thành viên tổ", "Group membership"),
    ("audit.entity.assignment", "Phân công", "Assignment"),
    ("audit.entity.task", "Nhiệm vụ", "Task"),
    ("audit.entity.task_event", "Diễn biến nhiệm vụ", "Task activity"),
];

//! The catalogue of the plans pages: each entry is (key, Vietnamese, English), registered
//! in [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    ("plans.title", "Tiêu đề", "Title"),
    ("plans.number", "Số hiệu", "Number"),
    ("plans.number_hint", "Ví dụ: 16-KH/BDVTW", "For example 16-KH/BDVTW"),
    ("plans.issuing_body", "Cơ quan ban hành", "Issued by"),
    ("plans.issued_on", "Ngày ban hành", "Issued on"),
    ("plans.basis", "Căn cứ", "Based on"),
    ("plans.basis_hint", "Mỗi văn bản căn cứ một dòng", "One basis document per line"),
    ("plans.status", "Trạng thái", "Status"),
    ("plans.status.draft", "Dự thảo", "Draft"),
    ("plans.status.in_force", "Đang thực hiện", "In force"),
    ("plans.status.closed", "Đã kết thúc", "Closed"),
    ("plans.change_status", "Đổi trạng thái", "Change status"),
    ("plans.new", "Thêm kế hoạch", "New plan"),
    ("plans.none", "Chưa có kế hoạch nào", "No plans yet"),
    ("plans.created", "Đã tạo kế hoạch", "Plan created"),
    ("plans.saved", "Đã lưu kế hoạch", "Plan saved"),
    ("plans.items", "Nội dung kế hoạch", "Plan items"),
    ("plans.no_items", "Kế hoạch chưa có mục nào", "The plan has no items yet"),
    ("plans.item_number", "Số mục", "Item number"),
    ("plans.item_number_hint", "Ví dụ: I, II.3, III.2.a", "For example I, II.3, III.2.a"),
    ("plans.item_title", "Tiêu đề mục", "Item title"),
    ("plans.item_body", "Nội dung", "Text"),
    ("plans.item_show_body", "Xem nội dung", "Show text"),
    ("plans.item_add_top", "Thêm mục", "Add an item"),
    ("plans.item_add_child", "Thêm mục con", "Add a sub-item"),
    ("plans.item_add_under", "Thêm mục con của", "Add a sub-item under"),
    ("plans.item_edit", "Sửa mục", "Edit item"),
    ("plans.item_created", "Đã thêm mục", "Item added"),
    ("plans.item_saved", "Đã lưu mục", "Item saved"),
    ("plans.item_tasks", "Nhiệm vụ của mục", "Tasks of this item"),
    ("plans.item_assign", "Giao nhiệm vụ", "Assign a task"),
    ("plans.progress", "Tiến độ", "Progress"),
    ("plans.progress_done", "hoàn thành", "done"),
    ("plans.progress_overdue", "quá hạn", "overdue"),
    ("plans.progress_none", "Chưa có nhiệm vụ", "No tasks yet"),
    ("plans.plan", "Kế hoạch", "Plan"),
];

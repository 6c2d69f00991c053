//! The catalogue of the notifications page and bell: each entry is (key, Vietnamese,
//! English), registered in [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    ("notifications.assigned", "Bạn được giao nhiệm vụ “{task}”", "You were assigned “{task}”"),
    ("notifications.status_changed", "Nhiệm vụ “{task}” chuyển sang {status}", "“{task}” moved to {status}"),
    ("notifications.due_tomorrow", "Nhiệm vụ “{task}” đến hạn ngày mai ({date})", "“{task}” is due tomorrow ({date})"),
    ("notifications.overdue", "Nhiệm vụ “{task}” đã quá hạn", "“{task}” is overdue"),
    (
        "notifications.model_to_evaluate",
        "Mô hình “{model}” đang chờ Văn phòng đánh giá",
        "The model “{model}” waits for the Office's evaluation",
    ),
    (
        "notifications.model_to_decide",
        "Mô hình “{model}” đang chờ đồng chí quyết định",
        "The model “{model}” waits for your decision",
    ),
    (
        "notifications.model_needs_evidence",
        "Mô hình “{model}” được trả lại để bổ sung minh chứng",
        "The model “{model}” was sent back for more evidence",
    ),
    (
        "notifications.model_waiting",
        "Mô hình “{model}” đang chờ xử lý ({model_status})",
        "The model “{model}” waits for you ({model_status})",
    ),
    ("notifications.by", " · bởi {name}", " · by {name}"),
    (
        "notifications.report_due",
        "Báo cáo “{report}” kỳ {period} đến hạn ngày {date}",
        "Your report “{report}” for {period} is due on {date}",
    ),
    (
        "notifications.report_overdue",
        "Báo cáo “{report}” kỳ {period} đã quá hạn ({date})",
        "Your report “{report}” for {period} is overdue (due {date})",
    ),
    (
        "notifications.report_returned",
        "Báo cáo “{report}” kỳ {period} bị trả lại để bổ sung",
        "Your report “{report}” for {period} was sent back",
    ),
    ("notifications.report_urgent", "Có báo cáo đột xuất mới: “{report}”", "A new urgent report: “{report}”"),
    ("notifications.unread", "Chưa đọc", "Unread"),
    ("notifications.unread_only", "Chỉ hiện thông báo chưa đọc", "Only unread notifications"),
    ("notifications.read_all", "Đánh dấu đã đọc tất cả", "Mark all as read"),
    ("notifications.all_read", "Đã đánh dấu đọc tất cả", "All notifications marked as read"),
    ("notifications.none", "Không có thông báo", "No notifications"),
    ("notifications.none_unread", "không có thông báo mới", "nothing new"),
    ("notifications.unread_count", "{n} chưa đọc", "{n} unread"),
    ("notifications.title", "Thông báo", "Notifications"),
];

//! The catalogue of the working groups list and roster, and the positions in words: each
//! entry is (key, Vietnamese, English), registered in [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    ("working_groups.name", "Tên tổ", "Name"),
    ("working_groups.plan", "Kế hoạch", "Plan"),
    ("working_groups.head", "Tổ trưởng", "Head"),
    ("working_groups.no_head", "Chưa có tổ trưởng", "No head"),
    ("working_groups.member_count", "Số thành viên", "Members"),
    ("working_groups.open_matrix", "Bảng phân công", "Assignment matrix"),
    ("working_groups.new", "Thêm tổ công tác", "New working group"),
    ("working_groups.created", "Đã tạo tổ công tác", "Working group created"),
    ("working_groups.none", "Chưa có tổ công tác nào", "No working groups yet"),
    ("working_groups.member", "Thành viên", "Member"),
    ("working_groups.position", "Chức danh", "Position"),
    ("working_groups.position.head", "Tổ trưởng", "Head"),
    ("working_groups.position.deputy", "Tổ phó", "Deputy head"),
    ("working_groups.position.member", "Thành viên", "Member"),
    ("working_groups.position.secretary", "Thư ký", "Secretary"),
    ("working_groups.org_unit", "Đơn vị", "Org unit"),
    ("working_groups.joined_on", "Ngày vào tổ", "Joined on"),
    ("working_groups.left_on", "Ngày rời tổ", "Left on"),
    ("working_groups.actions", "Thao tác", "Actions"),
    ("working_groups.show_former", "Hiện cả thành viên đã rời tổ", "Show former members"),
    ("working_groups.no_members", "Tổ chưa có thành viên", "The group has no members"),
    ("working_groups.add_member", "Thêm thành viên", "Add a member"),
    ("working_groups.find_user", "Tìm người dùng", "Find a user"),
    ("working_groups.member_added", "Đã thêm thành viên", "Member added"),
    ("working_groups.member_saved", "Đã lưu thay đổi", "Change saved"),
    ("working_groups.change_position", "Đổi chức danh", "Change position"),
    ("working_groups.record_leaving", "Ghi ngày rời tổ", "Record leaving"),
    (
        "working_groups.read_only",
        "Chỉ tổ trưởng hoặc quản trị viên được thay đổi danh sách tổ.",
        "Only the group's head or an administrator can change the roster.",
    ),
    ("working_groups.roster", "Danh sách tổ công tác", "Working group roster"),
];

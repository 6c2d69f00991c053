//! The catalogue of the org units page, and the kinds of unit in words: each entry is (key,
//! Vietnamese, English), registered in [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    ("org_units.new", "Tạo đơn vị", "New org unit"),
    ("org_units.pick", "Chọn một đơn vị trong cây để xem hoặc sửa.", "Pick a unit in the tree to see or edit it."),
    ("org_units.no_parent", "— Cấp cao nhất —", "— Top level —"),
    ("org_units.created", "Đã tạo đơn vị", "Org unit created"),
    ("org_units.saved", "Đã lưu đơn vị", "Org unit saved"),
    ("org_unit.code", "Mã", "Code"),
    (
        "org_unit.code_hint",
        "1–32 ký tự: chữ không dấu, số, gạch dưới, gạch ngang",
        "1–32 characters: letters, digits, '_' or '-'",
    ),
    ("org_unit.name", "Tên đơn vị", "Name"),
    ("org_unit.kind", "Loại", "Kind"),
    ("org_unit.parent", "Đơn vị cấp trên", "Parent unit"),
    ("org_kind.commission", "Ban", "Commission"),
    ("org_kind.department", "Vụ", "Department"),
    ("org_kind.office", "Văn phòng", "Office"),
    ("org_kind.association", "Đoàn thể", "Association"),
    ("org_kind.standing_office", "Cơ quan thường trực", "Standing office"),
    ("org_kind.other", "Khác", "Other"),
];

//! The catalogue of the areas and area groups pages, and levels, regions and kinds of group
//! in words: each entry is (key, Vietnamese, English), registered in [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    // Areas
    ("areas.layout", "Phân cấp", "Layout"),
    ("areas.tree", "Cây địa bàn", "Area tree"),
    ("areas.search", "Tìm địa bàn", "Search areas"),
    ("areas.search_hint", "Gõ tên, có thể không dấu: ha noi", "Type a name, diacritics optional: ha noi"),
    ("areas.no_match", "Không tìm thấy địa bàn phù hợp", "No matching area"),
    ("areas.pick", "Chọn một địa bàn để xem chi tiết.", "Pick an area to see its details."),
    ("areas.expand", "Mở", "Expand"),
    ("areas.collapse", "Thu gọn", "Collapse"),
    ("area.code", "Mã", "Code"),
    ("area.kind", "Loại hình", "Kind"),
    ("area.level", "Cấp", "Level"),
    ("area.region", "Vùng", "Region"),
    ("area.coordinates", "Tọa độ", "Coordinates"),
    ("area.children", "Số đơn vị trực thuộc", "Areas below"),
    ("level.province", "Tỉnh/Thành phố", "Province"),
    ("level.district", "Quận/Huyện", "District"),
    ("level.commune", "Xã/Phường", "Commune"),
    ("level.plural.province", "tỉnh/thành", "provinces"),
    ("level.plural.district", "quận/huyện", "districts"),
    ("level.plural.commune", "xã/phường", "communes"),
    ("region.north", "Miền Bắc", "North"),
    ("region.central", "Miền Trung", "Central"),
    ("region.highlands", "Tây Nguyên", "Central Highlands"),
    ("region.south", "Miền Nam", "South"),
    // Area groups
    ("area_groups.edit", "Vùng/Khu vực phụ trách", "Area group"),
    ("area_groups.saved", "Đã lưu vùng phụ trách", "Area group saved"),
    ("area_group.code", "Mã", "Code"),
    ("area_group.name", "Tên", "Name"),
    ("area_group.kind", "Loại", "Kind"),
    ("area_group.provinces", "Số tỉnh", "Provinces"),
    ("area_group.coverage", "Các tỉnh/thành phố thuộc vùng", "Provinces in the group"),
    ("area_group.filter", "Lọc tỉnh/thành phố", "Filter provinces"),
    ("area_group.chosen", "Đã chọn", "Chosen"),
    ("group_kind.region", "Vùng", "Region"),
    ("group_kind.coverage", "Địa bàn phụ trách", "Coverage"),
    ("group_kind.custom", "Tùy chỉnh", "Custom"),
];

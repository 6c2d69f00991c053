//! The catalogue of the charts ([`super`]) and of the map of Vietnam
//! ([`crate::components::vietnam_map`]): each entry is (key, Vietnamese, English),
//! registered in [`crate::i18n`].

use crate::i18n::Entry;

/// This module's entries.
pub const ENTRIES: &[Entry] = &[
    // Charts
    ("chart.empty", "Chưa có số liệu để vẽ biểu đồ", "No figures to chart yet"),
    ("chart.no_data", "Chưa có số liệu", "No figures yet"),
    ("chart.adopted", "Áp dụng", "Adopted"),
    ("chart.show_data", "Xem bảng số liệu", "Show the figures"),
    ("chart.month", "Tháng", "Month"),
    ("chart.latest", "mới nhất", "latest"),
    ("chart.trend_up", "tăng", "up"),
    ("chart.trend_down", "giảm", "down"),
    ("chart.trend_flat", "không đổi", "unchanged"),
    ("chart.range", "thấp nhất {min}, cao nhất {max}", "lowest {min}, highest {max}"),
    (
        "chart.bar_legend",
        "Thanh: điểm trung bình; vạch ngang: từ thấp nhất đến cao nhất",
        "Bar: the average; line: from the lowest to the highest",
    ),
    ("chart.scale", "Thang đo 0–{max}", "Scale 0–{max}"),
    // The map of Vietnam
    (
        "map.label",
        "Bản đồ Việt Nam: số tổ và mô hình theo tỉnh, thành phố",
        "Map of Vietnam: teams and models by province",
    ),
    ("map.hoang_sa", "Quần đảo Hoàng Sa", "Hoang Sa (Paracel) Islands"),
    ("map.truong_sa", "Quần đảo Trường Sa", "Truong Sa (Spratly) Islands"),
    ("map.east_sea", "Biển Đông", "East Sea"),
    ("map.teams", "{n} tổ", "{n} teams"),
    ("map.teams_one", "{n} tổ", "{n} team"),
    ("map.models", "{n} mô hình", "{n} models"),
    ("map.models_one", "{n} mô hình", "{n} model"),
    ("map.legend_teams", "Tổ: vòng tròn càng lớn, càng nhiều tổ", "Teams: the larger the circle, the more teams"),
    ("map.legend_models", "Mô hình: vòng tròn vàng bên trong", "Models: the gold circle inside"),
    ("map.legend_none", "Chưa có tổ", "No team yet"),
    ("map.clear", "Bỏ chọn", "Clear selection"),
    (
        "map.no_coordinates",
        "{n} tỉnh, thành phố chưa có tọa độ nên không hiện trên bản đồ",
        "{n} provinces have no coordinates and are not on the map",
    ),
];

//! The areas' pure logic, tested natively: levels and kinds of group in words, an area's
//! coordinates, and the province filter of the area group editor (diacritics ignored).

use crate::{
    i18n::{t, Lang},
    text::fold,
};
use danvan_domain::area::{Area, AreaGroup};

/// An area's level in words.
pub fn level_name(lang: Lang, area: &Area) -> &'static str {
    t(lang, &format!("level.{}", area.level.as_str()))
}

/// Coordinates as `lat, lon` with five decimals, if known.
pub fn coordinates(area: &Area) -> Option<String> {
    Some(format!("{:.5}, {:.5}", area.latitude?, area.longitude?))
}

/// An area group's kind in words.
pub fn kind_name(lang: Lang, group: &AreaGroup) -> &'static str {
    t(lang, &format!("group_kind.{}", group.kind.as_str()))
}

/// The provinces whose name matches `filter`, ignoring case and diacritics.
pub fn matching<'a>(provinces: &'a [Area], filter: &str) -> Vec<&'a Area> {
    let wanted = fold(filter);
    provinces.iter().filter(|area| wanted.is_empty() || fold(&area.name).contains(&wanted)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use danvan_domain::area::{AreaLevel, Layout};
    use uuid::Uuid;

    #[test]
    fn coordinates_need_both_values() {
        let mut area = Area {
            id: Uuid::nil(),
            layout: Layout::L2025,
            level: AreaLevel::Province,
            code: "01".into(),
            name: "Thành phố Hà Nội".into(),
            kind: Some("Thành phố".into()),
            parent_id: None,
            latitude: Some(21.028511),
            longitude: Some(105.804817),
            region: None,
            child_count: 126,
        };
        assert_eq!(coordinates(&area).as_deref(), Some("21.02851, 105.80482"));
        area.longitude = None;
        assert_eq!(coordinates(&area), None);
        assert_eq!(level_name(Lang::Vi, &area), "Tỉnh/Thành phố");
    }

    fn province(name: &str) -> Area {
        Area {
            id: Uuid::from_u128(name.len() as u128),
            layout: Layout::L2025,
            level: AreaLevel::Province,
            code: "01".into(),
            name: name.into(),
            kind: None,
            parent_id: None,
            latitude: None,
            longitude: None,
            region: None,
            child_count: 0,
        }
    }

    #[test]
    fn the_province_filter_ignores_diacritics_and_case() {
        let provinces = vec![province("Thành phố Hà Nội"), province("Tỉnh Đắk Lắk"), province("Tỉnh Hà Tĩnh")];
        let names =
            |filter: &str| matching(&provinces, filter).into_iter().map(|a| a.name.as_str()).collect::<Vec<_>>();
        assert_eq!(names("ha noi"), ["Thành phố Hà Nội"]);
        assert_eq!(names("DAK"), ["Tỉnh Đắk Lắk"]);
        assert_eq!(names(" "), ["Thành phố Hà Nội", "Tỉnh Đắk Lắk", "Tỉnh Hà Tĩnh"]);
        assert_eq!(names("hà"), ["Thành phố Hà Nội", "Tỉnh Hà Tĩnh"]);
    }
}

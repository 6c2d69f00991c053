//! The map of Vietnam's pure side: the projection the generated outline was drawn with
//! ([`super::vietnam_outline`]), the places of the Hoàng Sa and Trường Sa archipelagos, the
//! size of a province's marker, and the order markers are drawn in. No components: the
//! tests run natively.

use super::vietnam_outline::{COS_MEAN_LATITUDE, EAST, NORTH, SCALE, SOUTH, WEST};

/// How much a degree of longitude is shortened: the cosine of the drawing's mean latitude,
/// as the generator computed it (so the app needs no `cos`).
fn longitude_factor() -> f64 {
    COS_MEAN_LATITUDE
}

/// The viewBox's width and height.
pub fn view_size() -> (f64, f64) {
    ((EAST - WEST) * longitude_factor() * SCALE, (NORTH - SOUTH) * SCALE)
}

/// A point in degrees to viewBox coordinates (x to the east, y downwards).
pub fn project(latitude: f64, longitude: f64) -> (f64, f64) {
    ((longitude - WEST) * longitude_factor() * SCALE, (NORTH - latitude) * SCALE)
}

/// Whether a point in degrees lies inside the drawing.
pub fn inside(latitude: f64, longitude: f64) -> bool {
    (SOUTH..=NORTH).contains(&latitude) && (WEST..=EAST).contains(&longitude)
}

/// The largest marker's radius, in viewBox units (about 9 px on a 360 px screen).
pub const MAX_RADIUS: f64 = 12.0;
/// The smallest radius of a marker with at least one of what it counts.
pub const MIN_RADIUS: f64 = 3.0;
/// The radius of a province that has nothing to count yet.
pub const EMPTY_RADIUS: f64 = 2.5;
/// The radius of the area a click or a tap reaches, at the least.
pub const HIT_RADIUS: f64 = 9.0;

/// A marker's radius for `count` when the largest count on the map is `largest`: its area
/// grows with the count (the radius with its square root), never below [`MIN_RADIUS`].
/// Zero gives zero.
pub fn radius(count: u32, largest: u32) -> f64 {
    if count == 0 {
        return 0.0;
    }
    let largest = largest.max(count);
    (MAX_RADIUS * (f64::from(count) / f64::from(largest)).sqrt()).max(MIN_RADIUS)
}

/// The order to draw markers in, given each one's size: largest first, so that smaller
/// markers stay on top and reachable; the selected one (if any) last of all.
pub fn draw_order(sizes: &[u32], selected: Option<usize>) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::with_capacity(sizes.len());
    // An insertion sort, stable: a few dozen provinces, and no sort's code in the wasm.
    for index in (0..sizes.len()).filter(|&i| Some(i) != selected) {
        let at = order.iter().position(|&other| sizes[other] < sizes[index]).unwrap_or(order.len());
        order.insert(at, index);
    }
    order.extend(selected.filter(|&i| i < sizes.len()));
    order
}

/// One of the two archipelagos: its islands (drawn as dots), where its label goes (the
/// middle of its first line) and the catalogue key of its name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Archipelago {
    pub key: &'static str,
    /// (latitude, longitude) of some of its islands.
    pub islands: &'static [(f64, f64)],
    pub label_at: (f64, f64),
}

/// Hoàng Sa (Paracel) and Trường Sa (Spratly), with a few of their islands each.
pub const ARCHIPELAGOS: [Archipelago; 2] = [
    Archipelago {
        key: "map.hoang_sa",
        islands: &[
            (16.83, 112.34), // Phú Lâm
            (16.67, 112.73), // Linh Côn
            (16.53, 111.61), // Hoàng Sa
            (16.45, 111.71), // Quang Hòa
            (15.78, 111.20), // Tri Tôn
            (16.98, 112.27), // Cây
        ],
        label_at: (17.5, 112.0),
    },
    Archipelago {
        key: "map.truong_sa",
        islands: &[
            (11.43, 114.33), // Song Tử Tây
            (11.05, 114.28), // Thị Tứ
            (10.67, 114.42), // Loại Ta
            (10.38, 114.36), // Ba Bình
            (10.18, 114.36), // Nam Yết
            (9.88, 114.33),  // Sinh Tồn
            (8.64, 111.92),  // Trường Sa
            (7.87, 112.92),  // An Bang
            (8.85, 112.85),  // Phan Vinh
        ],
        label_at: (12.55, 113.9),
    },
];

/// Where the name of the sea goes, (latitude, longitude).
pub const EAST_SEA_AT: (f64, f64) = (14.4, 113.6);

/// `text` in lines of at most `width` characters, broken between words (a longer word
/// stands alone on its line).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The provinces of one of the area files: (name, latitude, longitude).
    fn provinces(file: &str) -> Vec<(String, f64, f64)> {
        let path = format!("{}/../data/areas/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        text.lines()
            .skip(1)
            .map(|line| line.split(',').collect::<Vec<_>>())
            .filter(|fields| fields.get(2) == Some(&"province"))
            .filter_map(|fields| Some((fields[3].to_owned(), fields[5].parse().ok()?, fields[6].parse().ok()?)))
            .collect()
    }

    #[test]
    fn north_is_up_and_east_is_right() {
        let ha_noi = project(21.03, 105.83);
        let ho_chi_minh = project(10.78, 106.70);
        assert!(ha_noi.1 < ho_chi_minh.1, "Hà Nội {ha_noi:?} is drawn above Hồ Chí Minh City {ho_chi_minh:?}");
        assert!(ha_noi.0 < ho_chi_minh.0);
        let da_nang = project(16.05, 108.2);
        assert!(ha_noi.1 < da_nang.1 && da_nang.1 < ho_chi_minh.1);
    }

    #[test]
    fn the_projection_spans_the_view_box() {
        assert!((COS_MEAN_LATITUDE - ((SOUTH + NORTH) / 2.0).to_radians().cos()).abs() < 1e-12);
        let (width, height) = view_size();
        assert_eq!(project(NORTH, WEST), (0.0, 0.0));
        let (x, y) = project(SOUTH, EAST);
        assert!((x - width).abs() < 1e-9 && (y - height).abs() < 1e-9);
        // A degree of longitude is shorter than one of latitude, by the cosine of the mean latitude.
        let (x1, _) = project(15.0, 106.0);
        let (x2, _) = project(15.0, 107.0);
        assert!((x2 - x1) < SCALE && (x2 - x1) > 0.9 * SCALE);
    }

    #[test]
    fn every_province_of_both_layouts_is_inside_the_drawing() {
        for (file, count) in [("areas_2021.csv", 63), ("areas_2025.csv", 34)] {
            let provinces = provinces(file);
            assert_eq!(provinces.len(), count, "{file}");
            let (width, height) = view_size();
            for (name, latitude, longitude) in provinces {
                assert!(inside(latitude, longitude), "{name} ({latitude}, {longitude}) in {file}");
                let (x, y) = project(latitude, longitude);
                assert!((0.0..=width).contains(&x) && (0.0..=height).contains(&y), "{name}");
            }
        }
    }

    #[test]
    fn the_archipelagos_and_their_labels_are_inside_the_drawing() {
        for archipelago in ARCHIPELAGOS {
            assert!(!archipelago.islands.is_empty());
            for &(latitude, longitude) in archipelago.islands.iter().chain([&archipelago.label_at]) {
                assert!(inside(latitude, longitude), "{} ({latitude}, {longitude})", archipelago.key);
            }
        }
        // Hoàng Sa lies north of Trường Sa, both east of the mainland's coast.
        let [hoang_sa, truong_sa] = ARCHIPELAGOS;
        assert!(hoang_sa.label_at.0 > truong_sa.label_at.0);
        assert!(hoang_sa.islands.iter().chain(truong_sa.islands).all(|&(_, longitude)| longitude > 110.0));
        assert!(inside(EAST_SEA_AT.0, EAST_SEA_AT.1));
    }

    #[test]
    fn the_outline_stays_inside_the_view_box() {
        let (width, height) = view_size();
        let path = super::super::vietnam_outline::PATH;
        assert!(path.starts_with('M') && path.ends_with('z'));
        // The absolute moves start each ring; everything else is relative.
        for ring in path.split('M').skip(1) {
            let (start, steps) = ring.split_once('l').unwrap_or((ring, ""));
            let start: Vec<f64> = start.split(' ').filter_map(|n| n.parse().ok()).collect();
            let (mut x, mut y) = (start[0], start[1]);
            let numbers: Vec<f64> = steps
                .trim_end_matches('z')
                .replace('-', " -")
                .split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect();
            assert_eq!(numbers.len() % 2, 0);
            for step in numbers.chunks(2) {
                x += step[0];
                y += step[1];
                assert!((-0.1..=width + 0.1).contains(&x) && (-0.1..=height + 0.1).contains(&y), "({x}, {y})");
            }
        }
        assert!(path.len() < 4096, "the outline should stay small: {} bytes", path.len());
    }

    #[test]
    fn marker_areas_grow_with_the_count() {
        assert_eq!(radius(0, 10), 0.0);
        assert_eq!(radius(10, 10), MAX_RADIUS);
        // Four times the count, twice the radius.
        assert!((radius(25, 100) * 2.0 - radius(100, 100)).abs() < 1e-9);
        assert_eq!(radius(1, 1000), MIN_RADIUS);
        assert!(radius(3, 10) < radius(4, 10));
        // A count above the stated largest is drawn as the largest.
        assert_eq!(radius(20, 10), MAX_RADIUS);
        assert_eq!(radius(1, 0), MAX_RADIUS);
    }

    #[test]
    fn large_markers_are_drawn_first_and_the_selected_last() {
        assert_eq!(draw_order(&[1, 5, 3, 5], None), [1, 3, 2, 0]);
        assert_eq!(draw_order(&[1, 5, 3], Some(1)), [2, 0, 1]);
        assert_eq!(draw_order(&[1, 5], Some(7)), [1, 0]);
        assert!(draw_order(&[], None).is_empty());
    }

    #[test]
    fn labels_wrap_between_words() {
        assert_eq!(wrap("Quần đảo Hoàng Sa", 12), ["Quần đảo", "Hoàng Sa"]);
        assert_eq!(wrap("Quần đảo Trường Sa", 20), ["Quần đảo Trường Sa"]);
        assert_eq!(wrap("Hoang Sa (Paracel) Islands", 18), ["Hoang Sa (Paracel)", "Islands"]);
        assert_eq!(wrap("Supercalifragilistic word", 5), ["Supercalifragilistic", "word"]);
        assert!(wrap("  ", 5).is_empty());
    }
}

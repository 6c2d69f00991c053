//! The dashboard's pure logic, tested natively: the area totals per layout and level.

use danvan_domain::area::{AreaCount, AreaLevel, Layout};

/// Areas of `layout` at `level` (all levels when `None`).
pub fn area_total(counts: &[AreaCount], layout: Layout, level: Option<AreaLevel>) -> i64 {
    counts.iter().filter(|c| c.layout == layout && level.is_none_or(|l| c.level == l)).map(|c| c.count).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn area_totals_add_up_per_layout_and_level() {
        let count = |layout, level, count| AreaCount { layout, level, count };
        let counts = vec![
            count(Layout::L2021, AreaLevel::Province, 63),
            count(Layout::L2021, AreaLevel::District, 696),
            count(Layout::L2021, AreaLevel::Commune, 10_035),
            count(Layout::L2025, AreaLevel::Province, 34),
            count(Layout::L2025, AreaLevel::Commune, 3_321),
        ];
        assert_eq!(area_total(&counts, Layout::L2021, None), 10_794);
        assert_eq!(area_total(&counts, Layout::L2025, None), 3_355);
        assert_eq!(area_total(&counts, Layout::L2025, Some(AreaLevel::District)), 0);
    }
}

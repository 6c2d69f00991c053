//! The charts' pure side: months on the x axis, "nice" ticks, where every point, label and
//! bar goes. No components: the tests run natively. The drawings are in [`super::charts`].

use crate::{format, i18n::Lang};
use chrono::{Datelike, NaiveDate};

/// A calendar month, the x axis's unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    year: i32,
    /// 1 to 12.
    month: u32,
}

impl Month {
    /// The month, if `month` is 1 to 12.
    pub fn new(year: i32, month: u32) -> Option<Month> {
        (1..=12).contains(&month).then_some(Month { year, month })
    }

    /// The month of a date.
    pub fn of(date: NaiveDate) -> Month {
        Month { year: date.year(), month: date.month() }
    }

    /// `2021-10`, or a date in it (`2021-10-15`).
    pub fn parse(text: &str) -> Option<Month> {
        let mut parts = text.trim().split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        match parts.next() {
            None => Month::new(year, month),
            Some(day) => NaiveDate::from_ymd_opt(year, month, day.parse().ok()?).map(Month::of),
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u32 {
        self.month
    }

    /// Months since the start of year 0: consecutive months differ by one.
    pub fn index(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }

    /// The month `count` months later (earlier if negative).
    pub fn plus(self, count: i64) -> Month {
        let index = self.index() + count;
        Month { year: index.div_euclid(12) as i32, month: index.rem_euclid(12) as u32 + 1 }
    }

    /// `10/2021`, in both languages.
    pub fn label(self) -> String {
        format!("{}/{}", self.month, self.year)
    }
}

/// Values along an axis at round steps.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticks {
    pub values: Vec<f64>,
    pub step: f64,
    /// How many digits after the decimal sign the step needs.
    pub decimals: u32,
}

impl Ticks {
    pub fn first(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }

    pub fn last(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }
}

/// `10^exponent`. (The app avoids `powf` and `log10`: each would add its own code to the wasm.)
fn power_of_ten(exponent: i32) -> f64 {
    let mut value = 1.0;
    for _ in 0..exponent.unsigned_abs() {
        value *= 10.0;
    }
    if exponent < 0 {
        1.0 / value
    } else {
        value
    }
}

/// A round step near `raw`: 1, 2 or 5 times `10^exponent`, with that exponent.
fn nice_step_and_exponent(raw: f64) -> (f64, i32) {
    if !raw.is_finite() || raw <= 0.0 {
        return (1.0, 0);
    }
    let mut exponent = 0;
    // A little slack, for the float noise of `0.3 / 3`.
    let mut fraction = raw * (1.0 - 1e-9);
    while fraction >= 10.0 {
        fraction /= 10.0;
        exponent += 1;
    }
    while fraction < 1.0 {
        fraction *= 10.0;
        exponent -= 1;
    }
    let nice = if fraction <= 1.0 + 1e-9 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        exponent += 1;
        1.0
    };
    (nice * power_of_ten(exponent), exponent)
}

/// A round step (1, 2 or 5 times a power of ten) near `raw`.
pub fn nice_step(raw: f64) -> f64 {
    nice_step_and_exponent(raw).0
}

/// Ticks at a round step from at or below `low` to at or above `high`, about `count` of
/// them. Equal ends get a range around them.
pub fn nice_ticks(low: f64, high: f64, count: usize) -> Ticks {
    let (mut low, mut high) = if low <= high { (low, high) } else { (high, low) };
    if !low.is_finite() || !high.is_finite() {
        (low, high) = (0.0, 1.0);
    }
    if high - low < f64::EPSILON * high.abs().max(1.0) {
        if low == 0.0 {
            high = 1.0;
        } else if low > 0.0 {
            (low, high) = (0.0, high);
        } else {
            high = 0.0;
        }
    }
    let (step, exponent) = nice_step_and_exponent((high - low) / count.max(1) as f64);
    let first = (low / step).floor();
    let last = (high / step).ceil();
    // Rounded, without the float noise of multiplying steps (0.30000000000000004).
    let digits = power_of_ten((-exponent).max(0) + 2);
    let values = (0..=(last - first) as i64).map(|n| ((first + n as f64) * step * digits).round() / digits).collect();
    Ticks { values, step, decimals: (-exponent).max(0) as u32 }
}

/// One series of a line chart: its name and its values by month (in any order; months
/// without a value are skipped over).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: Vec<(Month, f64)>,
}

/// The line chart's viewBox: wide enough to read at 360 px, with text of [`FONT`] units.
pub const LINE_WIDTH: f64 = 380.0;
pub const LINE_HEIGHT: f64 = 220.0;
/// The size of the axes' text, in viewBox units.
pub const FONT: f64 = 13.0;
/// About how wide a character of that text is.
const CHAR_WIDTH: f64 = FONT * 0.6;

/// Where everything of a line chart goes, in viewBox units.
#[derive(Debug, Clone, PartialEq)]
pub struct LineLayout {
    /// The first and last month on the x axis.
    pub first: Month,
    pub last: Month,
    pub ticks: Ticks,
    /// The y axis's labels, with their y.
    pub y_labels: Vec<(f64, String)>,
    /// The x axis's labels: where their middle goes, and the month.
    pub x_labels: Vec<(f64, Month)>,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl LineLayout {
    /// The layout of `series` (with an optional marked month, which the x axis then
    /// reaches); `None` when there is no value to draw. The y axis starts at zero when
    /// `from_zero` and no value is below it.
    pub fn new(lang: Lang, series: &[Series], marker: Option<Month>, from_zero: bool) -> Option<LineLayout> {
        let points = || series.iter().flat_map(|s| s.points.iter()).filter(|(_, v)| v.is_finite());
        let months = points().map(|(m, _)| *m).chain(marker);
        let first = months.clone().min()?;
        let last = months.max()?;
        points().next()?;
        let low = points().map(|(_, v)| *v).fold(f64::INFINITY, f64::min);
        let high = points().map(|(_, v)| *v).fold(f64::NEG_INFINITY, f64::max);
        let low = if from_zero && low >= 0.0 { 0.0 } else { low };
        let ticks = nice_ticks(low, high, 4);
        let labels: Vec<String> = ticks.values.iter().map(|v| format::decimal(lang, *v, ticks.decimals)).collect();
        let widest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(1) as f64;
        let half_month_label = 3.5 * CHAR_WIDTH;
        let mut layout = LineLayout {
            first,
            last,
            ticks,
            y_labels: vec![],
            x_labels: vec![],
            left: (widest * CHAR_WIDTH + 10.0).max(half_month_label),
            right: LINE_WIDTH - half_month_label,
            top: 22.0,
            bottom: LINE_HEIGHT - 24.0,
        };
        layout.y_labels = layout.ticks.values.iter().map(|v| layout.y(*v)).zip(labels).collect();
        let span = (last.index() - first.index()) as usize + 1;
        let fits = ((layout.right - layout.left + half_month_label * 2.0) / (half_month_label * 2.0 + 12.0)) as usize;
        let every = label_step(span, fits.max(1));
        layout.x_labels = (0..span).step_by(every).map(|n| first.plus(n as i64)).map(|m| (layout.x(m), m)).collect();
        Some(layout)
    }

    /// The x of a month: the months spread evenly; a single one sits in the middle.
    pub fn x(&self, month: Month) -> f64 {
        let span = (self.last.index() - self.first.index()) as f64;
        if span == 0.0 {
            return (self.left + self.right) / 2.0;
        }
        self.left + (month.index() - self.first.index()) as f64 / span * (self.right - self.left)
    }

    /// The y of a value.
    pub fn y(&self, value: f64) -> f64 {
        let (low, high) = (self.ticks.first(), self.ticks.last());
        self.bottom - (value - low) / (high - low) * (self.bottom - self.top)
    }

    /// A series's line as SVG points, in month order.
    pub fn polyline(&self, points: &[(Month, f64)]) -> String {
        // Month by month rather than sorted: a sort would add its code to the wasm.
        let span = self.last.index() - self.first.index();
        let in_order = (0..=span).map(|n| self.first.plus(n)).flat_map(|month| {
            points.iter().filter(move |(m, v)| *m == month && v.is_finite()).map(move |(_, v)| (month, *v))
        });
        in_order.map(|(m, v)| format!("{},{}", tenth(self.x(m)), tenth(self.y(v)))).collect::<Vec<_>>().join(" ")
    }

    /// Where the marker's label goes and how it is anchored: right of the line, or left of
    /// it when the line is near the right edge.
    pub fn marker_label(&self, month: Month, chars: usize) -> (f64, &'static str) {
        let x = self.x(month);
        let width = chars as f64 * CHAR_WIDTH * 0.95;
        if x + 4.0 + width <= LINE_WIDTH {
            (x + 4.0, "start")
        } else {
            (x - 4.0, "end")
        }
    }
}

/// Every how many months to label so that at most `fits` labels show over `span` months:
/// 1, 2, 3, 4 or 6 months, or whole years.
pub fn label_step(span: usize, fits: usize) -> usize {
    let fits = fits.max(1);
    [1, 2, 3, 4, 6].into_iter().find(|step| span.div_ceil(*step) <= fits).unwrap_or_else(|| {
        let years = span.div_ceil(12).div_ceil(fits);
        years.max(1) * 12
    })
}

/// Every month from the first to the last that a series has, in order.
pub fn months(series: &[Series]) -> Vec<Month> {
    let all = || series.iter().flat_map(|s| s.points.iter().map(|(m, _)| *m));
    let (Some(first), Some(last)) = (all().min(), all().max()) else {
        return vec![];
    };
    (0..=last.index() - first.index()).map(|n| first.plus(n)).filter(|month| all().any(|m| m == *month)).collect()
}

/// A number rounded to a tenth, as SVG attributes take it: `12.3`, `4`, `-0.1`. Written
/// with integers: f64's own formatting would add its code to the wasm.
pub fn tenth(value: f64) -> String {
    let tenths = (value * 10.0).round();
    if !tenths.is_finite() {
        return "0".to_owned();
    }
    let tenths = tenths as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, fraction) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    if fraction == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

/// A sparkline's points in a `width` × `height` box, `pad` units from its edges: the
/// values spread left to right, the lowest at the bottom; equal values sit in the middle.
pub fn spark_points(values: &[f64], width: f64, height: f64, pad: f64) -> Vec<(f64, f64)> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let low = finite.iter().copied().fold(f64::INFINITY, f64::min);
    let high = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let count = finite.len();
    finite
        .iter()
        .enumerate()
        .map(|(n, v)| {
            let x = if count == 1 { width / 2.0 } else { pad + n as f64 / (count - 1) as f64 * (width - 2.0 * pad) };
            let y = if high - low <= f64::EPSILON {
                height / 2.0
            } else {
                height - pad - (v - low) / (high - low) * (height - 2.0 * pad)
            };
            (x, y)
        })
        .collect()
}

/// How the last value compares with the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trend {
    Up,
    Down,
    Flat,
}

/// The trend of the last two finite values, if there are two.
pub fn trend(values: &[f64]) -> Option<Trend> {
    let mut finite = values.iter().rev().filter(|v| v.is_finite());
    let (last, before) = (finite.next()?, finite.next()?);
    Some(if last > before {
        Trend::Up
    } else if last < before {
        Trend::Down
    } else {
        Trend::Flat
    })
}

/// The end of a bar chart's scale: `scale_max` when given (e.g. 5 for marks out of 5),
/// else a round number at or above every value and every spread's top.
pub fn bar_scale(values: impl IntoIterator<Item = f64>, scale_max: Option<f64>) -> f64 {
    if let Some(max) = scale_max.filter(|m| m.is_finite() && *m > 0.0) {
        return max;
    }
    let high = values.into_iter().filter(|v| v.is_finite()).fold(0.0, f64::max);
    if high <= 0.0 {
        return 1.0;
    }
    nice_ticks(0.0, high, 4).last()
}

/// A value as a share of the scale, in percent, kept between 0 and 100.
pub fn percent(value: f64, scale: f64) -> f64 {
    if !value.is_finite() || scale <= 0.0 {
        return 0.0;
    }
    (value / scale * 100.0).clamp(0.0, 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap_or(Month { year: 0, month: 1 })
    }

    #[test]
    fn months_parse_count_and_label() {
        assert_eq!(Month::parse("2021-10"), Month::new(2021, 10));
        assert_eq!(Month::parse("2021-10-31"), Month::new(2021, 10));
        assert_eq!(Month::parse("2021-13"), None);
        assert_eq!(Month::parse("2021-02-30"), None);
        assert_eq!(Month::parse("octobre"), None);
        assert_eq!(month("2021-10").label(), "10/2021");
        assert_eq!(month("2021-12").plus(1), month("2022-01"));
        assert_eq!(month("2022-01").plus(-13), month("2020-12"));
        assert_eq!(month("2022-03").index() - month("2021-10").index(), 5);
        assert!(month("2021-12") < month("2022-01"));
    }

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        let ticks = nice_ticks(0.0, 47.0, 4);
        assert_eq!(ticks.values, [0.0, 20.0, 40.0, 60.0]);
        assert_eq!(ticks.decimals, 0);
        let ticks = nice_ticks(0.0, 10.0, 4);
        assert_eq!(ticks.values, [0.0, 5.0, 10.0]);
        let ticks = nice_ticks(2.1, 2.9, 4);
        assert_eq!(ticks.values, [2.0, 2.2, 2.4, 2.6, 2.8, 3.0]);
        assert_eq!(ticks.decimals, 1);
        let ticks = nice_ticks(0.0, 0.3, 3);
        assert_eq!(ticks.values, [0.0, 0.1, 0.2, 0.3]);
        let ticks = nice_ticks(-3.0, 7.0, 4);
        assert_eq!((ticks.first(), ticks.last()), (-5.0, 10.0));
        // One value, or none above zero: still a range.
        assert_eq!(nice_ticks(0.0, 0.0, 4).values.last(), Some(&1.0));
        assert_eq!(nice_ticks(5.0, 5.0, 4).first(), 0.0);
        assert!(nice_ticks(-2.0, -2.0, 4).last() >= 0.0);
        assert_eq!(nice_step(0.0), 1.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(1200.0), 2000.0);
        assert_eq!(nice_step(0.1), 0.1);
        assert_eq!(nice_step(7.0), 10.0);
        assert_eq!(nice_step(0.03), 0.05);
        assert_eq!(nice_ticks(0.0, 0.03, 3).decimals, 2);
    }

    #[test]
    fn coordinates_are_written_to_a_tenth() {
        assert_eq!(tenth(12.345), "12.3");
        assert_eq!(tenth(4.0), "4");
        assert_eq!(tenth(-0.06), "-0.1");
        assert_eq!(tenth(-0.04), "0");
        assert_eq!(tenth(439.44), "439.4");
        assert_eq!(tenth(f64::NAN), "0");
    }

    fn series(name: &str, points: &[(&str, f64)]) -> Series {
        Series { name: name.into(), points: points.iter().map(|(m, v)| (month(m), *v)).collect() }
    }

    #[test]
    fn a_line_chart_spreads_months_and_values_over_its_box() {
        let data = [
            series("Tổ A", &[("2021-10", 4.0), ("2021-12", 10.0), ("2021-11", 6.0)]),
            series("Tổ B", &[("2022-01", 2.5)]),
        ];
        let layout = LineLayout::new(Lang::Vi, &data, None, true);
        let Some(layout) = layout else { panic!("a layout") };
        assert_eq!((layout.first, layout.last), (month("2021-10"), month("2022-01")));
        assert_eq!(layout.x(month("2021-10")), layout.left);
        assert_eq!(layout.x(month("2022-01")), layout.right);
        assert!(layout.left > 0.0 && layout.right < LINE_WIDTH);
        assert_eq!(layout.y(0.0), layout.bottom);
        assert!(layout.y(10.0) >= layout.top && layout.y(10.0) < layout.y(4.0));
        assert_eq!(layout.ticks.first(), 0.0);
        // The y labels are the language's numbers.
        let small = LineLayout::new(Lang::Vi, &[series("A", &[("2021-10", 0.2), ("2021-11", 1.2)])], None, true);
        let labels: Vec<String> = small.map(|l| l.y_labels.into_iter().map(|(_, l)| l).collect()).unwrap_or_default();
        assert_eq!(labels, ["0", "0,5", "1", "1,5"]);
        // Every month is labelled when they fit.
        let labels: Vec<String> = layout.x_labels.iter().map(|(_, m)| m.label()).collect();
        assert_eq!(labels, ["10/2021", "11/2021", "12/2021", "1/2022"]);
        // The line follows the months, not the order given.
        let line = layout.polyline(&data[0].points);
        let xs: Vec<f64> = line.split(' ').filter_map(|p| p.split(',').next()?.parse().ok()).collect();
        assert!(xs.windows(2).all(|w| w[0] < w[1]), "{line}");
        assert_eq!(xs.len(), 3);
        assert_eq!(months(&data), [month("2021-10"), month("2021-11"), month("2021-12"), month("2022-01")]);
        assert!(months(&[]).is_empty());
    }

    #[test]
    fn a_line_chart_without_values_has_no_layout() {
        assert_eq!(LineLayout::new(Lang::En, &[], None, true), None);
        assert_eq!(LineLayout::new(Lang::En, &[series("A", &[])], Some(month("2021-10")), true), None);
        let nan = [series("A", &[("2021-10", f64::NAN)])];
        assert_eq!(LineLayout::new(Lang::En, &nan, None, true), None);
    }

    #[test]
    fn the_marker_widens_the_axis_and_its_label_stays_inside() {
        let data = [series("A", &[("2021-10", 1.0), ("2021-12", 3.0)])];
        let layout = LineLayout::new(Lang::En, &data, Some(month("2022-06")), true);
        let Some(layout) = layout else { panic!("a layout") };
        assert_eq!(layout.last, month("2022-06"));
        let (x, anchor) = layout.marker_label(month("2022-06"), 7);
        assert_eq!(anchor, "end");
        assert!(x < LINE_WIDTH);
        assert_eq!(layout.marker_label(month("2021-10"), 7).1, "start");
        // A single month sits in the middle.
        let one = LineLayout::new(Lang::En, &[series("A", &[("2021-10", 1.0)])], None, false);
        let Some(one) = one else { panic!("a layout") };
        assert_eq!(one.x(month("2021-10")), (one.left + one.right) / 2.0);
    }

    #[test]
    fn long_spans_label_fewer_months() {
        assert_eq!(label_step(4, 5), 1);
        assert_eq!(label_step(12, 5), 3);
        assert_eq!(label_step(24, 5), 6);
        assert_eq!(label_step(36, 5), 12);
        assert_eq!(label_step(120, 5), 24);
        let data = [series("A", &[("2020-01", 1.0), ("2022-12", 3.0)])];
        let layout = LineLayout::new(Lang::En, &data, None, true);
        let Some(layout) = layout else { panic!("a layout") };
        assert!(layout.x_labels.len() <= 6, "{:?}", layout.x_labels);
        // Labels do not run into each other.
        let gaps = layout.x_labels.windows(2).map(|w| w[1].0 - w[0].0);
        assert!(gaps.clone().all(|gap| gap > 7.0 * CHAR_WIDTH), "{:?}", gaps.collect::<Vec<_>>());
    }

    #[test]
    fn sparklines_fill_their_box() {
        let points = spark_points(&[1.0, 3.0, 2.0], 60.0, 20.0, 2.0);
        assert_eq!(points, [(2.0, 18.0), (30.0, 2.0), (58.0, 10.0)]);
        assert_eq!(spark_points(&[5.0], 60.0, 20.0, 2.0), [(30.0, 10.0)]);
        assert_eq!(spark_points(&[5.0, 5.0], 60.0, 20.0, 2.0), [(2.0, 10.0), (58.0, 10.0)]);
        assert!(spark_points(&[], 60.0, 20.0, 2.0).is_empty());
        assert_eq!(trend(&[1.0, 3.0, 2.0]), Some(Trend::Down));
        assert_eq!(trend(&[1.0, 3.0]), Some(Trend::Up));
        assert_eq!(trend(&[3.0, 3.0]), Some(Trend::Flat));
        assert_eq!(trend(&[3.0]), None);
    }

    #[test]
    fn bars_share_a_scale() {
        assert_eq!(bar_scale([3.2, 4.1], Some(5.0)), 5.0);
        assert_eq!(bar_scale([3.2, 47.0], None), 60.0);
        assert_eq!(bar_scale([], None), 1.0);
        assert_eq!(percent(2.5, 5.0), 50.0);
        assert_eq!(percent(7.0, 5.0), 100.0);
        assert_eq!(percent(-1.0, 5.0), 0.0);
        assert_eq!(percent(f64::NAN, 5.0), 0.0);
    }
}

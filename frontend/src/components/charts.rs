//! Charts the app draws itself as SVG (no chart library, nothing fetched): a line chart
//! of series over months with an optional marked month (before and after an adoption), a
//! sparkline, and a horizontal bar chart with the spread of each value. Every value is
//! also text (a table, a title, words for screen readers), none only on hover; numbers
//! follow the language (`3,5` and `1.234` in Vietnamese). Where things go is worked out in
//! [`super::chart_model`]; the styles are in style.css (`.chart`, `.sparkline`, `.bar-chart`).

pub mod i18n;

pub use super::chart_model::{Month, Series};

use super::chart_model::{self as model, LineLayout, Trend, FONT, LINE_HEIGHT, LINE_WIDTH};
use crate::{format, i18n::Lang, state::use_session};
use yew::prelude::*;

/// How many series colours style.css has (`.series-0` …).
const COLOURS: usize = 6;

/// The dashes of the `n`th series, so that lines differ by more than their colour.
fn dashes(n: usize) -> &'static str {
    ["none", "7 4", "2 3", "10 3 2 3", "4 4", "1 2"][n % COLOURS]
}

/// An SVG line from one point to another.
fn line(class: &'static str, (x1, y1): (f64, f64), (x2, y2): (f64, f64)) -> Html {
    let tenth = model::tenth;
    html! { <line {class} x1={tenth(x1)} y1={tenth(y1)} x2={tenth(x2)} y2={tenth(y2)} /> }
}

/// SVG text at a point, anchored at its `start`, `middle` or `end`.
fn text(class: &'static str, (x, y): (f64, f64), anchor: &'static str, content: &str) -> Html {
    html! { <text {class} x={model::tenth(x)} y={model::tenth(y)} text-anchor={anchor}>{ content }</text> }
}

/// A value as the chart writes it.
fn value(lang: Lang, value: f64, decimals: u32) -> String {
    format::decimal(lang, value, decimals)
}

#[derive(Properties, PartialEq)]
pub struct LineChartProps {
    /// The lines; months without a value are skipped over.
    pub series: Vec<Series>,
    /// What the chart shows: its caption and accessible name.
    pub title: AttrValue,
    /// The values' unit, after the title (e.g. "lượt hỗ trợ").
    #[prop_or_default]
    pub unit: Option<AttrValue>,
    /// A month marked with a vertical line and the months after it shaded, e.g. the
    /// month a model was adopted.
    #[prop_or_default]
    pub marker: Option<Month>,
    /// The marker's label; "Áp dụng" / "Adopted" when absent.
    #[prop_or_default]
    pub marker_label: Option<AttrValue>,
    /// At most this many digits after the decimal sign.
    #[prop_or(1)]
    pub decimals: u32,
    /// Whether the y axis starts at zero (when no value is below it).
    #[prop_or(true)]
    pub from_zero: bool,
}

/// A line chart of one or more series over months, with a legend and the figures as a
/// table; a message instead when there is nothing to draw.
#[component]
pub fn LineChart(props: &LineChartProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let caption = html! {
        <figcaption class="chart-title">
            { &props.title }
            if let Some(unit) = &props.unit { <span class="muted">{ format!(" ({unit})") }</span> }
        </figcaption>
    };
    let Some(layout) = LineLayout::new(lang, &props.series, props.marker, props.from_zero) else {
        return html! {
            <figure class="chart line-chart" data-testid="line-chart">
                { caption }
                <p class="empty" data-testid="chart-empty">{ session.t("chart.empty") }</p>
            </figure>
        };
    };
    let marker_label = props.marker_label.clone().unwrap_or_else(|| AttrValue::from(session.t("chart.adopted")));
    let tenth = model::tenth;
    let (top, bottom, left, right) = (layout.top, layout.bottom, layout.left, layout.right);

    let grid = layout.y_labels.iter().map(|(y, label)| {
        html! {
            <>
                { line("chart-grid", (left, *y), (right, *y)) }
                { text("chart-tick", (left - 6.0, y + FONT * 0.35), "end", label) }
            </>
        }
    });
    let x_axis = layout.x_labels.iter().map(|(x, month)| {
        html! {
            <>
                { line("chart-axis", (*x, bottom), (*x, bottom + 4.0)) }
                { text("chart-tick", (*x, bottom + 4.0 + FONT), "middle", &month.label()) }
            </>
        }
    });
    let marker = props.marker.map(|month| {
        let x = layout.x(month);
        let (label_x, anchor) = layout.marker_label(month, marker_label.chars().count());
        html! {
            <g class="chart-marker">
                <rect class="chart-after" x={tenth(x)} y={tenth(top)} width={tenth(right - x)} height={tenth(bottom - top)} />
                { line("chart-marker-line", (x, top - 14.0), (x, bottom)) }
                { text("chart-marker-label", (label_x, top - 6.0), anchor, &marker_label) }
            </g>
        }
    });
    let lines = props.series.iter().enumerate().map(|(n, series)| {
        let dots = series.points.iter().filter(|(_, v)| v.is_finite()).map(|(month, v)| {
            let text = format!("{}, {}: {}", series.name, month.label(), value(lang, *v, props.decimals));
            html! {
                <circle cx={tenth(layout.x(*month))} cy={tenth(layout.y(*v))} r="3"><title>{ text }</title></circle>
            }
        });
        html! {
            <g class={classes!("chart-series", format!("series-{}", n % COLOURS))}>
                <polyline points={layout.polyline(&series.points)} stroke-dasharray={dashes(n)} />
                { for dots }
            </g>
        }
    });
    let legend = props.series.iter().enumerate().map(|(n, series)| {
        html! {
            <li>
                <svg class={classes!("chart-swatch", format!("series-{}", n % COLOURS))} viewBox="0 0 24 10" aria-hidden="true">
                    <line x1="1" x2="23" y1="5" y2="5" stroke-dasharray={dashes(n)} />
                </svg>
                { &series.name }
            </li>
        }
    });
    let months = model::months(&props.series);
    let rows = months.iter().map(|month| {
        let cells = props.series.iter().map(|series| {
            let found = series.points.iter().find(|(m, v)| m == month && v.is_finite());
            html! { <td class="num">{ found.map(|(_, v)| value(lang, *v, props.decimals)).unwrap_or_default() }</td> }
        });
        html! { <tr><th scope="row">{ month.label() }</th>{ for cells }</tr> }
    });

    html! {
        <figure class="chart line-chart" data-testid="line-chart">
            { caption }
            <svg class="chart-svg" viewBox={format!("0 0 {} {}", tenth(LINE_WIDTH), tenth(LINE_HEIGHT))} width="100%" role="img" aria-label={props.title.clone()}>
                <title>{ &props.title }</title>
                { marker }
                { for grid }
                { line("chart-axis", (left, bottom), (right, bottom)) }
                { for x_axis }
                { for lines }
            </svg>
            <ul class="chart-legend">
                { for legend }
                if let Some(month) = props.marker {
                    <li>
                        <svg class="chart-swatch chart-marker" viewBox="0 0 24 10" aria-hidden="true">
                            <rect class="chart-after" x="12" y="0" width="12" height="10" />
                            <line x1="12" x2="12" y1="0" y2="10" />
                        </svg>
                        { format!("{marker_label}: {}", month.label()) }
                    </li>
                }
            </ul>
            <details class="chart-data">
                <summary>{ session.t("chart.show_data") }</summary>
                <div class="table-wrap">
                    <table>
                        <caption class="sr-only">{ &props.title }</caption>
                        <thead>
                            <tr>
                                <th scope="col">{ session.t("chart.month") }</th>
                                { for props.series.iter().map(|s| html! { <th scope="col">{ &s.name }</th> }) }
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
pub struct SparklineProps {
    /// The values, oldest first.
    pub values: Vec<f64>,
    /// What the values are, for screen readers and the tooltip (e.g. "Lượt hỗ trợ theo tháng").
    pub label: AttrValue,
    /// At most this many digits after the decimal sign.
    #[prop_or(1)]
    pub decimals: u32,
}

/// The words for a trend.
fn trend_words(trend: Trend) -> (&'static str, &'static str, &'static str) {
    match trend {
        Trend::Up => ("▲", "up", "chart.trend_up"),
        Trend::Down => ("▼", "down", "chart.trend_down"),
        Trend::Flat => ("=", "flat", "chart.trend_flat"),
    }
}

/// A small line of a few values in the flow of text, the last one dotted and written out
/// beside it with its direction.
#[component]
pub fn Sparkline(props: &SparklineProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let finite: Vec<f64> = props.values.iter().copied().filter(|v| v.is_finite()).collect();
    let Some(last) = finite.last().copied() else {
        return html! { <span class="sparkline muted" data-testid="sparkline">{ session.t("chart.no_data") }</span> };
    };
    let (width, height, pad) = (64.0, 20.0, 3.0);
    let points = model::spark_points(&finite, width, height, pad);
    let line = points.iter().map(|(x, y)| format!("{},{}", model::tenth(*x), model::tenth(*y))).collect::<Vec<_>>();
    let (last_x, last_y) = points.last().copied().unwrap_or((width / 2.0, height / 2.0));
    let trend = model::trend(&finite).map(trend_words);
    let all = finite.iter().map(|v| value(lang, *v, props.decimals)).collect::<Vec<_>>().join("; ");
    let last_text = value(lang, last, props.decimals);
    let mut words = format!("{}: {all}. {} {last_text}", props.label, session.t("chart.latest"));
    if let Some((_, _, key)) = trend {
        words.push_str(&format!(", {}", session.t(key)));
    }
    html! {
        <span class="sparkline" data-testid="sparkline" title={words.clone()}>
            <svg viewBox="0 0 64 20" width="64" height="20" aria-hidden="true" focusable="false">
                <polyline points={line.join(" ")} />
                <circle cx={model::tenth(last_x)} cy={model::tenth(last_y)} r="2.5" />
            </svg>
            <strong class="spark-last" aria-hidden="true">{ last_text }</strong>
            if let Some((symbol, class, _)) = trend {
                <span class={classes!("spark-trend", class)} aria-hidden="true">{ symbol }</span>
            }
            <span class="sr-only">{ words }</span>
        </span>
    }
}

/// One bar: a label, its value and, when known, the lowest and highest values it sums up.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: AttrValue,
    pub value: f64,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    pub bars: Vec<Bar>,
    /// What the chart shows: its caption.
    pub title: AttrValue,
    /// The end of the scale (e.g. 5 for marks out of 5); a round number above every value
    /// when absent.
    #[prop_or_default]
    pub scale_max: Option<f64>,
    /// At most this many digits after the decimal sign.
    #[prop_or(2)]
    pub decimals: u32,
}

/// Horizontal bars, one row each: the label and value as text above a bar, with a
/// whisker from the lowest to the highest value. The label wraps, so it reads at 360 px.
#[component]
pub fn BarChart(props: &BarChartProps) -> Html {
    let session = use_session();
    let lang = session.lang();
    let caption = html! { <figcaption class="chart-title">{ &props.title }</figcaption> };
    if props.bars.is_empty() {
        return html! {
            <figure class="chart bar-chart" data-testid="bar-chart">
                { caption }
                <p class="empty" data-testid="chart-empty">{ session.t("chart.empty") }</p>
            </figure>
        };
    }
    let scale =
        model::bar_scale(props.bars.iter().flat_map(|b| [Some(b.value), b.max].into_iter().flatten()), props.scale_max);
    let spread = props.bars.iter().any(|b| b.min.is_some() && b.max.is_some());
    let rows = props.bars.iter().map(|bar| {
        let percent = |v: f64| model::tenth(model::percent(v, scale));
        let range = bar.min.zip(bar.max).map(|(min, max)| {
            (value(lang, min, props.decimals), value(lang, max, props.decimals), percent(min), percent(max))
        });
        html! {
            <li class="bar-row">
                <div class="bar-head">
                    <span class="bar-label">{ &bar.label }</span>
                    <span class="bar-value">
                        <strong>{ value(lang, bar.value, props.decimals) }</strong>
                        if let Some((min, max, _, _)) = &range {
                            <span class="bar-range muted" aria-hidden="true">{ format!(" ({min}–{max})") }</span>
                            <span class="sr-only">
                                { format!(" ({})", session.t("chart.range").replace("{min}", min).replace("{max}", max)) }
                            </span>
                        }
                    </span>
                </div>
                <svg class="bar-track" viewBox="0 0 100 12" preserveAspectRatio="none" width="100%" height="12" aria-hidden="true" focusable="false">
                    <rect class="bar-back" x="0" y="2" width="100" height="8" />
                    <rect class="bar-fill" x="0" y="2" width={percent(bar.value)} height="8" />
                    if let Some((_, _, low, high)) = range {
                        <g class="bar-whisker">
                            <line x1={low.clone()} x2={high.clone()} y1="6" y2="6" vector-effect="non-scaling-stroke" />
                            <line x1={low.clone()} x2={low} y1="0" y2="12" vector-effect="non-scaling-stroke" />
                            <line x1={high.clone()} x2={high} y1="0" y2="12" vector-effect="non-scaling-stroke" />
                        </g>
                    }
                </svg>
            </li>
        }
    });
    let scale_text = session.t("chart.scale").replace("{max}", &value(lang, scale, props.decimals));
    html! {
        <figure class="chart bar-chart" data-testid="bar-chart">
            { caption }
            <ul class="bar-rows">{ for rows }</ul>
            <p class="chart-note muted">
                { scale_text }
                if spread { { format!(". {}", session.t("chart.bar_legend")) } }
            </p>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::render;

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap_or_else(|| Month::of(chrono::NaiveDate::MIN))
    }

    fn adoption() -> Html {
        let series = vec![
            Series {
                name: "Lượt hỗ trợ".into(),
                points: vec![(month("2021-08"), 12.0), (month("2021-09"), 1234.5), (month("2021-10"), 30.0)],
            },
            Series { name: "Hộ được thăm".into(), points: vec![(month("2021-09"), 8.0)] },
        ];
        html! { <LineChart {series} title="Trước và sau áp dụng" unit="lượt" marker={month("2021-09")} /> }
    }

    #[tokio::test]
    async fn a_line_chart_has_its_axes_legend_marker_and_figures() {
        let html = render(Lang::Vi, None, adoption).await;
        assert!(html.contains("<svg"), "{html}");
        assert!(html.contains("8/2021") && html.contains("10/2021"), "month labels: {html}");
        assert!(html.contains("Áp dụng: 9/2021"), "the marker in the legend: {html}");
        assert!(html.contains("Lượt hỗ trợ, 9/2021: 1.234,5"), "a point's title: {html}");
        assert!(html.contains("Hộ được thăm"));
        assert!(html.contains("Xem bảng số liệu"));
        assert!(!html.contains("NaN") && !html.contains("inf"), "{html}");
        let html = render(Lang::En, None, adoption).await;
        assert!(html.contains("Adopted: 9/2021") && html.contains("1,234.5"), "{html}");
    }

    #[tokio::test]
    async fn empty_charts_say_so() {
        let html = render(Lang::Vi, None, || html! { <LineChart series={vec![]} title="T" /> }).await;
        assert!(html.contains("Chưa có số liệu để vẽ biểu đồ") && !html.contains("<svg"), "{html}");
        let html = render(Lang::En, None, || html! { <BarChart bars={vec![]} title="T" /> }).await;
        assert!(html.contains("No figures to chart yet") && !html.contains("<svg"), "{html}");
        let html = render(Lang::En, None, || html! { <Sparkline values={vec![]} label="T" /> }).await;
        assert!(html.contains("No figures yet"), "{html}");
    }

    #[tokio::test]
    async fn a_sparkline_writes_out_its_last_value_and_trend() {
        let view = || html! { <Sparkline values={vec![3.0, 5.0, 4.5]} label="Lượt hỗ trợ" /> };
        let html = render(Lang::Vi, None, view).await;
        assert!(html.contains("4,5") && html.contains("mới nhất 4,5, giảm"), "{html}");
        assert!(html.contains("▼"));
    }

    #[tokio::test]
    async fn bars_show_their_values_and_spread_as_text() {
        let view = || {
            let bars = vec![
                Bar { label: "Hiệu quả".into(), value: 3.756, min: Some(2.0), max: Some(5.0) },
                Bar { label: "Khả năng nhân rộng".into(), value: 4.0, min: None, max: None },
            ];
            html! { <BarChart {bars} title="Điểm đánh giá" scale_max={5.0} /> }
        };
        let html = render(Lang::Vi, None, view).await;
        assert!(html.contains("3,76") && html.contains("(2–5)"), "{html}");
        assert!(html.contains("thấp nhất 2, cao nhất 5") && html.contains("Thang đo 0–5"), "{html}");
        assert!(html.contains(r#"width="75.1""#), "the bar is 3.756 of 5: {html}");
        let html = render(Lang::En, None, view).await;
        assert!(html.contains("3.76") && html.contains("lowest 2, highest 5"), "{html}");
    }
}

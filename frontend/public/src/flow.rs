//! The layout of "where the aid went": the flow's nodes in columns (donors, campaign,
//! provinces, categories), each as tall as the money through it, and each link a band
//! between two nodes, its width proportional to its value, drawn as a closed path of two
//! cubic Bézier curves. Pure: the component only draws what this returns, and the tests
//! run natively.

use danvan_domain::aid::transparency::{Flow, FlowNodeKind};
use std::fmt::Write as _;

/// The columns, left to right.
pub const COLUMNS: [FlowNodeKind; 4] =
    [FlowNodeKind::Donor, FlowNodeKind::Campaign, FlowNodeKind::Province, FlowNodeKind::Category];

/// The width of a node's bar.
pub const NODE_WIDTH: f64 = 12.0;
/// The space between two nodes of a column.
pub const GAP: f64 = 10.0;
/// The least height of a node, so that a small one can still be seen and tapped.
pub const MIN_NODE: f64 = 3.0;

/// A node placed: its box, and the value through it.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeBox {
    pub index: usize,
    pub column: usize,
    pub x: f64,
    pub y: f64,
    pub height: f64,
    pub value: i64,
}

/// A link drawn: the band's path (`d`), its width and value.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub source: usize,
    pub target: usize,
    pub path: String,
    pub width: f64,
    pub value: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    /// The x of each column that has nodes, with its kind.
    pub columns: Vec<(FlowNodeKind, f64)>,
    /// In the flow's node order.
    pub nodes: Vec<NodeBox>,
    pub bands: Vec<Band>,
}

/// Places `flow` in a `width` × `height` box. Nodes keep the flow's order within their
/// column; links leave a node and reach the next in the flow's link order. Links whose
/// ends are unknown, go backwards or carry nothing are left out.
pub fn layout(flow: &Flow, width: f64, height: f64) -> Layout {
    let column_of = |kind: FlowNodeKind| COLUMNS.iter().position(|k| *k == kind).unwrap_or(0);
    let index_of = |id: &str| flow.nodes.iter().position(|node| node.id == id);
    let links: Vec<(usize, usize, i64)> = flow
        .links
        .iter()
        .filter_map(|link| {
            let (source, target) = (index_of(&link.source)?, index_of(&link.target)?);
            let forward = column_of(flow.nodes[source].kind) < column_of(flow.nodes[target].kind);
            (forward && link.value_vnd > 0).then_some((source, target, link.value_vnd))
        })
        .collect();
    // A node's value: the larger of what comes in and what goes out.
    let mut inflow = vec![0i64; flow.nodes.len()];
    let mut outflow = vec![0i64; flow.nodes.len()];
    for (source, target, value) in &links {
        outflow[*source] += value;
        inflow[*target] += value;
    }
    let values: Vec<i64> = (0..flow.nodes.len()).map(|i| inflow[i].max(outflow[i])).collect();
    let used: Vec<usize> = (0..COLUMNS.len())
        .filter(|c| flow.nodes.iter().enumerate().any(|(i, node)| column_of(node.kind) == *c && values[i] > 0))
        .collect();
    let columns: Vec<(FlowNodeKind, f64)> = used
        .iter()
        .enumerate()
        .map(|(position, column)| {
            let x = if used.len() > 1 { position as f64 * (width - NODE_WIDTH) / (used.len() - 1) as f64 } else { 0.0 };
            (COLUMNS[*column], x)
        })
        .collect();
    // One scale for every column: the fullest one fills the height.
    let members = |column: usize| -> Vec<usize> {
        (0..flow.nodes.len()).filter(|i| column_of(flow.nodes[*i].kind) == column && values[*i] > 0).collect()
    };
    let scale = used
        .iter()
        .map(|column| {
            let nodes = members(*column);
            let total: i64 = nodes.iter().map(|i| values[*i]).sum();
            let room = height - GAP * (nodes.len().saturating_sub(1)) as f64 - MIN_NODE * nodes.len() as f64;
            if total > 0 {
                room.max(1.0) / total as f64
            } else {
                f64::INFINITY
            }
        })
        .fold(f64::INFINITY, f64::min);
    let scale = if scale.is_finite() { scale } else { 0.0 };
    let mut nodes: Vec<Option<NodeBox>> = vec![None; flow.nodes.len()];
    for (position, column) in used.iter().enumerate() {
        let members = members(*column);
        let heights: Vec<f64> = members.iter().map(|i| (values[*i] as f64 * scale).max(MIN_NODE)).collect();
        let total = heights.iter().sum::<f64>() + GAP * members.len().saturating_sub(1) as f64;
        // Centred in the height.
        let mut y = ((height - total) / 2.0).max(0.0);
        for (i, h) in members.iter().zip(heights) {
            nodes[*i] =
                Some(NodeBox { index: *i, column: position, x: columns[position].1, y, height: h, value: values[*i] });
            y += h + GAP;
        }
    }
    // Bands: stacked down the source's right side and the target's left side.
    let mut out_offset = vec![0.0f64; flow.nodes.len()];
    let mut in_offset = vec![0.0f64; flow.nodes.len()];
    let mut bands = Vec::new();
    for (source, target, value) in links {
        let (Some(from), Some(to)) = (&nodes[source], &nodes[target]) else { continue };
        let band = value as f64 * scale;
        let (x0, x1) = (from.x + NODE_WIDTH, to.x);
        let (y0, y1) = (from.y + out_offset[source], to.y + in_offset[target]);
        out_offset[source] += band;
        in_offset[target] += band;
        let mid = (x0 + x1) / 2.0;
        let mut path = String::new();
        let _ = write!(
            path,
            "M{x0:.1},{y0:.1}C{mid:.1},{y0:.1} {mid:.1},{y1:.1} {x1:.1},{y1:.1}V{:.1}C{mid:.1},{:.1} {mid:.1},{:.1} {x0:.1},{:.1}Z",
            y1 + band,
            y1 + band,
            y0 + band,
            y0 + band
        );
        bands.push(Band { source, target, path, width: band, value });
    }
    Layout { width, height, columns, nodes: nodes.into_iter().flatten().collect(), bands }
}

/// The height to draw a flow in: enough for the fullest column to give each node a line.
pub fn height_for(flow: &Flow) -> f64 {
    let fullest =
        COLUMNS.iter().map(|kind| flow.nodes.iter().filter(|node| node.kind == *kind).count()).max().unwrap_or(0);
    (fullest as f64 * 34.0).max(240.0)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use danvan_domain::aid::transparency::{FlowLink, FlowNode};

    fn node(id: &str, kind: FlowNodeKind) -> FlowNode {
        FlowNode { id: id.into(), kind, label: id.into(), ref_id: None }
    }

    fn link(source: &str, target: &str, value_vnd: i64) -> FlowLink {
        FlowLink { source: source.into(), target: target.into(), value_vnd }
    }

    fn sample() -> Flow {
        Flow {
            nodes: vec![
                node("d1", FlowNodeKind::Donor),
                node("d2", FlowNodeKind::Donor),
                node("c", FlowNodeKind::Campaign),
                node("p1", FlowNodeKind::Province),
                node("p2", FlowNodeKind::Province),
                node("k1", FlowNodeKind::Category),
            ],
            links: vec![
                link("d1", "c", 300),
                link("d2", "c", 100),
                link("c", "p1", 200),
                link("c", "p2", 100),
                link("p1", "k1", 200),
                link("p2", "k1", 100),
            ],
        }
    }

    #[test]
    fn columns_go_left_to_right_and_nodes_stay_inside_the_box() {
        let layout = layout(&sample(), 600.0, 300.0);
        let xs: Vec<f64> = layout.columns.iter().map(|(_, x)| *x).collect();
        assert_eq!(xs, vec![0.0, 196.0, 392.0, 588.0]);
        assert_eq!(layout.nodes.len(), 6);
        for node in &layout.nodes {
            assert!(node.y >= 0.0 && node.y + node.height <= 300.0 + 1e-6, "{node:?}");
        }
        // The campaign (400 in) is the tallest; heights follow values.
        let height = |i: usize| layout.nodes.iter().find(|n| n.index == i).unwrap().height;
        assert!((height(0) / height(1) - 3.0).abs() < 0.01, "300 against 100");
        assert!(height(2) > height(0));
    }

    #[test]
    fn band_widths_are_proportional_to_values_and_fill_their_nodes() {
        let layout = layout(&sample(), 600.0, 300.0);
        assert_eq!(layout.bands.len(), 6);
        let width = |s: usize, t: usize| layout.bands.iter().find(|b| b.source == s && b.target == t).unwrap().width;
        assert!((width(0, 2) / width(1, 2) - 3.0).abs() < 1e-9);
        assert!((width(2, 3) / width(2, 4) - 2.0).abs() < 1e-9);
        // What enters the campaign is as wide as the campaign.
        let campaign = layout.nodes.iter().find(|n| n.index == 2).unwrap();
        assert!((width(0, 2) + width(1, 2) - campaign.height).abs() < 1e-6);
        for band in &layout.bands {
            assert!(
                band.path.starts_with('M') && band.path.ends_with('Z') && band.path.matches('C').count() == 2,
                "{}",
                band.path
            );
        }
    }

    #[test]
    fn unknown_backward_and_empty_links_are_left_out_and_an_empty_flow_draws_nothing() {
        let mut flow = sample();
        flow.links.push(link("k1", "d1", 50));
        flow.links.push(link("nowhere", "c", 50));
        flow.links.push(link("d1", "c", 0));
        assert_eq!(layout(&flow, 600.0, 300.0).bands.len(), 6);
        let empty = layout(&Flow::default(), 600.0, 300.0);
        assert!(empty.nodes.is_empty() && empty.bands.is_empty() && empty.columns.is_empty());
        // A campaign with gifts but nothing handed out: two columns.
        let only_in = Flow { nodes: sample().nodes[..3].to_vec(), links: sample().links[..2].to_vec() };
        assert_eq!(layout(&only_in, 600.0, 300.0).columns.len(), 2);
    }

    #[test]
    fn the_height_grows_with_the_fullest_column() {
        assert_eq!(height_for(&sample()), 240.0);
        let mut many = sample();
        many.nodes.extend((0..12).map(|i| node(&format!("p{i}x"), FlowNodeKind::Province)));
        assert_eq!(height_for(&many), 14.0 * 34.0);
    }
}

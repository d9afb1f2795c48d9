//! The last resort, if the layered layout could not place the graph: nodes
//! in one column, labels beside them, routes round the right. Plain, but
//! nothing sits on anything else.

use super::geometry::{Rect, orthogonal};
use super::{EdgePlacement, PADDING, Placement, Request};

/// The last resort, if `layout-rs` could not place the graph at all: nodes
/// in one column, labels beside them, routes round the right.
pub(super) fn stacked(request: &Request) -> Placement {
    let widest = request.nodes.iter().map(|n| n.0).fold(0.0, f64::max);
    let mut y = PADDING;
    let nodes: Vec<Rect> = request
        .nodes
        .iter()
        .map(|&(w, h)| {
            let r = Rect {
                x: PADDING + (widest - w) / 2.0,
                y,
                w,
                h,
            };
            y += h + 40.0;
            r
        })
        .collect();
    let label_x = PADDING + widest + 80.0;
    let mut label_y = PADDING;
    let mut width: f64 = label_x;
    let mut edges = Vec::new();
    for (i, e) in request.edges.iter().enumerate() {
        let (from, to) = (nodes[e.from], nodes[e.to]);
        let reach = PADDING + widest + 12.0 + 5.0 * (i % 12) as f64;
        let (y0, y1) = (from.center().1 - 4.0, to.center().1 + 4.0);
        let path = orthogonal(&[
            (from.right(), y0),
            (reach, y0),
            (reach, y1),
            (to.right(), y1),
        ]);
        let label = Rect {
            x: label_x,
            y: label_y,
            w: e.label.0,
            h: e.label.1,
        };
        label_y += e.label.1 + 10.0;
        width = width.max(label_x + e.label.0);
        edges.push(EdgePlacement { path, label });
    }
    Placement {
        width: (width + PADDING).ceil(),
        height: (y.max(label_y) + PADDING).ceil(),
        nodes,
        edges,
    }
}

//! The graph as a diagrams.net (Draw.io) file: the SVG's boxes, people and
//! arrows at the SVG's positions (the same measured text and layout), as
//! ordinary mxGraph cells that stay editable there: a vertex per box (a
//! rounded box per tool, a pill per person, a dashed red box per unknown
//! step), an edge per hop from its box to its box, with the route's corners
//! as waypoints and the flow's label.
//!
//! Stable ids: `fs-node-N` and `fs-edge-N`, as in the SVG. Uncompressed XML,
//! which diagrams.net opens and saves as it is.

use std::fmt::Write;

use flowspec_analysis::model::Status;

use crate::graph::{Graph, LabelLine, NodeKind};
use crate::layout::{Direction, Path, Segment, num};
use crate::svg::drawing;
use crate::text::escape;

/// Room around the diagram on the page.
const MARGIN: f64 = 20.0;

/// The graph as a `.drawio` file, laid out as `svg_in(graph, direction)`.
pub fn drawio(graph: &Graph, direction: Option<Direction>) -> String {
    let d = drawing(graph, direction);
    let p = &d.placement;
    let title = graph.title.as_deref().unwrap_or("Data process");
    let mut out = String::with_capacity(2048 + 600 * (graph.nodes.len() + graph.edges.len()));
    out.push_str("<mxfile host=\"Flowspec\" agent=\"Flowspec\" type=\"device\">\n");
    let _ = writeln!(
        out,
        "  <diagram id=\"flowspec\" name=\"{}\">",
        escape(title)
    );
    let _ = writeln!(
        out,
        "    <mxGraphModel grid=\"1\" gridSize=\"10\" guides=\"1\" tooltips=\"1\" connect=\"1\" arrows=\"1\" fold=\"1\" page=\"1\" pageScale=\"1\" pageWidth=\"{}\" pageHeight=\"{}\" math=\"0\" shadow=\"0\">",
        num((p.width + 2.0 * MARGIN).ceil()),
        num((p.height + 2.0 * MARGIN).ceil())
    );
    out.push_str(
        "      <root>\n        <mxCell id=\"0\"/>\n        <mxCell id=\"1\" parent=\"0\"/>\n",
    );

    for (i, node) in graph.nodes.iter().enumerate() {
        let r = &p.nodes[i];
        let (shape, fill, stroke, extra) = match node.kind {
            NodeKind::Tool => ("rounded=1;arcSize=12;", "#eef4fc", "#4a72b0", ""),
            NodeKind::Role => ("rounded=1;arcSize=50;", "#f5f0ff", "#7c3aed", ""),
            NodeKind::Unknown => (
                "rounded=1;arcSize=12;",
                "#fef2f2",
                "#dc2626",
                "dashed=1;dashPattern=5 3;",
            ),
        };
        let mut label = format!("<b>{}</b>", escape(&node.label));
        if let Some(caption) = node.caption() {
            let color = if node.kind == NodeKind::Unknown {
                "#dc2626"
            } else {
                "#64748b"
            };
            let _ = write!(
                label,
                "<br><font style=\"font-size:10px\" color=\"{color}\">{}</font>",
                escape(&caption)
            );
        }
        let _ = writeln!(
            out,
            "        <mxCell id=\"fs-node-{i}\" value=\"{}\" style=\"{shape}whiteSpace=wrap;html=1;fillColor={fill};strokeColor={stroke};strokeWidth=1.5;{extra}fontColor=#1e293b;fontSize=13;fontFamily=Helvetica;\" vertex=\"1\" parent=\"1\">",
            escape(&label)
        );
        let _ = writeln!(
            out,
            "          <mxGeometry x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" as=\"geometry\"/>\n        </mxCell>",
            num(r.x + MARGIN),
            num(r.y + MARGIN),
            num(r.w),
            num(r.h)
        );
    }

    for (i, e) in graph.edges.iter().enumerate() {
        let flow = &graph.flows[e.flow];
        let placed = &p.edges[i];
        let (waypoints, curved) = waypoints(&placed.path);
        let color = if flow.complete() {
            "#475569"
        } else {
            "#d97706"
        };
        let mut style = format!(
            "html=1;endArrow=block;endFill=1;endSize=6;strokeColor={color};strokeWidth={};fontSize=11;fontFamily=Helvetica;fontColor=#1e293b;labelBackgroundColor=#ffffff;{}",
            if flow.complete() { "1.4" } else { "1.6" },
            if curved { "curved=1;" } else { "rounded=1;" }
        );
        if flow.status == Some(Status::Proposed) {
            style.push_str("dashed=1;dashPattern=6 4;");
        }
        let label: Vec<String> = flow
            .label_lines()
            .into_iter()
            .map(|(part, line)| {
                let line = escape(&line);
                match part {
                    LabelLine::Title => format!("<b>{line}</b>"),
                    LabelLine::Records => format!("<font color=\"#0f766e\"><i>{line}</i></font>"),
                    LabelLine::Schedule => format!("<font color=\"#475569\">{line}</font>"),
                    LabelLine::Progress => format!("<font color=\"#b45309\"><b>{line}</b></font>"),
                }
            })
            .collect();
        let label = label.join("<br>");
        let _ = writeln!(
            out,
            "        <mxCell id=\"fs-edge-{i}\" value=\"{}\" style=\"{style}\" edge=\"1\" parent=\"1\" source=\"fs-node-{}\" target=\"fs-node-{}\">",
            escape(&label),
            e.from,
            e.to
        );
        // The label where the SVG has it: an offset from the route's middle.
        let middle = midpoint(&placed.path);
        let (lx, ly) = placed.label.center();
        let _ = writeln!(
            out,
            "          <mxGeometry relative=\"1\" as=\"geometry\">\n            <mxPoint x=\"{}\" y=\"{}\" as=\"offset\"/>",
            num(lx - middle.0),
            num(ly - middle.1)
        );
        if !waypoints.is_empty() {
            out.push_str("            <Array as=\"points\">\n");
            for (x, y) in waypoints {
                let _ = writeln!(
                    out,
                    "              <mxPoint x=\"{}\" y=\"{}\"/>",
                    num(x + MARGIN),
                    num(y + MARGIN)
                );
            }
            out.push_str("            </Array>\n");
        }
        out.push_str("          </mxGeometry>\n        </mxCell>\n");
    }
    out.push_str("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n");
    out
}

/// The route's bends (its ends are where it meets its boxes, which
/// diagrams.net finds itself), and whether it curves rather than turns at
/// right angles.
fn waypoints(path: &Path) -> (Vec<(f64, f64)>, bool) {
    let mut points = Vec::new();
    let mut curved = false;
    let mut from = path.start;
    let last = path.segments.len().saturating_sub(1);
    for (i, segment) in path.segments.iter().enumerate() {
        match *segment {
            // A rounded corner: its control points are the corner.
            Segment::Cubic(a, b, _) if a == b => points.push(a),
            Segment::Cubic(_, _, end) => {
                curved = true;
                let one = Path {
                    start: from,
                    segments: vec![*segment],
                };
                points.extend(one.sample(4).into_iter().skip(1).take(3));
                if i != last {
                    points.push(end);
                }
            }
            Segment::Line(_) => {}
        }
        from = match *segment {
            Segment::Line(p) | Segment::Cubic(_, _, p) => p,
        };
    }
    points.dedup();
    (points, curved)
}

/// The point halfway along the route, where diagrams.net puts a label.
fn midpoint(path: &Path) -> (f64, f64) {
    let points = path.sample(8);
    let length = |a: (f64, f64), b: (f64, f64)| ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    let total: f64 = points.windows(2).map(|w| length(w[0], w[1])).sum();
    let mut walked = 0.0;
    for w in points.windows(2) {
        let step = length(w[0], w[1]);
        if walked + step >= total / 2.0 && step > 0.0 {
            let t = (total / 2.0 - walked) / step;
            return (
                w[0].0 + (w[1].0 - w[0].0) * t,
                w[0].1 + (w[1].1 - w[0].1) * t,
            );
        }
        walked += step;
    }
    path.start
}

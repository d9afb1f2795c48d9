//! The graph as an SVG picture: measured text, a layered layout, routes that
//! keep out of the boxes, a title and a legend.
//!
//! Stable hooks for tests, styles and scripts: every node is a
//! `<g class="fs-node fs-tool|fs-role|fs-unknown" id="fs-node-N">`, every hop
//! a `<g class="fs-edge" id="fs-edge-N">` (plus `fs-incomplete` when its
//! flow leaves questions unanswered and `fs-proposed` for a proposed flow)
//! with one `<path class="fs-edge-line">`, and every hop's label a
//! `<g class="fs-edge-label" data-edge="N">`. The root is
//! `<svg class="flowspec-graph">`.

use std::fmt::Write;

use flowspec_analysis::model::Status;

use crate::graph::{FlowSummary, Graph, LabelLine, NodeKind};
use crate::layout::{Direction, EdgeRequest, Placement, Rect, Request, num, place, place_in};
use crate::text::{Font, ellipsize, escape, wrap};

const FONT_FAMILY: &str = "Helvetica, Arial, 'Liberation Sans', 'Nimbus Sans', sans-serif";

const NODE_NAME: Font = Font::bold(13.0);
const NODE_CAPTION: Font = Font::regular(10.5);
const LABEL_NAME: Font = Font::bold(11.0);
const LABEL_DETAIL: Font = Font::regular(10.5);
const TITLE: Font = Font::bold(16.0);
const SUBTITLE: Font = Font::regular(11.5);
const LEGEND: Font = Font::regular(11.0);

const NODE_PAD: (f64, f64) = (14.0, 8.0);
const NODE_MIN_WIDTH: f64 = 104.0;
const NODE_TEXT_MAX: f64 = 190.0;
/// Room for the person icon in a role's box.
const ICON_ROOM: f64 = 24.0;
const LABEL_TEXT_MAX: f64 = 230.0;
const MARGIN: f64 = 16.0;

/// A node's text, measured.
struct NodeText {
    name: Vec<String>,
    caption: Option<String>,
    size: (f64, f64),
}

/// A hop's label, measured: lines and their kinds.
struct LabelText {
    lines: Vec<(LineKind, String)>,
    size: (f64, f64),
}

#[derive(Clone, Copy, PartialEq)]
enum LineKind {
    Name,
    Records,
    Schedule,
    Progress,
}

impl LineKind {
    fn font(self) -> Font {
        match self {
            LineKind::Name => LABEL_NAME,
            LineKind::Records | LineKind::Schedule => LABEL_DETAIL,
            LineKind::Progress => Font::bold(LABEL_DETAIL.size),
        }
    }

    fn class(self) -> &'static str {
        match self {
            LineKind::Name => "fs-label-name",
            LineKind::Records => "fs-label-records",
            LineKind::Schedule => "fs-label-schedule",
            LineKind::Progress => "fs-label-progress",
        }
    }
}

fn node_text(graph: &Graph, i: usize) -> NodeText {
    let node = &graph.nodes[i];
    let name = wrap(&node.label, NODE_NAME, NODE_TEXT_MAX, 2);
    let caption = node
        .caption()
        .map(|c| ellipsize(&c, NODE_CAPTION, NODE_TEXT_MAX));
    let text_w = name
        .iter()
        .map(|l| NODE_NAME.width(l))
        .chain(caption.iter().map(|c| NODE_CAPTION.width(c)))
        .fold(0.0, f64::max);
    let icon = if node.kind == NodeKind::Role {
        ICON_ROOM
    } else {
        0.0
    };
    let lines_h = name.len() as f64 * NODE_NAME.line_height()
        + caption.as_ref().map_or(0.0, |_| NODE_CAPTION.line_height());
    let w = (text_w + 2.0 * NODE_PAD.0 + icon)
        .max(NODE_MIN_WIDTH)
        .ceil();
    // Roles are drawn as a pill: keep the text clear of its round ends.
    let w = if node.kind == NodeKind::Role {
        w + 8.0
    } else {
        w
    };
    let h = (lines_h + 2.0 * NODE_PAD.1).max(40.0).ceil();
    NodeText {
        name,
        caption,
        size: (w, h),
    }
}

fn label_text(flow: &FlowSummary) -> LabelText {
    let mut lines: Vec<(LineKind, String)> = Vec::new();
    for (part, text) in flow.label_lines() {
        match part {
            LabelLine::Title => lines.extend(
                wrap(&text, LABEL_NAME, LABEL_TEXT_MAX, 2)
                    .into_iter()
                    .map(|l| (LineKind::Name, l)),
            ),
            LabelLine::Records => lines.push((
                LineKind::Records,
                ellipsize(&text, LABEL_DETAIL, LABEL_TEXT_MAX),
            )),
            LabelLine::Schedule => lines.push((
                LineKind::Schedule,
                ellipsize(&text, LABEL_DETAIL, LABEL_TEXT_MAX),
            )),
            LabelLine::Progress => lines.push((LineKind::Progress, text)),
        }
    }
    let w = lines
        .iter()
        .map(|(k, l)| k.font().width(l))
        .fold(0.0, f64::max)
        .ceil();
    let h = lines.iter().map(|(k, _)| k.font().line_height()).sum();
    LabelText {
        lines,
        size: (w, h),
    }
}

/// The measured graph and where everything goes.
pub(crate) struct Drawing {
    nodes: Vec<NodeText>,
    labels: Vec<LabelText>,
    pub(crate) placement: Placement,
}

pub(crate) fn drawing(graph: &Graph, direction: Option<Direction>) -> Drawing {
    let nodes: Vec<NodeText> = (0..graph.nodes.len())
        .map(|i| node_text(graph, i))
        .collect();
    let labels: Vec<LabelText> = graph.flows.iter().map(label_text).collect();
    let request = Request {
        nodes: nodes.iter().map(|n| n.size).collect(),
        edges: graph
            .edges
            .iter()
            .map(|e| EdgeRequest {
                from: e.from,
                to: e.to,
                label: labels[e.flow].size,
            })
            .collect(),
    };
    Drawing {
        placement: match direction {
            Some(d) => place_in(&request, d),
            None => place(&request),
        },
        nodes,
        labels,
    }
}

/// The graph as a standalone SVG document, left to right unless top to
/// bottom fits much better. Deterministic.
pub fn svg(graph: &Graph) -> String {
    svg_in(graph, None)
}

/// The graph as a standalone SVG document, in the given direction (or the
/// better one for `None`).
pub fn svg_in(graph: &Graph, direction: Option<Direction>) -> String {
    render(graph, direction, true)
}

/// The SVG, with or without its title and counts (a page that has its own
/// leaves them out).
pub(crate) fn render(graph: &Graph, direction: Option<Direction>, header: bool) -> String {
    let d = drawing(graph, direction);
    let p = &d.placement;
    let frame = Frame::of(graph, p, header);

    let mut out = String::with_capacity(4096 + 1500 * (graph.nodes.len() + graph.edges.len()));
    draw_header(&mut out, graph, &frame);
    let _ = writeln!(
        out,
        r#"<g class="fs-diagram" transform="translate({} {})">"#,
        num(frame.body_x),
        num(frame.body_y)
    );
    if graph.nodes.is_empty() {
        let _ = writeln!(
            out,
            r#"<text class="fs-empty" x="{}" y="24">No flows to draw: write one, such as commcare -&gt; dhis2.</text>"#,
            num(MARGIN)
        );
    }
    // Edges first, so nodes and labels sit on top of line ends.
    draw_edges(&mut out, graph, p);
    out.push_str("<g class=\"fs-nodes\">\n");
    for i in 0..graph.nodes.len() {
        draw_node(&mut out, graph, i, &d.nodes[i], &p.nodes[i]);
    }
    out.push_str("</g>\n");
    draw_edge_labels(&mut out, graph, &d);
    out.push_str("</g>\n");

    draw_legend(&mut out, &frame.legend_rows, frame.legend_y, frame.width);
    out.push_str("</svg>\n");
    out
}

/// The picture's frame: its size, the header's texts, where the diagram
/// and the legend go.
struct Frame {
    width: f64,
    height: f64,
    title: Option<String>,
    subtitle: String,
    header: bool,
    body_x: f64,
    body_y: f64,
    legend_y: f64,
    legend_rows: Vec<LegendRow>,
}

impl Frame {
    fn of(graph: &Graph, p: &Placement, header: bool) -> Frame {
        let mut header_h = if header { MARGIN } else { 0.0 };
        let title = graph
            .title
            .as_ref()
            .filter(|_| header)
            .map(|t| ellipsize(t, TITLE, 900.0));
        if title.is_some() {
            header_h += TITLE.line_height();
        }
        let subtitle = summary(graph);
        if header {
            header_h += SUBTITLE.line_height() + 4.0;
        }

        let legend = legend_items(graph);
        let content_w = p
            .width
            .max(
                title
                    .as_ref()
                    .map_or(0.0, |t| TITLE.width(t) + 2.0 * MARGIN),
            )
            .max(if header {
                SUBTITLE.width(&subtitle) + 2.0 * MARGIN
            } else {
                0.0
            })
            .max(360.0);
        let (legend_rows, legend_h) = legend_rows(&legend, content_w - 2.0 * MARGIN);
        let legend_w: f64 = legend_rows
            .iter()
            .map(|row| row.iter().map(|(w, _)| *w).sum::<f64>() + 2.0 * MARGIN)
            .fold(0.0, f64::max);
        let width = content_w.max(legend_w).ceil();
        let empty_h = if graph.nodes.is_empty() { 40.0 } else { 0.0 };
        let body_y = header_h;
        let legend_y = body_y + p.height + empty_h + 6.0;
        let height = (legend_y + legend_h + MARGIN).ceil();
        Frame {
            width,
            height,
            title,
            subtitle,
            header,
            // Centre the diagram when the header or legend is wider.
            body_x: ((width - p.width) / 2.0).floor().max(0.0),
            body_y,
            legend_y,
            legend_rows,
        }
    }
}

/// The `<svg>` element, its title, style and background, and the header.
fn draw_header(out: &mut String, graph: &Graph, frame: &Frame) {
    let (width, height) = (frame.width, frame.height);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="flowspec-graph" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="fs-title" font-family="{FONT_FAMILY}">"#,
        w = num(width),
        h = num(height)
    );
    out.push('\n');
    let _ = writeln!(
        out,
        r#"<title id="fs-title">{}</title>"#,
        escape(&format!(
            "{}{}",
            graph
                .title
                .as_ref()
                .map(|t| format!("{t} — "))
                .unwrap_or_default(),
            frame.subtitle
        ))
    );
    out.push_str(STYLE);
    out.push_str(DEFS);
    let _ = writeln!(
        out,
        r##"<rect class="fs-background" width="{}" height="{}" fill="#ffffff"/>"##,
        num(width),
        num(height)
    );
    let mut y = MARGIN;
    if let Some(t) = &frame.title {
        y += TITLE.size;
        let _ = writeln!(
            out,
            r#"<text class="fs-title" x="{}" y="{}">{}</text>"#,
            num(MARGIN),
            num(y),
            escape(t)
        );
        y += TITLE.line_height() - TITLE.size;
    }
    if frame.header {
        y += SUBTITLE.size;
        let _ = writeln!(
            out,
            r#"<text class="fs-subtitle" x="{}" y="{}">{}</text>"#,
            num(MARGIN),
            num(y),
            escape(&frame.subtitle)
        );
    }
}

/// Each arrow, with its flow, ends and tooltip as data for the page.
fn draw_edges(out: &mut String, graph: &Graph, p: &Placement) {
    out.push_str("<g class=\"fs-edges\">\n");
    for (i, e) in graph.edges.iter().enumerate() {
        let flow = &graph.flows[e.flow];
        let (from, to) = (&graph.nodes[e.from], &graph.nodes[e.to]);
        let mut class = String::from("fs-edge");
        if !flow.complete() {
            class.push_str(" fs-incomplete");
        }
        if flow.status == Some(Status::Proposed) {
            class.push_str(" fs-proposed");
        }
        let marker = if flow.complete() {
            "fs-arrow"
        } else {
            "fs-arrow-warn"
        };
        let _ = writeln!(
            out,
            r#"<g class="{class}" id="fs-edge-{i}" data-flow="{}" data-from="{}" data-to="{}"><title>{}</title><path class="fs-edge-line" d="{}" marker-end="url(#{marker})"/></g>"#,
            escape(&flow.name),
            escape(&from.id),
            escape(&to.id),
            escape(&edge_tooltip(graph, i)),
            p.edges[i].path.to_svg(),
        );
    }
    out.push_str("</g>\n");
}

/// Each arrow's label, line by line, centred in the box the layout gave it.
fn draw_edge_labels(out: &mut String, graph: &Graph, d: &Drawing) {
    let p = &d.placement;
    out.push_str("<g class=\"fs-edge-labels\">\n");
    for (i, e) in graph.edges.iter().enumerate() {
        let flow = &graph.flows[e.flow];
        let label = &d.labels[e.flow];
        let r = &p.edges[i].label;
        let mut class = String::from("fs-edge-label");
        if !flow.complete() {
            class.push_str(" fs-incomplete");
        }
        let _ = write!(out, r#"<g class="{class}" data-edge="{i}">"#);
        let cx = r.x + r.w / 2.0;
        let mut y = r.y;
        for (kind, line) in &label.lines {
            let font = kind.font();
            y += font.line_height();
            let _ = write!(
                out,
                r#"<text class="{}" x="{}" y="{}">{}</text>"#,
                kind.class(),
                num(cx),
                // The baseline: a line's height less its descent.
                num(y - (font.line_height() - font.size) / 2.0 - font.size * 0.2),
                escape(line)
            );
        }
        out.push_str("</g>\n");
    }
    out.push_str("</g>\n");
}

/// `8 flows · 9 tools · 1 person · 2 leave questions unanswered`.
fn summary(graph: &Graph) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let tools = graph
        .nodes
        .iter()
        .filter(|n| n.kind != NodeKind::Role)
        .count();
    let people = graph.nodes.len() - tools;
    let incomplete = graph.flows.iter().filter(|f| !f.complete()).count();
    let mut parts = vec![
        plural(graph.flows.len(), "flow", "flows"),
        plural(tools, "tool", "tools"),
    ];
    if people > 0 {
        parts.push(plural(people, "person", "people"));
    }
    parts.push(match incomplete {
        0 => "every question answered".to_string(),
        1 => "1 flow leaves questions unanswered".to_string(),
        n => format!("{n} flows leave questions unanswered"),
    });
    parts.join(" · ")
}

fn edge_tooltip(graph: &Graph, edge: usize) -> String {
    let e = &graph.edges[edge];
    let flow = &graph.flows[e.flow];
    let mut t = format!(
        "{}: {} → {}",
        flow.name, graph.nodes[e.from].label, graph.nodes[e.to].label
    );
    if let Some(records) = flow.moves() {
        let _ = write!(t, "\nrecords: {records}");
    }
    for (what, v) in [
        ("frequency", &flow.frequency),
        ("timing", &flow.timing),
        ("volume", &flow.volume),
    ] {
        if let Some(v) = v {
            let _ = write!(t, "\n{what}: {v}");
        }
    }
    if let Some(status) = flow.status {
        let _ = write!(t, "\nstatus: {}", status.as_str());
    }
    if !flow.missing.is_empty() {
        let missing: Vec<&str> = flow.missing.iter().map(|c| c.title()).collect();
        let _ = write!(t, "\nunanswered: {}", missing.join(", "));
    }
    if flow.open > 0 {
        let _ = write!(t, "\nopen questions: {}", flow.open);
    }
    t
}

fn draw_node(out: &mut String, graph: &Graph, i: usize, text: &NodeText, r: &Rect) {
    let node = &graph.nodes[i];
    let mut tip = format!("{} ({})", node.label, node.id);
    match node.kind {
        NodeKind::Tool => {
            if let Some(k) = node.tool_kind {
                let _ = write!(tip, "\nkind: {}", k.describe());
            }
        }
        NodeKind::Role => {
            tip.push_str("\na person: moves data by hand (a candidate for automation)")
        }
        NodeKind::Unknown => tip.push_str("\nnot declared, and not a tool Flowspec knows"),
    }
    if let Some(o) = &node.owner {
        let _ = write!(tip, "\nowner: {o}");
    }
    if let Some(a) = &node.adaptor {
        let _ = write!(tip, "\nOpenFn adaptor: {a}");
    }
    let _ = write!(
        out,
        r#"<g class="fs-node fs-{}" id="fs-node-{i}" data-name="{}"><title>{}</title>"#,
        node.kind.as_str(),
        escape(&node.id),
        escape(&tip)
    );
    let rx = match node.kind {
        NodeKind::Role => r.h / 2.0,
        _ => 8.0,
    };
    let _ = write!(
        out,
        r#"<rect class="fs-node-shape" x="{}" y="{}" width="{}" height="{}" rx="{}"/>"#,
        num(r.x),
        num(r.y),
        num(r.w),
        num(r.h),
        num(rx)
    );
    let mut cx = r.x + r.w / 2.0;
    if node.kind == NodeKind::Role {
        // A person: head and shoulders, left of the text.
        let ix = r.x + 12.0 + ICON_ROOM / 2.0;
        let iy = r.y + r.h / 2.0;
        let _ = write!(
            out,
            r#"<g class="fs-person-icon"><circle cx="{}" cy="{}" r="4.2"/><path d="M{} {} a7.5 7.5 0 0 1 15 0 z"/></g>"#,
            num(ix),
            num(iy - 5.0),
            num(ix - 7.5),
            num(iy + 9.0)
        );
        cx += ICON_ROOM / 2.0;
    }
    let total = text.name.len() as f64 * NODE_NAME.line_height()
        + text
            .caption
            .as_ref()
            .map_or(0.0, |_| NODE_CAPTION.line_height());
    let mut y = r.y + (r.h - total) / 2.0;
    for line in &text.name {
        y += NODE_NAME.line_height();
        let _ = write!(
            out,
            r#"<text class="fs-node-name" x="{}" y="{}">{}</text>"#,
            num(cx),
            num(y - NODE_NAME.size * 0.32),
            escape(line)
        );
    }
    if let Some(c) = &text.caption {
        y += NODE_CAPTION.line_height();
        let _ = write!(
            out,
            r#"<text class="fs-node-caption" x="{}" y="{}">{}</text>"#,
            num(cx),
            num(y - NODE_CAPTION.size * 0.3),
            escape(c)
        );
    }
    out.push_str("</g>\n");
}

/// One entry of the legend: a swatch and its words.
#[derive(Clone, Copy)]
enum Swatch {
    Tool,
    Role,
    Unknown,
    Edge,
    Incomplete,
    Proposed,
}

fn legend_items(graph: &Graph) -> Vec<(Swatch, &'static str)> {
    let mut items = vec![
        (Swatch::Tool, "Tool (its kind below its name)"),
        (Swatch::Role, "Person: moves data by hand"),
    ];
    if graph.nodes.iter().any(|n| n.kind == NodeKind::Unknown) {
        items.push((Swatch::Unknown, "Unknown step"));
    }
    items.push((Swatch::Edge, "Flow: name, frequency, timing"));
    items.push((Swatch::Incomplete, "Flow with unanswered questions"));
    if graph
        .flows
        .iter()
        .any(|f| f.status == Some(Status::Proposed))
    {
        items.push((Swatch::Proposed, "Proposed flow"));
    }
    items
}

const SWATCH_W: f64 = 30.0;
const LEGEND_GAP: f64 = 22.0;
const LEGEND_ROW: f64 = 24.0;

type LegendRow = Vec<(f64, (Swatch, &'static str))>;

fn legend_rows(items: &[(Swatch, &'static str)], max: f64) -> (Vec<LegendRow>, f64) {
    let mut rows: Vec<LegendRow> = vec![Vec::new()];
    let mut used = 0.0;
    for &item in items {
        let w = SWATCH_W + 8.0 + LEGEND.width(item.1) + LEGEND_GAP;
        if used + w > max && !rows.last().is_some_and(Vec::is_empty) {
            rows.push(Vec::new());
            used = 0.0;
        }
        rows.last_mut().expect("a row").push((w, item));
        used += w;
    }
    let h = 12.0 + rows.len() as f64 * LEGEND_ROW;
    (rows, h)
}

fn draw_legend(out: &mut String, rows: &[LegendRow], top: f64, width: f64) {
    let _ = writeln!(
        out,
        r#"<g class="fs-legend" transform="translate(0 {})">"#,
        num(top)
    );
    let _ = writeln!(
        out,
        r#"<line class="fs-legend-rule" x1="{}" y1="0" x2="{}" y2="0"/>"#,
        num(MARGIN),
        num(width - MARGIN)
    );
    for (r, row) in rows.iter().enumerate() {
        let cy = 12.0 + LEGEND_ROW * (r as f64 + 0.5);
        let mut x = MARGIN;
        for &(w, (swatch, words)) in row {
            out.push_str("<g class=\"fs-legend-item\">");
            let (sx, sy) = (x, cy - 8.0);
            let _ = match swatch {
                Swatch::Tool => write!(
                    out,
                    r#"<rect class="fs-node-shape fs-legend-tool" x="{}" y="{}" width="{SWATCH_W}" height="16" rx="4"/>"#,
                    num(sx),
                    num(sy)
                ),
                Swatch::Role => write!(
                    out,
                    r#"<rect class="fs-node-shape fs-legend-role" x="{}" y="{}" width="{SWATCH_W}" height="16" rx="8"/>"#,
                    num(sx),
                    num(sy)
                ),
                Swatch::Unknown => write!(
                    out,
                    r#"<rect class="fs-node-shape fs-legend-unknown" x="{}" y="{}" width="{SWATCH_W}" height="16" rx="4"/>"#,
                    num(sx),
                    num(sy)
                ),
                Swatch::Edge | Swatch::Incomplete | Swatch::Proposed => {
                    let (class, marker) = match swatch {
                        Swatch::Incomplete => {
                            ("fs-legend-line fs-legend-incomplete", "fs-arrow-warn")
                        }
                        Swatch::Proposed => ("fs-legend-line fs-legend-proposed", "fs-arrow"),
                        _ => ("fs-legend-line", "fs-arrow"),
                    };
                    write!(
                        out,
                        r#"<path class="{class}" d="M{} {} H{}" marker-end="url(#{marker})"/>"#,
                        num(sx),
                        num(cy),
                        num(sx + SWATCH_W)
                    )
                }
            };
            let _ = write!(
                out,
                r#"<text class="fs-legend-text" x="{}" y="{}">{}</text></g>"#,
                num(x + SWATCH_W + 8.0),
                num(cy + LEGEND.size * 0.35),
                escape(words)
            );
            out.push('\n');
            x += w;
        }
    }
    out.push_str("</g>\n");
}

const STYLE: &str = concat!(
    "<style>\n",
    ".flowspec-graph text{fill:#1e293b}\n",
    ".flowspec-graph .fs-title{font-size:16px;font-weight:bold}\n",
    ".flowspec-graph .fs-subtitle{font-size:11.5px;fill:#64748b}\n",
    ".flowspec-graph .fs-empty{font-size:13px;fill:#64748b}\n",
    ".flowspec-graph .fs-node-shape{stroke-width:1.5}\n",
    ".flowspec-graph .fs-tool .fs-node-shape,.flowspec-graph .fs-legend-tool{fill:#eef4fc;stroke:#4a72b0}\n",
    ".flowspec-graph .fs-role .fs-node-shape,.flowspec-graph .fs-legend-role{fill:#f5f0ff;stroke:#7c3aed}\n",
    ".flowspec-graph .fs-unknown .fs-node-shape,.flowspec-graph .fs-legend-unknown{fill:#fef2f2;stroke:#dc2626;stroke-dasharray:5 3}\n",
    ".flowspec-graph .fs-person-icon{fill:#7c3aed}\n",
    ".flowspec-graph .fs-node-name{font-size:13px;font-weight:bold;text-anchor:middle}\n",
    ".flowspec-graph .fs-node-caption{font-size:10.5px;fill:#64748b;text-anchor:middle}\n",
    ".flowspec-graph .fs-unknown .fs-node-caption{fill:#dc2626}\n",
    ".flowspec-graph .fs-edge-line,.flowspec-graph .fs-legend-line{fill:none;stroke:#475569;stroke-width:1.4}\n",
    ".flowspec-graph .fs-incomplete .fs-edge-line,.flowspec-graph .fs-legend-incomplete{stroke:#d97706;stroke-width:1.6}\n",
    ".flowspec-graph .fs-proposed .fs-edge-line,.flowspec-graph .fs-legend-proposed{stroke-dasharray:6 4}\n",
    ".flowspec-graph .fs-edge-label text{text-anchor:middle}\n",
    ".flowspec-graph .fs-label-name{font-size:11px;font-weight:bold}\n",
    ".flowspec-graph .fs-label-records{font-size:10.5px;font-style:italic;fill:#0f766e}\n",
    ".flowspec-graph .fs-label-schedule{font-size:10.5px;fill:#475569}\n",
    ".flowspec-graph .fs-label-progress{font-size:10.5px;font-weight:bold;fill:#b45309}\n",
    ".flowspec-graph .fs-legend-rule{stroke:#e2e8f0}\n",
    ".flowspec-graph .fs-legend-text{font-size:11px;fill:#475569}\n",
    "</style>\n",
);

const DEFS: &str = concat!(
    "<defs>",
    r##"<marker id="fs-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#475569"/></marker>"##,
    r##"<marker id="fs-arrow-warn" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto"><path d="M0 0 L10 5 L0 10 z" fill="#d97706"/></marker>"##,
    "</defs>\n",
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::graph;
    use flowspec_analysis::Workspace;

    fn fixture() -> Graph {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/diagram/forty-flows.flow"
        );
        let mut ws = Workspace::new();
        ws.set_file("forty-flows.flow", std::fs::read_to_string(path).unwrap());
        graph(&ws, None).unwrap()
    }

    #[test]
    fn no_label_on_a_label_or_a_node() {
        let g = fixture();
        for direction in [Direction::LeftToRight, Direction::TopToBottom] {
            let d = drawing(&g, Some(direction));
            let p = &d.placement;
            for (i, a) in p.edges.iter().enumerate() {
                for (j, b) in p.edges.iter().enumerate().skip(i + 1) {
                    assert!(
                        !a.label.overlaps(&b.label),
                        "{direction:?}: labels {i} and {j} overlap: {:?} {:?}",
                        a.label,
                        b.label
                    );
                }
                for (n, r) in p.nodes.iter().enumerate() {
                    assert!(!a.label.overlaps(r), "{direction:?}: label {i} on node {n}");
                }
            }
        }
    }
}

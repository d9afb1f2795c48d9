//! Where everything goes: a layered layout by `layout-rs`, and edge routes
//! that keep out of every node box.
//!
//! `layout-rs` ranks the nodes left to right, turns each edge label into a
//! node of its own and each long edge into a chain of dummy nodes, orders
//! each rank to reduce crossings and places the nodes (Brandes-Köpf). We
//! ask it for the positions only and draw the routes ourselves:
//!
//! - Hops between the same two nodes share one layout edge (a *bundle*)
//!   whose label node holds one lane per hop: that hop's label, with its
//!   line just below it.
//! - A rank is a column. Inside a column a route runs horizontally, at a
//!   height that belongs to its own label, dummy or node, which no other
//!   box of the column shares; between columns it is a curve that stays in
//!   the gap, where there are no boxes. So no route crosses a box it does
//!   not start or end at, and no label sits on another line.
//!
//! `layout-rs` sizes a label node from its text: characters × font size
//! wide, lines × font size high, plus padding. We give it a placeholder of
//! our own, as many characters and lines as reserve the room our label
//! needs (rounded up to its 15-pixel font), whose first line carries the
//! bundle's number, to find the label node again wherever `layout-rs` moves
//! it along its edge.

use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Once;

use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

/// An axis-aligned box: top-left corner and size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }

    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    /// Whether the two boxes share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }

    pub fn contains(&self, (x, y): (f64, f64)) -> bool {
        x > self.x && x < self.right() && y > self.y && y < self.bottom()
    }

    fn translate(&mut self, dx: f64, dy: f64) {
        self.x += dx;
        self.y += dy;
    }

    fn transposed(&self) -> Rect {
        Rect {
            x: self.y,
            y: self.x,
            w: self.h,
            h: self.w,
        }
    }
}

/// A route: a start point and straight or cubic segments.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Path {
    pub start: (f64, f64),
    pub segments: Vec<Segment>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Segment {
    Line((f64, f64)),
    Cubic((f64, f64), (f64, f64), (f64, f64)),
}

impl Segment {
    fn end(&self) -> (f64, f64) {
        match *self {
            Segment::Line(p) | Segment::Cubic(_, _, p) => p,
        }
    }
}

impl Path {
    fn new(start: (f64, f64)) -> Path {
        Path {
            start,
            segments: Vec::new(),
        }
    }

    pub fn end(&self) -> (f64, f64) {
        self.segments.last().map_or(self.start, Segment::end)
    }

    fn line_to(&mut self, p: (f64, f64)) {
        if self.end() != p {
            self.segments.push(Segment::Line(p));
        }
    }

    /// A curve that leaves and arrives horizontally.
    fn curve_to(&mut self, p: (f64, f64)) {
        let from = self.end();
        if (from.1 - p.1).abs() < 0.5 {
            self.line_to(p);
            return;
        }
        let dx = (p.0 - from.0) / 2.0;
        self.segments
            .push(Segment::Cubic((from.0 + dx, from.1), (p.0 - dx, p.1), p));
    }

    /// The same route, travelled the other way.
    fn reversed(&self) -> Path {
        let mut points = vec![self.start];
        points.extend(self.segments.iter().map(Segment::end));
        let mut out = Path::new(self.end());
        for (i, segment) in self.segments.iter().enumerate().rev() {
            let to = points[i];
            out.segments.push(match *segment {
                Segment::Line(_) => Segment::Line(to),
                Segment::Cubic(c1, c2, _) => Segment::Cubic(c2, c1, to),
            });
        }
        out
    }

    fn transpose(&mut self) {
        self.map(|p| *p = (p.1, p.0));
    }

    fn translate(&mut self, dx: f64, dy: f64) {
        self.map(|p| {
            p.0 += dx;
            p.1 += dy;
        });
    }

    fn map(&mut self, m: impl Fn(&mut (f64, f64))) {
        m(&mut self.start);
        for s in &mut self.segments {
            match s {
                Segment::Line(p) => m(p),
                Segment::Cubic(a, b, p) => {
                    m(a);
                    m(b);
                    m(p);
                }
            }
        }
    }

    /// The SVG path data, rounded to a tenth of a pixel.
    pub fn to_svg(&self) -> String {
        let mut d = format!("M{} {}", num(self.start.0), num(self.start.1));
        for s in &self.segments {
            match *s {
                Segment::Line((x, y)) => d.push_str(&format!(" L{} {}", num(x), num(y))),
                Segment::Cubic(a, b, p) => d.push_str(&format!(
                    " C{} {} {} {} {} {}",
                    num(a.0),
                    num(a.1),
                    num(b.0),
                    num(b.1),
                    num(p.0),
                    num(p.1)
                )),
            }
        }
        d
    }

    /// Points along the route, `per_segment` for each curve: to check where
    /// it goes.
    pub fn sample(&self, per_segment: usize) -> Vec<(f64, f64)> {
        let mut out = vec![self.start];
        let mut from = self.start;
        for s in &self.segments {
            match *s {
                Segment::Line(p) => {
                    for i in 1..=per_segment {
                        let t = i as f64 / per_segment as f64;
                        out.push((from.0 + (p.0 - from.0) * t, from.1 + (p.1 - from.1) * t));
                    }
                }
                Segment::Cubic(a, b, p) => {
                    for i in 1..=per_segment {
                        let t = i as f64 / per_segment as f64;
                        let u = 1.0 - t;
                        let f = |p0: f64, p1: f64, p2: f64, p3: f64| {
                            u * u * u * p0
                                + 3.0 * u * u * t * p1
                                + 3.0 * u * t * t * p2
                                + t * t * t * p3
                        };
                        out.push((f(from.0, a.0, b.0, p.0), f(from.1, a.1, b.1, p.1)));
                    }
                }
            }
            from = s.end();
        }
        out
    }
}

/// A route along horizontal and vertical lines through the points, with
/// rounded corners.
fn orthogonal(points: &[(f64, f64)]) -> Path {
    const RADIUS: f64 = 6.0;
    let mut path = Path::new(points[0]);
    for i in 1..points.len() {
        let (p, c) = (points[i - 1], points[i]);
        let Some(&n) = points.get(i + 1) else {
            path.line_to(c);
            break;
        };
        let toward = |from: (f64, f64), to: (f64, f64), by: f64| {
            let len = ((to.0 - from.0).powi(2) + (to.1 - from.1).powi(2)).sqrt();
            if len == 0.0 {
                return from;
            }
            let t = (by / len).min(0.5);
            (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t)
        };
        let a = toward(c, p, RADIUS);
        let b = toward(c, n, RADIUS);
        path.line_to(a);
        path.segments.push(Segment::Cubic(c, c, b));
    }
    path
}

/// A number for SVG: at most one decimal, no `-0`.
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 {
        "0".to_string()
    } else if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// What to lay out: the size of each node's drawing, and for each edge its
/// ends and the size of its label.
#[derive(Debug, Clone)]
pub struct Request {
    pub nodes: Vec<(f64, f64)>,
    pub edges: Vec<EdgeRequest>,
}

#[derive(Debug, Clone, Copy)]
pub struct EdgeRequest {
    pub from: usize,
    pub to: usize,
    /// Width and height of the label text block.
    pub label: (f64, f64),
}

/// Where everything is, in a canvas whose top-left corner is (0, 0).
#[derive(Debug, Clone, Default)]
pub struct Placement {
    pub width: f64,
    pub height: f64,
    /// The drawing box of each node.
    pub nodes: Vec<Rect>,
    /// For each edge, its route (from its `from` node to its `to` node)
    /// and where its label text goes.
    pub edges: Vec<EdgePlacement>,
}

#[derive(Debug, Clone)]
pub struct EdgePlacement {
    pub path: Path,
    pub label: Rect,
}

/// Room kept round the drawings, in left-to-right terms (x along the
/// flow). `layout-rs` adds 30 pixels on each side of a node, 5 of a label.
#[derive(Debug, Clone, Copy)]
struct Spacing {
    /// Round a node: the gap between columns, and between the boxes of a
    /// column, grows by twice these.
    node: (f64, f64),
    /// Round a label box.
    label: (f64, f64),
    /// Between a label's text and its line.
    line_gap: f64,
    /// Between a line and the next label of its bundle.
    lane_gap: f64,
}

impl Spacing {
    fn of(direction: Direction) -> Spacing {
        match direction {
            Direction::LeftToRight => Spacing {
                node: (24.0, 0.0),
                label: (16.0, 2.0),
                line_gap: 3.0,
                lane_gap: 6.0,
            },
            // Here x is down the page: ranks closer, labels beside their
            // (vertical) lines with room before the next.
            Direction::TopToBottom => Spacing {
                node: (6.0, 0.0),
                label: (4.0, 4.0),
                line_gap: 6.0,
                lane_gap: 16.0,
            },
        }
    }
}
/// Room around the whole picture.
const PADDING: f64 = 16.0;
/// Room on each side of a loop's label, and above it.
const LOOP_REACH: f64 = 14.0;
const LOOP_GAP: f64 = 10.0;
/// Padding `layout-rs` adds to a label's text size, and the font size its
/// own dummy nodes have (a label it moves onto one takes that size).
const LIB_LABEL_PADDING: f64 = 10.0;
const LIB_FONT: f64 = 15.0;
/// Above this many bundles, skip `layout-rs`'s crossing reduction, whose
/// cost grows with the cube of a rank's size: a picture in good time
/// matters more than the last crossing.
const OPTIMIZE_LIMIT: usize = 120;

/// Which way the flows run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    LeftToRight,
    TopToBottom,
}

/// Lays out the request, left to right unless that is much wider than
/// tall and top to bottom fits a page better. Deterministic: the same
/// request gives the same placement.
pub fn place(request: &Request) -> Placement {
    let wide = place_in(request, Direction::LeftToRight);
    if wide.width <= TOO_WIDE * wide.height {
        return wide;
    }
    let tall = place_in(request, Direction::TopToBottom);
    // How far each is from a comfortable landscape page, on a log scale,
    // with a penalty for taking more room.
    let badness = |p: &Placement| {
        let aspect = p.width / p.height;
        (aspect / GOOD_ASPECT).ln().abs() + 0.5 * (p.width * p.height).ln()
    };
    if badness(&tall) < badness(&wide) {
        tall
    } else {
        wide
    }
}

/// The least distance between two lines at a node's side.
const PORT_GAP: f64 = 6.0;

/// A placement wider than this many times its height is tried top to bottom.
const TOO_WIDE: f64 = 2.4;
const GOOD_ASPECT: f64 = 1.5;

/// Lays out the request in one direction.
pub fn place_in(request: &Request, direction: Direction) -> Placement {
    if request.nodes.is_empty() {
        return Placement {
            width: 2.0 * PADDING,
            height: 2.0 * PADDING,
            ..Placement::default()
        };
    }
    match direction {
        Direction::LeftToRight => place_left_to_right(request, Spacing::of(direction)),
        Direction::TopToBottom => {
            // Top to bottom is left to right with x and y swapped.
            let swapped = Request {
                nodes: request.nodes.iter().map(|&(w, h)| (h, w)).collect(),
                edges: request
                    .edges
                    .iter()
                    .map(|e| EdgeRequest {
                        label: (e.label.1, e.label.0),
                        ..*e
                    })
                    .collect(),
            };
            let mut p = place_left_to_right(&swapped, Spacing::of(direction));
            p.transpose();
            p
        }
    }
}

fn place_left_to_right(request: &Request, spacing: Spacing) -> Placement {
    // A node many lines reach grows so their arrows stay apart.
    let mut sides = vec![(0usize, 0usize); request.nodes.len()];
    for e in &request.edges {
        sides[e.from].1 += 1;
        sides[e.to].0 += 1;
    }
    let grown = Request {
        nodes: request
            .nodes
            .iter()
            .zip(&sides)
            .map(|(&(w, h), &(left, right))| {
                let ports = left.max(right) as f64;
                (w, h.max((ports * PORT_GAP + 20.0).ceil()))
            })
            .collect(),
        edges: request.edges.clone(),
    };
    layered(&grown, spacing).unwrap_or_else(|| stacked(&grown))
}

/// The layered layout, or `None` if `layout-rs` could not give one that
/// passes our checks.
fn layered(request: &Request, spacing: Spacing) -> Option<Placement> {
    let bundles = bundles(request, spacing);
    let optimize = bundles.len() <= OPTIMIZE_LIMIT;
    // `layout-rs` asserts on a few dense graphs during its last
    // straightening pass; without that pass (nor Brandes-Köpf) it has not
    // been seen to fail. A placement that fails our own checks is redone
    // the same way.
    let attempts = [(optimize, true), (optimize, false), (false, false)];
    attempts.into_iter().find_map(|(optimize, full)| {
        quietly(|| run(request, &bundles, spacing, optimize, full)).flatten()
    })
}

thread_local! {
    /// Set while a panic is expected and handled on this thread.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, turning a panic into `None` without printing it. The panics
/// caught here are `layout-rs` assertions that we answer with another
/// attempt, so their message (and backtrace) on stderr, or in an editor's
/// server log, would only alarm. Panics elsewhere, and on other threads,
/// still reach the hook that was installed before.
fn quietly<R>(f: impl FnOnce() -> R) -> Option<R> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.ok()
}

impl Placement {
    fn transpose(&mut self) {
        std::mem::swap(&mut self.width, &mut self.height);
        for r in &mut self.nodes {
            *r = r.transposed();
        }
        for e in &mut self.edges {
            e.label = e.label.transposed();
            e.path.transpose();
        }
    }
}

/// Hops between the same two nodes, in order of first appearance.
#[derive(Debug, Clone)]
struct Bundle {
    from: usize,
    to: usize,
    /// Indices of the request's edges.
    edges: Vec<usize>,
    /// Each lane's line, from the top of the label box.
    lane_lines: Vec<f64>,
    /// Each lane's text top, from the top of the label box.
    lane_tops: Vec<f64>,
    size: (f64, f64),
}

fn bundles(request: &Request, spacing: Spacing) -> Vec<Bundle> {
    let mut index: HashMap<(usize, usize), usize> = HashMap::new();
    let mut out: Vec<Bundle> = Vec::new();
    for (i, e) in request.edges.iter().enumerate() {
        let at = *index.entry((e.from, e.to)).or_insert_with(|| {
            out.push(Bundle {
                from: e.from,
                to: e.to,
                edges: Vec::new(),
                lane_lines: Vec::new(),
                lane_tops: Vec::new(),
                size: (0.0, 0.0),
            });
            out.len() - 1
        });
        out[at].edges.push(i);
    }
    for b in &mut out {
        let mut y = spacing.label.1;
        let mut w: f64 = 0.0;
        for &e in &b.edges {
            let (lw, lh) = request.edges[e].label;
            w = w.max(lw);
            b.lane_tops.push(y);
            y += lh + spacing.line_gap;
            b.lane_lines.push(y);
            y += spacing.lane_gap;
        }
        b.size = (
            w + 2.0 * spacing.label.0,
            y - spacing.lane_gap + spacing.label.1 + 4.0,
        );
    }
    out
}

/// `layout-rs` calls a backend to draw; we only read its positions.
struct Nothing;

impl RenderBackend for Nothing {
    fn draw_rect(
        &mut self,
        _: Point,
        _: Point,
        _: &StyleAttr,
        _: Option<String>,
        _: Option<ClipHandle>,
    ) {
    }
    fn draw_line(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_circle(&mut self, _: Point, _: Point, _: &StyleAttr, _: Option<String>) {}
    fn draw_text(&mut self, _: Point, _: &str, _: &StyleAttr) {}
    fn draw_arrow(
        &mut self,
        _: &[(Point, Point)],
        _: bool,
        _: (bool, bool),
        _: &StyleAttr,
        _: Option<String>,
        _: &str,
    ) {
    }
    fn create_clip(&mut self, _: Point, _: Point, _: usize) -> ClipHandle {
        0
    }
}

/// The placeholder label that makes `layout-rs` reserve at least `size`
/// pixels (see the module's documentation).
fn placeholder(bundle: usize, size: (f64, f64)) -> String {
    let cells = |px: f64| ((px - LIB_LABEL_PADDING) / LIB_FONT).ceil().max(1.0) as usize;
    // `layout-rs` runs top to bottom (see `run`): its x is our y.
    let width = cells(size.1).max(format!("#{bundle}#").len());
    let height = cells(size.0);
    let mut text = format!("{:<width$}", format!("#{bundle}#"));
    for _ in 1..height {
        text.push_str("\n.");
    }
    text
}

fn bundle_of(text: &str) -> Option<usize> {
    text.strip_prefix('#')?.split('#').next()?.parse().ok()
}

/// One run of `layout-rs` and the routes; `None` when the result breaks a
/// rule (overlapping boxes, columns that are not apart).
///
/// A hop from a node to itself is not given to `layout-rs`: the node's own
/// box grows to hold the loop's label below it, and the loop goes round
/// that label, inside room no other box can take.
fn run(
    request: &Request,
    bundles: &[Bundle],
    spacing: Spacing,
    optimize: bool,
    full: bool,
) -> Option<Placement> {
    type Handle = layout::adt::dag::NodeHandle;
    // `layout-rs` runs top to bottom, on sizes with x and y swapped; we swap
    // its positions back. (Its left-to-right mode sizes a label it moves
    // between ranks as if it were top to bottom.)
    let dir = Orientation::TopToBottom;
    let mut vg = VisualGraph::new(dir);
    // Per node: its loops' bundles and the room they take below it.
    let mut loops: Vec<Vec<usize>> = vec![Vec::new(); request.nodes.len()];
    for (i, b) in bundles.iter().enumerate() {
        if b.from == b.to {
            loops[b.from].push(i);
        }
    }
    let loop_room: Vec<(f64, f64)> = loops
        .iter()
        .map(|ls| {
            if ls.is_empty() {
                return (0.0, 0.0);
            }
            let w = ls.iter().map(|&b| bundles[b].size.0).fold(0.0, f64::max);
            let h: f64 = ls.iter().map(|&b| bundles[b].size.1).sum();
            (w + 2.0 * LOOP_REACH, h + LOOP_GAP)
        })
        .collect();
    // The whole room of each node: its box, and its loops below.
    let extent_size: Vec<(f64, f64)> = request
        .nodes
        .iter()
        .zip(&loop_room)
        .map(|(&(w, h), &(lw, lh))| (w.max(lw), h + lh))
        .collect();
    let handles: Vec<Handle> = extent_size
        .iter()
        .map(|&(w, h)| {
            let size = Point::new(h + 2.0 * spacing.node.1, w + 2.0 * spacing.node.0);
            vg.add_node(Element::create(
                ShapeKind::new_box(""),
                StyleAttr::simple(),
                dir,
                size,
            ))
        })
        .collect();
    for (i, b) in bundles.iter().enumerate() {
        if b.from == b.to {
            continue;
        }
        let look = StyleAttr::simple();
        let arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            LineStyleKind::Normal,
            &placeholder(i, b.size),
            &look,
            &None,
            &None,
        );
        vg.add_edge(arrow, handles[b.from], handles[b.to]);
    }
    vg.do_it(false, !optimize, !full, &mut Nothing);

    let node_handle: HashMap<usize, usize> = handles
        .iter()
        .enumerate()
        .map(|(i, h)| (h.get_index(), i))
        .collect();
    // What each layout box holds, as drawn (without margins): a node's
    // whole room, a label, a dummy.
    let raw_extent = |h: Handle| -> Rect {
        let pos = vg.pos(h);
        let c = pos.middle().transpose();
        let (w, hh) = match node_handle.get(&h.get_index()) {
            Some(&i) => extent_size[i],
            None => {
                let s = pos.size(false).transpose();
                (s.x, s.y)
            }
        };
        Rect {
            x: c.x - w / 2.0,
            y: c.y - hh / 2.0,
            w,
            h: hh,
        }
    };
    // A node's own box: the top of its room.
    let raw_node = |h: Handle, i: usize| -> Rect {
        let e = raw_extent(h);
        let (w, hh) = request.nodes[i];
        Rect {
            x: e.x + (e.w - w) / 2.0,
            y: e.y,
            w,
            h: hh,
        }
    };
    // Where lines cross each box: a node's middle, a label's lanes.
    let track = |h: Handle| -> f64 {
        if let Some(&i) = node_handle.get(&h.get_index()) {
            return raw_node(h, i).center().1;
        }
        let r = raw_extent(h);
        if let ShapeKind::Connector(Some(text)) = &vg.element(h).shape
            && let Some(b) = bundle_of(text).and_then(|b| bundles.get(b))
        {
            return r.y + b.lane_lines.iter().sum::<f64>() / b.lane_lines.len().max(1) as f64;
        }
        r.center().1
    };
    let shift = straighten(&vg, track);
    let extent_of = |h: Handle| -> Rect {
        let mut r = raw_extent(h);
        r.y += shift[vg.dag.level(h)];
        r
    };
    let nodes: Vec<Rect> = handles
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let mut r = raw_node(*h, i);
            r.y += shift[vg.dag.level(*h)];
            r
        })
        .collect();
    let mut label_handle: Vec<Option<Handle>> = vec![None; bundles.len()];
    for h in vg.iter_nodes() {
        if let ShapeKind::Connector(Some(text)) = &vg.element(h).shape
            && let Some(b) = bundle_of(text)
            && b < bundles.len()
        {
            label_handle[b] = Some(h);
        }
    }

    // Columns: the horizontal extent of each rank's boxes.
    let levels = vg.dag.num_levels();
    let mut columns: Vec<(f64, f64)> = Vec::with_capacity(levels);
    for level in 0..levels {
        let mut band = (f64::INFINITY, f64::NEG_INFINITY);
        for h in vg.dag.row(level) {
            let r = extent_of(*h);
            band.0 = band.0.min(r.x);
            band.1 = band.1.max(r.right());
        }
        columns.push(band);
    }
    // Checks: columns apart, boxes in a column apart.
    for pair in columns.windows(2) {
        if pair[0].1 >= pair[1].0 {
            return None;
        }
    }
    for level in 0..levels {
        let mut boxes: Vec<Rect> = vg.dag.row(level).iter().map(|h| extent_of(*h)).collect();
        boxes.sort_by(|a, b| a.y.total_cmp(&b.y));
        for pair in boxes.windows(2) {
            if pair[0].bottom() > pair[1].y {
                return None;
            }
        }
    }
    let column_of = |h: Handle| columns[vg.dag.level(h)];

    // Each bundle's way through the columns: a list of stations, each a
    // column and the heights its lanes cross it at.
    struct Way {
        bundle: usize,
        /// In layout order (left to right); `reversed` when that runs
        /// against the flow.
        start: usize,
        end: usize,
        reversed: bool,
        /// Per intermediate box (label first): column and the lanes' heights.
        stations: Vec<((f64, f64), Vec<f64>)>,
        label: Rect,
        self_loop: bool,
    }
    let mut ways: Vec<Way> = Vec::with_capacity(bundles.len());
    for (n, ls) in loops.iter().enumerate() {
        let node = nodes[n];
        let extent = extent_of(handles[n]);
        let mut top = node.bottom() + LOOP_GAP;
        for &i in ls {
            let b = &bundles[i];
            let label = Rect {
                x: node.center().0 - b.size.0 / 2.0,
                y: top,
                w: b.size.0,
                h: b.size.1,
            };
            top += b.size.1;
            let lanes: Vec<f64> = b.lane_lines.iter().map(|l| label.y + l).collect();
            ways.push(Way {
                bundle: i,
                start: n,
                end: n,
                reversed: false,
                stations: vec![((extent.x, extent.right()), lanes)],
                label,
                self_loop: true,
            });
        }
    }
    for (i, b) in bundles.iter().enumerate() {
        if b.from == b.to {
            continue;
        }
        let label_h = label_handle[i]?;
        let label = extent_of(label_h);
        let lanes: Vec<f64> = b.lane_lines.iter().map(|l| label.y + l).collect();
        // A dummy of a long edge: the lanes fan out a little round it.
        let dummy = |h: Handle| {
            let r = extent_of(h);
            let cy = r.y + r.h / 2.0;
            let k = lanes.len() as f64;
            let spread = (4.0 / k.max(1.0)).clamp(1.5, 3.0);
            let fan: Vec<f64> = (0..lanes.len())
                .map(|j| cy + (((j as f64) - (k - 1.0) / 2.0) * spread).clamp(-4.0, 4.0))
                .collect();
            (column_of(h), fan)
        };
        // `layout-rs` may sink the label towards the far end, with dummies
        // before it as well as after.
        let mut before = Vec::new();
        let mut first = label_h;
        loop {
            first = *vg.dag.predecessors(first).first()?;
            if !vg.is_connector(first) {
                break;
            }
            before.push(dummy(first));
        }
        before.reverse();
        let mut stations = before;
        stations.push((column_of(label_h), lanes.clone()));
        let mut at = label_h;
        loop {
            at = *vg.dag.successors(at).first()?;
            if !vg.is_connector(at) {
                break;
            }
            stations.push(dummy(at));
        }
        let (start, end) = (
            *node_handle.get(&first.get_index())?,
            *node_handle.get(&at.get_index())?,
        );
        let reversed = match (start, end) {
            (s, e) if s == b.from && e == b.to => false,
            (s, e) if s == b.to && e == b.from => true,
            _ => return None,
        };
        ways.push(Way {
            bundle: i,
            start,
            end,
            reversed,
            stations,
            label,
            self_loop: false,
        });
    }

    // Ports: where lanes leave a node's right side and reach a left side,
    // spread along the side in the order of where they go.
    let mut right: Vec<Vec<(f64, usize, usize)>> = vec![Vec::new(); nodes.len()];
    let mut left: Vec<Vec<(f64, usize, usize)>> = vec![Vec::new(); nodes.len()];
    for (w, way) in ways.iter().enumerate() {
        let (first, last) = (&way.stations[0].1, &way.stations[way.stations.len() - 1].1);
        for lane in 0..first.len() {
            right[way.start].push((first[lane], w, lane));
            left[way.end].push((last[lane], w, lane));
        }
    }
    let mut port: HashMap<(bool, usize, usize), f64> = HashMap::new();
    for (is_right, sides) in [(true, &mut right), (false, &mut left)] {
        for (n, side) in sides.iter_mut().enumerate() {
            side.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            let r = nodes[n];
            let count = side.len() as f64;
            // Keep ports off the rounded corners.
            let inset = (r.h * 0.2).min(10.0);
            for (j, &(_, w, lane)) in side.iter().enumerate() {
                let y = r.y + inset + (r.h - 2.0 * inset) * (j as f64 + 1.0) / (count + 1.0);
                port.insert((is_right, w, lane), y);
            }
        }
    }

    let mut edges: Vec<Option<EdgePlacement>> = vec![None; request.edges.len()];
    for (w, way) in ways.iter().enumerate() {
        let b = &bundles[way.bundle];
        let (sn, en) = (nodes[way.start], nodes[way.end]);
        let (s_col, e_col) = (column_of(handles[way.start]), column_of(handles[way.end]));
        for (lane, &edge) in b.edges.iter().enumerate() {
            let y0 = port[&(true, w, lane)];
            let y1 = port[&(false, w, lane)];
            let path = if way.self_loop {
                // Out of the right side, down past the room, under the
                // label, up the left side and in.
                let ((left, right), lanes) = &way.stations[0];
                let reach = 8.0 + 4.0 * lane as f64;
                let (xr, xl, y) = (right + reach, left - reach, lanes[lane]);
                orthogonal(&[
                    (sn.right(), y0),
                    (xr, y0),
                    (xr, y),
                    (xl, y),
                    (xl, y1),
                    (en.x, y1),
                ])
            } else {
                let mut path = Path::new((sn.right(), y0));
                path.line_to((s_col.1, y0));
                for (band, lanes) in &way.stations {
                    path.curve_to((band.0, lanes[lane]));
                    path.line_to((band.1, lanes[lane]));
                }
                path.curve_to((e_col.0, y1));
                path.line_to((en.x, y1));
                if way.reversed { path.reversed() } else { path }
            };
            let (lw, lh) = request.edges[edge].label;
            let label = Rect {
                x: way.label.x + (way.label.w - lw) / 2.0,
                y: way.label.y + b.lane_tops[lane],
                w: lw,
                h: lh,
            };
            edges[edge] = Some(EdgePlacement { path, label });
        }
    }
    let edges: Vec<EdgePlacement> = edges.into_iter().collect::<Option<_>>()?;
    // Last check, whatever `layout-rs` did: no box on another.
    let mut boxes: Vec<Rect> = nodes
        .iter()
        .copied()
        .chain(edges.iter().map(|e| e.label))
        .collect();
    boxes.sort_by(|a, b| a.x.total_cmp(&b.x));
    for (i, a) in boxes.iter().enumerate() {
        for b in &boxes[i + 1..] {
            if b.x >= a.right() {
                break;
            }
            if a.overlaps(b) {
                return None;
            }
        }
    }

    // Everything into a canvas from (0, 0).
    let mut min = (f64::INFINITY, f64::INFINITY);
    let mut max = (f64::NEG_INFINITY, f64::NEG_INFINITY);
    let mut grow = |r: &Rect| {
        min = (min.0.min(r.x), min.1.min(r.y));
        max = (max.0.max(r.right()), max.1.max(r.bottom()));
    };
    nodes.iter().for_each(&mut grow);
    for e in &edges {
        grow(&e.label);
        for p in e.path.sample(4) {
            grow(&Rect {
                x: p.0,
                y: p.1,
                w: 0.0,
                h: 0.0,
            });
        }
    }
    let (dx, dy) = (PADDING - min.0, PADDING - min.1);
    let mut placement = Placement {
        width: (max.0 - min.0 + 2.0 * PADDING).ceil(),
        height: (max.1 - min.1 + 2.0 * PADDING).ceil(),
        nodes,
        edges,
    };
    placement.nodes.iter_mut().for_each(|r| r.translate(dx, dy));
    for e in &mut placement.edges {
        e.label.translate(dx, dy);
        e.path.translate(dx, dy);
    }
    Some(placement)
}

/// How far to move each column up or down, as a whole, so that the lines
/// between columns run as straight as they can. `layout-rs` stacks each
/// column from the top, so a node column of four boxes sits at the top of a
/// label column of forty and every line dips down and back up; moving whole
/// columns keeps everything inside a column as placed (order, gaps) and
/// columns never share room, so nothing can come to overlap.
/// Enough for chains to come straight; each sweep is linear in the edges.
const STRAIGHTEN_SWEEPS: usize = 24;

fn straighten(vg: &VisualGraph, center: impl Fn(layout::adt::dag::NodeHandle) -> f64) -> Vec<f64> {
    let levels = vg.dag.num_levels();
    let mut shift = vec![0.0; levels];
    let y: Vec<f64> = (0..vg.dag.len())
        .map(|i| center(layout::adt::dag::NodeHandle::from(i)))
        .collect();
    for _ in 0..STRAIGHTEN_SWEEPS {
        for sweep in [false, true] {
            let order: Vec<usize> = if sweep {
                (0..levels).rev().collect()
            } else {
                (0..levels).collect()
            };
            for level in order {
                let mut wants: Vec<f64> = Vec::new();
                for &h in vg.dag.row(level) {
                    let own = y[h.get_index()];
                    for &other in vg.dag.predecessors(h).iter().chain(vg.dag.successors(h)) {
                        let l = vg.dag.level(other);
                        if l + 1 == level || l == level + 1 {
                            wants.push(y[other.get_index()] + shift[l] - own);
                        }
                    }
                }
                if wants.is_empty() {
                    continue;
                }
                wants.sort_by(f64::total_cmp);
                // The lower median: with two wants (a chain), line up
                // exactly with one neighbour rather than halfway.
                shift[level] = wants[(wants.len() - 1) / 2];
            }
        }
    }
    shift
}

/// The last resort, if `layout-rs` could not place the graph at all: nodes
/// in one column, labels beside them, routes round the right.
fn stacked(request: &Request) -> Placement {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn request(nodes: usize, edges: &[(usize, usize)]) -> Request {
        Request {
            nodes: (0..nodes)
                .map(|i| (100.0 + (i % 3) as f64 * 20.0, 44.0))
                .collect(),
            edges: edges
                .iter()
                .map(|&(from, to)| EdgeRequest {
                    from,
                    to,
                    label: (90.0, 30.0),
                })
                .collect(),
        }
    }

    /// Whether a route keeps out of every node box but its own two ends.
    pub(crate) fn route_clear(
        p: &Placement,
        edge: usize,
        from: usize,
        to: usize,
    ) -> Result<(), String> {
        let points = p.edges[edge].path.sample(24);
        for (n, r) in p.nodes.iter().enumerate() {
            if n == from || n == to {
                continue;
            }
            if let Some(pt) = points.iter().find(|pt| r.contains(**pt)) {
                return Err(format!("edge {edge} crosses node {n} at {pt:?}"));
            }
        }
        Ok(())
    }

    fn check(p: &Placement, req: &Request) {
        for (i, a) in p.nodes.iter().enumerate() {
            for (j, b) in p.nodes.iter().enumerate().skip(i + 1) {
                assert!(!a.overlaps(b), "nodes {i} and {j} overlap: {a:?} {b:?}");
            }
            for (e, ep) in p.edges.iter().enumerate() {
                assert!(!a.overlaps(&ep.label), "node {i} and label {e} overlap");
            }
        }
        for (i, a) in p.edges.iter().enumerate() {
            for (j, b) in p.edges.iter().enumerate().skip(i + 1) {
                assert!(!a.label.overlaps(&b.label), "labels {i} and {j} overlap");
            }
        }
        for (e, req) in req.edges.iter().enumerate() {
            route_clear(p, e, req.from, req.to).unwrap();
            // The route starts at its source and ends at its target.
            let path = &p.edges[e].path;
            let near = |pt: (f64, f64), r: &Rect| {
                pt.0 >= r.x - 0.5
                    && pt.0 <= r.right() + 0.5
                    && pt.1 >= r.y - 0.5
                    && pt.1 <= r.bottom() + 0.5
            };
            assert!(near(path.start, &p.nodes[req.from]), "edge {e} start");
            assert!(near(path.end(), &p.nodes[req.to]), "edge {e} end");
        }
        for r in p.nodes.iter().chain(p.edges.iter().map(|e| &e.label)) {
            assert!(
                r.x >= 0.0 && r.y >= 0.0 && r.right() <= p.width && r.bottom() <= p.height,
                "{r:?} outside {} x {}",
                p.width,
                p.height
            );
        }
    }

    #[test]
    fn chains_fans_cycles_loops_and_parallel_hops() {
        let cases: Vec<(usize, Vec<(usize, usize)>)> = vec![
            (2, vec![(0, 1)]),
            (4, vec![(0, 1), (1, 2), (2, 3), (0, 1), (1, 3)]),
            (3, vec![(0, 1), (1, 2), (2, 0)]),
            (2, vec![(0, 1), (1, 0), (0, 1)]),
            (2, vec![(0, 0), (0, 1)]),
            (5, vec![(0, 4), (0, 1), (1, 2), (2, 3), (3, 4), (0, 2)]),
            (1, vec![]),
        ];
        for (n, edges) in cases {
            let req = request(n, &edges);
            let p = place(&req);
            check(&p, &req);
        }
    }

    #[test]
    fn many_random_designs_place_cleanly() {
        let mut seed: u64 = 42;
        let mut rnd = |m: usize| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % m.max(1)
        };
        for _ in 0..150 {
            let n = 2 + rnd(12);
            let edges: Vec<(usize, usize)> = (0..rnd(20)).map(|_| (rnd(n), rnd(n))).collect();
            let req = request(n, &edges);
            check(&place(&req), &req);
            for direction in [Direction::LeftToRight, Direction::TopToBottom] {
                let spacing = Spacing::of(direction);
                assert!(layered(&req, spacing).is_some(), "{n} nodes, {edges:?}");
            }
        }
    }

    #[test]
    fn the_last_resort_is_clean_too() {
        let req = request(4, &[(0, 1), (1, 2), (2, 0), (3, 3), (0, 1)]);
        check(&stacked(&req), &req);
    }

    #[test]
    fn placement_is_deterministic() {
        let req = request(6, &[(0, 1), (1, 2), (2, 3), (3, 0), (4, 5), (0, 5), (0, 1)]);
        let (a, b) = (place(&req), place(&req));
        assert_eq!(a.nodes, b.nodes);
        let paths = |p: &Placement| p.edges.iter().map(|e| e.path.to_svg()).collect::<Vec<_>>();
        assert_eq!(paths(&a), paths(&b));
    }

    #[test]
    fn reversed_paths_run_backwards() {
        let mut p = Path::new((0.0, 0.0));
        p.line_to((10.0, 0.0));
        p.curve_to((20.0, 10.0));
        let r = p.reversed();
        assert_eq!(r.start, (20.0, 10.0));
        assert_eq!(r.end(), (0.0, 0.0));
        assert_eq!(r.reversed(), p);
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.26), "1.3");
        assert_eq!(num(-0.01), "0");
    }
}

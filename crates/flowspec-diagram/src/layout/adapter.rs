//! The one place that speaks `layout-rs`: it ranks the boxes left to right,
//! orders each rank to reduce crossings and stacks each rank; we read back
//! where every box went and move whole columns so lines run straight.
//!
//! `layout-rs` is asked for as little as we need, which is also what has
//! never been seen to fail:
//!
//! - Each hop's label is a box of its own, of the label's exact size, between
//!   the hop's two ends (`from → label → to`): no text for `layout-rs` to
//!   measure, and the label is found again by its handle.
//! - Back edges are turned round here, by the same rule `layout-rs` uses
//!   (an edge whose target already reaches its source), so both halves of a
//!   hop always point the same way.
//! - Its Brandes-Köpf placement and edge straightening are not run: they are
//!   where its assertions fired, they placed a third of the pictures so that
//!   our checks refused them, and with them the pictures came out larger
//!   (ARCHITECTURE.md, "The diagram layout", has the figures). The columns
//!   are lined up by [`straighten`] instead.

use std::collections::HashMap;

use layout::adt::dag::NodeHandle;
use layout::core::base::Orientation;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::{Point, Position};
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use super::geometry::Rect;

/// Room `layout-rs` keeps round a label box, as it does round its own
/// connectors (5 pixels a side).
const LABEL_HALO: f64 = 10.0;

/// What to place.
pub(super) struct Ask<'a> {
    /// Each node's whole room: its box, and the labels of its loops below.
    pub rooms: &'a [(f64, f64)],
    /// How far below the top of its room a node's lines cross it.
    pub node_tracks: &'a [f64],
    /// The margin kept on each side of a node, across and along the flow.
    pub node_margin: (f64, f64),
    /// One per bundle between two different nodes.
    pub hops: Vec<HopAsk>,
    /// Whether to reduce crossings (costly on big graphs).
    pub optimize: bool,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct HopAsk {
    pub from: usize,
    pub to: usize,
    /// The label box.
    pub label: (f64, f64),
    /// How far below the top of its label its lines cross it.
    pub track: f64,
}

/// Where the engine put everything, in columns (ranks) left to right.
pub(super) struct Layers {
    /// Each node's room.
    pub rooms: Vec<Rect>,
    /// Each node's column.
    pub node_column: Vec<usize>,
    /// The horizontal extent of each column; columns never overlap.
    pub columns: Vec<(f64, f64)>,
    /// For each hop asked, its way through the columns.
    pub hops: Vec<HopLayers>,
}

pub(super) struct HopLayers {
    /// The ends in layout order (left to right); `reversed` when that runs
    /// against the flow.
    pub start: usize,
    pub end: usize,
    pub reversed: bool,
    /// The boxes between the ends, left to right: dummies of a long edge
    /// and the label.
    pub stations: Vec<Station>,
    /// Which station is the label.
    pub label: usize,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Station {
    pub rect: Rect,
    pub column: usize,
}

/// What a layout handle stands for.
#[derive(Debug, Clone, Copy)]
enum Item {
    Node(usize),
    Label(usize),
    Dummy,
}

/// Places the ask, or `None` if `layout-rs` failed or gave boxes that
/// overlap in a column or columns that overlap.
pub(super) fn lay_out(ask: &Ask) -> Option<Layers> {
    // `layout-rs` runs top to bottom, on sizes with x and y swapped; we swap
    // its positions back. (Its left-to-right mode sizes boxes it moves
    // between ranks as if it were top to bottom.)
    let dir = Orientation::TopToBottom;
    let mut vg = VisualGraph::new(dir);
    let (mx, my) = ask.node_margin;
    let nodes: Vec<NodeHandle> = ask
        .rooms
        .iter()
        .map(|&(w, h)| {
            let size = Point::new(h + 2.0 * my, w + 2.0 * mx);
            vg.add_node(Element::create(
                ShapeKind::new_box(""),
                StyleAttr::simple(),
                dir,
                size,
            ))
        })
        .collect();
    let reversed = back_edges(ask);
    let mut labels = Vec::with_capacity(ask.hops.len());
    for (hop, &back) in ask.hops.iter().zip(&reversed) {
        let label = vg.add_node(Element {
            shape: ShapeKind::new_box(""),
            pos: Position::new(
                Point::zero(),
                Point::new(hop.label.1, hop.label.0),
                Point::zero(),
                Point::splat(LABEL_HALO),
            ),
            look: StyleAttr::simple(),
            orientation: dir,
            properties: None,
        });
        let (a, b) = if back {
            (hop.to, hop.from)
        } else {
            (hop.from, hop.to)
        };
        vg.add_edge(line(), nodes[a], label);
        vg.add_edge(line(), label, nodes[b]);
        labels.push(label);
    }
    // A panic in `layout-rs` is a bug there: the default hook reports it
    // (we install none) and the caller falls back to a plainer picture.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        vg.do_it(false, !ask.optimize, true, &mut Nothing)
    }))
    .ok()?;
    read(&vg, ask, &nodes, &labels, &reversed)
}

/// Which hops to give `layout-rs` turned round: those whose target already
/// reaches their source through the hops before them, the rule `layout-rs`
/// applies to each edge (so it leaves ours as they are).
fn back_edges(ask: &Ask) -> Vec<bool> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); ask.rooms.len()];
    let reaches = |out: &[Vec<usize>], from: usize, to: usize| {
        let mut seen = vec![false; out.len()];
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if !std::mem::replace(&mut seen[n], true) {
                stack.extend(&out[n]);
            }
        }
        false
    };
    ask.hops
        .iter()
        .map(|h| {
            let back = reaches(&out, h.to, h.from);
            let (a, b) = if back { (h.to, h.from) } else { (h.from, h.to) };
            out[a].push(b);
            back
        })
        .collect()
}

fn line() -> Arrow {
    Arrow::new(
        LineEndKind::None,
        LineEndKind::None,
        LineStyleKind::Normal,
        "",
        &StyleAttr::simple(),
        &None,
        &None,
    )
}

/// Reads the positions back, lines the columns up and checks them.
fn read(
    vg: &VisualGraph,
    ask: &Ask,
    nodes: &[NodeHandle],
    labels: &[NodeHandle],
    reversed: &[bool],
) -> Option<Layers> {
    let mut item: HashMap<usize, Item> = HashMap::new();
    for (i, h) in nodes.iter().enumerate() {
        item.insert(h.get_index(), Item::Node(i));
    }
    for (i, h) in labels.iter().enumerate() {
        item.insert(h.get_index(), Item::Label(i));
    }
    let item_of = |h: NodeHandle| item.get(&h.get_index()).copied().unwrap_or(Item::Dummy);
    // What each layout box holds, as drawn (without margins).
    let raw = |h: NodeHandle| -> Rect {
        let pos = vg.pos(h);
        let c = pos.middle().transpose();
        let (w, hh) = match item_of(h) {
            Item::Node(i) => ask.rooms[i],
            Item::Label(i) => ask.hops[i].label,
            Item::Dummy => {
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
    // Where lines cross each box: a node's middle, a label's lanes.
    let track = |h: NodeHandle| -> f64 {
        let r = raw(h);
        match item_of(h) {
            Item::Node(i) => r.y + ask.node_tracks[i],
            Item::Label(i) => r.y + ask.hops[i].track,
            Item::Dummy => r.center().1,
        }
    };
    let levels: Vec<Vec<NodeHandle>> = (0..vg.dag.num_levels())
        .map(|l| vg.dag.row(l).clone())
        .collect();
    let shift = straighten(vg, &levels, track);
    let placed = |h: NodeHandle| -> Rect {
        let mut r = raw(h);
        r.y += shift[vg.dag.level(h)];
        r
    };
    let columns = columns(&levels, placed)?;
    let station = |h: NodeHandle| Station {
        rect: placed(h),
        column: vg.dag.level(h),
    };
    let mut hops = Vec::with_capacity(labels.len());
    for (i, &label) in labels.iter().enumerate() {
        // Along the chain both ways from the label, through the dummies.
        let mut before = Vec::new();
        let mut first = label;
        loop {
            first = *vg.dag.predecessors(first).first()?;
            if !vg.is_connector(first) {
                break;
            }
            before.push(station(first));
        }
        before.reverse();
        let mut stations = before;
        let label_at = stations.len();
        stations.push(station(label));
        let mut last = label;
        loop {
            last = *vg.dag.successors(last).first()?;
            if !vg.is_connector(last) {
                break;
            }
            stations.push(station(last));
        }
        let (Item::Node(start), Item::Node(end)) = (item_of(first), item_of(last)) else {
            return None;
        };
        let hop = ask.hops[i];
        let expected = if reversed[i] {
            (hop.to, hop.from)
        } else {
            (hop.from, hop.to)
        };
        if (start, end) != expected {
            return None;
        }
        hops.push(HopLayers {
            start,
            end,
            reversed: reversed[i],
            stations,
            label: label_at,
        });
    }
    Some(Layers {
        rooms: nodes.iter().map(|&h| placed(h)).collect(),
        node_column: nodes.iter().map(|&h| vg.dag.level(h)).collect(),
        columns,
        hops,
    })
}

/// The horizontal extent of each rank's boxes, or `None` if two columns
/// overlap or two boxes of a column do.
fn columns(
    levels: &[Vec<NodeHandle>],
    placed: impl Fn(NodeHandle) -> Rect,
) -> Option<Vec<(f64, f64)>> {
    let mut columns: Vec<(f64, f64)> = Vec::with_capacity(levels.len());
    for row in levels {
        let mut boxes: Vec<Rect> = row.iter().map(|&h| placed(h)).collect();
        let band = boxes
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |b, r| {
                (b.0.min(r.x), b.1.max(r.right()))
            });
        boxes.sort_by(|a, b| a.y.total_cmp(&b.y));
        if boxes.windows(2).any(|p| p[0].bottom() > p[1].y) {
            return None;
        }
        columns.push(band);
    }
    if columns.windows(2).any(|p| p[0].1 >= p[1].0) {
        return None;
    }
    Some(columns)
}

/// Enough for chains to come straight; each sweep is linear in the edges.
const STRAIGHTEN_SWEEPS: usize = 24;

/// How far to move each column up or down, as a whole, so that the lines
/// between columns run as straight as they can. `layout-rs` stacks each
/// column from the top, so a node column of four boxes sits at the top of a
/// label column of forty and every line dips down and back up; moving whole
/// columns keeps everything inside a column as placed (order, gaps) and
/// columns never share room, so nothing can come to overlap.
fn straighten(
    vg: &VisualGraph,
    levels: &[Vec<NodeHandle>],
    track: impl Fn(NodeHandle) -> f64,
) -> Vec<f64> {
    let mut shift = vec![0.0; levels.len()];
    let y: Vec<f64> = (0..vg.dag.len())
        .map(|i| track(NodeHandle::from(i)))
        .collect();
    for _ in 0..STRAIGHTEN_SWEEPS {
        for backwards in [false, true] {
            let order: Vec<usize> = if backwards {
                (0..levels.len()).rev().collect()
            } else {
                (0..levels.len()).collect()
            };
            for level in order {
                let mut wants: Vec<f64> = Vec::new();
                for &h in &levels[level] {
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

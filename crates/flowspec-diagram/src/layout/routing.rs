//! The routes, drawn by us through the columns the engine gave.
//!
//! Hops between the same two nodes share one layout hop (a *bundle*) whose
//! label box holds one lane per hop: that hop's label, with its line just
//! below it. Inside a column a route runs horizontally, at a height that
//! belongs to its own label, dummy or node, which no other box of the
//! column shares; between columns it is a curve that stays in the gap,
//! where there are no boxes. A loop (a hop from a node to itself) goes
//! round its label, which sits in room below the node that no other box
//! can take.

use std::collections::HashMap;

use super::adapter::Layers;
use super::geometry::{Path, Rect, orthogonal};
use super::{EdgePlacement, PADDING, Placement, Request, Spacing};

/// Room on each side of a loop's label, and above it.
pub(super) const LOOP_REACH: f64 = 14.0;
pub(super) const LOOP_GAP: f64 = 10.0;

/// Hops between the same two nodes, in order of first appearance.
#[derive(Debug, Clone)]
pub(super) struct Bundle {
    pub from: usize,
    pub to: usize,
    /// Indices of the request's edges.
    pub edges: Vec<usize>,
    /// Each lane's line, from the top of the label box.
    pub lane_lines: Vec<f64>,
    /// Each lane's text top, from the top of the label box.
    pub lane_tops: Vec<f64>,
    pub size: (f64, f64),
}

impl Bundle {
    pub fn is_loop(&self) -> bool {
        self.from == self.to
    }

    /// Where its lines cross the label box, on average: where the box
    /// should line up with its neighbours.
    pub fn track(&self) -> f64 {
        self.lane_lines.iter().sum::<f64>() / self.lane_lines.len().max(1) as f64
    }
}

pub(super) fn bundles(request: &Request, spacing: Spacing) -> Vec<Bundle> {
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

/// The room each node's loops take below it (width, height), for the
/// engine to keep free.
pub(super) fn loop_room(nodes: usize, bundles: &[Bundle]) -> Vec<(f64, f64)> {
    let mut room = vec![(0.0, 0.0); nodes];
    for b in bundles.iter().filter(|b| b.is_loop()) {
        let r: &mut (f64, f64) = &mut room[b.from];
        r.0 = f64::max(r.0, b.size.0 + 2.0 * LOOP_REACH);
        r.1 += b.size.1;
    }
    for r in &mut room {
        if r.1 > 0.0 {
            r.1 += LOOP_GAP;
        }
    }
    room
}

/// A bundle's way through the columns.
struct Way {
    bundle: usize,
    /// In layout order (left to right); `reversed` when that runs against
    /// the flow.
    start: usize,
    end: usize,
    reversed: bool,
    /// Per box between the ends: the column and the heights its lanes
    /// cross it at.
    stations: Vec<((f64, f64), Vec<f64>)>,
    label: Rect,
    self_loop: bool,
}

/// The routes and labels of every edge, in a canvas from (0, 0); `None`
/// if any two boxes would overlap.
pub(super) fn route(request: &Request, bundles: &[Bundle], layers: &Layers) -> Option<Placement> {
    let nodes: Vec<Rect> = layers
        .rooms
        .iter()
        .zip(&request.nodes)
        .map(|(room, &(w, h))| Rect {
            x: room.x + (room.w - w) / 2.0,
            y: room.y,
            w,
            h,
        })
        .collect();
    let mut ways = loop_ways(bundles, &nodes, &layers.rooms);
    ways.extend(hop_ways(bundles, layers));
    let port = ports(&ways, &nodes);
    let mut edges: Vec<Option<EdgePlacement>> = vec![None; request.edges.len()];
    for (w, way) in ways.iter().enumerate() {
        let b = &bundles[way.bundle];
        for (lane, &edge) in b.edges.iter().enumerate() {
            let ends = (port[&(true, w, lane)], port[&(false, w, lane)]);
            let path = if way.self_loop {
                loop_path(way, lane, nodes[way.start], ends)
            } else {
                let columns = (
                    layers.columns[layers.node_column[way.start]],
                    layers.columns[layers.node_column[way.end]],
                );
                hop_path(way, lane, (nodes[way.start], nodes[way.end]), columns, ends)
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
    if any_overlap(&nodes, &edges) {
        return None;
    }
    Some(into_canvas(nodes, edges))
}

/// Each loop's label stacked below its node, inside the node's room.
fn loop_ways(bundles: &[Bundle], nodes: &[Rect], rooms: &[Rect]) -> Vec<Way> {
    let mut top: Vec<f64> = nodes.iter().map(|n| n.bottom() + LOOP_GAP).collect();
    let mut ways = Vec::new();
    for (i, b) in bundles.iter().enumerate().filter(|(_, b)| b.is_loop()) {
        let (node, room) = (nodes[b.from], rooms[b.from]);
        let label = Rect {
            x: node.center().0 - b.size.0 / 2.0,
            y: top[b.from],
            w: b.size.0,
            h: b.size.1,
        };
        top[b.from] += b.size.1;
        let lanes: Vec<f64> = b.lane_lines.iter().map(|l| label.y + l).collect();
        ways.push(Way {
            bundle: i,
            start: b.from,
            end: b.from,
            reversed: false,
            stations: vec![((room.x, room.right()), lanes)],
            label,
            self_loop: true,
        });
    }
    ways
}

/// Each hop between two nodes through its stations: its own lanes at its
/// label, and a little fan round each dummy of a long edge.
fn hop_ways(bundles: &[Bundle], layers: &Layers) -> Vec<Way> {
    let hops = bundles.iter().enumerate().filter(|(_, b)| !b.is_loop());
    hops.zip(&layers.hops)
        .map(|((i, b), hop)| {
            let label = hop.stations[hop.label].rect;
            let k = b.lane_lines.len() as f64;
            let spread = (4.0 / k.max(1.0)).clamp(1.5, 3.0);
            let stations = hop
                .stations
                .iter()
                .enumerate()
                .map(|(s, station)| {
                    let lanes: Vec<f64> = if s == hop.label {
                        b.lane_lines.iter().map(|l| label.y + l).collect()
                    } else {
                        let cy = station.rect.center().1;
                        (0..b.lane_lines.len())
                            .map(|j| {
                                cy + (((j as f64) - (k - 1.0) / 2.0) * spread).clamp(-4.0, 4.0)
                            })
                            .collect()
                    };
                    (layers.columns[station.column], lanes)
                })
                .collect();
            Way {
                bundle: i,
                start: hop.start,
                end: hop.end,
                reversed: hop.reversed,
                stations,
                label,
                self_loop: false,
            }
        })
        .collect()
}

/// Where lanes leave a node's right side and reach a left side, spread
/// along the side in the order of where they go: keyed by (right side?,
/// way, lane).
fn ports(ways: &[Way], nodes: &[Rect]) -> HashMap<(bool, usize, usize), f64> {
    let mut right: Vec<Vec<(f64, usize, usize)>> = vec![Vec::new(); nodes.len()];
    let mut left: Vec<Vec<(f64, usize, usize)>> = vec![Vec::new(); nodes.len()];
    for (w, way) in ways.iter().enumerate() {
        let (first, last) = (&way.stations[0].1, &way.stations[way.stations.len() - 1].1);
        for lane in 0..first.len() {
            right[way.start].push((first[lane], w, lane));
            left[way.end].push((last[lane], w, lane));
        }
    }
    let mut port = HashMap::new();
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
    port
}

/// Out of the right side, down past the room, under the label, up the left
/// side and in.
fn loop_path(way: &Way, lane: usize, node: Rect, (y0, y1): (f64, f64)) -> Path {
    let ((left, right), lanes) = &way.stations[0];
    let reach = 8.0 + 4.0 * lane as f64;
    let (xr, xl, y) = (right + reach, left - reach, lanes[lane]);
    orthogonal(&[
        (node.right(), y0),
        (xr, y0),
        (xr, y),
        (xl, y),
        (xl, y1),
        (node.x, y1),
    ])
}

/// Along each column at the lane's own height, curving between columns.
fn hop_path(
    way: &Way,
    lane: usize,
    (start, end): (Rect, Rect),
    (start_col, end_col): ((f64, f64), (f64, f64)),
    (y0, y1): (f64, f64),
) -> Path {
    let mut path = Path::new((start.right(), y0));
    path.line_to((start_col.1, y0));
    for (band, lanes) in &way.stations {
        path.curve_to((band.0, lanes[lane]));
        path.line_to((band.1, lanes[lane]));
    }
    path.curve_to((end_col.0, y1));
    path.line_to((end.x, y1));
    if way.reversed { path.reversed() } else { path }
}

/// The last check, whatever the engine did: whether any box is on another.
fn any_overlap(nodes: &[Rect], edges: &[EdgePlacement]) -> bool {
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
                return true;
            }
        }
    }
    false
}

/// Everything moved into a canvas from (0, 0), with padding round it.
fn into_canvas(nodes: Vec<Rect>, edges: Vec<EdgePlacement>) -> Placement {
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
    placement
}

//! Where everything goes: a layered layout, and edge routes that keep out
//! of every node box.
//!
//! - [`geometry`]: boxes and routes.
//! - [`adapter`]: the one place that speaks `layout-rs`, which ranks the
//!   boxes in columns, orders each column to reduce crossings and stacks
//!   it; we line the columns up.
//! - [`routing`]: the routes we draw through those columns, bundles of
//!   hops between the same two nodes, loops.
//! - [`stacking`]: the plain last resort.
//!
//! Left to right is the one layout; top to bottom is the same with x and y
//! swapped.

mod adapter;
mod geometry;
mod routing;
mod stacking;

pub use geometry::{Path, Rect, Segment, num};

use adapter::{Ask, HopAsk};
use routing::{bundles, loop_room};
use stacking::stacked;

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
pub(super) struct Spacing {
    /// Round a node: the gap between columns, and between the boxes of a
    /// column, grows by twice these.
    pub node: (f64, f64),
    /// Round a label box.
    pub label: (f64, f64),
    /// Between a label's text and its line.
    pub line_gap: f64,
    /// Between a line and the next label of its bundle.
    pub lane_gap: f64,
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
pub(super) const PADDING: f64 = 16.0;
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

/// The layered layout, or `None` if the engine could not give one that
/// passes our checks.
fn layered(request: &Request, spacing: Spacing) -> Option<Placement> {
    let bundles = bundles(request, spacing);
    // A node's whole room: its box, and its loops' labels below it.
    let rooms: Vec<(f64, f64)> = request
        .nodes
        .iter()
        .zip(loop_room(request.nodes.len(), &bundles))
        .map(|(&(w, h), (lw, lh))| (w.max(lw), h + lh))
        .collect();
    let node_tracks: Vec<f64> = request.nodes.iter().map(|&(_, h)| h / 2.0).collect();
    let hops: Vec<HopAsk> = bundles
        .iter()
        .filter(|b| !b.is_loop())
        .map(|b| HopAsk {
            from: b.from,
            to: b.to,
            label: b.size,
            track: b.track(),
        })
        .collect();
    let ask = Ask {
        rooms: &rooms,
        node_tracks: &node_tracks,
        node_margin: spacing.node,
        optimize: hops.len() <= OPTIMIZE_LIMIT,
        hops,
    };
    let layers = adapter::lay_out(&ask)?;
    routing::route(request, &bundles, &layers)
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
    fn route_clear(p: &Placement, edge: usize, from: usize, to: usize) -> Result<(), String> {
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
}

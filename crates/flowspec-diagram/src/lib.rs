//! The data process of a design as a picture, and as a page for the people
//! who never open an editor.
//!
//! [`graph`] builds one model of what to draw (a node per tool or role the
//! flows use, an edge per hop); [`svg`], [`dot`] and [`mermaid`] draw it;
//! [`report`] writes a self-contained HTML page around the SVG. All pure:
//! no I/O, and the same workspace always gives the same bytes.

mod dot;
mod graph;
mod layout;
mod mermaid;
mod report;
mod shown_path;
mod svg;
pub mod text;

pub use dot::dot;
pub use graph::{Edge, FlowSummary, Graph, Node, NodeKind, UnknownFlow, graph, graph_of_file};
pub use layout::{Direction, Path, Rect, Segment};
pub use mermaid::mermaid;
pub use report::report;
pub use svg::{svg, svg_in};

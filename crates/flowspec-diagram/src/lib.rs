//! The data process of a design as a picture, and as a page for the people
//! who never open an editor.
//!
//! [`graph`] builds one model of what to draw (a node per tool or role the
//! flows use, an edge per hop); [`svg`], [`dot`] and [`mermaid`] draw it,
//! [`png`] rasterises the SVG and [`drawio`] lays the SVG's boxes out as a
//! diagrams.net file;
//! [`report`] writes a self-contained HTML page around the SVG. All pure:
//! no I/O, and the same workspace always gives the same bytes.

mod dot;
mod drawio;
mod graph;
mod layout;
mod mermaid;
mod png;
mod report;
mod shown_path;
mod svg;
pub mod text;

pub use dot::dot;
pub use drawio::drawio;
pub use graph::{
    Edge, FlowSummary, Graph, LabelLine, Node, NodeKind, UnknownFlow, graph, graph_of_file,
    node_for,
};
pub use layout::{Direction, Path, Rect, Segment};
pub use mermaid::mermaid;
pub use png::{MAX_SIDE, PngError, png, png_of_svg};
pub use report::report;
pub use svg::{svg, svg_in};

//! The graph as Graphviz DOT: the same nodes, hops, labels and colours as
//! the SVG, laid out by Graphviz (`dot -Tsvg`).

use std::fmt::Write;

use flowspec_analysis::model::Status;

use crate::graph::{Graph, NodeKind};

/// A DOT double-quoted string: quotes and backslashes escaped, newlines as
/// `\n`, so no name can break out of it or use Graphviz's escapes.
fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn dot(graph: &Graph) -> String {
    let font = "Helvetica,Arial,sans-serif";
    let mut out = String::from("digraph flowspec {\n");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, fontname={}, nodesep=0.4, ranksep=0.7{}];",
        quoted(font),
        graph
            .title
            .as_ref()
            .map(|t| format!(
                ", label={}, labelloc=t, labeljust=l, fontsize=16",
                quoted(t)
            ))
            .unwrap_or_default()
    );
    let _ = writeln!(
        out,
        "  node [fontname={}, fontsize=12, shape=box, style=\"rounded,filled\", fillcolor=\"#eef4fc\", color=\"#4a72b0\", penwidth=1.5];",
        quoted(font)
    );
    let _ = writeln!(
        out,
        "  edge [fontname={}, fontsize=10, color=\"#475569\", fontcolor=\"#1e293b\", penwidth=1.3];",
        quoted(font)
    );
    for node in &graph.nodes {
        let label = match node.caption() {
            Some(c) => format!("{}\n{c}", node.label),
            None => node.label.clone(),
        };
        let style = match node.kind {
            NodeKind::Tool => String::new(),
            NodeKind::Role => {
                ", shape=ellipse, style=filled, fillcolor=\"#f5f0ff\", color=\"#7c3aed\""
                    .to_string()
            }
            NodeKind::Unknown => {
                ", style=\"rounded,filled,dashed\", fillcolor=\"#fef2f2\", color=\"#dc2626\""
                    .to_string()
            }
        };
        let _ = writeln!(
            out,
            "  {} [label={}, tooltip={}{style}];",
            quoted(&node.id),
            quoted(&label),
            quoted(&format!("{} ({})", node.label, node.id)),
        );
    }
    for edge in &graph.edges {
        let flow = &graph.flows[edge.flow];
        let label: Vec<String> = flow.label_lines().into_iter().map(|(_, l)| l).collect();
        let label = label.join("\n");
        let mut attrs = Vec::new();
        if flow.progress().is_some() {
            attrs.push("color=\"#d97706\", fontcolor=\"#b45309\"".to_string());
        }
        if flow.status == Some(Status::Proposed) {
            attrs.push("style=dashed".to_string());
        }
        let _ = writeln!(
            out,
            "  {} -> {} [label={}{}];",
            quoted(&graph.nodes[edge.from].id),
            quoted(&graph.nodes[edge.to].id),
            quoted(&label),
            attrs.iter().map(|a| format!(", {a}")).collect::<String>()
        );
    }
    out.push_str("}\n");
    out
}

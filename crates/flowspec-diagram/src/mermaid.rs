//! The graph as a Mermaid flowchart, for Markdown that renders Mermaid
//! (GitHub, GitLab, many wikis): the same nodes, hops, labels and colours.

use std::fmt::Write;

use flowspec_analysis::model::Status;

use crate::graph::{Graph, NodeKind};

/// Text inside a Mermaid `"…"` label: Mermaid's entity codes for the
/// characters that would end the label or start markup.
fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A YAML double-quoted string, for the title in the front matter.
fn yaml(raw: &str) -> String {
    let mut out = String::from("\"");
    for c in raw.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn mermaid(graph: &Graph) -> String {
    let mut out = String::new();
    if let Some(title) = &graph.title {
        let _ = writeln!(out, "---\ntitle: {}\n---", yaml(title));
    }
    out.push_str("flowchart LR\n");
    for (i, node) in graph.nodes.iter().enumerate() {
        let mut label = text(&node.label);
        if let Some(c) = node.caption() {
            let _ = write!(label, "<br><small>{}</small>", text(&c));
        }
        let (open, close) = match node.kind {
            NodeKind::Role => ("([", "])"),
            NodeKind::Tool | NodeKind::Unknown => ("[", "]"),
        };
        let _ = writeln!(
            out,
            "  n{i}{open}\"{label}\"{close}:::{}",
            node.kind.as_str()
        );
    }
    let mut warn_links = Vec::new();
    for (i, edge) in graph.edges.iter().enumerate() {
        let flow = &graph.flows[edge.flow];
        let label: Vec<String> = flow
            .label_lines()
            .into_iter()
            .map(|(_, l)| text(&l))
            .collect();
        let label = label.join("<br>");
        if flow.progress().is_some() {
            warn_links.push(i.to_string());
        }
        let arrow = if flow.status == Some(Status::Proposed) {
            "-.->"
        } else {
            "-->"
        };
        let _ = writeln!(out, "  n{} {arrow}|\"{label}\"| n{}", edge.from, edge.to);
    }
    out.push_str("  classDef tool fill:#eef4fc,stroke:#4a72b0,color:#1e293b\n");
    out.push_str("  classDef role fill:#f5f0ff,stroke:#7c3aed,color:#1e293b\n");
    out.push_str(
        "  classDef unknown fill:#fef2f2,stroke:#dc2626,stroke-dasharray:5 3,color:#1e293b\n",
    );
    if !warn_links.is_empty() {
        let _ = writeln!(
            out,
            "  linkStyle {} stroke:#d97706,color:#b45309",
            warn_links.join(",")
        );
    }
    out
}

//! The inventory of tools: kind, owner, OpenFn adaptor and the flows that
//! use each.

use std::collections::BTreeMap;
use std::fmt::Write;

use flowspec_analysis::model::DeclKind;
use flowspec_analysis::{Resolution, Workspace};

use super::{inline, plural, section_start};
use crate::graph::{Graph, Node, NodeKind, node_for};
use crate::text::escape;

pub(super) fn tools_section(out: &mut String, workspace: &Workspace, graph: &Graph) {
    section_start(out, "tools");
    // Used tools in order of use, then declared tools no flow uses.
    let mut rows: Vec<(Node, usize)> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind != NodeKind::Role)
        .map(|(i, n)| {
            let uses = graph
                .flows
                .iter()
                .enumerate()
                .filter(|(f, _)| {
                    graph
                        .edges
                        .iter()
                        .any(|e| e.flow == *f && (e.from == i || e.to == i))
                })
                .count();
            (n.clone(), uses)
        })
        .collect();
    let mut unused: BTreeMap<String, Node> = BTreeMap::new();
    for (_, file) in workspace.files() {
        for decl in &file.model.decls {
            if decl.kind == DeclKind::Tool
                && !rows.iter().any(|(n, _)| n.id == decl.name.text.as_str())
                && matches!(workspace.resolve(&decl.name.text), Resolution::Declared { decl: d, .. } if d.span == decl.span)
            {
                unused.insert(
                    decl.name.text.to_string(),
                    node_for(workspace, &decl.name.text),
                );
            }
        }
    }
    rows.extend(unused.into_values().map(|n| (n, 0)));
    if rows.is_empty() {
        out.push_str("<p class=\"none\">No tools yet.</p>\n</section>\n");
        return;
    }
    out.push_str("<table class=\"tools\"><thead><tr><th>Tool</th><th>Kind</th><th>Owner</th><th>OpenFn adaptor</th><th>Used in</th></tr></thead><tbody>\n");
    for (node, uses) in rows {
        let catalog = flowspec_analysis::catalog::catalog().get(&node.id);
        let adaptor = match (&node.adaptor, node.kind) {
            (_, NodeKind::Unknown) => "—".to_string(),
            (Some(a), _) => {
                let from_catalog = catalog.and_then(|c| c.adaptor.as_ref()) == Some(a)
                    && !declared_adaptor(workspace, &node.id);
                format!(
                    "<code>{}</code>{}",
                    escape(a),
                    if from_catalog {
                        " <span class=\"aside\">(catalog)</span>"
                    } else {
                        ""
                    }
                )
            }
            (None, _) => "<span class=\"aside\">none</span>".to_string(),
        };
        let kind = match node.kind {
            NodeKind::Unknown => "<span class=\"flag\">Unknown step</span>".to_string(),
            _ => node
                .tool_kind
                .map_or("—".to_string(), |k| escape(k.describe())),
        };
        let used = if uses == 0 {
            "<span class=\"aside\">no flow</span>".to_string()
        } else {
            format!("{uses} {}", plural(uses, "flow", "flows"))
        };
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td><strong>{}</strong> <code>{}</code>{}</td><td>{kind}</td><td>{}</td><td>{adaptor}</td><td>{used}</td></tr>",
            node.kind.as_str(),
            escape(&node.label),
            escape(&node.id),
            node.description
                .as_ref()
                .map(|d| format!("<div class=\"description\">{}</div>", inline(d)))
                .unwrap_or_default(),
            node.owner.as_ref().map_or("—".to_string(), |o| escape(o)),
        );
    }
    out.push_str("</tbody></table>\n</section>\n");
}

fn declared_adaptor(workspace: &Workspace, id: &str) -> bool {
    matches!(workspace.resolve(id), Resolution::Declared { decl, .. } if decl.adaptor.is_some())
}

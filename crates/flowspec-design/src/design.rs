//! A design as data for programs: its tools and people (a card per box of
//! the diagram), its flows with their six answers (a card per flow, whose
//! hops are the diagram's arrows), the files' introductions and the
//! diagnostics. The MCP server's tools and the live page read this.
//!
//! Indices are the diagram's: `nodes[i]` is the SVG's `fs-node-i`,
//! `edges[i]` its `fs-edge-i`, and `edges[i].flow` indexes `flows`.

use flowspec_analysis::ide::answers::{AnswerRow, answer_rows};
use flowspec_analysis::model::{AnswerStatus, DeclKind, FlowInfo};
use flowspec_analysis::schema::Category;
use flowspec_analysis::{Resolution, Severity, Workspace};
use flowspec_diagram::{Graph, Node, NodeKind};
use serde::Serialize;

use crate::diagnostics::{JsonDiagnostic, collect, json_diagnostics, position, summary};

#[derive(Debug, Clone, Serialize)]
pub struct Design {
    /// The first line of the first file's doc comment.
    pub title: Option<String>,
    /// Every file, sorted by path, with its introduction (doc comment).
    pub files: Vec<FileCard>,
    /// The boxes of the diagram, in its order.
    pub nodes: Vec<NodeCard>,
    /// Tools and roles declared that no flow uses (not drawn).
    pub unused: Vec<NodeCard>,
    pub flows: Vec<FlowCard>,
    pub edges: Vec<EdgeCard>,
    /// As `flowspec check --format json` prints them.
    pub diagnostics: Vec<JsonDiagnostic>,
    pub counts: Counts,
    /// `Checked 3 files: 1 error, 2 open questions.`
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileCard {
    pub path: String,
    pub doc: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub files: usize,
    pub flows: usize,
    pub tools: usize,
    pub people: usize,
    pub incomplete_flows: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Diagnostics of severity information: the open questions.
    pub information: usize,
    pub hints: usize,
}

/// Where something is written: 1-based line and column (characters).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Location {
    pub path: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeCard {
    /// The name chains use.
    pub id: String,
    pub label: String,
    /// `tool`, `role` or `unknown`.
    pub kind: &'static str,
    /// `database`, `mobile`, …
    pub tool_kind: Option<&'static str>,
    /// The kind in words.
    pub tool_kind_description: Option<&'static str>,
    pub owner: Option<String>,
    pub adaptor: Option<String>,
    pub description: Option<String>,
    /// Declared in a file (rather than known from the catalog only).
    pub declared: bool,
    /// Where it is declared.
    pub location: Option<Location>,
    /// The flows (indices) that pass through it.
    pub flows: Vec<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FlowCard {
    /// The flow's name, or a bare flow's chain (`a -> b`).
    pub name: String,
    /// Has a name (`flow x: …`).
    pub named: bool,
    pub location: Location,
    /// `current` or `proposed`.
    pub status: Option<&'static str>,
    pub owner: Option<String>,
    pub notes: Option<String>,
    pub doc: Option<String>,
    /// How many of the six questions have a valid answer.
    pub answered: usize,
    pub complete: bool,
    /// `monthly, batch`.
    pub schedule: Option<String>,
    /// The steps, as indices into `nodes`.
    pub steps: Vec<usize>,
    /// Its hops: indices into `edges`.
    pub edges: Vec<usize>,
    /// The six questions, in order.
    pub answers: Vec<AnswerCard>,
    /// The questions answered `unknown` or `tbd`.
    pub open_questions: Vec<OpenQuestion>,
    /// The questions not answered, or answered wrongly.
    pub unanswered: Vec<&'static str>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerCard {
    /// `tools`, `data`, `transform`, `timing`, `frequency`, `volume`.
    pub key: &'static str,
    /// `Data flow`.
    pub title: &'static str,
    /// The design question, as the method asks it.
    pub question: &'static str,
    /// `answered`, `open`, `invalid` or `unanswered`.
    pub status: &'static str,
    pub value: Option<String>,
    pub meaning: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// `unknown` or `tbd`.
    pub open: Option<&'static str>,
    /// Where it is answered.
    pub line: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OpenQuestion {
    pub key: &'static str,
    pub title: &'static str,
    pub question: &'static str,
    /// `unknown` or `tbd`.
    pub answered: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct EdgeCard {
    pub from: usize,
    pub to: usize,
    pub flow: usize,
    pub hop: usize,
}

/// The key a question goes by in data.
pub fn category_key(category: Category) -> &'static str {
    match category {
        Category::Tools => "tools",
        Category::Data => "data",
        Category::Transform => "transform",
        Category::Timing => "timing",
        Category::Frequency => "frequency",
        Category::Volume => "volume",
    }
}

fn status_str(status: AnswerStatus) -> &'static str {
    match status {
        AnswerStatus::Answered => "answered",
        AnswerStatus::Open => "open",
        AnswerStatus::Invalid => "invalid",
        AnswerStatus::Unanswered => "unanswered",
    }
}

/// The design of the whole workspace: the diagram's graph, as data.
pub fn design(workspace: &Workspace) -> Design {
    let graph = flowspec_diagram::graph(workspace, None)
        .expect("every flow is drawn when none is asked for");
    design_of(workspace, &graph)
}

/// The design, for a graph of all the workspace's flows (as
/// [`flowspec_diagram::graph`] builds it with no flow named).
pub fn design_of(workspace: &Workspace, graph: &Graph) -> Design {
    // The graph's flows are the workspace's, in the same order.
    let infos: Vec<(&str, &FlowInfo)> = workspace
        .files()
        .flat_map(|(_, f)| f.model.flows.iter().map(move |fl| (f.path.as_str(), fl)))
        .collect();
    let node_flows = |i: usize| -> Vec<usize> {
        let mut flows: Vec<usize> = graph
            .edges
            .iter()
            .filter(|e| e.from == i || e.to == i)
            .map(|e| e.flow)
            .collect();
        flows.dedup();
        flows
    };
    let nodes: Vec<NodeCard> = graph
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| node_card(workspace, n, node_flows(i)))
        .collect();
    let flows: Vec<FlowCard> = infos
        .iter()
        .zip(&graph.flows)
        .enumerate()
        .map(|(f, ((path, info), summary))| {
            let file = workspace
                .file_id(path)
                .and_then(|id| workspace.file(id))
                .expect("a flow's file is loaded");
            let (line, column) = position(file, info.header.start);
            let line_of = |span: flowspec_analysis::syntax::Span| position(file, span.start).0;
            let rows = answer_rows(info);
            let edges: Vec<usize> = graph
                .edges
                .iter()
                .enumerate()
                .filter(|(_, e)| e.flow == f)
                .map(|(i, _)| i)
                .collect();
            let mut steps: Vec<usize> = edges.iter().map(|&e| graph.edges[e].from).collect();
            steps.extend(edges.last().map(|&e| graph.edges[e].to));
            if steps.is_empty() {
                // A one-step flow has no hop: its one box.
                steps.extend(info.steps.first().and_then(|s| {
                    let id = flowspec_diagram::node_for(workspace, &s.text).id;
                    graph.nodes.iter().position(|n| n.id == id)
                }));
            }
            FlowCard {
                name: summary.name.clone(),
                named: summary.named,
                location: Location {
                    path: path.to_string(),
                    line,
                    column,
                },
                status: summary.status.map(|s| s.as_str()),
                owner: info.owner.clone(),
                notes: info.notes.clone(),
                doc: info.doc.clone(),
                answered: summary.answered,
                complete: summary.complete(),
                schedule: summary.schedule(),
                steps,
                edges,
                open_questions: rows
                    .iter()
                    .filter_map(|r| {
                        Some(OpenQuestion {
                            key: category_key(r.category),
                            title: r.category.title(),
                            question: r.category.question(),
                            answered: r.open?.as_str(),
                        })
                    })
                    .collect(),
                unanswered: summary.missing.iter().map(|c| category_key(*c)).collect(),
                answers: rows.iter().map(|r| answer_card(r, line_of)).collect(),
            }
        })
        .collect();
    let files_diagnostics = collect(workspace);
    let count = |s: Severity| {
        files_diagnostics
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == s)
            .count()
    };
    let people = graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Role)
        .count();
    let counts = Counts {
        files: files_diagnostics.len(),
        flows: graph.flows.len(),
        tools: graph.nodes.len() - people,
        people,
        incomplete_flows: graph.flows.iter().filter(|f| !f.complete()).count(),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        information: count(Severity::Information),
        hints: count(Severity::Hint),
    };
    let mut files: Vec<FileCard> = workspace
        .files()
        .map(|(_, f)| FileCard {
            path: f.path.clone(),
            doc: f.tree.doc.as_ref().map(|d| d.text.trim().to_string()),
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Design {
        title: graph.title.clone(),
        files,
        unused: unused(workspace, &nodes),
        nodes,
        flows,
        edges: graph
            .edges
            .iter()
            .map(|e| EdgeCard {
                from: e.from,
                to: e.to,
                flow: e.flow,
                hop: e.hop,
            })
            .collect(),
        diagnostics: json_diagnostics(workspace, &files_diagnostics),
        counts,
        summary: summary(&files_diagnostics),
    }
}

fn answer_card(
    row: &AnswerRow,
    line_of: impl Fn(flowspec_analysis::syntax::Span) -> u32,
) -> AnswerCard {
    AnswerCard {
        key: category_key(row.category),
        title: row.category.title(),
        question: row.category.question(),
        status: status_str(row.status),
        value: row.value.clone(),
        meaning: row.meaning.clone(),
        items: row.items.clone(),
        open: row.open.map(|w| w.as_str()),
        line: row.span.map(line_of),
    }
}

fn node_card(workspace: &Workspace, node: &Node, flows: Vec<usize>) -> NodeCard {
    let location = match workspace.resolve(&node.id) {
        Resolution::Declared { file, decl, .. } => workspace.file(file).map(|f| {
            let (line, column) = position(f, decl.name.span.start);
            Location {
                path: f.path.clone(),
                line,
                column,
            }
        }),
        _ => None,
    };
    NodeCard {
        id: node.id.clone(),
        label: node.label.clone(),
        kind: node.kind.as_str(),
        tool_kind: node.tool_kind.map(|k| k.as_str()),
        tool_kind_description: node.tool_kind.map(|k| k.describe()),
        owner: node.owner.clone(),
        adaptor: node.adaptor.clone(),
        description: node.description.clone(),
        declared: node.declared,
        location,
        flows,
    }
}

/// Declared tools and roles no flow uses, sorted by name (the first
/// declaration of each).
fn unused(workspace: &Workspace, used: &[NodeCard]) -> Vec<NodeCard> {
    let mut out: Vec<NodeCard> = Vec::new();
    for (_, file) in workspace.files() {
        for decl in &file.model.decls {
            let name = decl.name.text.as_str();
            let first = matches!(
                workspace.resolve(name),
                Resolution::Declared { decl: d, .. } if d.span == decl.span
            );
            if first
                && !used.iter().any(|n| n.id == name)
                && !out.iter().any(|n| n.id == name)
                && matches!(decl.kind, DeclKind::Tool | DeclKind::Role)
            {
                let node = flowspec_diagram::node_for(workspace, name);
                out.push(node_card(workspace, &node, Vec::new()));
            }
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace(files: &[(&str, &str)]) -> Workspace {
        let mut ws = Workspace::new();
        ws.set_files(
            files
                .iter()
                .map(|(p, t)| (p.to_string(), std::sync::Arc::from(*t)))
                .collect(),
        );
        ws
    }

    #[test]
    fn cards_follow_the_diagram_and_carry_the_six_answers() {
        let ws = workspace(&[
            (
                "tools.flow",
                "## Ethiopia ✓\n\ntool hmis \"Regional HMIS\" { kind: database owner: \"Ministère\" }\nrole clerk \"Data clerk\"\ntool spare\n",
            ),
            (
                "flows.flow",
                "flow monthly: commcare -> clerk -> hmis {\n  data: [\"visits\"]\n  timing: batch\n  frequency: monthly\n  volume: tbd\n}\n",
            ),
        ]);
        let d = design(&ws);
        assert_eq!(d.title.as_deref(), Some("Ethiopia ✓"));
        let ids: Vec<&str> = d.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["commcare", "clerk", "hmis"]);
        assert_eq!(d.nodes[1].kind, "role");
        assert_eq!(d.nodes[2].owner.as_deref(), Some("Ministère"));
        assert_eq!(
            d.nodes[2].location,
            Some(Location {
                path: "tools.flow".into(),
                line: 3,
                column: 6
            })
        );
        assert!(d.nodes[0].adaptor.is_some(), "the catalog's adaptor");
        assert_eq!(
            d.unused.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(),
            ["spare"]
        );
        let flow = &d.flows[0];
        assert_eq!(flow.name, "monthly");
        assert_eq!(flow.steps, [0, 1, 2]);
        assert_eq!(flow.edges, [0, 1]);
        assert_eq!(flow.answered, 4);
        assert_eq!(flow.answers.len(), 6);
        assert_eq!(flow.answers[4].value.as_deref(), Some("monthly"));
        assert_eq!(flow.answers[4].line, Some(4));
        assert_eq!(flow.answers[2].status, "unanswered");
        assert_eq!(flow.open_questions.len(), 1);
        assert_eq!(flow.open_questions[0].key, "volume");
        assert_eq!(flow.unanswered, ["transform"]);
        assert_eq!(d.counts.people, 1);
        assert_eq!(d.counts.incomplete_flows, 1);
        assert_eq!(
            d.diagnostics.len(),
            d.counts.errors + d.counts.warnings + d.counts.information + d.counts.hints
        );
        assert!(d.diagnostics.iter().any(|x| x.code == "open-question"));
        assert!(d.summary.starts_with("Checked 2 files"), "{}", d.summary);
    }
}

//! The design as one HTML page for stakeholders who never open an editor:
//! the files' introductions, the diagram, every flow's answers to the six
//! questions, the open questions, the manual steps and the tools.
//!
//! Self-contained (inline styles and SVG, no scripts, no network), print
//! friendly, deterministic (no dates), and every piece of user text is
//! escaped. Stable hooks: `<section id="introduction|diagram|flows|
//! open-questions|manual-steps|tools|data-dictionary|mappings">`, `<article class="flow">`,
//! `<tr class="unanswered">`.
//!
//! One module per part of the page: `flows` (the table and each flow's
//! answers), `questions` (open questions and manual steps), `tools` (the
//! inventory), `records` (the data dictionary and mapping tables, with
//! their own `records.css`), `discovery` (each flow's discovery checklist,
//! only when the profile is `discovery` or the design answers a discovery
//! question); the style sheet is `style.css`.

mod discovery;
mod flows;
mod questions;
mod records;
mod tools;

use std::collections::BTreeMap;
use std::fmt::Write;

use flowspec_analysis::Workspace;
use flowspec_analysis::model::FlowInfo;

use crate::graph::{Graph, NodeKind, graph};
use crate::shown_path::relative_to_design;
use crate::svg::render;
use crate::text::escape;
use flows::flows_section;
use questions::{manual_steps, open_questions};
use tools::tools_section;

/// The page for the whole workspace.
pub fn report(workspace: &Workspace) -> String {
    let graph = graph(workspace, None).expect("every flow is drawn when none is asked for");
    // Paths as the reader knows them: from the design's folder.
    let paths: Vec<&str> = workspace.files().map(|(_, f)| f.path.as_str()).collect();
    let shown: BTreeMap<&str, String> = paths
        .iter()
        .copied()
        .zip(relative_to_design(&paths))
        .collect();
    let flows: Vec<(&str, &FlowInfo)> = workspace
        .files()
        .flat_map(|(_, f)| {
            let path = shown[f.path.as_str()].as_str();
            f.model.flows.iter().map(move |fl| (path, fl))
        })
        .collect();
    let title = graph
        .title
        .clone()
        .unwrap_or_else(|| "Integration design".to_string());

    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"Flowspec\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape(&title));
    out.push_str(STYLE);
    // Only a design with records gets their sections (and their styles):
    // the page of a design without them stays as it was.
    let with_records = flowspec_analysis::records::table::has_records(workspace);
    if with_records {
        out.push_str(records::STYLE);
    }
    out.push_str("</head>\n<body>\n<main>\n");

    // Header and contents.
    let incomplete = graph.flows.iter().filter(|f| !f.complete()).count();
    let open: usize = graph.flows.iter().map(|f| f.open).sum();
    let people = graph
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Role)
        .count();
    let tools = graph.nodes.len() - people;
    let _ = writeln!(
        out,
        "<header>\n<p class=\"kicker\">Integration design</p>\n<h1>{}</h1>",
        escape(&title)
    );
    let _ = writeln!(
        out,
        "<ul class=\"figures\"><li><strong>{}</strong> {}</li><li><strong>{tools}</strong> {}</li><li><strong>{people}</strong> {}</li><li class=\"{}\"><strong>{incomplete}</strong> with unanswered questions</li><li><strong>{open}</strong> open {}</li></ul>",
        graph.flows.len(),
        plural(graph.flows.len(), "flow", "flows"),
        plural(tools, "tool", "tools"),
        plural(people, "person", "people"),
        if incomplete > 0 { "warn" } else { "ok" },
        plural(open, "question", "questions"),
    );
    out.push_str("<nav class=\"contents\" aria-label=\"Contents\"><ol>");
    let extra: &[(&str, &str)] = if with_records {
        &records::SECTIONS
    } else {
        &[]
    };
    for (id, name) in SECTIONS.iter().chain(extra) {
        let _ = write!(out, "<li><a href=\"#{id}\">{name}</a></li>");
    }
    if discovery::shown(workspace) {
        let (id, name) = discovery::LINK;
        let _ = write!(out, "<li><a href=\"#{id}\">{name}</a></li>");
    }
    out.push_str("</ol></nav>\n</header>\n");

    introduction(&mut out, workspace, graph.title.as_deref(), &shown);
    diagram(&mut out, &graph);
    flows_section(&mut out, workspace, &graph, &flows);
    open_questions(&mut out, &graph, &flows);
    manual_steps(&mut out, &graph, &flows);
    tools_section(&mut out, workspace, &graph);
    if with_records {
        records::dictionary_section(&mut out, workspace);
        records::mappings_section(&mut out, workspace);
    }
    discovery::discovery_section(&mut out, workspace, &flows);

    out.push_str(
        "<footer>Written by Flowspec from the design's <code>.flow</code> files. The six questions of every flow: Tools, Data flow, Transformation, Timing, Frequency, Volume.</footer>\n",
    );
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

const SECTIONS: [(&str, &str); 6] = [
    ("introduction", "Introduction"),
    ("diagram", "The data process"),
    ("flows", "Flows and their answers"),
    ("open-questions", "Open questions"),
    ("manual-steps", "Manual steps"),
    ("tools", "Tools"),
];

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Doc-comment text as paragraphs; `code` in backticks kept as code.
fn prose(text: &str) -> String {
    let mut out = String::new();
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let joined = paragraph
            .lines()
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(" ");
        let _ = write!(out, "<p>{}</p>", inline(&joined));
    }
    out
}

/// Escaped text with `code` spans.
fn inline(text: &str) -> String {
    let escaped = escape(text);
    let mut out = String::with_capacity(escaped.len());
    let mut parts = escaped.split('`');
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    let rest: Vec<&str> = parts.collect();
    // An odd number of backticks leaves the last one as it is.
    let pairs = rest.len() / 2 * 2;
    for (i, part) in rest.iter().enumerate() {
        if i >= pairs {
            out.push('`');
            out.push_str(part);
        } else if i % 2 == 0 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

fn section_start(out: &mut String, id: &str) {
    let name = SECTIONS
        .iter()
        .chain(&records::SECTIONS)
        .find(|(i, _)| *i == id)
        .map_or(id, |(_, n)| n);
    let _ = writeln!(out, "<section id=\"{id}\">\n<h2>{name}</h2>");
}

fn introduction(
    out: &mut String,
    workspace: &Workspace,
    title: Option<&str>,
    shown: &BTreeMap<&str, String>,
) {
    section_start(out, "introduction");
    let mut any = false;
    let mut title = title;
    for (_, file) in workspace.files() {
        if let Some(doc) = &file.tree.doc {
            any = true;
            // The page's title is the first line of the first introduction:
            // not twice.
            let mut text = doc.text.trim_start();
            if let Some(t) = title.take()
                && let Some(rest) = text.strip_prefix(t)
                && rest.starts_with('\n')
            {
                text = rest;
            }
            let _ = writeln!(
                out,
                "<div class=\"file-doc\"><p class=\"source\">{}</p>{}</div>",
                escape(&shown[file.path.as_str()]),
                prose(text)
            );
        }
    }
    if !any {
        out.push_str(
            "<p class=\"none\">The design's files have no introduction. A <code>##</code> comment at the top of a file, followed by a blank line, becomes one.</p>\n",
        );
    }
    out.push_str("</section>\n");
}

fn diagram(out: &mut String, graph: &Graph) {
    section_start(out, "diagram");
    out.push_str("<p class=\"lead\">Each box is a tool or a person the flows use; each arrow is one hop of a flow, labelled with the flow's name, how often it runs and what starts it. Amber arrows belong to flows that leave questions unanswered.</p>\n");
    // Fitted to the page; a link (no script: the CSS `:target`) shows it
    // at full size.
    out.push_str("<figure class=\"diagram\" id=\"diagram-full\">\n");
    out.push_str(&render(graph, None, false));
    out.push_str("<figcaption><a class=\"zoom-in\" href=\"#diagram-full\">Show at full size</a><a class=\"zoom-out\" href=\"#diagram\">Fit to the page</a></figcaption>\n");
    out.push_str("</figure>\n</section>\n");
}

const STYLE: &str = include_str!("style.css");

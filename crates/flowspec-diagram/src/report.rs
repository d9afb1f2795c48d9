//! The design as one HTML page for stakeholders who never open an editor:
//! the files' introductions, the diagram, every flow's answers to the six
//! questions, the open questions, the manual steps and the tools.
//!
//! Self-contained (inline styles and SVG, no scripts, no network), print
//! friendly, deterministic (no dates), and every piece of user text is
//! escaped. Stable hooks: `<section id="introduction|diagram|flows|
//! open-questions|manual-steps|tools">`, `<article class="flow">`,
//! `<tr class="unanswered">`.

use std::collections::BTreeMap;
use std::fmt::Write;

use flowspec_analysis::model::{AnswerState, DeclKind, FlowInfo, Transform};
use flowspec_analysis::schema::Category;
use flowspec_analysis::values::{Frequency, Volume, format_rate};
use flowspec_analysis::{Resolution, Workspace};

use crate::graph::{Graph, Node, NodeKind, graph, node_for};
use crate::shown_path::relative_to_design;
use crate::svg::{flow_title, render};
use crate::text::escape;

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
    for (id, name) in SECTIONS {
        let _ = write!(out, "<li><a href=\"#{id}\">{name}</a></li>");
    }
    out.push_str("</ol></nav>\n</header>\n");

    introduction(&mut out, workspace, graph.title.as_deref(), &shown);
    diagram(&mut out, &graph);
    flows_section(&mut out, workspace, &graph, &flows);
    open_questions(&mut out, &graph, &flows);
    manual_steps(&mut out, &graph, &flows);
    tools_section(&mut out, workspace, &graph);

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

/// How an answer reads in a table cell, and whether it is missing.
enum Cell {
    Answer(String),
    Open(&'static str),
    Invalid,
    Unanswered,
}

fn answer_cell<T>(
    answer: &Option<flowspec_analysis::model::Answer<T>>,
    show: impl Fn(&T) -> String,
) -> Cell {
    match answer.as_ref().map(|a| &a.state) {
        None => Cell::Unanswered,
        Some(AnswerState::Known(v)) => Cell::Answer(show(v)),
        Some(AnswerState::Open(w)) => Cell::Open(w.as_str()),
        Some(AnswerState::Invalid) => Cell::Invalid,
    }
}

fn list(items: &[String]) -> String {
    match items {
        [one] => escape(one),
        many => format!(
            "<ul>{}</ul>",
            many.iter()
                .map(|i| format!("<li>{}</li>", escape(i)))
                .collect::<String>()
        ),
    }
}

fn frequency_text(f: &Frequency) -> String {
    let mut text = format!("<code>{}</code>", escape(&f.display()));
    let described = f.describe();
    if described != f.display() {
        let _ = write!(text, ": {}", escape(&described));
    }
    if let Some(per_day) = f.runs_per_day().filter(|r| *r > 0.0) {
        let rate = if per_day >= 1.0 {
            format!("≈ {} runs a day", format_rate(per_day))
        } else {
            format!("a run every {} days", format_rate(1.0 / per_day))
        };
        let _ = write!(text, " <span class=\"aside\">({rate})</span>");
    }
    text
}

fn volume_text(v: &Volume, f: Option<&Frequency>) -> String {
    let mut text = format!("<code>{}</code>", escape(&v.display()));
    let unit = v.unit.plural();
    let mut rates = Vec::new();
    if v.period.is_none_or(|p| p.days().is_none())
        && let Some(day) = v.per_day(f)
    {
        rates.push(format!("≈ {} {unit} a day", format_rate(day)));
    }
    if v.period.is_some_and(|p| p.days().is_some())
        && let Some(run) = v.per_run(f)
    {
        rates.push(format!("≈ {} {unit} a run", format_rate(run)));
    }
    if !rates.is_empty() {
        let _ = write!(text, " <span class=\"aside\">({})</span>", rates.join(", "));
    }
    text
}

fn flows_section(
    out: &mut String,
    workspace: &Workspace,
    graph: &Graph,
    flows: &[(&str, &FlowInfo)],
) {
    section_start(out, "flows");
    if flows.is_empty() {
        out.push_str("<p class=\"none\">The design has no flows yet. Write one as a chain, such as <code>commcare -&gt; dhis2</code>.</p>\n</section>\n");
        return;
    }
    // At a glance.
    out.push_str("<table class=\"glance\"><thead><tr><th>Flow</th><th>Chain</th><th>Runs</th><th>Answered</th><th>Status</th></tr></thead><tbody>\n");
    for (i, ((_, flow), summary)) in flows.iter().zip(&graph.flows).enumerate() {
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td><a href=\"#flow-{i}\">{}</a></td><td>{}</td><td>{}</td><td class=\"count\">{}/6</td><td>{}</td></tr>",
            if summary.complete() {
                "complete"
            } else {
                "incomplete"
            },
            escape(&flow_title(summary)),
            escape(&chain_names(workspace, flow)),
            escape(&summary.schedule().unwrap_or_else(|| "—".to_string())),
            summary.answered,
            summary.status.map_or("—", |s| s.as_str()),
        );
    }
    out.push_str("</tbody></table>\n");

    for (i, ((path, flow), summary)) in flows.iter().zip(&graph.flows).enumerate() {
        let _ = writeln!(
            out,
            "<article class=\"flow {}\" id=\"flow-{i}\">",
            if summary.complete() {
                "complete"
            } else {
                "incomplete"
            }
        );
        let _ = write!(out, "<h3>{}", escape(&flow_title(summary)));
        if let Some(status) = summary.status {
            let _ = write!(
                out,
                " <span class=\"badge {0}\">{0}</span>",
                status.as_str()
            );
        }
        let _ = writeln!(
            out,
            " <span class=\"badge {}\">{}/6 answered</span></h3>",
            if summary.complete() { "ok" } else { "warn" },
            summary.answered
        );
        let mut meta = vec![format!("in <code>{}</code>", escape(path))];
        if let Some(owner) = &flow.owner {
            meta.push(format!("owner: {}", escape(owner)));
        }
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));
        if let Some(doc) = &flow.doc {
            out.push_str(&prose(doc));
        }
        if let Some(notes) = &flow.notes {
            let _ = writeln!(
                out,
                "<p class=\"notes\"><strong>Notes:</strong> {}</p>",
                inline(notes)
            );
        }
        out.push_str("<table class=\"questions\"><thead><tr><th>#</th><th>Question</th><th>Answer</th></tr></thead><tbody>\n");
        let answers = &flow.answers;
        for (n, category) in Category::ALL.into_iter().enumerate() {
            let cell = match category {
                Category::Tools => Cell::Answer(escape(&chain_names(workspace, flow))),
                Category::Data => answer_cell(&answers.data, |d| list(d)),
                Category::Transform => answer_cell(&answers.transform, transform_text),
                Category::Timing => answer_cell(&answers.timing, |t| {
                    let mut s = format!("<code>{}</code>: {}", t.kind.as_str(), t.kind.describe());
                    if let Some(note) = &t.note {
                        let _ = write!(s, " <span class=\"aside\">({})</span>", escape(note));
                    }
                    s
                }),
                Category::Frequency => answer_cell(&answers.frequency, frequency_text),
                Category::Volume => {
                    answer_cell(&answers.volume, |v| volume_text(v, answers.frequency()))
                }
            };
            let (class, text) = match cell {
                Cell::Answer(t) => ("answered", t),
                Cell::Open(word) => (
                    "open",
                    format!("<span class=\"flag\">Open question</span> answered <code>{word}</code>"),
                ),
                Cell::Invalid => (
                    "unanswered",
                    "<span class=\"flag\">Invalid answer</span> <code>flowspec check</code> says why".to_string(),
                ),
                Cell::Unanswered => (
                    "unanswered",
                    "<span class=\"flag\">Unanswered</span>".to_string(),
                ),
            };
            let _ = writeln!(
                out,
                "<tr class=\"{class}\"><td class=\"n\">{}</td><th scope=\"row\">{}<span class=\"question\">{}</span></th><td>{text}</td></tr>",
                n + 1,
                category.title(),
                escape(category.question()),
            );
        }
        out.push_str("</tbody></table>\n</article>\n");
    }
    out.push_str("</section>\n");
}

fn transform_text(t: &Transform) -> String {
    match t {
        Transform::None => "None: the data goes through as it is".to_string(),
        Transform::Text(texts) => list(texts),
        Transform::Steps(steps) => format!(
            "<ul class=\"steps\">{}</ul>",
            steps
                .iter()
                .map(|s| match &s.to {
                    Some(to) => format!(
                        "<li><code>{}</code>: {} → {}</li>",
                        escape(&s.field),
                        escape(&s.from),
                        escape(to)
                    ),
                    None => format!(
                        "<li><code>{}</code>: {}</li>",
                        escape(&s.field),
                        escape(&s.from)
                    ),
                })
                .collect::<String>()
        ),
    }
}

/// `CommCare → Microsoft Excel → M&E data manager → DHIS2`.
fn chain_names(workspace: &Workspace, flow: &FlowInfo) -> String {
    flow.steps
        .iter()
        .map(|s| node_for(workspace, &s.text).label)
        .collect::<Vec<_>>()
        .join(" → ")
}

fn open_questions(out: &mut String, graph: &Graph, flows: &[(&str, &FlowInfo)]) {
    section_start(out, "open-questions");
    let mut items = String::new();
    for (i, ((_, flow), summary)) in flows.iter().zip(&graph.flows).enumerate() {
        for category in Category::ANSWERED_BY_PROPERTIES {
            let word = match category {
                Category::Data => open_word(&flow.answers.data),
                Category::Transform => open_word(&flow.answers.transform),
                Category::Timing => open_word(&flow.answers.timing),
                Category::Frequency => open_word(&flow.answers.frequency),
                Category::Volume => open_word(&flow.answers.volume),
                Category::Tools => None,
            };
            if let Some(word) = word {
                let _ = writeln!(
                    items,
                    "<li><a href=\"#flow-{i}\">{}</a>: <strong>{}</strong>. {} <span class=\"aside\">(answered <code>{word}</code>)</span></li>",
                    escape(&flow_title(summary)),
                    category.title(),
                    escape(category.question()),
                );
            }
        }
    }
    if items.is_empty() {
        out.push_str("<p class=\"none\">No question is answered <code>tbd</code> or <code>unknown</code>.</p>\n");
    } else {
        out.push_str("<p class=\"lead\">Questions the design asked but could not answer yet (<code>tbd</code> or <code>unknown</code>).</p>\n<ul class=\"open\">\n");
        out.push_str(&items);
        out.push_str("</ul>\n");
    }
    let unanswered: usize = graph.flows.iter().map(|f| f.missing.len()).sum();
    if unanswered > 0 {
        let _ = writeln!(
            out,
            "<p class=\"warn-note\">Besides these, {unanswered} {} not answered at all; they are flagged in each flow's table.</p>",
            plural(unanswered, "question is", "questions are")
        );
    }
    out.push_str("</section>\n");
}

fn open_word<T>(answer: &Option<flowspec_analysis::model::Answer<T>>) -> Option<&'static str> {
    match answer.as_ref()?.state {
        AnswerState::Open(w) => Some(w.as_str()),
        _ => None,
    }
}

fn manual_steps(out: &mut String, graph: &Graph, flows: &[(&str, &FlowInfo)]) {
    section_start(out, "manual-steps");
    let roles: Vec<(usize, &Node)> = graph
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.kind == NodeKind::Role)
        .collect();
    if roles.is_empty() {
        out.push_str(
            "<p class=\"none\">No person moves data by hand in these flows.</p>\n</section>\n",
        );
        return;
    }
    out.push_str("<p class=\"lead\">Where a person moves the data by hand: candidates for automation.</p>\n<ul class=\"manual\">\n");
    for (index, role) in roles {
        let _ = write!(out, "<li><strong>{}</strong>", escape(&role.label));
        if let Some(owner) = &role.owner {
            let _ = write!(out, " <span class=\"aside\">({})</span>", escape(owner));
        }
        out.push_str("<ul>");
        for (f, summary) in graph.flows.iter().enumerate() {
            let hops: Vec<_> = graph.edges.iter().filter(|e| e.flow == f).collect();
            let into: Vec<&str> = hops
                .iter()
                .filter(|e| e.to == index)
                .map(|e| graph.nodes[e.from].label.as_str())
                .collect();
            let out_of: Vec<&str> = hops
                .iter()
                .filter(|e| e.from == index)
                .map(|e| graph.nodes[e.to].label.as_str())
                .collect();
            if into.is_empty() && out_of.is_empty() {
                continue;
            }
            let what = match (into.is_empty(), out_of.is_empty()) {
                (false, false) => format!(
                    "takes the data from {} and moves it to {}",
                    escape(&into.join(", ")),
                    escape(&out_of.join(", "))
                ),
                (false, true) => format!("receives the data from {}", escape(&into.join(", "))),
                _ => format!("starts the flow, into {}", escape(&out_of.join(", "))),
            };
            let timing = flows[f]
                .1
                .answers
                .timing()
                .map(|t| {
                    format!(
                        " <span class=\"aside\">(timing: {})</span>",
                        t.kind.as_str()
                    )
                })
                .unwrap_or_default();
            let _ = write!(
                out,
                "<li>In <a href=\"#flow-{f}\">{}</a>: {what}{timing}</li>",
                escape(&flow_title(summary))
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

fn tools_section(out: &mut String, workspace: &Workspace, graph: &Graph) {
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

const STYLE: &str = r#"<style>
:root{--ink:#1e293b;--muted:#64748b;--line:#e2e8f0;--soft:#f8fafc;--accent:#4a72b0;--warn:#b45309;--warn-bg:#fffbeb;--ok:#15803d;--ok-bg:#f0fdf4}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f1f5f9;color:var(--ink);font:15px/1.55 Helvetica,Arial,"Liberation Sans",sans-serif}
main{max-width:1100px;margin:0 auto;padding:32px 40px 48px;background:#fff;min-height:100vh}
h1{font-size:30px;line-height:1.2;margin:4px 0 14px}
h2{font-size:21px;margin:40px 0 12px;padding-bottom:6px;border-bottom:2px solid var(--line)}
h3{font-size:17px;margin:0 0 4px;display:flex;flex-wrap:wrap;align-items:center;gap:8px}
p{margin:8px 0}
code{font-family:"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace;font-size:.88em;background:var(--soft);border:1px solid var(--line);border-radius:4px;padding:0 4px}
a{color:var(--accent)}
.kicker{margin:0;text-transform:uppercase;letter-spacing:.08em;font-size:12px;color:var(--muted)}
.figures{list-style:none;padding:0;margin:0 0 18px;display:flex;flex-wrap:wrap;gap:10px}
.figures li{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:6px 12px;color:var(--muted)}
.figures strong{color:var(--ink);font-size:18px;margin-right:4px}
.figures li.warn{background:var(--warn-bg);border-color:#fcd34d}
.figures li.warn strong{color:var(--warn)}
.contents ol{margin:0;padding-left:20px;columns:2;color:var(--muted)}
.file-doc{border-left:3px solid var(--line);padding-left:14px;margin:14px 0}
.source{font-size:12px;color:var(--muted);margin:0}
.lead{color:var(--muted)}
.none{color:var(--muted);font-style:italic}
.aside{color:var(--muted)}
.diagram{margin:12px 0;padding:8px;border:1px solid var(--line);border-radius:8px;overflow-x:auto;background:#fff}
.diagram svg{display:block;margin:0 auto;max-width:100%;height:auto}
.diagram:target svg{max-width:none}
.diagram figcaption{text-align:right;font-size:13px;margin-top:4px}
.diagram .zoom-out,.diagram:target .zoom-in{display:none}
.diagram:target .zoom-out{display:inline}
table{border-collapse:collapse;width:100%;margin:10px 0 6px;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:7px 10px;border-bottom:1px solid var(--line)}
thead th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);border-bottom:2px solid var(--line)}
td ul{margin:0;padding-left:18px}
.glance td.count{font-variant-numeric:tabular-nums;white-space:nowrap}
.glance tr.incomplete td.count{color:var(--warn);font-weight:bold}
.flow{margin:22px 0;padding:16px 18px;border:1px solid var(--line);border-radius:10px;break-inside:avoid}
.flow.incomplete{border-left:4px solid #f59e0b}
.flow .meta{font-size:13px;color:var(--muted);margin-top:0}
.badge{font-size:12px;font-weight:bold;border-radius:999px;padding:1px 9px;border:1px solid var(--line);color:var(--muted);background:var(--soft)}
.badge.ok{color:var(--ok);background:var(--ok-bg);border-color:#bbf7d0}
.badge.warn{color:var(--warn);background:var(--warn-bg);border-color:#fcd34d}
.badge.proposed{color:#6d28d9;background:#f5f3ff;border-color:#ddd6fe}
.questions th[scope=row]{width:32%;font-weight:bold}
.questions .question{display:block;font-weight:normal;font-size:12.5px;color:var(--muted)}
.questions td.n{width:28px;color:var(--muted)}
.questions tr.unanswered td,.questions tr.unanswered th{background:var(--warn-bg)}
.questions tr.open td,.questions tr.open th{background:#f8fafc}
.flag{display:inline-block;font-weight:bold;color:var(--warn);margin-right:6px}
tr.open .flag{color:#6d28d9}
.notes{background:var(--soft);border-radius:6px;padding:6px 10px}
.warn-note{color:var(--warn)}
ul.open li,ul.manual>li{margin:6px 0}
.tools .description{font-size:12.5px;color:var(--muted);margin-top:2px}
.tools tr.unknown td{background:#fef2f2}
footer{margin-top:48px;padding-top:12px;border-top:1px solid var(--line);font-size:12px;color:var(--muted)}
@media (max-width:700px){main{padding:20px}.contents ol{columns:1}}
@media print{
  @page{margin:16mm 14mm}
  body{background:#fff;font-size:10pt;line-height:1.4}
  h1{font-size:22pt}
  h2{font-size:15pt}
  h3{font-size:12pt}
  #diagram,#flows{break-before:page}
  table{font-size:9pt;margin:6px 0}
  th,td{padding:4px 8px}
  .questions .question{font-size:8.5pt}
  .flow{margin:10px 0;padding:10px 12px}
  main{max-width:none;padding:0;min-height:0}
  .contents{display:none}
  a{color:inherit;text-decoration:none}
  h2{break-after:avoid;margin-top:24px}
  h3,tr,li{break-inside:avoid}
  .diagram{border:none;padding:0;overflow:visible;break-inside:avoid}
  .diagram svg,.diagram:target svg{max-width:100%;max-height:240mm}
  .diagram figcaption{display:none}
  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
</style>
"#;

//! The flows: a table of them all, then each flow's answers to the six
//! questions.

use std::fmt::Write;

use flowspec_analysis::Workspace;
use flowspec_analysis::model::{AnswerState, FlowInfo, Transform};
use flowspec_analysis::schema::Category;
use flowspec_analysis::values::{Frequency, Volume, format_rate};

use super::{inline, prose, section_start};
use crate::graph::{Graph, node_for};
use crate::text::escape;

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

pub(super) fn flows_section(
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
            escape(&summary.title()),
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
        let _ = write!(out, "<h3>{}", escape(&summary.title()));
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

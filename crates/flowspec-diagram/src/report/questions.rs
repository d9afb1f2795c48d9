//! What the design leaves open: the open questions (`tbd`, `unknown`) and
//! the manual steps (people in chains: candidates for automation).

use std::fmt::Write;

use flowspec_analysis::model::{AnswerState, FlowInfo};
use flowspec_analysis::schema::Category;

use super::{plural, section_start};
use crate::graph::{Graph, Node, NodeKind};
use crate::text::escape;

pub(super) fn open_questions(out: &mut String, graph: &Graph, flows: &[(&str, &FlowInfo)]) {
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
                    escape(&summary.title()),
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

pub(super) fn manual_steps(out: &mut String, graph: &Graph, flows: &[(&str, &FlowInfo)]) {
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
                escape(&summary.title())
            );
        }
        out.push_str("</ul></li>\n");
    }
    out.push_str("</ul>\n</section>\n");
}

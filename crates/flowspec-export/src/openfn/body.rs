//! The text of a job's body: the design's answers as JavaScript comments
//! above the placeholder operation.

use flowspec_analysis::model::{Answer, AnswerState, FlowInfo, Transform};
use flowspec_analysis::values::{Period, format_rate};

use super::PLACEHOLDER_OPERATION;
use super::jobs::JobDraft;
use super::text::{clean_line, quoted, wrap};

/// The flow's chain as written: `a -> b -> c`.
pub(super) fn chain(flow: &FlowInfo) -> String {
    flow.steps
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// The transform lines of a flow that says what to transform: each line of
/// a block as the design writes it (`visit_date: "MM/DD/YYYY" -> …`).
pub(super) fn transform_lines(flow: &FlowInfo, source: &str) -> Option<Vec<String>> {
    match flow.answers.transform()? {
        Transform::None => None,
        Transform::Text(texts) => Some(texts.iter().map(|t| clean_line(t)).collect()),
        Transform::Steps(steps) => Some(
            steps
                .iter()
                .map(|s| match source.get(s.span.range()) {
                    Some(written) => written.split_whitespace().collect::<Vec<_>>().join(" "),
                    None => match &s.to {
                        Some(to) => format!("{}: {} -> {}", s.field, s.from, to),
                        None => format!("{}: {}", s.field, s.from),
                    },
                })
                .map(|line| clean_line(&line))
                .collect(),
        ),
    }
}

/// The first lines of every body: which flow, its documentation.
pub(super) fn flow_header(flow: &FlowInfo, flow_name: &str) -> Vec<String> {
    let mut lines = vec![format!("Flow {flow_name}: {}", chain(flow))];
    if let Some(doc) = &flow.doc {
        let doc: Vec<&str> = doc
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !doc.is_empty() {
            lines.push(doc.join(" "));
        }
    }
    lines
}

/// Data, timing, frequency, volume and (for jobs other than the transform)
/// the transformation answer, as the design gives them: every answer of
/// the flow is in every body, so the code carries the design (and
/// `flowspec import openfn` reads it back).
pub(super) struct AnswerLines {
    data: String,
    volume: String,
    transform: Option<String>,
    /// `Timing: …. Frequency: ….`, as the trigger's first comment says it.
    timing: String,
}

pub(super) fn answer_lines(flow: &FlowInfo) -> AnswerLines {
    let a = &flow.answers;
    let data = match a.data() {
        Some(items) => format!(
            "Data: {}.",
            items
                .iter()
                .map(|d| quoted(d))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => format!("Data: {}.", open(a.data.as_ref())),
    };
    let volume = match a.volume() {
        Some(v) => {
            let per_run = match v.period {
                Some(p) if p != Period::Run && p != Period::Event => {
                    v.per_run(a.frequency()).map(|n| {
                        let unit = if (n - 1.0).abs() < f64::EPSILON {
                            v.unit.singular()
                        } else {
                            v.unit.plural()
                        };
                        format!(", about {} {unit} a run", format_rate(n))
                    })
                }
                _ => None,
            };
            format!("Volume: {}{}.", v.display(), per_run.unwrap_or_default())
        }
        None => format!("Volume: {}.", open(a.volume.as_ref())),
    };
    let transform = match a.transform.as_ref().map(|t| &t.state) {
        Some(AnswerState::Known(Transform::None)) => {
            Some("Transform: none, the data goes through as it is.".to_string())
        }
        Some(AnswerState::Known(_)) => None,
        _ => Some(format!("Transform: {}.", open(a.transform.as_ref()))),
    };
    AnswerLines {
        data,
        volume,
        transform,
        timing: super::schedule::said(a.timing.as_ref(), a.frequency.as_ref()),
    }
}

/// A question without a usable answer: `an open question (tbd)`, `not
/// valid`, `unanswered`.
fn open<T>(answer: Option<&Answer<T>>) -> String {
    match answer.map(|a| &a.state) {
        Some(AnswerState::Open(word)) => format!("an open question ({})", word.as_str()),
        Some(AnswerState::Invalid) => "not valid".to_string(),
        _ => "unanswered".to_string(),
    }
}

/// `// ` comment lines, wrapped; lines that start with spaces (transform
/// lines) are kept whole.
fn comment_block(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        if line.is_empty() {
            out.push_str("//\n");
        } else if line.starts_with(' ') {
            // An indented line (a transform line): wrapped under itself.
            let indent = line.len() - line.trim_start().len();
            for (i, part) in wrap(line, 76 - indent).into_iter().enumerate() {
                let extra = if i == 0 { 0 } else { 2 };
                out.push_str(&format!("// {:width$}{part}\n", "", width = indent + extra));
            }
        } else {
            for part in wrap(line, 76) {
                out.push_str("// ");
                out.push_str(&part);
                out.push('\n');
            }
        }
    }
    out
}

/// A job's JavaScript: comments that carry the design's answers (and, for
/// a plan without a trigger, what starts it), then the placeholder
/// operation.
pub(super) fn body(
    header: &[String],
    draft: &JobDraft,
    answers: &AnswerLines,
    trigger: Option<&[String]>,
) -> String {
    let mut lines: Vec<String> = header.to_vec();
    lines.push(String::new());
    lines.extend(draft.before.iter().cloned());
    lines.extend(draft.role.iter().cloned());
    lines.extend(draft.details.iter().cloned());
    lines.extend(draft.after.iter().cloned());
    lines.push(answers.data.clone());
    if !draft.transform
        && let Some(t) = &answers.transform
    {
        lines.push(t.clone());
    }
    lines.push(answers.timing.clone());
    lines.push(answers.volume.clone());
    lines.push(String::new());
    if let Some(trigger) = trigger {
        lines.extend(trigger.iter().cloned());
        lines.push(String::new());
    }
    if let Some((intro, code)) = &draft.code {
        lines.extend(intro.iter().cloned());
        let mut out = comment_block(&lines);
        out.push_str(code);
        return out;
    }
    lines.push("Replace this placeholder with the adaptor's operations.".to_string());
    let mut out = comment_block(&lines);
    out.push_str(PLACEHOLDER_OPERATION);
    out.push('\n');
    out
}

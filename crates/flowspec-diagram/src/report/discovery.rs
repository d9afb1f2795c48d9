//! The discovery checklist of each flow: how each of its tools is reached
//! (authentication, hosting, test environment, administrator, limits) and
//! what the flow does when a run fails, which identifier makes a re-run
//! idempotent, its direction and its volume against the tools' limits.
//!
//! Shown when the workspace's profile is `discovery` or the design answers
//! any discovery question (a design that never heard of discovery gets the
//! page it always got). Stable hooks: `<section id="discovery">`,
//! `<article class="flow-discovery">`, `<tr class="unanswered|open|warn">`.

use std::fmt::Write;

use flowspec_analysis::discovery::check::{over_limit, record_identifier};
use flowspec_analysis::discovery::{
    AuthMethod, Identifier, Noted, Notify, Profile, Question, ToolDiscovery, Word,
};
use flowspec_analysis::model::{Answer, AnswerState, DeclKind, FlowInfo};
use flowspec_analysis::{Resolution, Workspace};

use crate::text::escape;

/// Whether the page has the checklist.
pub(super) fn shown(workspace: &Workspace) -> bool {
    workspace.profile() == Profile::Discovery
        || workspace.files().any(|(_, f)| {
            f.model.decls.iter().any(|d| !d.discovery.is_empty())
                || f.model.flows.iter().any(|fl| !fl.discovery.is_empty())
        })
}

/// The link in the page's contents.
pub(super) const LINK: (&str, &str) = ("discovery", "Discovery checklist");

/// One row: its class (`""`, `unanswered`, `open`, `warn`) and its cell.
struct Row {
    class: &'static str,
    title: String,
    cell: String,
}

fn answer_row<T>(title: &str, answer: &Option<Answer<T>>, show: impl Fn(&T) -> String) -> Row {
    let (class, cell) = match answer.as_ref().map(|a| &a.state) {
        None => (
            "unanswered",
            "<span class=\"flag\">unanswered</span>".to_string(),
        ),
        Some(AnswerState::Open(w)) => (
            "open",
            format!("<span class=\"flag\">open</span> ({})", w.as_str()),
        ),
        Some(AnswerState::Invalid) => (
            "unanswered",
            "<span class=\"flag\">not valid</span>".to_string(),
        ),
        Some(AnswerState::Known(v)) => ("", show(v)),
    };
    Row {
        class,
        title: title.to_string(),
        cell,
    }
}

fn noted<W: Word>(n: &Noted<W>) -> String {
    match &n.note {
        Some(note) => format!("<code>{}</code> — {}", n.word.as_str(), escape(note)),
        None => format!("<code>{}</code>", n.word.as_str()),
    }
}

pub(super) fn discovery_section(
    out: &mut String,
    workspace: &Workspace,
    flows: &[(&str, &FlowInfo)],
) {
    if !shown(workspace) {
        return;
    }
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>\n<p class=\"lead\">OpenFn's discovery questions, flow by flow: how each tool is reached, and what each flow does when a run fails. <code>flowspec check --profile discovery</code> warns about each one unanswered.</p>",
        LINK.0, LINK.1
    );
    if flows.is_empty() {
        out.push_str("<p class=\"none\">No flows yet.</p>\n</section>\n");
        return;
    }
    for (path, flow) in flows {
        checklist(out, workspace, path, flow);
    }
    out.push_str("</section>\n");
}

fn checklist(out: &mut String, workspace: &Workspace, path: &str, flow: &FlowInfo) {
    let d = &flow.discovery;
    let mut rows = Vec::new();
    let notify = answer_row("Who is notified", &d.notify, |n| match n {
        Notify::Nobody => "nobody (<code>none</code>)".to_string(),
        Notify::Who(who) => escape(who),
    });
    rows.push(Row {
        title: format!("{} · who is notified", Question::Failure.title()),
        ..notify
    });
    rows.push(answer_row(
        &format!("{} · how a run is redone", Question::Failure.title()),
        &d.rerun,
        |r| escape(r),
    ));
    let identifier = answer_row(Question::Identifier.title(), &d.identifier, |i| match i {
        Identifier::Field(name) => format!("<code>{}</code>", escape(&name.text)),
        Identifier::Text(text) => escape(text),
    });
    rows.push(match (&d.identifier, record_identifier(workspace, flow)) {
        (None, Some((record, field))) => Row {
            class: "",
            title: identifier.title,
            cell: format!(
                "<code>{}</code>, the identifier of record <code>{}</code>",
                escape(field),
                escape(&record)
            ),
        },
        _ => identifier,
    });
    rows.push(answer_row(Question::Direction.title(), &d.direction, |w| {
        format!("<code>{}</code>", w.as_str())
    }));
    let undeclared = ToolDiscovery::default();
    let mut seen: Vec<&str> = Vec::new();
    for step in &flow.steps {
        if seen.contains(&step.text.as_str()) {
            continue;
        }
        seen.push(&step.text);
        let tool = match workspace.resolve(&step.text) {
            Resolution::Declared { decl, .. } if decl.kind == DeclKind::Role => continue,
            Resolution::Declared { decl, .. } => &decl.discovery,
            Resolution::Catalog(_) => &undeclared,
            Resolution::Unknown => continue,
        };
        let name = escape(&step.text);
        let auth = answer_row(
            &format!("<code>{name}</code> · {}", Question::Auth.title()),
            &tool.auth,
            noted,
        );
        let basic = tool
            .auth
            .as_ref()
            .and_then(|a| a.known())
            .is_some_and(|n| n.word == AuthMethod::Basic);
        rows.push(if basic {
            Row {
                class: "warn",
                ..auth
            }
        } else {
            auth
        });
        rows.push(answer_row(
            &format!("<code>{name}</code> · {}", Question::Hosting.title()),
            &tool.hosting,
            noted,
        ));
        rows.push(answer_row(
            &format!("<code>{name}</code> · {}", Question::Sandbox.title()),
            &tool.sandbox,
            noted,
        ));
        rows.push(answer_row(
            &format!("<code>{name}</code> · {}", Question::Admin.title()),
            &tool.admin,
            |a| escape(a),
        ));
        let limits = answer_row(
            &format!("<code>{name}</code> · {}", Question::Limits.title()),
            &tool.limits,
            |l| format!("<code>{}</code>", escape(&l.display())),
        );
        let over = tool
            .limits
            .as_ref()
            .and_then(|a| a.known())
            .zip(flow.answers.volume())
            .and_then(|(l, v)| over_limit(v, flow.answers.frequency(), l));
        rows.push(match over {
            Some(why) => Row {
                class: "warn",
                cell: format!(
                    "{} <span class=\"warn-note\">{}</span>",
                    limits.cell,
                    escape(&why)
                ),
                ..limits
            },
            None => limits,
        });
    }
    let open = rows
        .iter()
        .filter(|r| !r.class.is_empty() && r.class != "warn")
        .count();
    let _ = writeln!(
        out,
        "<article class=\"flow-discovery\"><h3>{}</h3><p class=\"source\">{}</p><p>{}</p><table class=\"questions\"><tbody>",
        escape(&flow.display_name),
        escape(path),
        if open == 0 {
            "Every discovery question is answered.".to_string()
        } else {
            format!(
                "{open} of {} discovery questions still to answer.",
                rows.len()
            )
        }
    );
    for row in rows {
        let class = if row.class.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", row.class)
        };
        let _ = writeln!(
            out,
            "<tr{class}><th>{}</th><td>{}</td></tr>",
            row.title, row.cell
        );
    }
    out.push_str("</tbody></table></article>\n");
}

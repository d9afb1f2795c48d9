//! The discovery checks, across the workspace: each tool a flow uses is
//! asked the tool questions once (at its declaration, or at the first step
//! that names an undeclared catalog tool), each flow the flow questions,
//! and each flow's volume per run is held against the limits of the tools
//! in its chain.

use flowspec_syntax::Span;

use super::{AuthMethod, Identifier, Limits, Question, ToolDiscovery};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Answer, AnswerState, DeclKind, FlowInfo, OpenWord};
use crate::path_order::path_order;
use crate::values::{VolumeUnit, format_rate};
use crate::{FileData, FileId, Resolution, Workspace};

/// The checks a design gets whatever the profile: an `identifier:` that
/// names no field of the record the flow moves.
pub(crate) fn value_diagnostics(ws: &Workspace, file: &FileData, out: &mut Vec<Diagnostic>) {
    for flow in &file.model.flows {
        let Some(Identifier::Field(name)) =
            flow.discovery.identifier.as_ref().and_then(|a| a.known())
        else {
            continue;
        };
        let targets: Vec<_> = flow
            .records
            .iter()
            .filter_map(|mv| ws.record(&mv.target.text).map(|(_, r)| r))
            .collect();
        if targets.is_empty() || targets.len() != flow.records.len() {
            continue;
        }
        if targets.iter().any(|r| r.field(&name.text).is_some()) {
            continue;
        }
        let names: Vec<String> = targets
            .iter()
            .map(|r| format!("`{}`", r.name.text))
            .collect();
        out.push(Diagnostic::new(
            Code::UnknownField,
            name.span,
            format!(
                "`{}` is not a field of {}, which this flow moves: name the field that identifies one record, or say it in words (`identifier: \"…\"`)",
                name.text,
                flowspec_syntax::prose::join_and(&names)
            ),
        ));
    }
}

/// Every discovery diagnostic of one file.
pub(crate) fn discovery_diagnostics(
    ws: &Workspace,
    id: FileId,
    file: &FileData,
    out: &mut Vec<Diagnostic>,
) {
    // The answer may be in what could not be read: as with the six
    // questions, no "unanswered" warning for an item with a syntax error.
    let read_whole =
        |span: Span, found: Vec<Diagnostic>, out: &mut Vec<Diagnostic>| {
            let broken = file
                .model
                .diagnostics
                .iter()
                .any(|d| d.code == Code::Syntax && span.contains_span(d.span));
            out.extend(found.into_iter().filter(|d| {
                !(broken && Question::ALL.iter().any(|q| q.unanswered_code() == d.code))
            }));
        };
    for decl in &file.model.decls {
        if decl.kind != DeclKind::Tool || ws.use_count(&decl.name.text) == 0 {
            continue;
        }
        // One declaration answers for the tool: the one steps resolve to.
        if let Resolution::Declared { file, decl: d, .. } = ws.resolve(&decl.name.text)
            && file == id
            && d.name.span == decl.name.span
        {
            let mut found = Vec::new();
            tool(&decl.name.text, decl.name.span, &decl.discovery, &mut found);
            read_whole(decl.span, found, out);
        }
    }
    let undeclared = ToolDiscovery::default();
    for flow in &file.model.flows {
        for step in &flow.steps {
            if matches!(ws.resolve(&step.text), Resolution::Catalog(_))
                && first_use(ws, &step.text) == Some((id, step.span))
            {
                tool(&step.text, step.span, &undeclared, out);
            }
        }
        let mut found = Vec::new();
        flow_questions(ws, flow, &mut found);
        read_whole(flow.span, found, out);
        limits(ws, flow, out);
    }
}

/// Where a name is first used, by path and then place.
fn first_use(ws: &Workspace, name: &str) -> Option<(FileId, Span)> {
    let mut files = ws.files_using(name);
    files.sort_by(|a, b| {
        let path = |f: &FileId| ws.file(*f).map(|d| path_order(&d.path).into_owned());
        path(a).cmp(&path(b))
    });
    let file = *files.first()?;
    let data = ws.file(file)?;
    let span = data
        .model
        .flows
        .iter()
        .flat_map(|f| &f.steps)
        .filter(|s| s.text == name)
        .map(|s| s.span)
        .min_by_key(|s| s.start)?;
    Some((file, span))
}

fn open_question(span: Span, question: Question, word: OpenWord) -> Diagnostic {
    Diagnostic::new(
        Code::OpenQuestion,
        span,
        format!(
            "open question ({}): {} — answered `{}`",
            question.title(),
            question.question(),
            word.as_str()
        ),
    )
}

/// How one answer stands: unanswered (`None`), open (reported), or there.
fn asked<T>(
    answer: &Option<Answer<T>>,
    question: Question,
    out: &mut Vec<Diagnostic>,
) -> Option<bool> {
    match answer.as_ref().map(|a| (&a.state, a.span)) {
        None => None,
        Some((AnswerState::Open(word), span)) => {
            out.push(open_question(span, question, *word));
            Some(true)
        }
        Some(_) => Some(true),
    }
}

fn tool(name: &str, span: Span, d: &ToolDiscovery, out: &mut Vec<Diagnostic>) {
    let missing = |question: Question, what: &str, out: &mut Vec<Diagnostic>| {
        out.push(Diagnostic::new(
            question.unanswered_code(),
            span,
            format!(
                "`{name}` does not say {what} ({}). Add `{}` to `tool {name} {{ … }}`, or `{}: tbd`",
                question.question(),
                question.example(),
                question.keys()[0]
            ),
        ));
    };
    if asked(&d.auth, Question::Auth, out).is_none() {
        missing(Question::Auth, "how the integration authenticates", out);
    }
    if let Some(auth) = d.auth.as_ref()
        && let Some(noted) = auth.known()
        && noted.word == AuthMethod::Basic
    {
        out.push(Diagnostic::new(
            Code::BasicAuth,
            auth.span,
            format!(
                "`{name}` is reached with a user name and password on every request: the password sits in the integration's credentials, often a person's own account, and stops working when it changes. Ask for an API key, a token or OAuth client credentials for a service account"
            ),
        ));
    }
    if asked(&d.hosting, Question::Hosting, out).is_none() {
        missing(Question::Hosting, "where it is hosted", out);
    }
    if asked(&d.sandbox, Question::Sandbox, out).is_none() {
        missing(Question::Sandbox, "whether a test environment exists", out);
    }
    if asked(&d.admin, Question::Admin, out).is_none() {
        missing(Question::Admin, "who administers it", out);
    }
    if asked(&d.limits, Question::Limits, out).is_none() {
        missing(Question::Limits, "its rate or page limits", out);
    }
}

/// Whether the records a flow moves answer its identifier question: a
/// target record with an `identifier` field.
pub fn record_identifier<'w>(ws: &'w Workspace, flow: &FlowInfo) -> Option<(String, &'w str)> {
    flow.records.iter().find_map(|mv| {
        let (_, record) = ws.record(&mv.target.text)?;
        let field = record.identifiers().next()?;
        Some((record.name.text.to_string(), field.name.text.as_str()))
    })
}

fn flow_questions(ws: &Workspace, flow: &FlowInfo, out: &mut Vec<Diagnostic>) {
    let d = &flow.discovery;
    let name = &flow.display_name;
    let notify = asked(&d.notify, Question::Failure, out);
    let rerun = asked(&d.rerun, Question::Failure, out);
    let failure_missing: Vec<&str> = [
        (notify.is_none(), "who is notified (`notify: \"…\"`)"),
        (
            rerun.is_none(),
            "how a run is redone safely (`rerun: \"…\"`)",
        ),
    ]
    .into_iter()
    .filter_map(|(m, what)| m.then_some(what))
    .collect();
    if !failure_missing.is_empty() {
        out.push(Diagnostic::new(
            Code::UnansweredFailure,
            flow.header,
            format!(
                "flow `{name}` does not say what happens when a run fails: {}",
                failure_missing.join(", nor ")
            ),
        ));
    }
    if asked(&d.identifier, Question::Identifier, out).is_none()
        && record_identifier(ws, flow).is_none()
    {
        let records = if flow.records.is_empty() {
            "say which identifier the target matches on: `identifier: national_id` (a field), or in words".to_string()
        } else {
            "its records have no `identifier` field: mark one in the record, or say it here with `identifier: …`".to_string()
        };
        out.push(Diagnostic::new(
            Code::UnansweredIdentifier,
            flow.header,
            format!(
                "flow `{name}` does not say which identifier makes a re-run idempotent (a run redone after a failure updates what the first run wrote, rather than duplicating it): {records}"
            ),
        ));
    }
    if asked(&d.direction, Question::Direction, out).is_none() {
        out.push(Diagnostic::new(
            Code::UnansweredDirection,
            flow.header,
            format!(
                "flow `{name}` does not say whether data moves one way or both: `direction: one-way` or `direction: two-way`"
            ),
        ));
    }
}

/// What a run asks of one tool's limits, in words, when it asks too much.
pub fn over_limit(
    volume: &crate::values::Volume,
    frequency: Option<&crate::values::Frequency>,
    limits: &Limits,
) -> Option<String> {
    if volume.unit.is_size() {
        return None;
    }
    let per_run = volume.per_run(frequency);
    let per_day = volume.per_day(frequency);
    let records = volume.unit != VolumeUnit::Requests;
    let unit = volume.unit.plural();
    // Requests for an amount of records: one a page, else one a record.
    let requests = |amount: f64| match (records, limits.page) {
        (true, Some(page)) => (amount / page).ceil(),
        _ => amount,
    };
    if let Some(rate) = &limits.rate {
        let period_days = rate.period.days()?;
        let counts_records = rate.unit.is_some();
        let need = |amount: f64| {
            if counts_records && records {
                amount
            } else {
                requests(amount)
            }
        };
        let what = if counts_records && records {
            unit
        } else {
            "requests"
        };
        if let Some(day) = per_day {
            let capacity = rate.amount / period_days;
            if need(day) > capacity {
                return Some(format!(
                    "the flow moves ≈ {} {what} a day, more than the {} it accepts at most (≈ {} a day): the runs cannot keep up",
                    format_rate(need(day)),
                    rate.display(),
                    format_rate(capacity)
                ));
            }
        }
        if let Some(run) = per_run
            && need(run) > rate.amount
        {
            let minutes = need(run) / rate.amount * period_days * 1440.0;
            return Some(format!(
                "a run sends ≈ {} {what}, more than the {} it accepts: a run takes at least {}, so the job must pace its requests (or send fewer, larger ones)",
                format_rate(need(run)),
                rate.display(),
                duration(minutes)
            ));
        }
    }
    if records
        && let (Some(page), Some(run)) = (limits.page, per_run)
        && run > page
    {
        return Some(format!(
            "a run moves ≈ {} {unit}, more than one page of {}: the job must page through ≈ {} pages, and a run that fails midway must resume or start again safely",
            format_rate(run),
            crate::values::format_number(page),
            format_rate((run / page).ceil())
        ));
    }
    None
}

fn duration(minutes: f64) -> String {
    if minutes < 90.0 {
        format!("{} minutes", format_rate(minutes.ceil()))
    } else if minutes < 48.0 * 60.0 {
        format!("{} hours", format_rate((minutes / 60.0).ceil()))
    } else {
        format!("{} days", format_rate((minutes / 1440.0).ceil()))
    }
}

fn limits(ws: &Workspace, flow: &FlowInfo, out: &mut Vec<Diagnostic>) {
    let Some(volume) = flow.answers.volume() else {
        return;
    };
    let frequency = flow.answers.frequency();
    let mut seen: Vec<&str> = Vec::new();
    for step in &flow.steps {
        if seen.contains(&step.text.as_str()) {
            continue;
        }
        seen.push(&step.text);
        let Resolution::Declared { file, decl, .. } = ws.resolve(&step.text) else {
            continue;
        };
        let Some(limits) = decl.discovery.limits.as_ref().and_then(|a| a.known()) else {
            continue;
        };
        if let Some(why) = over_limit(volume, frequency, limits) {
            let span = flow.answers.volume.as_ref().map_or(flow.header, |a| a.span);
            out.push(
                Diagnostic::new(
                    Code::OverLimit,
                    span,
                    format!("`{}` limits what it takes: {why}", step.text),
                )
                .with_related(
                    file,
                    decl.discovery
                        .limits
                        .as_ref()
                        .map_or(decl.name.span, |a| a.span),
                    format!("`{}`'s limits", step.text),
                ),
            );
        }
    }
}

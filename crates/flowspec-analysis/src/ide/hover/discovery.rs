//! Hover on the discovery properties' values: a vocabulary word in words,
//! a tool's limits as read, a flow's identifier; and the question each
//! discovery key answers.

use flowspec_syntax::ast::Atom;

use super::escape;
use crate::Workspace;
use crate::discovery::{AuthMethod, Limits, Question, Word, describe_word, read_limits};
use crate::model::{FlowInfo, OpenWord};
use crate::values::{Period, format_rate};

/// The question a discovery key answers.
pub(super) fn question_of(key: &str) -> Option<Question> {
    Question::TOOL
        .into_iter()
        .chain(Question::FLOW)
        .find(|q| q.keys().contains(&key))
}

/// A line for a discovery key's hover: its question, and when it is asked.
pub(super) fn key_note(key: &str) -> Option<String> {
    let q = question_of(key)?;
    Some(format!(
        "\n\n**Discovery** · {}: *{}* Asked by `flowspec check --profile discovery` (the `flowspec.profile` setting).",
        q.title(),
        q.question()
    ))
}

/// A value of a discovery key: `atoms` is the value, `hovered` the atom
/// under the cursor.
pub(super) fn value(
    workspace: &Workspace,
    flow: Option<&FlowInfo>,
    key: &str,
    atoms: &[Atom],
    hovered: &Atom,
) -> Option<String> {
    let q = question_of(key)?;
    if let [atom] = atoms
        && let Some(word) = atom.kind.as_ident().and_then(OpenWord::parse)
    {
        return Some(format!(
            "**{}** `{}`: {}. *{}*",
            q.title(),
            word.as_str(),
            word.describe(),
            q.question()
        ));
    }
    match key {
        "auth" | "hosting" | "sandbox" | "direction" => {
            let word = hovered.kind.as_ident()?;
            let describe = describe_word(key, word)?;
            let mut md = format!("**{}** `{word}`: {describe}.", q.title());
            if key == "auth" && AuthMethod::parse(word) == Some(AuthMethod::Basic) {
                md.push_str("\n\nThe discovery profile warns about it (`basic-auth`): a password, often a person's, on every request. An API key, a token or OAuth client credentials for a service account are safer.");
            }
            let others: Vec<String> = crate::discovery::words_of(key)?
                .into_iter()
                .filter(|(w, _)| *w != word)
                .map(|(w, _)| format!("`{w}`"))
                .collect();
            md.push_str(&format!("\n\nThe other answers: {}.", others.join(", ")));
            Some(md)
        }
        "limits" => {
            if hovered.kind.as_ident() == Some("none") {
                return Some(format!(
                    "**{}** `none`: the tool sets no rate or page limit.",
                    q.title()
                ));
            }
            let mut limits = Limits::default();
            read_limits(atoms, &mut limits).ok()?;
            Some(limits_text(&limits, q))
        }
        "identifier" => {
            let word = hovered.kind.as_ident()?;
            let flow = flow?;
            let field = flow
                .records
                .iter()
                .filter_map(|mv| workspace.record(&mv.target.text))
                .find_map(|(_, r)| r.field(word).map(|f| (r, f)));
            Some(match field {
                Some((record, f)) => format!(
                    "**{}** `{word}`: field `{word}` of record `{}`{}: a re-run updates the records that have the same `{word}` rather than adding new ones.",
                    q.title(),
                    record.name.text,
                    if f.identifier {
                        " (its identifier)"
                    } else {
                        ""
                    }
                ),
                None => format!(
                    "**{}** `{word}`: the field a re-run matches on, so that it updates the records the first run wrote rather than adding new ones.",
                    q.title()
                ),
            })
        }
        _ => None,
    }
}

fn limits_text(limits: &Limits, q: Question) -> String {
    let mut md = format!("**{}** `{}`", q.title(), escape(&limits.display()));
    if let Some(rate) = &limits.rate {
        let per_day = Period::Day
            .days()
            .zip(rate.period.days())
            .map(|(day, period)| rate.amount * day / period);
        md.push_str(&format!(
            "\n\nA rate limit: at most {}{}.",
            rate.display(),
            per_day
                .filter(|_| rate.period != Period::Day)
                .map(|d| format!(" (≈ {} a day)", format_rate(d)))
                .unwrap_or_default()
        ));
    }
    if let Some(page) = limits.page {
        md.push_str(&format!(
            "\n\nA page size: one request sends or returns at most {} records.",
            crate::values::format_number(page)
        ));
    }
    md.push_str("\n\nWith the discovery profile, each flow's volume per run is held against them (`over-limit`).");
    md
}

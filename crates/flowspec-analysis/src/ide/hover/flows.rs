//! Hover over a flow: its six answers as a table.

use super::escape;
use super::values::{frequency_sentence, volume_rates};
use crate::model::{Answer, AnswerState, Answers, DeclKind, FlowInfo, Transform};
use crate::schema::Category;
use crate::{Resolution, Workspace};

/// The flow's six answers, as a table.
pub(super) fn flow_table(workspace: &Workspace, flow: &FlowInfo) -> String {
    let answered = flow.answers.answered_count();
    let title = match &flow.name {
        Some(name) => format!("**flow `{}`**", name.text),
        None => format!("**flow `{}`** (anonymous)", flow.display_name),
    };
    let mut md = format!("{title} · {answered} of 6 questions answered");
    if let Some(doc) = &flow.doc {
        md.push_str(&format!("\n\n{doc}"));
    }
    md.push_str("\n\n| Question | Answer |\n|---|---|");
    for category in Category::ALL {
        let cell = match category {
            Category::Tools => {
                let steps: Vec<String> = flow
                    .steps
                    .iter()
                    .map(|s| {
                        let role = matches!(
                            workspace.resolve(&s.text),
                            Resolution::Declared { decl, .. } if decl.kind == DeclKind::Role
                        );
                        if role {
                            format!("`{}` (a person)", s.text)
                        } else {
                            format!("`{}`", s.text)
                        }
                    })
                    .collect();
                steps.join(" → ")
            }
            other => answer_cell(&flow.answers, other),
        };
        md.push_str(&format!("\n| {} | {} |", category.title(), cell));
    }
    let mut more = Vec::new();
    if let Some(status) = flow.status {
        more.push(format!("Status: `{}`", status.as_str()));
    }
    if let Some(owner) = &flow.owner {
        more.push(format!("Owner: {}", escape(owner)));
    }
    if let Some(notes) = &flow.notes {
        more.push(format!("Notes: {}", escape(notes)));
    }
    if !more.is_empty() {
        md.push_str(&format!("\n\n{}", more.join(" · ")));
    }
    md
}

/// One answer in words, for a table cell.
pub(super) fn answer_cell(answers: &Answers, category: Category) -> String {
    fn state<T>(answer: &Option<Answer<T>>, known: impl Fn(&T) -> String) -> String {
        match answer.as_ref().map(|a| &a.state) {
            None => "*unanswered*".to_string(),
            Some(AnswerState::Open(word)) => format!("*open question ({})*", word.as_str()),
            Some(AnswerState::Invalid) => "*not understood: see the error*".to_string(),
            Some(AnswerState::Known(value)) => known(value),
        }
    }
    let frequency = answers.frequency();
    let cell = match category {
        Category::Tools => String::new(),
        Category::Data => state(&answers.data, |items| {
            items
                .iter()
                .map(|s| escape(s))
                .collect::<Vec<_>>()
                .join("; ")
        }),
        Category::Transform => state(&answers.transform, |t| match t {
            Transform::None => "none: the data goes through as it is".to_string(),
            Transform::Text(texts) => texts
                .iter()
                .map(|s| escape(s))
                .collect::<Vec<_>>()
                .join("; "),
            Transform::Steps(steps) => steps
                .iter()
                .map(|s| match &s.to {
                    Some(to) => format!("`{}`: {} → {}", s.field, escape(&s.from), escape(to)),
                    None => format!("`{}`: {}", s.field, escape(&s.from)),
                })
                .collect::<Vec<_>>()
                .join("; "),
        }),
        Category::Timing => state(&answers.timing, |t| {
            let mut s = format!("`{}`: {}", t.kind.as_str(), t.kind.describe());
            if let Some(note) = &t.note {
                s.push_str(&format!(" ({})", escape(note)));
            }
            s
        }),
        Category::Frequency => state(&answers.frequency, |f| {
            format!("`{}`: {}", f.display(), frequency_sentence(f))
        }),
        Category::Volume => state(&answers.volume, |v| {
            let rates = volume_rates(v, frequency, false);
            if rates.is_empty() {
                format!("`{}`", v.display())
            } else {
                format!("`{}` ({})", v.display(), rates.join(", "))
            }
        }),
    };
    cell.replace('\n', " ")
}

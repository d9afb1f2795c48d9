//! A flow's six answers as plain data, for the programs that show them
//! outside an editor: the MCP server's tools and the live page's cards.
//! The words are the hover's (`ide::hover`), without Markdown.

use flowspec_syntax::Span;

use crate::ide::hover::{frequency_sentence, volume_rates};
use crate::model::{Answer, AnswerState, AnswerStatus, FlowInfo, OpenWord, Transform};
use crate::schema::Category;

/// How a flow answers one of the six questions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    pub category: Category,
    pub status: AnswerStatus,
    /// The answer as written: the chain (`commcare -> dhis2`) for Tools,
    /// `monthly`, `batch`, `~12000 records/month`, the data items joined
    /// by `; `. `None` when unanswered, open or invalid.
    pub value: Option<String>,
    /// What the answer means in words, where that says more than the
    /// value: `once a month, a run every 30 days`, `≈ 400 records a day`.
    pub meaning: Option<String>,
    /// The items of a list answer: the chain's steps, the data sent, a
    /// transformation's descriptions or steps (`age: years -> months`).
    pub items: Vec<String>,
    /// `unknown` or `tbd` for an open question.
    pub open: Option<OpenWord>,
    /// Where the answer is written (the chain for Tools).
    pub span: Option<Span>,
}

/// The flow's six rows, in the order of [`Category::ALL`].
pub fn answer_rows(flow: &FlowInfo) -> Vec<AnswerRow> {
    Category::ALL
        .into_iter()
        .map(|category| row(flow, category))
        .collect()
}

/// The questions a flow answers `unknown` or `tbd`, with the word.
pub fn open_questions(flow: &FlowInfo) -> Vec<(Category, OpenWord)> {
    answer_rows(flow)
        .into_iter()
        .filter_map(|r| Some((r.category, r.open?)))
        .collect()
}

fn row(flow: &FlowInfo, category: Category) -> AnswerRow {
    let answers = &flow.answers;
    let mut row = AnswerRow {
        category,
        status: answers.status(category),
        value: None,
        meaning: None,
        items: Vec::new(),
        open: None,
        span: answers.span(category),
    };
    match category {
        Category::Tools => {
            row.items = flow.steps.iter().map(|s| s.text.to_string()).collect();
            row.value = Some(row.items.join(" -> "));
            row.span = Some(flow.header);
        }
        Category::Data => fill(&mut row, &answers.data, |items| {
            (items.join("; "), None, items.clone())
        }),
        Category::Transform => fill(&mut row, &answers.transform, |t| match t {
            Transform::None => (
                "none".to_string(),
                Some("the data goes through as it is".to_string()),
                Vec::new(),
            ),
            Transform::Text(texts) => (texts.join("; "), None, texts.clone()),
            Transform::Steps(steps) => {
                let items: Vec<String> = steps
                    .iter()
                    .map(|s| match &s.to {
                        Some(to) => format!("{}: {} -> {to}", s.field, s.from),
                        None => format!("{}: {}", s.field, s.from),
                    })
                    .collect();
                (items.join("; "), None, items)
            }
        }),
        Category::Timing => fill(&mut row, &answers.timing, |t| {
            let mut meaning = t.kind.describe().to_string();
            if let Some(note) = &t.note {
                meaning.push_str(&format!(" ({note})"));
            }
            (t.kind.as_str().to_string(), Some(meaning), Vec::new())
        }),
        Category::Frequency => fill(&mut row, &answers.frequency, |f| {
            (f.display(), Some(frequency_sentence(f)), Vec::new())
        }),
        Category::Volume => {
            let frequency = answers.frequency();
            fill(&mut row, &answers.volume, |v| {
                let rates = volume_rates(v, frequency, false);
                let meaning = (!rates.is_empty()).then(|| rates.join(", ").replace('`', ""));
                (v.display(), meaning, Vec::new())
            })
        }
    }
    row
}

/// Fills the row from an answer: `known` gives the value, its meaning and
/// its items.
fn fill<T>(
    row: &mut AnswerRow,
    answer: &Option<Answer<T>>,
    known: impl Fn(&T) -> (String, Option<String>, Vec<String>),
) {
    match answer.as_ref().map(|a| &a.state) {
        Some(AnswerState::Known(v)) => {
            let (value, meaning, items) = known(v);
            row.value = Some(value);
            row.meaning = meaning;
            row.items = items;
        }
        Some(AnswerState::Open(word)) => row.open = Some(*word),
        Some(AnswerState::Invalid) | None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Workspace;

    fn rows(text: &str) -> Vec<AnswerRow> {
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        answer_rows(&ws.file(id).unwrap().model.flows[0])
    }

    #[test]
    fn six_rows_with_values_meanings_and_open_questions() {
        let rows = rows(
            "flow f: commcare -> dhis2 {\n  data: [\"visits\", \"ménage ✓\"]\n  timing: batch\n  frequency: monthly\n  volume: ~12000 records/month\n  transform: tbd\n}\n",
        );
        assert_eq!(
            rows.iter().map(|r| r.category).collect::<Vec<_>>(),
            Category::ALL
        );
        assert_eq!(rows[0].value.as_deref(), Some("commcare -> dhis2"));
        assert_eq!(rows[0].items, ["commcare", "dhis2"]);
        assert_eq!(rows[1].items, ["visits", "ménage ✓"]);
        assert_eq!(rows[1].value.as_deref(), Some("visits; ménage ✓"));
        assert_eq!(rows[2].status, AnswerStatus::Open);
        assert_eq!(rows[2].open, Some(OpenWord::Tbd));
        assert_eq!(rows[2].value, None);
        assert_eq!(rows[3].value.as_deref(), Some("batch"));
        assert_eq!(rows[4].value.as_deref(), Some("monthly"));
        assert!(
            rows[4]
                .meaning
                .as_deref()
                .unwrap()
                .starts_with("once a month"),
            "{:?}",
            rows[4].meaning
        );
        assert_eq!(rows[5].value.as_deref(), Some("~12000 records/month"));
        assert!(rows[5].meaning.as_deref().unwrap().contains("a day"));
    }

    #[test]
    fn unanswered_and_invalid_rows_have_no_value() {
        let rows = rows("flow f: a -> b {\n  frequency: sometimes\n}\n");
        assert_eq!(rows[1].status, AnswerStatus::Unanswered);
        assert_eq!(rows[4].status, AnswerStatus::Invalid);
        assert!(rows[1].value.is_none() && rows[4].value.is_none());
        assert!(rows[4].span.is_some());
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", "flow f: a -> b {\n  volume: unknown\n}\n");
        let flow = &ws.file(id).unwrap().model.flows[0];
        assert_eq!(
            open_questions(flow),
            [(Category::Volume, OpenWord::Unknown)]
        );
    }
}

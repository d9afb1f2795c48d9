//! Code lenses over each flow: how many of the six questions it answers,
//! and, once all six are answered, an invitation to export it.

use flowspec_syntax::Span;

use crate::FileData;
use crate::model::AnswerStatus;
use crate::schema::Category;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LensAction {
    /// Nothing to run: the lens only informs.
    None,
    /// Export this named flow to an OpenFn project.
    ExportFlow { flow: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeLens {
    /// Where the lens stands: the flow's header.
    pub span: Span,
    pub title: String,
    pub action: LensAction,
}

/// The lenses of a file, in source order.
pub fn code_lenses(file: &FileData) -> Vec<CodeLens> {
    let mut lenses = Vec::new();
    for flow in &file.model.flows {
        let answered = flow.answers.answered_count();
        let open: Vec<&str> = Category::ALL
            .into_iter()
            .filter(|c| flow.answers.status(*c) != AnswerStatus::Answered)
            .map(|c| c.title())
            .collect();
        let title = if open.is_empty() {
            "6/6 answered".to_string()
        } else {
            format!("{answered}/6 answered · open: {}", open.join(", "))
        };
        lenses.push(CodeLens {
            span: flow.header,
            title,
            action: LensAction::None,
        });
        if let (true, Some(name)) = (open.is_empty(), &flow.name) {
            lenses.push(CodeLens {
                span: flow.header,
                title: "Export to OpenFn".to_string(),
                action: LensAction::ExportFlow {
                    flow: name.text.to_string(),
                },
            });
        }
    }
    lenses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Workspace;

    #[test]
    fn counts_answers_and_offers_export_when_complete() {
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file(
            "a.flow",
            "commcare -> dhis2 monthly batch\nflow done: odk -> dhis2 { data: \"x\" transform: none timing: batch frequency: daily volume: ~5 forms/day }\n",
        );
        let lenses = code_lenses(ws.file(id).unwrap());
        let titles: Vec<&str> = lenses.iter().map(|l| l.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "3/6 answered · open: Data flow, Transformation, Volume",
                "6/6 answered",
                "Export to OpenFn"
            ]
        );
        assert_eq!(
            lenses[2].action,
            LensAction::ExportFlow {
                flow: "done".into()
            }
        );
    }
}

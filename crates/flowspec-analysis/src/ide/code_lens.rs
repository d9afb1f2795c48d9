//! Code lenses over each flow: how many of the six questions it answers,
//! and, once all six are answered, an invitation to export it.
//!
//! The count lens runs a command too (clients such as Neovim's run every
//! lens): it shows a message that asks the flow's open questions.

use flowspec_syntax::Span;

use crate::FileData;
use crate::model::{AnswerStatus, FlowInfo};
use crate::schema::Category;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LensAction {
    /// The lens informs; running it shows `message`: what the flow
    /// answers and the questions still to ask.
    Summary { message: String },
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

/// Which lens a [`LensSpot`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LensKind {
    /// "n/6 answered", over every flow.
    Summary,
    /// "Export to OpenFn", over a named flow that answers all six.
    Export,
}

/// Where a lens stands, before its title is written: an editor shows the
/// lenses on screen only, so the titles are made for those alone
/// ([`resolve_lens`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LensSpot {
    pub span: Span,
    /// The flow's index in the file's model.
    pub flow: usize,
    pub kind: LensKind,
}

/// Where the lenses of a file stand, in source order.
pub fn lens_spots(file: &FileData) -> Vec<LensSpot> {
    let mut spots = Vec::new();
    for (i, flow) in file.model.flows.iter().enumerate() {
        spots.push(LensSpot {
            span: flow.header,
            flow: i,
            kind: LensKind::Summary,
        });
        if flow.name.is_some() && flow.answers.answered_count() == Category::ALL.len() {
            spots.push(LensSpot {
                span: flow.header,
                flow: i,
                kind: LensKind::Export,
            });
        }
    }
    spots
}

/// A lens's title and action (`None`: the spot is not of this file).
pub fn resolve_lens(file: &FileData, spot: LensSpot) -> Option<CodeLens> {
    let flow = file.model.flows.get(spot.flow)?;
    let (title, action) = match spot.kind {
        LensKind::Summary => {
            let open: Vec<&str> = Category::ALL
                .into_iter()
                .filter(|c| flow.answers.status(*c) != AnswerStatus::Answered)
                .map(|c| c.title())
                .collect();
            let title = if open.is_empty() {
                "6/6 answered".to_string()
            } else {
                format!(
                    "{}/6 answered · open: {}",
                    flow.answers.answered_count(),
                    open.join(", ")
                )
            };
            let message = summary(flow);
            (title, LensAction::Summary { message })
        }
        LensKind::Export => (
            "Export to OpenFn".to_string(),
            LensAction::ExportFlow {
                flow: flow.name.as_ref()?.text.to_string(),
            },
        ),
    };
    Some(CodeLens {
        span: spot.span,
        title,
        action,
    })
}

/// The lenses of a file, in source order, with their titles.
pub fn code_lenses(file: &FileData) -> Vec<CodeLens> {
    lens_spots(file)
        .into_iter()
        .filter_map(|spot| resolve_lens(file, spot))
        .collect()
}

/// `` `f` answers 4 of the six questions. Still to ask: Transformation (Is
/// any …?); Volume (answered `tbd`: What is …?) ``.
fn summary(flow: &FlowInfo) -> String {
    let name = flow.display_name.as_str();
    let asks: Vec<String> = Category::ALL
        .into_iter()
        .filter_map(|c| {
            let why = match flow.answers.status(c) {
                AnswerStatus::Answered => return None,
                AnswerStatus::Open => "answered tbd or unknown: ",
                AnswerStatus::Invalid => "the answer is not valid: ",
                AnswerStatus::Unanswered => "",
            };
            Some(format!("{} ({why}{})", c.title(), c.question()))
        })
        .collect();
    if asks.is_empty() {
        format!("`{name}` answers all six questions.")
    } else {
        format!(
            "`{name}` answers {} of the six questions. Still to ask: {}.",
            flow.answers.answered_count(),
            asks.join("; ")
        )
    }
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
        assert_eq!(
            lenses[0].action,
            LensAction::Summary {
                message: "`commcare -> dhis2` answers 3 of the six questions. Still to ask: \
                    Data flow (What data are we sending? Which direction? What other tools or humans facilitate the flow?); \
                    Transformation (Is any transformation needed so the integration goes smoothly?); \
                    Volume (What is the scale of this integration?)."
                    .into()
            }
        );
        assert_eq!(
            lenses[1].action,
            LensAction::Summary {
                message: "`done` answers all six questions.".into()
            }
        );
    }

    #[test]
    fn the_summary_says_which_answers_are_open_or_invalid() {
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file(
            "a.flow",
            "flow f: odk -> dhis2 { data: tbd transform: none timing: batch frequency: every 0 days volume: ~5 forms/day }\n",
        );
        let lenses = code_lenses(ws.file(id).unwrap());
        let LensAction::Summary { message } = &lenses[0].action else {
            panic!("{lenses:?}");
        };
        assert!(
            message.starts_with("`f` answers 4 of the six questions. Still to ask: Data flow (answered tbd or unknown: What data"),
            "{message}"
        );
        assert!(
            message.contains(
                "; Frequency (the answer is not valid: How often is this process happening?)."
            ),
            "{message}"
        );
    }
}

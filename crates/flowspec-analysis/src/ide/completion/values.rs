//! Values: the words a key takes after its colon, the shorthand words
//! after a chain, and what continues a value begun (units, periods).

use flowspec_syntax::ast::{Atom, AtomKind, ItemKind};

use super::context::{Cx, answered_by_shorthand};
use super::{CompletionItem, CompletionKind};
use crate::catalog::{adaptors, catalog};
use crate::ide::hover::{Meaning, frequency_words, segments};
use crate::model::{FlowInfo, OpenWord, Status};
use crate::schema::{Category, ItemType, PropertyInfo, ToolKind};
use crate::values::{Calendar, EveryUnit, Frequency, Period, TimingKind, VolumeUnit};

impl<'a> Cx<'a> {
    /// The values of `key`, given the words already written after its colon.
    pub(super) fn value(
        &self,
        item_type: ItemType,
        info: &PropertyInfo,
        words: &[Atom],
        item: usize,
    ) -> Vec<CompletionItem> {
        let open_words = || {
            if words.is_empty() {
                open_items()
            } else {
                Vec::new()
            }
        };
        match (item_type, info.key) {
            (ItemType::Flow, "frequency") => match continuation(words) {
                Some(items) => items,
                None if words.is_empty() => {
                    let mut items = frequency_items();
                    items.extend(open_items());
                    items
                }
                None => Vec::new(),
            },
            (ItemType::Flow, "volume") => match continuation(words) {
                Some(items) => items,
                None => open_words(),
            },
            (ItemType::Flow, "timing") if words.is_empty() => {
                let mut items = timing_items();
                items.extend(open_items());
                items
            }
            (ItemType::Flow, "transform") if words.is_empty() => {
                let mut items = vec![
                    CompletionItem::new("none", CompletionKind::Value)
                        .detail("the data goes through as it is")
                        .sort(0, 0),
                ];
                items.extend(open_items());
                items
            }
            (ItemType::Flow, "data") => open_words(),
            (ItemType::Flow, "status") if words.is_empty() => Status::ALL
                .into_iter()
                .enumerate()
                .map(|(rank, s)| {
                    CompletionItem::new(s.as_str(), CompletionKind::Value)
                        .detail(s.describe())
                        .sort(0, rank)
                })
                .collect(),
            (ItemType::Tool, "kind") if words.is_empty() => ToolKind::ALL
                .into_iter()
                .enumerate()
                .map(|(rank, k)| {
                    CompletionItem::new(k.as_str(), CompletionKind::Value)
                        .detail(k.describe())
                        .sort(0, rank)
                })
                .collect(),
            (ItemType::Tool, "adaptor") if words.is_empty() => {
                // The adaptor of the catalog tool this declaration refines
                // comes first.
                let name = match self.file.tree.items.get(item).map(|i| &i.kind) {
                    Some(ItemKind::Tool(d)) => Some(d.name.text.as_str()),
                    _ => None,
                };
                let suggested = name
                    .and_then(|n| catalog().get(n))
                    .and_then(|e| e.adaptor.as_deref());
                adaptors()
                    .iter()
                    .map(|a| {
                        let mut item = CompletionItem::new(*a, CompletionKind::Adaptor)
                            .detail(format!("@openfn/language-{a}"));
                        if Some(*a) == suggested {
                            item.preselect = true;
                            item = item.sort(0, 0);
                        } else {
                            item = item.sort(1, 0);
                        }
                        item
                    })
                    .collect()
            }
            (ItemType::Tool, "auth" | "hosting" | "sandbox") | (ItemType::Flow, "direction")
                if words.is_empty() =>
            {
                let mut items = discovery_items(info.key);
                items.extend(open_items());
                items
            }
            (ItemType::Tool, "limits") => limits_items(words),
            (ItemType::Flow, "notify") if words.is_empty() => {
                let mut items = vec![
                    CompletionItem::new("none", CompletionKind::Value)
                        .detail("nobody is told when a run fails")
                        .sort(1, 0),
                ];
                items.extend(open_items());
                items
            }
            (ItemType::Flow, "identifier") if words.is_empty() => {
                // The fields of the records the flow moves, identifiers first.
                let mut items: Vec<CompletionItem> = self
                    .flow_info(item)
                    .into_iter()
                    .flat_map(|f| &f.records)
                    .filter_map(|mv| self.workspace.record(&mv.target.text))
                    .flat_map(|(_, r)| r.fields.iter().map(move |f| (r, f)))
                    .map(|(r, f)| {
                        CompletionItem::new(f.name.text.as_str(), CompletionKind::Value)
                            .detail(if f.identifier {
                                format!("the identifier of `{}`", r.name.text)
                            } else {
                                format!("a field of `{}`", r.name.text)
                            })
                            .sort(if f.identifier { 0 } else { 1 }, 0)
                    })
                    .collect();
                items.extend(open_items());
                items
            }
            (ItemType::Tool, "admin") | (ItemType::Flow, "rerun") => open_words(),
            _ => Vec::new(),
        }
    }

    /// Words after a chain: what continues the last value, else the words
    /// of the questions still open.
    pub(super) fn shorthand(&self, words: &[Atom], flow: Option<&FlowInfo>) -> Vec<CompletionItem> {
        if let Some(items) = continuation(words) {
            return items;
        }
        let read = segments(words);
        let answered = |category: Category| {
            read.iter().any(|s| {
                matches!(
                    (&s.meaning, category),
                    (Meaning::Timing(_), Category::Timing)
                        | (Meaning::Frequency(_), Category::Frequency)
                        | (Meaning::Volume(_), Category::Volume)
                )
            }) || flow.is_some_and(|f| {
                f.answers.status(category) != crate::model::AnswerStatus::Unanswered
                    && !answered_by_shorthand(f, category)
            })
        };
        let mut items = Vec::new();
        if !answered(Category::Timing) {
            items.extend(timing_items());
        }
        if !answered(Category::Frequency) {
            items.extend(frequency_items());
        }
        items
    }
}

/// What completes a value begun in `words`: a unit after `every` or a
/// number, a period after `/` or `per`. `None` when the words end no
/// such beginning.
fn continuation(words: &[Atom]) -> Option<Vec<CompletionItem>> {
    let last = words.last()?;
    let before = words.len().checked_sub(2).map(|i| &words[i]);
    let before_word = before.and_then(|a| a.kind.as_ident());
    let after_every = before_word == Some("every");
    match &last.kind {
        AtomKind::Ident(w) if w == "every" => Some(every_units(true)),
        AtomKind::Number(n) if after_every => Some(every_units(n.value == 1.0)),
        AtomKind::Number(n) => Some(volume_units(n.value == 1.0)),
        AtomKind::Slash => Some(periods()),
        AtomKind::Ident(w) if w == "per" && before_word.and_then(VolumeUnit::parse).is_some() => {
            Some(periods())
        }
        AtomKind::Tilde | AtomKind::Lt => Some(Vec::new()),
        AtomKind::Ident(w) if w == "cron" => Some(Vec::new()),
        _ => None,
    }
}

fn open_items() -> Vec<CompletionItem> {
    OpenWord::ALL
        .into_iter()
        .enumerate()
        .map(|(rank, w)| {
            CompletionItem::new(w.as_str(), CompletionKind::Value)
                .detail(w.describe())
                .sort(3, rank)
        })
        .collect()
}

fn timing_items() -> Vec<CompletionItem> {
    TimingKind::ALL
        .into_iter()
        .enumerate()
        .map(|(rank, k)| {
            CompletionItem::new(k.as_str(), CompletionKind::Value)
                .detail(format!("timing: {}", k.describe()))
                .sort(0, rank)
        })
        .collect()
}

fn frequency_items() -> Vec<CompletionItem> {
    let mut items: Vec<CompletionItem> = Calendar::ALL
        .into_iter()
        .map(Frequency::Calendar)
        .chain([Frequency::Continuous, Frequency::OnDemand])
        .enumerate()
        .map(|(rank, f)| {
            CompletionItem::new(f.display(), CompletionKind::Value)
                .detail(format!("frequency: {}", frequency_words(&f)))
                .sort(1, rank)
        })
        .collect();
    items.push(
        CompletionItem::new("every", CompletionKind::Snippet)
            .detail("frequency: every N minutes, hours, days, weeks or months")
            .snippet("every ${1:2} ${2|hours,minutes,days,weeks,months|}$0")
            .sort(1, 20),
    );
    items.push(
        CompletionItem::new("cron", CompletionKind::Snippet)
            .detail("frequency: a cron expression, m h dom mon dow")
            .docs("Five fields: minute, hour, day of the month, month, day of the week. `cron \"0 2 * * 1\"` runs at 02:00 on Mondays.")
            .snippet("cron \"${1:0 2 * * *}\"$0")
            .sort(1, 21),
    );
    items
}

fn every_units(one: bool) -> Vec<CompletionItem> {
    EveryUnit::ALL
        .into_iter()
        .enumerate()
        .map(|(rank, u)| {
            let word = if one { u.singular() } else { u.plural() };
            CompletionItem::new(word, CompletionKind::Unit)
                .detail("unit of time")
                .sort(0, rank)
        })
        .collect()
}

fn volume_units(one: bool) -> Vec<CompletionItem> {
    VolumeUnit::ALL
        .into_iter()
        .enumerate()
        .map(|(rank, u)| {
            let word = if one { u.singular() } else { u.plural() };
            let detail = if u.is_size() {
                "unit of volume: a size"
            } else {
                "unit of volume: a count"
            };
            CompletionItem::new(word, CompletionKind::Unit)
                .detail(detail)
                .sort(0, rank)
        })
        .collect()
}

fn periods() -> Vec<CompletionItem> {
    Period::ALL
        .into_iter()
        .enumerate()
        .map(|(rank, p)| {
            let detail = match p {
                Period::Run => "each time the flow runs".to_string(),
                Period::Event => "each event that starts it".to_string(),
                other => format!("a rate per {}", other.as_str()),
            };
            CompletionItem::new(p.as_str(), CompletionKind::Unit)
                .detail(detail)
                .sort(0, rank)
        })
        .collect()
}

/// The words of a discovery property's vocabulary.
fn discovery_items(key: &str) -> Vec<CompletionItem> {
    crate::discovery::words_of(key)
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(rank, (word, describe))| {
            CompletionItem::new(word, CompletionKind::Value)
                .detail(describe)
                .sort(0, rank)
        })
        .collect()
}

/// `limits:` — a rate, a page size or `none`; after a number, what it
/// counts; after `per` or `/`, the period.
fn limits_items(words: &[Atom]) -> Vec<CompletionItem> {
    let Some(last) = words.last() else {
        let mut items = vec![
            CompletionItem::new("none", CompletionKind::Value)
                .detail("the tool sets no rate or page limit")
                .sort(0, 0),
            CompletionItem::new("page", CompletionKind::Snippet)
                .detail("limits: the most records one request sends or returns")
                .snippet("page ${1:500}$0")
                .sort(0, 1),
            CompletionItem::new("per minute", CompletionKind::Snippet)
                .detail("limits: requests per minute")
                .snippet("${1:100} per ${2|minute,hour,day|}$0")
                .sort(0, 2),
        ];
        items.extend(open_items());
        return items;
    };
    match &last.kind {
        AtomKind::Slash => limit_periods(),
        AtomKind::Ident(w) if w == "per" => limit_periods(),
        AtomKind::Number(_)
            if words.len() < 2 || words[words.len() - 2].kind.as_ident() != Some("page") =>
        {
            let mut items = vec![
                CompletionItem::new("per", CompletionKind::Unit)
                    .detail("requests per period")
                    .sort(0, 0),
            ];
            items.extend(
                VolumeUnit::ALL
                    .into_iter()
                    .filter(|u| !u.is_size())
                    .enumerate()
                    .map(|(rank, u)| {
                        CompletionItem::new(u.plural(), CompletionKind::Unit)
                            .detail("what the limit counts")
                            .sort(1, rank)
                    }),
            );
            items
        }
        _ => Vec::new(),
    }
}

fn limit_periods() -> Vec<CompletionItem> {
    crate::discovery::LIMIT_PERIODS
        .into_iter()
        .enumerate()
        .map(|(rank, p)| {
            CompletionItem::new(p.as_str(), CompletionKind::Unit)
                .detail(format!("a limit per {}", p.as_str()))
                .sort(0, rank)
        })
        .collect()
}

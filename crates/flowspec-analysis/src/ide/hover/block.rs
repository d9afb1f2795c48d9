//! Hover inside an item's block: a property key (what it says, what it
//! takes, and for a category the question and this flow's answer), or its
//! value (a category's answer in words, a status, a tool kind, an adaptor).

use flowspec_syntax::ast::{Block, PropertyValue, Value};
use flowspec_syntax::lexer::Token;

use super::flows::answer_cell;
use super::values::{adaptor, meaning, open_question, tool_kind};
use super::words::read_as;
use super::{Cx, Hover};
use crate::model::{DeclInfo, OpenWord, Status};
use crate::schema::{Category, ItemType, PropertyInfo, ToolKind};

impl<'a> Cx<'a> {
    /// A key or a value inside an item's block.
    pub(super) fn in_block(
        &self,
        item_type: ItemType,
        block: &Block,
        token: Token,
    ) -> Option<Hover> {
        let span = token.span;
        let prop = block
            .properties
            .iter()
            .find(|p| p.span.contains_span(span))?;
        let key = prop.key.text.as_str();
        let info = item_type.property(key)?;
        if prop.key.span == span {
            return Some(Hover {
                span,
                markdown: self.key(item_type, info),
            });
        }
        let PropertyValue::Value(Value::Atoms(atoms)) = &prop.value else {
            return None;
        };
        if !atoms.atoms.iter().any(|a| a.span.contains_span(span)) {
            return None; // the right side of a mapping, or a list
        }
        let frequency = self.flow_info().and_then(|f| f.answers.frequency());
        let (covered, markdown) = match (item_type, key) {
            (ItemType::Flow, _) if info.category.is_some() => {
                let category = info.category?;
                if let [atom] = atoms.atoms.as_slice()
                    && let Some(word) = atom.kind.as_ident().and_then(OpenWord::parse)
                {
                    (atom.span, open_question(category, word))
                } else if category == Category::Transform {
                    let [atom] = atoms.atoms.as_slice() else {
                        return None;
                    };
                    (atom.kind.as_ident() == Some("none")).then_some(())?;
                    (
                        atom.span,
                        "**Transformation** `none`: the data goes through as it is, unchanged."
                            .to_string(),
                    )
                } else {
                    let segment = read_as(category, &atoms.atoms)?;
                    if !segment.span.contains_span(span) {
                        return None;
                    }
                    (segment.span, meaning(&segment.meaning, frequency))
                }
            }
            (ItemType::Flow, "status") => {
                let word = atoms.atoms.first()?.kind.as_ident()?;
                let status = Status::parse(word)?;
                (span, format!("**Status** `{word}`: {}.", status.describe()))
            }
            (ItemType::Tool, "kind") => {
                let word = atoms.atoms.first()?.kind.as_ident()?;
                let kind = ToolKind::parse(word)?;
                (span, tool_kind(kind))
            }
            (ItemType::Tool, "adaptor") => {
                let atom = atoms.atoms.first()?;
                let written = atom.kind.as_ident().or(atom.kind.as_str())?;
                let name = written
                    .strip_prefix("@openfn/language-")
                    .map(|rest| rest.split('@').next().unwrap_or(rest))
                    .unwrap_or(written);
                (atom.span, adaptor(name))
            }
            (_, key) if info.is_discovery() => {
                let hovered = atoms.atoms.iter().find(|a| a.span.contains_span(span))?;
                let flow = self.flow_info();
                let md = super::discovery::value(self.workspace, flow, key, &atoms.atoms, hovered)?;
                let covered = if key == "limits" {
                    atoms.span
                } else {
                    hovered.span
                };
                (covered, md)
            }
            _ => return None,
        };
        Some(Hover {
            span: covered,
            markdown,
        })
    }

    /// A property key: what it says, what it takes; for a category, the
    /// question and this flow's answer.
    fn key(&self, item_type: ItemType, info: &PropertyInfo) -> String {
        let mut md = String::new();
        match info.category {
            Some(category) => {
                md.push_str(&format!(
                    "**{}** · {}\n\n*{}*\n\n{}\n\n**Accepts:** {}",
                    info.key,
                    category.title(),
                    category.question(),
                    info.summary,
                    info.accepts
                ));
                if let Some(flow) = self.flow_info() {
                    md.push_str(&format!(
                        "\n\n**This flow:** {}",
                        answer_cell(&flow.answers, category)
                    ));
                }
                md.push_str(
                    "\n\n`unknown` or `tbd` marks the question as open: a known unknown, listed rather than warned about.",
                );
            }
            None => {
                md.push_str(&format!(
                    "**{}** · {} property\n\n{}\n\n**Accepts:** {}",
                    info.key,
                    item_type.keyword(),
                    info.summary,
                    info.accepts
                ));
                if let Some(note) = super::discovery::key_note(info.key) {
                    md.push_str(&note);
                }
                if item_type != ItemType::Flow
                    && let Some(decl) = self.decl_info()
                    && let Some(current) = decl_value(decl, info.key)
                {
                    md.push_str(&format!("\n\n**Here:** {current}"));
                }
            }
        }
        md
    }
}

/// A declaration's value for a key, as read.
fn decl_value(decl: &DeclInfo, key: &str) -> Option<String> {
    match key {
        "name" => decl.display_name.clone(),
        "kind" => decl
            .tool_kind
            .map(|k| format!("`{}` ({})", k.as_str(), k.describe())),
        "adaptor" => decl.adaptor.as_ref().map(|a| format!("`{a}`")),
        "owner" => decl.owner.clone(),
        "url" => decl.url.clone(),
        "notes" => decl.notes.clone(),
        "auth" => known(&decl.discovery.auth, |n| format!("`{}`", n.display())),
        "hosting" => known(&decl.discovery.hosting, |n| format!("`{}`", n.display())),
        "sandbox" => known(&decl.discovery.sandbox, |n| format!("`{}`", n.display())),
        "admin" => known(&decl.discovery.admin, Clone::clone),
        "limits" => known(&decl.discovery.limits, |l| format!("`{}`", l.display())),
        _ => None,
    }
}

fn known<T>(
    answer: &Option<crate::model::Answer<T>>,
    show: impl Fn(&T) -> String,
) -> Option<String> {
    answer.as_ref()?.known().map(show)
}

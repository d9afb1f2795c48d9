//! Where the cursor stands: at the top level or in an item's block (from
//! the braces around it), and after which tokens; then which list of items
//! that place takes.

use flowspec_syntax::ast::{Atom, ItemKind};
use flowspec_syntax::lexer::{Token, TokenKind};

use super::CompletionItem;
use crate::ide::hover::atom_of;
use crate::model::FlowInfo;
use crate::schema::{Category, ItemType};
use crate::{FileData, Workspace};

pub(super) enum Scope {
    Top,
    /// Inside the block opened by this significant token.
    Block(usize),
}

/// The `{` that encloses the end of `sig`, scanning back; an item keyword
/// ends the search (an unclosed block ends before the next item).
pub(super) fn open_brace(sig: &[Token]) -> Scope {
    let mut depth = 0u32;
    for (j, t) in sig.iter().enumerate().rev() {
        match t.kind {
            TokenKind::RBrace => depth += 1,
            TokenKind::LBrace if depth == 0 => return Scope::Block(j),
            TokenKind::LBrace => depth -= 1,
            k if k.is_keyword() => return Scope::Top,
            _ => {}
        }
    }
    Scope::Top
}

pub(super) struct Cx<'a> {
    pub(super) workspace: &'a Workspace,
    pub(super) file: &'a FileData,
    pub(super) text: &'a str,
    /// Significant tokens of the whole file.
    pub(super) sig: &'a [Token],
    /// How many of them end before the replaced span.
    pub(super) before: usize,
    pub(super) start: usize,
    pub(super) prefix: Option<Token>,
}

impl<'a> Cx<'a> {
    pub(super) fn kind(&self, back: usize) -> Option<TokenKind> {
        self.before.checked_sub(back + 1).map(|j| self.sig[j].kind)
    }

    /// Whether a line break separates the last token from the cursor.
    pub(super) fn on_new_line(&self) -> bool {
        match self.before.checked_sub(1) {
            Some(j) => self.text[self.sig[j].span.end as usize..self.start].contains('\n'),
            None => true,
        }
    }

    pub(super) fn item_at(&self, token: Token) -> Option<(usize, &'a ItemKind)> {
        self.file
            .tree
            .items
            .iter()
            .enumerate()
            .find(|(_, item)| item.span.contains_span(token.span))
            .map(|(i, item)| (i, &item.kind))
    }

    pub(super) fn flow_info(&self, item: usize) -> Option<&'a FlowInfo> {
        self.file.model.flows.iter().find(|f| f.item == item)
    }

    pub(super) fn top_level(&self) -> Option<Vec<CompletionItem>> {
        use TokenKind as T;
        let last = self.kind(0);
        match last {
            None => return Some(self.item_start()),
            Some(T::Arrow) => return Some(self.steps()),
            Some(T::Colon) if self.kind(1) == Some(T::Ident) && self.kind(2) == Some(T::Flow) => {
                return Some(self.steps());
            }
            Some(T::Tool) => return Some(self.refinable()),
            Some(T::Role | T::Flow) => return None,
            _ => {}
        }
        if self.on_new_line() || last == Some(T::RBrace) {
            return Some(self.item_start());
        }
        // After a chain, on its line: shorthand words. Find the chain's
        // last step (a name right after `->`); the words follow it.
        let mut j = self.before;
        while j > 0 {
            let t = self.sig[j - 1];
            let is_atom = matches!(
                t.kind,
                T::Ident
                    | T::String
                    | T::UnterminatedString
                    | T::Number
                    | T::Slash
                    | T::Tilde
                    | T::Lt
            );
            if !is_atom {
                return None;
            }
            if t.kind == T::Ident && j >= 2 && self.sig[j - 2].kind == T::Arrow {
                break;
            }
            j -= 1;
        }
        if j == 0 {
            return None;
        }
        let step = self.sig[j - 1];
        let words: Vec<Atom> = self.sig[j..self.before]
            .iter()
            .filter_map(|t| atom_of(self.text, *t))
            .collect();
        let flow = self
            .item_at(step)
            .and_then(|(index, _)| self.flow_info(index));
        Some(self.shorthand(&words, flow))
    }

    /// Inside the block opened by `sig[open]`.
    pub(super) fn in_block(&self, open: usize) -> Option<Vec<CompletionItem>> {
        use TokenKind as T;
        let (item, kind) = self.item_at(self.sig[open])?;
        let item_type = match kind {
            ItemKind::Tool(_) => ItemType::Tool,
            ItemKind::Role(_) => ItemType::Role,
            ItemKind::Flow(_) => ItemType::Flow,
            ItemKind::Record(_) => return self.record_block(open),
            ItemKind::Error => return None,
        };
        if item_type == ItemType::Tool
            && let Some(items) = self.after_keeps()
        {
            return Some(items);
        }
        let colon = self.line_colon(open);
        let last = self.kind(0);
        let at_key = last == Some(T::LBrace)
            || last == Some(T::RBrace)
            || colon.is_none()
            || (last != Some(T::Colon) && self.on_new_line());
        if at_key {
            return Some(self.keys(item_type, item, open));
        }
        let colon = colon?;
        let key = &self.text[self.sig[colon - 1].span.range()];
        if item_type == ItemType::Flow
            && key == "data"
            && let Some(mut items) = self.data_value(&self.sig[colon + 1..self.before])
        {
            if colon + 1 == self.before
                && let Some(info) = item_type.property(key)
            {
                items.extend(self.value(item_type, info, &[], item));
            }
            return Some(items);
        }
        let info = item_type.property(key)?;
        let mut words = Vec::new();
        for t in &self.sig[colon + 1..self.before] {
            words.push(atom_of(self.text, *t)?); // a list or a mapping: nothing
        }
        Some(self.value(item_type, info, &words, item))
    }
}

pub(super) fn answered_by_shorthand(flow: &FlowInfo, category: Category) -> bool {
    let shorthand = |a: Option<bool>| a == Some(true);
    shorthand(match category {
        Category::Tools => None,
        Category::Data => flow.answers.data.as_ref().map(|a| a.shorthand),
        Category::Transform => flow.answers.transform.as_ref().map(|a| a.shorthand),
        Category::Timing => flow.answers.timing.as_ref().map(|a| a.shorthand),
        Category::Frequency => flow.answers.frequency.as_ref().map(|a| a.shorthand),
        Category::Volume => flow.answers.volume.as_ref().map(|a| a.shorthand),
    })
}

//! The keys an item's block takes and does not have yet.

use flowspec_syntax::ast::ItemKind;
use flowspec_syntax::lexer::TokenKind;

use super::context::{Cx, answered_by_shorthand};
use super::{CompletionItem, CompletionKind};
use crate::schema::{Category, ItemType, PropertyInfo};

impl<'a> Cx<'a> {
    /// The keys an item takes and does not have yet.
    pub(super) fn keys(
        &self,
        item_type: ItemType,
        item: usize,
        open: usize,
    ) -> Vec<CompletionItem> {
        use TokenKind as T;
        let mut given: Vec<&str> = Vec::new();
        let mut depth = 0u32;
        for j in open + 1..self.sig.len() {
            let t = self.sig[j];
            match t.kind {
                T::LBrace => depth += 1,
                T::RBrace if depth == 0 => break,
                T::RBrace => depth -= 1,
                k if k.is_keyword() => break,
                T::Ident if depth == 0 && Some(t) != self.prefix => {
                    if matches!(
                        self.sig.get(j + 1).map(|n| n.kind),
                        Some(T::Colon | T::LBrace)
                    ) {
                        given.push(&self.text[t.span.range()]);
                    }
                }
                _ => {}
            }
        }
        match self.file.tree.items.get(item).map(|i| &i.kind) {
            Some(ItemKind::Tool(d) | ItemKind::Role(d)) if d.label.is_some() => given.push("name"),
            _ => {}
        }
        let shorthand: Vec<Category> = self
            .flow_info(item)
            .map(|f| {
                Category::ANSWERED_BY_PROPERTIES
                    .into_iter()
                    .filter(|c| answered_by_shorthand(f, *c))
                    .collect()
            })
            .unwrap_or_default();
        // Editing a key that has its colon already: insert the key alone.
        let after = self.prefix.map_or(self.start, |t| t.span.end as usize);
        let next = self
            .sig
            .iter()
            .find(|t| t.span.start as usize >= after)
            .map(|t| t.kind);
        let bare = matches!(next, Some(T::Colon | T::LBrace)) && self.prefix.is_some();
        item_type
            .properties()
            .iter()
            .enumerate()
            .filter(|(_, p)| !given.contains(&p.key))
            .filter(|(_, p)| !p.category.is_some_and(|c| shorthand.contains(&c)))
            // The discovery checklists' keys come after the design's own.
            .map(|(rank, p)| key_item(p, bare).sort(u8::from(p.is_discovery()), rank))
            .collect()
    }
}

fn key_item(p: &PropertyInfo, bare: bool) -> CompletionItem {
    let mut docs = String::new();
    let detail = match p.category {
        Some(c) => {
            docs.push_str(&format!("*{}*\n\n", c.question()));
            format!("{} · {}", c.title(), p.summary)
        }
        None => p.summary.to_string(),
    };
    docs.push_str(&format!("**Accepts:** {}", p.accepts));
    let item = CompletionItem::new(p.key, CompletionKind::Property)
        .detail(detail)
        .docs(docs);
    if bare {
        return item;
    }
    match p.key {
        "name" | "owner" | "notes" | "data" | "admin" | "notify" | "rerun" => {
            item.snippet(format!("{}: \"$1\"$0", p.key))
        }
        "url" => item.snippet("url: \"https://$1\"$0"),
        key => {
            let mut item = item;
            item.insert = format!("{key}: ");
            item
        }
    }
}

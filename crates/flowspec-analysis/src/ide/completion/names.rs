//! Names and item starts: the keywords and snippets an item starts with,
//! the tools and roles a chain step takes (declared, then the catalog's),
//! the catalog ids a declaration may refine.

use super::context::Cx;
use super::{CompletionItem, CompletionKind};
use crate::Resolution;
use crate::catalog::catalog;
use crate::model::DeclKind;
use crate::schema::ToolKind;
use crate::values::{Calendar, STANDING_WORDS, TimingKind};

impl<'a> Cx<'a> {
    /// Where an item may start: keywords, snippets, and the names a bare
    /// chain starts with.
    pub(super) fn item_start(&self) -> Vec<CompletionItem> {
        let mut items = vec![
            CompletionItem::new("tool", CompletionKind::Keyword)
                .detail("declare a tool")
                .sort(0, 0),
            CompletionItem::new("role", CompletionKind::Keyword)
                .detail("declare a role: a person or team")
                .sort(0, 1),
            CompletionItem::new("flow", CompletionKind::Keyword)
                .detail("a named flow")
                .sort(0, 2),
            CompletionItem::new("flow", CompletionKind::Snippet)
                .detail("a flow answering the six questions")
                .docs("A named flow with a tab stop for each of the six questions: the tools (its chain), data, transform, timing, frequency and volume.")
                .snippet(flow_snippet())
                .sort(0, 3),
            CompletionItem::new("tool", CompletionKind::Snippet)
                .detail("a tool with its kind and owner")
                .snippet(tool_snippet())
                .sort(0, 4),
            CompletionItem::new("role", CompletionKind::Snippet)
                .detail("a role with its display name")
                .snippet("role ${1:id} \"${2:Display name}\"$0")
                .sort(0, 5),
        ];
        items.extend(self.steps());
        items
    }

    /// Every name a chain step may take.
    pub(super) fn steps(&self) -> Vec<CompletionItem> {
        let ws = self.workspace;
        let mut items = Vec::new();
        let mut declared: Vec<&str> = ws.declared_names().collect();
        declared.sort_unstable();
        for name in &declared {
            let Resolution::Declared {
                file,
                decl,
                catalog,
            } = ws.resolve(name)
            else {
                continue;
            };
            let display = decl
                .display_name
                .as_deref()
                .or(catalog.map(|c| c.name.as_str()))
                .unwrap_or(name);
            let (kind, detail) = match decl.kind {
                DeclKind::Role => (CompletionKind::Role, format!("role · {display} (a person)")),
                DeclKind::Tool => {
                    let kind = decl.tool_kind.or(catalog.map(|c| c.kind));
                    let detail = match kind {
                        Some(k) => format!("tool · {display} · {}", k.as_str()),
                        None => format!("tool · {display}"),
                    };
                    (CompletionKind::Tool, detail)
                }
            };
            let mut docs = Vec::new();
            if let Some(doc) = &decl.doc {
                docs.push(doc.clone());
            }
            if let Some(c) = catalog {
                docs.push(c.description.clone());
            }
            if let Some(data) = ws.file(file) {
                let path = data.path.rsplit('/').next().unwrap_or(&data.path);
                docs.push(format!("Declared in `{path}`."));
            }
            items.push(
                CompletionItem::new(*name, kind)
                    .detail(detail)
                    .docs(docs.join("\n\n"))
                    .sort(1, 0),
            );
        }
        for entry in catalog().entries() {
            if ws.declarations(&entry.id).is_empty() {
                let mut docs = entry.description.clone();
                if let Some(a) = &entry.adaptor {
                    docs.push_str(&format!("\n\nOpenFn adaptor: `{a}`."));
                }
                items.push(
                    CompletionItem::new(entry.id.as_str(), CompletionKind::Tool)
                        .detail(format!("{} · {}", entry.name, entry.kind.as_str()))
                        .docs(docs)
                        .sort(2, 0),
                );
            }
        }
        items
    }

    /// After `tool`: catalog ids a declaration may refine.
    pub(super) fn refinable(&self) -> Vec<CompletionItem> {
        catalog()
            .entries()
            .iter()
            .filter(|e| self.workspace.declarations(&e.id).is_empty())
            .map(|e| {
                CompletionItem::new(e.id.as_str(), CompletionKind::Tool)
                    .detail(format!("refine the catalog's {}", e.name))
                    .docs(format!(
                        "{}\n\nA declaration with a catalog id refines the entry: its properties win.",
                        e.description
                    ))
                    .sort(0, 0)
            })
            .collect()
    }
}

fn flow_snippet() -> String {
    let timings: Vec<&str> = TimingKind::ALL.iter().map(|k| k.as_str()).collect();
    let mut frequencies: Vec<&str> = Calendar::ALL.iter().map(|c| c.as_str()).collect();
    frequencies.extend(STANDING_WORDS);
    // Monthly first: the commonest answer in these designs.
    frequencies.retain(|f| *f != "monthly");
    frequencies.insert(0, "monthly");
    format!(
        "flow ${{1:name}}: ${{2:source}} -> ${{3:destination}} {{\n  data: \"${{4:what moves}}\"\n  transform: ${{5:none}}\n  timing: ${{6|{}|}}\n  frequency: ${{7|{}|}}\n  volume: ${{8:~500 records/month}}\n}}$0",
        timings.join(","),
        frequencies.join(",")
    )
}

fn tool_snippet() -> String {
    let kinds: Vec<&str> = ToolKind::ALL.iter().map(|k| k.as_str()).collect();
    format!(
        "tool ${{1:id}} \"${{2:Display name}}\" {{\n  kind: ${{3|{}|}}\n  owner: \"${{4}}\"\n}}$0",
        kinds.join(",")
    )
}

//! The queries that editor features are built on: what stands at an offset,
//! where a name is declared and used. Pure functions of a [`Workspace`];
//! the language server converts their answers into protocol types.

pub mod answers;
pub mod code_actions;
pub mod code_lens;
pub mod completion;
pub mod folding;
pub mod hover;
pub mod inlay_hints;
pub mod navigation;
pub mod record_refs;
pub mod rename;
pub mod selection;
pub mod semantic_tokens;
pub mod symbols;

use flowspec_syntax::ast::{Item, Name};
use flowspec_syntax::lexer::Token;
use flowspec_syntax::{SmolStr, Span};

use crate::model::{DeclInfo, FlowInfo};
use crate::{FileData, FileId, Workspace};

/// The item that contains `offset` (or ends right at it), with its index.
pub fn item_at(file: &FileData, offset: usize) -> Option<(usize, &Item)> {
    let i = file
        .tree
        .items
        .partition_point(|item| (item.span.end as usize) < offset);
    let item = file.tree.items.get(i)?;
    item.span.touches(offset).then_some((i, item))
}

/// The token under the cursor: the one containing `offset`, else the one
/// ending right at it (the cursor just after a word is on that word).
pub fn token_at(file: &FileData, offset: usize) -> Option<Token> {
    let tokens = &file.tree.tokens;
    let i = tokens.partition_point(|t| (t.span.end as usize) < offset);
    let candidates = tokens.get(i..(i + 2).min(tokens.len()))?;
    candidates
        .iter()
        .find(|t| t.span.start as usize <= offset && offset < t.span.end as usize)
        .or_else(|| candidates.iter().find(|t| t.span.touches(offset)))
        .copied()
}

/// A tool or role name, where it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolAt {
    pub name: SmolStr,
    pub span: Span,
    /// Written as the name of a declaration (not a step).
    pub is_declaration: bool,
}

/// The tool or role name at `offset`: a chain step, or a declaration's name.
pub fn symbol_at(file: &FileData, offset: usize) -> Option<SymbolAt> {
    let at = |name: &Name| name.span.touches(offset);
    for decl in &file.model.decls {
        if at(&decl.name) {
            return Some(SymbolAt {
                name: decl.name.text.clone(),
                span: decl.name.span,
                is_declaration: true,
            });
        }
    }
    for flow in &file.model.flows {
        if !flow.header.touches(offset) {
            continue;
        }
        if let Some(step) = flow.steps.iter().find(|s| at(s)) {
            return Some(SymbolAt {
                name: step.text.clone(),
                span: step.span,
                is_declaration: false,
            });
        }
    }
    None
}

/// The flow whose header or block contains `offset`.
pub fn flow_at(file: &FileData, offset: usize) -> Option<&FlowInfo> {
    file.model.flows.iter().find(|f| f.span.touches(offset))
}

/// The declaration whose item contains `offset`.
pub fn decl_at(file: &FileData, offset: usize) -> Option<&DeclInfo> {
    file.model.decls.iter().find(|d| d.span.touches(offset))
}

/// One place a tool or role name is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Occurrence {
    pub file: FileId,
    pub span: Span,
    pub is_declaration: bool,
}

/// Every declaration and every chain step of `name`, in all files, in file
/// and source order.
pub fn occurrences(workspace: &Workspace, name: &str) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let mut files: Vec<FileId> = workspace
        .declarations(name)
        .iter()
        .map(|(f, _)| *f)
        .chain(workspace.files_using(name))
        .collect();
    files.sort();
    files.dedup();
    for file in files {
        let Some(data) = workspace.file(file) else {
            continue;
        };
        for decl in &data.model.decls {
            if decl.name.text == name {
                out.push(Occurrence {
                    file,
                    span: decl.name.span,
                    is_declaration: true,
                });
            }
        }
        for flow in &data.model.flows {
            for step in &flow.steps {
                if step.text == name {
                    out.push(Occurrence {
                        file,
                        span: step.span,
                        is_declaration: false,
                    });
                }
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_symbols_and_their_occurrences_across_files() {
        let mut ws = Workspace::new();
        let (a, _) = ws.set_file("a.flow", "tool hmis \"HMIS\"\n");
        let (b, _) = ws.set_file("b.flow", "flow f: commcare -> hmis\nhmis -> dhis2\n");
        let file = ws.file(b).unwrap();
        let at = file.text.find("hmis").unwrap() + 2;
        let symbol = symbol_at(file, at).unwrap();
        assert_eq!(symbol.name, "hmis");
        assert!(!symbol.is_declaration);
        // The cursor right after the word is still on it.
        let end = file.text.find("hmis").unwrap() + 4;
        assert_eq!(symbol_at(file, end).unwrap().name, "hmis");
        let all = occurrences(&ws, "hmis");
        assert_eq!(all.len(), 3);
        assert_eq!((all[0].file, all[0].is_declaration), (a, true));
        assert!(all[1..].iter().all(|o| o.file == b && !o.is_declaration));
        assert!(token_at(file, 0).is_some());
        assert_eq!(item_at(file, file.text.len() - 1).map(|(i, _)| i), Some(1));
    }
}

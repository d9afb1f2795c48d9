//! Rename: a tool or role everywhere it is written (its declarations and
//! every chain step naming it, in every file), or a flow's name.
//!
//! Decisions:
//! - Only what the workspace declares can be renamed. A catalog tool that no
//!   `tool` declares, and a step that names nothing, are refused with a
//!   message that says what to do instead.
//! - The new name must be an identifier (keywords are not).
//! - A rename must not change what any other name refers to. It is refused
//!   when the new name is already declared (the two would become one
//!   duplicated name), and when it is a catalog tool that steps already use
//!   (those steps would silently start to mean the renamed declaration).
//!   A catalog id that no step uses is accepted: the declaration then
//!   refines that catalog entry, as the language defines. Steps that name
//!   the new name but resolve to nothing are accepted too: they start to
//!   resolve, which fixes their `unknown-reference` errors.
//! - A flow's name is renamed where it is written, on that flow only (flow
//!   names are their own namespace and nothing references them); the new
//!   name must not be another flow's.
//! - A record is renamed everywhere it is written; a field of a record in
//!   its record, in every tool's `keeps` block and on every mapping line
//!   (see [`records`] for the rules that keep mappings meaning the same).

use flowspec_syntax::ast::{Item, ItemKind, Property, PropertyValue};
use flowspec_syntax::lexer::{TokenKind, is_identifier};
use flowspec_syntax::{SmolStr, Span};

mod records;

use super::navigation::{Target, target_at};
use super::{item_at, occurrences, token_at};
use crate::catalog::catalog;
use crate::diagnostic::Edit;
use crate::model::DeclKind;
use crate::{FileData, FileId, Resolution, Workspace};

/// What a rename at a position would rename.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenameTarget {
    pub name: SmolStr,
    /// The name under the cursor.
    pub span: Span,
    pub kind: RenameKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenameKind {
    Tool,
    Role,
    Flow,
    Record,
    /// A field of a record.
    Field,
}

/// Why a rename is refused; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenameError {
    /// The cursor is on nothing that can be renamed.
    NotRenamable(String),
    /// The new name is not a valid name.
    InvalidName(String),
    /// The new name is taken: renaming would change what names mean.
    Conflict(String),
}

impl RenameError {
    pub fn message(&self) -> &str {
        match self {
            RenameError::NotRenamable(m)
            | RenameError::InvalidName(m)
            | RenameError::Conflict(m) => m,
        }
    }
}

const ONLY_NAMES: &str = "only tool, role, flow, record and field names can be renamed";

/// Whether the name at `offset` can be renamed, and which name it is.
pub fn prepare_rename(
    workspace: &Workspace,
    file: FileId,
    offset: usize,
) -> Result<RenameTarget, RenameError> {
    let data = workspace
        .file(file)
        .ok_or_else(|| RenameError::NotRenamable("This file is not in the workspace.".into()))?;
    match target_at(workspace, data, offset) {
        Some(Target::Symbol(symbol)) => {
            let kind = match workspace.resolve(&symbol.name) {
                Resolution::Declared { decl, .. } => match decl.kind {
                    DeclKind::Tool => RenameKind::Tool,
                    DeclKind::Role => RenameKind::Role,
                },
                Resolution::Catalog(entry) => {
                    return Err(RenameError::NotRenamable(format!(
                        "`{}` is a built-in tool of the catalog ({}), not declared in this workspace: declare it with `tool {}` to rename it.",
                        symbol.name, entry.name, symbol.name
                    )));
                }
                Resolution::Unknown => {
                    return Err(RenameError::NotRenamable(format!(
                        "`{0}` is not declared anywhere, so there is nothing to rename: declare it with `tool {0}`, or correct the step.",
                        symbol.name
                    )));
                }
            };
            Ok(RenameTarget {
                name: symbol.name,
                span: symbol.span,
                kind,
            })
        }
        Some(Target::Flow { name, span, .. }) => Ok(RenameTarget {
            name,
            span,
            kind: RenameKind::Flow,
        }),
        Some(target @ (Target::Record { .. } | Target::Field { .. })) => {
            records::prepare(workspace, &target)
        }
        None => Err(RenameError::NotRenamable(why_not(data, offset))),
    }
}

/// Renames the name at `offset` to `new_name`: the edits, per file, in file
/// and source order. No edits when the name does not change.
pub fn rename(
    workspace: &Workspace,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<Vec<(FileId, Edit)>, RenameError> {
    let target = prepare_rename(workspace, file, offset)?;
    let new_name = new_name.trim();
    check_name(new_name)?;
    if new_name == target.name {
        return Ok(Vec::new());
    }
    let edit = |file: FileId, span: Span| {
        (
            file,
            Edit {
                span,
                new_text: new_name.to_string(),
            },
        )
    };
    match target.kind {
        RenameKind::Tool | RenameKind::Role => {
            check_symbol_conflict(workspace, &target.name, new_name)?;
            Ok(occurrences(workspace, &target.name)
                .into_iter()
                .map(|o| edit(o.file, o.span))
                .collect())
        }
        RenameKind::Flow => {
            check_flow_conflict(workspace, &target.name, new_name)?;
            Ok(vec![edit(file, target.span)])
        }
        RenameKind::Record | RenameKind::Field => {
            match workspace
                .file(file)
                .and_then(|d| target_at(workspace, d, offset))
            {
                Some(on) => records::rename(workspace, &on, new_name),
                None => Ok(Vec::new()),
            }
        }
    }
}

pub(super) fn check_name(new_name: &str) -> Result<(), RenameError> {
    if is_identifier(new_name) {
        return Ok(());
    }
    let message = if matches!(new_name, "tool" | "role" | "flow") {
        format!("`{new_name}` is a keyword and cannot be a name.")
    } else if new_name.is_empty() {
        "The new name is empty.".to_string()
    } else {
        format!(
            "`{new_name}` is not a valid name: a name starts with a letter or `_`, then letters, digits and `_`, with single hyphens between them (`google-sheets`)."
        )
    };
    Err(RenameError::InvalidName(message))
}

fn check_symbol_conflict(
    workspace: &Workspace,
    old_name: &str,
    new_name: &str,
) -> Result<(), RenameError> {
    if let Some((other_file, other)) = workspace.declarations(new_name).into_iter().next() {
        let place = workspace
            .file(other_file)
            .map(|f| format!(" in {}", file_name(&f.path)))
            .unwrap_or_default();
        return Err(RenameError::Conflict(format!(
            "`{new_name}` is already declared ({} `{new_name}`{place}): renaming `{old_name}` to it would declare one name twice. Choose another name.",
            other.kind.keyword()
        )));
    }
    if let Some(entry) = catalog().get(new_name) {
        let uses = workspace.use_count(new_name);
        if uses > 0 {
            let steps = if uses == 1 {
                "1 step already uses it".to_string()
            } else {
                format!("{uses} steps already use it")
            };
            return Err(RenameError::Conflict(format!(
                "`{new_name}` is the catalog's {} and {steps}: renaming `{old_name}` to it would make them mean `{old_name}` instead. Choose another name.",
                entry.name
            )));
        }
    }
    Ok(())
}

fn check_flow_conflict(
    workspace: &Workspace,
    old_name: &str,
    new_name: &str,
) -> Result<(), RenameError> {
    for (_, file) in workspace.files() {
        if file
            .model
            .flows
            .iter()
            .any(|f| f.name.as_ref().is_some_and(|n| n.text == new_name))
        {
            return Err(RenameError::Conflict(format!(
                "A flow named `{new_name}` already exists in {}: flow names must be unique across the workspace, so `{old_name}` cannot take it. Choose another name.",
                file_name(&file.path)
            )));
        }
    }
    Ok(())
}

/// The last segment of a path or URI, for messages.
pub(super) fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Why the cursor is on nothing that can be renamed, in words.
fn why_not(file: &FileData, offset: usize) -> String {
    let Some(token) = token_at(file, offset) else {
        return format!("There is nothing to rename here: {ONLY_NAMES}.");
    };
    let text = &file.text[token.span.range()];
    match token.kind {
        TokenKind::Tool | TokenKind::Role | TokenKind::Flow => {
            format!("`{text}` is a keyword: {ONLY_NAMES}.")
        }
        TokenKind::Comment | TokenKind::DocComment => {
            format!("This is a comment: {ONLY_NAMES}.")
        }
        TokenKind::String | TokenKind::UnterminatedString => {
            format!("This is a string: {ONLY_NAMES}.")
        }
        TokenKind::Number => format!("`{text}` is a number: {ONLY_NAMES}."),
        TokenKind::Ident => {
            let is_key = item_at(file, offset)
                .is_some_and(|(_, item)| property_keys(item).any(|k| k == token.span));
            if is_key {
                format!("`{text}` is a property key: {ONLY_NAMES}.")
            } else {
                format!("`{text}` is a value: {ONLY_NAMES}.")
            }
        }
        _ => format!("There is nothing to rename here: {ONLY_NAMES}."),
    }
}

/// The spans of every property key of an item, nested blocks included.
fn property_keys(item: &Item) -> impl Iterator<Item = Span> + '_ {
    let block = match &item.kind {
        ItemKind::Tool(d) | ItemKind::Role(d) | ItemKind::Record(d) => d.block.as_ref(),
        ItemKind::Flow(f) => f.block.as_ref(),
        ItemKind::Error => None,
    };
    block
        .into_iter()
        .flat_map(|b| &b.properties)
        .flat_map(|p: &Property| {
            let nested = match &p.value {
                PropertyValue::Block(b) => b.properties.as_slice(),
                PropertyValue::Keeps(k) => k.block.as_ref().map_or(&[][..], |b| &b.properties),
                _ => &[],
            };
            std::iter::once(p.key.span).chain(nested.iter().map(|n| n.key.span))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(ws: &Workspace, file: FileId, needle: &str) -> usize {
        ws.file(file).unwrap().text.find(needle).unwrap()
    }

    /// Applies the edits and returns every file's new text.
    fn apply(ws: &Workspace, edits: &[(FileId, Edit)]) -> Vec<String> {
        ws.files()
            .map(|(id, f)| {
                let mut text = f.text.to_string();
                let mut mine: Vec<&Edit> = edits
                    .iter()
                    .filter(|(e, _)| *e == id)
                    .map(|(_, e)| e)
                    .collect();
                mine.sort_by_key(|e| std::cmp::Reverse(e.span.start));
                for e in mine {
                    text.replace_range(e.span.range(), &e.new_text);
                }
                text
            })
            .collect()
    }

    fn refused(result: Result<impl std::fmt::Debug, RenameError>) -> String {
        match result {
            Err(e) => e.message().to_string(),
            Ok(v) => panic!("expected a refusal, got {v:?}"),
        }
    }

    #[test]
    fn renames_a_tool_in_every_file() {
        let mut ws = Workspace::new();
        let (tools, _) = ws.set_file("tools.flow", "tool hmis \"HMIS\"\n");
        let (flows, _) = ws.set_file("flows.flow", "flow f: commcare -> hmis\nhmis -> dhis2\n");
        let target = prepare_rename(&ws, flows, at(&ws, flows, "hmis")).unwrap();
        assert_eq!(
            (target.name.as_str(), target.kind),
            ("hmis", RenameKind::Tool)
        );
        let edits = rename(&ws, tools, at(&ws, tools, "hmis"), "moh_hmis").unwrap();
        assert_eq!(edits.len(), 3);
        assert_eq!(
            apply(&ws, &edits),
            [
                "tool moh_hmis \"HMIS\"\n",
                "flow f: commcare -> moh_hmis\nmoh_hmis -> dhis2\n"
            ]
        );
        assert!(
            rename(&ws, tools, at(&ws, tools, "hmis"), "hmis")
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn refuses_what_is_not_a_declared_name() {
        let mut ws = Workspace::new();
        let (f, _) = ws.set_file(
            "a.flow",
            "# notes\ntool t { kind: mis }\nflow f: commcare -> t -> nowhere monthly ~5 forms/day { data: \"x\" transform { a: \"b\" } }\n",
        );
        let why = |needle: &str| refused(prepare_rename(&ws, f, at(&ws, f, needle) + 1));
        assert!(
            why("commcare").contains("built-in tool of the catalog (CommCare)"),
            "{}",
            why("commcare")
        );
        assert!(why("commcare").contains("`tool commcare`"));
        assert!(why("nowhere").contains("not declared anywhere"));
        assert!(why("tool").contains("`tool` is a keyword"));
        assert!(why("flow").contains("`flow` is a keyword"));
        assert!(why("notes").contains("comment"));
        assert!(why("kind").contains("`kind` is a property key"));
        assert!(why("data").contains("`data` is a property key"));
        let nested = refused(prepare_rename(&ws, f, at(&ws, f, "a: \"b\"")));
        assert!(nested.contains("`a` is a property key"), "{nested}");
        assert!(why("mis").contains("`mis` is a value"));
        assert!(why("monthly").contains("`monthly` is a value"));
        assert!(why("\"x\"").contains("string"));
        assert!(why("5").contains("`5` is a number"));
        assert_eq!(
            prepare_rename(&ws, f, at(&ws, f, "f:")).unwrap().kind,
            RenameKind::Flow
        );
        assert_eq!(
            prepare_rename(&ws, f, at(&ws, f, "t ->")).unwrap().kind,
            RenameKind::Tool
        );
    }

    #[test]
    fn rejects_invalid_names_and_conflicts() {
        let mut ws = Workspace::new();
        let (a, _) = ws.set_file(
            "a.flow",
            "tool hmis\nrole clerk\nflow f: hmis -> clerk -> dhis2\nflow g: hmis -> excel\n",
        );
        let on = at(&ws, a, "hmis");
        for bad in ["", "2x", "a b", "tool", "flow", "école", "a--b", "-a"] {
            assert!(
                matches!(rename(&ws, a, on, bad), Err(RenameError::InvalidName(_))),
                "{bad:?}"
            );
        }
        assert!(refused(rename(&ws, a, on, "tool")).contains("keyword"));
        let clash = refused(rename(&ws, a, on, "clerk"));
        assert!(
            clash.contains("already declared (role `clerk` in a.flow)"),
            "{clash}"
        );
        let used = refused(rename(&ws, a, on, "dhis2"));
        assert!(
            used.contains("catalog's DHIS2 and 1 step already uses it"),
            "{used}"
        );
        // A catalog id no step uses: the declaration refines it.
        assert_eq!(rename(&ws, a, on, "openmrs").unwrap().len(), 3);
        // Flows: the new name must be free among flows, not among tools.
        let f = at(&ws, a, "f:");
        assert!(
            refused(rename(&ws, a, f, "g")).contains("A flow named `g` already exists in a.flow")
        );
        let edits = rename(&ws, a, f, "hmis").unwrap();
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].1.span, Span::new(f, f + 1));
    }

    #[test]
    fn unknown_steps_of_the_new_name_start_to_resolve() {
        let mut ws = Workspace::new();
        let (a, _) = ws.set_file("a.flow", "tool hmis_old\nflow f: hmis_old -> hmis\n");
        let edits = rename(&ws, a, at(&ws, a, "hmis_old"), "hmis").unwrap();
        assert_eq!(apply(&ws, &edits), ["tool hmis\nflow f: hmis -> hmis\n"]);
    }
}

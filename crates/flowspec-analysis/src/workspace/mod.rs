//! The workspace: every file's parse and model, and an index of names
//! across files, kept up to date one file at a time.
//!
//! Changing a file re-parses and re-lowers that file only, then patches the
//! index with the names it adds or drops. Workspace-wide diagnostics are
//! derived on demand from the index (hash lookups, no parsing), and each
//! change says which other files' diagnostics it may have changed.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use flowspec_syntax::ast::SourceFile;
use flowspec_syntax::{LineIndex, SmolStr, Span};

use crate::catalog::{CatalogEntry, catalog};
use crate::diagnostic::{Code, Diagnostic, Fix, SeverityConfig};
use crate::lower::{Previous, lower, lower_edited};
use crate::model::{DeclInfo, DeclKind, FileModel};
use crate::path_order::path_order;
use crate::records::{KeptRecord, RecordInfo};
use crate::suggest::{did_you_mean, hint};

mod index;
use index::{Changed, Contribution, Index};

/// How an edit made a version of a file from the one before it: the text
/// before `before`, and from `after` on, holds what the old version held
/// there, the same items (the latter moved by `delta` bytes). An answer
/// about the old version can be kept for those parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edit {
    /// The version it was made from.
    pub from: u64,
    /// Where the last item kept in place ends (0: none was).
    pub before: u32,
    /// Where the first item kept at the end starts (the text's end: none
    /// was).
    pub after: u32,
    /// How far that end moved: the text's change in length.
    pub delta: i64,
}

impl Edit {
    fn of(
        from: u64,
        tree: &SourceFile,
        origins: &flowspec_syntax::Origins,
        text: &str,
        old_len: usize,
    ) -> Edit {
        let items = &tree.items;
        Edit {
            from,
            before: origins
                .before
                .checked_sub(1)
                .map_or(0, |last| items[last].span.end),
            after: match origins.after {
                0 => text.len() as u32,
                n => items[items.len() - n].span.start,
            },
            delta: text.len() as i64 - old_len as i64,
        }
    }
}

/// Numbers each version of a file.
fn next_version() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// A file's number in its workspace; stable while the file is in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// One file: its text and everything derived from it.
#[derive(Debug)]
pub struct FileData {
    /// The key the file was added under (a path or a URI).
    pub path: String,
    pub text: Arc<str>,
    pub tree: SourceFile,
    pub lines: LineIndex,
    pub model: FileModel,
    /// The names it contributes to the workspace's index.
    names: Contribution,
    /// This version's number, unique in the process.
    pub version: u64,
    /// How it was made from the version before, when an edit made it.
    pub edit: Option<Edit>,
    /// False for a file that could not be read as text: its tree is empty,
    /// not the parse of `text`, so an edit must parse afresh.
    parsed: bool,
}

impl FileData {
    /// Where the text at `span` of this version stood in the version the
    /// last edit made it from, when its lines and columns are what they
    /// were there (an answer in positions about it can be kept): before
    /// the edit; or after it, when the edit left the number of lines as it
    /// was (`old_line_count`: the old version's) and the span's first line
    /// starts in the text the edit kept. `None` elsewhere, or without an
    /// edit.
    pub fn unmoved(&self, span: Span, old_line_count: usize) -> Option<Span> {
        let edit = self.edit?;
        if span.end <= edit.before {
            return Some(span);
        }
        let line = self.lines.line_of(span.start as usize) as usize;
        if span.start < edit.after
            || old_line_count != self.lines.line_count()
            || self.lines.line_starts()[line] < edit.after
        {
            return None;
        }
        let old = |at: u32| (i64::from(at) - edit.delta) as usize;
        Some(Span::new(old(span.start), old(span.end)))
    }

    fn new(id: FileId, path: String, text: Arc<str>) -> FileData {
        FileData::from_tree(id, path, flowspec_syntax::parse(&text), text)
    }

    /// The file after an edit: only the segments the edit touched are
    /// parsed again, and only the items in them lowered again; the rest is
    /// copied from `old`, which others still read.
    fn edited(id: FileId, path: String, text: Arc<str>, old: &FileData) -> FileData {
        let previous = Previous::borrowing(&old.tree, &old.model);
        let (tree, origins) =
            flowspec_syntax::reparse_with_origins(&text, &old.text, Cow::Borrowed(&old.tree));
        let model = lower_edited(id, &text, &tree, previous, &origins.items);
        let lines = LineIndex::edited(&old.lines, &old.text, &text);
        let edit = Edit::of(old.version, &tree, &origins, &text, old.text.len());
        FileData::with_model(path, tree, model, lines, text).edited_by(edit)
    }

    /// The same, when nobody else holds `old`: what is reused is moved out
    /// of it rather than copied (and so is not freed either). Returns the
    /// names the old version contributed.
    fn edited_owned(
        id: FileId,
        path: String,
        text: Arc<str>,
        old: FileData,
    ) -> (FileData, Contribution) {
        let FileData {
            text: old_text,
            mut tree,
            lines,
            model,
            names,
            version,
            ..
        } = old;
        let previous = Previous::of(&mut tree, Cow::Owned(model));
        let (tree, origins) =
            flowspec_syntax::reparse_with_origins(&text, &old_text, Cow::Owned(tree));
        let model = lower_edited(id, &text, &tree, previous, &origins.items);
        let lines = LineIndex::edited(&lines, &old_text, &text);
        let edit = Edit::of(version, &tree, &origins, &text, old_text.len());
        let data = FileData::with_model(path, tree, model, lines, text).edited_by(edit);
        (data, names)
    }

    fn from_tree(id: FileId, path: String, tree: SourceFile, text: Arc<str>) -> FileData {
        let model = lower(id, &text, &tree);
        let lines = LineIndex::new(&text);
        FileData::with_model(path, tree, model, lines, text)
    }

    fn with_model(
        path: String,
        tree: SourceFile,
        model: FileModel,
        lines: LineIndex,
        text: Arc<str>,
    ) -> FileData {
        FileData {
            path,
            text,
            tree,
            lines,
            names: Contribution::of(&model),
            model,
            version: next_version(),
            edit: None,
            parsed: true,
        }
    }

    fn edited_by(mut self, edit: Edit) -> FileData {
        self.edit = Some(edit);
        self
    }

    /// A file that could not be read as text: no parse, one error on the
    /// character at byte `at` of `text`, what can be shown of the file.
    fn unreadable(path: String, text: Arc<str>, at: usize, message: String) -> FileData {
        let at = if text.is_char_boundary(at) { at } else { 0 };
        let width = text[at..].chars().next().map_or(0, char::len_utf8);
        let at = Span::new(at, at + width);
        let mut model = FileModel::default();
        model
            .diagnostics
            .push(Diagnostic::new(Code::Syntax, at, message));
        model.diagnostic_items.push(u32::MAX);
        FileData {
            path,
            lines: LineIndex::new(&text),
            text,
            tree: flowspec_syntax::parse(""),
            names: Contribution::of(&model),
            model,
            version: next_version(),
            edit: None,
            parsed: false,
        }
    }
}

/// The version of a file being replaced, for the names it contributed.
enum Before {
    File(Option<Arc<FileData>>),
    /// Its names alone: the rest moved into the new version.
    Names(Box<Contribution>),
}

/// What a chain step names.
#[derive(Debug, Clone, Copy)]
pub enum Resolution<'a> {
    /// A `tool` or `role` declaration (the first, if there are several).
    Declared {
        file: FileId,
        decl: &'a DeclInfo,
        /// The catalog entry the declaration refines, if any.
        catalog: Option<&'a CatalogEntry>,
    },
    Catalog(&'a CatalogEntry),
    Unknown,
}

/// Cloning is cheap (a language server answers requests from a clone, a
/// snapshot, while it applies the next edit): files are shared, and the
/// id table and the index are copied only when one is changed while a clone
/// still holds them.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    files: Vec<Option<Arc<FileData>>>,
    ids: Arc<HashMap<String, FileId>>,
    index: Arc<Index>,
    /// Counts the changes of the index: what a name means stays the same
    /// while it does.
    names_epoch: u64,
    config: SeverityConfig,
    profile: crate::discovery::Profile,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Changes whenever a file adds, drops or changes a name (a
    /// declaration, a flow, a record): an answer that depends on what names
    /// mean (semantic tokens) can be kept while it does not.
    pub fn names_epoch(&self) -> u64 {
        self.names_epoch
    }

    pub fn set_config(&mut self, config: SeverityConfig) {
        self.config = config;
    }

    pub fn config(&self) -> &SeverityConfig {
        &self.config
    }

    /// Which checks run: the `discovery` profile adds the discovery
    /// checklists' (off by default).
    pub fn set_profile(&mut self, profile: crate::discovery::Profile) {
        self.profile = profile;
    }

    pub fn profile(&self) -> crate::discovery::Profile {
        self.profile
    }

    /// Adds or replaces a file. Returns its id and every file whose
    /// diagnostics may have changed (the file itself included).
    pub fn set_file(&mut self, path: &str, text: impl Into<Arc<str>>) -> (FileId, Vec<FileId>) {
        let id = self.id_for(path);
        let text = text.into();
        let path = path.to_string();
        let (data, before) = match self.files[id.0 as usize].take() {
            Some(old) if old.parsed => match Arc::try_unwrap(old) {
                // No request is reading the old version: its parts move
                // into the new one.
                Ok(old) => {
                    let (data, names) = FileData::edited_owned(id, path, text, old);
                    (data, Before::Names(Box::new(names)))
                }
                Err(old) => (
                    FileData::edited(id, path, text, &old),
                    Before::File(Some(old)),
                ),
            },
            old => (FileData::new(id, path, text), Before::File(old)),
        };
        let affected = self.install(id, Some(data), before, true);
        (id, affected)
    }

    /// Adds or replaces a file that could not be read (too large, say): one
    /// error at its start.
    pub fn set_unreadable(&mut self, path: &str, message: String) -> (FileId, Vec<FileId>) {
        self.set_unreadable_at(path, Arc::from(""), 0, message)
    }

    /// Adds or replaces a file that could not be read as text, with what can
    /// be shown of it; the error is on the character at byte `at` of that.
    pub fn set_unreadable_at(
        &mut self,
        path: &str,
        shown: Arc<str>,
        at: usize,
        message: String,
    ) -> (FileId, Vec<FileId>) {
        let id = self.id_for(path);
        let data = FileData::unreadable(path.to_string(), shown, at, message);
        let affected = self.replace(id, Some(data), true);
        (id, affected)
    }

    /// Adds many files at once, parsing them on every core. Returns their ids
    /// in order.
    pub fn set_files(&mut self, files: Vec<(String, Arc<str>)>) -> Vec<FileId> {
        let ids: Vec<FileId> = files.iter().map(|(p, _)| self.id_for(p)).collect();
        let jobs: Vec<(FileId, String, Arc<str>)> = ids
            .iter()
            .zip(files)
            .map(|(id, (path, text))| (*id, path, text))
            .collect();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = jobs.len().div_ceil(threads).max(1);
        let parsed: Vec<FileData> = std::thread::scope(|scope| {
            let handles: Vec<_> = jobs
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || {
                        part.iter()
                            .map(|(id, path, text)| FileData::new(*id, path.clone(), text.clone()))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("parsing never panics"))
                .collect()
        });
        for (id, data) in ids.iter().zip(parsed) {
            self.replace(*id, Some(data), false);
        }
        ids
    }

    /// Removes a file. Returns the files whose diagnostics may have changed.
    pub fn remove_file(&mut self, path: &str) -> Vec<FileId> {
        match Arc::make_mut(&mut self.ids).remove(path) {
            Some(id) => {
                let mut affected = self.replace(id, None, true);
                affected.retain(|f| *f != id);
                affected
            }
            None => Vec::new(),
        }
    }

    fn id_for(&mut self, path: &str) -> FileId {
        if let Some(id) = self.ids.get(path) {
            return *id;
        }
        let id = FileId(self.files.len() as u32);
        self.files.push(None);
        Arc::make_mut(&mut self.ids).insert(path.to_string(), id);
        id
    }

    /// Swaps a file's data and patches the index; returns the affected files
    /// (when asked: a bulk load has no use for them).
    fn replace(&mut self, id: FileId, data: Option<FileData>, affected: bool) -> Vec<FileId> {
        let old = self.files[id.0 as usize].take();
        self.install(id, data, Before::File(old), affected)
    }

    /// [`Workspace::replace`], the old version's names given.
    fn install(
        &mut self,
        id: FileId,
        data: Option<FileData>,
        before: Before,
        affected: bool,
    ) -> Vec<FileId> {
        self.files[id.0 as usize] = data.map(Arc::new);
        let none = Contribution::default();
        let before = match &before {
            Before::File(old) => old.as_ref().map_or(&none, |f| &f.names),
            Before::Names(names) => names,
        };
        let after = self.files[id.0 as usize]
            .as_ref()
            .map_or(&none, |f| &f.names);
        // Typing inside a value changes no name: the index stays as it is.
        let changed = if before == after {
            Changed::default()
        } else {
            self.names_epoch += 1;
            let changed = Changed::between(before, after);
            let index = Arc::make_mut(&mut self.index);
            index.remove(id, before);
            index.add(id, after);
            changed
        };
        if !affected {
            return Vec::new();
        }
        self.affected(id, after, &changed)
    }

    /// The files whose diagnostics a change of file `id` may have changed:
    /// itself, and those that share a changed name with it.
    fn affected(&self, id: FileId, new: &Contribution, changed: &Changed) -> Vec<FileId> {
        let mut affected: BTreeSet<FileId> = BTreeSet::new();
        affected.insert(id);
        for name in &changed.decl_names {
            affected.extend(self.referencing_files(name));
            affected.extend(self.declaring_files(name));
        }
        for name in &changed.used_names {
            affected.extend(self.declaring_files(name));
        }
        for name in &changed.record_names {
            affected.extend(self.files_using_record(name));
            if let Some(entries) = self.index.records.get(name) {
                affected.extend(entries.iter().map(|(f, _)| *f));
            }
            if let Some(entries) = self.index.keepers.get(name) {
                affected.extend(entries.iter().map(|(f, _, _)| *f));
            }
        }
        if !changed.record_names.is_empty() {
            // "Did you mean" for unknown records depends on every record name.
            for (name, per_file) in &self.index.record_refs {
                if self.record(name).is_none() {
                    affected.extend(per_file.keys());
                }
            }
        }
        for name in &changed.kinds_changed {
            // A tool's kind decides the personal-data check of flows through it.
            affected.extend(self.referencing_files(name));
        }
        for name in &changed.flow_names {
            if let Some(entries) = self.index.flows.get(name) {
                affected.extend(entries.iter().map(|(f, _)| *f));
            }
        }
        // Duplicates point at each other: when this file's text moves, so do
        // the related locations in the other declarations' diagnostics.
        for (name, _, _) in &new.decls {
            if let Some(entries) = self.index.decls.get(name)
                && entries.iter().any(|(f, _)| *f != id)
            {
                affected.extend(entries.iter().map(|(f, _)| *f));
            }
        }
        for (name, _) in &new.flows {
            if let Some(entries) = self.index.flows.get(name)
                && entries.iter().any(|(f, _)| *f != id)
            {
                affected.extend(entries.iter().map(|(f, _)| *f));
            }
        }
        if !changed.decl_names.is_empty() {
            // "Did you mean" for unknown steps depends on every declared name.
            for (name, per_file) in &self.index.refs {
                if matches!(self.resolve(name), Resolution::Unknown) {
                    affected.extend(per_file.keys());
                }
            }
        }
        affected.retain(|f| self.files.get(f.0 as usize).is_some_and(Option::is_some) || *f == id);
        affected.into_iter().collect()
    }

    fn files_using_record(&self, name: &str) -> impl Iterator<Item = FileId> + '_ {
        self.index
            .record_refs
            .get(name)
            .into_iter()
            .flat_map(|m| m.keys().copied())
    }

    /// The record of that name (the first declared, if there are several).
    pub fn record(&self, name: &str) -> Option<(FileId, &RecordInfo)> {
        let (file, index) = self.index.records.get(name)?.first()?;
        Some((*file, self.file(*file)?.model.records.get(*index)?))
    }

    /// Every declaration of a record name.
    pub fn records_named(&self, name: &str) -> Vec<(FileId, &RecordInfo)> {
        self.index
            .records
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|(f, i)| Some((*f, self.file(*f)?.model.records.get(*i)?)))
            .collect()
    }

    /// Every declared record name.
    pub fn record_names(&self) -> impl Iterator<Item = &str> {
        self.index.records.keys().map(SmolStr::as_str)
    }

    /// The tools that own (`owns`) a record: the systems of record.
    pub fn owners(&self, name: &str) -> Vec<(FileId, &DeclInfo, &KeptRecord)> {
        let mut all = self.keepers(name);
        all.retain(|(_, _, k)| k.owns);
        all
    }

    /// The tools that say how they keep a record (`keeps` or `owns`).
    pub fn keepers(&self, name: &str) -> Vec<(FileId, &DeclInfo, &KeptRecord)> {
        self.index
            .keepers
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|(f, d, k)| {
                let decl = self.file(*f)?.model.decls.get(*d)?;
                Some((*f, decl, decl.keeps.get(*k)?))
            })
            .collect()
    }

    /// Files that name a record (in `data:`, a field's type or `keeps`).
    pub fn files_using_record_sorted(&self, name: &str) -> Vec<FileId> {
        let mut files: Vec<FileId> = self.files_using_record(name).collect();
        files.sort();
        files
    }

    fn referencing_files(&self, name: &str) -> impl Iterator<Item = FileId> + '_ {
        self.index
            .refs
            .get(name)
            .into_iter()
            .flat_map(|m| m.keys().copied())
    }

    fn declaring_files(&self, name: &str) -> impl Iterator<Item = FileId> + '_ {
        self.index
            .decls
            .get(name)
            .into_iter()
            .flat_map(|v| v.iter().map(|(f, _)| *f))
    }

    pub fn file(&self, id: FileId) -> Option<&Arc<FileData>> {
        self.files.get(id.0 as usize)?.as_ref()
    }

    pub fn file_id(&self, path: &str) -> Option<FileId> {
        self.ids
            .get(path)
            .copied()
            .filter(|id| self.file(*id).is_some())
    }

    /// Every file, in the order they were added.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &Arc<FileData>)> {
        self.files
            .iter()
            .enumerate()
            .filter_map(|(i, f)| Some((FileId(i as u32), f.as_ref()?)))
    }

    pub fn file_count(&self) -> usize {
        self.files.iter().filter(|f| f.is_some()).count()
    }

    /// What a step name refers to: a declaration wins over the catalog.
    pub fn resolve(&self, name: &str) -> Resolution<'_> {
        if let Some((file, decl)) = self.first_declaration(name) {
            return Resolution::Declared {
                file,
                decl,
                catalog: catalog().get(name),
            };
        }
        match catalog().get(name) {
            Some(entry) => Resolution::Catalog(entry),
            None => Resolution::Unknown,
        }
    }

    /// The declaration a name means when it is declared more than once:
    /// the first in the first file by path (see [`path_order`](crate::path_order)), not the
    /// first file read, so that it never depends on the order files came
    /// in (the server's history, against `flowspec check`'s sorted load).
    fn first_declaration(&self, name: &str) -> Option<(FileId, &DeclInfo)> {
        let entries = self.index.decls.get(name)?;
        let decl = |(f, i): &(FileId, usize)| Some((*f, self.file(*f)?.model.decls.get(*i)?));
        match entries.as_slice() {
            [one] => decl(one),
            many => many
                .iter()
                .filter_map(|e| Some((self.file(e.0)?, e.1, e)))
                .min_by(|a, b| {
                    path_order(&a.0.path)
                        .cmp(&path_order(&b.0.path))
                        .then(a.1.cmp(&b.1))
                })
                .and_then(|(_, _, e)| decl(e)),
        }
    }

    /// Every declaration of a tool or role name, in the order of
    /// [`Workspace::first_declaration`]: the first is the one the name means.
    pub fn declarations(&self, name: &str) -> Vec<(FileId, &DeclInfo)> {
        let mut all: Vec<(FileId, usize, &DeclInfo)> = self
            .index
            .decls
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|(f, i)| Some((*f, *i, self.file(*f)?.model.decls.get(*i)?)))
            .collect();
        if all.len() > 1 {
            all.sort_by_cached_key(|(f, i, _)| {
                let path = self.file(*f).map_or("", |d| d.path.as_str());
                (path_order(path).into_owned(), *i)
            });
        }
        all.into_iter().map(|(f, _, d)| (f, d)).collect()
    }

    /// How many chain steps, in all files, name `name`.
    pub fn use_count(&self, name: &str) -> u32 {
        self.index.refs.get(name).map_or(0, |m| m.values().sum())
    }

    /// Files whose chains name `name`.
    pub fn files_using(&self, name: &str) -> Vec<FileId> {
        let mut files: Vec<FileId> = self.referencing_files(name).collect();
        files.sort();
        files
    }

    /// Every declared tool and role name.
    pub fn declared_names(&self) -> impl Iterator<Item = &str> {
        self.index.decls.keys().map(SmolStr::as_str)
    }

    /// All diagnostics of one file, local and workspace-wide, with the
    /// severity settings applied, in source order.
    pub fn diagnostics(&self, id: FileId) -> Vec<Diagnostic> {
        let Some(file) = self.file(id) else {
            return Vec::new();
        };
        let mut out = file.model.diagnostics.clone();
        self.reference_diagnostics(file, &mut out);
        self.declaration_diagnostics(id, file, &mut out);
        crate::records::check::record_diagnostics(self, id, file, &mut out);
        crate::discovery::check::value_diagnostics(self, file, &mut out);
        if self.profile == crate::discovery::Profile::Discovery {
            crate::discovery::check::discovery_diagnostics(self, id, file, &mut out);
        }
        out.retain_mut(|d| match self.config.severity(d.code) {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        });
        out.sort_by_key(|d| (d.span.start, d.span.end, d.code));
        out
    }

    fn reference_diagnostics(&self, file: &FileData, out: &mut Vec<Diagnostic>) {
        for flow in &file.model.flows {
            for step in &flow.steps {
                match self.resolve(&step.text) {
                    Resolution::Declared { decl, .. } if decl.kind == DeclKind::Role => {
                        let who = decl.display_name.as_deref().unwrap_or(&step.text);
                        out.push(Diagnostic::new(
                            Code::ManualStep,
                            step.span,
                            format!(
                                "manual step: a person ({who}) moves the data here, a candidate for automation"
                            ),
                        ));
                    }
                    Resolution::Declared { .. } | Resolution::Catalog(_) => {}
                    Resolution::Unknown => {
                        out.push(self.unknown_reference(step.text.as_str(), step.span))
                    }
                }
            }
        }
    }

    fn unknown_reference(&self, name: &str, span: Span) -> Diagnostic {
        let candidates = self.declared_names().chain(catalog().names());
        let best = did_you_mean(name, candidates);
        let mut d = Diagnostic::new(
            Code::UnknownReference,
            span,
            format!(
                "`{name}` is not a declared tool or role, nor a tool Flowspec knows: declare it with `tool {name} \"Display name\"`.{}",
                hint(best)
            ),
        );
        if let Some(best) = best {
            d.fixes
                .push(Fix::replace(span, best, format!("Change to `{best}`")));
        }
        d
    }

    fn declaration_diagnostics(&self, id: FileId, file: &FileData, out: &mut Vec<Diagnostic>) {
        for decl in &file.model.decls {
            let name = decl.name.text.as_str();
            let all = self.declarations(name);
            if all.len() > 1 {
                let mut d = Diagnostic::new(
                    Code::DuplicateDeclaration,
                    decl.name.span,
                    format!(
                        "`{name}` is declared {} times; tools and roles share one namespace across the workspace, so keep one",
                        all.len()
                    ),
                );
                for (other_file, other) in all {
                    if other_file == id && other.name.span == decl.name.span {
                        continue;
                    }
                    d = d.with_related(
                        other_file,
                        other.name.span,
                        format!("`{name}` is also declared here"),
                    );
                }
                out.push(d);
            }
            if self.use_count(name) == 0 {
                out.push(Diagnostic::new(
                    Code::UnusedDeclaration,
                    decl.name.span,
                    format!(
                        "{} `{name}` is declared but no flow uses it",
                        decl.kind.keyword()
                    ),
                ));
            }
        }
        for flow in &file.model.flows {
            let Some(name) = &flow.name else { continue };
            let Some(all) = self.index.flows.get(&name.text) else {
                continue;
            };
            if all.len() > 1 {
                let mut d = Diagnostic::new(
                    Code::DuplicateDeclaration,
                    name.span,
                    format!(
                        "flow `{}` is declared {} times; flow names must be unique across the workspace",
                        name.text,
                        all.len()
                    ),
                );
                for (other_file, i) in all {
                    let Some(other) = self.file(*other_file).and_then(|f| f.model.flows.get(*i))
                    else {
                        continue;
                    };
                    let Some(other_name) = &other.name else {
                        continue;
                    };
                    if *other_file == id && other_name.span == name.span {
                        continue;
                    }
                    d = d.with_related(
                        *other_file,
                        other_name.span,
                        format!("flow `{}` is also declared here", name.text),
                    );
                }
                out.push(d);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text before an edit keeps its place; text after it keeps its lines
    /// and columns only when the edit added no line and it starts a line
    /// of its own; text in the edit is not the old text's.
    #[test]
    fn text_the_edit_left_where_it_was() {
        let text = "tool a\nflow f: a -> b\ntool c\ntool d tool e\n";
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let lines = ws.file(id).unwrap().lines.line_count();
        let at = |text: &str, word: &str| {
            let start = text.find(word).unwrap();
            Span::new(start, start + word.len())
        };
        // A letter typed in the flow: one byte more after it, lines kept.
        let next = text.replace("-> b", "-> bx");
        ws.set_file("a.flow", next.as_str());
        let file = ws.file(id).unwrap();
        assert_eq!(
            file.unmoved(at(&next, "tool a"), lines),
            Some(at(text, "tool a"))
        );
        assert_eq!(
            file.unmoved(at(&next, "tool c"), lines),
            Some(at(text, "tool c"))
        );
        assert_eq!(
            file.unmoved(at(&next, "tool e"), lines),
            Some(at(text, "tool e"))
        );
        assert_eq!(file.unmoved(at(&next, "flow f"), lines), None);
        // The same with a line break typed: after it, lines moved.
        let broken = text.replace("-> b", "->\n b");
        ws.set_file("a.flow", text);
        ws.set_file("a.flow", broken.as_str());
        let file = ws.file(id).unwrap();
        assert_eq!(
            file.unmoved(at(&broken, "tool a"), lines),
            Some(at(text, "tool a"))
        );
        assert_eq!(file.unmoved(at(&broken, "tool c"), lines), None);
        // A letter typed in `tool d`: `tool e`, on its line, moved columns.
        let typed = text.replace("tool d", "tool dx");
        ws.set_file("a.flow", text);
        ws.set_file("a.flow", typed.as_str());
        let file = ws.file(id).unwrap();
        assert_eq!(
            file.unmoved(at(&typed, "tool c"), lines),
            Some(at(text, "tool c"))
        );
        assert_eq!(file.unmoved(at(&typed, "tool e"), lines), None);
    }
}

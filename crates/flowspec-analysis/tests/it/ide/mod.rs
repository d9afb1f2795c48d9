//! Every IDE feature of `flowspec_analysis::ide` (and formatting and
//! diagnostics, which the editor shows too), tested in process: no server,
//! no protocol, no encoding. One module per feature, each with a
//! `check(fixture, expect)` that asks the feature at the fixture's `$0`
//! (or of the whole file) and draws the answer under the source with the
//! fixture crate's `annotate`, as the protocol tests draw theirs.
//!
//! Fixtures are `flowspec_test_fixture::Fixture`s: files after `//- path`
//! lines (one `test.flow` without any), cursors `$0` … `$9`. Cases cover
//! accents, Amharic (ሰላም) and emoji, several files, broken input and
//! `\r\n` line endings. What only the protocol shows (positions in UTF-16
//! or UTF-8, client capabilities, sync) is in `crates/flowspec/tests/it`.

mod code_actions;
mod code_lens;
mod completion;
mod diagnostics;
mod discovery;
mod folding;
mod formatting;
mod hover;
mod inlay_hints;
mod navigation;
mod record_names;
mod records;
mod rename;
mod selection;
mod semantic_tokens;
mod symbols;
mod vocabulary;

use std::ops::Range;

use flowspec_analysis::diagnostic::Edit;
use flowspec_analysis::syntax::Span;
use flowspec_analysis::{FileData, FileId, Workspace};
use flowspec_test_fixture::{Fixture, Mark, annotate_files};

/// A workspace made of a fixture's files, in the fixture's order.
pub struct Db {
    pub ws: Workspace,
    pub fixture: Fixture,
}

impl Db {
    pub fn new(source: &str) -> Db {
        let fixture = Fixture::parse(source);
        let mut ws = Workspace::new();
        for (path, text) in &fixture.files {
            ws.set_file(path, text.as_str());
        }
        Db { ws, fixture }
    }

    pub fn id(&self, path: &str) -> FileId {
        self.ws
            .file_id(path)
            .unwrap_or_else(|| panic!("no file {path}"))
    }

    pub fn file(&self, path: &str) -> &FileData {
        self.ws.file(self.id(path)).unwrap()
    }

    pub fn path(&self, id: FileId) -> String {
        self.ws.file(id).unwrap().path.clone()
    }

    /// The file and offset of a marker.
    pub fn at(&self, marker: &str) -> (FileId, usize) {
        let (path, offset) = self.fixture.marker(marker);
        (self.id(&path), offset)
    }

    /// The file and offset of `$0`.
    pub fn cursor(&self) -> (FileId, usize) {
        self.at("$0")
    }

    /// A mark on a file's span.
    pub fn mark(&self, file: FileId, span: Span, label: impl Into<String>) -> Mark {
        (self.path(file), range(span), label.into())
    }

    /// Every file, with the marks under their lines.
    pub fn annotate(&self, marks: &[Mark]) -> String {
        annotate_files(&self.fixture.files, marks)
    }

    /// Every file after the edits (their spans of the file's text):
    /// `(path, text, edited)`.
    pub fn edited(&self, edits: &[(FileId, Edit)]) -> Vec<(String, String, bool)> {
        self.fixture
            .files
            .iter()
            .map(|(path, text)| {
                let id = self.id(path);
                let mine: Vec<&Edit> = edits
                    .iter()
                    .filter(|(f, _)| *f == id)
                    .map(|(_, e)| e)
                    .collect();
                (path.clone(), apply(text, &mine), !mine.is_empty())
            })
            .collect()
    }

    /// Every file after the edits, each after a `//- path (edited)` or
    /// `(unchanged)` line, carriage returns shown (see [`visible`]).
    pub fn apply(&self, edits: &[(FileId, Edit)]) -> String {
        let mut out = String::new();
        for (path, text, edited) in self.edited(edits) {
            let state = if edited { "edited" } else { "unchanged" };
            out.push_str(&format!("//- {path} ({state})\n{}", visible(&text)));
        }
        out
    }
}

/// A text with each `\r` shown as `␍` (a snapshot in a Rust source cannot
/// hold a carriage return: formatting the source would drop it).
pub fn visible(text: &str) -> String {
    text.replace('\r', "␍")
}

pub fn range(span: Span) -> Range<usize> {
    span.start as usize..span.end as usize
}

/// A text after edits whose spans are all of the text (applied last
/// first; overlapping edits fail the test).
pub fn apply(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    for pair in sorted.windows(2) {
        assert!(
            pair[1].span.end <= pair[0].span.start,
            "overlapping edits: {pair:?}"
        );
    }
    let mut text = text.to_string();
    for e in sorted {
        text.replace_range(range(e.span), &e.new_text);
    }
    text
}

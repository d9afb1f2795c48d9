//! The properties, one function per fuzz target.

use flowspec_analysis::format::{FormatError, format as format_text};
use flowspec_analysis::ide::folding::folding_ranges;
use flowspec_analysis::ide::semantic_tokens::semantic_tokens;
use flowspec_analysis::ide::symbols::{DocumentSymbol, document_symbols};
use flowspec_analysis::records::Format as DateFormat;
use flowspec_analysis::syntax::lexer::{TokenKind, lex};
use flowspec_analysis::syntax::line_index::{Cursor, Encoding};
use flowspec_analysis::syntax::{LineIndex, Span};
use flowspec_analysis::values::Cron;
use flowspec_analysis::{Code, Workspace};
use flowspec_lsp::document::Document;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::edits::text_and_edits;
use crate::text_of;

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

#[track_caller]
fn check_span(text: &str, span: Span, what: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "{what}: {start}..{end} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: {start}..{end} not on character boundaries"
    );
}

fn check_symbols(text: &str, symbols: &[DocumentSymbol]) {
    for s in symbols {
        check_span(text, s.span, "a symbol");
        check_span(text, s.focus, "a symbol's name");
        assert!(
            s.span.start <= s.focus.start && s.focus.end <= s.span.end,
            "a symbol's name {:?} outside the symbol {:?}",
            s.focus,
            s.span
        );
        check_symbols(text, &s.children);
    }
}

/// Analyses `text` as one file and checks every span the editor is given.
pub(crate) fn analyse_and_check(text: &str) {
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("fuzz.flow", text);
    let file = ws.file(id).expect("the file just set");
    for e in &file.tree.errors {
        check_span(text, e.span, "a syntax error");
    }
    let index = LineIndex::new(text);
    for d in ws.diagnostics(id) {
        check_span(text, d.span, "a diagnostic");
        let _ = index.line_col(text, d.span.end as usize, Encoding::Utf16);
        for fix in &d.fixes {
            for edit in &fix.edits {
                check_span(text, edit.span, "a fix's edit");
            }
        }
        for related in d.related.iter().filter(|r| r.file == id) {
            check_span(text, related.span, "related information");
        }
    }
    let mut last_end = 0;
    for t in semantic_tokens(&ws, file) {
        check_span(text, t.span, "a semantic token");
        assert!(
            t.span.start >= last_end,
            "semantic tokens overlap or are out of order at {:?}",
            t.span
        );
        last_end = t.span.end;
    }
    check_symbols(text, &document_symbols(file));
    for fold in folding_ranges(file) {
        check_span(text, fold.span, "a folding range");
    }
}

/// Any bytes parse and analyse, and every span lies inside the text.
pub fn parse_and_analyse(data: &[u8]) {
    analyse_and_check(&text_of(data));
}

/// What a design says, without positions: its model and diagnostics.
fn meaning(text: &str) -> (String, Vec<String>) {
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("fuzz.flow", text);
    let file = ws.file(id).unwrap();
    let model = format!("{:?} {:?}", file.model.decls, file.model.flows);
    let diagnostics = ws
        .diagnostics(id)
        .into_iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    (without_spans(&model), diagnostics)
}

/// Replaces every `12..34` (a span's Debug form) with `_`.
fn without_spans(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(|c: char| c.is_ascii_digit()) {
        let preceded = rest[..i].chars().next_back();
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = &rest[digits..];
        let is_span = !preceded.is_some_and(|c| c.is_ascii_alphanumeric())
            && after.starts_with("..")
            && after[2..].starts_with(|c: char| c.is_ascii_digit());
        if is_span {
            let tail = &after[2..];
            let second = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            out.push('_');
            rest = &tail[second..];
        } else {
            out.push_str(&rest[..digits]);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Whether the parser or the analysis reports a `syntax` error: what the
/// formatter refuses.
fn has_syntax_error(text: &str) -> bool {
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("fuzz.flow", text);
    !ws.file(id).unwrap().tree.errors.is_empty()
        || ws.diagnostics(id).iter().any(|d| d.code == Code::Syntax)
}

/// The comments of a text, in order, without trailing blanks.
fn comments(text: &str) -> Vec<String> {
    lex(text)
        .0
        .iter()
        .filter(|t| matches!(t.kind, TokenKind::Comment | TokenKind::DocComment))
        .map(|t| {
            text[t.span.start as usize..t.span.end as usize]
                .trim_end()
                .to_string()
        })
        .collect()
}

/// On text that parses, formatting succeeds, its output parses, formats to
/// itself and keeps every comment and the meaning; on text that does not,
/// the formatter refuses (nothing would be written).
pub fn format(data: &[u8]) {
    let text = text_of(data);
    let result = format_text(&text);
    if has_syntax_error(&text) {
        assert!(
            matches!(result, Err(FormatError::Syntax { .. })),
            "a file with syntax errors was formatted"
        );
        return;
    }
    let once = match result {
        Ok(once) => once,
        Err(e) => panic!("a file that parses was not formatted: {e}\n{text:?}"),
    };
    assert!(
        !has_syntax_error(&once),
        "the formatted text does not parse: {once:?}"
    );
    let twice = format_text(&once).expect("the formatted text formats");
    assert_eq!(once, twice, "formatting is not idempotent for {text:?}");
    assert_eq!(
        comments(&text),
        comments(&once),
        "a comment was lost or changed"
    );
    assert_eq!(
        meaning(&text),
        meaning(&once),
        "the meaning changed: {text:?}"
    );
}

/// Edits re-parsed one by one give what a fresh parse of the final text
/// gives: the same tree and the same diagnostics.
pub fn reparse(data: &[u8]) {
    let (mut text, edits) = text_and_edits(data);
    let mut ws = Workspace::new();
    let (id, _) = ws.set_file("fuzz.flow", text.as_str());
    for edit in &edits {
        edit.apply(&mut text);
        ws.set_file("fuzz.flow", text.as_str());
    }
    let mut fresh = Workspace::new();
    let (fresh_id, _) = fresh.set_file("fuzz.flow", text.as_str());
    let (edited, whole) = (ws.file(id).unwrap(), fresh.file(fresh_id).unwrap());
    assert_eq!(
        edited.tree, whole.tree,
        "the incremental tree differs for {text:?}"
    );
    assert_eq!(
        edited.model, whole.model,
        "the incremental model (items lowered again or moved) differs for {text:?}"
    );
    assert_eq!(
        ws.diagnostics(id),
        fresh.diagnostics(fresh_id),
        "the incremental diagnostics differ for {text:?}"
    );
    analyse_and_check(&text);
}

/// Offsets ↔ line/column round-trip in every encoding; the sequential
/// cursor agrees with the index; the open document's rope applies
/// protocol edits as the line model says.
pub fn positions(data: &[u8]) {
    let (mut text, edits) = text_and_edits(data);
    check_positions(&text);
    let mut doc = Document::new(&text, 0);
    for (n, edit) in edits.iter().enumerate() {
        let encoding = ENCODINGS[n % 3];
        let range = edit.range(&text);
        let index = LineIndex::new(&text);
        let at = |offset| {
            let lc = index.line_col(&text, offset, encoding);
            Position::new(lc.line, lc.col)
        };
        let change = TextDocumentContentChangeEvent {
            range: Some(Range::new(at(range.start), at(range.end))),
            range_length: None,
            text: edit.insert.clone(),
        };
        doc.apply(&change, encoding);
        // Between the `\r` and `\n` of one break there is no position: the
        // protocol's offset is the line's end, before the `\r`.
        let start = protocol_offset(&text, range.start);
        let end = protocol_offset(&text, range.end).max(start);
        text.replace_range(start..end, &edit.insert);
        assert_eq!(doc.text(), text, "the rope and the line model disagree");
    }
    check_positions(&text);
}

/// Where the protocol puts `offset`: inside a `\r\n`, at the `\r`.
fn protocol_offset(text: &str, offset: usize) -> usize {
    if inside_crlf(text, offset) {
        offset - 1
    } else {
        offset
    }
}

fn inside_crlf(text: &str, offset: usize) -> bool {
    let b = text.as_bytes();
    offset > 0 && offset < b.len() && b[offset - 1] == b'\r' && b[offset] == b'\n'
}

fn check_positions(text: &str) {
    let index = LineIndex::new(text);
    // Long inputs: the first few thousand offsets say as much.
    let offsets: Vec<usize> = (0..=text.len())
        .filter(|&i| text.is_char_boundary(i))
        .take(4096)
        .collect();
    for encoding in ENCODINGS {
        let mut cursor = Cursor::new(text, encoding);
        for &offset in &offsets {
            let lc = index.line_col(text, offset, encoding);
            assert!((lc.line as usize) < index.line_count(), "line past the end");
            let back = index.offset(text, lc, encoding);
            assert_eq!(
                back,
                protocol_offset(text, offset),
                "{offset} → {lc:?} → {back} ({encoding:?}) in {text:?}"
            );
            assert_eq!(
                cursor.advance(offset),
                lc,
                "the cursor disagrees at {offset}"
            );
            let span = index.line_span(text, lc.line);
            assert!(
                span.start <= back && back <= span.end,
                "offset outside its line"
            );
        }
        // Columns past a line's end clamp to it; lines past the end, to the
        // text's end.
        for line in 0..index.line_count() as u32 + 2 {
            let clamped = index.offset(
                text,
                flowspec_analysis::syntax::LineCol {
                    line,
                    col: u32::MAX,
                },
                encoding,
            );
            assert!(clamped <= text.len() && text.is_char_boundary(clamped));
        }
    }
}

/// The value readers on arbitrary text: the cron parser directly, and each
/// answer as a flow's property (the readers of frequency, volume, timing
/// and transformation), with every span checked; date formats (the text's
/// second and third lines) reading and converting its first line; and that
/// line as a sample's value checked against such formats.
pub fn values(data: &[u8]) {
    let text = text_of(data);
    if let Ok(cron) = Cron::parse(&text) {
        let _ = cron.describe();
    }
    // A value is one line of a block.
    let mut lines = text.split(['\n', '\r']);
    let line = lines.next().unwrap_or("");
    let from = lines.next().unwrap_or("YYYY-MM-DD");
    let to = lines.next().unwrap_or("MM/DD/YYYY");
    dates(line, from, to);
    analyse_and_check(&format!(
        "record r {{\n  d: date \"{from}\"\n}}\ntool t {{\n  keeps r {{ d: \"{to}\" }}\n  sample r {{\n    d: \"{line}\"\n  }}\n  sample r {{ d: {line} }}\n}}\n"
    ));
    for key in [
        "frequency",
        "volume",
        "timing",
        "transform",
        "data",
        "status",
    ] {
        analyse_and_check(&format!(
            "flow f: commcare -> dhis2 {{\n  {key}: {line}\n}}\n"
        ));
    }
    analyse_and_check(&format!("flow f: commcare -> dhis2 {line}\n"));
    analyse_and_check(&format!("tool t \"T\" {{ kind: {line} }}\n"));
}

/// A date format's own example reads back in it; a date it reads converts
/// into another format as a date that format reads.
fn dates(value: &str, from: &str, to: &str) {
    let (Some(from), to) = (DateFormat::date(from), DateFormat::date(to)) else {
        return;
    };
    if let Some(example) = from.example() {
        assert_eq!(
            from.reads(&example),
            Some(true),
            "{from}: its example {example}"
        );
    }
    let read = from.reads(value);
    if let Some(to) = to
        && let Some(converted) = from.convert(value, &to)
    {
        assert_eq!(
            read,
            Some(true),
            "{value} converted from {from}, which does not read it"
        );
        assert_eq!(
            to.reads(&converted),
            Some(true),
            "{value} in {from} converted to {converted}, which {to} does not read"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::without_spans;

    #[test]
    fn spans_are_blanked_and_other_numbers_kept() {
        assert_eq!(
            without_spans("Span(3..14) x2 12 a1..2"),
            "Span(_) x2 12 a1..2"
        );
        assert_eq!(without_spans("é 0..0, ሰ 7..8"), "é _, ሰ _");
    }
}

//! The language server's edit path on one 10,000-line file, piece by piece:
//! applying changes to the open document (a rope), flattening it to the
//! text the analysis reads, and the analysis of the edit; beside them, the
//! same changes applied to a plain string with the line model's offsets
//! (what the server would do without the rope). The figures decide whether
//! the rope earns its place (README, "Speed and memory").

use std::hint::black_box;
use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use flowspec_analysis::Workspace;
use flowspec_analysis::syntax::line_index::Encoding;
use flowspec_analysis::syntax::{LineCol, LineIndex};
use flowspec_lsp::document::Document;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

/// A keystroke in the middle of the file, as a protocol change: `count`
/// of them, each one character further along, the way typing arrives in
/// one burst before the debounce ends.
fn keystrokes(text: &str, count: usize) -> Vec<TextDocumentContentChangeEvent> {
    let at = text.len() / 2 + text[text.len() / 2..].find("\"visit forms\"").unwrap() + 1;
    let index = LineIndex::new(text);
    let pos = index.line_col(text, at, Encoding::Utf16);
    (0..count as u32)
        .map(|i| {
            let p = Position::new(pos.line, pos.col + i);
            TextDocumentContentChangeEvent {
                range: Some(Range::new(p, p)),
                range_length: None,
                text: "x".to_string(),
            }
        })
        .collect()
}

/// The alternative without a rope: each change placed with a line index of
/// the text as it stands, then spliced into the string.
fn apply_to_string(
    text: &mut String,
    index: &mut LineIndex,
    changes: &[TextDocumentContentChangeEvent],
) {
    for (i, change) in changes.iter().enumerate() {
        if i > 0 {
            *index = LineIndex::new(text);
        }
        let range = change.range.unwrap();
        let at = |p: Position| {
            index.offset(
                text,
                LineCol {
                    line: p.line,
                    col: p.character,
                },
                Encoding::Utf16,
            )
        };
        let (start, end) = (at(range.start), at(range.end));
        text.replace_range(start..end.max(start), &change.text);
    }
}

fn edit_benches(c: &mut Criterion) {
    let text = flowspec_bench::large_file(10_000);
    let mut group = c.benchmark_group("edit_10k_lines");
    group.sample_size(50);
    for count in [1, 20] {
        let changes = keystrokes(&text, count);
        group.bench_function(format!("rope_apply_{count}_changes"), |b| {
            b.iter_batched_ref(
                || Document::new(&text, 1),
                |doc| {
                    for change in &changes {
                        doc.apply(change, Encoding::Utf16);
                    }
                },
                BatchSize::LargeInput,
            )
        });
        group.bench_function(format!("string_apply_{count}_changes"), |b| {
            b.iter_batched_ref(
                || (text.clone(), LineIndex::new(&text)),
                |(s, index)| apply_to_string(s, index, &changes),
                BatchSize::LargeInput,
            )
        });
    }
    let doc = Document::new(&text, 1);
    group.bench_function("rope_flatten_to_arc_str", |b| {
        b.iter(|| black_box(Arc::<str>::from(doc.text())))
    });
    group.bench_function("string_to_arc_str", |b| {
        b.iter(|| black_box(Arc::<str>::from(text.as_str())))
    });
    let index = LineIndex::new(&text);
    group.bench_function("line_index_new", |b| {
        b.iter(|| black_box(LineIndex::new(&text)))
    });
    // Every word's start as an LSP position, in order (a cursor, as the
    // semantic tokens walk) and one by one (the index, as the outline and
    // folding ranges convert): the conversions behind every answer.
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|(i, c)| !c.is_whitespace() && (*i == 0 || text.as_bytes()[i - 1] == b' '))
        .map(|(i, _)| i)
        .collect();
    group.bench_function("utf16_positions_by_cursor", |b| {
        b.iter(|| {
            let mut cursor =
                flowspec_analysis::syntax::line_index::Cursor::new(&text, Encoding::Utf16);
            starts.iter().map(|at| cursor.advance(*at).col).sum::<u32>()
        })
    });
    group.bench_function("utf16_positions_by_index", |b| {
        b.iter(|| {
            starts
                .iter()
                .map(|at| index.line_col(&text, *at, Encoding::Utf16).col)
                .sum::<u32>()
        })
    });
    // The analysis of one keystroke: what every way of holding the text
    // is followed by.
    let mut edited = Document::new(&text, 1);
    edited.apply(&keystrokes(&text, 1)[0], Encoding::Utf16);
    let edited = edited.text();
    group.bench_function("analyse_one_keystroke", |b| {
        b.iter_batched_ref(
            || {
                let mut ws = Workspace::new();
                ws.set_file("big.flow", text.as_str());
                ws
            },
            |ws| {
                let (id, _) = ws.set_file("big.flow", edited.as_str());
                black_box(ws.diagnostics(id).len())
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, edit_benches);
criterion_main!(benches);

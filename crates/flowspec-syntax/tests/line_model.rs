//! The line model against a plain model of its definition, on random text
//! with mixed line endings (`\n`, `\r\n`, lone `\r`), characters of every
//! UTF-8 and UTF-16 width, and the characters that end lines elsewhere but
//! not here (form feed, U+2028, U+0085): every conversion checked against
//! the others.

use flowspec_syntax::LineIndex;
use flowspec_syntax::line_index::{
    Cursor, Encoding, LineCol, LineEnding, break_len, line_breaks, next_break,
};
use proptest::prelude::*;

use flowspec_test_fixture::pieces::LINE_PIECES as PIECES;

const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|p| p.concat())
}

/// The definition, written plainly: each line's byte range without its
/// ending, and the ending.
fn model_lines(text: &str) -> Vec<(usize, usize, &str)> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\n' => {
                lines.push((start, i, "\n"));
                start = i + 1;
            }
            '\r' if chars.peek().map(|(_, c)| *c) == Some('\n') => {
                chars.next();
                lines.push((start, i, "\r\n"));
                start = i + 2;
            }
            '\r' => {
                lines.push((start, i, "\r"));
                start = i + 1;
            }
            _ => {}
        }
    }
    lines.push((start, text.len(), ""));
    lines
}

fn width(text: &str, encoding: Encoding) -> u32 {
    text.chars().map(|c| encoding.width(c)).sum()
}

/// Whether `offset` falls between the `\r` and the `\n` of a `\r\n`: not a
/// place a position can name.
fn inside_crlf(text: &str, offset: usize) -> bool {
    offset > 0 && text.as_bytes().get(offset - 1..offset + 1) == Some(b"\r\n")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// An edit's index, made by scanning only the lines it touched, is the
    /// index of the new text: breaks made or unmade by the edit (a `\r`
    /// joined to a `\n`, or split from it) included.
    #[test]
    fn an_edited_index_equals_a_fresh_one(
        text in text(),
        at in any::<prop::sample::Index>(),
        len in 0usize..8,
        insert in prop::collection::vec(prop::sample::select(PIECES), 0..3),
    ) {
        let insert = insert.concat();
        let mut start = at.index(text.len() + 1);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let mut next = text.clone();
        next.replace_range(start..end, &insert);
        let old = LineIndex::new(&text);
        prop_assert_eq!(LineIndex::edited(&old, &text, &next), LineIndex::new(&next));
    }

    #[test]
    fn lines_are_the_definition(text in text()) {
        let index = LineIndex::new(&text);
        let model = model_lines(&text);
        prop_assert_eq!(index.line_count(), model.len());
        prop_assert_eq!(line_breaks(&text), model.len() - 1);
        for (line, (start, end, _)) in model.iter().enumerate() {
            prop_assert_eq!(index.line_span(&text, line as u32), *start..*end);
        }
        let first = model.first().map(|(.., ending)| *ending).filter(|e| !e.is_empty());
        prop_assert_eq!(LineEnding::of(&text).as_str(), first.unwrap_or("\n"));
        // break_len and next_break agree with the model's endings.
        let mut from = 0;
        for (_, end, ending) in &model[..model.len() - 1] {
            prop_assert_eq!(next_break(&text, from), Some((*end, ending.len())));
            prop_assert_eq!(break_len(text.as_bytes(), *end), ending.len());
            from = end + ending.len();
        }
        prop_assert_eq!(next_break(&text, from), None);
    }

    #[test]
    fn offsets_and_positions_convert_both_ways_in_every_encoding(text in text()) {
        let index = LineIndex::new(&text);
        let model = model_lines(&text);
        for encoding in ENCODINGS {
            let mut cursor = Cursor::new(&text, encoding);
            for offset in (0..=text.len()).filter(|i| text.is_char_boundary(*i)) {
                let pos = index.line_col(&text, offset, encoding);
                // The line whose range (with its ending) holds the offset,
                // and the width of the text before it on that line.
                let line = model.partition_point(|(start, ..)| *start <= offset) - 1;
                let start = model[line].0;
                prop_assert_eq!(pos, LineCol { line: line as u32, col: width(&text[start..offset], encoding) });
                prop_assert_eq!(cursor.advance(offset), pos, "the cursor at {}", offset);
                prop_assert_eq!(index.line_of(offset), pos.line, "the line alone at {}", offset);
                if !inside_crlf(&text, offset) {
                    prop_assert_eq!(index.offset(&text, pos, encoding), offset);
                }
                // The same offset in another encoding is the same place.
                for other in ENCODINGS {
                    let there = index.line_col(&text, offset, other);
                    prop_assert_eq!(there.line, pos.line);
                    if !inside_crlf(&text, offset) {
                        prop_assert_eq!(index.offset(&text, there, other), offset);
                    }
                }
            }
        }
    }

    #[test]
    fn positions_out_of_range_or_inside_a_character_are_clamped(
        text in text(),
        line in 0u32..50,
        col in 0u32..60,
    ) {
        let index = LineIndex::new(&text);
        let model = model_lines(&text);
        for encoding in ENCODINGS {
            let at = index.offset(&text, LineCol { line, col }, encoding);
            prop_assert!(text.is_char_boundary(at));
            let Some(&(start, end, _)) = model.get(line as usize) else {
                prop_assert_eq!(at, text.len());
                continue;
            };
            // On the line, before its ending; the last character start whose
            // column is at most `col`.
            prop_assert!(start <= at && at <= end);
            prop_assert!(width(&text[start..at], encoding) <= col);
            if let Some(next) = text[at..end].chars().next() {
                prop_assert!(width(&text[start..at], encoding) + encoding.width(next) > col);
            }
        }
    }
}

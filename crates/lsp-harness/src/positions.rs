//! Protocol positions and edits: line and column in the negotiated
//! encoding, to and from byte offsets; `TextEdit`s applied as an editor
//! applies them; answers drawn under the source.

use std::ops::Range;

use flowspec_test_fixture::line_starts;
use serde_json::{Value, json};

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// The line and column of a byte offset, in an encoding.
pub fn position(text: &str, offset: usize, encoding: Encoding) -> Value {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    let before = &text[starts[line]..offset];
    let col: usize = match encoding {
        Encoding::Utf8 => before.len(),
        Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
    };
    json!({ "line": line, "character": col })
}

/// The byte offset of a protocol position in a text (clamped).
pub fn offset(text: &str, position: &Value, encoding: Encoding) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let col = position["character"].as_u64().unwrap() as usize;
    let starts = line_starts(text);
    let Some(&start) = starts.get(line) else {
        return text.len();
    };
    let end = starts.get(line + 1).copied().unwrap_or(text.len());
    let line_text = text[start..end].trim_end_matches(['\n', '\r']);
    let mut counted = 0;
    for (i, c) in line_text.char_indices() {
        if counted >= col {
            return start + i;
        }
        counted += match encoding {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        };
    }
    start + line_text.len()
}

/// The byte ranges and new texts of LSP `TextEdit`s on `text`, last first,
/// so that each applies as is to what the ones before it left. The ranges
/// are of `text` itself, as the protocol defines them; several inserts at
/// one position keep their order. Overlapping edits fail the test.
pub fn edit_ranges(text: &str, edits: &[Value], encoding: Encoding) -> Vec<(usize, usize, String)> {
    let mut ranges: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], encoding),
                offset(text, &e["range"]["end"], encoding),
                e["newText"]
                    .as_str()
                    .unwrap_or_else(|| panic!("an edit without newText: {e}"))
                    .to_string(),
            )
        })
        .collect();
    // Sorting is stable: reversing first puts the later of two edits at one
    // position first, so that the earlier one's text ends up before it.
    ranges.reverse();
    ranges.sort_by_key(|(start, ..)| std::cmp::Reverse(*start));
    for pair in ranges.windows(2) {
        assert!(pair[1].1 <= pair[0].0, "overlapping edits: {pair:?}");
    }
    ranges
}

/// `text` after LSP `TextEdit`s (their ranges all of `text`).
pub fn apply_edits(text: &str, edits: &[Value], encoding: Encoding) -> String {
    let ranges = edit_ranges(text, edits, encoding);
    let mut text = text.to_string();
    for (start, end, new_text) in ranges {
        text.replace_range(start..end, &new_text);
    }
    text
}

/// The byte range of a protocol range.
pub fn byte_range(text: &str, range: &Value, encoding: Encoding) -> Range<usize> {
    offset(text, &range["start"], encoding)..offset(text, &range["end"], encoding)
}

/// A text with protocol ranges marked under their lines, for snapshots
/// (the fixture crate's [`flowspec_test_fixture::annotate`], on ranges in
/// the client's encoding):
///
/// ```text
/// flow f: commcare -> dhis2
///         ^^^^^^^^ definition
/// ```
pub fn annotate(text: &str, marks: &[(Value, String)], encoding: Encoding) -> String {
    let marks: Vec<(Range<usize>, String)> = marks
        .iter()
        .map(|(range, label)| (byte_range(text, range, encoding), label.clone()))
        .collect();
    flowspec_test_fixture::annotate(text, &marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_to_the_original_text_inserts_in_order() {
        let edit = |line: u32, start: u32, end: u32, text: &str| {
            json!({ "range": { "start": { "line": line, "character": start },
                               "end": { "line": line, "character": end } },
                    "newText": text })
        };
        // Out of order, two inserts at one position, after an emoji.
        let edits = [
            edit(1, 3, 4, "Z"),
            edit(0, 1, 1, "a"),
            edit(0, 1, 1, "b"),
            edit(0, 0, 1, ""),
        ];
        assert_eq!(
            apply_edits("xy\n😀cd", &edits, Encoding::Utf16),
            "aby\n😀cZ"
        );
    }

    #[test]
    fn positions_count_units_of_the_encoding_on_every_kind_of_line() {
        let text = "a\r\né😀x\ry";
        let x = text.find('x').unwrap();
        assert_eq!(
            position(text, x, Encoding::Utf16),
            json!({"line": 1, "character": 3})
        );
        assert_eq!(
            position(text, x, Encoding::Utf8),
            json!({"line": 1, "character": 6})
        );
        let y = json!({"line": 2, "character": 0});
        assert_eq!(offset(text, &y, Encoding::Utf16), text.len() - 1);
        // Past the end of a line: its end, before the line break.
        let past = json!({"line": 0, "character": 9});
        assert_eq!(offset(text, &past, Encoding::Utf8), 1);
    }

    #[test]
    fn annotates_crlf_text() {
        let text = "ab\r\ncd";
        let range =
            json!({ "start": { "line": 1, "character": 0 }, "end": { "line": 1, "character": 2 } });
        assert_eq!(
            annotate(text, &[(range, "x".into())], Encoding::Utf16),
            "ab\ncd\n^^ x\n"
        );
    }
}

//! Open documents: their text in a rope, edited in place by incremental
//! changes whose positions may count UTF-8 bytes, UTF-16 code units or
//! characters.

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use crate::convert::{Encoding, char_index};

#[derive(Debug, Clone)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
        }
    }

    pub fn text(&self) -> String {
        // Sized once (the rope's `Display` grows the string chunk by chunk).
        let mut text = String::with_capacity(self.rope.len_bytes());
        self.rope.chunks().for_each(|chunk| text.push_str(chunk));
        text
    }

    /// Applies one change: a range replaced, or (no range) the whole text.
    /// Out-of-range positions are clamped, never a panic.
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, encoding: Encoding) {
        match change.range {
            None => self.rope = Rope::from_str(&change.text),
            Some(range) => {
                let start = char_index(&self.rope, range.start, encoding);
                let end = char_index(&self.rope, range.end, encoding).max(start);
                self.rope.remove(start..end);
                self.rope.insert(start, &change.text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(l1: u32, c1: u32, l2: u32, c2: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn applies_edits_after_multibyte_text_in_each_encoding() {
        // "é" is 1 UTF-16 unit / 2 bytes; "😀" 2 units / 4 bytes.
        let mut doc = Document::new("é😀x\nsecond", 1);
        doc.apply(&change(0, 3, 0, 4, "y"), Encoding::Utf16);
        assert_eq!(doc.text(), "é😀y\nsecond");
        doc.apply(&change(0, 6, 0, 7, "z"), Encoding::Utf8);
        assert_eq!(doc.text(), "é😀z\nsecond");
        doc.apply(&change(0, 2, 0, 3, "w"), Encoding::Utf32);
        assert_eq!(doc.text(), "é😀w\nsecond");
    }

    #[test]
    fn clamps_positions_out_of_range() {
        let mut doc = Document::new("ab\r\ncd", 1);
        doc.apply(&change(0, 99, 0, 99, "!"), Encoding::Utf16);
        assert_eq!(doc.text(), "ab!\r\ncd");
        doc.apply(&change(7, 0, 9, 9, "?"), Encoding::Utf16);
        assert_eq!(doc.text(), "ab!\r\ncd?");
        // Reversed ranges delete nothing.
        doc.apply(&change(1, 2, 1, 0, "-"), Encoding::Utf16);
        assert_eq!(doc.text(), "ab!\r\ncd-?");
        // The middle of a surrogate pair is the emoji's start.
        let mut doc = Document::new("😀", 1);
        doc.apply(&change(0, 1, 0, 1, "x"), Encoding::Utf16);
        assert_eq!(doc.text(), "x😀");
    }

    /// The rope's lines and positions are the line model's, on random text
    /// with mixed line endings and characters of every width: the rope
    /// against [`LineIndex`], and edits applied to the rope against the
    /// same edits applied to a string by the line model's offsets.
    mod properties {
        use super::*;
        use flowspec_analysis::syntax::{LineCol, LineIndex};
        use proptest::prelude::*;

        use flowspec_test_fixture::pieces::LINE_PIECES as PIECES;
        const ENCODINGS: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

        fn text() -> impl Strategy<Value = String> {
            prop::collection::vec(prop::sample::select(PIECES), 0..30).prop_map(|p| p.concat())
        }

        /// A change at a position (maybe past its line or the text),
        /// in an encoding.
        fn edits() -> impl Strategy<Value = Vec<(u32, u32, u32, u32, String)>> {
            prop::collection::vec((0u32..8, 0u32..12, 0u32..8, 0u32..12, text()), 0..12)
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn the_rope_and_the_line_index_agree(text in text(), line in 0u32..12, col in 0u32..16) {
                let rope = Rope::from_str(&text);
                let index = LineIndex::new(&text);
                prop_assert_eq!(rope.len_lines(), index.line_count());
                for l in 0..index.line_count() {
                    prop_assert_eq!(rope.line_to_byte(l), index.line_span(&text, l as u32).start);
                }
                for encoding in ENCODINGS {
                    let position = Position::new(line, col);
                    let by_rope = rope.char_to_byte(char_index(&rope, position, encoding));
                    let by_index = index.offset(&text, LineCol { line, col }, encoding);
                    prop_assert_eq!(by_rope, by_index, "{:?} at {}:{}", encoding, line, col);
                }
            }

            #[test]
            fn edits_apply_as_the_line_model_places_them(text in text(), edits in edits()) {
                for encoding in ENCODINGS {
                    let mut doc = Document::new(&text, 1);
                    let mut model = text.clone();
                    for (l1, c1, l2, c2, new_text) in &edits {
                        let index = LineIndex::new(&model);
                        let at = |line, col| index.offset(&model, LineCol { line, col }, encoding);
                        let start = at(*l1, *c1);
                        let end = at(*l2, *c2).max(start);
                        model.replace_range(start..end, new_text);
                        doc.apply(&change(*l1, *c1, *l2, *c2, new_text), encoding);
                        prop_assert_eq!(doc.text(), model.clone(), "{:?}", encoding);
                    }
                }
            }
        }
    }
}

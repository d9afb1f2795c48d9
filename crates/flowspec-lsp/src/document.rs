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
        self.rope.to_string()
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
}

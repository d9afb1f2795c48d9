//! Byte offsets to line/column and back, in the three ways editors count
//! columns: UTF-8 bytes, UTF-16 code units (LSP's default) and characters
//! (what people and the CLI count).
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server
//! Protocol defines them (and editors and the lexer agree).

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values (characters).
    Utf32,
}

/// A 0-based line and a 0-based column in some [`Encoding`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the start of every line; the first is 0.
    line_starts: Vec<u32>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            let ends_line = *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                line_starts.push(i as u32 + 1);
            }
        }
        LineIndex {
            line_starts,
            len: text.len() as u32,
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of line `line`, without its line ending.
    pub fn line_span(&self, text: &str, line: u32) -> std::ops::Range<usize> {
        let line = (line as usize).min(self.line_starts.len() - 1);
        let start = self.line_starts[line] as usize;
        let next = self
            .line_starts
            .get(line + 1)
            .map_or(self.len as usize, |&next| next as usize);
        let content = &text[start..next];
        let end = start + content.trim_end_matches(['\n', '\r']).len();
        start..end
    }

    /// The line and column of a byte offset. Offsets past the end are
    /// clamped; offsets inside a character count from its start.
    pub fn line_col(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.line_starts[line] as usize;
        let before = &text[start..offset];
        let col = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
            Encoding::Utf32 => before.chars().count(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The byte offset of a line and column. A line past the end gives the
    /// end of the text; a column past the end of its line gives the end of
    /// the line; a column inside a character gives that character's start.
    pub fn offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        let Some(&start) = self.line_starts.get(pos.line as usize) else {
            return text.len();
        };
        let line = self.line_span(text, pos.line);
        let line_text = &text[line.clone()];
        let mut counted = 0usize;
        for (i, c) in line_text.char_indices() {
            let width = match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
                Encoding::Utf32 => 1,
            };
            if counted + width > pos.col as usize {
                return start as usize + i;
            }
            counted += width;
        }
        line.end
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How many line breaks a text holds (`\r\n` counts once).
pub fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|(i, b)| **b == b'\n' || (**b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a\rb\r\nc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 4);
        let d = text.find('d').unwrap();
        assert_eq!(
            index.line_col(text, d, Encoding::Utf16),
            LineCol { line: 3, col: 0 }
        );
        assert_eq!(
            index.offset(text, LineCol { line: 1, col: 9 }, Encoding::Utf16),
            3
        );
        assert_eq!(line_breaks(text), 3);
    }

    #[test]
    fn counts_columns_in_every_encoding() {
        // "é" is 2 bytes / 1 unit; "አ" (Amharic) 3 bytes / 1 unit; "😀" 4 bytes / 2 units.
        let text = "x\né አ 😀 end\r\nlast";
        let index = LineIndex::new(text);
        let end = text.find("end").unwrap();
        assert_eq!(
            index.line_col(text, end, Encoding::Utf8),
            LineCol { line: 1, col: 12 }
        );
        assert_eq!(
            index.line_col(text, end, Encoding::Utf16),
            LineCol { line: 1, col: 7 }
        );
        assert_eq!(
            index.line_col(text, end, Encoding::Utf32),
            LineCol { line: 1, col: 6 }
        );
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let pos = index.line_col(text, end, enc);
            assert_eq!(index.offset(text, pos, enc), end);
        }
    }

    #[test]
    fn clamps_out_of_range_positions() {
        let text = "ab\r\ncd";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            2
        );
        assert_eq!(
            index.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            6
        );
        assert_eq!(
            index.line_col(text, 99, Encoding::Utf16),
            LineCol { line: 1, col: 2 }
        );
        // The middle of a surrogate pair lands on the emoji's start.
        let text = "😀x";
        let index = LineIndex::new(text);
        assert_eq!(
            index.offset(text, LineCol { line: 0, col: 1 }, Encoding::Utf16),
            0
        );
        assert_eq!(index.line_col(text, 2, Encoding::Utf16).col, 0);
    }
}

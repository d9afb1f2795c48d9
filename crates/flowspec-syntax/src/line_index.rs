//! The one line model of Flowspec: where lines end, and byte offsets to
//! line/column and back in the three ways editors count columns: UTF-8
//! bytes, UTF-16 code units (LSP's default) and characters (what people and
//! the CLI count).
//!
//! Lines end at `\n`, `\r\n` or a lone `\r`, as the Language Server
//! Protocol defines them (and editors and the lexer agree); nothing else
//! ends a line (not a form feed, nor U+2028). Every layer counts lines with
//! this module: the analysis, the language server (whose ropes are built
//! with the same three line breaks), the CLI and the file reader.

use crate::span::floor_char_boundary;

/// What a column counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values (characters).
    Utf32,
}

impl Encoding {
    /// How many units of this encoding a character takes in a column.
    pub fn width(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }

    /// The width of a text in this encoding.
    pub fn len(self, text: &str) -> u32 {
        match self {
            Encoding::Utf8 => text.len() as u32,
            // Counted on bytes, which the compiler vectorizes: a character
            // is a byte that does not continue one, and one of four bytes
            // (lead byte 0xF0 and up) is two UTF-16 units.
            Encoding::Utf16 => text
                .bytes()
                .map(|b| u32::from(!is_continuation(b)) + u32::from(b >= 0xF0))
                .sum(),
            Encoding::Utf32 => text.bytes().filter(|b| !is_continuation(*b)).count() as u32,
        }
    }
}

/// Whether a byte of UTF-8 continues a character (`10xxxxxx`).
fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The length of the line break that starts at byte `i`: 2 for `\r\n`, 1
/// for `\n` or a lone `\r`, 0 when no line break starts there. The `\n`
/// of a `\r\n` is a line break of its own when asked about alone (a text
/// cut between the two).
pub fn break_len(bytes: &[u8], i: usize) -> usize {
    match bytes.get(i) {
        Some(b'\n') => 1,
        Some(b'\r') if bytes.get(i + 1) == Some(&b'\n') => 2,
        Some(b'\r') => 1,
        _ => 0,
    }
}

/// The first line break at or after byte `from`: its offset and length.
/// Every scan of lines goes through here (a search for the next `\r` or
/// `\n`, twice as fast as asking [`break_len`] of every byte).
pub fn next_break(text: &str, from: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let i = from
        + bytes
            .get(from..)?
            .iter()
            .position(|b| *b <= b'\r' && (*b == b'\n' || *b == b'\r'))?;
    Some((i, break_len(bytes, i)))
}

/// Where each line break ends (the start of the next line), in order.
fn break_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let (i, len) = next_break(text, from)?;
        from = i + len;
        Some(from)
    })
}

/// How many line breaks a text holds (`\r\n` counts once).
pub fn line_breaks(text: &str) -> usize {
    break_ends(text).count()
}

/// The line ending a file uses: that of its first line break (`\n` for a
/// file with none). What edits insert and the formatter writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
    Cr,
}

impl LineEnding {
    pub fn of(text: &str) -> LineEnding {
        let bytes = text.as_bytes();
        match bytes.iter().position(|b| *b == b'\n' || *b == b'\r') {
            Some(i) if break_len(bytes, i) == 2 => LineEnding::CrLf,
            Some(i) if bytes[i] == b'\r' => LineEnding::Cr,
            _ => LineEnding::Lf,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }
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
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(break_ends(text).map(|end| end as u32));
        LineIndex {
            line_starts,
            len: text.len() as u32,
        }
    }

    /// The index of `text`, an edit of `old_text` whose index is `old`:
    /// only the lines the edit touched are scanned again; the line starts
    /// after it are moved. Equals `LineIndex::new(text)`.
    pub fn edited(old: &LineIndex, old_text: &str, text: &str) -> LineIndex {
        use crate::lexer::relex::{common_prefix, common_suffix};
        let (new, before) = (text.as_bytes(), old_text.as_bytes());
        let prefix = common_prefix(new, before);
        let suffix = common_suffix(&new[prefix..], &before[prefix..]);
        let delta = new.len() as i64 - before.len() as i64;
        let starts = &old.line_starts;
        // A line that starts before the first changed byte (its start and
        // the break before it are unchanged) ...
        let first = starts.partition_point(|&s| (s as usize) < prefix.max(1)) - 1;
        let from = starts[first] as usize;
        // ... to the first line that starts after the last changed byte
        // (the break before it unchanged), with a byte to spare.
        let old_edit_end = before.len() - suffix;
        let after = starts.partition_point(|&s| (s as usize) <= old_edit_end + 1);
        let to = starts
            .get(after)
            .map_or(new.len(), |&s| (i64::from(s) + delta) as usize);
        let mut line_starts = Vec::with_capacity(starts.len() + 8);
        line_starts.extend_from_slice(&starts[..=first]);
        line_starts.extend(
            break_ends(&text[from..to])
                .map(|end| from + end)
                .filter(|&end| end < to || after == starts.len())
                .map(|end| end as u32),
        );
        line_starts.extend(
            starts[after..]
                .iter()
                .map(|&s| (i64::from(s) + delta) as u32),
        );
        LineIndex {
            line_starts,
            len: text.len() as u32,
        }
    }

    /// The line of a byte offset (past the end: the last line). A line
    /// alone needs no column counted.
    pub fn line_of(&self, offset: usize) -> u32 {
        (self.line_starts.partition_point(|&s| s as usize <= offset) - 1) as u32
    }

    /// The byte offset where each line starts; the first is 0.
    pub fn line_starts(&self) -> &[u32] {
        &self.line_starts
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The byte range of line `line` (the last line for one past the end),
    /// without its line ending.
    pub fn line_span(&self, text: &str, line: u32) -> std::ops::Range<usize> {
        let line = (line as usize).min(self.line_starts.len() - 1);
        let start = self.line_starts[line] as usize;
        let next = self
            .line_starts
            .get(line + 1)
            .map_or(self.len as usize, |&next| next as usize);
        // A line ends in one line break: `\r\n`, `\n` or `\r`.
        let content = &text[start..next];
        let content = content.strip_suffix('\n').unwrap_or(content);
        let content = content.strip_suffix('\r').unwrap_or(content);
        start..start + content.len()
    }

    /// The line and column of a byte offset. Offsets past the end are
    /// clamped; offsets inside a character count from its start.
    pub fn line_col(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_starts.partition_point(|&s| s as usize <= offset) - 1;
        let start = self.line_starts[line] as usize;
        LineCol {
            line: line as u32,
            col: encoding.len(&text[start..offset]),
        }
    }

    /// The byte offset of a line and column. A line past the end gives the
    /// end of the text; a column past the end of its line gives the end of
    /// the line (before its line ending); a column inside a character gives
    /// that character's start.
    pub fn offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        if pos.line as usize >= self.line_starts.len() {
            return text.len();
        }
        let line = self.line_span(text, pos.line);
        line.start + column_offset(&text[line.clone()], pos.col, encoding)
    }
}

/// The byte offset in `line` (a line's text, without its ending) of column
/// `col`: the end of the line when past it, a character's start when
/// inside it.
pub fn column_offset(line: &str, col: u32, encoding: Encoding) -> usize {
    if encoding == Encoding::Utf8 {
        return floor_char_boundary(line, (col as usize).min(line.len()));
    }
    let mut counted = 0u32;
    for (i, c) in line.char_indices() {
        let width = encoding.width(c);
        if counted + width > col {
            return i;
        }
        counted += width;
    }
    line.len()
}

/// Lines and columns of offsets visited in increasing order, each costing
/// only the text since the previous one: for answers that walk a whole
/// file (semantic tokens), where a [`LineIndex`] lookup would count every
/// column from its line's start again.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    text: &'a str,
    encoding: Encoding,
    at: usize,
    pos: LineCol,
}

impl<'a> Cursor<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Cursor<'a> {
        Cursor {
            text,
            encoding,
            at: 0,
            pos: LineCol { line: 0, col: 0 },
        }
    }

    /// The byte offset the cursor stands at.
    pub fn offset(&self) -> usize {
        self.at
    }

    /// Moves to `offset` (clamped into the text, never back, and to a
    /// character's start) and gives its line and column: what
    /// [`LineIndex::line_col`] gives.
    pub fn advance(&mut self, offset: usize) -> LineCol {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let mut run = self.at;
        let bytes = self.text.as_bytes();
        // Breaks are looked for before `offset` only: a cursor asked for
        // every token of a line would otherwise scan to the line's end
        // each time.
        while let Some(i) = bytes
            .get(run..offset)
            .and_then(|b| b.iter().position(|b| *b == b'\n' || *b == b'\r'))
        {
            let i = run + i;
            let len = break_len(bytes, i);
            // A `\r\n` split by `offset` is not a break yet.
            if i + len > offset {
                break;
            }
            self.pos = LineCol {
                line: self.pos.line + 1,
                col: 0,
            };
            run = i + len;
        }
        if run < offset.max(self.at) {
            self.pos.col += self.encoding.len(&self.text[run..offset]);
        }
        self.at = self.at.max(offset);
        self.pos
    }
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
    fn a_text_is_as_wide_as_its_characters_in_every_encoding() {
        // Every width of character, each alone and together: the byte count
        // must agree with a count over characters.
        for text in [
            "",
            "a",
            "é",
            "አ",
            "😀",
            "aé\r\nአ😀x",
            "😀😀é\u{10FFFF}\u{80}\u{7FF}\u{800}\u{FFFF}",
        ] {
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let by_chars: u32 = text.chars().map(|c| encoding.width(c)).sum();
                assert_eq!(encoding.len(text), by_chars, "{text:?} in {encoding:?}");
            }
        }
    }

    #[test]
    fn a_cursor_agrees_with_the_index_at_every_offset() {
        let text = "aé\rአ\r\n😀 b\n\nc\r";
        let index = LineIndex::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            // Every offset in order, and every second one (a longer jump).
            for step in [1, 2, 3] {
                let mut cursor = Cursor::new(text, encoding);
                for offset in (0..=text.len()).step_by(step) {
                    assert_eq!(
                        cursor.advance(offset),
                        index.line_col(text, offset, encoding),
                        "offset {offset} in {encoding:?}, step {step}"
                    );
                }
            }
        }
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

    #[test]
    fn only_the_three_line_breaks_end_lines() {
        let text = "a\u{c}b\u{2028}c\u{85}d\u{b}e";
        assert_eq!(LineIndex::new(text).line_count(), 1);
        assert_eq!(line_breaks(text), 0);
        assert_eq!(LineIndex::new("a\r\r\n\n\rb").line_count(), 5);
        assert_eq!(line_breaks("a\r\r\n\n\rb"), 4);
    }

    #[test]
    fn the_line_ending_is_that_of_the_first_line_break() {
        assert_eq!(LineEnding::of("a\r\nb\nc"), LineEnding::CrLf);
        assert_eq!(LineEnding::of("a\rb\r\n"), LineEnding::Cr);
        assert_eq!(LineEnding::of("a\nb\r\n"), LineEnding::Lf);
        assert_eq!(LineEnding::of("a"), LineEnding::Lf);
        assert_eq!(LineEnding::of("a\r"), LineEnding::Cr);
    }

    #[test]
    fn the_cursor_agrees_with_the_index() {
        let text = "é\rሰላም\r\n😀 x\n\r\r\nend";
        let index = LineIndex::new(text);
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            // Every offset in order, and every other one (a split `\r\n`
            // then a jump over it).
            for step in [1, 2, 3] {
                let mut cursor = Cursor::new(text, encoding);
                for offset in (0..=text.len() + 1).step_by(step) {
                    assert_eq!(
                        cursor.advance(offset),
                        index.line_col(text, offset, encoding),
                        "{encoding:?} at {offset} by {step}"
                    );
                }
            }
        }
    }
}

//! Byte spans into a file's text.

use std::fmt;
use std::ops::Range;

/// A half-open byte range `start..end` into a file's text.
///
/// `u32` keeps tokens and nodes small; files are capped far below 4 GiB.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// An empty span at `offset`.
    pub fn empty(offset: usize) -> Span {
        Span::new(offset, offset)
    }

    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span that covers both.
    pub fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Whether `offset` lies inside the span or touches its end (the way a
    /// cursor just after a word still "is on" the word).
    pub fn touches(self, offset: usize) -> bool {
        self.start as usize <= offset && offset <= self.end as usize
    }

    pub fn contains_span(self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The span clamped to `text` and widened to the nearest character
    /// boundaries: for spans computed by arithmetic on a token's text
    /// (an escape makes the text shorter than the token), which may end
    /// inside a character.
    pub fn on_chars(self, text: &str) -> Span {
        let start = floor_char_boundary(text, self.start as usize);
        let end = ceil_char_boundary(text, (self.end as usize).max(start));
        Span::new(start, end)
    }
}

/// The character boundary at or before `offset` (clamped to the text).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The character boundary at or after `offset` (clamped to the text).
pub fn ceil_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

impl fmt::Debug for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_chars_widens_to_whole_characters_and_clamps_to_the_text() {
        // "aሀb": `ሀ` is bytes 1..4.
        let text = "aሀb";
        assert_eq!(Span::new(2, 3).on_chars(text), Span::new(1, 4));
        assert_eq!(Span::new(0, 2).on_chars(text), Span::new(0, 4));
        assert_eq!(Span::new(4, 9).on_chars(text), Span::new(4, 5));
        assert_eq!(Span::new(7, 9).on_chars(text), Span::new(5, 5));
        assert_eq!(Span::new(1, 4).on_chars(text), Span::new(1, 4));
    }
}

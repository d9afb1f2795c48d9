//! Text for pictures and pages: escaping, and how wide a line of text is
//! without a font engine.
//!
//! Widths use Helvetica's metrics (the SVG asks for Helvetica, Arial or a
//! sans-serif font; Arial and the free Nimbus Sans and Liberation Sans share
//! those metrics), with a small margin for fonts that run wider.

/// Escapes text for XML and HTML, in content and in quoted attributes.
/// Control characters other than tab and newline, which XML 1.0 forbids,
/// become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{7f}' || c == '\u{fffe}' || c == '\u{ffff}' => {
                out.push('\u{fffd}')
            }
            c => out.push(c),
        }
    }
    out
}

/// Helvetica's advance widths for ASCII 32..=126, in thousandths of an em.
const REGULAR: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 222, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 222, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/// Helvetica Bold's, likewise.
const BOLD: [u16; 95] = [
    278, 333, 474, 556, 556, 889, 722, 278, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 278, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

/// A font: size in pixels and weight.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    pub size: f64,
    pub bold: bool,
}

impl Font {
    pub const fn regular(size: f64) -> Font {
        Font { size, bold: false }
    }

    pub const fn bold(size: f64) -> Font {
        Font { size, bold: true }
    }

    /// The width of one line of text, in pixels.
    pub fn width(self, text: &str) -> f64 {
        let table = if self.bold { &BOLD } else { &REGULAR };
        let units: u32 = text
            .chars()
            .map(|c| match c as u32 {
                code @ 32..=126 => u32::from(table[(code - 32) as usize]),
                // Combining marks take no room.
                0x300..=0x36f => 0,
                // East Asian wide characters and most symbols are about 1 em.
                0x1100..=0x115f | 0x2e80..=0xa4cf | 0xac00..=0xd7a3 | 0xf900..=0xfaff => 1000,
                0xff00..=0xff60 | 0x1f300..=0x1faff => 1000,
                // Arrows and the ellipsis.
                0x2190..=0x21ff | 0x2026 => 1000,
                // The middle dot.
                0xb7 => 278,
                // Other letters (accented Latin, Ethiopic, Cyrillic…): a wide
                // lowercase letter.
                _ => 640,
            })
            .sum();
        // 6% for fonts that run wider than Helvetica (DejaVu Sans is the
        // common fallback on Linux).
        f64::from(units) * self.size / 1000.0 * 1.06
    }

    /// The distance between two baselines.
    pub fn line_height(self) -> f64 {
        (self.size * 1.3).round()
    }
}

/// Breaks text into lines no wider than `max` pixels, at spaces where it
/// can (and inside a word that is too long on its own), keeping at most
/// `max_lines` lines; the last one ends in `…` when text was left out.
pub fn wrap(text: &str, font: Font, max: f64, max_lines: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() {
            word.to_string()
        } else {
            format!("{current} {word}")
        };
        if font.width(&candidate) <= max {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        // A word wider than a line is cut where it must be.
        let mut rest = word;
        while font.width(rest) > max {
            let cut = cut_to_width(rest, font, max);
            lines.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        current = rest.to_string();
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        let last = lines.last_mut().expect("at least one line");
        *last = ellipsize(&format!("{last}…"), font, max);
    }
    lines
}

/// The text, shortened with `…` to fit in `max` pixels.
pub fn ellipsize(text: &str, font: Font, max: f64) -> String {
    if font.width(text) <= max {
        return text.to_string();
    }
    let room = (max - font.width("…")).max(0.0);
    let cut = cut_to_width(text, font, room);
    let kept = text[..cut].trim_end_matches('…').trim_end();
    format!("{kept}…")
}

/// The byte index (at a character boundary, at least one character in)
/// up to which `text` fits in `max` pixels.
fn cut_to_width(text: &str, font: Font, max: f64) -> usize {
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let next = i + c.len_utf8();
        if font.width(&text[..next]) > max && end > 0 {
            break;
        }
        end = next;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_forbidden_characters() {
        assert_eq!(
            escape("<a href=\"x\">Tom & 'Jerry'</a>\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;\u{fffd}"
        );
        assert_eq!(escape("ክሊኒክ\tok"), "ክሊኒክ\tok");
    }

    #[test]
    fn widths_follow_the_metrics() {
        let f = Font::regular(10.0);
        assert!(f.width("iiii") < f.width("MMMM"));
        assert!(Font::bold(10.0).width("data") > f.width("data"));
        assert_eq!(f.width(""), 0.0);
    }

    #[test]
    fn wraps_at_spaces_and_cuts_long_words() {
        let f = Font::regular(10.0);
        let lines = wrap("Programme warehouse (PostgreSQL)", f, 120.0, 3);
        assert_eq!(lines, vec!["Programme warehouse", "(PostgreSQL)"]);
        for line in wrap(&"x".repeat(200), f, 50.0, 10) {
            assert!(f.width(&line) <= 50.0, "{line}");
        }
        let cut = wrap("one two three four five six", f, 40.0, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[1].ends_with('…'), "{cut:?}");
        assert_eq!(wrap("", f, 40.0, 2), vec![String::new()]);
    }
}

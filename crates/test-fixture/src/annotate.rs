//! Answers drawn under the source: each range marked with carets under its
//! line and labelled, so that a snapshot shows what an editor would show.
//!
//! ```text
//! flow f: commcare -> dhis2
//!         ^^^^^^^^ definition
//! ```

use std::ops::Range;

use crate::lines::line_starts;

/// A labelled byte range of one file: `(path, range, label)`.
pub type Mark = (String, Range<usize>, String);

/// A text with byte ranges marked under their lines, in the order given.
/// Columns count characters; a range that goes on past its first line ends
/// in `…`; an empty range is one caret. Lines end at `\n`, `\r\n` or `\r`
/// and are printed without their ending.
pub fn annotate(text: &str, marks: &[(Range<usize>, String)]) -> String {
    let starts = line_starts(text);
    let mut out = String::new();
    for (n, &line_start) in starts.iter().enumerate() {
        let next = starts.get(n + 1).copied().unwrap_or(text.len());
        let line = text[line_start..next].trim_end_matches(['\n', '\r']);
        // The empty line after a final line break is shown only for a mark
        // that stands there (a cursor at the end of the file).
        if line_start == text.len() && !marks.iter().any(|(r, _)| r.start == text.len()) {
            break;
        }
        let line_end = line_start + line.len();
        out.push_str(line);
        out.push('\n');
        for (range, label) in marks {
            let (start, end) = (range.start, range.end);
            if start < line_start || start > line_end {
                continue;
            }
            let col = text[line_start..start].chars().count();
            let width = text[start..end.min(line_end).max(start)]
                .chars()
                .count()
                .max(1);
            let more = if end > line_end { "…" } else { "" };
            out.push_str(&format!(
                "{}{}{more} {label}\n",
                " ".repeat(col),
                "^".repeat(width)
            ));
        }
    }
    out
}

/// Every file, each after its `//- path` line, with its marks under their
/// lines.
pub fn annotate_files(files: &[(String, String)], marks: &[Mark]) -> String {
    let mut out = String::new();
    for (path, text) in files {
        let mine: Vec<(Range<usize>, String)> = marks
            .iter()
            .filter(|(p, ..)| p == path)
            .map(|(_, r, l)| (r.clone(), l.clone()))
            .collect();
        out.push_str(&format!("//- {path}\n"));
        out.push_str(&annotate(text, &mine));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stand_under_their_characters_on_every_kind_of_line() {
        let text = "é😀 ab\r\ncd\rሰላም x\n";
        let at = |s: &str| text.find(s).unwrap();
        let marks = [
            (at("ab")..at("ab") + 2, "ab".to_string()),
            (at("ሰ")..at(" x"), "ሰላም".to_string()),
            (at(" ab")..at("d"), "across".to_string()),
            (text.len()..text.len(), "end".to_string()),
        ];
        assert_eq!(
            annotate(text, &marks),
            "é😀 ab\n   ^^ ab\n  ^^^… across\ncd\nሰላም x\n^^^ ሰላም\n\n^ end\n"
        );
    }

    #[test]
    fn files_are_drawn_in_order_with_their_own_marks() {
        let files = [
            ("a.flow".to_string(), "ab\n".to_string()),
            ("b.flow".to_string(), "cd\n".to_string()),
        ];
        let marks = [("b.flow".to_string(), 1..2, "d".to_string())];
        assert_eq!(
            annotate_files(&files, &marks),
            "//- a.flow\nab\n//- b.flow\ncd\n ^ d\n"
        );
    }
}

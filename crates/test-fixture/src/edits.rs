//! Random edits of a design's text, as an editor sends them: what the soak
//! and the protocol tests of kept answers type. Pure functions of the text
//! and the seeded [`Rng`], so a seed replays the same edits.

use crate::Rng;
use crate::pieces::DESIGN_FRAGMENTS;

/// What a small edit inserts, besides the language's fragments: multi-byte
/// text of every width, every line ending, whole properties and items.
pub const TYPED: &[&str] = &[
    "tool ",
    "flow ",
    " -> ",
    "\n",
    "\r\n",
    "\"visit é ክ 😀\"",
    "  data: \"formulaires — ቅጽ 😀\"\n",
    "  frequency: monthly\n",
    "  volume: ~500 forms/day\n",
    "  timing: batch\n",
    "  transform: none\n",
    "ክሊኒክ",
    "👩‍⚕️",
    "# note 😀\r\n",
    "## doc é\n",
    "cron \"0 2 * * *\"",
    "every 2 hours",
    "tool_0_1",
    "officer_3",
    "commcare",
];

/// Whole items an edit pastes in: declarations (some used elsewhere, some
/// not), flows (some naming tools nobody declares), broken items.
pub const ITEMS: &[&str] = &[
    "\n## A clinic's tool — ክሊኒክ 😀.\ntool clinic_é \"Clinique é\" {\n  kind: collection\n}\n",
    "\ntool tool_1_0 \"Declared twice\"\n",
    "\nflow pasted: tool_0_0 -> officer_0 -> dhis2 {\n  data: [\"visits 😀\", \"stock\"]\n  transform: none\n  timing: batch\n  frequency: weekly\n  volume: ~20 forms/week\n}\n",
    "\r\nflow crlf: tool_2_1 -> nowhere {\r\n  data: \"é\"\r\n  frequency: cron \"0 25 * * *\"\r\n}\r\n",
    "\nflow broken: tool_3_0 -> {\n  data: [\"unterminated\n  volume: ~ /day\n",
    "\nrole nurse \"Infirmière — ነርስ\"\nflow by_hand: odk -> nurse -> excel manual\n",
    "\ntool \"no name\" {\n",
];

/// Whether an offset is a position an editor can send: on a character
/// boundary, and not between the `\r` and `\n` of one line break.
pub fn valid(text: &str, at: usize) -> bool {
    text.is_char_boundary(at)
        && !(at > 0 && text[..at].ends_with('\r') && text[at..].starts_with('\n'))
}

/// A random valid offset.
pub fn offset(text: &str, rng: &mut Rng) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !valid(text, at) {
        at -= 1;
    }
    at
}

/// The first valid offset at or after `at`.
fn forward(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !valid(text, at) {
        at += 1;
    }
    at
}

/// A random edit of `text`: the byte range it replaces and the new text.
/// Above `limit` bytes, edits delete more than they add, so that files (and
/// the server's memory) stay the same size on average however long the run.
pub fn edit(text: &str, limit: usize, rng: &mut Rng) -> (usize, usize, String) {
    let shrink = text.len() > limit;
    let kind = rng.below(100);
    if shrink || kind < 8 {
        // Delete whole lines: a few, or many when the file is too large.
        let starts = crate::line_starts(text);
        let first = rng.below(starts.len());
        let count = if shrink {
            5 + rng.below(40)
        } else {
            1 + rng.below(6)
        };
        let start = starts[first];
        let end = starts.get(first + count).copied().unwrap_or(text.len());
        return (start, forward(text, end), String::new());
    }
    let start = offset(text, rng);
    if kind < 16 {
        return (start, start, rng.pick(ITEMS).to_string());
    }
    let end = forward(text, start + rng.below(12));
    let insert = match rng.below(10) {
        0..=2 => String::new(),
        3..=6 => rng.pick(DESIGN_FRAGMENTS).to_string(),
        _ => rng.pick(TYPED).to_string(),
    };
    (start, end, insert)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Edits stay on valid positions and shrink a file above the limit.
    #[test]
    fn edits_are_valid_and_bounded() {
        let mut rng = Rng::new(7);
        let mut text = crate::generated::design_file(0, 3, 40);
        let mut largest = 0;
        for i in 0..20_000 {
            let (start, end, insert) = edit(&text, 3000, &mut rng);
            assert!(
                start <= end && valid(&text, start) && valid(&text, end),
                "{i}"
            );
            text.replace_range(start..end, &insert);
            if i > 2000 {
                largest = largest.max(text.len());
            }
        }
        assert!(largest < 6000, "{largest}");
    }
}

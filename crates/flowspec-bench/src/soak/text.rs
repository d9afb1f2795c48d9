//! The random text of the soak: where an edit may go, what it inserts, and
//! the files written to disk. Pure functions of the text and the seeded
//! [`Rng`], so a seed replays the same run.

use flowspec_test_fixture::Rng;
pub use flowspec_test_fixture::edits::{edit, offset};
use flowspec_test_fixture::pieces::DESIGN_FRAGMENTS;

/// The text of a file created on disk: a generated design (its tools used
/// by others, its flows naming others'), a copy of another file (every
/// declaration twice), or a broken one.
pub fn new_file(index: usize, files: usize, copy_of: Option<&str>, rng: &mut Rng) -> String {
    match (rng.below(10), copy_of) {
        (0..=1, Some(other)) => other.to_string(),
        (2, _) => {
            let mut text = crate::design_file(index, files, 30);
            let (start, end, insert) = edit(&text, usize::MAX, rng);
            text.replace_range(start..end, &insert);
            text.replace('\n', "\r\n")
        }
        (3, _) => {
            let mut text = String::from("## Broken — ክ 😀\n");
            for _ in 0..20 {
                text.push_str(rng.pick(DESIGN_FRAGMENTS));
                text.push(' ');
            }
            text
        }
        _ => crate::design_file(index, files, 20 + rng.below(60)),
    }
}

/// A fresh path for a file created or renamed on disk, in a folder of the
/// workspace, some with accents, Amharic, emoji or spaces in their names.
pub fn new_path(serial: usize, rng: &mut Rng) -> String {
    let folder = rng.pick(&["designs", "new", "é ሰላም", "deep/er"]);
    let name = rng.pick(&["design", "école", "ክሊኒክ", "😀 emoji", "two words"]);
    format!("{folder}/{name}-{serial}.flow")
}

//! Structured inputs built from the fuzzer's bytes.

use arbitrary::{Arbitrary, Unstructured};

/// Pieces that edits insert: language fragments, every line ending and
/// characters of every width, so that edits make designs, not only noise.
const PIECES: &[&str] = &[
    "tool ",
    "role ",
    "flow ",
    "f: ",
    "a",
    "commcare",
    " -> ",
    "dhis2",
    " monthly",
    " batch",
    "{",
    "}",
    "\n",
    "\r\n",
    "\r",
    "  data: ",
    "\"é ክ 😀\"",
    "\"",
    "~500 forms/day",
    "volume: ",
    ":",
    ",",
    "[",
    "]",
    "# note\n",
    "## doc\n",
    "every 2 hours",
    "cron \"0 2 * * *\"",
    "tbd",
    "👩‍⚕️",
    "\t",
];

/// One edit: replace `len` bytes at `at` (both taken modulo the text, then
/// moved to character boundaries) with a piece or with arbitrary text.
#[derive(Debug)]
pub struct Edit {
    pub at: usize,
    pub len: usize,
    pub insert: String,
}

impl<'a> Arbitrary<'a> for Edit {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Edit> {
        let at = u.arbitrary::<u16>()? as usize;
        let len = u.int_in_range(0..=24usize)?;
        let insert = if u.arbitrary::<bool>()? {
            u.choose(PIECES)?.to_string()
        } else {
            let s: &str = u.arbitrary()?;
            s.chars().take(12).collect()
        };
        Ok(Edit { at, len, insert })
    }
}

impl Edit {
    /// The byte range the edit replaces in `text`, on character boundaries.
    pub fn range(&self, text: &str) -> std::ops::Range<usize> {
        let start = floor_boundary(text, self.at % (text.len() + 1));
        let end = floor_boundary(text, (start + self.len).min(text.len())).max(start);
        start..end
    }

    pub fn apply(&self, text: &mut String) {
        let range = self.range(text);
        text.replace_range(range, &self.insert);
    }
}

pub fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A starting text and up to 16 edits.
pub fn text_and_edits(data: &[u8]) -> (String, Vec<Edit>) {
    let mut u = Unstructured::new(data);
    let text: String = u
        .arbitrary::<&str>()
        .map(str::to_string)
        .unwrap_or_default();
    let mut edits = Vec::new();
    while edits.len() < 16 && !u.is_empty() {
        match Edit::arbitrary(&mut u) {
            Ok(e) => edits.push(e),
            Err(_) => break,
        }
    }
    (text, edits)
}

//! "Did you mean …?": the closest known word to a misspelt one.

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling. Case differences count for little (`mb` → `MB`).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == word {
            continue;
        }
        let distance = if candidate.to_lowercase() == lower {
            0
        } else {
            strsim::damerau_levenshtein(&lower, &candidate.to_lowercase()).max(1)
        };
        // Allow about one edit per three characters, at least one.
        let limit = (word.chars().count().max(candidate.chars().count()) / 3).max(1);
        // Ties go to the first in alphabetical order, so the answer does not
        // depend on the order candidates come in (a hash map's, which
        // differs between a file edited and the same file opened afresh).
        let better = best.is_none_or(|(d, c)| distance < d || (distance == d && candidate < c));
        if distance <= limit && better {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// " Did you mean `x`?" or nothing: for the end of a message.
pub fn hint(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" Did you mean `{s}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    /// Found by the `reparse` fuzz target: `r` is one edit from both `s` and
    /// `l`, and the suggestion followed the workspace's hash-map order, so an
    /// edited file and the same text opened afresh disagreed.
    #[test]
    fn ties_do_not_depend_on_the_order_of_candidates() {
        assert_eq!(did_you_mean("r", ["s", "l"]), Some("l"));
        assert_eq!(did_you_mean("r", ["l", "s"]), Some("l"));
        assert_eq!(did_you_mean("dhis", ["dhis3", "dhis2"]), Some("dhis2"));
    }

    #[test]
    fn finds_close_words_only() {
        let words = ["monthly", "weekly", "daily", "MB"];
        assert_eq!(did_you_mean("montly", words), Some("monthly"));
        assert_eq!(did_you_mean("weekyl", words), Some("weekly"));
        assert_eq!(did_you_mean("mb", words), Some("MB"));
        assert_eq!(did_you_mean("spaceship", words), None);
        assert_eq!(did_you_mean("x", words), None);
    }
}

//! "Did you mean …?": the closest known word to a misspelt one.

/// How far `candidate` is from `word` (whose lower case is `lower`), if it
/// is close enough to be a likely misspelling: about one edit per three
/// characters, at least one. Case differences count for little (`mb` →
/// `MB`).
fn distance(word: &str, lower: &str, candidate: &str) -> Option<usize> {
    if candidate == word {
        return None;
    }
    let distance = if candidate.to_lowercase() == lower {
        0
    } else {
        strsim::damerau_levenshtein(lower, &candidate.to_lowercase()).max(1)
    };
    let limit = (word.chars().count().max(candidate.chars().count()) / 3).max(1);
    (distance <= limit).then_some(distance)
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling; of equally close ones, the first.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if let Some(distance) = distance(word, &lower, candidate)
            && best.is_none_or(|(d, _)| distance < d)
        {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// The same for candidates in no particular order (hash maps' keys, whose
/// order differs from one process to the next and with the workspace's
/// history): of equally close names, the least in byte order, so that the
/// server and `flowspec check` always suggest the same name. Names of
/// `then` (the catalog) win only when closer than those of `first` (the
/// declared names).
pub fn did_you_mean_unordered<'a>(
    word: &str,
    first: impl IntoIterator<Item = &'a str>,
    then: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let least = |candidates: &mut dyn Iterator<Item = &'a str>| {
        candidates
            .filter_map(|c| Some((distance(word, &lower, c)?, c)))
            .min()
    };
    let first = least(&mut first.into_iter());
    let then = least(&mut then.into_iter());
    match (first, then) {
        (Some(a), Some(b)) if b.0 < a.0 => Some(b.1),
        (Some(a), _) => Some(a.1),
        (None, b) => b.map(|b| b.1),
    }
}

/// " Did you mean `x`?" or nothing: for the end of a message.
pub fn hint(suggestion: Option<&str>) -> String {
    suggestion
        .map(|s| format!(" Did you mean `{s}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::{did_you_mean, did_you_mean_unordered};

    #[test]
    fn finds_close_words_only() {
        let words = ["monthly", "weekly", "daily", "MB"];
        assert_eq!(did_you_mean("montly", words), Some("monthly"));
        assert_eq!(did_you_mean("weekyl", words), Some("weekly"));
        assert_eq!(did_you_mean("mb", words), Some("MB"));
        assert_eq!(did_you_mean("spaceship", words), None);
        assert_eq!(did_you_mean("x", words), None);
    }

    /// Of equally close names in no order, the least, whatever their
    /// order; a later list wins only when closer.
    #[test]
    fn unordered_names_give_one_answer() {
        let names = ["tool_7_0", "tool_4_0", "tool_1_0", "tool_9_0"];
        let mut reversed = names;
        reversed.reverse();
        for order in [names, reversed] {
            assert_eq!(
                did_you_mean_unordered("tool_5_0", order, ["tool_5_x"]),
                Some("tool_1_0")
            );
        }
        assert_eq!(
            did_you_mean_unordered("commcar", ["commcore"], ["commcare"]),
            Some("commcare")
        );
        assert_eq!(
            did_you_mean_unordered("commcar", ["commcara"], ["commcare"]),
            Some("commcara")
        );
        assert_eq!(
            did_you_mean_unordered("commcar", [], ["commcarf", "commcare"]),
            Some("commcare")
        );
    }
}

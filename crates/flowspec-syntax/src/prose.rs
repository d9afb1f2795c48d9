//! Lists as a message reads them: `a, b and c`, `a, b or c`. Every crate's
//! messages (the parser's, the analysis's, the exporter's) join lists here,
//! so they all read alike.

/// `a, b and c`.
pub fn join_and<S: AsRef<str>>(items: &[S]) -> String {
    join(items, "and")
}

/// `a, b or c`.
pub fn join_or<S: AsRef<str>>(items: &[S]) -> String {
    join(items, "or")
}

fn join<S: AsRef<str>>(items: &[S], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(AsRef::as_ref).collect();
            format!("{} {word} {}", init.join(", "), last.as_ref())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_prose() {
        assert_eq!(join_and::<&str>(&[]), "");
        assert_eq!(join_and(&["a"]), "a");
        assert_eq!(join_and(&["a", "b"]), "a and b");
        assert_eq!(join_and(&["a", "b", "c"]), "a, b and c");
        assert_eq!(
            join_or(&["a".to_string(), "b".into(), "c".into()]),
            "a, b or c"
        );
        assert_eq!(join_or(&["é", "ሰላም"]), "é or ሰላም");
    }
}

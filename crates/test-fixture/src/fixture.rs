//! `//- path` files and `$0` … `$9` cursor markers in one string.

use std::collections::HashMap;

/// Files and cursor markers.
///
/// ```text
/// //- tools.flow
/// tool commcare "CommCare"
/// //- flows.flow
/// flow f: comm$0care -> dhis2
/// ```
///
/// A source without a `//-` line is one file, `test.flow`.
#[derive(Debug, Clone, Default)]
pub struct Fixture {
    /// `(path, text)`, in the order written.
    pub files: Vec<(String, String)>,
    /// `$0` → (file, byte offset in the text without markers).
    pub markers: HashMap<String, (String, usize)>,
}

impl Fixture {
    pub fn parse(source: &str) -> Fixture {
        let mut fixture = Fixture::default();
        let mut current: Option<(String, String)> = None;
        if !source.trim_start().starts_with("//-") {
            current = Some(("test.flow".to_string(), String::new()));
        }
        for line in source.split_inclusive('\n') {
            if let Some(path) = line.strip_prefix("//- ") {
                fixture.files.extend(current.take());
                current = Some((path.trim().to_string(), String::new()));
            } else if let Some((_, text)) = current.as_mut() {
                text.push_str(line);
            }
        }
        fixture.files.extend(current);
        // Markers are removed in text order, so each offset is where the
        // marker stands in the text without any marker.
        for (path, text) in &mut fixture.files {
            loop {
                let next = (0..10)
                    .filter_map(|n| text.find(&format!("${n}")).map(|at| (at, n)))
                    .min();
                let Some((at, n)) = next else { break };
                text.replace_range(at..at + 2, "");
                let previous = fixture.markers.insert(format!("${n}"), (path.clone(), at));
                assert!(previous.is_none(), "${n} twice in the fixture");
            }
        }
        fixture
    }

    /// The text of a file.
    pub fn text(&self, path: &str) -> &str {
        &self
            .files
            .iter()
            .find(|(p, _)| p == path)
            .unwrap_or_else(|| panic!("no file {path} in the fixture"))
            .1
    }

    /// The file and byte offset of a marker (`"$0"`).
    pub fn marker(&self, name: &str) -> (String, usize) {
        self.markers
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("no marker {name} in the fixture"))
    }

    /// Every marker as `(name, file, offset)`, by name.
    pub fn sorted_markers(&self) -> Vec<(String, String, usize)> {
        let mut all: Vec<(String, String, usize)> = self
            .markers
            .iter()
            .map(|(name, (path, at))| (name.clone(), path.clone(), *at))
            .collect();
        all.sort();
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_in_any_order_and_removed() {
        let f = Fixture::parse("a$1b$0c");
        assert_eq!(f.text("test.flow"), "abc");
        assert_eq!(f.marker("$1"), ("test.flow".to_string(), 1));
        assert_eq!(f.marker("$0"), ("test.flow".to_string(), 2));
    }

    #[test]
    fn files_keep_their_text_and_line_endings() {
        let f = Fixture::parse("//- a.flow\ntool é\r\n//- sub/b.flow\nflow f: é$0 -> x\n");
        assert_eq!(f.files.len(), 2);
        assert_eq!(f.text("a.flow"), "tool é\r\n");
        assert_eq!(f.text("sub/b.flow"), "flow f: é -> x\n");
        assert_eq!(
            f.marker("$0"),
            ("sub/b.flow".to_string(), "flow f: é".len())
        );
        let names: Vec<String> = f.sorted_markers().into_iter().map(|m| m.0).collect();
        assert_eq!(names, ["$0"]);
    }

    #[test]
    #[should_panic(expected = "$0 twice")]
    fn a_marker_twice_is_refused() {
        Fixture::parse("a$0b$0");
    }
}

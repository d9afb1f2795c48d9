//! How a page shows a design file's path: relative to the design's folder
//! (the deepest folder holding every file), so that `flowspec report
//! /home/me/designs/ethiopia` shows `collection.flow`, not the absolute path
//! of the machine that wrote the page.

/// Each path of `paths` relative to the folder that holds them all. Paths
/// are the workspace's keys (file paths or `file://` URIs); both `/` and
/// `\` separate folders. A path with no folder in common is shown whole.
pub fn relative_to_design(paths: &[&str]) -> Vec<String> {
    let folders: Vec<Vec<&str>> = paths.iter().map(|p| folder_parts(p)).collect();
    let common =
        folders
            .iter()
            .skip(1)
            .fold(folders.first().map_or(0, Vec::len), |common, parts| {
                common.min(
                    folders[0]
                        .iter()
                        .zip(parts)
                        .take_while(|(a, b)| a == b)
                        .count(),
                )
            });
    paths
        .iter()
        .map(|path| {
            if common == 0 {
                return path.to_string();
            }
            // Skip the first `common` folders and their separators.
            let mut rest = *path;
            for _ in 0..common {
                let cut = rest.find(['/', '\\']).map_or(rest.len(), |i| i + 1);
                rest = &rest[cut..];
            }
            rest.to_string()
        })
        .collect()
}

/// The folders of a path, outermost first (the file's name left out).
fn folder_parts(path: &str) -> Vec<&str> {
    let mut parts: Vec<&str> = path.split(['/', '\\']).collect();
    parts.pop();
    parts
}

#[cfg(test)]
mod tests {
    use super::relative_to_design;

    #[test]
    fn paths_are_shown_from_the_design_folder() {
        assert_eq!(
            relative_to_design(&[
                "/home/me/designs/ethiopia/collection.flow",
                "/home/me/designs/ethiopia/hmis/dhis2.flow",
            ]),
            ["collection.flow", "hmis/dhis2.flow"]
        );
        assert_eq!(
            relative_to_design(&["/tmp/ሰላም/é.flow"]),
            ["é.flow"],
            "one file: its folder is the design's"
        );
        assert_eq!(
            relative_to_design(&["examples/a/x.flow", "examples/b/y.flow"]),
            ["a/x.flow", "b/y.flow"]
        );
        assert_eq!(
            relative_to_design(&["C:\\designs\\x.flow", "C:\\designs\\sub\\y.flow"]),
            ["x.flow", "sub\\y.flow"]
        );
        assert_eq!(
            relative_to_design(&["a.flow", "b/c.flow"]),
            ["a.flow", "b/c.flow"],
            "no folder in common: shown as given"
        );
        assert_eq!(
            relative_to_design(&["file:///w/d/a.flow", "file:///w/d/b.flow"]),
            ["a.flow", "b.flow"]
        );
        assert!(relative_to_design(&[]).is_empty());
    }

    #[test]
    fn a_folder_prefix_of_another_name_is_not_common() {
        assert_eq!(
            relative_to_design(&["/d/ab/x.flow", "/d/abc/y.flow"]),
            ["ab/x.flow", "abc/y.flow"]
        );
    }
}

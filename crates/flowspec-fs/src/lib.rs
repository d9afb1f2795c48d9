//! Finding and reading `.flow` files: the workspace rule of the language
//! (every `.flow` file below a folder, skipping hidden folders,
//! `node_modules` and `target`, not following symbolic links), and reading a
//! file as UTF-8 with a clear message when it is not.
//!
//! Shared by the command line and the language server so that both see the
//! same workspace.

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use flowspec_syntax::LineIndex;
use flowspec_syntax::line_index::Encoding;
use walkdir::WalkDir;

/// Files larger than this are not read (a design is a few kilobytes).
pub const MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// Folders never searched for designs.
const SKIPPED_FOLDERS: [&str; 2] = ["node_modules", "target"];

/// Whether a walk should skip this folder or file name.
pub fn is_skipped_name(name: &str) -> bool {
    name.starts_with('.') || SKIPPED_FOLDERS.contains(&name)
}

/// A `.flow` design; `*.js.flow` files belong to JavaScript's Flow type
/// checker and are not designs.
pub fn is_flow_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "flow")
        && !path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.ends_with(".js.flow"))
}

/// A path that could not be used.
#[derive(Debug)]
pub struct PathError {
    pub path: PathBuf,
    pub error: io::Error,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for PathError {}

/// Where a path really is (links and `..` resolved), or the path itself
/// when it cannot be resolved: two paths name the same file when their real
/// paths are equal.
pub fn real_path(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Every `.flow` file that the given paths name: files as they are, folders
/// walked. Sorted and without repeats: a file named two ways (`../x/a.flow`
/// and `a.flow`, a relative and an absolute path) is one file, kept under
/// the first spelling met. A path that does not exist or a folder that
/// cannot be read is an error.
pub fn collect_flow_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, PathError> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|error| PathError {
            path: path.clone(),
            error,
        })?;
        let found = if meta.is_dir() {
            walk_folder(path)?
        } else {
            vec![path.clone()]
        };
        for file in found {
            // A path that cannot be resolved is its own key (reading it
            // reports the problem).
            if seen.insert(real_path(&file)) {
                out.push(file);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Every `.flow` file below `root`, by the workspace rule.
pub fn walk_folder(root: &Path) -> Result<Vec<PathBuf>, PathError> {
    let mut out = Vec::new();
    let walker = WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(is_skipped_name));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            // An unreadable folder below the root is skipped, as editors do;
            // an unreadable root is an error.
            Err(e) if e.depth() > 0 => continue,
            Err(e) => {
                return Err(PathError {
                    path: root.to_path_buf(),
                    error: e
                        .into_io_error()
                        .unwrap_or_else(|| io::Error::other("cannot walk")),
                });
            }
        };
        if entry.file_type().is_file() && is_flow_file(entry.path()) {
            out.push(entry.into_path());
        }
    }
    Ok(out)
}

/// Whether indexing the folders `roots` would read `path`, judged by its
/// name alone: a design file below a root with no hidden or skipped name
/// on the way down. (For a path that may not exist any more: a deleted
/// file, a folder removed from the workspace.)
pub fn in_workspace(roots: &[PathBuf], path: &Path) -> bool {
    is_flow_file(path) && roots.iter().any(|root| below_by_name(root, path))
}

fn below_by_name(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root).is_ok_and(|rest| {
        rest.components().next().is_some()
            && !rest
                .components()
                .any(|c| c.as_os_str().to_str().is_some_and(is_skipped_name))
    })
}

/// Whether indexing the folders `roots` reads `path` as it is on disk now:
/// [`in_workspace`], a regular file, and no symbolic link on the way down
/// from the root (the walk does not follow links, to files or to folders;
/// a root that is itself a link is followed, as the walk does).
pub fn is_design_on_disk(roots: &[PathBuf], path: &Path) -> bool {
    is_flow_file(path)
        && roots.iter().any(|root| {
            below_by_name(root, path) && {
                let rest = path.strip_prefix(root).expect("below the root");
                let mut at = root.to_path_buf();
                let mut ok = true;
                for c in rest.components() {
                    at.push(c);
                    match std::fs::symlink_metadata(&at) {
                        Ok(meta) if !meta.file_type().is_symlink() => {}
                        _ => {
                            ok = false;
                            break;
                        }
                    }
                }
                ok && std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
            }
        })
}

/// The text of a file, or why it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    Text(String),
    /// Not UTF-8 text; says where, for a diagnostic.
    NotUtf8(NotUtf8),
    /// Over [`MAX_FILE_SIZE`]; not read. The message says so.
    TooLarge(String),
}

/// A file that is not UTF-8 text, and where it stops being so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotUtf8 {
    /// The bad byte, its line and its column.
    pub message: String,
    /// The file as far as it can be shown: each invalid sequence replaced
    /// by U+FFFD.
    pub text: String,
    /// The bad byte's place in `text`: the start of its U+FFFD, on the
    /// line and column the message names.
    pub at: usize,
}

/// Reads a design file. I/O errors (missing, unreadable) are errors;
/// contents that are not UTF-8 text, or too large, are told apart.
pub fn read_flow_file(path: &Path) -> io::Result<Loaded> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > MAX_FILE_SIZE {
        return Ok(Loaded::TooLarge(format!(
            "this file is {} MB; Flowspec reads designs up to {} MB",
            meta.len() / (1024 * 1024),
            MAX_FILE_SIZE / (1024 * 1024)
        )));
    }
    Ok(decode(std::fs::read(path)?))
}

/// Decodes bytes as UTF-8, or says where they stop being UTF-8.
pub fn decode(bytes: Vec<u8>) -> Loaded {
    match String::from_utf8(bytes) {
        Ok(text) => Loaded::Text(text),
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            // Everything before the bad byte is UTF-8: its lines and
            // columns are the line model's (columns count characters).
            let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
            let pos = LineIndex::new(before).line_col(before, at, Encoding::Utf32);
            let (line, column) = (pos.line + 1, pos.col + 1);
            let message = format!(
                "this file is not UTF-8 text: byte 0x{:02X} at line {line}, column {column} is not valid UTF-8. Save the file as UTF-8 and check again",
                bytes[at]
            );
            // The valid text before the bad byte is kept as it is, so `at`
            // is the same offset in the shown text.
            let text = String::from_utf8_lossy(bytes).into_owned();
            Loaded::NotUtf8(NotUtf8 { message, text, at })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_by_the_workspace_rule() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "a.flow",
            "sub/b.flow",
            "sub/notes.txt",
            ".hidden/c.flow",
            "node_modules/d.flow",
            "target/e.flow",
            "sub/deeper/f.flow",
            "sub/types.js.flow",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        let found: Vec<String> = collect_flow_files(&[root.to_path_buf()])
            .unwrap()
            .iter()
            .map(|p| {
                p.strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        assert_eq!(found, ["a.flow", "sub/b.flow", "sub/deeper/f.flow"]);
        // A hidden folder given explicitly is walked.
        let hidden = collect_flow_files(&[root.join(".hidden")]).unwrap();
        assert_eq!(hidden.len(), 1);
        // The same folder or file named two ways is collected once, under
        // the first name given.
        let twice = collect_flow_files(&[
            root.join("sub"),
            root.join("sub/../sub"),
            root.join("sub/b.flow"),
        ])
        .unwrap();
        assert_eq!(
            twice,
            [root.join("sub/b.flow"), root.join("sub/deeper/f.flow")]
        );
        let missing = collect_flow_files(&[root.join("nope")]).unwrap_err();
        assert!(missing.to_string().contains("nope"));
    }

    /// Every file of a tree with links, hidden and skipped folders: a walk
    /// finds exactly the files the one-path rule accepts.
    #[cfg(unix)]
    #[test]
    fn the_walk_and_the_one_path_rule_agree() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::create_dir(outside.path().join("dir")).unwrap();
        std::fs::write(outside.path().join("dir/far.flow"), "").unwrap();
        std::fs::write(outside.path().join("one.flow"), "").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        for file in [
            "a.flow",
            "sub/b.flow",
            ".hidden/c.flow",
            "node_modules/d.flow",
            "sub/types.js.flow",
            "sub/deeper/e.flow",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        symlink(outside.path().join("dir"), root.join("linked")).unwrap();
        symlink(outside.path().join("one.flow"), root.join("sub/link.flow")).unwrap();
        symlink(root.join("sub"), root.join("again")).unwrap();
        // A root that is a link is followed, as the walk follows it.
        let root_link = outside.path().join("root-link");
        symlink(&root, &root_link).unwrap();

        for root in [root.clone(), root_link] {
            let roots = [root.clone()];
            let walked: HashSet<PathBuf> = walk_folder(&root).unwrap().into_iter().collect();
            // Every path that names a file, links followed.
            let every: Vec<PathBuf> = WalkDir::new(&root)
                .follow_links(true)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .collect();
            assert!(every.len() > walked.len(), "{every:?}");
            for path in &every {
                assert_eq!(
                    is_design_on_disk(&roots, path),
                    walked.contains(path),
                    "{}",
                    path.display()
                );
            }
            assert!(walked.contains(&root.join("sub/deeper/e.flow")));
            assert!(!is_design_on_disk(&roots, &root.join("linked/far.flow")));
            assert!(!is_design_on_disk(&roots, &root.join("again/b.flow")));
            // By name alone a link's files are in (deleted files have no
            // metadata to tell); hidden and skipped ones are not.
            assert!(in_workspace(&roots, &root.join("linked/far.flow")));
            assert!(!in_workspace(&roots, &root.join(".hidden/c.flow")));
            assert!(!in_workspace(&roots, &root.join("node_modules/d.flow")));
            assert!(!in_workspace(&roots, &root.join("sub/types.js.flow")));
            assert!(!in_workspace(&roots, &outside.path().join("one.flow")));
        }
    }

    #[test]
    fn reports_where_utf8_breaks() {
        let Loaded::NotUtf8(bad) = decode(b"ok\n\xc3\xa9\xffcd".to_vec()) else {
            panic!()
        };
        assert!(
            bad.message.contains("0xFF at line 2, column 2"),
            "{}",
            bad.message
        );
        assert_eq!(bad.text, "ok\né\u{fffd}cd");
        assert_eq!(&bad.text[bad.at..], "\u{fffd}cd");
        assert_eq!(decode(b"caf\xc3\xa9".to_vec()), Loaded::Text("café".into()));
    }

    /// Lines end at `\n`, `\r\n` or a lone `\r`, as everywhere else: the
    /// message names the line and column the diagnostic is shown at.
    #[test]
    fn counts_lines_as_the_editor_does() {
        let Loaded::NotUtf8(bad) = decode(b"a\rb\r\nc\n\xe1\x88\xb0x\xfe".to_vec()) else {
            panic!()
        };
        assert!(
            bad.message.contains("0xFE at line 4, column 3"),
            "{}",
            bad.message
        );
        assert_eq!(&bad.text[bad.at..], "\u{fffd}");
    }
}

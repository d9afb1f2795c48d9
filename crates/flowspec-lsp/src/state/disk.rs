//! Files from disk: indexing the workspace folders, watched-file events,
//! folders added and removed, and a closed document going back to its
//! text on disk. Which files belong is `flowspec-fs`'s workspace rule, the
//! same for the walk, for a single path and for the command line.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use flowspec_analysis::FileId;
use flowspec_fs::Loaded;
use tower_lsp_server::ls_types::{FileChangeType, MessageType};

use super::Core;
use crate::convert;

impl Core {
    /// Indexes every workspace folder, then publishes every file.
    pub(super) fn index(&mut self) {
        let roots = self.roots.clone();
        for root in &roots {
            self.index_folder(root);
        }
        self.indexed = true;
        self.analyse();
        self.publish_all();
        self.refresh_semantic_tokens();
    }

    pub(super) fn close(&mut self, key: &str) {
        self.order.forget(key);
        self.shared.forget(key);
        if self.docs.remove(key).is_none() {
            return;
        }
        self.dirty.remove(key);
        // Back to the disk's text, if the file is on disk and in the
        // workspace; a file from elsewhere leaves with its editor.
        let on_disk = convert::path(key).filter(|p| self.is_design_on_disk(p));
        match on_disk {
            Some(path) => {
                if let Some(affected) = self.load_from_disk(key, &path) {
                    self.publish(affected);
                }
            }
            None => self.remove(key),
        }
    }

    fn remove(&mut self, key: &str) {
        self.shared.forget(key);
        let affected = self.workspace.remove_file(key);
        self.clear(key);
        self.publish(affected);
    }

    /// Reads a file into the workspace. `None` when it is skipped (too large,
    /// unreadable); the reason is logged.
    fn load_from_disk(&mut self, key: &str, path: &Path) -> Option<Vec<FileId>> {
        match flowspec_fs::read_flow_file(path) {
            Ok(Loaded::Text(text)) => Some(self.workspace.set_file(key, text).1),
            Ok(Loaded::NotUtf8(bad)) => Some(
                self.workspace
                    .set_unreadable_at(key, Arc::from(bad.text), bad.at, bad.message)
                    .1,
            ),
            Ok(Loaded::TooLarge(message)) => {
                self.log(
                    MessageType::WARNING,
                    format!("skipped {}: {message}", path.display()),
                );
                None
            }
            Err(e) => {
                self.log(
                    MessageType::WARNING,
                    format!("could not read {}: {e}", path.display()),
                );
                None
            }
        }
    }

    /// Whether indexing would read this path (by its name: it may be gone).
    fn in_workspace(&self, path: &Path) -> bool {
        flowspec_fs::in_workspace(&self.roots, path)
    }

    /// Whether indexing reads this path as it is on disk now.
    fn is_design_on_disk(&self, path: &Path) -> bool {
        flowspec_fs::is_design_on_disk(&self.roots, path)
    }

    fn index_folder(&mut self, root: &Path) {
        let started = Instant::now();
        let paths = match flowspec_fs::walk_folder(root) {
            Ok(paths) => paths,
            Err(e) => {
                self.log(MessageType::WARNING, format!("could not index {e}"));
                return;
            }
        };
        let mut texts: Vec<(String, Arc<str>)> = Vec::with_capacity(paths.len());
        let mut unreadable = Vec::new();
        let mut count = 0;
        for path in &paths {
            let Some(key) = convert::key_of_path(path) else {
                continue;
            };
            count += 1;
            if self.docs.contains_key(&key) {
                continue; // the open document's text wins
            }
            match flowspec_fs::read_flow_file(path) {
                Ok(Loaded::Text(text)) => texts.push((key, Arc::from(text))),
                Ok(Loaded::NotUtf8(bad)) => unreadable.push((key, bad)),
                Ok(Loaded::TooLarge(message)) => {
                    count -= 1;
                    self.log(
                        MessageType::WARNING,
                        format!("skipped {}: {message}", path.display()),
                    );
                }
                Err(e) => {
                    count -= 1;
                    self.log(
                        MessageType::WARNING,
                        format!("could not read {}: {e}", path.display()),
                    );
                }
            }
        }

        self.workspace.set_files(texts);
        for (key, bad) in unreadable {
            self.workspace
                .set_unreadable_at(&key, Arc::from(bad.text), bad.at, bad.message);
        }
        self.log(
            MessageType::INFO,
            format!(
                "indexed {count} .flow files in {} in {} ms",
                root.display(),
                started.elapsed().as_millis()
            ),
        );
    }

    pub(super) fn watched(&mut self, events: Vec<(String, FileChangeType)>) {
        for (key, kind) in events {
            if self.docs.contains_key(&key) {
                continue; // an open document's text wins over the disk
            }
            let Some(path) = convert::path(&key) else {
                continue;
            };
            let known = self.workspace.file_id(&key).is_some();
            if kind == FileChangeType::DELETED || !self.is_design_on_disk(&path) {
                if known {
                    self.remove(&key);
                }
            } else {
                match self.load_from_disk(&key, &path) {
                    Some(affected) => self.publish(affected),
                    // Grown past the size limit, or unreadable now: as
                    // indexing would, leave it out.
                    None if known => self.remove(&key),
                    None => {}
                }
            }
        }
    }

    pub(super) fn folders(&mut self, added: Vec<PathBuf>, removed: Vec<PathBuf>) {
        for root in &removed {
            self.roots.retain(|r| r != root);
            let gone: Vec<String> = self
                .workspace
                .files()
                .map(|(_, f)| f.path.clone())
                .filter(|key| !self.docs.contains_key(key))
                .filter(|key| {
                    convert::path(key)
                        .is_some_and(|p| p.starts_with(root) && !self.in_workspace(&p))
                })
                .collect();
            for key in gone {
                self.remove(&key);
            }
        }
        for root in added {
            if !self.roots.contains(&root) {
                self.roots.push(root.clone());
                self.index_folder(&root);
            }
        }
        self.publish_all();
        // Steps in open files may now resolve, or no longer.
        self.refresh_semantic_tokens();
    }
}

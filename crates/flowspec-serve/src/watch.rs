//! Reloading the design when its files change: a `notify` watcher on each
//! path (a folder recursively; a file through its folder, since editors
//! save by writing a new file and renaming it over the old one), a short
//! wait for the rest of a save's events, then one reload off the async
//! threads, published only when what the page shows has changed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::{mpsc, watch};

use crate::snapshot::Snapshot;

/// How long to wait after a change for the rest of its events (a save is
/// often a write, a rename and an attribute change).
pub const SETTLE: Duration = Duration::from_millis(25);

/// While the design cannot be loaded (its folder removed or renamed, which
/// also ends the watch on it), how often to look for it again.
pub const RETRY: Duration = Duration::from_millis(250);

/// Watches `paths` and publishes each changed snapshot on `publish`, for as
/// long as the runtime runs.
pub fn watch(paths: Vec<PathBuf>, publish: watch::Sender<Arc<Snapshot>>) -> Result<(), String> {
    let (tx, mut rx) = mpsc::unbounded_channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // An error (a watch lost, an overflow): reload to be sure.
        if event.as_ref().is_ok_and(|e| !relevant(e)) {
            return;
        }
        let _ = tx.send(());
    })
    .map_err(|e| format!("cannot watch the design's files: {e}"))?;
    add_watches(&mut watcher, &paths)?;
    tokio::spawn(async move {
        loop {
            if publish.borrow().error.is_some() {
                // The design is gone: no event may come for it, so look.
                tokio::select! {
                    event = rx.recv() => if event.is_none() { return },
                    () = tokio::time::sleep(RETRY) => {
                        if !paths.iter().all(|p| p.exists()) {
                            continue;
                        }
                        // Back: watch it anew (the old watch died with it).
                        let _ = add_watches(&mut watcher, &paths);
                    }
                }
            } else if rx.recv().await.is_none() {
                return;
            }
            tokio::time::sleep(SETTLE).await;
            while rx.try_recv().is_ok() {}
            let last = publish.borrow().clone();
            let reload = paths.clone();
            let next = tokio::task::spawn_blocking(move || last.reload(&reload))
                .await
                .ok()
                .flatten();
            if let Some(next) = next {
                publish.send_replace(Arc::new(next));
            }
        }
    });
    Ok(())
}

/// A folder recursively; a file through its folder.
fn add_watches(watcher: &mut RecommendedWatcher, paths: &[PathBuf]) -> Result<(), String> {
    for path in paths {
        let (target, mode) = if path.is_dir() {
            (path.clone(), RecursiveMode::Recursive)
        } else {
            (folder_of(path), RecursiveMode::NonRecursive)
        };
        let _ = watcher.unwatch(&target);
        watcher
            .watch(&target, mode)
            .map_err(|e| format!("cannot watch `{}`: {e}", target.display()))?;
    }
    Ok(())
}

/// The folder holding a file (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether an event may change the design: anything but a read, touching a
/// `.flow` file or a folder (created, renamed, removed: its files with it).
fn relevant(event: &notify::Event) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
        EventKind::Access(_) => return false,
        _ => {}
    }
    event.paths.is_empty()
        || event
            .paths
            .iter()
            .any(|p| p.extension().is_none_or(|e| e == "flow"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind};

    fn event(kind: EventKind, path: &str) -> notify::Event {
        notify::Event::new(kind).add_path(PathBuf::from(path))
    }

    #[test]
    fn reads_and_other_files_do_not_reload() {
        let write = EventKind::Modify(ModifyKind::Any);
        assert!(relevant(&event(write, "d/a.flow")));
        assert!(relevant(&event(
            EventKind::Create(CreateKind::Folder),
            "d/sub"
        )));
        assert!(relevant(&event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            "d/a.flow"
        )));
        assert!(!relevant(&event(
            EventKind::Access(AccessKind::Open(AccessMode::Read)),
            "d/a.flow"
        )));
        assert!(!relevant(&event(write, "d/notes.txt")));
        assert!(!relevant(&event(write, "d/.a.flow.swp")));
        assert_eq!(folder_of(Path::new("a.flow")), PathBuf::from("."));
        assert_eq!(folder_of(Path::new("d/a.flow")), PathBuf::from("d"));
    }
}

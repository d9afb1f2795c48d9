//! Writing a command's output: to a file (never over an existing one
//! without `--force`, never over a `.flow` file) or to stdout, and saying
//! so. `graph`, `report` and `export mapping` write one file each this way.

use std::path::{Path, PathBuf};

use crate::USAGE;
use crate::load::display_path;

/// The refusal of an output file that exists, without `--force` (status
/// 2, before any work is done); `None` when there is nothing to refuse.
pub fn refuse_existing(output: Option<&PathBuf>, force: bool) -> Option<u8> {
    let path = output.filter(|p| p.as_os_str() != "-")?;
    (!force && path.exists()).then(|| {
        eprintln!("error: {}", exists(path));
        USAGE
    })
}

/// `` `x` exists: nothing was written (pass --force to overwrite it) ``.
pub fn exists(path: &Path) -> String {
    format!(
        "`{}` exists: nothing was written (pass --force to overwrite it)",
        display_path(path)
    )
}

/// Writes the output and says where it went: the exit status.
pub fn write_and_say(output: Option<&PathBuf>, bytes: impl AsRef<[u8]>, overwrite: bool) -> u8 {
    match write_output(output, bytes, overwrite) {
        Ok(()) => {
            if let Some(path) = output.filter(|p| p.as_os_str() != "-") {
                eprintln!("wrote `{}`", display_path(path));
            }
            0
        }
        Err((status, message)) => {
            eprintln!("error: {message}");
            status
        }
    }
}

/// Writes to the file, or to stdout for none or `-`. Without `overwrite`,
/// an existing file is refused (status 2). A `.flow` file is never written.
pub fn write_output(
    output: Option<&PathBuf>,
    text: impl AsRef<[u8]>,
    overwrite: bool,
) -> Result<(), (u8, String)> {
    use std::io::Write;
    let text = text.as_ref();
    let Some(path) = output.filter(|p| p.as_os_str() != "-") else {
        let mut stdout = std::io::stdout().lock();
        return stdout
            .write_all(text)
            .and_then(|()| stdout.flush())
            .map_err(|e| (1, format!("cannot write to stdout: {e}")));
    };
    let shown = display_path(path);
    if path.extension().is_some_and(|e| e == "flow") {
        return Err((
            USAGE,
            format!("`{shown}` is a .flow file: choose another output file"),
        ));
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if overwrite {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    let mut file = options.open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => (USAGE, exists(path)),
        _ => (1, format!("cannot write `{shown}`: {e}")),
    })?;
    file.write_all(text)
        .and_then(|()| file.flush())
        .map_err(|e| (1, format!("cannot write `{shown}`: {e}")))
}

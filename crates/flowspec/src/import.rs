//! `flowspec import openfn PATH`: an OpenFn project as a design. The
//! importer (`flowspec-import`) reads the project and writes the texts;
//! this reads the files, writes the design and the kept project beside it
//! (never over a file without `--force`) and prints the notes.

use std::path::{Path, PathBuf};

use flowspec_import::{FolderFile, Source};

use crate::USAGE;
use crate::load::{describe_path_error, display_path};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    source: From,
}

#[derive(clap::Subcommand)]
enum From {
    /// An OpenFn project: a v1 project.yaml, a 4.0 project file or workspace folder, or Lightning's state JSON
    #[command(long_about = OPENFN_HELP)]
    Openfn(OpenfnArgs),
}

const OPENFN_HELP: &str = "\
Reads an OpenFn project and writes a design: a tool per system its adaptors \
name (a catalog id where the adaptor is one, e.g. @openfn/language-dhis2 -> \
dhis2), a named flow per workflow with its chain from the edges (branches, \
conditions and the jobs off the chain as comments), Timing and Frequency from \
the triggers, and Data flow, Transformation and Volume as open questions with \
the operations the job code calls written above them. `flowspec check` on the \
result lists what the project never documented.

PATH is a v1 project.yaml, a 4.0 project file (schema_version '4.0'), a 4.0 \
workspace folder (with an openfn.yaml), or Lightning's state JSON (.json). \
The design goes to -o (default: beside PATH, PATH's name with .flow); the \
project itself is kept beside it as NAME.openfn.yaml (a 4.0 project file), \
from which `flowspec export openfn` gives back every job, its code and \
credential, every trigger and edge, as they were.

Exit status: 0 when both files are written; 2 for a project that cannot be \
read (the message says file, line and column: malformed YAML or JSON, unknown \
or missing fields, duplicate ids, an edge pointing nowhere), an unreadable \
path, or a file that exists (pass --force to overwrite it). Nothing is \
written unless everything is.";

#[derive(clap::Args)]
struct OpenfnArgs {
    /// The project file or workspace folder
    path: PathBuf,
    /// The design to write. Default: beside PATH, with its name and .flow
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Overwrite the design and the kept project if they exist
    #[arg(long)]
    force: bool,
}

pub fn run(args: &Args) -> u8 {
    match &args.source {
        From::Openfn(args) => openfn(args),
    }
}

fn openfn(args: &OpenfnArgs) -> u8 {
    let source = match read_source(&args.path) {
        Ok(s) => s,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| default_output(&args.path));
    if output.extension().is_none_or(|e| e != "flow") {
        eprintln!(
            "error: the design must be a .flow file, not `{}`",
            display_path(&output)
        );
        return USAGE;
    }
    let kept = flowspec_design::openfn::kept_path(&output);
    if !args.force
        && let Some(existing) = [&output, &kept].into_iter().find(|p| p.exists())
    {
        eprintln!("error: {}", crate::output::exists(existing));
        return USAGE;
    }
    let kept_name = kept
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let imported = match flowspec_import::import(&source, &kept_name) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            eprintln!("error: nothing was written");
            return USAGE;
        }
    };
    for note in &imported.notes {
        eprintln!("note: {note}");
    }
    if let Err(message) = write_new(&output, &imported.design, args.force) {
        eprintln!("error: {message}");
        return USAGE;
    }
    if let Err(message) = write_new(&kept, &imported.kept, args.force) {
        // Both or neither: the design without its project would lose code.
        let _ = std::fs::remove_file(&output);
        eprintln!("error: {message}");
        return USAGE;
    }
    let workflows = imported.project.workflows.len();
    let jobs: usize = imported
        .project
        .workflows
        .iter()
        .map(|w| w.jobs.len())
        .sum();
    eprintln!(
        "wrote `{}` ({} from {}: {workflows} workflow{}, {jobs} job{}) and `{}` (the project as imported)",
        display_path(&output),
        imported.project.name,
        imported.format.describe(),
        if workflows == 1 { "" } else { "s" },
        if jobs == 1 { "" } else { "s" },
        display_path(&kept)
    );
    0
}

/// `dir/project.yaml` → `dir/project.flow`; a folder `ws/` → `ws.flow`
/// beside it.
fn default_output(path: &Path) -> PathBuf {
    let trimmed: PathBuf = path.components().collect();
    let stem = if trimmed.is_dir() {
        trimmed.file_name().map(|n| n.to_os_string())
    } else {
        trimmed.file_stem().map(|n| n.to_os_string())
    };
    let mut name = stem.unwrap_or_else(|| "openfn".into());
    name.push(".flow");
    match trimmed.parent() {
        Some(parent) => parent.join(name),
        None => PathBuf::from(name),
    }
}

/// The file, or every file of the folder an import may need (YAML, JSON
/// and JavaScript; not in hidden folders or `node_modules`).
fn read_source(path: &Path) -> Result<Source, String> {
    let shown = display_path(path);
    let meta = std::fs::metadata(path).map_err(|e| describe_path_error(path, &e))?;
    if !meta.is_dir() {
        let text = read_text(path)?;
        return Ok(Source::File { path: shown, text });
    }
    let mut files = Vec::new();
    let mut stack = vec![path.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| describe_path_error(&dir, &e))?;
        for entry in entries {
            let entry = entry.map_err(|e| describe_path_error(&dir, &e))?;
            let p = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().map_err(|e| describe_path_error(&p, &e))?;
            if kind.is_dir() {
                if !name.starts_with('.') && name != "node_modules" {
                    stack.push(p);
                }
            } else if kind.is_file()
                && [".yaml", ".yml", ".json", ".js"]
                    .iter()
                    .any(|e| name.ends_with(e))
            {
                let relative = p
                    .strip_prefix(path)
                    .map_err(|_| format!("cannot read `{}`", display_path(&p)))?
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push(FolderFile {
                    path: relative,
                    text: read_text(&p)?,
                });
            }
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Source::Folder { path: shown, files })
}

fn read_text(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| describe_path_error(path, &e))?;
    String::from_utf8(bytes).map_err(|e| {
        let text =
            String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]).into_owned();
        let line = text.matches('\n').count() + 1;
        let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        format!("{}:{line}:{column}: not UTF-8", display_path(path))
    })
}

/// Writes a new file (or, with `force`, over one).
fn write_new(path: &Path, text: &str, force: bool) -> Result<(), String> {
    let shown = display_path(path);
    if let Some(parent) = path.parent()
        && !parent.as_os_str().is_empty()
        && !parent.is_dir()
    {
        return Err(format!(
            "cannot write `{shown}`: no folder `{}`",
            display_path(parent)
        ));
    }
    crate::export::write_file(path, text, force)
}

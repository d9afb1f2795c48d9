//! `flowspec export openfn`: a design as an OpenFn project skeleton. The
//! exporter (`flowspec-export`) builds the text; this reads the design,
//! refuses a design with errors, writes the file and prints the notes.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use flowspec_analysis::syntax::line_index::Encoding;
use flowspec_analysis::{Severity, Workspace};
use flowspec_export::openfn::{self, Error, Format};

use crate::load::{display_path, load_workspace};
use crate::{USAGE, paths_or_default, render};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    target: Target,
}

#[derive(clap::Subcommand)]
enum Target {
    /// An OpenFn project skeleton (a 4.0 workspace folder or project file, or a v1 project.yaml) or a CLI workflow plan (workflow.json)
    #[command(long_about = OPENFN_HELP)]
    Openfn(OpenfnArgs),
    /// Every flow's mapping table as CSV: source field, target field, rule, example
    #[command(long_about = crate::export_mapping::HELP)]
    Mapping(crate::export_mapping::Args),
}

const OPENFN_HELP: &str = "\
Turn a design into a runnable OpenFn project skeleton.

Each named flow becomes a workflow (anonymous flows are skipped, with a note). \
Its trigger comes from the flow's timing and frequency: realtime is a webhook; \
batch a cron trigger with the frequency's schedule (calendar words at 02:00 UTC: \
daily `0 2 * * *`, weekly `0 2 * * 1`, monthly `0 2 1 * *`; `every N unit` as \
`*/N` where cron can say it, else the closest schedule, with a note); manual a \
webhook left disabled, since a person starts it. Without a timing or a schedule \
the trigger is disabled, with a note. Each step with an OpenFn adaptor becomes a \
job, plus a `transform` job (@openfn/language-common) when the flow says what to \
transform; steps without one (people, Excel, Metabase) are named in a note and \
in the next job's body. Job bodies carry the design's answers as comments, then \
`fn(state => state);`.

--format workspace (the default) writes a folder in OpenFn's 4.0 layout, what \
the current OpenFn CLI deploys (`openfn project deploy`, and `openfn deploy` in \
a folder with an openfn.yaml): openfn.yaml, workflows/<id>/<id>.yaml and each \
job's code as workflows/<id>/<job>.js. --format project writes the same as one \
4.0 project file (schema_version '4.0'); --format project-v1 the v1 \
project.yaml of the legacy `openfn deploy`. --format workflow-json writes the \
OpenFn CLI's execution plan for one flow: with several named flows, choose it \
with --flow.

Exit status: 0 when the file is written (notes do not fail it); 1 when the \
design has errors (they are printed; nothing is written; warnings do not block) \
or no named flow; 2 for usage errors, unreadable paths, and an output file that \
exists (pass --force to overwrite it; for a folder, any of the files it would \
write).";

#[derive(clap::Args)]
struct OpenfnArgs {
    /// Files and folders of the design; a folder means every .flow file
    /// below it. All paths form one workspace. Default: the current folder
    paths: Vec<PathBuf>,
    /// The file or folder to write, or `-` for stdout (one-file formats).
    /// Default: the folder `openfn`, project.yaml with --format project or
    /// project-v1, workflow.json with --format workflow-json
    #[arg(short, long, value_name = "PATH")]
    output: Option<PathBuf>,
    /// What to write
    #[arg(long, value_enum, default_value_t = FormatArg::Workspace)]
    format: FormatArg,
    /// Export only this flow (its name in the design, or its workflow id)
    #[arg(long, value_name = "NAME")]
    flow: Option<String>,
    /// The project's name. Default: the name of the folder (or file) given,
    /// else of the current folder
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Overwrite the output file (or the folder's files) if it exists
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// A 4.0 workspace folder: what `openfn project deploy` reads
    Workspace,
    /// One 4.0 project file (schema_version '4.0')
    Project,
    /// project.yaml in the v1 spec of the legacy `openfn deploy`
    ProjectV1,
    /// workflow.json: the execution plan `openfn workflow.json` runs
    WorkflowJson,
}

pub fn run(args: &Args) -> u8 {
    match &args.target {
        Target::Openfn(args) => openfn(args),
        Target::Mapping(args) => crate::export_mapping::run(args),
    }
}

fn openfn(args: &OpenfnArgs) -> u8 {
    let format = match args.format {
        FormatArg::Workspace => Format::Workspace,
        FormatArg::Project => Format::ProjectV4,
        FormatArg::ProjectV1 => Format::ProjectV1,
        FormatArg::WorkflowJson => Format::WorkflowJson,
    };
    let output = args.output.clone().unwrap_or_else(|| {
        PathBuf::from(match format {
            Format::Workspace => "openfn",
            Format::ProjectV4 | Format::ProjectV1 => "project.yaml",
            Format::WorkflowJson => "workflow.json",
        })
    });
    let to_stdout = output == Path::new("-");
    if to_stdout && format.is_folder() {
        eprintln!(
            "error: a workspace is a folder and cannot go to stdout: give `-o FOLDER`, or `--format project` for one file"
        );
        return USAGE;
    }
    if !to_stdout && !args.force && !format.is_folder() && output.exists() {
        eprintln!("error: {}", crate::output::exists(&output));
        return USAGE;
    }

    let paths = paths_or_default(&args.paths);
    let workspace = match load_workspace(&paths) {
        Ok(w) => w,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    if let Some(status) = refuse_errors(&workspace) {
        return status;
    }

    let kept = match flowspec_design::openfn::kept_projects(&workspace) {
        Ok(k) => k,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    let project_name = flowspec_design::openfn::project_name(args.name.as_deref(), &kept, &paths);
    let options = openfn::Options {
        project_name,
        format,
        flow: args.flow.clone(),
        kept,
    };
    let export = match openfn::export(&workspace, &options) {
        Ok(export) => export,
        Err(e @ Error::NoNamedFlows { .. }) => {
            eprintln!("error: {e}");
            return 1;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return USAGE;
        }
    };
    for note in &export.notes {
        eprintln!("note: {note}");
    }

    if format.is_folder() {
        if let Err(message) = write_folder(&output, &export.files, args.force) {
            eprintln!("error: {message}");
            return USAGE;
        }
    } else if to_stdout {
        let mut stdout = std::io::stdout().lock();
        if stdout
            .write_all(export.text.as_bytes())
            .and_then(|_| stdout.flush())
            .is_err()
        {
            return USAGE;
        }
    } else if let Err(message) = write_file(&output, &export.text, args.force) {
        eprintln!("error: {message}");
        return USAGE;
    }

    let workflows = export.project.workflows.len();
    let jobs: usize = export.project.workflows.iter().map(|w| w.jobs.len()).sum();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let target = if to_stdout {
        "stdout".to_string()
    } else {
        format!("`{}`", display_path(&output))
    };
    eprintln!(
        "wrote {target}: {}, {}",
        plural(workflows, "workflow"),
        plural(jobs, "job")
    );
    print_to_implement(&workspace, &export.project);
    0
}

/// The mapping rules a person must write, for the flows exported: each
/// transform job leaves them undefined under a `TO IMPLEMENT` line.
fn print_to_implement(workspace: &Workspace, project: &openfn::Project) {
    let exported = |flow: &str| project.workflows.iter().any(|w| w.flow == flow);
    let todo: Vec<_> = flowspec_analysis::records::plan::to_implement(workspace)
        .into_iter()
        .filter(|t| exported(&t.flow))
        .collect();
    if todo.is_empty() {
        return;
    }
    eprintln!(
        "to implement by hand ({}; each transform job leaves it undefined, marked `TO IMPLEMENT`):",
        todo.len()
    );
    for t in todo {
        let line = workspace.file(t.file).map_or(0, |f| {
            f.lines
                .line_col(&f.text, t.span.start as usize, Encoding::Utf32)
                .line
                + 1
        });
        eprintln!(
            "  {}:{line}: flow `{}`, {} ({}): {}",
            t.path, t.flow, t.field, t.kind, t.text
        );
    }
}

/// A design with errors is not exported: they are printed (as `check`
/// prints them) and the status is 1.
fn refuse_errors(workspace: &Workspace) -> Option<u8> {
    let mut files = render::collect(workspace);
    for file in &mut files {
        file.diagnostics.retain(|d| d.severity == Severity::Error);
    }
    files.retain(|f| !f.diagnostics.is_empty());
    let count: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    if count == 0 {
        return None;
    }
    let color = {
        use std::io::IsTerminal;
        std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stderr().is_terminal()
    };
    eprint!("{}", render::human(workspace, &files, color));
    eprintln!(
        "error: the design has {count} {}: nothing was exported (fix {} first; warnings do not block an export)",
        if count == 1 { "error" } else { "errors" },
        if count == 1 { "it" } else { "them" }
    );
    Some(1)
}

/// Writes the file; without `force`, never over an existing one (even one
/// that appeared since the first look).
pub(crate) fn write_file(path: &Path, text: &str, force: bool) -> Result<(), String> {
    let shown = display_path(path);
    let file = if force {
        std::fs::File::create(path)
    } else {
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
    };
    let mut file = file.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => crate::output::exists(path),
        _ => format!("cannot write `{shown}`: {e}"),
    })?;
    file.write_all(text.as_bytes())
        .and_then(|_| file.flush())
        .map_err(|e| format!("cannot write `{shown}`: {e}"))
}

/// Writes the files under `folder`, creating the folders they need. Without
/// `force`, refuses before writing anything when any of them exists.
fn write_folder(folder: &Path, files: &[openfn::File], force: bool) -> Result<(), String> {
    if folder.exists() && !folder.is_dir() {
        return Err(format!(
            "`{}` exists and is not a folder: nothing was written",
            display_path(folder)
        ));
    }
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|f| {
            f.path
                .split('/')
                .fold(folder.to_path_buf(), |p, part| p.join(part))
        })
        .collect();
    if !force && let Some(existing) = paths.iter().find(|p| p.exists()) {
        return Err(format!(
            "`{}` exists: nothing was written (pass --force to overwrite the folder's files)",
            display_path(existing)
        ));
    }
    for (path, file) in paths.iter().zip(files) {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", display_path(parent)))?;
        }
        write_file(path, &file.text, force)?;
    }
    Ok(())
}

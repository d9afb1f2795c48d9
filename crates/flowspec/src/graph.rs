//! `flowspec graph`: the data process as a picture (SVG, PNG, Draw.io, DOT
//! or Mermaid).
//! The drawing is `flowspec-diagram`'s; this reads the design and writes.

use std::path::PathBuf;

use clap::ValueEnum;
use flowspec_analysis::{Severity, Workspace};
use flowspec_diagram::Direction;

use crate::load::{display_path, load_workspace};
use crate::{USAGE, paths_or_default};

pub const HELP: &str = "\
Draw the data process: one box per tool and role the flows use (people as \
pills with a person icon, each tool's kind under its name), one arrow per hop \
of every flow, labelled with the flow's name (a bare flow's chain), frequency \
and timing. Flows that leave questions unanswered are drawn in amber with \
\"3/6 answered\". SVG is laid out by Flowspec itself; DOT (Graphviz) and \
Mermaid are text exports of the same graph.

PNG is the SVG rendered by Flowspec itself with the fonts it bundles, so it \
looks the same on every machine (--scale pixels per SVG unit, 2 by default: \
sharp on slides). Draw.io (--format drawio) is a diagrams.net file with the \
same boxes, people and arrows at the SVG's positions, to edit there.

The design is drawn as written, errors and all: an unknown step is a dashed \
red box (run `flowspec check` for the problems).

--file FILE draws the flows written in one of the design's files, with their \
steps resolved across all the paths given: the picture the editor's preview \
shows for that document.

Exit status: 0 when the picture is written; 1 when the output cannot be \
written; 2 for usage errors, unreadable paths, an unknown --flow and a --file \
that is not one of the design's files.";

#[derive(clap::Args)]
pub struct Args {
    /// Files and folders of the design; a folder means every .flow file
    /// below it. All paths form one workspace. Default: the current folder
    paths: Vec<PathBuf>,
    /// What to write
    #[arg(long, value_enum, default_value_t = Format::Svg)]
    format: Format,
    /// The file to write (overwritten if it exists), or `-` for stdout.
    /// Default: stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Draw only this flow: its name, or a bare flow's chain (`"a -> b"`)
    #[arg(long, value_name = "NAME")]
    flow: Option<String>,
    /// Draw only the flows written in this file, one of the design's files;
    /// their steps still name tools and roles declared in the others (the
    /// editor's preview of one document)
    #[arg(long, value_name = "FILE", conflicts_with = "flow")]
    file: Option<PathBuf>,
    /// Which way the flows run in the SVG: left to right, top to bottom,
    /// or auto (left to right unless that is much wider than tall)
    #[arg(long, value_enum, default_value_t = DirectionArg::Auto)]
    direction: DirectionArg,
    /// PNG only: pixels per SVG unit (1 to 8)
    #[arg(long, default_value_t = 2.0, value_parser = parse_scale)]
    scale: f32,
}

fn parse_scale(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(s) if (1.0..=8.0).contains(&s) => Ok(s),
        _ => Err(format!("`{text}` is not a scale from 1 to 8")),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DirectionArg {
    Auto,
    #[value(name = "lr")]
    LeftToRight,
    #[value(name = "tb")]
    TopToBottom,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A picture, laid out and styled (open it in a browser)
    Svg,
    /// The SVG as a PNG image, for documents and slides
    Png,
    /// A diagrams.net (Draw.io) file, to edit the picture there
    Drawio,
    /// Graphviz DOT, for `dot -Tpng`
    Dot,
    /// A Mermaid flowchart, for Markdown that renders Mermaid
    Mermaid,
}

pub fn run(args: &Args) -> u8 {
    let workspace = match load_workspace(&paths_or_default(&args.paths)) {
        Ok(w) => w,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    let graph = match &args.file {
        Some(file) => match file_key(&workspace, file) {
            Some(key) => flowspec_diagram::graph_of_file(&workspace, &key),
            None => {
                eprintln!(
                    "error: `{}` is not one of the design's files (the paths given, or `.`)",
                    display_path(file)
                );
                return USAGE;
            }
        },
        None => match flowspec_diagram::graph(&workspace, args.flow.as_deref()) {
            Ok(graph) => graph,
            Err(e) => {
                eprintln!("error: {e}");
                return USAGE;
            }
        },
    };
    let to_stdout = args.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    if args.format == Format::Png
        && to_stdout
        && std::io::IsTerminal::is_terminal(&std::io::stdout())
    {
        eprintln!("error: a PNG is not text: write it to a file with -o FILE.png (or pipe it)");
        return USAGE;
    }
    note_errors(&workspace);
    let direction = match args.direction {
        DirectionArg::Auto => None,
        DirectionArg::LeftToRight => Some(Direction::LeftToRight),
        DirectionArg::TopToBottom => Some(Direction::TopToBottom),
    };
    let bytes = match args.format {
        Format::Svg => flowspec_diagram::svg_in(&graph, direction).into_bytes(),
        Format::Png => match flowspec_diagram::png(&graph, direction, args.scale) {
            Ok(png) => png,
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        },
        Format::Drawio => flowspec_diagram::drawio(&graph, direction).into_bytes(),
        Format::Dot => flowspec_diagram::dot(&graph).into_bytes(),
        Format::Mermaid => flowspec_diagram::mermaid(&graph).into_bytes(),
    };
    let text = &bytes;
    match crate::output::write_output(args.output.as_ref(), text, true) {
        Ok(()) => 0,
        Err((status, message)) => {
            eprintln!("error: {message}");
            status
        }
    }
}

/// The workspace key of `file`: the loaded file that is the same file on
/// disk (however the two paths are spelled).
fn file_key(workspace: &Workspace, file: &std::path::Path) -> Option<String> {
    let wanted = flowspec_fs::real_path(file);
    workspace
        .files()
        .map(|(_, f)| f.path.to_string())
        .find(|key| flowspec_fs::real_path(key.as_ref()) == wanted)
}

/// A note on stderr when the design has errors: the picture still shows it.
pub fn note_errors(workspace: &Workspace) {
    let errors: usize = workspace
        .files()
        .map(|(id, _)| {
            workspace
                .diagnostics(id)
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count()
        })
        .sum();
    if errors > 0 {
        eprintln!(
            "note: the design has {errors} {} (`flowspec check` lists {}); it is drawn as written",
            if errors == 1 { "error" } else { "errors" },
            if errors == 1 { "it" } else { "them" },
        );
    }
}

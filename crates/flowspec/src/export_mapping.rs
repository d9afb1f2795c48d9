//! `flowspec export mapping`: every flow's mapping table as CSV or as an
//! Excel workbook, the mapping spreadsheet. `flowspec-export` writes the
//! bytes from the analysis's tables (the report shows the same); this
//! reads the design and writes the file.

use std::path::PathBuf;

use crate::graph::note_errors;
use crate::load::load_workspace;
use crate::output::{refuse_existing, write_and_say};
use crate::{USAGE, paths_or_default};

pub const HELP: &str = "\
Write the mapping table of every flow that moves records as CSV, or as an \
Excel workbook (--format xlsx, the default for an output file named *.xlsx): \
one row per \
field of the flow's target record (the fields its target tool keeps), saying \
where the value comes from. Columns: flow, source_tool, source_record, \
source_field, source_name (the field's name in the source system), \
source_format, target_tool, target_record, target_field, target_name, \
target_format, kind (field, format, codes, constant, lookup, rule, aggregate, \
unmapped, invalid), rule, example (a worked example: 12/31/2024 → \
31/12/2024), needs_person (yes for a lookup, a rule in words, an aggregation, \
and a required or identifier field nothing maps). CSV: UTF-8, RFC 4180 \
quoting, CRLF line ends. XLSX: one sheet, Mapping, with the same columns and \
cells, the header frozen and filtered, and the rows a person must implement \
marked in amber.

The table is written as the design says, errors and all (`flowspec check` \
lists them). An existing output file is not overwritten unless --force is \
given.

Exit status: 0 when the table is written; 1 when no flow's data: names a \
declared record (there is no table), or the output cannot be written; 2 for \
usage errors, unreadable paths and an output file that exists (without \
--force).";

#[derive(clap::Args)]
pub struct Args {
    /// Files and folders of the design; a folder means every .flow file
    /// below it. All paths form one workspace. Default: the current folder
    paths: Vec<PathBuf>,
    /// The file to write, e.g. mapping.csv or mapping.xlsx, or `-` for
    /// stdout. Default: stdout
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// csv or xlsx. Default: xlsx for an output file named *.xlsx, else csv
    #[arg(long, value_enum)]
    format: Option<Format>,
    /// Overwrite the output file if it exists
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Comma-separated values, UTF-8
    Csv,
    /// An Excel workbook
    Xlsx,
}

pub fn run(args: &Args) -> u8 {
    let to_stdout = args.output.as_ref().is_none_or(|p| p.as_os_str() == "-");
    let format = args.format.unwrap_or_else(|| {
        match args
            .output
            .as_ref()
            .and_then(|p| p.extension())
            .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
        {
            true => Format::Xlsx,
            false => Format::Csv,
        }
    });
    if format == Format::Xlsx && to_stdout && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        eprintln!(
            "error: a workbook is not text: write it to a file with -o FILE.xlsx (or pipe it)"
        );
        return USAGE;
    }
    if let Some(status) = refuse_existing(args.output.as_ref(), args.force) {
        return status;
    }
    let workspace = match load_workspace(&paths_or_default(&args.paths)) {
        Ok(w) => w,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    note_errors(&workspace);
    let written = match format {
        Format::Csv => {
            flowspec_export::mapping::mapping_csv(&workspace).map(|t| Ok(t.into_bytes()))
        }
        Format::Xlsx => flowspec_export::mapping::mapping_xlsx(&workspace),
    };
    let bytes = match written {
        Some(Ok(bytes)) => bytes,
        Some(Err(e)) => {
            eprintln!("error: the workbook could not be written: {e}");
            return 1;
        }
        None => {
            eprintln!(
                "error: no flow moves records, so there is no mapping table: name a declared record in a flow's `data:` (`data: patient`)"
            );
            return 1;
        }
    };
    write_and_say(args.output.as_ref(), &bytes, args.force)
}

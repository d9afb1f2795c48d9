//! `flowspec fmt`: rewrite designs in the canonical layout.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use flowspec_analysis::format::format;
use flowspec_fs::{Loaded, collect_flow_files, decode, read_flow_file};

use crate::load::{describe_path_error, display_path};
use crate::{USAGE, paths_or_default};

#[derive(clap::Args)]
pub struct Args {
    /// Files and folders to format; a folder means every .flow file below
    /// it; `-` reads stdin and writes stdout. Default: the current folder
    paths: Vec<PathBuf>,
    /// Change nothing: list the files that are not formatted and exit 1
    #[arg(long)]
    check: bool,
}

pub fn run(args: &Args) -> u8 {
    if args.paths.iter().any(|p| p == Path::new("-")) {
        if args.paths.len() > 1 {
            eprintln!("error: `-` (stdin) cannot be mixed with other paths");
            return USAGE;
        }
        return stdin(args.check);
    }
    let files = match collect_flow_files(&paths_or_default(&args.paths)) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {}", describe_path_error(&e.path, &e.error));
            return USAGE;
        }
    };
    let mut status = 0;
    let (mut changed, mut unchanged) = (0, 0);
    for path in &files {
        let shown = display_path(path);
        let text = match read_flow_file(path) {
            Ok(Loaded::Text(text)) => text,
            Ok(
                Loaded::NotUtf8(flowspec_fs::NotUtf8 { message: why, .. }) | Loaded::TooLarge(why),
            ) => {
                eprintln!("{shown}: not formatted: {why}");
                status = 1;
                continue;
            }
            Err(e) => {
                eprintln!("error: {}", describe_path_error(path, &e));
                return USAGE;
            }
        };
        match format(&text) {
            Ok(out) if out == text => unchanged += 1,
            Ok(out) => {
                changed += 1;
                if args.check {
                    println!("{shown}");
                    status = 1;
                } else if let Err(e) = std::fs::write(path, out) {
                    eprintln!("error: cannot write `{shown}`: {e}");
                    return USAGE;
                }
            }
            Err(e) => {
                eprintln!("{shown}: {e}");
                status = 1;
            }
        }
    }
    let files_word = |n: usize| if n == 1 { "file" } else { "files" };
    if args.check {
        if changed > 0 {
            eprintln!(
                "{changed} {} not formatted (run `flowspec fmt` to format)",
                files_word(changed)
            );
        }
    } else if changed > 0 || unchanged > 0 {
        eprintln!(
            "formatted {changed} {}, {unchanged} already formatted",
            files_word(changed)
        );
    }
    status
}

/// `fmt -`: a filter, for editors. On an error nothing is written to stdout.
fn stdin(check: bool) -> u8 {
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
        eprintln!("error: cannot read stdin: {e}");
        return USAGE;
    }
    let text = match decode(bytes) {
        Loaded::Text(text) => text,
        Loaded::NotUtf8(flowspec_fs::NotUtf8 { message: why, .. }) | Loaded::TooLarge(why) => {
            eprintln!("<stdin>: not formatted: {why}");
            return 1;
        }
    };
    match format(&text) {
        Ok(out) if check => {
            if out == text {
                0
            } else {
                println!("<stdin>");
                1
            }
        }
        Ok(out) => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(out.as_bytes())
                .and_then(|_| stdout.flush())
                .is_err()
            {
                return USAGE;
            }
            0
        }
        Err(e) => {
            eprintln!("<stdin>: {e}");
            1
        }
    }
}

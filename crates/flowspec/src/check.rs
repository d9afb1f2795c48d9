//! `flowspec check`: report problems and unanswered questions.

use std::path::PathBuf;

use clap::ValueEnum;
use flowspec_analysis::discovery::Profile;
use flowspec_analysis::{Code, Level, Severity, SeverityConfig};

use crate::load::load_workspace;
use crate::{ColorChoice, USAGE, paths_or_default, render};

#[derive(clap::Args)]
pub struct Args {
    /// Files and folders to check; a folder means every .flow file below it.
    /// All paths form one workspace. Default: the current folder
    paths: Vec<PathBuf>,
    /// How to print the diagnostics
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Fail (exit 1) on warnings too
    #[arg(long, value_enum, value_name = "warnings")]
    deny: Option<Deny>,
    /// Change the severity of a code: CODE=error|warning|information|hint|off
    /// (repeatable), e.g. --severity unanswered-volume=off
    #[arg(long = "severity", value_name = "CODE=LEVEL")]
    severities: Vec<String>,
    /// When to colour the output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Which checks run: design (the default), or discovery, which adds
    /// OpenFn's discovery checklists (each tool's authentication, hosting,
    /// test environment, administrator and limits; each flow's failure,
    /// idempotent re-runs, direction and volume against the limits)
    #[arg(long, value_enum, default_value_t = ProfileArg::Design)]
    pub profile: ProfileArg,
}

/// `--profile`: which checks run.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    Design,
    Discovery,
}

impl ProfileArg {
    pub fn profile(self) -> Profile {
        match self {
            ProfileArg::Design => Profile::Design,
            ProfileArg::Discovery => Profile::Discovery,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

pub fn run(args: &Args) -> u8 {
    let config = match severity_config(&args.severities) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    let mut workspace = match load_workspace(&paths_or_default(&args.paths)) {
        Ok(w) => w,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    workspace.set_config(config);
    workspace.set_profile(args.profile.profile());
    let files = render::collect(&workspace);
    match args.format {
        Format::Human => {
            print!(
                "{}",
                render::human(&workspace, &files, args.color.enabled())
            );
            println!("{}", render::summary(&files));
        }
        Format::Json => println!("{}", render::json(&workspace, &files)),
    }
    let has = |s: Severity| {
        files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .any(|d| d.severity == s)
    };
    let failed = has(Severity::Error) || (args.deny.is_some() && has(Severity::Warning));
    u8::from(failed)
}

fn severity_config(settings: &[String]) -> Result<SeverityConfig, String> {
    let mut config = SeverityConfig::default();
    for setting in settings {
        let (code, level) = setting.split_once('=').ok_or_else(|| {
            format!("`--severity {setting}`: write CODE=LEVEL, such as unanswered-volume=off")
        })?;
        let code: Code = code.parse()?;
        let level: Level = level.parse()?;
        config.set(code, level);
    }
    Ok(config)
}

//! `frequency`: how often a flow runs.

use flowspec_syntax::ast::{Atom, AtomKind};

use super::cron::{Cron, CronErrorKind};
use super::{DAYS_PER_MONTH, DAYS_PER_YEAR, Read, ValueError, ident, shown};
use crate::diagnostic::Fix;
use crate::suggest::did_you_mean;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Calendar {
    Hourly,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    Yearly,
}

impl Calendar {
    pub const ALL: [Calendar; 6] = [
        Calendar::Hourly,
        Calendar::Daily,
        Calendar::Weekly,
        Calendar::Monthly,
        Calendar::Quarterly,
        Calendar::Yearly,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Calendar::Hourly => "hourly",
            Calendar::Daily => "daily",
            Calendar::Weekly => "weekly",
            Calendar::Monthly => "monthly",
            Calendar::Quarterly => "quarterly",
            Calendar::Yearly => "yearly",
        }
    }

    pub fn runs_per_day(self) -> f64 {
        match self {
            Calendar::Hourly => 24.0,
            Calendar::Daily => 1.0,
            Calendar::Weekly => 1.0 / 7.0,
            Calendar::Monthly => 1.0 / DAYS_PER_MONTH,
            Calendar::Quarterly => 4.0 / DAYS_PER_YEAR,
            Calendar::Yearly => 1.0 / DAYS_PER_YEAR,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EveryUnit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
}

impl EveryUnit {
    pub const ALL: [EveryUnit; 5] = [
        EveryUnit::Minutes,
        EveryUnit::Hours,
        EveryUnit::Days,
        EveryUnit::Weeks,
        EveryUnit::Months,
    ];

    pub fn plural(self) -> &'static str {
        match self {
            EveryUnit::Minutes => "minutes",
            EveryUnit::Hours => "hours",
            EveryUnit::Days => "days",
            EveryUnit::Weeks => "weeks",
            EveryUnit::Months => "months",
        }
    }

    pub fn singular(self) -> &'static str {
        self.plural().trim_end_matches('s')
    }

    fn parse(s: &str) -> Option<EveryUnit> {
        EveryUnit::ALL
            .into_iter()
            .find(|u| u.plural() == s || u.singular() == s)
    }

    fn days(self) -> f64 {
        match self {
            EveryUnit::Minutes => 1.0 / 1440.0,
            EveryUnit::Hours => 1.0 / 24.0,
            EveryUnit::Days => 1.0,
            EveryUnit::Weeks => 7.0,
            EveryUnit::Months => DAYS_PER_MONTH,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frequency {
    Calendar(Calendar),
    Every {
        count: u32,
        unit: EveryUnit,
    },
    Cron(Cron),
    /// Data moves all the time (a stream).
    Continuous,
    /// Whenever someone or something asks.
    OnDemand,
}

impl Frequency {
    /// Runs per day, on average; `None` when it has no fixed rate. Never
    /// infinite or not a number (`every N` has N ≥ 1).
    pub fn runs_per_day(&self) -> Option<f64> {
        let rate = match self {
            Frequency::Calendar(c) => c.runs_per_day(),
            Frequency::Every { count, unit } => 1.0 / (f64::from(*count) * unit.days()),
            Frequency::Cron(cron) => cron.runs_per_day(),
            Frequency::Continuous | Frequency::OnDemand => return None,
        };
        rate.is_finite().then_some(rate)
    }

    /// A calendar word, `every …` or cron: a clock decides when it runs.
    pub fn is_schedule(&self) -> bool {
        matches!(
            self,
            Frequency::Calendar(_) | Frequency::Every { .. } | Frequency::Cron(_)
        )
    }

    /// As written in a design: `monthly`, `every 2 hours`, `cron "0 2 * * *"`.
    pub fn display(&self) -> String {
        match self {
            Frequency::Calendar(c) => c.as_str().to_string(),
            Frequency::Every { count: 1, unit } => format!("every {}", unit.singular()),
            Frequency::Every { count, unit } => format!("every {count} {}", unit.plural()),
            Frequency::Cron(c) => format!("cron \"{}\"", c.expression),
            Frequency::Continuous => CONTINUOUS.to_string(),
            Frequency::OnDemand => ON_DEMAND.to_string(),
        }
    }

    /// In words, for hover and reports.
    pub fn describe(&self) -> String {
        match self {
            Frequency::Cron(c) => c.describe(),
            Frequency::Continuous => "all the time, as a stream".to_string(),
            Frequency::OnDemand => "whenever it is asked for".to_string(),
            other => other.display(),
        }
    }
}

const CONTINUOUS: &str = "continuous";
const ON_DEMAND: &str = "on-demand";

/// The frequencies that are one word and no schedule.
pub const STANDING_WORDS: [&str; 2] = [CONTINUOUS, ON_DEMAND];

/// The words that open a longer frequency: `every 2 hours`, `cron "…"`.
pub const LEAD_WORDS: [&str; 2] = ["every", "cron"];

/// Every word that starts a frequency (calendar words, lead words, standing
/// words): the one vocabulary that reading, suggestions, completion and
/// highlighting share.
pub fn frequency_words() -> impl Iterator<Item = &'static str> {
    Calendar::ALL
        .into_iter()
        .map(Calendar::as_str)
        .chain(LEAD_WORDS)
        .chain(STANDING_WORDS)
}

/// A calendar word, `every N unit`, `cron "…"`, `continuous` or `on-demand`.
pub fn read_frequency(atoms: &[Atom]) -> Read<Frequency> {
    let Some(word) = ident(atoms, 0) else {
        return Read::NoMatch;
    };
    if let Some(c) = Calendar::ALL.into_iter().find(|c| c.as_str() == word) {
        return Read::Ok(Frequency::Calendar(c), 1);
    }
    match word {
        CONTINUOUS => Read::Ok(Frequency::Continuous, 1),
        ON_DEMAND => Read::Ok(Frequency::OnDemand, 1),
        "every" => read_every(atoms),
        "cron" => read_cron(atoms),
        _ => Read::NoMatch,
    }
}

fn read_every(atoms: &[Atom]) -> Read<Frequency> {
    let every = &atoms[0];
    let units = "minutes, hours, days, weeks or months";
    // `every hour` means `every 1 hour`.
    if let Some(unit) = ident(atoms, 1).and_then(EveryUnit::parse) {
        return Read::Ok(Frequency::Every { count: 1, unit }, 2);
    }
    let count = match atoms.get(1).map(|a| &a.kind) {
        Some(AtomKind::Number(n)) if n.is_plain_integer && n.value >= 1.0 && n.value <= 1e6 => {
            n.value as u32
        }
        Some(_) => {
            let atom = &atoms[1];
            let has_unit = ident(atoms, 2).and_then(EveryUnit::parse).is_some();
            return Read::Err(
                ValueError::new(
                    atom.span,
                    format!(
                        "{} is not a count: write `every N hours` (or minutes, days, weeks, months) with N a whole number from 1 up",
                        shown(atom)
                    ),
                )
                .spanning(if has_unit { 3 } else { 2 }),
            );
        }
        None => {
            return Read::Err(ValueError::new(
                every.span,
                format!("`every` needs a count and a unit: `every 2 hours` ({units})"),
            ));
        }
    };
    match atoms.get(2) {
        Some(atom) => match atom.kind.as_ident() {
            Some(word) => match EveryUnit::parse(word) {
                Some(unit) => Read::Ok(Frequency::Every { count, unit }, 3),
                None => {
                    let all = EveryUnit::ALL
                        .iter()
                        .flat_map(|u| [u.plural(), u.singular()]);
                    let best = did_you_mean(word, all);
                    Read::Err(
                        ValueError::new(
                            atom.span,
                            format!(
                                "`{word}` is not a unit for `every`: use {units}.{}",
                                crate::suggest::hint(best)
                            ),
                        )
                        .with_fix(
                            best.map(|b| Fix::replace(atom.span, b, format!("Change to `{b}`"))),
                        ),
                    )
                }
            },
            None => Read::Err(ValueError::new(
                atom.span,
                format!("expected a unit after `every {count}`: {units}"),
            )),
        },
        None => Read::Err(ValueError::new(
            atoms[1].span,
            format!("expected a unit after `every {count}`: {units}"),
        )),
    }
}

fn read_cron(atoms: &[Atom]) -> Read<Frequency> {
    let cron = &atoms[0];
    let Some(atom) = atoms.get(1).filter(|a| a.kind.as_str().is_some()) else {
        return Read::Err(ValueError::new(
            cron.span,
            "`cron` needs its expression in quotes: `cron \"0 2 * * *\"` (minute hour day-of-month month day-of-week)",
        ));
    };
    let expression = atom.kind.as_str().unwrap_or_default();
    let errors = match Cron::parse(expression) {
        Ok(c) => return Read::Ok(Frequency::Cron(c), 2),
        Err(errors) => errors,
    };
    // One error for each bad field, each under its field when the string
    // has no escapes, so that the text between the quotes is the
    // expression itself.
    let exact = atom.span.len() == expression.len() + 2;
    let mut errors = errors.into_iter().map(|err| {
        let span = if exact && !err.range.is_empty() {
            let start = atom.span.start as usize + 1 + err.range.start;
            flowspec_syntax::Span::new(start, start + err.range.len())
        } else {
            atom.span
        };
        let message = match err.kind {
            CronErrorKind::Invalid => format!("invalid cron expression: {}", err.message),
            CronErrorKind::NeverRuns => {
                format!("this cron expression never runs: {}", err.message)
            }
        };
        ValueError::new(span, message)
    });
    let Some(mut first) = errors.next() else {
        return Read::Err(ValueError::new(atom.span, "invalid cron expression"));
    };
    first.also = errors.collect();
    Read::Err(first)
}

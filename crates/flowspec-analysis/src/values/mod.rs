//! The meaning of answers: timing, frequency (with cron), volume, understood
//! from the atoms of a property value or of shorthand words.
//!
//! Each reader looks at the start of a slice of atoms and says whether the
//! slice starts its kind of value at all ([`Read::NoMatch`]), reads it
//! ([`Read::Ok`], with how many atoms it used), or starts it but gets it
//! wrong ([`Read::Err`]). Block values must use every atom; shorthand words
//! are read one value after another.

pub mod cron;
mod frequency;
mod timing;
mod volume;

pub use cron::{Cron, CronError, CronErrorKind};
pub use frequency::{
    Calendar, EveryUnit, Frequency, LEAD_WORDS, STANDING_WORDS, frequency_words, read_frequency,
};
pub use timing::{Timing, TimingKind, read_timing};
pub use volume::{Bound, Period, Volume, VolumeUnit, read_volume};

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Atom, AtomKind};

use crate::diagnostic::Fix;

#[derive(Debug, Clone, PartialEq)]
pub enum Read<T> {
    NoMatch,
    Ok(T, usize),
    Err(ValueError),
}

/// Why a value is not accepted, where, and maybe how to fix it.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueError {
    pub span: Span,
    pub message: String,
    pub fix: Option<Fix>,
    /// How many atoms the broken value spans, when more than those up to
    /// the error (`every x hours` spans three): shorthand skips them all.
    pub used: Option<usize>,
    /// More problems in the same value, each reported on its own span (a
    /// cron expression with several bad fields).
    pub also: Vec<ValueError>,
}

impl ValueError {
    pub fn new(span: Span, message: impl Into<String>) -> ValueError {
        ValueError {
            span,
            message: message.into(),
            fix: None,
            used: None,
            also: Vec::new(),
        }
    }

    pub fn spanning(mut self, atoms: usize) -> ValueError {
        self.used = Some(atoms);
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> ValueError {
        self.fix = fix;
        self
    }
}

pub(crate) fn ident(atoms: &[Atom], i: usize) -> Option<&str> {
    atoms.get(i).and_then(|a| a.kind.as_ident())
}

/// How an atom reads in a message: `monthly`, `"text"`, `12`, `/`.
pub(crate) fn shown(atom: &Atom) -> String {
    match &atom.kind {
        AtomKind::Ident(s) => format!("`{s}`"),
        AtomKind::Str(s) => format!("`{}`", flowspec_syntax::lexer::quote(s)),
        AtomKind::Number(n) => format!("`{}`", format_number(n.value)),
        AtomKind::Slash => "`/`".to_string(),
        AtomKind::Tilde => "`~`".to_string(),
        AtomKind::Lt => "`<`".to_string(),
    }
}

/// A number for people: `12000`, `1.5`, `0.33`.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else if value.abs() >= 100.0 {
        format!("{value:.0}")
    } else if value.abs() >= 1.0 {
        let s = format!("{value:.1}");
        s.trim_end_matches(".0").to_string()
    } else {
        let s = format!("{value:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Rounds a rate for display: `≈ 395`, `≈ 1.5`, `≈ 0.03`.
pub fn format_rate(value: f64) -> String {
    if value >= 100.0 {
        // Three significant figures are plenty for a design.
        let magnitude = 10f64.powi(value.log10().floor() as i32 - 2);
        format_number((value / magnitude).round() * magnitude)
    } else {
        format_number(value)
    }
}

/// Average days in a month and a year (Gregorian), for rates.
pub(crate) const DAYS_PER_YEAR: f64 = 365.2425;
pub(crate) const DAYS_PER_MONTH: f64 = DAYS_PER_YEAR / 12.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_rates_read_well() {
        assert_eq!(format_number(12000.0), "12000");
        assert_eq!(format_number(1.5), "1.5");
        assert_eq!(format_number(0.333), "0.33");
        assert_eq!(format_rate(394.52), "395");
        assert_eq!(format_rate(12345.0), "12300");
        assert_eq!(format_rate(2.04), "2");
    }
}

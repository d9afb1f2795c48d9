//! `volume`: how much data moves, normalised to a rate.

use flowspec_syntax::ast::{Atom, AtomKind};

use super::frequency::Frequency;
use super::{DAYS_PER_MONTH, DAYS_PER_YEAR, Read, ValueError, format_number, shown};
use crate::diagnostic::Fix;
use crate::suggest::{did_you_mean, hint};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    Exact,
    /// `~`: about.
    About,
    /// `<`: less than.
    LessThan,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VolumeUnit {
    Records,
    Rows,
    Forms,
    Submissions,
    Cases,
    Messages,
    Events,
    Patients,
    Files,
    Requests,
    KB,
    MB,
    GB,
}

impl VolumeUnit {
    pub const ALL: [VolumeUnit; 13] = [
        VolumeUnit::Records,
        VolumeUnit::Rows,
        VolumeUnit::Forms,
        VolumeUnit::Submissions,
        VolumeUnit::Cases,
        VolumeUnit::Messages,
        VolumeUnit::Events,
        VolumeUnit::Patients,
        VolumeUnit::Files,
        VolumeUnit::Requests,
        VolumeUnit::KB,
        VolumeUnit::MB,
        VolumeUnit::GB,
    ];

    pub fn plural(self) -> &'static str {
        match self {
            VolumeUnit::Records => "records",
            VolumeUnit::Rows => "rows",
            VolumeUnit::Forms => "forms",
            VolumeUnit::Submissions => "submissions",
            VolumeUnit::Cases => "cases",
            VolumeUnit::Messages => "messages",
            VolumeUnit::Events => "events",
            VolumeUnit::Patients => "patients",
            VolumeUnit::Files => "files",
            VolumeUnit::Requests => "requests",
            VolumeUnit::KB => "KB",
            VolumeUnit::MB => "MB",
            VolumeUnit::GB => "GB",
        }
    }

    pub fn singular(self) -> &'static str {
        match self {
            VolumeUnit::KB | VolumeUnit::MB | VolumeUnit::GB => self.plural(),
            _ => self.plural().trim_end_matches('s'),
        }
    }

    /// Sizes (KB, MB, GB) rather than counts.
    pub fn is_size(self) -> bool {
        matches!(self, VolumeUnit::KB | VolumeUnit::MB | VolumeUnit::GB)
    }

    pub fn parse(s: &str) -> Option<VolumeUnit> {
        VolumeUnit::ALL
            .into_iter()
            .find(|u| u.plural() == s || u.singular() == s)
    }

    /// All spellings, for suggestions and completion.
    pub fn words() -> impl Iterator<Item = &'static str> {
        VolumeUnit::ALL.into_iter().flat_map(|u| {
            let (p, s) = (u.plural(), u.singular());
            if p == s { vec![p] } else { vec![p, s] }
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Quarter,
    Year,
    /// Each time the flow runs.
    Run,
    /// Each event that starts it.
    Event,
}

impl Period {
    pub const ALL: [Period; 9] = [
        Period::Minute,
        Period::Hour,
        Period::Day,
        Period::Week,
        Period::Month,
        Period::Quarter,
        Period::Year,
        Period::Run,
        Period::Event,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Minute => "minute",
            Period::Hour => "hour",
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Quarter => "quarter",
            Period::Year => "year",
            Period::Run => "run",
            Period::Event => "event",
        }
    }

    pub fn parse(s: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Length in days, for periods of the calendar.
    pub fn days(self) -> Option<f64> {
        Some(match self {
            Period::Minute => 1.0 / 1440.0,
            Period::Hour => 1.0 / 24.0,
            Period::Day => 1.0,
            Period::Week => 7.0,
            Period::Month => DAYS_PER_MONTH,
            Period::Quarter => DAYS_PER_YEAR / 4.0,
            Period::Year => DAYS_PER_YEAR,
            Period::Run | Period::Event => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Volume {
    pub bound: Bound,
    pub amount: f64,
    pub unit: VolumeUnit,
    /// `None` when no period is written: the amount is per run.
    pub period: Option<Period>,
}

impl Volume {
    /// The amount per day, using the frequency for per-run volumes. `None`
    /// rather than a figure that is not a number or infinite.
    pub fn per_day(&self, frequency: Option<&Frequency>) -> Option<f64> {
        let day = match self.period {
            Some(p) if p.days().is_some() => self.amount / p.days()?,
            Some(Period::Event) => return None,
            _ => self.amount * frequency?.runs_per_day()?,
        };
        day.is_finite().then_some(day)
    }

    /// The amount each run moves, using the frequency for calendar rates;
    /// `None` for a frequency that does not run (no division by zero).
    pub fn per_run(&self, frequency: Option<&Frequency>) -> Option<f64> {
        let run = match self.period {
            None | Some(Period::Run) => self.amount,
            Some(Period::Event) => return None,
            Some(_) => {
                let runs = frequency?.runs_per_day().filter(|r| *r > 0.0)?;
                self.per_day(None)? / runs
            }
        };
        run.is_finite().then_some(run)
    }

    /// As a design writes it: `~12000 records/month`.
    pub fn display(&self) -> String {
        let bound = match self.bound {
            Bound::Exact => "",
            Bound::About => "~",
            Bound::LessThan => "<",
        };
        let unit = if self.amount == 1.0 {
            self.unit.singular()
        } else {
            self.unit.plural()
        };
        let period = self
            .period
            .map(|p| format!("/{}", p.as_str()))
            .unwrap_or_default();
        format!("{bound}{} {unit}{period}", format_number(self.amount))
    }
}

/// `[~|<] NUMBER UNIT [/ PERIOD | per PERIOD]`.
pub fn read_volume(atoms: &[Atom]) -> Read<Volume> {
    let (bound, mut i) = match atoms.first().map(|a| &a.kind) {
        Some(AtomKind::Tilde) => (Bound::About, 1),
        Some(AtomKind::Lt) => (Bound::LessThan, 1),
        Some(AtomKind::Number(_)) => (Bound::Exact, 0),
        _ => return Read::NoMatch,
    };
    let units = "records, rows, forms, submissions, cases, messages, events, patients, files, requests, KB, MB or GB";
    let Some(amount) = atoms.get(i).and_then(|a| a.kind.as_number()) else {
        return Read::Err(ValueError::new(
            atoms[0].span,
            format!(
                "expected a number after {}: `~500 forms/day`",
                shown(&atoms[0])
            ),
        ));
    };
    let amount = amount.value;
    if !amount.is_finite() {
        return Read::Err(ValueError::new(
            atoms[i].span,
            "this number is too large to be a volume",
        ));
    }
    i += 1;
    let unit = match atoms.get(i) {
        Some(atom) => match atom.kind.as_ident().map(|w| (w, VolumeUnit::parse(w))) {
            Some((_, Some(unit))) => unit,
            Some((word, None)) => {
                let best = did_you_mean(word, VolumeUnit::words());
                return Read::Err(
                    ValueError::new(
                        atom.span,
                        format!(
                            "`{word}` is not a unit of volume: use {units}.{}",
                            hint(best)
                        ),
                    )
                    .with_fix(best.map(|b| Fix::replace(atom.span, b, format!("Change to `{b}`")))),
                );
            }
            None => {
                return Read::Err(ValueError::new(
                    atom.span,
                    format!("expected a unit after `{}`: {units}", format_number(amount)),
                ));
            }
        },
        None => {
            return Read::Err(ValueError::new(
                atoms[i - 1].span,
                format!("expected a unit after `{}`: {units}", format_number(amount)),
            ));
        }
    };
    i += 1;
    let introducer = match atoms.get(i) {
        Some(a) if a.kind == AtomKind::Slash => Some(a),
        Some(a) if a.kind.as_ident() == Some("per") => Some(a),
        _ => None,
    };
    let mut period = None;
    if let Some(intro) = introducer {
        i += 1;
        let periods = "minute, hour, day, week, month, quarter, year, run or event";
        match atoms.get(i) {
            Some(atom) => match atom.kind.as_ident() {
                Some(word) => match Period::parse(word) {
                    Some(p) => period = Some(p),
                    None => {
                        let best = did_you_mean(word, Period::ALL.iter().map(|p| p.as_str()));
                        return Read::Err(
                            ValueError::new(
                                atom.span,
                                format!("`{word}` is not a period: use {periods}.{}", hint(best)),
                            )
                            .with_fix(
                                best.map(|b| {
                                    Fix::replace(atom.span, b, format!("Change to `{b}`"))
                                }),
                            ),
                        );
                    }
                },
                None => {
                    return Read::Err(ValueError::new(
                        atom.span,
                        format!("expected a period after {}: {periods}", shown(intro)),
                    ));
                }
            },
            None => {
                return Read::Err(ValueError::new(
                    intro.span,
                    format!("expected a period after {}: {periods}", shown(intro)),
                ));
            }
        }
        i += 1;
    }
    Read::Ok(
        Volume {
            bound,
            amount,
            unit,
            period,
        },
        i,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Calendar;

    fn volume(text: &str) -> Read<Volume> {
        let file = flowspec_syntax::parse(&format!("a -> b {text}"));
        let words = &file.flows().next().unwrap().words;
        read_volume(words)
    }

    #[test]
    fn reads_volumes_and_normalises_rates() {
        let Read::Ok(v, 5) = volume("~12000 records/month") else {
            panic!()
        };
        assert_eq!(v.bound, Bound::About);
        assert_eq!(v.display(), "~12000 records/month");
        let monthly = Frequency::Calendar(Calendar::Monthly);
        assert!((v.per_day(None).unwrap() - 394.26).abs() < 0.01);
        assert!((v.per_run(Some(&monthly)).unwrap() - 12000.0).abs() < 1e-6);
        let daily = Frequency::Calendar(Calendar::Daily);
        let Read::Ok(v, 5) = volume("<1.5k forms per day") else {
            panic!()
        };
        assert_eq!(v.amount, 1500.0);
        assert_eq!(v.per_run(Some(&daily)), Some(1500.0));
        let Read::Ok(v, 2) = volume("50 MB") else {
            panic!()
        };
        assert_eq!(v.period, None);
        assert_eq!(v.per_day(Some(&daily)), Some(50.0));
        assert_eq!(v.per_day(None), None);
    }

    #[test]
    fn no_figure_is_infinite_or_not_a_number() {
        let make = |amount: f64, period| Volume {
            bound: Bound::About,
            amount,
            unit: VolumeUnit::Records,
            period,
        };
        // A frequency that never runs (only code can make one) gives no
        // figure per run rather than a division by zero.
        let never = Frequency::Every {
            count: 0,
            unit: crate::values::EveryUnit::Hours,
        };
        assert_eq!(never.runs_per_day(), None);
        assert_eq!(make(500.0, Some(Period::Month)).per_run(Some(&never)), None);
        let leap_day = Frequency::Cron(crate::values::Cron::parse("0 0 29 2 *").unwrap());
        let run = make(500.0, Some(Period::Month)).per_run(Some(&leap_day));
        assert!(run.is_some_and(|r| r.is_finite() && r > 500.0), "{run:?}");
        // Too large to multiply.
        let every_minute = Frequency::Every {
            count: 1,
            unit: crate::values::EveryUnit::Minutes,
        };
        assert_eq!(make(f64::MAX, None).per_day(Some(&every_minute)), None);
        assert_eq!(make(f64::MAX, Some(Period::Minute)).per_day(None), None);
        let huge = "9".repeat(400);
        let Read::Err(e) = volume(&format!("{huge} records/day")) else {
            panic!()
        };
        assert!(e.message.contains("too large"), "{}", e.message);
    }

    #[test]
    fn explains_what_is_wrong() {
        let Read::Err(e) = volume("12000 recrods/month") else {
            panic!()
        };
        assert!(
            e.message.contains("Did you mean `records`?"),
            "{}",
            e.message
        );
        assert_eq!(e.fix.unwrap().edits[0].new_text, "records");
        let Read::Err(e) = volume("12000 records/days") else {
            panic!()
        };
        assert!(e.message.contains("Did you mean `day`?"), "{}", e.message);
        let Read::Err(e) = volume("~ forms") else {
            panic!()
        };
        assert!(e.message.contains("expected a number"));
        let Read::Err(e) = volume("500") else {
            panic!()
        };
        assert!(e.message.contains("expected a unit"));
        assert!(matches!(volume("monthly"), Read::NoMatch));
    }
}

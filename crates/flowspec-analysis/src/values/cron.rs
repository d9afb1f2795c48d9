//! Five-field cron expressions (`m h dom mon dow`): validated field by
//! field, described in words, and counted (runs per day).

use std::ops::Range;

use flowspec_syntax::prose::{join_and, join_or};

const FIELDS: [FieldSpec; 5] = [
    FieldSpec {
        name: "minute",
        plural: "minutes",
        min: 0,
        max: 59,
        names: &[],
    },
    FieldSpec {
        name: "hour",
        plural: "hours",
        min: 0,
        max: 23,
        names: &[],
    },
    FieldSpec {
        name: "day of the month",
        plural: "days of the month",
        min: 1,
        max: 31,
        names: &[],
    },
    FieldSpec {
        name: "month",
        plural: "months",
        min: 1,
        max: 12,
        names: &[
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ],
    },
    FieldSpec {
        name: "day of the week",
        plural: "days of the week",
        min: 0,
        max: 7,
        names: &["sun", "mon", "tue", "wed", "thu", "fri", "sat"],
    },
];

struct FieldSpec {
    name: &'static str,
    plural: &'static str,
    min: u8,
    max: u8,
    /// Names for values, starting at `min` (months) or 0 (weekdays).
    names: &'static [&'static str],
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    pub expression: String,
    /// Allowed values per field, as bit sets (bit `v` set when `v` matches).
    sets: [u64; 5],
    /// Whether a field is unrestricted (written starting with `*`); cron
    /// ORs day-of-month and day-of-week only when both are restricted.
    stars: [bool; 5],
    /// `*/n` steps of the minute and hour fields, for descriptions.
    steps: [Option<u8>; 2],
    /// Days it runs on in the 400-year Gregorian cycle (never 0).
    days_in_cycle: u32,
}

/// What is wrong with an expression, and where in it (a byte range of the
/// expression text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronError {
    pub range: Range<usize>,
    pub message: String,
    pub kind: CronErrorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CronErrorKind {
    /// A field that cron does not accept, or the wrong number of fields.
    Invalid,
    /// Every field is valid, but no date matches (30 February).
    NeverRuns,
}

/// Days in the 400 years after which the Gregorian calendar repeats, weekdays
/// included (it is a whole number of weeks).
const CYCLE_DAYS: u32 = 146_097;

impl Cron {
    /// The expression, or every problem in it: one for each bad field.
    pub fn parse(expression: &str) -> Result<Cron, Vec<CronError>> {
        let parts: Vec<(usize, &str)> = split_fields(expression);
        if parts.len() != 5 {
            return Err(vec![CronError {
                range: 0..expression.len(),
                message: format!(
                    "a cron expression has 5 fields (minute hour day-of-month month day-of-week), this one has {}",
                    parts.len()
                ),
                kind: CronErrorKind::Invalid,
            }]);
        }
        let mut sets = [0u64; 5];
        let mut stars = [false; 5];
        let mut steps = [None; 2];
        let mut errors = Vec::new();
        for (i, &(offset, text)) in parts.iter().enumerate() {
            let spec = &FIELDS[i];
            match parse_field(spec, text) {
                Ok(set) => sets[i] = set,
                Err((range, message)) => errors.push(CronError {
                    range: offset + range.start..offset + range.end,
                    message,
                    kind: CronErrorKind::Invalid,
                }),
            }
            stars[i] = text.starts_with('*');
            if i < 2
                && let Some(step) = text.strip_prefix("*/")
            {
                steps[i] = step.parse().ok();
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        // Sunday is 0 or 7.
        if sets[4] & (1 << 7) != 0 {
            sets[4] = (sets[4] | 1) & !(1 << 7);
        }
        let mut cron = Cron {
            expression: expression.trim().to_string(),
            sets,
            stars,
            steps,
            days_in_cycle: 0,
        };
        cron.days_in_cycle = cron.matching_days();
        if cron.days_in_cycle == 0 {
            let (dom, month) = (parts[2], parts[3]);
            return Err(vec![CronError {
                range: dom.0..month.0 + month.1.len(),
                message: cron.why_never(),
                kind: CronErrorKind::NeverRuns,
            }]);
        }
        Ok(cron)
    }

    fn values(&self, field: usize) -> Vec<u8> {
        (0..64u8)
            .filter(|v| self.sets[field] & (1 << v) != 0)
            .collect()
    }

    fn count(&self, field: usize) -> u32 {
        self.sets[field].count_ones()
    }

    /// How many times a day it runs, on average over the 400-year cycle of
    /// the calendar: `0 0 29 2 *` runs 97 times in 400 years.
    pub fn runs_per_day(&self) -> f64 {
        let per_day = f64::from(self.count(0) * self.count(1));
        per_day * f64::from(self.days_in_cycle) / f64::from(CYCLE_DAYS)
    }

    /// Days of the 400-year Gregorian cycle on which it runs.
    fn matching_days(&self) -> u32 {
        let mut days = 0;
        for (m, by_day) in cycle_dates().iter().enumerate() {
            if self.sets[3] & (1 << (m + 1)) == 0 {
                continue;
            }
            for (d, by_weekday) in by_day.iter().enumerate() {
                for (weekday, &count) in by_weekday.iter().enumerate() {
                    let dom_ok = self.sets[2] & (1 << d) != 0;
                    let dow_ok = self.sets[4] & (1 << weekday) != 0;
                    let day_ok = match (self.stars[2], self.stars[4]) {
                        (false, false) => dom_ok || dow_ok,
                        _ => dom_ok && dow_ok,
                    };
                    if day_ok {
                        days += u32::from(count);
                    }
                }
            }
        }
        days
    }

    /// Why no date matches: "February has no 30th". Every weekday falls on every date in the
    /// cycle, so only days the listed months do not have can cause it.
    fn why_never(&self) -> String {
        let days = self.values(2);
        let months = self.values(3);
        let names: Vec<String> = months
            .iter()
            .map(|&m| MONTHS[m as usize - 1].to_string())
            .collect();
        let ordinals: Vec<&str> = days.iter().map(|&d| ordinal(d)).collect();
        let verb = if months.len() == 1 { "has" } else { "have" };
        format!("{} {verb} no {}", join_and(&names), join_or(&ordinals))
    }

    /// In words: "at 02:00 on day 1 of the month".
    pub fn describe(&self) -> String {
        let time = self.describe_time();
        let days = self.describe_days();
        let redundant = days == "every day" && time.starts_with("every");
        let mut parts = vec![time];
        if !redundant {
            parts.push(days);
        }
        if !self.stars[3] || self.count(3) < 12 {
            let months: Vec<String> = self
                .values(3)
                .iter()
                .map(|&m| MONTHS[m as usize - 1].to_string())
                .collect();
            parts.push(format!("in {}", join_and(&months)));
        }
        parts.join(" ")
    }

    fn describe_time(&self) -> String {
        let minutes = self.values(0);
        let hours = self.values(1);
        let all_hours = self.count(1) == 24;
        match (minutes.as_slice(), hours.as_slice()) {
            (_, _) if self.count(0) == 60 && all_hours => "every minute".to_string(),
            ([m], [h]) => format!("at {h:02}:{m:02}"),
            ([0], _) if all_hours => "every hour, on the hour".to_string(),
            ([m], _) if all_hours => format!("every hour at minute {m}"),
            ([m], _) if self.steps[1].is_some() => {
                format!("every {} hours at minute {m}", self.steps[1].unwrap_or(1))
            }
            ([m], hs) if hs.len() <= 4 => {
                let times: Vec<String> = hs.iter().map(|h| format!("{h:02}:{m:02}")).collect();
                format!("at {}", join_and(&times))
            }
            _ if self.steps[0].is_some() && all_hours => {
                format!("every {} minutes", self.steps[0].unwrap_or(1))
            }
            _ if self.steps[0].is_some() => format!(
                "every {} minutes during hours {}",
                self.steps[0].unwrap_or(1),
                compress(&hours)
            ),
            _ if all_hours => format!("at minutes {} of every hour", compress(&minutes)),
            _ => format!(
                "at minutes {} past hours {}",
                compress(&minutes),
                compress(&hours)
            ),
        }
    }

    fn describe_days(&self) -> String {
        let dom = if self.stars[2] && self.count(2) == 31 {
            None
        } else {
            let days = self.values(2);
            Some(if days.len() == 1 {
                format!("on day {} of the month", days[0])
            } else {
                format!("on days {} of the month", compress(&days))
            })
        };
        let dow = if self.stars[4] && self.count(4) == 7 {
            None
        } else {
            let days = self.values(4);
            let names: Vec<String> = days
                .iter()
                .map(|&d| format!("{}s", WEEKDAYS[d as usize]))
                .collect();
            Some(if days == [1, 2, 3, 4, 5] {
                "on weekdays (Monday to Friday)".to_string()
            } else {
                format!("on {}", join_and(&names))
            })
        };
        match (dom, dow) {
            (None, None) => "every day".to_string(),
            (Some(d), None) | (None, Some(d)) => d,
            (Some(a), Some(b)) if !self.stars[2] && !self.stars[4] => format!("{a} and {b}"),
            (Some(a), Some(b)) => format!("{a}, if it falls {b}"),
        }
    }
}

/// How often each date (month, day of the month) falls on each weekday in
/// the 400-year Gregorian cycle; counted once, then shared.
fn cycle_dates() -> &'static [[[u16; 7]; 32]; 12] {
    static TABLE: std::sync::OnceLock<[[[u16; 7]; 32]; 12]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [[[0u16; 7]; 32]; 12];
        let mut weekday = 6; // 1 January 2000, where a cycle starts, was a Saturday
        for year in 2000..2400u32 {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            for m in 1..=12u8 {
                for d in 1..=month_length(m, leap) {
                    table[usize::from(m - 1)][usize::from(d)][weekday] += 1;
                    weekday = (weekday + 1) % 7;
                }
            }
        }
        table
    })
}

/// Days in month `m` (1–12).
fn month_length(m: u8, leap: bool) -> u8 {
    match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `1st`, `2nd`, `30th`, `31st` (days of the month only).
fn ordinal(d: u8) -> &'static str {
    const ORDINALS: [&str; 32] = [
        "", "1st", "2nd", "3rd", "4th", "5th", "6th", "7th", "8th", "9th", "10th", "11th", "12th",
        "13th", "14th", "15th", "16th", "17th", "18th", "19th", "20th", "21st", "22nd", "23rd",
        "24th", "25th", "26th", "27th", "28th", "29th", "30th", "31st",
    ];
    ORDINALS.get(d as usize).copied().unwrap_or("")
}

/// Fields with their byte offsets, split on whitespace.
fn split_fields(expression: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in expression.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push((s, &expression[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, &expression[s..]));
    }
    out
}

/// One field: `*`, `*/n`, `a`, `a-b`, `a-b/n`, `a/n`, or a comma list of
/// these. Errors carry a byte range within the field.
fn parse_field(spec: &FieldSpec, text: &str) -> Result<u64, (Range<usize>, String)> {
    let mut set = 0u64;
    let mut offset = 0;
    for part in text.split(',') {
        let range = offset..offset + part.len();
        offset += part.len() + 1;
        let fail = |message: String| Err((range.clone(), message));
        if part.is_empty() {
            return fail(format!("the {} field has an empty list item", spec.name));
        }
        let (base, step) = match part.split_once('/') {
            Some((base, step)) => match step.parse::<u8>() {
                Ok(0) => {
                    return fail(format!(
                        "a step of 0 in the {} field never moves",
                        spec.name
                    ));
                }
                Ok(n) if n <= spec.max => (base, n),
                _ => {
                    return fail(format!(
                        "`{step}` is not a step for {}: use a number from 1 to {}",
                        spec.plural, spec.max
                    ));
                }
            },
            None => (part, 1),
        };
        let (low, high) = if base == "*" {
            (spec.min, spec.max)
        } else if let Some((a, b)) = base.split_once('-') {
            let low = value(spec, a).map_err(|m| (range.clone(), m))?;
            let high = value(spec, b).map_err(|m| (range.clone(), m))?;
            if low > high {
                return fail(format!(
                    "the range `{base}` in the {} field runs backwards",
                    spec.name
                ));
            }
            (low, high)
        } else {
            let v = value(spec, base).map_err(|m| (range.clone(), m))?;
            // `a/n` means from a to the end in steps of n.
            if step > 1 { (v, spec.max) } else { (v, v) }
        };
        let mut v = low;
        while v <= high {
            set |= 1 << v;
            v = match v.checked_add(step) {
                Some(next) => next,
                None => break,
            };
        }
    }
    Ok(set)
}

fn value(spec: &FieldSpec, text: &str) -> Result<u8, String> {
    if let Ok(v) = text.parse::<u32>() {
        if (u32::from(spec.min)..=u32::from(spec.max)).contains(&v) {
            return Ok(v as u8);
        }
        let range = if spec.max == 7 {
            "from 0 to 7 (0 and 7 are Sunday)".to_string()
        } else {
            format!("from {} to {}", spec.min, spec.max)
        };
        return Err(format!(
            "{} {v} is out of range: {} run {range}",
            spec.name, spec.plural
        ));
    }
    let lower = text.to_ascii_lowercase();
    if let Some(i) = spec.names.iter().position(|n| *n == lower) {
        let first = if spec.max == 12 { 1 } else { 0 };
        return Ok(i as u8 + first);
    }
    let names = if spec.names.is_empty() {
        String::new()
    } else {
        format!(" or a name such as `{}`", spec.names[0].to_uppercase())
    };
    Err(format!(
        "`{text}` is not a {}: use a number from {} to {}{names}, `*`, a range `a-b`, a list `a,b` or a step `*/n`",
        spec.name, spec.min, spec.max
    ))
}

/// `1, 2, 3, 5` → "1–3 and 5".
fn compress(values: &[u8]) -> String {
    let mut runs: Vec<String> = Vec::new();
    let mut i = 0;
    while i < values.len() {
        let mut j = i;
        while j + 1 < values.len() && values[j + 1] == values[j] + 1 {
            j += 1;
        }
        runs.push(if j >= i + 2 {
            format!("{}–{}", values[i], values[j])
        } else if j == i + 1 {
            format!("{}, {}", values[i], values[j])
        } else {
            values[i].to_string()
        });
        i = j + 1;
    }
    join_and(&runs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn describe(e: &str) -> String {
        Cron::parse(e).unwrap().describe()
    }

    #[test]
    fn describes_common_schedules() {
        assert_eq!(describe("0 2 1 * *"), "at 02:00 on day 1 of the month");
        assert_eq!(
            describe("30 6 * * 1-5"),
            "at 06:30 on weekdays (Monday to Friday)"
        );
        assert_eq!(describe("*/15 * * * *"), "every 15 minutes");
        assert_eq!(describe("0 * * * *"), "every hour, on the hour");
        assert_eq!(
            describe("0 0 1 1,4,7,10 *"),
            "at 00:00 on day 1 of the month in January, April, July and October"
        );
        assert_eq!(
            describe("0 8 * * mon,FRI"),
            "at 08:00 on Mondays and Fridays"
        );
        assert_eq!(describe("0 */6 * * *"), "every 6 hours at minute 0");
        assert_eq!(
            describe("0 9 1,15 * *"),
            "at 09:00 on days 1 and 15 of the month"
        );
        assert_eq!(describe("0 2 * * *"), "at 02:00 every day");
    }

    #[test]
    fn counts_runs_per_day() {
        let per_day = |e: &str| Cron::parse(e).unwrap().runs_per_day();
        assert_eq!(per_day("0 0 * * *"), 1.0);
        assert_eq!(per_day("*/15 * * * *"), 96.0);
        assert!((per_day("0 2 1 * *") - 12.0 / 365.2425).abs() < 1e-12);
        assert!((per_day("0 8 * * 1") - 1.0 / 7.0).abs() < 1e-12);
        // Sunday as 7 is Sunday as 0.
        assert_eq!(per_day("0 0 * * 7"), per_day("0 0 * * 0"));
    }

    #[test]
    fn the_29th_of_february_runs_in_leap_years() {
        let per_day = |e: &str| Cron::parse(e).unwrap().runs_per_day();
        // 97 leap days in the 400 years of the Gregorian cycle.
        let leap = per_day("0 0 29 2 *");
        assert!((leap - 97.0 / 146_097.0).abs() < 1e-15, "{leap}");
        assert!((1.0 / leap / 365.2425 - 4.12).abs() < 0.01);
        // Only on a Sunday: rarer still, but it happens.
        assert!(per_day("0 0 29 2 */7") > 0.0);
        assert!(per_day("0 0 29 2 */7") < leap);
        // 31 January and any day of February that exists.
        assert!(per_day("0 0 29-31 1,2 *") > per_day("0 0 29-31 1 *"));
    }

    #[test]
    fn the_cycle_has_every_date_on_every_weekday() {
        let table = cycle_dates();
        let total: u32 = table
            .iter()
            .flatten()
            .flatten()
            .map(|&c| u32::from(c))
            .sum();
        assert_eq!(total, CYCLE_DAYS);
        assert_eq!(table[1][29].iter().sum::<u16>(), 97);
        // So only a day the listed months lack can make a cron never run.
        for (m, by_day) in table.iter().enumerate() {
            let len = month_length(m as u8 + 1, true);
            for d in 1..=len {
                assert!(by_day[usize::from(d)].iter().all(|&c| c > 0), "{m} {d}");
            }
        }
    }

    fn errors(e: &str) -> Vec<CronError> {
        Cron::parse(e).unwrap_err()
    }

    #[test]
    fn a_date_no_month_has_never_runs() {
        let err = &errors("0 0 30 2 *")[..];
        let [err] = err else { panic!("{err:?}") };
        assert_eq!(err.kind, CronErrorKind::NeverRuns);
        assert_eq!(err.message, "February has no 30th");
        assert_eq!(err.range, 4..8); // `30 2`
        let [err] = &errors("0 0 30,31 FEB *")[..] else {
            panic!()
        };
        assert_eq!(err.message, "February has no 30th or 31st");
        let [err] = &errors("0 0 31 2,4,6  9,11 *")[..] else {
            panic!()
        };
        assert_eq!(err.kind, CronErrorKind::Invalid, "six fields");
        let [err] = &errors("0 0 31 2,4,6,9,11 *")[..] else {
            panic!()
        };
        assert_eq!(
            err.message,
            "February, April, June, September and November have no 31st"
        );
        // Both day fields restricted: a day matching either runs, so this
        // runs on the Mondays of February.
        let mondays = Cron::parse("0 0 30 2 1").unwrap();
        // February has 11297 days in the cycle, about a seventh of them Mondays.
        assert!(
            (1610..=1618).contains(&mondays.days_in_cycle),
            "{}",
            mondays.days_in_cycle
        );
        // A day field written with `*` does not count as restricted.
        assert!(Cron::parse("0 0 30 2 */2").is_err());
        assert!(Cron::parse("0 0 31 1,4 *").is_ok());
    }

    #[test]
    fn rejects_bad_fields_with_their_position() {
        let one = |e: &str| {
            let errors = errors(e);
            assert_eq!(errors.len(), 1, "{errors:?}");
            errors.into_iter().next().unwrap()
        };
        let err = one("0 25 * * *");
        assert_eq!(err.range, 2..4);
        assert_eq!(
            err.message,
            "hour 25 is out of range: hours run from 0 to 23"
        );
        assert_eq!(err.kind, CronErrorKind::Invalid);
        let err = one("0 0 * *");
        assert!(err.message.contains("this one has 4"));
        let err = one("0 0 5-2 * *");
        assert!(err.message.contains("runs backwards"), "{}", err.message);
        assert_eq!(err.range, 4..7);
        let err = one("*/0 * * * *");
        assert!(err.message.contains("never moves"));
        let err = one("0 0 * foo *");
        assert!(err.message.contains("`foo` is not a month"));
        assert!(Cron::parse("0 0 * * 8").is_err());
        assert!(Cron::parse("0 0 0 * *").is_err());
        assert!(Cron::parse("0,30 8-17/2 1 JAN-mar sun").is_ok());
    }

    #[test]
    fn reports_every_bad_field() {
        let errors = errors("60 25 0 13 8");
        let ranges: Vec<_> = errors.iter().map(|e| e.range.clone()).collect();
        assert_eq!(ranges, [0..2, 3..5, 6..7, 8..10, 11..12]);
        assert!(errors[0].message.starts_with("minute 60"));
        assert!(errors[3].message.starts_with("month 13"));
        // One error a field, at its first bad item; a bad field hides no
        // never-runs error and makes up none.
        let errors = super::tests::errors("0 99,98 30 2 x");
        let ranges: Vec<_> = errors.iter().map(|e| e.range.clone()).collect();
        assert_eq!(ranges, [2..4, 13..14]);
    }
}

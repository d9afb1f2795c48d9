//! Formats: how a system writes a field's value. A date or date-and-time
//! format is a pattern (`"MM/DD/YYYY"`, `"dd/mm/yyyy"`, `"YYYY-MM-DDTHH:mm"`)
//! or a named format (`iso-date`, `iso-datetime`, `dhis2-period`); two
//! patterns that write every date the same way are the same format. Any
//! other format (a unit, a phone number's shape) is compared as written.

/// A format as written, with the form it is compared by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    /// As the design writes it (`dd/mm/yyyy`, `dhis2-period`).
    pub written: String,
    /// What it is compared by: the pattern with its letters made canonical
    /// (`DD/MM/YYYY`), the named format's word, or the text as written.
    pub canonical: String,
    parts: Option<Vec<Part>>,
}

/// The named formats, with what they mean.
pub const NAMED: [(&str, &str); 3] = [
    ("iso-date", "ISO 8601 date, YYYY-MM-DD"),
    (
        "iso-datetime",
        "ISO 8601 date and time, YYYY-MM-DDTHH:mm:ss",
    ),
    (
        "dhis2-period",
        "a DHIS2 period: 202412 (a month), 20241231 (a day), 2024W52 (a week), 2024Q4 (a quarter), 2024 (a year)",
    ),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Year4,
    Year2,
    Month2,
    Month1,
    Day2,
    Day1,
    Hour,
    Minute,
    Second,
    Lit(char),
}

impl Format {
    /// A date or date-and-time format: a named one, or a pattern of `YYYY`,
    /// `YY`, `MM`, `M`, `DD`, `D`, `HH`, `mm` (minutes, after `HH:`), `ss`
    /// and separators (`-` `/` `.` `:` space `T`). Letters may be in either
    /// case (`dd/mm/yyyy` is `DD/MM/YYYY`). `None` when it is neither.
    pub fn date(written: &str) -> Option<Format> {
        let pattern = match written {
            "iso-date" => "YYYY-MM-DD",
            "iso-datetime" => "YYYY-MM-DDTHH:mm:ss",
            "dhis2-period" => {
                return Some(Format {
                    written: written.to_string(),
                    canonical: written.to_string(),
                    parts: None,
                });
            }
            other => other,
        };
        let parts = parse(pattern)?;
        Some(Format {
            written: written.to_string(),
            canonical: render_pattern(&parts),
            parts: Some(parts),
        })
    }

    /// Any other format, compared as written.
    pub fn plain(written: &str) -> Format {
        Format {
            written: written.to_string(),
            canonical: written.to_string(),
            parts: None,
        }
    }

    /// Whether both write a value the same way.
    pub fn same(&self, other: &Format) -> bool {
        self.canonical == other.canonical
    }

    /// A worked example: 31 December 2024, 13:45:09, in this format (a
    /// DHIS2 period shows that month); `None` for a format that is not a
    /// date's.
    pub fn example(&self) -> Option<String> {
        if self.canonical == "dhis2-period" {
            return Some("202412".to_string());
        }
        let parts = self.parts.as_ref()?;
        Some(
            parts
                .iter()
                .map(|p| match p {
                    Part::Year4 => "2024".to_string(),
                    Part::Year2 => "24".to_string(),
                    Part::Month2 | Part::Month1 => "12".to_string(),
                    Part::Day2 | Part::Day1 => "31".to_string(),
                    Part::Hour => "13".to_string(),
                    Part::Minute => "45".to_string(),
                    Part::Second => "09".to_string(),
                    Part::Lit(c) => c.to_string(),
                })
                .collect(),
        )
    }

    /// A date pattern's pieces, in order: `YYYY`, `YY`, `MM`, `M`, `DD`,
    /// `D`, `HH`, `mm`, `ss`, or a separator of one character; `None` for a
    /// DHIS2 period or a format that is not a date's.
    pub fn tokens(&self) -> Option<Vec<String>> {
        let parts = self.parts.as_ref()?;
        Some(
            parts
                .iter()
                .map(|p| render_pattern(std::slice::from_ref(p)))
                .collect(),
        )
    }

    /// Whether `text` is a value written in this date format (`12/31/2024`
    /// in `MM/DD/YYYY`; `2024W52` as a DHIS2 period), with each part in
    /// range (a month 1 to 12, a day 1 to 31, an hour 0 to 23). `None` for
    /// a format that is not a date's: nothing to check it by.
    pub fn reads(&self, text: &str) -> Option<bool> {
        if self.is_dhis2_period() {
            return Some(is_dhis2_period(text));
        }
        self.parts.as_ref()?;
        Some(self.read(text).is_some())
    }

    /// A date written in this format, rewritten in `to`: `12/31/2024` in
    /// `MM/DD/YYYY` is `2024-12-31` in `YYYY-MM-DD`. `None` when `text` is
    /// not written in this format, or `to` needs a part this one lacks (a
    /// time, a four-digit year from two digits) or is a DHIS2 period.
    pub fn convert(&self, text: &str, to: &Format) -> Option<String> {
        let values = self.read(text)?;
        let mut out = String::new();
        for part in to.parts.as_ref()? {
            let (kind, width) = match part {
                Part::Lit(c) => {
                    out.push(*c);
                    continue;
                }
                Part::Year4 => (Part::Year4, 4),
                Part::Year2 => (Part::Year2, 2),
                Part::Month2 => (Part::Month2, 2),
                Part::Month1 => (Part::Month2, 1),
                Part::Day2 => (Part::Day2, 2),
                Part::Day1 => (Part::Day2, 1),
                Part::Hour => (Part::Hour, 2),
                Part::Minute => (Part::Minute, 2),
                Part::Second => (Part::Second, 2),
            };
            let value = match kind {
                // A two-digit year is the last two of four.
                Part::Year2 => values
                    .get(Part::Year2)
                    .or(values.get(Part::Year4).map(|y| y % 100)),
                other => values.get(other),
            }?;
            out.push_str(&format!("{value:0width$}"));
        }
        Some(out)
    }

    /// The parts of a date written in this format, each in range. A part
    /// of one or two digits (`M`, `D`) tries two first, then one, so that
    /// `M/D` patterns without separators (`MDYYYY`) read what they write.
    fn read(&self, text: &str) -> Option<Read> {
        let mut read = Read::default();
        read_parts(self.parts.as_ref()?, text, &mut read).then_some(read)
    }

    /// Whether this is the named format `dhis2-period`.
    pub fn is_dhis2_period(&self) -> bool {
        self.canonical == "dhis2-period"
    }

    /// `12/31/2024 → 31/12/2024`, when both are date formats.
    pub fn worked_example(&self, to: &Format) -> Option<String> {
        Some(format!("{} → {}", self.example()?, to.example()?))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.written)
    }
}

fn parse(pattern: &str) -> Option<Vec<Part>> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parts = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run = chars[i..].iter().take_while(|&&x| x == c).count();
        let part = match (c.to_ascii_uppercase(), run) {
            ('Y', 4) => Part::Year4,
            ('Y', 2) => Part::Year2,
            ('D', 2) => Part::Day2,
            ('D', 1) => Part::Day1,
            ('H', 2) => Part::Hour,
            ('S', 2) => Part::Second,
            ('M', 2) | ('M', 1) => {
                // Minutes right after `HH:`; a month anywhere else.
                let after_hour = matches!(parts.as_slice(), [.., Part::Hour, Part::Lit(':')]);
                match (after_hour, run) {
                    (true, _) => Part::Minute,
                    (false, 2) => Part::Month2,
                    (false, _) => Part::Month1,
                }
            }
            ('T', 1) | ('-', 1) | ('/', 1) | ('.', 1) | (':', 1) | (' ', 1) => Part::Lit(c),
            _ => return None,
        };
        parts.push(part);
        i += run;
    }
    // Each part at most once (a date has one month): a pattern that
    // repeats one is not a date's, and reading stays a few tries at most.
    let mut seen = [false; 7];
    for part in &parts {
        let kind = match part {
            Part::Year2 => Read::slot(Part::Year4),
            other => Read::slot(*other),
        };
        if let Some(kind) = kind
            && std::mem::replace(&mut seen[kind], true)
        {
            return None;
        }
    }
    let has = |p: Part| parts.contains(&p);
    (has(Part::Year4) || has(Part::Year2)).then_some(parts)
}

/// Reads `parts` from the whole of `text` into `read`, backtracking over
/// the length of one-or-two-digit parts.
fn read_parts(parts: &[Part], text: &str, read: &mut Read) -> bool {
    let Some((part, rest_parts)) = parts.split_first() else {
        return text.is_empty();
    };
    let (min_len, max_len, range) = match part {
        Part::Year4 => (4, 4, 0..=9999),
        Part::Year2 => (2, 2, 0..=99),
        Part::Month2 => (2, 2, 1..=12),
        Part::Month1 => (1, 2, 1..=12),
        Part::Day2 => (2, 2, 1..=31),
        Part::Day1 => (1, 2, 1..=31),
        Part::Hour => (2, 2, 0..=23),
        Part::Minute | Part::Second => (2, 2, 0..=59),
        Part::Lit(c) => {
            return text
                .strip_prefix(*c)
                .is_some_and(|rest| read_parts(rest_parts, rest, read));
        }
    };
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    for len in (min_len..=max_len.min(digits)).rev() {
        let Ok(value) = text[..len].parse::<u32>() else {
            continue;
        };
        if range.contains(&value) && read_parts(rest_parts, &text[len..], read) {
            read.set(*part, value);
            return true;
        }
    }
    false
}

/// The values a date's parts were read as, by the part's canonical kind
/// (`Month2` for any month, `Day2` for any day).
#[derive(Debug, Default)]
struct Read([Option<u32>; 7]);

impl Read {
    /// Where a part's value is kept; a literal is matched, never read.
    fn slot(part: Part) -> Option<usize> {
        Some(match part {
            Part::Year4 => 0,
            Part::Year2 => 1,
            Part::Month2 | Part::Month1 => 2,
            Part::Day2 | Part::Day1 => 3,
            Part::Hour => 4,
            Part::Minute => 5,
            Part::Second => 6,
            Part::Lit(_) => return None,
        })
    }

    fn set(&mut self, part: Part, value: u32) {
        if let Some(slot) = Read::slot(part) {
            self.0[slot] = Some(value);
        }
    }

    fn get(&self, part: Part) -> Option<u32> {
        Read::slot(part).and_then(|slot| self.0[slot])
    }
}

/// DHIS2's period identifiers: `2024` (a year), `202412` (a month),
/// `20241231` (a day), `2024W52` and `2024BiW26` (weeks), `2024Wed12` (a
/// week starting on another day), `202401B` (two months), `2024Q4`,
/// `2024S2`, `2024AprilS1` (six months), `2024April`, `2024July`,
/// `2024Oct`, `2024Nov` (financial years).
fn is_dhis2_period(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let number_in = |s: &str, max: u32| {
        digits(s) && s.len() <= 2 && (1..=max).contains(&s.parse::<u32>().unwrap_or(0))
    };
    let (Some(year), rest) = (text.get(..4), text.get(4..).unwrap_or("")) else {
        return false;
    };
    if !digits(year) {
        return false;
    }
    let month = |s: &str| s.len() == 2 && number_in(s, 12);
    match rest {
        "" | "April" | "July" | "Oct" | "Nov" => true,
        _ if rest.len() == 2 && digits(rest) => month(rest),
        _ if rest.len() == 4 && digits(rest) => month(&rest[..2]) && number_in(&rest[2..], 31),
        _ if rest.len() == 3 && rest.ends_with('B') => month(&rest[..2]),
        _ => {
            for (prefix, max) in [
                ("BiW", 27),
                ("WedW", 53),
                ("ThuW", 53),
                ("SatW", 53),
                ("SunW", 53),
                ("W", 53),
                ("Q", 4),
                ("AprilS", 2),
                ("NovS", 2),
                ("S", 2),
            ] {
                if let Some(n) = rest.strip_prefix(prefix) {
                    return number_in(n, max);
                }
            }
            false
        }
    }
}

fn render_pattern(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Year4 => "YYYY".to_string(),
            Part::Year2 => "YY".to_string(),
            Part::Month2 => "MM".to_string(),
            Part::Month1 => "M".to_string(),
            Part::Day2 => "DD".to_string(),
            Part::Day1 => "D".to_string(),
            Part::Hour => "HH".to_string(),
            Part::Minute => "mm".to_string(),
            Part::Second => "ss".to_string(),
            Part::Lit(c) => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_compare_by_what_they_write() {
        let us = Format::date("MM/DD/YYYY").unwrap();
        let dhis2 = Format::date("dd/mm/yyyy").unwrap();
        assert_eq!(dhis2.canonical, "DD/MM/YYYY");
        assert!(!us.same(&dhis2));
        assert!(
            Format::date("YYYY-MM-DD")
                .unwrap()
                .same(&Format::date("iso-date").unwrap())
        );
        assert_eq!(
            us.worked_example(&dhis2).unwrap(),
            "12/31/2024 → 31/12/2024"
        );
        let time = Format::date("yyyy-mm-dd hh:mm").unwrap();
        assert_eq!(time.canonical, "YYYY-MM-DD HH:mm");
        assert_eq!(time.example().unwrap(), "2024-12-31 13:45");
        assert_eq!(
            Format::date("dhis2-period").unwrap().example().unwrap(),
            "202412"
        );
        assert!(Format::date("MM/DD").is_none(), "no year");
        assert!(Format::date("a date").is_none());
        assert!(Format::date("YYYYY").is_none());
        assert!(Format::date("YYYY-MM-MM").is_none(), "two months");
        assert!(Format::date("M/D/YYYY/D").is_none(), "two days");
        assert!(Format::date("YY-YYYY").is_none(), "two years");
        assert_eq!(Format::plain("kg").example(), None);
    }

    #[test]
    fn a_value_is_read_by_its_pattern_with_each_part_in_range() {
        let us = Format::date("MM/DD/YYYY").unwrap();
        assert_eq!(us.reads("12/31/2024"), Some(true));
        assert_eq!(us.reads("31/12/2024"), Some(false), "month 31");
        assert_eq!(us.reads("2024-12-31"), Some(false));
        assert_eq!(us.reads("12/31/2024 "), Some(false), "trailing text");
        assert_eq!(us.reads("1/31/2024"), Some(false), "MM needs two digits");
        let short = Format::date("M/D/YY").unwrap();
        assert_eq!(short.reads("1/5/24"), Some(true));
        assert_eq!(short.reads("12/25/24"), Some(true));
        assert_eq!(short.reads("13/5/24"), Some(false));
        let time = Format::date("iso-datetime").unwrap();
        assert_eq!(time.reads("2024-12-31T13:45:09"), Some(true));
        assert_eq!(time.reads("2024-12-31T24:00:00"), Some(false));
        assert_eq!(time.reads("2024-12-31"), Some(false));
        // Not a date's format: nothing to check by.
        assert_eq!(Format::plain("kg").reads("12"), None);
        // Digits past the end of a part, non-ASCII text: no panic, no.
        assert_eq!(us.reads("12/31/20245"), Some(false));
        assert_eq!(us.reads("١٢/٣١/٢٠٢٤"), Some(false));
        assert_eq!(us.reads(""), Some(false));
        // Without separators, one-or-two-digit parts read what they write.
        let packed = Format::date("MDYYYY").unwrap();
        assert_eq!(packed.reads("152024"), Some(true), "1 May");
        assert_eq!(packed.reads("1232024"), Some(true));
        assert_eq!(
            Format::date("MM/DD/YYYY")
                .unwrap()
                .convert("01/05/2024", &packed)
                .as_deref(),
            Some("152024")
        );
        assert_eq!(
            packed.convert("152024", &iso()).as_deref(),
            Some("2024-01-05")
        );
    }

    fn iso() -> Format {
        Format::date("iso-date").unwrap()
    }

    #[test]
    fn a_date_is_rewritten_from_one_format_into_another() {
        let us = Format::date("MM/DD/YYYY").unwrap();
        let iso = Format::date("iso-date").unwrap();
        let short = Format::date("D.M.YY").unwrap();
        assert_eq!(
            us.convert("12/31/2024", &iso).as_deref(),
            Some("2024-12-31")
        );
        assert_eq!(us.convert("01/05/2024", &short).as_deref(), Some("5.1.24"));
        assert_eq!(short.convert("5.1.24", &us), None, "no four-digit year");
        assert_eq!(
            short
                .convert("5.1.24", &Format::date("YY/MM/DD").unwrap())
                .as_deref(),
            Some("24/01/05")
        );
        assert_eq!(us.convert("31/12/2024", &iso), None, "not in its format");
        assert_eq!(
            us.convert("12/31/2024", &Format::date("iso-datetime").unwrap()),
            None,
            "no time"
        );
        assert_eq!(
            Format::date("iso-datetime")
                .unwrap()
                .convert(
                    "2024-12-31T13:45:09",
                    &Format::date("DD/MM/YYYY HH:mm").unwrap()
                )
                .as_deref(),
            Some("31/12/2024 13:45")
        );
        assert_eq!(
            us.convert("12/31/2024", &Format::date("dhis2-period").unwrap()),
            None
        );
        assert_eq!(us.convert("12/31/2024", &Format::plain("kg")), None);
    }

    #[test]
    fn dhis2_periods_of_every_kind() {
        let period = Format::date("dhis2-period").unwrap();
        for ok in [
            "2024",
            "202412",
            "20241231",
            "2024W52",
            "2024W1",
            "2024BiW26",
            "2024WedW12",
            "202401B",
            "2024Q4",
            "2024S2",
            "2024AprilS1",
            "2024April",
            "2024July",
            "2024Oct",
            "2024Nov",
            "2024NovS2",
        ] {
            assert_eq!(period.reads(ok), Some(true), "{ok}");
        }
        for bad in [
            "24",
            "2024-12",
            "202413",
            "20241232",
            "2024W54",
            "2024W0",
            "2024Q5",
            "2024S3",
            "12/2024",
            "2024March",
            "",
            "2024W",
            "2024é",
        ] {
            assert_eq!(period.reads(bad), Some(false), "{bad}");
        }
    }
}

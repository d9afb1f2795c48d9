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
    let has = |p: Part| parts.contains(&p);
    (has(Part::Year4) || has(Part::Year2)).then_some(parts)
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
        assert_eq!(Format::plain("kg").example(), None);
    }
}

//! Ids and names: stable, derived from the design's names, unique.
//!
//! An id is the name in kebab-case, and a name is the same words with
//! spaces, so that OpenFn's own tools (which key jobs and workflows by their
//! hyphenated, lower-cased names) derive the same id from the name.

use std::collections::HashSet;

/// Lightning accepts job names up to 100 characters.
pub const MAX_NAME: usize = 100;

/// The words of an identifier: split at `_`, `-`, any other character that
/// is not an ASCII letter or digit, and at lower-to-upper case changes
/// (`monthlyIndicators`). Words keep their case.
pub fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        word.push(c);
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// `monthly_indicators` → `monthly indicators`: lower-case words.
pub fn human_name(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `monthly_indicators` → `monthly-indicators`; `Monthly Indicators` too.
/// Empty when the name has no ASCII letter or digit.
pub fn kebab(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("-")
}

/// The id OpenFn's tools derive from a name: every run of characters other
/// than ASCII letters, digits and `_` becomes one `-`, lower-cased
/// (`send to DHIS2` → `send-to-dhis2`).
pub fn slug(name: &str) -> String {
    let spaced: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_lowercase()
            } else {
                ' '
            }
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join("-")
}

/// A job name Lightning accepts (`^[a-zA-Z0-9_\- ]*$`, at most 100
/// characters): other characters become spaces.
pub fn job_name(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == ' ' {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut name = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    // Room for a " 99" suffix.
    name.truncate(MAX_NAME - 3);
    name.trim_end().to_string()
}

/// Hands out ids (and their names) that are unique within one scope: a
/// second `send to dhis2` becomes `send to dhis2 2` / `send-to-dhis2-2`.
#[derive(Debug, Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    /// The id and name for `name`: the id is `slug(name)` (or `fallback`
    /// when that is empty), with ` 2`, ` 3`, … added to both until the id is
    /// free.
    pub fn take(&mut self, name: &str, fallback: &str) -> (String, String) {
        let mut base_name = name.to_string();
        let mut base_id = slug(name);
        if base_id.is_empty() {
            base_name = fallback.to_string();
            base_id = slug(fallback);
        }
        let (mut id, mut name) = (base_id.clone(), base_name.clone());
        let mut n = 2;
        while self.taken.contains(&id) {
            id = format!("{base_id}-{n}");
            name = format!("{base_name} {n}");
            n += 1;
        }
        self.taken.insert(id.clone());
        (id, name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kebab_case_of_the_words() {
        assert_eq!(kebab("monthly_indicators"), "monthly-indicators");
        assert_eq!(kebab("monthlyIndicators"), "monthly-indicators");
        assert_eq!(kebab("MonthlyIndicators"), "monthly-indicators");
        assert_eq!(kebab("google-sheets"), "google-sheets");
        assert_eq!(kebab("khis_monthly"), "khis-monthly");
        assert_eq!(kebab("__a__b__"), "a-b");
        assert_eq!(kebab("send to DHIS2"), "send-to-dhis2");
        assert_eq!(kebab("HMIS2report"), "hmis2report");
        assert_eq!(kebab("école"), "cole");
        assert_eq!(kebab("ክሊኒክ"), "");
        assert_eq!(human_name("monthly_indicators"), "monthly indicators");
        assert_eq!(human_name("samAlerts"), "sam alerts");
    }

    /// OpenFn's tools derive a step's id from its name by replacing every
    /// run of non-word characters with `-` and lower-casing; ours must agree.
    #[test]
    fn workflow_ids_are_the_slugs_of_their_names() {
        // OpenFn: text.replace(/\W/g, " ").trim().replace(/\s+/g, "-").toLowerCase()
        assert_eq!(slug("send to DHIS2 (MoH)"), "send-to-dhis2-moh");
        assert_eq!(slug("send to data_warehouse"), "send-to-data_warehouse");
        assert_eq!(slug("fetch from google-sheets"), "fetch-from-google-sheets");
        assert_eq!(slug("  école  "), "cole");
        for flow in [
            "monthly_indicators",
            "samAlerts",
            "khis-monthly",
            "a__b",
            "X2y",
        ] {
            assert_eq!(slug(&human_name(flow)), kebab(flow), "{flow}");
        }
    }

    #[test]
    fn job_names_keep_to_what_lightning_accepts() {
        assert_eq!(job_name("send to DHIS2 (MoH)"), "send to DHIS2 MoH");
        assert_eq!(
            job_name("fetch from google-sheets"),
            "fetch from google-sheets"
        );
        let long = "x".repeat(300);
        assert!(job_name(&long).len() <= MAX_NAME - 3);
    }

    #[test]
    fn unique_ids_get_a_number() {
        let mut u = Unique::default();
        u.take("cron", "job");
        assert_eq!(u.take("send to a", "job").0, "send-to-a");
        assert_eq!(
            u.take("send to a", "job"),
            ("send-to-a-2".to_string(), "send to a 2".to_string())
        );
        assert_eq!(u.take("send to a", "job").0, "send-to-a-3");
        assert_eq!(u.take("cron", "job").0, "cron-2");
        assert_eq!(
            u.take("ክ", "workflow"),
            ("workflow".into(), "workflow".into())
        );
        assert_eq!(u.take("", "workflow").0, "workflow-2");
    }
}

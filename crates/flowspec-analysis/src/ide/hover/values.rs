//! Values in words: a timing word's meaning, a frequency or cron
//! expression with its rate, a volume per day and per run, a tool kind, an
//! adaptor, an open question.

use super::escape;
use super::words::Meaning;
use crate::catalog::is_known_adaptor;
use crate::model::OpenWord;
use crate::schema::{Category, ToolKind};
use crate::values::{Bound, Calendar, Frequency, Period, Timing, TimingKind, Volume, format_rate};

pub(super) fn meaning(meaning: &Meaning, frequency: Option<&Frequency>) -> String {
    match meaning {
        Meaning::Timing(t) => timing(t),
        Meaning::Frequency(f) => frequency_hover(f),
        Meaning::Volume(v) => volume(v, frequency),
    }
}

fn timing(t: &Timing) -> String {
    let mut md = format!("**Timing** `{}`: {}.", t.kind.as_str(), t.kind.describe());
    md.push_str(match t.kind {
        TimingKind::Realtime => {
            "\n\nThe flow runs when something happens (a form is submitted, a case changes), not on a clock."
        }
        TimingKind::Batch => "\n\nThe flow runs on a schedule and moves what gathered since the last run.",
        TimingKind::Manual => {
            "\n\nSomeone decides when to run it: a candidate for automation."
        }
    });
    if let Some(note) = &t.note {
        md.push_str(&format!("\n\n> {}", escape(note)));
    }
    let others: Vec<String> = TimingKind::ALL
        .into_iter()
        .filter(|k| *k != t.kind)
        .map(|k| format!("`{}` ({})", k.as_str(), k.describe()))
        .collect();
    md.push_str(&format!("\n\nThe other timings: {}.", others.join(", ")));
    md
}

/// In words: "once a month", "every 2 hours", "at 02:00 on Mondays".
pub(crate) fn frequency_words(f: &Frequency) -> String {
    match f {
        Frequency::Calendar(c) => match c {
            Calendar::Hourly => "every hour",
            Calendar::Daily => "once a day",
            Calendar::Weekly => "once a week",
            Calendar::Monthly => "once a month",
            Calendar::Quarterly => "once a quarter (four times a year)",
            Calendar::Yearly => "once a year",
        }
        .to_string(),
        other => other.describe(),
    }
}

/// How often, as a rate: "≈ 12 runs a day", "a run every 7 days".
pub(crate) fn runs_text(f: &Frequency) -> Option<String> {
    let per_day = f.runs_per_day()?;
    if per_day <= 0.0 {
        return Some("it never runs".to_string());
    }
    let average = if matches!(f, Frequency::Cron(_)) {
        "on average "
    } else {
        ""
    };
    Some(if per_day >= 1.0 {
        let n = grouped(per_day);
        if n == "1" {
            format!("{average}one run a day")
        } else {
            format!("{average}≈ {n} runs a day")
        }
    } else {
        format!("{average}a run every {} days", grouped(1.0 / per_day))
    })
}

/// A frequency in words with its rate: "once a week, a run every 7 days".
pub(crate) fn frequency_sentence(f: &Frequency) -> String {
    match runs_text(f) {
        Some(rate) => format!("{}, {rate}", frequency_words(f)),
        None => frequency_words(f),
    }
}

fn frequency_hover(f: &Frequency) -> String {
    let mut md = format!(
        "**Frequency** `{}`: {}.",
        f.display(),
        frequency_sentence(f)
    );
    match f {
        Frequency::Cron(c) => md.push_str(&format!(
            "\n\nA cron expression: `{}` reads as minute, hour, day of the month, month, day of the week.",
            c.expression
        )),
        Frequency::Continuous => {
            md.push_str("\n\nData moves as a stream; there are no separate runs.")
        }
        Frequency::OnDemand => md.push_str("\n\nThere is no schedule: someone or something asks."),
        _ => {}
    }
    md
}

fn bound_words(b: Bound) -> &'static str {
    match b {
        Bound::Exact => "",
        Bound::About => "about ",
        Bound::LessThan => "less than ",
    }
}

/// How a rate derived from a volume is marked: `<` when the volume is an
/// upper bound, else `≈` (it is rounded).
pub(crate) fn approx(v: &Volume) -> &'static str {
    if v.bound == Bound::LessThan {
        "<"
    } else {
        "≈"
    }
}

/// `records`, or `record` for exactly one.
pub(crate) fn unit_for(v: &Volume, amount: f64) -> &'static str {
    if amount == 1.0 {
        v.unit.singular()
    } else {
        v.unit.plural()
    }
}

/// What a volume comes to a day and a run, where it says something new;
/// `cite` names the frequency used.
pub(crate) fn volume_rates(v: &Volume, frequency: Option<&Frequency>, cite: bool) -> Vec<String> {
    let mut rates = Vec::new();
    let per_run = matches!(v.period, None | Some(Period::Run));
    let by = |f: Option<&Frequency>| {
        f.filter(|_| cite)
            .map(|f| format!(", run `{}`", f.display()))
    };
    if let Some(day) = v.per_day(frequency)
        && v.period != Some(Period::Day)
    {
        let with = if per_run { by(frequency) } else { None };
        rates.push(format!(
            "{} {} {} a day{}",
            approx(v),
            grouped(day),
            unit_for(v, day),
            with.unwrap_or_default()
        ));
    }
    if let Some(run) = v.per_run(frequency)
        && !per_run
    {
        rates.push(format!(
            "{} {} {} each run{}",
            approx(v),
            grouped(run),
            unit_for(v, run),
            by(frequency).unwrap_or_default()
        ));
    }
    rates
}

fn volume(v: &Volume, frequency: Option<&Frequency>) -> String {
    let amount = format!("{}{}", bound_words(v.bound), grouped(v.amount));
    let unit = unit_for(v, v.amount);
    let per = match v.period {
        Some(Period::Run) | None => "each run".to_string(),
        Some(Period::Event) => "for each event".to_string(),
        Some(Period::Hour) => "an hour".to_string(),
        Some(p) => format!("a {}", p.as_str()),
    };
    let mut md = format!("**Volume** `{}`: {amount} {unit} {per}.", v.display());
    let rates = volume_rates(v, frequency, true);
    if !rates.is_empty() {
        md.push('\n');
        for line in &rates {
            md.push_str(&format!("\n- {line}"));
        }
    }
    let per_run = matches!(v.period, None | Some(Period::Run));
    let missing = match (v.period, frequency) {
        (Some(Period::Event), _) => {
            Some("A volume per event has no daily rate: it depends on how many events come.")
        }
        (_, None) if per_run => Some("Answer the frequency to see the volume per day."),
        (_, None) => Some("Answer the frequency to see the volume per run."),
        (_, Some(f)) if f.runs_per_day().is_none() => Some(
            "The frequency has no fixed rate (`continuous` or `on-demand`), so the volume per run is not known.",
        ),
        _ => None,
    };
    if let Some(missing) = missing {
        md.push_str(&format!("\n\n{missing}"));
    }
    md
}

pub(super) fn open_question(category: Category, word: OpenWord) -> String {
    format!(
        "**Open question** (`{}`) · {}\n\n*{}*\n\nThe design does not know the answer yet: Flowspec lists it as an open question rather than warning that it is unanswered.",
        word.as_str(),
        category.title(),
        category.question()
    )
}

pub(super) fn tool_kind(kind: ToolKind) -> String {
    let others: Vec<&str> = ToolKind::ALL.iter().map(|k| k.as_str()).collect();
    format!(
        "**Kind** `{}`: {}.\n\nThe kinds: {}.",
        kind.as_str(),
        kind.describe(),
        others.join(", ")
    )
}

pub(super) fn adaptor(name: &str) -> String {
    if !is_known_adaptor(name) {
        return format!("`{name}` is not an OpenFn adaptor Flowspec knows.");
    }
    let mut md = format!(
        "**OpenFn adaptor** `{name}`: the package `@openfn/language-{name}` connects OpenFn to it."
    );
    let tools: Vec<String> = crate::catalog::catalog()
        .entries()
        .iter()
        .filter(|e| e.adaptor.as_deref() == Some(name))
        .map(|e| format!("{} (`{}`)", e.name, e.id))
        .collect();
    if !tools.is_empty() {
        md.push_str(&format!("\n\nThe catalog's tool: {}.", tools.join(", ")));
    }
    md
}

/// A rate for people, with thousands grouped: `2,760`, `1.5`, `12,300`.
pub(crate) fn grouped(value: f64) -> String {
    let s = format_rate(value);
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let digits = int.trim_start_matches('-');
    let mut out = String::with_capacity(s.len() + digits.len() / 3);
    if int.starts_with('-') {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(grouped(2759.8), "2,760");
        assert_eq!(grouped(12000.0), "12,000");
        assert_eq!(grouped(1_234_567.0), "1,230,000");
        assert_eq!(grouped(394.26), "394");
        assert_eq!(grouped(1.5), "1.5");
        assert_eq!(grouped(0.033), "0.03");
    }
}

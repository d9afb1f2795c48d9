//! Timing and Frequency from a workflow's triggers: a cron trigger is a
//! batch flow on that schedule (a frequency word when the exporter would
//! write the same cron back, else `cron "…"`), a webhook a realtime flow
//! (a disabled one a manual flow, as the exporter writes it), kafka a
//! realtime stream.

use flowspec_analysis::values::{Calendar, Cron, EveryUnit, Frequency};
use flowspec_export::openfn::{Fidelity, Trigger, TriggerType, cron_for};

use super::one_line;

pub(crate) struct Schedule {
    pub answers: Vec<(String, String)>,
    pub comments: Vec<String>,
    pub notes: Vec<String>,
}

/// The frequency the language already has for a cron expression: the word
/// or `every N unit` whose cron is the same, else `cron "…"` when it is a
/// five-field expression the language reads.
pub(crate) fn frequency_of(cron: &str) -> Option<String> {
    let cron = cron.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut candidates: Vec<Frequency> =
        Calendar::ALL.into_iter().map(Frequency::Calendar).collect();
    for (unit, max) in [
        (EveryUnit::Minutes, 59),
        (EveryUnit::Hours, 23),
        (EveryUnit::Days, 15),
        (EveryUnit::Months, 11),
    ] {
        candidates.extend((1..=max).map(|count| Frequency::Every { count, unit }));
    }
    if let Some(f) = candidates.iter().find(|f| {
        cron_for(f).is_some_and(|c| {
            c.expression == cron && !matches!(c.fidelity, Fidelity::Approximate(_))
        })
    }) {
        return Some(f.display());
    }
    Cron::parse(&cron).ok().map(|_| format!("cron \"{cron}\""))
}

fn describe(t: &Trigger) -> String {
    let state = if t.enabled { "enabled" } else { "disabled" };
    match &t.cron_expression {
        Some(c) if t.kind == TriggerType::Cron => format!("cron `{}` ({state})", one_line(c)),
        _ => format!("{} ({state})", t.kind.as_str()),
    }
}

pub(crate) fn answers(triggers: &[Trigger]) -> Schedule {
    let mut comments = Vec::new();
    let mut notes = Vec::new();
    let answers = |timing: &str, frequency: &str| {
        vec![
            ("timing".to_string(), timing.to_string()),
            ("frequency".to_string(), frequency.to_string()),
        ]
    };
    let Some(first) = triggers.first() else {
        comments.push("No trigger: nothing starts the workflow.".to_string());
        return Schedule {
            answers: answers("tbd", "tbd"),
            comments,
            notes,
        };
    };
    let all: Vec<String> = triggers.iter().map(describe).collect();
    comments.push(format!("Triggers: {}.", all.join("; ")));
    if triggers.len() > 1 {
        notes.push(format!(
            "{} triggers: Timing and Frequency follow the first, {}",
            triggers.len(),
            describe(first)
        ));
    }
    let result = match first.kind {
        TriggerType::Cron => {
            let frequency = match first.cron_expression.as_deref().and_then(frequency_of) {
                Some(f) => f,
                None => {
                    let cron = first.cron_expression.as_deref().unwrap_or("");
                    notes.push(format!(
                        "cron `{}` is not a five-field cron expression the language reads: Frequency is an open question",
                        one_line(cron)
                    ));
                    "tbd".to_string()
                }
            };
            if !first.enabled {
                comments
                    .push("The cron trigger is disabled: no run starts on its own.".to_string());
            }
            answers("batch", &frequency)
        }
        TriggerType::Webhook if first.enabled => {
            comments.push(
                "Each request to the webhook starts a run: how often they come is not in the project."
                    .to_string(),
            );
            answers("realtime", "tbd")
        }
        TriggerType::Webhook => {
            comments.push(
                "The webhook is disabled: a person starts each run (as Flowspec exports a manual flow)."
                    .to_string(),
            );
            answers("manual", "tbd")
        }
        TriggerType::Kafka => {
            comments.push(
                "A Kafka trigger: each message starts a run (its configuration is kept only in OpenFn)."
                    .to_string(),
            );
            notes.push("a Kafka trigger's configuration (hosts, topics) is not kept".to_string());
            answers("realtime", "continuous")
        }
    };
    Schedule {
        answers: result,
        comments,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::frequency_of;

    #[test]
    fn crons_become_the_words_the_exporter_writes_back() {
        assert_eq!(frequency_of("0 2 * * *").as_deref(), Some("daily"));
        assert_eq!(frequency_of("0  2 1 * *").as_deref(), Some("monthly"));
        assert_eq!(frequency_of("0 * * * *").as_deref(), Some("hourly"));
        assert_eq!(
            frequency_of("*/15 * * * *").as_deref(),
            Some("every 15 minutes")
        );
        assert_eq!(
            frequency_of("0 */6 * * *").as_deref(),
            Some("every 6 hours")
        );
        assert_eq!(
            frequency_of("30 6 * * 1-5").as_deref(),
            Some("cron \"30 6 * * 1-5\"")
        );
        assert_eq!(frequency_of("0 0 * * * *"), None);
        assert_eq!(frequency_of("@daily"), None);
    }
}

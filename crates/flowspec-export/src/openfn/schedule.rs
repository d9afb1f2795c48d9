//! What starts a workflow: the trigger a flow's timing and frequency imply,
//! and the cron expression for a frequency.
//!
//! - `realtime`: a webhook (the source sends each event), enabled.
//! - `batch`: a cron trigger with the frequency's schedule, enabled. A
//!   calendar word runs at 02:00 (UTC, as Lightning reads cron): `daily`
//!   `0 2 * * *`, `weekly` `0 2 * * 1` (Mondays), `monthly` `0 2 1 * *`,
//!   `quarterly` `0 2 1 1,4,7,10 *`, `yearly` `0 2 1 1 *`; `hourly` is
//!   `0 * * * *`. `every N unit` uses `*/N` where cron can say it, else the
//!   closest schedule, and says why. A cron answer is used as written.
//!   Without a schedule (`continuous`, `on-demand`, open, unanswered): a
//!   disabled cron trigger with the placeholder `0 2 * * *`.
//! - `manual`: a webhook left disabled: a person starts each run.
//! - timing open or unanswered: disabled; a cron trigger when the frequency
//!   is a schedule, else a webhook.

use flowspec_analysis::model::{Answer, AnswerState};
use flowspec_analysis::values::{Calendar, Cron, EveryUnit, Frequency, Timing, TimingKind};

use super::text::quoted;

/// The placeholder schedule of a cron trigger whose flow gives none.
pub const PLACEHOLDER_CRON: &str = "0 2 * * *";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerType {
    Webhook,
    Cron,
    /// Only ever imported: the exporter writes webhooks and crons.
    Kafka,
}

impl TriggerType {
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerType::Webhook => "webhook",
            TriggerType::Cron => "cron",
            TriggerType::Kafka => "kafka",
        }
    }

    pub fn parse(text: &str) -> Option<TriggerType> {
        match text {
            "webhook" => Some(TriggerType::Webhook),
            "cron" => Some(TriggerType::Cron),
            "kafka" => Some(TriggerType::Kafka),
            _ => None,
        }
    }
}

/// The trigger of one workflow, and what to say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerPlan {
    pub kind: TriggerType,
    pub cron_expression: Option<String>,
    pub enabled: bool,
    /// For the project file: what the design says, what the trigger does.
    pub comments: Vec<String>,
    /// For the person exporting: the decisions they should know about.
    pub notes: Vec<String>,
}

/// How closely a cron expression follows the design's frequency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fidelity {
    /// As the design says.
    Exact,
    /// As often as the design says, at a moment (02:00, Mondays, the 1st)
    /// the exporter chose.
    ChosenTime,
    /// Cron cannot say it: the closest schedule, and why.
    Approximate(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronChoice {
    pub expression: String,
    pub fidelity: Fidelity,
}

impl CronChoice {
    fn new(expression: impl Into<String>, fidelity: Fidelity) -> CronChoice {
        CronChoice {
            expression: expression.into(),
            fidelity,
        }
    }

    /// The same schedule, reached by turning the design's frequency into
    /// another one: an approximation whatever the inner fidelity was.
    fn because(self, reason: String) -> CronChoice {
        let reason = match self.fidelity {
            Fidelity::Approximate(inner) => format!("{reason}; {inner}"),
            _ => reason,
        };
        CronChoice::new(self.expression, Fidelity::Approximate(reason))
    }

    /// In words: "at 02:00 on day 1 of the month".
    pub fn describe(&self) -> String {
        Cron::parse(&self.expression)
            .map(|c| c.describe())
            .unwrap_or_else(|_| self.expression.clone())
    }
}

/// The cron expression a frequency implies; `None` for `continuous` and
/// `on-demand`, which no schedule expresses.
pub fn cron_for(frequency: &Frequency) -> Option<CronChoice> {
    use Fidelity::{ChosenTime, Exact};
    Some(match frequency {
        Frequency::Calendar(c) => match c {
            Calendar::Hourly => CronChoice::new("0 * * * *", Exact),
            Calendar::Daily => CronChoice::new("0 2 * * *", ChosenTime),
            Calendar::Weekly => CronChoice::new("0 2 * * 1", ChosenTime),
            Calendar::Monthly => CronChoice::new("0 2 1 * *", ChosenTime),
            Calendar::Quarterly => CronChoice::new("0 2 1 1,4,7,10 *", ChosenTime),
            Calendar::Yearly => CronChoice::new("0 2 1 1 *", ChosenTime),
        },
        Frequency::Every { count, unit } => every(*count, *unit),
        Frequency::Cron(c) => CronChoice::new(
            c.expression
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            Exact,
        ),
        Frequency::Continuous | Frequency::OnDemand => return None,
    })
}

fn every(n: u32, unit: EveryUnit) -> CronChoice {
    use Fidelity::{Approximate, ChosenTime, Exact};
    let n = n.max(1);
    let rounded = |amount: f64, per: f64| ((amount / per).round() as u32).max(1);
    match unit {
        EveryUnit::Minutes => match n {
            1 => CronChoice::new("* * * * *", Exact),
            _ if n < 60 && 60 % n == 0 => CronChoice::new(format!("*/{n} * * * *"), Exact),
            _ if n < 60 => CronChoice::new(
                format!("*/{n} * * * *"),
                Approximate(format!(
                    "cron counts minutes within each hour, so `*/{n}` runs at minutes 0, {n}, {}, … of every hour and the last gap before each hour is shorter",
                    2 * n
                )),
            ),
            _ if n.is_multiple_of(60) => every(n / 60, EveryUnit::Hours),
            _ => {
                let hours = rounded(f64::from(n), 60.0);
                every(hours, EveryUnit::Hours).because(format!(
                    "cron cannot run every {n} minutes: this runs every {} instead",
                    plural(hours, "hour")
                ))
            }
        },
        EveryUnit::Hours => match n {
            1 => CronChoice::new("0 * * * *", Exact),
            _ if n < 24 && 24 % n == 0 => CronChoice::new(format!("0 */{n} * * *"), Exact),
            _ if n < 24 => CronChoice::new(
                format!("0 */{n} * * *"),
                Approximate(format!(
                    "cron counts hours within each day, so `*/{n}` starts again at midnight and the last gap of each day is shorter"
                )),
            ),
            _ if n.is_multiple_of(24) => every(n / 24, EveryUnit::Days),
            _ => {
                let days = rounded(f64::from(n), 24.0);
                every(days, EveryUnit::Days).because(format!(
                    "cron cannot run every {n} hours: this runs every {} instead",
                    plural(days, "day")
                ))
            }
        },
        EveryUnit::Days => match n {
            1 => CronChoice::new("0 2 * * *", ChosenTime),
            _ if n.is_multiple_of(7) => every(n / 7, EveryUnit::Weeks),
            _ if n <= 15 => CronChoice::new(
                format!("0 2 */{n} * *"),
                Approximate(format!(
                    "cron counts days within each month, so `*/{n}` runs on days 1, {}, … of every month and starts again on the 1st",
                    1 + n
                )),
            ),
            _ => {
                let months = rounded(f64::from(n), DAYS_PER_MONTH);
                every(months, EveryUnit::Months).because(format!(
                    "cron cannot run every {n} days: this runs every {} instead",
                    plural(months, "month")
                ))
            }
        },
        EveryUnit::Weeks => {
            if n == 1 {
                return CronChoice::new("0 2 * * 1", ChosenTime);
            }
            // Days of the month 7n apart, within the 28 every month has.
            let days: Vec<String> = (1..=28)
                .step_by(7 * n as usize)
                .map(|d| d.to_string())
                .collect();
            if days.len() > 1 {
                CronChoice::new(
                    format!("0 2 {} * *", days.join(",")),
                    Approximate(format!(
                        "cron cannot count weeks: this runs on days {} of every month, about every {n} weeks",
                        days.join(" and ")
                    )),
                )
            } else {
                let months = rounded(f64::from(n) * 7.0, DAYS_PER_MONTH);
                every(months, EveryUnit::Months).because(format!(
                    "cron cannot count weeks: this runs every {} instead of every {n} weeks",
                    plural(months, "month")
                ))
            }
        }
        EveryUnit::Months => match n {
            1 => CronChoice::new("0 2 1 * *", ChosenTime),
            12 => CronChoice::new("0 2 1 1 *", ChosenTime),
            _ if n < 12 && 12 % n == 0 => CronChoice::new(format!("0 2 1 */{n} *"), ChosenTime),
            _ if n < 12 => CronChoice::new(
                format!("0 2 1 */{n} *"),
                Approximate(format!(
                    "cron counts months within each year, so `*/{n}` starts again in January"
                )),
            ),
            _ => CronChoice::new(
                "0 2 1 1 *",
                Approximate(format!(
                    "cron cannot count years: this runs once a year instead of every {n} months"
                )),
            ),
        },
    }
}

const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

fn plural(n: u32, unit: &str) -> String {
    if n == 1 {
        unit.to_string()
    } else {
        format!("{n} {unit}s")
    }
}

/// How a design answers timing, for comments: `batch "note"`, `tbd (an
/// open question)`, `unanswered`.
fn timing_text(timing: Option<&Answer<Timing>>) -> String {
    match timing.map(|a| &a.state) {
        Some(AnswerState::Known(t)) => match &t.note {
            Some(note) => format!("{} {}", t.kind.as_str(), quoted(note)),
            None => t.kind.as_str().to_string(),
        },
        Some(AnswerState::Open(w)) => format!("{} (an open question)", w.as_str()),
        Some(AnswerState::Invalid) => "not valid (see `flowspec check`)".to_string(),
        None => "unanswered".to_string(),
    }
}

pub fn frequency_text(frequency: Option<&Answer<Frequency>>) -> String {
    match frequency.map(|a| &a.state) {
        Some(AnswerState::Known(f)) => f.display(),
        Some(AnswerState::Open(w)) => format!("{} (an open question)", w.as_str()),
        Some(AnswerState::Invalid) => "not valid (see `flowspec check`)".to_string(),
        None => "unanswered".to_string(),
    }
}

/// `Timing: …. Frequency: ….`: what the design says starts the flow.
pub(super) fn said(
    timing: Option<&Answer<Timing>>,
    frequency: Option<&Answer<Frequency>>,
) -> String {
    format!(
        "Timing: {}. Frequency: {}.",
        timing_text(timing),
        frequency_text(frequency)
    )
}

/// The trigger for a flow's timing and frequency answers.
pub fn trigger_for(
    timing: Option<&Answer<Timing>>,
    frequency: Option<&Answer<Frequency>>,
) -> TriggerPlan {
    let said = said(timing, frequency);
    let known_frequency = frequency.and_then(Answer::known);
    let schedule = known_frequency.and_then(cron_for);
    let mut plan = TriggerPlan {
        kind: TriggerType::Webhook,
        cron_expression: None,
        enabled: false,
        comments: vec![said],
        notes: Vec::new(),
    };
    let kind = timing.and_then(Answer::known).map(|t| t.kind);
    match kind {
        Some(TimingKind::Realtime) => {
            plan.enabled = true;
            plan.comments.push(
                "Each event starts a run: the source sends it to this webhook (Lightning shows its URL)."
                    .to_string(),
            );
            if let (Some(f), Some(_)) = (known_frequency, &schedule) {
                plan.comments.push(format!(
                    "The design's frequency ({}) is a schedule, which a realtime flow does not follow: the trigger follows the timing.",
                    f.display()
                ));
                plan.notes.push(format!(
                    "realtime with a schedule ({}): a webhook trigger, as the timing says (the design has a `contradiction` warning)",
                    f.display()
                ));
            }
        }
        Some(TimingKind::Batch) => {
            plan.kind = TriggerType::Cron;
            match &schedule {
                Some(choice) => {
                    plan.enabled = true;
                    plan.cron_expression = Some(choice.expression.clone());
                    plan.comments.push(format!(
                        "Runs {} (Lightning reads cron in UTC).",
                        choice.describe()
                    ));
                    match &choice.fidelity {
                        Fidelity::Exact => {}
                        Fidelity::ChosenTime => plan.comments.push(
                            "The design says how often; the exporter chose the moment: change it to suit."
                                .to_string(),
                        ),
                        Fidelity::Approximate(reason) => {
                            plan.comments.push(format!("An approximation: {reason}."));
                            plan.notes.push(format!(
                                "`{}` cannot be written exactly in cron: `{}` ({reason})",
                                frequency_text(frequency),
                                choice.expression
                            ));
                        }
                    }
                }
                None => {
                    plan.cron_expression = Some(PLACEHOLDER_CRON.to_string());
                    plan.comments.push(format!(
                        "The design gives no schedule: `{PLACEHOLDER_CRON}` (02:00 every day) stands in and the trigger is disabled. Set the schedule, then enable it."
                    ));
                    plan.notes.push(format!(
                        "batch, but the frequency is {}: a disabled cron trigger with the placeholder schedule `{PLACEHOLDER_CRON}`",
                        frequency_text(frequency)
                    ));
                }
            }
        }
        Some(TimingKind::Manual) => {
            plan.comments.push(
                "A person starts each run: this webhook is left disabled. Run the workflow from Lightning, or enable the webhook and call it."
                    .to_string(),
            );
            plan.notes.push(
                "timing is manual (a person starts it): its webhook trigger is disabled"
                    .to_string(),
            );
        }
        None => match &schedule {
            Some(choice) => {
                plan.kind = TriggerType::Cron;
                plan.cron_expression = Some(choice.expression.clone());
                plan.comments.push(format!(
                    "The frequency implies a schedule ({}), but the design does not say what starts the flow: the trigger is disabled until it does (`timing: batch`).",
                    choice.describe()
                ));
                plan.notes.push(format!(
                    "timing is {}: a disabled cron trigger (`{}`) from the frequency",
                    timing_text(timing),
                    choice.expression
                ));
            }
            None => {
                plan.comments.push(
                    "The design does not say what starts the flow: a disabled webhook stands in."
                        .to_string(),
                );
                plan.notes.push(format!(
                    "timing is {} and the frequency {}: a disabled webhook trigger stands in",
                    timing_text(timing),
                    frequency_text(frequency)
                ));
            }
        },
    }
    plan
}

#[cfg(test)]
mod tests {
    use flowspec_analysis::model::OpenWord;
    use flowspec_analysis::syntax::Span;

    use super::*;

    fn cron(f: Frequency) -> (String, Fidelity) {
        let c = cron_for(&f).expect("a schedule");
        // Every expression the exporter writes is one Flowspec accepts.
        assert!(Cron::parse(&c.expression).is_ok(), "{}", c.expression);
        (c.expression, c.fidelity)
    }

    fn every(count: u32, unit: EveryUnit) -> (String, Fidelity) {
        cron(Frequency::Every { count, unit })
    }

    fn expr(f: (String, Fidelity)) -> String {
        f.0
    }

    fn approx(f: &(String, Fidelity)) -> bool {
        matches!(f.1, Fidelity::Approximate(_))
    }

    #[test]
    fn calendar_words_run_at_fixed_moments() {
        let cases = [
            (Calendar::Hourly, "0 * * * *"),
            (Calendar::Daily, "0 2 * * *"),
            (Calendar::Weekly, "0 2 * * 1"),
            (Calendar::Monthly, "0 2 1 * *"),
            (Calendar::Quarterly, "0 2 1 1,4,7,10 *"),
            (Calendar::Yearly, "0 2 1 1 *"),
        ];
        for (word, expected) in cases {
            let got = cron(Frequency::Calendar(word));
            assert_eq!(got.0, expected, "{word:?}");
            assert!(!approx(&got));
        }
        assert_eq!(
            cron(Frequency::Calendar(Calendar::Hourly)).1,
            Fidelity::Exact
        );
        assert_eq!(
            cron(Frequency::Calendar(Calendar::Monthly)).1,
            Fidelity::ChosenTime
        );
    }

    #[test]
    fn every_uses_step_forms_where_cron_can_say_it() {
        use EveryUnit::*;
        assert_eq!(every(1, Minutes), ("* * * * *".into(), Fidelity::Exact));
        assert_eq!(every(15, Minutes), ("*/15 * * * *".into(), Fidelity::Exact));
        assert_eq!(every(1, Hours), ("0 * * * *".into(), Fidelity::Exact));
        assert_eq!(every(6, Hours), ("0 */6 * * *".into(), Fidelity::Exact));
        assert_eq!(every(120, Minutes), ("0 */2 * * *".into(), Fidelity::Exact));
        assert_eq!(expr(every(48, Hours)), "0 2 */2 * *");
        assert_eq!(expr(every(1, Days)), "0 2 * * *");
        assert_eq!(expr(every(7, Days)), "0 2 * * 1");
        assert_eq!(expr(every(1, Weeks)), "0 2 * * 1");
        assert_eq!(expr(every(1, Months)), "0 2 1 * *");
        assert_eq!(
            every(3, Months),
            ("0 2 1 */3 *".into(), Fidelity::ChosenTime)
        );
        assert_eq!(expr(every(12, Months)), "0 2 1 1 *");
    }

    #[test]
    fn every_approximates_what_cron_cannot_say_and_says_why() {
        use EveryUnit::*;
        let cases = [
            (7, Minutes, "*/7 * * * *"),
            (90, Minutes, "0 */2 * * *"),
            (5, Hours, "0 */5 * * *"),
            (36, Hours, "0 2 */2 * *"),
            (2, Days, "0 2 */2 * *"),
            (20, Days, "0 2 1 * *"),
            (2, Weeks, "0 2 1,15 * *"),
            (3, Weeks, "0 2 1,22 * *"),
            (4, Weeks, "0 2 1 * *"),
            (8, Weeks, "0 2 1 */2 *"),
            (14, Days, "0 2 1,15 * *"),
            (5, Months, "0 2 1 */5 *"),
            (24, Months, "0 2 1 1 *"),
        ];
        for (n, unit, expected) in cases {
            let got = every(n, unit);
            assert_eq!(got.0, expected, "every {n} {unit:?}");
            assert!(
                approx(&got),
                "every {n} {unit:?} should be an approximation"
            );
        }
        let Fidelity::Approximate(why) = every(90, Minutes).1 else {
            unreachable!()
        };
        assert!(
            why.contains("cannot run every 90 minutes: this runs every 2 hours"),
            "{why}"
        );
    }

    #[test]
    fn a_cron_answer_is_used_as_written() {
        let c = Cron::parse("0  2 6 * *").unwrap();
        assert_eq!(
            cron(Frequency::Cron(c)),
            ("0 2 6 * *".to_string(), Fidelity::Exact)
        );
        assert!(cron_for(&Frequency::Continuous).is_none());
        assert!(cron_for(&Frequency::OnDemand).is_none());
    }

    fn known<T>(value: T) -> Option<Answer<T>> {
        Some(Answer {
            state: AnswerState::Known(value),
            span: Span::empty(0),
            shorthand: false,
        })
    }

    fn open<T>() -> Option<Answer<T>> {
        Some(Answer {
            state: AnswerState::Open(OpenWord::Tbd),
            span: Span::empty(0),
            shorthand: false,
        })
    }

    fn timing(kind: TimingKind) -> Option<Answer<Timing>> {
        known(Timing { kind, note: None })
    }

    fn monthly() -> Option<Answer<Frequency>> {
        known(Frequency::Calendar(Calendar::Monthly))
    }

    #[test]
    fn timing_picks_the_trigger() {
        let t = trigger_for(
            timing(TimingKind::Realtime).as_ref(),
            known(Frequency::Continuous).as_ref(),
        );
        assert_eq!(
            (t.kind, t.enabled, t.cron_expression),
            (TriggerType::Webhook, true, None)
        );
        assert!(t.notes.is_empty());

        let t = trigger_for(timing(TimingKind::Batch).as_ref(), monthly().as_ref());
        assert_eq!(
            (t.kind, t.enabled, t.cron_expression.as_deref()),
            (TriggerType::Cron, true, Some("0 2 1 * *"))
        );
        assert!(
            t.comments
                .iter()
                .any(|c| c.contains("at 02:00 on day 1 of the month")),
            "{:?}",
            t.comments
        );
        assert!(t.notes.is_empty());

        let t = trigger_for(timing(TimingKind::Manual).as_ref(), monthly().as_ref());
        assert_eq!((t.kind, t.enabled), (TriggerType::Webhook, false));
        assert!(
            t.comments
                .iter()
                .any(|c| c.contains("A person starts each run"))
        );
        assert_eq!(t.notes.len(), 1);
    }

    #[test]
    fn missing_answers_give_a_disabled_trigger_and_a_note() {
        // batch without a schedule: a placeholder cron, disabled.
        for frequency in [
            None,
            open(),
            known(Frequency::OnDemand),
            known(Frequency::Continuous),
        ] {
            let t = trigger_for(timing(TimingKind::Batch).as_ref(), frequency.as_ref());
            assert_eq!(
                (t.kind, t.enabled, t.cron_expression.as_deref()),
                (TriggerType::Cron, false, Some(PLACEHOLDER_CRON))
            );
            assert_eq!(t.notes.len(), 1, "{:?}", t.notes);
        }
        // No timing, but a schedule: cron, disabled.
        let t = trigger_for(None, monthly().as_ref());
        assert_eq!(
            (t.kind, t.enabled, t.cron_expression.as_deref()),
            (TriggerType::Cron, false, Some("0 2 1 * *"))
        );
        assert!(t.notes[0].contains("timing is unanswered"), "{:?}", t.notes);
        // Nothing at all: a disabled webhook.
        let t = trigger_for(open().as_ref(), None);
        assert_eq!((t.kind, t.enabled), (TriggerType::Webhook, false));
        assert!(
            t.notes[0].contains("tbd (an open question)"),
            "{:?}",
            t.notes
        );
    }

    #[test]
    fn realtime_with_a_schedule_follows_the_timing_and_says_so() {
        let t = trigger_for(timing(TimingKind::Realtime).as_ref(), monthly().as_ref());
        assert_eq!((t.kind, t.enabled), (TriggerType::Webhook, true));
        assert!(t.notes[0].contains("contradiction"));
    }

    #[test]
    fn approximations_are_noted() {
        let t = trigger_for(
            timing(TimingKind::Batch).as_ref(),
            known(Frequency::Every {
                count: 90,
                unit: EveryUnit::Minutes,
            })
            .as_ref(),
        );
        assert_eq!(t.cron_expression.as_deref(), Some("0 */2 * * *"));
        assert!(t.enabled);
        assert!(
            t.notes[0].contains("cannot be written exactly"),
            "{:?}",
            t.notes
        );
    }
}

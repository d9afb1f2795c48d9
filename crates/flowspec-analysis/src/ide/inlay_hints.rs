//! Inlay hints: after a volume, what it comes to given the frequency. A
//! calendar rate (`~12000 records/month` run `weekly`) shows the amount
//! each run moves (`≈ 2,760 records/run`); a per-run volume (`500 forms`,
//! `500 forms/run`) shows the daily rate. Only when both the volume and a
//! frequency with a fixed rate are known.

use flowspec_syntax::Span;

use super::hover::{approx, grouped, runs_text, unit_for};
use crate::FileData;
use crate::values::Period;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlayHint {
    /// Where the hint stands: the end of the volume.
    pub offset: usize,
    pub label: String,
    /// Plain text: how the figure was reached.
    pub tooltip: String,
}

/// The hints whose position lies in `range`, in source order.
pub fn inlay_hints(file: &FileData, range: Span) -> Vec<InlayHint> {
    let mut hints = Vec::new();
    for flow in &file.model.flows {
        let Some(answer) = &flow.answers.volume else {
            continue;
        };
        let Some(volume) = answer.known() else {
            continue;
        };
        let Some(frequency) = flow.answers.frequency() else {
            continue;
        };
        let offset = answer.span.end as usize;
        if !range.touches(offset) {
            continue;
        }
        if frequency.runs_per_day().is_none_or(|r| r <= 0.0) {
            continue;
        }
        let every = runs_text(frequency).unwrap_or_default();
        let (label, tooltip) = match volume.period {
            Some(Period::Event) => continue,
            None | Some(Period::Run) => {
                let Some(day) = volume.per_day(Some(frequency)) else {
                    continue;
                };
                (
                    format!(
                        "{} {} {}/day",
                        approx(volume),
                        grouped(day),
                        unit_for(volume, day)
                    ),
                    format!(
                        "{} each run, run {} ({every}): about {} {} a day",
                        volume.display(),
                        frequency.display(),
                        grouped(day),
                        unit_for(volume, day)
                    ),
                )
            }
            Some(_) => {
                let Some(run) = volume.per_run(Some(frequency)) else {
                    continue;
                };
                let day = volume.per_day(None).unwrap_or_default();
                (
                    format!(
                        "{} {} {}/run",
                        approx(volume),
                        grouped(run),
                        unit_for(volume, run)
                    ),
                    format!(
                        "{} is about {} {} a day; run {} ({every}), each run moves about {} {}",
                        volume.display(),
                        grouped(day),
                        unit_for(volume, day),
                        frequency.display(),
                        grouped(run),
                        unit_for(volume, run)
                    ),
                )
            }
        };
        hints.push(InlayHint {
            offset,
            label,
            tooltip,
        });
    }
    hints.sort_by_key(|h| h.offset);
    hints
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Workspace;

    fn hints(text: &str) -> Vec<(String, String)> {
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let file = ws.file(id).unwrap();
        inlay_hints(file, Span::new(0, text.len()))
            .into_iter()
            .map(|h| (text[..h.offset].to_string(), h.label))
            .collect()
    }

    #[test]
    fn per_run_from_a_calendar_rate_and_per_day_from_a_per_run_volume() {
        let text = "flow f: a -> b {\n  frequency: weekly\n  volume: ~12000 records/month\n}\n";
        let h = hints(text);
        assert_eq!(h.len(), 1);
        assert!(h[0].0.ends_with("records/month"));
        assert_eq!(h[0].1, "≈ 2,760 records/run");
        let h = hints("a -> b every 2 hours 500 forms\n");
        assert_eq!(h[0].1, "≈ 6,000 forms/day");
        let h = hints("a -> b daily 1 file/run\n");
        assert_eq!(h[0].1, "≈ 1 file/day");
        // An upper bound stays one.
        let h = hints("a -> b hourly <2 MB/run\n");
        assert_eq!(h[0].1, "< 48 MB/day");
    }

    #[test]
    fn none_without_both_answers_or_a_fixed_rate() {
        assert!(hints("a -> b ~12000 records/month\n").is_empty());
        assert!(hints("a -> b monthly\n").is_empty());
        assert!(hints("a -> b continuous 5 events/minute\n").is_empty());
        assert!(hints("a -> b daily 5 events/event\n").is_empty());
        assert!(hints("a -> b daily { volume: tbd }\n").is_empty());
    }

    #[test]
    fn only_in_the_range() {
        let text = "a -> b daily 5 forms\na -> b weekly 7 forms\n";
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let second = text.find('\n').unwrap() + 1;
        let in_second = inlay_hints(ws.file(id).unwrap(), Span::new(second, text.len()));
        assert_eq!(in_second.len(), 1);
        assert_eq!(in_second[0].label, "≈ 1 form/day");
    }
}

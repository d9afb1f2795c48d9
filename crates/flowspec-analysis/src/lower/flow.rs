//! Lowering flows: shorthand words and block properties become answers to
//! the six questions; then what is unanswered, open or contradictory.

use std::collections::HashMap;

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Atom, AtomKind, Flow, PropertyValue, Value};

use super::Lowerer;
use super::value::{describe, open_word};
use crate::diagnostic::{Code, Diagnostic, Fix};
use crate::model::{
    Answer, AnswerState, Answers, FlowInfo, OpenWord, Status, Transform, TransformStep,
};
use crate::schema::{Category, ItemType};
use crate::suggest::{did_you_mean, hint};
use crate::values::{
    Frequency, Read, TimingKind, ValueError, frequency_words, read_frequency, read_timing,
    read_volume, shown,
};

/// Words that shorthand and values are made of, for "did you mean".
fn shorthand_words() -> impl Iterator<Item = &'static str> {
    TimingKind::ALL
        .into_iter()
        .map(TimingKind::as_str)
        .chain(frequency_words())
}

impl Lowerer<'_> {
    pub(super) fn flow(
        &mut self,
        flow: &Flow,
        item: usize,
        span: Span,
        doc: Option<String>,
    ) -> FlowInfo {
        let mut info = FlowInfo {
            item,
            name: flow.name.clone(),
            display_name: flow.display_name(),
            steps: flow.chain.steps.clone(),
            header: flow.header_span(),
            span,
            answers: Answers::default(),
            status: None,
            owner: None,
            notes: None,
            doc,
            records: Vec::new(),
            data_has_text: false,
            mapping: Vec::new(),
            discovery: Default::default(),
        };
        self.shorthand(&flow.words, &mut info.answers);
        let mut seen: HashMap<&str, Span> = HashMap::new();
        let mut transform_block = None;
        for prop in flow.block.iter().flat_map(|b| &b.properties) {
            let key = prop.key.text.as_str();
            if matches!(prop.value, PropertyValue::Keeps(_)) {
                self.not_a_tool(prop);
                continue;
            }
            if ItemType::Flow.property(key).is_none() {
                self.unknown_property(ItemType::Flow, prop);
                continue;
            }
            let value = self.split_missing_colon(ItemType::Flow, prop);
            let value = value.as_ref();
            if let Some(category) = Category::from_key(key) {
                let first = info.answers.status(category) == crate::model::AnswerStatus::Unanswered;
                if first
                    && category == Category::Data
                    && let Some(items) = self.data_records(value)
                {
                    info.records = items.records;
                    info.data_has_text = items.has_text;
                }
                if first
                    && category == Category::Transform
                    && let PropertyValue::Block(block) = &prop.value
                {
                    transform_block = Some(block);
                }
                self.block_answer(&mut info.answers, category, value, prop.span);
                continue;
            }
            if let Some(&first) = seen.get(key) {
                self.duplicate_property(prop, first);
                continue;
            }
            seen.insert(key, prop.span);
            match key {
                "status" => {
                    let words = Status::ALL.map(Status::as_str);
                    info.status = self.word(key, value, &words).and_then(Status::parse);
                }
                "owner" => info.owner = self.string(key, value),
                "notes" => info.notes = self.string(key, value),
                _ => self.flow_discovery(key, value, info.discovery.get_mut()),
            }
        }
        if !info.records.is_empty()
            && let Some(block) = transform_block
        {
            info.mapping = block
                .properties
                .iter()
                .filter_map(|p| self.mapping_line(p))
                .collect();
        }
        self.open_questions(&info.answers);
        // The answer may be in what could not be read: no unanswered
        // warnings for a flow with a syntax error.
        if !self.has_syntax_error(span) {
            self.unanswered(&info.answers, info.header);
        }
        self.contradictions(&info.answers, info.header);
        info
    }

    /// Shorthand words: each reads as a timing, a frequency or a volume.
    fn shorthand(&mut self, words: &[Atom], answers: &mut Answers) {
        let mut i = 0;
        while i < words.len() {
            let rest = &words[i..];
            let span_of = |n: usize| rest[0].span.cover(rest[n - 1].span);
            if let Read::Ok(timing, n) = read_timing(rest) {
                let answer = known(timing, span_of(n));
                self.set(&mut answers.timing, Category::Timing, answer);
                i += n;
                continue;
            }
            let failed = match read_frequency(rest) {
                Read::Ok(f, n) => {
                    self.set(
                        &mut answers.frequency,
                        Category::Frequency,
                        known(f, span_of(n)),
                    );
                    i += n;
                    continue;
                }
                Read::Err(e) => Some((Category::Frequency, e)),
                Read::NoMatch => match read_volume(rest) {
                    Read::Ok(v, n) => {
                        self.set(&mut answers.volume, Category::Volume, known(v, span_of(n)));
                        i += n;
                        continue;
                    }
                    Read::Err(e) => Some((Category::Volume, e)),
                    Read::NoMatch => None,
                },
            };
            match failed {
                Some((category, error)) => {
                    // Skip the words of the broken value, so one mistake
                    // gives one error.
                    let end = error.span.start;
                    let used = error
                        .used
                        .unwrap_or_else(|| rest.iter().take_while(|w| w.span.start <= end).count())
                        .clamp(1, rest.len());
                    self.value_error(error);
                    placeholder(answers, category, span_of(used));
                    i += used;
                }
                None => {
                    if let Some(category) = self.stray_word(&rest[0]) {
                        placeholder(answers, category, rest[0].span);
                    }
                    i += 1;
                }
            }
        }
    }

    /// Reports a word that answers nothing; returns the question it was
    /// probably meant for (from its likely spelling), if any.
    fn stray_word(&mut self, word: &Atom) -> Option<Category> {
        let mut meant = None;
        let (message, fix) = match &word.kind {
            AtomKind::Str(_) => (
                "a string here answers no question: what moves goes in the block (`{ data: \"…\" }`); a string right after realtime, batch or manual explains the timing".to_string(),
                None,
            ),
            AtomKind::Ident(w) if OpenWord::parse(w).is_some() || w == "none" => (
                format!("`{w}` here does not say which question it answers: write it in the block, such as `{{ volume: {w} }}`"),
                None,
            ),
            AtomKind::Ident(w) if Status::parse(w).is_some() => (
                format!("`{w}` is a status, not an answer: write it in the block, `{{ status: {w} }}`"),
                None,
            ),
            AtomKind::Ident(w) => {
                let best = did_you_mean(w, shorthand_words());
                meant = best.map(|b| {
                    if TimingKind::parse(b).is_some() {
                        Category::Timing
                    } else {
                        Category::Frequency
                    }
                });
                (
                    format!(
                        "`{w}` answers none of the questions: words after a chain give the timing (realtime, batch, manual), the frequency (daily, monthly, every 2 hours, …) or the volume (~500 forms/day).{}",
                        hint(best)
                    ),
                    best.map(|b| Fix::replace(word.span, b, format!("Change to `{b}`"))),
                )
            }
            _ => (
                format!("unexpected {} after the chain", shown(word)),
                None,
            ),
        };
        self.invalid(word.span, message, fix);
        meant
    }

    fn value_error(&mut self, error: ValueError) {
        // A reader maps an error into a string's text by its length (a
        // cron field under its place), which an unterminated string with
        // an escape can fool by a byte: never split a character.
        let span = error.span.on_chars(self.text);
        self.invalid(span, error.message, error.fix);
        for more in error.also {
            self.value_error(more);
        }
    }

    /// Records an answer, or reports it as a second answer to the question.
    fn set<T>(&mut self, slot: &mut Option<Answer<T>>, category: Category, answer: Answer<T>) {
        match slot {
            // A misspelt shorthand word held the place; its error is reported.
            Some(first) if first.shorthand && matches!(first.state, AnswerState::Invalid) => {
                *slot = Some(answer)
            }
            Some(first) => {
                let first = first.span;
                self.duplicate_answer(category, answer.span, first);
            }
            None => *slot = Some(answer),
        }
    }

    fn duplicate_answer(&mut self, category: Category, span: Span, first: Span) {
        let d = Diagnostic::new(
            Code::DuplicateAnswer,
            span,
            format!(
                "{} is answered twice in this flow; keep one answer",
                category.title()
            ),
        )
        .with_related(self.file_id, first, "first answered here");
        self.report(d);
    }

    /// A category answered by a property of the block.
    fn block_answer(
        &mut self,
        answers: &mut Answers,
        category: Category,
        value: &PropertyValue,
        span: Span,
    ) {
        let key = category.key().unwrap_or_default();
        let value_span = value.span();
        let answer_span = if value_span.is_empty() {
            span
        } else {
            value_span
        };
        let open = open_word(value);
        // A second answer is reported before its value is checked.
        let taken = answers.status(category) != crate::model::AnswerStatus::Unanswered;
        if taken {
            let first = answers.span(category).unwrap_or(span);
            self.duplicate_answer(category, span, first);
            return;
        }
        macro_rules! answer {
            ($slot:expr, $state:expr) => {{
                let state = match open {
                    Some(word) => AnswerState::Open(word),
                    None => $state,
                };
                $slot = Some(Answer {
                    state,
                    span: answer_span,
                    shorthand: false,
                });
            }};
        }
        match category {
            Category::Tools => {}
            Category::Data => answer!(answers.data, self.data(value)),
            Category::Transform => answer!(answers.transform, self.transform(value)),
            Category::Timing if open.is_none() => answer!(
                answers.timing,
                self.read_whole(key, value, read_timing, "a timing", "realtime, batch or manual, optionally followed by a string")
            ),
            Category::Frequency if open.is_none() => answer!(
                answers.frequency,
                self.read_whole(key, value, read_frequency, "a frequency", "hourly, daily, weekly, monthly, quarterly, yearly, `every N hours` (or minutes, days, weeks, months), `cron \"m h dom mon dow\"`, continuous or on-demand")
            ),
            Category::Volume if open.is_none() => answer!(
                answers.volume,
                self.read_whole(key, value, read_volume, "a volume", "`[~|<] NUMBER UNIT [/ PERIOD]`, such as `~500 forms/day` or `<2 GB per month`")
            ),
            Category::Timing => answer!(answers.timing, AnswerState::Invalid),
            Category::Frequency => answer!(answers.frequency, AnswerState::Invalid),
            Category::Volume => answer!(answers.volume, AnswerState::Invalid),
        }
    }

    fn data(&mut self, value: &PropertyValue) -> AnswerState<Vec<String>> {
        if open_word(value).is_some() {
            return AnswerState::Invalid; // replaced by Open by the caller
        }
        if let Some(items) = self.data_records(value) {
            return AnswerState::Known(items.texts);
        }
        match self.strings("data", value) {
            Some(items) => AnswerState::Known(items),
            None => AnswerState::Invalid,
        }
    }

    fn transform(&mut self, value: &PropertyValue) -> AnswerState<Transform> {
        if open_word(value).is_some() {
            return AnswerState::Invalid; // replaced by Open by the caller
        }
        match value {
            PropertyValue::Value(Value::Atoms(a))
                if a.mapping.is_none()
                    && matches!(a.atoms.as_slice(), [atom] if atom.kind.as_ident() == Some("none")) =>
            {
                AnswerState::Known(Transform::None)
            }
            PropertyValue::Block(block) => {
                let steps = block
                    .properties
                    .iter()
                    .filter_map(|p| match &p.value {
                        PropertyValue::Value(Value::Atoms(a)) => Some(TransformStep {
                            field: p.key.text.to_string(),
                            span: p.span,
                            from: self.atoms_text(&a.atoms),
                            to: a.mapping.as_ref().map(|m| self.atoms_text(&m.atoms)),
                        }),
                        PropertyValue::Value(Value::List(l)) => Some(TransformStep {
                            field: p.key.text.to_string(),
                            span: p.span,
                            from: self.source(l.span).to_string(),
                            to: None,
                        }),
                        PropertyValue::Value(Value::Terms(t)) => Some(TransformStep {
                            field: p.key.text.to_string(),
                            span: p.span,
                            from: self.source(t.span).to_string(),
                            to: None,
                        }),
                        _ => None,
                    })
                    .collect::<Vec<_>>();
                if steps.is_empty() && block.properties.is_empty() {
                    self.invalid(
                        block.span,
                        "this transform block is empty: add `field: \"what happens to it\"` lines, or write `transform: none`",
                        None,
                    );
                    return AnswerState::Invalid;
                }
                AnswerState::Known(Transform::Steps(steps))
            }
            PropertyValue::Value(Value::Atoms(a))
                if a.atoms.iter().all(|x| x.kind.as_str().is_some()) && a.mapping.is_some() =>
            {
                self.invalid(
                    a.span,
                    "a mapping `\"A\" -> \"B\"` needs a field: write it in a block, `transform { field: \"A\" -> \"B\" }`",
                    None,
                );
                AnswerState::Invalid
            }
            PropertyValue::Missing(_) => AnswerState::Invalid,
            _ => match self.strings("transform", value) {
                Some(texts) => AnswerState::Known(Transform::Text(texts)),
                None => AnswerState::Invalid,
            },
        }
    }

    /// The text of atoms as a person reads it: strings unquoted.
    fn atoms_text(&self, atoms: &[Atom]) -> String {
        let parts: Vec<String> = atoms
            .iter()
            .map(|a| match &a.kind {
                AtomKind::Str(s) => s.to_string(),
                _ => self.source(a.span).to_string(),
            })
            .collect();
        parts.join(" ")
    }

    /// A value that one reader must read entirely.
    fn read_whole<T>(
        &mut self,
        key: &str,
        value: &PropertyValue,
        reader: fn(&[Atom]) -> Read<T>,
        what: &str,
        accepted: &str,
    ) -> AnswerState<T> {
        let atoms = match value {
            PropertyValue::Value(Value::Atoms(a)) if a.mapping.is_none() => &a.atoms,
            PropertyValue::Missing(_) => return AnswerState::Invalid,
            other => {
                self.invalid(
                    other.span(),
                    format!("`{key}` takes {what}, not {}: {accepted}", describe(other)),
                    None,
                );
                return AnswerState::Invalid;
            }
        };
        match reader(atoms) {
            Read::Ok(v, n) if n == atoms.len() => AnswerState::Known(v),
            Read::Ok(_, n) => {
                let extra = atoms[n].span.cover(atoms[atoms.len() - 1].span);
                self.invalid(
                    extra,
                    format!(
                        "unexpected {} after {what}: `{key}` takes one answer",
                        shown(&atoms[n])
                    ),
                    None,
                );
                AnswerState::Invalid
            }
            Read::Err(e) => {
                self.value_error(e);
                AnswerState::Invalid
            }
            Read::NoMatch => {
                let first = &atoms[0];
                let best = first.kind.as_ident().and_then(|w| {
                    did_you_mean(
                        w,
                        shorthand_words().chain(OpenWord::ALL.map(OpenWord::as_str)),
                    )
                });
                let fix = best.map(|b| Fix::replace(first.span, b, format!("Change to `{b}`")));
                self.invalid(
                    first.span,
                    format!(
                        "{} is not {what}: `{key}` takes {accepted}.{}",
                        shown(first),
                        hint(best)
                    ),
                    fix,
                );
                AnswerState::Invalid
            }
        }
    }

    fn open_questions(&mut self, answers: &Answers) {
        for category in Category::ANSWERED_BY_PROPERTIES {
            let word = match category {
                Category::Data => open_of(&answers.data),
                Category::Transform => open_of(&answers.transform),
                Category::Timing => open_of(&answers.timing),
                Category::Frequency => open_of(&answers.frequency),
                Category::Volume => open_of(&answers.volume),
                Category::Tools => None,
            };
            if let (Some(word), Some(span)) = (word, answers.span(category)) {
                self.report(Diagnostic::new(
                    Code::OpenQuestion,
                    span,
                    format!(
                        "open question ({}): {} — “{}”",
                        word.as_str(),
                        category.title(),
                        category.question()
                    ),
                ));
            }
        }
    }

    fn unanswered(&mut self, answers: &Answers, header: Span) {
        for category in Category::ANSWERED_BY_PROPERTIES {
            if answers.status(category) != crate::model::AnswerStatus::Unanswered {
                continue;
            }
            let Some(code) = category.unanswered_code() else {
                continue;
            };
            self.report(Diagnostic::new(
                code,
                header,
                format!(
                    "{} is unanswered: “{}” {}; `{}: tbd` marks it as an open question",
                    category.title(),
                    category.question(),
                    category.how_to_answer(),
                    category.key().unwrap_or_default()
                ),
            ));
        }
    }

    fn contradictions(&mut self, answers: &Answers, header: Span) {
        let (Some(timing), Some(frequency)) = (answers.timing(), answers.frequency()) else {
            return;
        };
        let why = match (timing.kind, frequency) {
            (TimingKind::Realtime, f) if f.is_schedule() => format!(
                "`realtime` means each event starts this flow, but `{}` is a schedule. Use `timing: batch` for a schedule, or a frequency of `continuous` or `on-demand` for events",
                f.display()
            ),
            (TimingKind::Batch, Frequency::Continuous) => "`batch` means a schedule starts this flow, but `continuous` means it never stops. Use a schedule (`daily`, `every 2 hours`, …) or `timing: realtime`".to_string(),
            (TimingKind::Manual, Frequency::Continuous) => "`manual` means a person starts this flow, but `continuous` means it runs all the time. Use `on-demand` or a schedule, or `timing: realtime`".to_string(),
            _ => return,
        };
        let timing_span = answers.span(Category::Timing).unwrap_or(header);
        let frequency_span = answers.span(Category::Frequency).unwrap_or(header);
        let d = Diagnostic::new(
            Code::Contradiction,
            header,
            format!("the timing and frequency contradict each other: {why}"),
        )
        .with_related(self.file_id, timing_span, "the timing")
        .with_related(self.file_id, frequency_span, "the frequency");
        self.report(d);
    }
}

/// Marks a question as answered wrongly by shorthand (the error is
/// reported), so that it is not also reported unanswered.
fn placeholder(answers: &mut Answers, category: Category, span: Span) {
    fn fill<T>(slot: &mut Option<Answer<T>>, span: Span) {
        if slot.is_none() {
            *slot = Some(Answer {
                state: AnswerState::Invalid,
                span,
                shorthand: true,
            });
        }
    }
    match category {
        Category::Timing => fill(&mut answers.timing, span),
        Category::Frequency => fill(&mut answers.frequency, span),
        Category::Volume => fill(&mut answers.volume, span),
        _ => {}
    }
}

fn known<T>(value: T, span: Span) -> Answer<T> {
    Answer {
        state: AnswerState::Known(value),
        span,
        shorthand: true,
    }
}

fn open_of<T>(answer: &Option<Answer<T>>) -> Option<OpenWord> {
    match answer.as_ref()?.state {
        AnswerState::Open(w) => Some(w),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::Workspace;

    #[test]
    fn a_cron_error_in_an_unterminated_string_with_an_escape_splits_no_character() {
        // Found by the `reparse` fuzz target: the expression is one byte
        // shorter than the string's text (the escape) and the string has
        // no closing quote, so its length looked like a verbatim string's
        // and the error ended inside `ހ`.
        let text = "flow f: a -> b {\n  frequency: cron \"0 2 \\x *ހ";
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let diagnostics = ws.diagnostics(id);
        assert!(
            diagnostics
                .iter()
                .any(|d| d.message.starts_with("invalid cron expression")),
            "{diagnostics:?}"
        );
        for d in &diagnostics {
            let (start, end) = (d.span.start as usize, d.span.end as usize);
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "{d:?} splits a character"
            );
        }
    }
}

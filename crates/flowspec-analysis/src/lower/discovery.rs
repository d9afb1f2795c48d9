//! Lowering the discovery properties of tools (`auth`, `hosting`,
//! `sandbox`, `admin`, `limits`) and flows (`notify`, `rerun`,
//! `identifier`, `direction`). Their values are checked whatever the
//! profile; the questions they answer are asked only by the `discovery`
//! profile (`crate::discovery::check`).

use flowspec_syntax::ast::{Atoms, Name, PropertyValue, Value};

use super::Lowerer;
use super::value::{describe, open_word};
use crate::discovery::{
    AuthMethod, Direction, FlowDiscovery, Hosting, Identifier, Limits, Noted, Notify, Sandbox,
    ToolDiscovery, Word, read_limits,
};
use crate::model::{Answer, AnswerState};
use crate::suggest::{did_you_mean, hint};
use flowspec_syntax::prose::join_or;

impl Lowerer<'_> {
    pub(super) fn tool_discovery(
        &mut self,
        key: &str,
        value: &PropertyValue,
        out: &mut ToolDiscovery,
    ) {
        match key {
            "auth" => out.auth = self.noted::<AuthMethod>(key, value),
            "hosting" => out.hosting = self.noted::<Hosting>(key, value),
            "sandbox" => out.sandbox = self.noted::<Sandbox>(key, value),
            "admin" => out.admin = self.text_answer(key, value),
            "limits" => out.limits = self.limits(value),
            _ => {}
        }
    }

    pub(super) fn flow_discovery(
        &mut self,
        key: &str,
        value: &PropertyValue,
        out: &mut FlowDiscovery,
    ) {
        match key {
            "notify" => {
                out.notify = self.answer(value, |this| {
                    if single_ident(value) == Some("none") {
                        return Some(Notify::Nobody);
                    }
                    this.string(key, value).map(Notify::Who)
                })
            }
            "rerun" => out.rerun = self.text_answer(key, value),
            "identifier" => out.identifier = self.identifier(value),
            "direction" => {
                out.direction = self
                    .noted::<Direction>(key, value)
                    .map(|a| map_answer(a, |n| n.word))
            }
            _ => {}
        }
    }

    /// An answer: `unknown` / `tbd` open, else what `read` makes of it
    /// (invalid when it reports an error). Nothing for a missing value (the
    /// parser reports it).
    fn answer<T>(
        &mut self,
        value: &PropertyValue,
        read: impl FnOnce(&mut Self) -> Option<T>,
    ) -> Option<Answer<T>> {
        if matches!(value, PropertyValue::Missing(_)) {
            return None;
        }
        let state = match open_word(value) {
            Some(word) => AnswerState::Open(word),
            None => match read(self) {
                Some(v) => AnswerState::Known(v),
                None => AnswerState::Invalid,
            },
        };
        Some(Answer {
            state,
            span: value.span(),
            shorthand: false,
        })
    }

    fn text_answer(&mut self, key: &str, value: &PropertyValue) -> Option<Answer<String>> {
        self.answer(value, |this| this.string(key, value))
    }

    /// `WORD [STRING]`, WORD from `W`'s table.
    fn noted<W: Word>(&mut self, key: &str, value: &PropertyValue) -> Option<Answer<Noted<W>>> {
        self.answer(value, |this| {
            let choices: Vec<&str> = W::ALL.iter().map(|w| w.as_str()).collect();
            let listed = join_or(&choices);
            let PropertyValue::Value(Value::Atoms(Atoms {
                atoms,
                mapping: None,
                ..
            })) = value
            else {
                this.invalid(
                    value.span(),
                    format!("`{key}` takes one word, {listed}, not {}", describe(value)),
                    None,
                );
                return None;
            };
            let first = &atoms[0];
            let written = this.source(first.span).to_string();
            let word = first.kind.as_ident().unwrap_or(&written);
            let Some(found) = W::parse(word) else {
                let best = did_you_mean(word, choices.iter().copied());
                let fix = best.map(|b| {
                    crate::diagnostic::Fix::replace(first.span, b, format!("Change to `{b}`"))
                });
                this.invalid(
                    first.span,
                    format!("`{key}` cannot be `{word}`: it is one of {listed}.{}", hint(best)),
                    fix,
                );
                return None;
            };
            match &atoms[1..] {
                [] => Some(Noted {
                    word: found,
                    note: None,
                }),
                [note] if note.kind.as_str().is_some() => Some(Noted {
                    word: found,
                    note: note.kind.as_str().map(str::to_string),
                }),
                rest => {
                    let span = rest[0].span.cover(rest[rest.len() - 1].span);
                    this.invalid(
                        span,
                        format!("after `{key}: {word}` only a string may follow, saying more: `{key}: {word} \"…\"`"),
                        None,
                    );
                    None
                }
            }
        })
    }

    fn limits(&mut self, value: &PropertyValue) -> Option<Answer<Limits>> {
        self.answer(value, |this| {
            if single_ident(value) == Some("none") {
                return Some(Limits::default());
            }
            let groups: Vec<&[flowspec_syntax::ast::Atom]> = match value {
                PropertyValue::Value(Value::Atoms(a)) if a.mapping.is_none() => {
                    vec![a.atoms.as_slice()]
                }
                PropertyValue::Value(Value::List(list)) if !list.items.is_empty() => list
                    .items
                    .iter()
                    .filter(|i| i.mapping.is_none())
                    .map(|i| i.atoms.as_slice())
                    .collect(),
                _ => {
                    this.invalid(
                        value.span(),
                        format!("`limits` takes `100 per minute`, `page 500`, a list of these, or `none`, not {}", describe(value)),
                        None,
                    );
                    return None;
                }
            };
            let mut limits = Limits::default();
            for group in groups {
                if let Err(e) = read_limits(group, &mut limits) {
                    this.invalid(e.span, e.message, None);
                    return None;
                }
            }
            Some(limits)
        })
    }

    fn identifier(&mut self, value: &PropertyValue) -> Option<Answer<Identifier>> {
        self.answer(value, |this| {
            if let PropertyValue::Value(Value::Atoms(Atoms {
                atoms,
                mapping: None,
                ..
            })) = value
                && let [atom] = atoms.as_slice()
            {
                if let Some(word) = atom.kind.as_ident() {
                    return Some(Identifier::Field(Name {
                        text: word.into(),
                        span: atom.span,
                    }));
                }
                if let Some(text) = atom.kind.as_str() {
                    return Some(Identifier::Text(text.to_string()));
                }
            }
            this.invalid(
                value.span(),
                "`identifier` takes one field name (`identifier: national_id`) or a string saying what identifies a record",
                None,
            );
            None
        })
    }
}

fn single_ident(value: &PropertyValue) -> Option<&str> {
    match value {
        PropertyValue::Value(Value::Atoms(Atoms {
            atoms,
            mapping: None,
            ..
        })) => match atoms.as_slice() {
            [atom] => atom.kind.as_ident(),
            _ => None,
        },
        _ => None,
    }
}

fn map_answer<T, U>(a: Answer<T>, f: impl FnOnce(T) -> U) -> Answer<U> {
    Answer {
        state: match a.state {
            AnswerState::Known(v) => AnswerState::Known(f(v)),
            AnswerState::Open(w) => AnswerState::Open(w),
            AnswerState::Invalid => AnswerState::Invalid,
        },
        span: a.span,
        shorthand: a.shorthand,
    }
}

//! Reading property values that hold text, words or lists, with the
//! invalid-value diagnostics (and quick fixes) when they hold something else.

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Atoms, PropertyValue, Value};
use flowspec_syntax::lexer::quote;

use super::Lowerer;
use crate::diagnostic::{Code, Diagnostic, Fix};
use crate::model::OpenWord;
use crate::suggest::{did_you_mean, hint};

/// What a value was, when it was not what a key wanted.
pub(super) fn describe(value: &PropertyValue) -> &'static str {
    match value {
        PropertyValue::Block(_) => "a block",
        PropertyValue::Value(Value::List(_)) => "a list",
        PropertyValue::Value(Value::Atoms(a)) if a.mapping.is_some() => "a mapping `a -> b`",
        PropertyValue::Value(Value::Atoms(_)) => "this",
        PropertyValue::Missing(_) => "nothing",
    }
}

impl Lowerer<'_> {
    pub(super) fn invalid(&mut self, span: Span, message: impl Into<String>, fix: Option<Fix>) {
        let mut d = Diagnostic::new(Code::InvalidValue, span, message);
        d.fixes.extend(fix);
        self.report(d);
    }

    /// A fix that puts unquoted words in quotes: `owner: MoH` → `"MoH"`.
    fn quote_fix(&self, atoms: &Atoms) -> Option<Fix> {
        let words = atoms.mapping.is_none()
            && atoms
                .atoms
                .iter()
                .all(|a| a.kind.as_ident().is_some() || a.kind.as_number().is_some());
        words.then(|| {
            let words: Vec<&str> = atoms.atoms.iter().map(|a| self.source(a.span)).collect();
            Fix::replace(
                atoms.span,
                quote(&words.join(" ")),
                "Put the text in quotes",
            )
        })
    }

    /// The value as one string, or an error that says `key` takes text.
    pub(super) fn string(&mut self, key: &str, value: &PropertyValue) -> Option<String> {
        if let PropertyValue::Value(Value::Atoms(atoms)) = value {
            if let ([atom], None) = (atoms.atoms.as_slice(), &atoms.mapping)
                && let Some(s) = atom.kind.as_str()
            {
                return Some(s.to_string());
            }
            let fix = self.quote_fix(atoms);
            self.invalid(
                atoms.span,
                format!("`{key}` takes text in quotes: `{key}: \"…\"`"),
                fix,
            );
        } else if !matches!(value, PropertyValue::Missing(_)) {
            self.invalid(
                value.span(),
                format!("`{key}` takes text in quotes, not {}", describe(value)),
                None,
            );
        }
        None
    }

    /// One or more strings: `"a"` or `["a", "b"]`.
    pub(super) fn strings(&mut self, key: &str, value: &PropertyValue) -> Option<Vec<String>> {
        match value {
            PropertyValue::Value(Value::List(list)) => {
                if list.items.is_empty() {
                    self.invalid(
                        list.span,
                        format!(
                            "`{key}` lists nothing: name at least one thing, or write `{key}: tbd`"
                        ),
                        None,
                    );
                    return None;
                }
                let mut out = Vec::new();
                for item in &list.items {
                    match (item.atoms.as_slice(), &item.mapping) {
                        ([atom], None) if atom.kind.as_str().is_some() => {
                            out.push(atom.kind.as_str().unwrap_or_default().to_string());
                        }
                        _ => {
                            let fix = self.quote_fix(item);
                            self.invalid(
                                item.span,
                                format!("each item of `{key}` is text in quotes"),
                                fix,
                            );
                            return None;
                        }
                    }
                }
                Some(out)
            }
            _ => self.string(key, value).map(|s| vec![s]),
        }
    }

    /// One word from `choices`, with "did you mean" when it is close to one.
    pub(super) fn word<'c>(
        &mut self,
        key: &str,
        value: &PropertyValue,
        choices: &[&'c str],
    ) -> Option<&'c str> {
        let listed = crate::syntax::prose::join_or(choices);
        if let PropertyValue::Value(Value::Atoms(atoms)) = value
            && let ([atom], None) = (atoms.atoms.as_slice(), &atoms.mapping)
        {
            let written = self.source(atom.span).to_string();
            let word = atom
                .kind
                .as_ident()
                .or(atom.kind.as_str())
                .unwrap_or(&written);
            if let Some(found) = choices.iter().find(|c| **c == word) {
                return Some(found);
            }
            let best = did_you_mean(word, choices.iter().copied());
            let fix = best.map(|b| Fix::replace(atom.span, b, format!("Change to `{b}`")));
            self.invalid(
                atom.span,
                format!(
                    "`{key}` cannot be `{word}`: it is one of {listed}.{}",
                    hint(best)
                ),
                fix,
            );
        } else if !matches!(value, PropertyValue::Missing(_)) {
            self.invalid(
                value.span(),
                format!("`{key}` takes one word: {listed}"),
                None,
            );
        }
        None
    }
}

/// `unknown` or `tbd` alone.
pub(super) fn open_word(value: &PropertyValue) -> Option<OpenWord> {
    match value {
        PropertyValue::Value(Value::Atoms(atoms)) if atoms.mapping.is_none() => {
            match atoms.atoms.as_slice() {
                [atom] => atom.kind.as_ident().and_then(OpenWord::parse),
                _ => None,
            }
        }
        _ => None,
    }
}

//! Reading one map of a project file: its known fields, each of the type
//! it must have, and an error with the place for anything else.

use flowspec_analysis::suggest::{did_you_mean, hint};

use super::Error;
use super::tree::{Key, Node, Pos, Value};

/// The fields of one map, `what` naming it in messages (`job
/// \`fetch\``).
pub struct Fields<'a> {
    pub file: &'a str,
    pub entries: &'a [(Key, Node)],
    pub at: Pos,
    pub what: String,
}

impl<'a> Fields<'a> {
    pub fn of(file: &'a str, node: &'a Node, what: impl Into<String>) -> Result<Fields<'a>, Error> {
        let what = what.into();
        match &node.value {
            Value::Map(entries) => Ok(Fields {
                file,
                entries,
                at: node.at,
                what,
            }),
            other => Err(Error::at(
                file,
                node.at,
                format!("{what} must be a map of fields, not {}", other.kind()),
            )),
        }
    }

    /// Every key must be one of `known`: an unknown one is an error (a
    /// misspelt field would otherwise be lost without a word).
    pub fn known(&self, known: &[&str]) -> Result<(), Error> {
        for (key, _) in self.entries {
            if !known.contains(&key.text.as_str()) {
                return Err(Error::at(
                    self.file,
                    key.at,
                    format!(
                        "unknown field `{}` in {}.{}",
                        key.text,
                        self.what,
                        hint(did_you_mean(&key.text, known.iter().copied()))
                    ),
                ));
            }
        }
        Ok(())
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.text == key)
            .map(|(_, v)| v)
            .filter(|v| v.value != Value::Null)
    }

    /// The key itself, for messages about it.
    pub fn key(&self, key: &str) -> Option<&'a Key> {
        self.entries
            .iter()
            .find(|(k, _)| k.text == key)
            .map(|(k, _)| k)
    }

    fn wrong(&self, key: &str, node: &Node, wanted: &str) -> Error {
        Error::at(
            self.file,
            node.at,
            format!(
                "`{key}` of {} must be {wanted}, not {}",
                self.what,
                node.value.kind()
            ),
        )
    }

    pub fn missing(&self, key: &str) -> Error {
        Error::at(self.file, self.at, format!("{} has no `{key}`", self.what))
    }

    /// A text field (a number is taken as written).
    pub fn str(&self, key: &str) -> Result<Option<String>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(node) => match node.str() {
                Some(s) => Ok(Some(s.to_string())),
                None => Err(self.wrong(key, node, "text")),
            },
        }
    }

    pub fn required_str(&self, key: &str) -> Result<String, Error> {
        self.str(key)?.ok_or_else(|| self.missing(key))
    }

    pub fn bool(&self, key: &str) -> Result<Option<bool>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Node {
                value: Value::Bool(b),
                ..
            }) => Ok(Some(*b)),
            Some(node) => Err(self.wrong(key, node, "true or false")),
        }
    }

    /// A map's entries, or a list's items (Lightning's state writes either).
    pub fn items(&self, key: &str) -> Result<Vec<(Option<&'a Key>, &'a Node)>, Error> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(Node {
                value: Value::Map(entries),
                ..
            }) => Ok(entries.iter().map(|(k, v)| (Some(k), v)).collect()),
            Some(Node {
                value: Value::List(items),
                ..
            }) => Ok(items.iter().map(|v| (None, v)).collect()),
            Some(node) => Err(self.wrong(key, node, "a map or a list")),
        }
    }

    pub fn list(&self, key: &str) -> Result<Option<&'a [Node]>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Node {
                value: Value::List(items),
                ..
            }) => Ok(Some(items)),
            Some(node) => Err(self.wrong(key, node, "a list")),
        }
    }

    pub fn map(&self, key: &str) -> Result<Option<&'a [(Key, Node)]>, Error> {
        match self.get(key) {
            None => Ok(None),
            Some(Node {
                value: Value::Map(entries),
                ..
            }) => Ok(Some(entries)),
            Some(node) => Err(self.wrong(key, node, "a map")),
        }
    }

    /// `adaptor`, or the first of `adaptors` (both spellings occur).
    pub fn adaptor(&self) -> Result<Option<String>, Error> {
        if let Some(a) = self.str("adaptor")? {
            return Ok(Some(a));
        }
        match self.get("adaptors") {
            None => Ok(None),
            Some(node) => match &node.value {
                Value::List(items) => match items.first() {
                    Some(first) => first
                        .str()
                        .map(|s| Some(s.to_string()))
                        .ok_or_else(|| self.wrong("adaptors", first, "a list of text")),
                    None => Ok(None),
                },
                _ => node
                    .str()
                    .map(|s| Some(s.to_string()))
                    .ok_or_else(|| self.wrong("adaptors", node, "a list of text")),
            },
        }
    }

    /// `cron_expression`, or `cron` (both spellings occur).
    pub fn cron(&self) -> Result<Option<String>, Error> {
        match self.str("cron_expression")? {
            Some(c) => Ok(Some(c)),
            None => self.str("cron"),
        }
    }
}

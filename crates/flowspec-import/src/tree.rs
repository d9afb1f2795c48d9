//! A YAML (or JSON) document as a tree whose every node and key knows its
//! line and column, read from `yaml-rust2`'s events. Duplicate keys are an
//! error at the second one; anchors and aliases are resolved.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::Error;

/// Where something is: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub at: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, kept as written.
    Number(String),
    Str(String),
    List(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub text: String,
    pub at: Pos,
}

impl Value {
    /// What it is, for messages: `a string`, `a list`.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::Str(_) => "a string",
            Value::List(_) => "a list",
            Value::Map(_) => "a map",
        }
    }
}

impl Node {
    pub fn str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) | Value::Number(s) => Some(s),
            _ => None,
        }
    }
}

/// Parses one document (an empty text is `null`).
pub fn parse(file: &str, text: &str) -> Result<Node, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut builder = Builder::default();
    let mut parser = Parser::new_from_str(text);
    if let Err(e) = parser.load(&mut builder, false) {
        let m = e.marker();
        return Err(Error::at(
            file,
            pos(*m),
            format!("not valid YAML: {}", e.info()),
        ));
    }
    if let Some((at, message)) = builder.error {
        return Err(Error::at(file, at, message));
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Null,
        at: Pos { line: 1, column: 1 },
    }))
}

/// Parses JSON: serde_json for its syntax errors, then the YAML reader
/// (JSON is YAML) for the places of every node.
pub fn parse_json(file: &str, text: &str) -> Result<Node, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::at(
            file,
            Pos {
                line: e.line().max(1),
                column: e.column().max(1),
            },
            format!("not valid JSON: {}", strip_position(&e.to_string())),
        )
    })?;
    match parse(file, text) {
        Ok(node) => Ok(node),
        // Valid JSON the YAML reader refuses (tabs as indentation): the
        // values, all placed at the start.
        Err(_) => Ok(from_json(&value)),
    }
}

fn strip_position(message: &str) -> &str {
    message.split(" at line ").next().unwrap_or(message)
}

fn from_json(value: &serde_json::Value) -> Node {
    let at = Pos { line: 1, column: 1 };
    let value = match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.to_string()),
        serde_json::Value::String(s) => Value::Str(s.clone()),
        serde_json::Value::Array(items) => Value::List(items.iter().map(from_json).collect()),
        serde_json::Value::Object(map) => Value::Map(
            map.iter()
                .map(|(k, v)| {
                    (
                        Key {
                            text: k.clone(),
                            at,
                        },
                        from_json(v),
                    )
                })
                .collect(),
        ),
    };
    Node { value, at }
}

fn pos(m: Marker) -> Pos {
    Pos {
        line: m.line().max(1),
        column: m.col() + 1,
    }
}

/// A collection being built: its items, and for a map the key waiting for
/// its value.
enum Open {
    List(Pos, usize, Vec<Node>),
    Map(Pos, usize, Vec<(Key, Node)>, Option<Key>),
}

#[derive(Default)]
struct Builder {
    stack: Vec<Open>,
    root: Option<Node>,
    anchors: HashMap<usize, Node>,
    error: Option<(Pos, String)>,
}

impl Builder {
    fn scalar(text: String, style: TScalarStyle) -> Value {
        if style != TScalarStyle::Plain {
            return Value::Str(text);
        }
        match text.as_str() {
            "" | "~" | "null" | "Null" | "NULL" => Value::Null,
            "true" | "True" | "TRUE" => Value::Bool(true),
            "false" | "False" | "FALSE" => Value::Bool(false),
            t if is_number(t) => Value::Number(text),
            _ => Value::Str(text),
        }
    }

    /// A finished node goes into the collection it belongs to.
    fn push(&mut self, node: Node, anchor: usize) {
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Open::List(_, _, items)) => items.push(node),
            Some(Open::Map(_, _, entries, pending)) => match pending.take() {
                None => {
                    let text = match &node.value {
                        Value::Str(s) | Value::Number(s) => s.clone(),
                        Value::Bool(b) => b.to_string(),
                        Value::Null => String::new(),
                        other => {
                            if self.error.is_none() {
                                self.error = Some((
                                    node.at,
                                    format!("a key must be text, not {}", other.kind()),
                                ));
                            }
                            String::new()
                        }
                    };
                    if let Some((first, _)) = entries.iter().find(|(k, _)| k.text == text)
                        && self.error.is_none()
                    {
                        self.error = Some((
                            node.at,
                            format!(
                                "duplicate key `{text}` (first at line {}, column {})",
                                first.at.line, first.at.column
                            ),
                        ));
                    }
                    *pending = Some(Key { text, at: node.at });
                }
                Some(key) => entries.push((key, node)),
            },
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let at = pos(mark);
        match ev {
            Event::Scalar(text, style, anchor, _) => {
                let value = Builder::scalar(text, style);
                self.push(Node { value, at }, anchor);
            }
            Event::Alias(anchor) => {
                let node = self.anchors.get(&anchor).cloned().unwrap_or(Node {
                    value: Value::Null,
                    at,
                });
                self.push(Node { at, ..node }, 0);
            }
            Event::SequenceStart(anchor, _) => self.stack.push(Open::List(at, anchor, Vec::new())),
            Event::MappingStart(anchor, _) => {
                self.stack.push(Open::Map(at, anchor, Vec::new(), None));
            }
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(Open::List(at, anchor, items)) => self.push(
                    Node {
                        value: Value::List(items),
                        at,
                    },
                    anchor,
                ),
                Some(Open::Map(at, anchor, entries, _)) => {
                    // A block map is where its first key is (the parser's
                    // mark for its start lies past that key).
                    let at = entries.first().map_or(at, |(k, _)| k.at);
                    self.push(
                        Node {
                            value: Value::Map(entries),
                            at,
                        },
                        anchor,
                    );
                }
                None => {}
            },
            _ => {}
        }
    }
}

/// YAML 1.2's core schema numbers: integers, decimals, exponents.
fn is_number(text: &str) -> bool {
    let t = text.strip_prefix(['-', '+']).unwrap_or(text);
    if t.is_empty() {
        return false;
    }
    if let Some(hex) = t.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = t.strip_prefix("0o") {
        return !oct.is_empty() && oct.chars().all(|c| c.is_digit(8));
    }
    if matches!(t, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN") {
        return true;
    }
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let digits_dot = |s: &str| {
        !s.is_empty()
            && s != "."
            && s.chars().filter(|&c| c == '.').count() <= 1
            && s.chars().all(|c| c.is_ascii_digit() || c == '.')
    };
    digits_dot(mantissa)
        && exponent.is_none_or(|e| {
            let e = e.strip_prefix(['-', '+']).unwrap_or(e);
            !e.is_empty() && e.chars().all(|c| c.is_ascii_digit())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Pos {
        Pos { line, column }
    }

    #[test]
    fn nodes_and_keys_know_where_they_are() {
        let text = "a: 1\nb:\n  - x\n  - 'ክሊኒክ 🙂'\nc: {d: true, e: ~}\n";
        let root = parse("f.yaml", text).unwrap();
        let Value::Map(entries) = &root.value else {
            panic!("{root:?}")
        };
        assert_eq!(entries[0].0.at, at(1, 1));
        assert_eq!(entries[0].1.value, Value::Number("1".into()));
        assert_eq!(entries[1].0.at, at(2, 1));
        let Value::List(items) = &entries[1].1.value else {
            panic!()
        };
        assert_eq!(items[0].at, at(3, 5));
        assert_eq!(items[1].value, Value::Str("ክሊኒክ 🙂".into()));
        assert_eq!(items[1].at, at(4, 5));
        let Value::Map(inner) = &entries[2].1.value else {
            panic!()
        };
        assert_eq!(inner[0].1.value, Value::Bool(true));
        assert_eq!(inner[1].1.value, Value::Null);
        assert_eq!(inner[1].0.at, at(5, 14));
    }

    #[test]
    fn crlf_lines_count_once() {
        let root = parse("f.yaml", "a: 1\r\nb: 2\r\n").unwrap();
        let Value::Map(entries) = &root.value else {
            panic!()
        };
        assert_eq!(entries[1].0.at, at(2, 1));
    }

    #[test]
    fn duplicate_keys_are_an_error_at_the_second() {
        let e = parse("f.yaml", "a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "f.yaml:3:1: duplicate key `a` (first at line 1, column 1)"
        );
    }

    #[test]
    fn syntax_errors_say_where() {
        let e = parse("f.yaml", "a: [1, 2\nb: 3\n").unwrap_err();
        assert!(e.to_string().starts_with("f.yaml:"), "{e}");
        assert!(e.message.contains("not valid YAML"), "{e}");
        let e = parse_json("s.json", "{\n  \"a\": 1,\n  \"b\": }\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 8), "{e}");
        assert!(e.message.starts_with("not valid JSON"), "{e}");
    }

    #[test]
    fn json_is_read_with_places() {
        let root = parse_json("s.json", "{\n  \"a\": {\"b\": [1, \"x\"]}\n}").unwrap();
        let Value::Map(entries) = &root.value else {
            panic!()
        };
        assert_eq!(entries[0].0.at, at(2, 3));
        // Tabs: valid JSON, read without places rather than refused.
        let root = parse_json("s.json", "{\n\t\"a\": 1\n}").unwrap();
        assert!(matches!(root.value, Value::Map(_)));
    }

    #[test]
    fn numbers_and_words() {
        for n in ["1", "-2", "3.5", "1e3", "0x1F", ".5"] {
            assert!(is_number(n), "{n}");
        }
        for s in ["0 2 * * *", "1.2.3", "e3", "-", "x1", "."] {
            assert!(!is_number(s), "{s}");
        }
    }
}

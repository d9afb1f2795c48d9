//! Lowering `tool` and `role` declarations.

use std::collections::HashMap;

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Atoms, Decl, Keeps, Property, PropertyValue, Value};

use super::Lowerer;
use crate::catalog::{adaptors, is_known_adaptor};
use crate::diagnostic::{Code, Diagnostic, Fix};
use crate::model::{DeclInfo, DeclKind};
use crate::records::KeptRecord;
use crate::schema::{ItemType, PropertyInfo, ToolKind};
use crate::suggest::{did_you_mean, hint};

impl Lowerer<'_> {
    pub(super) fn decl(
        &mut self,
        kind: DeclKind,
        decl: &Decl,
        item: usize,
        span: Span,
        doc: Option<String>,
    ) -> DeclInfo {
        let mut info = DeclInfo {
            kind,
            name: decl.name.clone(),
            item,
            span,
            display_name: decl.label.as_ref().map(|l| l.value.to_string()),
            tool_kind: None,
            adaptor: None,
            owner: None,
            url: None,
            notes: None,
            doc,
            keeps: Vec::new(),
            discovery: Default::default(),
            samples: Vec::new(),
        };
        let item_type = match kind {
            DeclKind::Tool => ItemType::Tool,
            DeclKind::Role => ItemType::Role,
        };
        // Where each key was first given; the label counts as `name`.
        let mut seen: HashMap<&str, Span> = HashMap::new();
        if let Some(label) = &decl.label {
            seen.insert("name", label.span);
        }
        let properties = decl.block.iter().flat_map(|b| &b.properties);
        for prop in properties {
            let key = prop.key.text.as_str();
            if let PropertyValue::Keeps(keeps) = &prop.value {
                if prop.key.text == "sample" {
                    if kind == DeclKind::Tool {
                        info.samples.push(self.sample(prop, keeps));
                    } else {
                        self.not_a_tool(prop);
                    }
                } else {
                    self.keeps_in_decl(kind, prop, keeps, &mut info.keeps);
                }
                continue;
            }
            if item_type.property(key).is_none() {
                self.unknown_property(item_type, prop);
                continue;
            }
            if let Some(&first) = seen.get(key) {
                self.duplicate_property(prop, first);
                continue;
            }
            seen.insert(key, prop.span);
            let value = self.split_missing_colon(item_type, prop);
            let value = value.as_ref();
            match key {
                "name" => info.display_name = self.string(key, value),
                "owner" => info.owner = self.string(key, value),
                "notes" => info.notes = self.string(key, value),
                "url" => info.url = self.url(value),
                "kind" => {
                    let kinds: Vec<&str> = ToolKind::ALL.iter().map(|k| k.as_str()).collect();
                    info.tool_kind = self.word(key, value, &kinds).and_then(ToolKind::parse);
                }
                "adaptor" => info.adaptor = self.adaptor(value),
                _ => self.tool_discovery(key, value, info.discovery.get_mut()),
            }
        }
        self.samples_kept(&info);
        info
    }

    /// `keeps R { … }` / `owns R { … }`: only a tool keeps records, and
    /// each record once.
    fn keeps_in_decl(
        &mut self,
        kind: DeclKind,
        prop: &Property,
        keeps: &Keeps,
        out: &mut Vec<KeptRecord>,
    ) {
        if kind != DeclKind::Tool {
            self.not_a_tool(prop);
            return;
        }
        if let Some(first) = out.iter().find(|k| k.record.text == keeps.record.text) {
            let d = Diagnostic::new(
                Code::DuplicateAnswer,
                prop.span,
                format!(
                    "this tool already says how it keeps `{}`; keep one `{}` block",
                    keeps.record.text, prop.key.text
                ),
            )
            .with_related(self.file_id, first.span, "first given here");
            self.report(d);
            return;
        }
        let kept = self.kept(prop, keeps);
        out.push(kept);
    }

    /// `keeps` anywhere but in a tool.
    pub(super) fn not_a_tool(&mut self, prop: &Property) {
        self.report(Diagnostic::new(
            Code::UnknownProperty,
            prop.key.span,
            format!(
                "only a tool keeps records: `{} {}` belongs in the block of the tool that holds them",
                prop.key.text,
                match &prop.value {
                    PropertyValue::Keeps(k) => k.record.text.as_str(),
                    _ => "…",
                }
            ),
        ));
    }

    pub(super) fn unknown_property(&mut self, item_type: ItemType, prop: &Property) {
        let key = prop.key.text.as_str();
        let all: Vec<&str> = item_type.properties().iter().map(|p| p.key).collect();
        let best = did_you_mean(key, all.iter().copied());
        // The design's own keys, then the discovery questions' apart (they
        // are answered only when discovery is under way).
        let (discovery, design): (Vec<&PropertyInfo>, Vec<&PropertyInfo>) = item_type
            .properties()
            .iter()
            .partition(|p| p.is_discovery());
        let keys: Vec<&str> = design.iter().map(|p| p.key).collect();
        let discovery: Vec<&str> = discovery.iter().map(|p| p.key).collect();
        let discovery = if discovery.is_empty() {
            String::new()
        } else {
            format!(" (and, for discovery, {})", discovery.join(", "))
        };
        let what = item_type.keyword();
        let elsewhere = match item_type {
            ItemType::Flow if key == "tools" => {
                ". A flow's tools are its chain (`commcare -> dhis2`)".to_string()
            }
            ItemType::Tool | ItemType::Role if ItemType::Flow.property(key).is_some() => {
                format!(". `{key}` belongs in a flow")
            }
            ItemType::Role if ItemType::Tool.property(key).is_some() => {
                format!(". `{key}` is a property of tools; a role is a person")
            }
            _ => String::new(),
        };
        let mut d = Diagnostic::new(
            Code::UnknownProperty,
            prop.key.span,
            format!(
                "a {what} has no property `{key}`{elsewhere}. A {what} takes {}{discovery}.{}",
                keys.join(", "),
                hint(best)
            ),
        );
        if let Some(best) = best {
            d.fixes.push(Fix::replace(
                prop.key.span,
                best,
                format!("Change to `{best}`"),
            ));
        }
        self.report(d);
    }

    pub(super) fn duplicate_property(&mut self, prop: &Property, first: Span) {
        let key = prop.key.text.as_str();
        let d = Diagnostic::new(
            Code::DuplicateAnswer,
            prop.span,
            format!("`{key}` is given twice; keep one"),
        )
        .with_related(self.file_id, first, format!("`{key}` is first given here"));
        self.report(d);
    }

    fn url(&mut self, value: &PropertyValue) -> Option<String> {
        let url = self.string("url", value)?;
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        if rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace)) {
            Some(url)
        } else {
            self.invalid(
                value.span(),
                format!("`{url}` is not a web address: write it in full, starting with https:// or http://"),
                None,
            );
            None
        }
    }

    fn adaptor(&mut self, value: &PropertyValue) -> Option<String> {
        let PropertyValue::Value(Value::Atoms(Atoms {
            atoms,
            mapping: None,
            ..
        })) = value
        else {
            if !matches!(value, PropertyValue::Missing(_)) {
                self.invalid(
                    value.span(),
                    "`adaptor` takes one OpenFn adaptor name, such as `dhis2`",
                    None,
                );
            }
            return None;
        };
        let [atom] = atoms.as_slice() else {
            let span = atoms[0].span.cover(atoms[atoms.len() - 1].span);
            self.invalid(
                span,
                "`adaptor` takes one OpenFn adaptor name, such as `dhis2`",
                None,
            );
            return None;
        };
        // The package name works too: "@openfn/language-dhis2@4.0.0".
        let written = atom
            .kind
            .as_ident()
            .or(atom.kind.as_str())
            .unwrap_or_default();
        let name = written
            .strip_prefix("@openfn/language-")
            .map(|rest| rest.split('@').next().unwrap_or(rest))
            .unwrap_or(written);
        if is_known_adaptor(name) {
            return Some(name.to_string());
        }
        let best = did_you_mean(name, adaptors().iter().copied());
        let fix = best.map(|b| Fix::replace(atom.span, b, format!("Change to `{b}`")));
        self.invalid(
            atom.span,
            format!(
                "`{name}` is not an OpenFn adaptor: adaptors are named after the system they connect to, such as dhis2, commcare or googlesheets.{}",
                hint(best)
            ),
            fix,
        );
        None
    }
}

//! The checks of records, kept records and mappings, across the workspace:
//! a record's fields may name records of other files, a tool in one file
//! keeps a record of another, and a flow maps between tools and records
//! declared anywhere. Run on demand for one file, from the workspace's
//! indexes (hash lookups, no parsing).

use flowspec_syntax::Span;
use flowspec_syntax::ast::Name;

use super::table::FieldView as View;
use super::{
    FieldInfo, FieldType, Format, KeptRecord, MappingLine, MappingSource, RecordInfo, RecordMove,
    TYPES,
};
use crate::diagnostic::{Code, Diagnostic, Fix};
use crate::model::{DeclInfo, FlowInfo};
use crate::schema::ToolKind;
use crate::suggest::{did_you_mean, hint};
use crate::{FileData, FileId, Resolution, Workspace};
use flowspec_syntax::prose::join_and;

/// `"ETH" is not a code of `country` in `dhis2``, with the nearest code as
/// a fix.
fn not_a_code(
    span: Span,
    code: &str,
    field: &FieldInfo,
    codes: &[String],
    tool: &str,
) -> Diagnostic {
    let best = did_you_mean(code, codes.iter().map(String::as_str));
    let mut d = Diagnostic::new(
        Code::TypeMismatch,
        span,
        format!(
            "\"{code}\" is not a code of `{}` in `{tool}`: its codes are {}.{}",
            field.name.text,
            codes.join(", "),
            hint(best)
        ),
    );
    if let Some(best) = best {
        d.fixes.push(Fix::replace(
            span,
            flowspec_syntax::lexer::quote(best),
            format!("Change to \"{best}\""),
        ));
    }
    d
}

/// Every record diagnostic of one file.
pub(crate) fn record_diagnostics(
    ws: &Workspace,
    id: FileId,
    file: &FileData,
    out: &mut Vec<Diagnostic>,
) {
    for record in &file.model.records {
        declared_record(ws, id, record, out);
    }
    for decl in &file.model.decls {
        for kept in &decl.keeps {
            kept_record(ws, id, decl, kept, out);
        }
        for sample in &decl.samples {
            super::sample::check(ws, decl, sample, out);
        }
    }
    for flow in &file.model.flows {
        if !flow.records.is_empty() {
            Mapping { ws, flow, out }.check();
        }
    }
}

fn declared_record(ws: &Workspace, id: FileId, record: &RecordInfo, out: &mut Vec<Diagnostic>) {
    let name = record.name.text.as_str();
    let all = ws.records_named(name);
    if all.len() > 1 {
        let mut d = Diagnostic::new(
            Code::DuplicateDeclaration,
            record.name.span,
            format!(
                "record `{name}` is declared {} times; record names are unique across the workspace, so keep one",
                all.len()
            ),
        );
        for (file, other) in all {
            if !(file == id && other.name.span == record.name.span) {
                d = d.with_related(
                    file,
                    other.name.span,
                    format!("record `{name}` is also declared here"),
                );
            }
        }
        out.push(d);
    }
    for field in &record.fields {
        if let FieldType::Record(target) = &field.ty
            && ws.record(&target.text).is_none()
        {
            let candidates: Vec<&str> = TYPES.iter().copied().chain(ws.record_names()).collect();
            let best = did_you_mean(&target.text, candidates);
            let mut d = Diagnostic::new(
                Code::UnknownReference,
                target.span,
                format!(
                    "`{}` is not a type nor a record: a field's type is text, integer, number, boolean, date, datetime, choice, or the name of a record declared in the workspace.{}",
                    target.text,
                    hint(best)
                ),
            );
            if let Some(best) = best {
                d.fixes.push(Fix::replace(
                    target.span,
                    best,
                    format!("Change to `{best}`"),
                ));
            }
            out.push(d);
        }
    }
}

fn unknown_record(ws: &Workspace, name: &Name, what: &str) -> Diagnostic {
    let best = did_you_mean(&name.text, ws.record_names());
    let mut d = Diagnostic::new(
        Code::UnknownReference,
        name.span,
        format!(
            "`{}` names no record: {what}, declare it with `record {} {{ … }}`.{}",
            name.text,
            name.text,
            hint(best)
        ),
    );
    if let Some(best) = best {
        d.fixes
            .push(Fix::replace(name.span, best, format!("Change to `{best}`")));
    }
    d
}

pub(super) fn unknown_field(record: &RecordInfo, name: &Name, message: String) -> Diagnostic {
    let best = did_you_mean(&name.text, record.field_names());
    let mut d = Diagnostic::new(
        Code::UnknownField,
        name.span,
        format!("{message}.{}", hint(best)),
    );
    if let Some(best) = best {
        d.fixes
            .push(Fix::replace(name.span, best, format!("Change to `{best}`")));
    }
    d
}

fn kept_record(
    ws: &Workspace,
    id: FileId,
    decl: &DeclInfo,
    kept: &KeptRecord,
    out: &mut Vec<Diagnostic>,
) {
    let tool = decl.name.text.as_str();
    let Some((_, record)) = ws.record(&kept.record.text) else {
        out.push(unknown_record(
            ws,
            &kept.record,
            "a tool keeps records declared in the workspace",
        ));
        return;
    };
    for field in &kept.fields {
        let Some(defined) = record.field(&field.name.text) else {
            out.push(unknown_field(
                record,
                &field.name,
                format!(
                    "record `{}` has no field `{}`",
                    record.name.text, field.name.text
                ),
            ));
            continue;
        };
        if field.codes.is_some() && defined.ty.codes().is_none() {
            out.push(Diagnostic::new(
                Code::TypeMismatch,
                field.span,
                format!(
                    "`{}` is {} in record `{}`, not a choice: only a choice has codes",
                    field.name.text,
                    defined.ty.describe(),
                    record.name.text
                ),
            ));
        }
    }
    if kept.owns {
        let owners = ws.owners(&kept.record.text);
        if owners.len() > 1 {
            let others: Vec<String> = owners
                .iter()
                .filter(|(_, d, _)| d.name.text != tool)
                .map(|(_, d, _)| format!("`{}`", d.name.text))
                .collect();
            let mut d = Diagnostic::new(
                Code::DuplicateOwner,
                kept.record.span,
                format!(
                    "`{}` has {} systems of record: `{tool}` and {} both own it. Decide which system's copy wins when they disagree, and make the others `keeps`",
                    kept.record.text,
                    owners.len(),
                    join_and(&others)
                ),
            );
            for (file, _, other) in owners {
                if !(file == id && other.record.span == kept.record.span) {
                    d = d.with_related(
                        file,
                        other.record.span,
                        format!("`{}` is also owned here", kept.record.text),
                    );
                }
            }
            out.push(d);
        }
    }
}

/// A chain step as the checks see it.
struct Step<'a> {
    name: &'a Name,
    decl: Option<&'a DeclInfo>,
    kind: Option<ToolKind>,
}

impl<'a> Step<'a> {
    fn of(ws: &'a Workspace, name: &'a Name) -> Step<'a> {
        let (decl, kind) = match ws.resolve(&name.text) {
            Resolution::Declared { decl, catalog, .. } => {
                (Some(decl), decl.tool_kind.or(catalog.map(|c| c.kind)))
            }
            Resolution::Catalog(entry) => (None, Some(entry.kind)),
            Resolution::Unknown => (None, None),
        };
        Step { name, decl, kind }
    }

    fn kept(&self, record: &str) -> Option<&'a KeptRecord> {
        self.decl?.kept(record)
    }
}

struct Mapping<'a, 'o> {
    ws: &'a Workspace,
    flow: &'a FlowInfo,
    out: &'o mut Vec<Diagnostic>,
}

impl<'a> Mapping<'a, '_> {
    fn check(&mut self) {
        let (Some(first), Some(last)) = (self.flow.steps.first(), self.flow.steps.last()) else {
            return;
        };
        let source = Step::of(self.ws, first);
        let target = Step::of(self.ws, last);
        let mut targets: Vec<&RecordInfo> = Vec::new();
        for mv in &self.flow.records {
            let src = self.ws.record(&mv.source.text).map(|(_, r)| r);
            let tgt = self.ws.record(&mv.target.text).map(|(_, r)| r);
            if src.is_none() {
                self.out.push(unknown_record(
                    self.ws,
                    &mv.source,
                    "write what moves in quotes (`data: \"visit forms\"`), or",
                ));
            }
            if tgt.is_none() && mv.target.span != mv.source.span {
                self.out.push(unknown_record(
                    self.ws,
                    &mv.target,
                    "write what moves in quotes (`data: \"visit forms\"`), or",
                ));
            }
            let (Some(src), Some(tgt)) = (src, tgt) else {
                continue;
            };
            targets.push(tgt);
            self.one_move(mv, src, tgt, &source, &target);
        }
        if targets.len() == self.flow.records.len() {
            self.lines_without_a_field(&targets, &target);
        }
    }

    fn one_move(
        &mut self,
        mv: &RecordMove,
        src: &'a RecordInfo,
        tgt: &'a RecordInfo,
        source: &Step<'a>,
        target: &Step<'a>,
    ) {
        let src_kept = source.kept(&src.name.text);
        let tgt_kept = target.kept(&tgt.name.text);
        let (from, to) = (source.name.text.as_str(), target.name.text.as_str());
        let between_systems = from != to;
        if between_systems && tgt.identifiers().next().is_none() {
            self.out.push(Diagnostic::new(
                Code::NoIdentifier,
                mv.target.span,
                format!(
                    "record `{}` has no identifier: when this flow runs again, `{to}` cannot tell a record it already holds from a new one, so a re-run makes duplicates. Mark the field that identifies one, such as `{}_id: text identifier`",
                    tgt.name.text, tgt.name.text
                ),
            ));
        }
        let mut personal: Vec<&str> = Vec::new();
        for field in &tgt.fields {
            let tv = View::of(field, tgt_kept);
            let line = self
                .flow
                .mapping
                .iter()
                .find(|l| l.field.text == field.name.text);
            if tv.absent() {
                if let Some(line) = line {
                    self.out.push(Diagnostic::new(
                        Code::UnknownField,
                        line.field.span,
                        format!("`{to}` does not keep field `{}` of `{}` (its `keeps` says `{}: none`): nothing can be mapped to it", field.name.text, tgt.name.text, field.name.text),
                    ));
                }
                continue;
            }
            let received = match line {
                None => self.implicit(mv, src, field, tv, src_kept, from, to),
                Some(line) => self.explicit(line, src, field, tv, src_kept, from, to),
            };
            if received && field.personal {
                personal.push(field.name.text.as_str());
            }
        }
        // Personal data through the steps in between (the source's
        // records as they are) and into the target.
        let src_personal: Vec<&str> = src
            .fields
            .iter()
            .filter(|f| f.personal && !View::of(f, src_kept).absent())
            .map(|f| f.name.text.as_str())
            .collect();
        let steps = &self.flow.steps;
        for (i, step) in steps.iter().enumerate().skip(1) {
            let fields = if i + 1 == steps.len() {
                &personal
            } else {
                &src_personal
            };
            if fields.is_empty() {
                continue;
            }
            let kind = Step::of(self.ws, step).kind;
            let what = match kind {
                Some(ToolKind::Analytics) => "an analytics tool",
                Some(ToolKind::Spreadsheet) => "a spreadsheet",
                Some(ToolKind::Messaging) => "a messaging tool",
                _ => continue,
            };
            let record = if i + 1 == steps.len() {
                &tgt.name.text
            } else {
                &src.name.text
            };
            let fields: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
            self.out.push(Diagnostic::new(
                Code::PersonalData,
                step.span,
                format!(
                    "personal data reaches `{}`, {what}: {} of `{record}`. Who can see it there, and does it need to? Leave those fields out, or mask them",
                    step.text,
                    join_and(&fields)
                ),
            ));
        }
    }

    /// A target field no line maps: it comes from the source field of the
    /// same name, if the source has one. Returns whether it gets a value.
    #[allow(clippy::too_many_arguments)]
    fn implicit(
        &mut self,
        mv: &RecordMove,
        src: &'a RecordInfo,
        field: &'a FieldInfo,
        tv: View<'a>,
        src_kept: Option<&'a KeptRecord>,
        from: &str,
        to: &str,
    ) -> bool {
        let sv = src.field(&field.name.text).map(|f| View::of(f, src_kept));
        let Some(sv) = sv.filter(|v| !v.absent()) else {
            if field.required || field.identifier {
                let why = if field.identifier {
                    "identifier"
                } else {
                    "required"
                };
                let missing = match src.field(&field.name.text) {
                    Some(_) => format!("`{from}` does not keep it"),
                    None => format!("record `{}` has no field of that name", src.name.text),
                };
                self.out.push(Diagnostic::new(
                    Code::UnmappedField,
                    mv.target.span,
                    format!(
                        "nothing maps the {why} field `{}` of `{}` into `{to}`: {missing}. Say where it comes from in the transform block: `{}: source_field`, `const \"…\"` or a rule in words",
                        field.name.text, mv.target.text, field.name.text
                    ),
                ));
            }
            return false;
        };
        let span = mv.target.span;
        if !sv.field.ty.fits(&field.ty) {
            self.type_mismatch(span, sv.field, field, from, to);
        } else if let (Some(a), Some(b)) = (sv.codes(), tv.codes()) {
            self.codes_differ(span, field, a, b, from, to);
        } else {
            self.formats_differ(span, field, sv.format(), tv.format(), from, to);
        }
        true
    }

    #[allow(clippy::too_many_arguments)]
    fn explicit(
        &mut self,
        line: &'a MappingLine,
        src: &'a RecordInfo,
        field: &'a FieldInfo,
        tv: View<'a>,
        src_kept: Option<&'a KeptRecord>,
        from: &str,
        to: &str,
    ) -> bool {
        match &line.source {
            MappingSource::Field {
                from: named,
                convert,
                codes,
            } => {
                let name = named.as_ref().unwrap_or(&line.field);
                let Some(sf) = src.field(&name.text) else {
                    let message = match named {
                        Some(_) => format!(
                            "record `{}` has no field `{}` to map from",
                            src.name.text, name.text
                        ),
                        None => format!(
                            "record `{}` has no field `{}`: name the source field, `{}: source_field …`",
                            src.name.text, name.text, name.text
                        ),
                    };
                    self.out.push(unknown_field(src, name, message));
                    return true;
                };
                let sv = View::of(sf, src_kept);
                if sv.absent() {
                    self.out.push(Diagnostic::new(
                        Code::UnknownField,
                        name.span,
                        format!("`{from}` does not keep field `{}` of `{}` (its `keeps` says `{}: none`)", name.text, src.name.text, name.text),
                    ));
                    return true;
                }
                if codes.is_none() && !sf.ty.fits(&field.ty) {
                    self.type_mismatch(line.value, sf, field, from, to);
                    return true;
                }
                if let Some(c) = convert {
                    if let Some(kept) = sv.format()
                        && !c.from.same(kept)
                    {
                        self.out.push(Diagnostic::new(
                            Code::FormatMismatch,
                            c.from_span,
                            format!("this converts `{}` from {}, but `{from}` keeps it as {kept}: write `\"{kept}\" -> \"{}\"`", name.text, c.from, c.to),
                        ));
                    }
                    if let Some(kept) = tv.format()
                        && !c.to.same(kept)
                    {
                        let example = c
                            .from
                            .worked_example(&c.to)
                            .map(|e| {
                                format!(
                                    " ({e}, where `{to}` expects {})",
                                    kept.example().unwrap_or_else(|| kept.to_string())
                                )
                            })
                            .unwrap_or_default();
                        self.out.push(Diagnostic::new(
                            Code::FormatMismatch,
                            c.to_span,
                            format!("this converts `{}` to {}, but `{to}` keeps it as {kept}{example}: write `\"{}\" -> \"{kept}\"`", field.name.text, c.to, c.from),
                        ));
                    }
                } else if let Some(map) = codes {
                    if let Some(source_codes) = sv.codes() {
                        let missing: Vec<String> = source_codes
                            .iter()
                            .filter(|c| !map.pairs.iter().any(|p| &p.from == *c))
                            .map(|c| format!("\"{c}\""))
                            .collect();
                        if !missing.is_empty() {
                            self.out.push(Diagnostic::new(
                                Code::UnmappedCode,
                                map.span,
                                format!(
                                    "this code list leaves {} of `{from}`'s `{}` unmapped: a record with {} arrives with no `{}`. Map {}",
                                    join_and(&missing),
                                    name.text,
                                    if missing.len() == 1 { "that code" } else { "one of those codes" },
                                    field.name.text,
                                    if missing.len() == 1 { "it" } else { "each" }
                                ),
                            ));
                        }
                    }
                    if let Some(target_codes) = tv.codes() {
                        for pair in &map.pairs {
                            if !target_codes.contains(&pair.to) {
                                self.out.push(not_a_code(
                                    pair.to_span,
                                    &pair.to,
                                    field,
                                    target_codes,
                                    to,
                                ));
                            }
                        }
                    } else if field.ty.codes().is_none()
                        && !matches!(field.ty, FieldType::Text | FieldType::Invalid)
                    {
                        self.type_mismatch(map.span, sf, field, from, to);
                    }
                } else if let (Some(a), Some(b)) = (sv.codes(), tv.codes()) {
                    self.codes_differ(line.value, field, a, b, from, to);
                } else {
                    self.formats_differ(line.value, field, sv.format(), tv.format(), from, to);
                }
            }
            MappingSource::Constant { value, span } => {
                if let Some(codes) = tv.codes() {
                    if !codes.contains(value) {
                        self.out.push(not_a_code(*span, value, field, codes, to));
                    }
                } else {
                    let fits = match field.ty {
                        FieldType::Integer => value.replace('_', "").parse::<i64>().is_ok(),
                        FieldType::Number => value.replace('_', "").parse::<f64>().is_ok(),
                        FieldType::Boolean => matches!(value.as_str(), "true" | "false"),
                        _ => true,
                    };
                    if !fits {
                        self.out.push(Diagnostic::new(
                            Code::TypeMismatch,
                            *span,
                            format!(
                                "`{value}` is not {}, the type of `{}`",
                                field.ty.describe(),
                                field.name.text
                            ),
                        ));
                    }
                }
            }
            MappingSource::Lookup { .. }
            | MappingSource::Rule(_)
            | MappingSource::Aggregate { .. }
            | MappingSource::Invalid => {}
        }
        true
    }

    fn type_mismatch(
        &mut self,
        span: Span,
        from_field: &FieldInfo,
        to_field: &FieldInfo,
        from: &str,
        to: &str,
    ) {
        self.out.push(Diagnostic::new(
            Code::TypeMismatch,
            span,
            format!(
                "`{}` from `{from}` is {}, but `{}` in `{to}` is {}: {} does not go into {} as it is. Convert it with a rule in words (`{}: rule \"how\"`) or map its codes",
                from_field.name.text,
                from_field.ty.describe(),
                to_field.name.text,
                to_field.ty.describe(),
                from_field.ty.word(),
                to_field.ty.word(),
                to_field.name.text,
            ),
        ));
    }

    fn codes_differ(
        &mut self,
        span: Span,
        field: &FieldInfo,
        a: &[String],
        b: &[String],
        from: &str,
        to: &str,
    ) {
        if a.iter().all(|c| b.contains(c)) {
            return;
        }
        let example: Vec<String> = a
            .iter()
            .zip(b)
            .map(|(x, y)| format!("\"{x}\" -> \"{y}\""))
            .collect();
        self.out.push(Diagnostic::new(
            Code::FormatMismatch,
            span,
            format!(
                "`{}` has codes {} in `{from}` but {} in `{to}`, and nothing maps one to the other: add a code list, such as `{}: [{}]`",
                field.name.text,
                a.join(", "),
                b.join(", "),
                field.name.text,
                example.join(", ")
            ),
        ));
    }

    fn formats_differ(
        &mut self,
        span: Span,
        field: &FieldInfo,
        a: Option<&Format>,
        b: Option<&Format>,
        from: &str,
        to: &str,
    ) {
        let (Some(a), Some(b)) = (a, b) else { return };
        if a.same(b) {
            return;
        }
        let example = match (a.example(), b.example()) {
            (Some(x), Some(y)) => format!(" ({x} would arrive where {y} is expected)"),
            _ => String::new(),
        };
        self.out.push(Diagnostic::new(
            Code::FormatMismatch,
            span,
            format!(
                "`{}` is kept as {a} in `{from}` but as {b} in `{to}`, and no mapping converts it{example}: add `{}: \"{a}\" -> \"{b}\"` to this flow's transform block",
                field.name.text, field.name.text
            ),
        ));
    }

    /// Lines whose key is no field of any target record. A line that says a
    /// rule in words stays a free note when `data:` also describes data in
    /// words (as before records existed).
    fn lines_without_a_field(&mut self, targets: &[&RecordInfo], target: &Step<'a>) {
        for line in &self.flow.mapping {
            let key = line.field.text.as_str();
            if targets.iter().any(|r| r.field(key).is_some()) {
                continue;
            }
            if self.flow.data_has_text && matches!(line.source, MappingSource::Rule(_)) {
                continue;
            }
            let names: Vec<&str> = targets.iter().map(|r| r.name.text.as_str()).collect();
            let record = targets[0];
            self.out.push(unknown_field(
                record,
                &line.field,
                format!(
                    "`{key}` is not a field of {} (what `{}` receives): a mapping line's key is a field of the target record",
                    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(" or "),
                    target.name.text
                ),
            ));
        }
    }
}

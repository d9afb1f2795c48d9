//! Lowering: from one file's syntax tree to its [`FileModel`], with every
//! check that needs only that file. Each item is lowered on its own, so an
//! error in one item never changes what is said about another.

mod decl;
mod discovery;
mod flow;
mod mapping;
mod record;
mod sample;
mod shift;
mod value;

use std::borrow::Cow;

use flowspec_syntax::ast::{Atoms, Item, ItemKind, Property, PropertyValue, SourceFile, Value};
use flowspec_syntax::line_index::line_breaks;
use flowspec_syntax::{Span, SyntaxError};

use crate::FileId;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{DeclInfo, DeclKind, FileModel, FlowInfo};
use crate::records::RecordInfo;
use crate::schema::ItemType;
use shift::Moved;

/// Builds the model of one file.
pub fn lower(file_id: FileId, text: &str, tree: &SourceFile) -> FileModel {
    lower_reusing(file_id, text, tree, None)
}

/// The previous version of a file, for [`lower_edited`]: what lowering
/// needs of its tree (taken before the parse moves its items away), and
/// its model, borrowed (copied from) or owned (moved from).
pub struct Previous<'a> {
    /// Each old item's span.
    items: Vec<Span>,
    /// The old tree's syntax errors, in source order.
    errors: Vec<SyntaxError>,
    model: Cow<'a, FileModel>,
}

impl<'a> Previous<'a> {
    /// What lowering needs of `tree` (its syntax errors are taken: the
    /// parse that reuses the tree finds them afresh).
    pub fn of(tree: &mut SourceFile, model: Cow<'a, FileModel>) -> Previous<'a> {
        Previous {
            items: tree.items.iter().map(|i| i.span).collect(),
            errors: std::mem::take(&mut tree.errors),
            model,
        }
    }

    /// The same of a tree that stays as it is.
    pub fn borrowing(tree: &SourceFile, model: &'a FileModel) -> Previous<'a> {
        Previous {
            items: tree.items.iter().map(|i| i.span).collect(),
            errors: tree.errors.clone(),
            model: Cow::Borrowed(model),
        }
    }
}

/// Builds the model of a file after an edit: an item the parse reused (the
/// same text, moved) with the same doc comment and the same syntax errors
/// is not lowered again; what was found of it before is moved to its new
/// place. Equals [`lower`] of the same tree.
/// `origins` tells, for each item of `tree`, the item of the previous
/// version it was reused from (`flowspec_syntax::reparse_with_origins`).
pub fn lower_edited(
    file_id: FileId,
    text: &str,
    tree: &SourceFile,
    previous: Previous<'_>,
    origins: &[Option<u32>],
) -> FileModel {
    lower_reusing(file_id, text, tree, Some((previous, origins)))
}

/// Marks a diagnostic that no item's lowering found (the parser's).
const NO_ITEM: u32 = u32::MAX;

fn lower_reusing(
    file_id: FileId,
    text: &str,
    tree: &SourceFile,
    previous: Option<(Previous<'_>, &[Option<u32>])>,
) -> FileModel {
    // In source order (the parser sorts them).
    let syntax: Vec<Diagnostic> = tree
        .errors
        .iter()
        .map(|e| Diagnostic::new(Code::Syntax, e.span, e.message.clone()))
        .collect();
    let mut old = previous.map(|(previous, origins)| OldItems::new(previous, origins));
    let mut model = FileModel::default();
    // Sized exactly, not grown by pushing: a version keeps these lists as
    // long as it lives.
    let (mut decls, mut flows, mut records) = (0, 0, 0);
    for item in &tree.items {
        match item.kind {
            ItemKind::Tool(_) | ItemKind::Role(_) => decls += 1,
            ItemKind::Flow(_) => flows += 1,
            ItemKind::Record(_) => records += 1,
            ItemKind::Error => {}
        }
    }
    model.decls.reserve_exact(decls);
    model.flows.reserve_exact(flows);
    model.records.reserve_exact(records);
    // About as many as the version before found.
    let mut found: Vec<(Diagnostic, u32)> = Vec::with_capacity(
        syntax.len()
            + old
                .as_ref()
                .map_or(0, |o| o.previous.model.diagnostics.len()),
    );
    found.extend(syntax.iter().map(|d| (d.clone(), NO_ITEM)));
    for (index, item) in tree.items.iter().enumerate() {
        if let Some(old) = &mut old
            && let Some((o, delta)) = old.reusable(index, item, &tree.errors)
        {
            old.copy(o, delta, index, &mut model, &mut found);
            continue;
        }
        let mut cx = Lowerer {
            file_id,
            text,
            syntax: &syntax,
            diagnostics: Vec::new(),
        };
        let doc = item.doc.as_ref().map(|d| d.text.clone());
        // Each kept as a copy: lowering builds its lists by pushing, and a
        // copy holds no spare room (on gen.py's ws1000, 4.6 MiB of the
        // models' 20). An edit lowers only the items it touched.
        match &item.kind {
            ItemKind::Tool(d) => {
                let decl = cx.decl(DeclKind::Tool, d, index, item.span, doc);
                model.decls.push(decl.clone())
            }
            ItemKind::Role(d) => {
                let decl = cx.decl(DeclKind::Role, d, index, item.span, doc);
                model.decls.push(decl.clone())
            }
            ItemKind::Flow(f) => {
                let flow = cx.flow(f, index, item.span, doc);
                model.flows.push(flow.clone())
            }
            ItemKind::Record(d) => {
                let record = cx.record(d, index, item.span, doc);
                model.records.push(record.clone())
            }
            ItemKind::Error => {}
        }
        found.extend(cx.diagnostics.into_iter().map(|mut d| {
            d.message.shrink_to_fit();
            d.fixes.shrink_to_fit();
            (d, index as u32)
        }));
    }
    // Stable: the order found breaks ties, as it always did.
    found.sort_by_key(|(d, _)| (d.span.start, d.span.end, d.code));
    (model.diagnostics, model.diagnostic_items) = found.into_iter().unzip();
    model
}

/// What was lowered of each item of the previous version.
struct OldItems<'a> {
    previous: Previous<'a>,
    origins: &'a [Option<u32>],
    /// Per old item: where its declaration, flow or record is.
    slots: Vec<Slot>,
    /// Per old item, the diagnostics its lowering found.
    diagnostics: PerItem,
    /// An owned old model's parts, each taken once (items are reused in
    /// order, each at most once).
    taken: Option<Taken>,
}

/// Per item, the indices of the diagnostics its lowering found, in the
/// order found: one list cut at each item (a list per item would be an
/// allocation per item on every edit).
struct PerItem {
    /// Item `i`'s are `found[starts[i]..starts[i + 1]]`.
    starts: Vec<u32>,
    found: Vec<u32>,
}

impl PerItem {
    /// From each diagnostic's item (or [`NO_ITEM`]), for `count` items.
    fn of(count: usize, items: &[u32]) -> PerItem {
        let mut starts = vec![0u32; count + 1];
        for &item in items.iter().filter(|&&i| i != NO_ITEM) {
            starts[item as usize + 1] += 1;
        }
        for i in 0..count {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut found = vec![0u32; starts[count] as usize];
        for (d, &item) in items.iter().enumerate().filter(|(_, i)| **i != NO_ITEM) {
            let at = &mut next[item as usize];
            found[*at as usize] = d as u32;
            *at += 1;
        }
        PerItem { starts, found }
    }

    fn get(&self, item: usize) -> &[u32] {
        &self.found[self.starts[item] as usize..self.starts[item + 1] as usize]
    }
}

struct Taken {
    decls: Vec<Option<DeclInfo>>,
    flows: Vec<Option<FlowInfo>>,
    records: Vec<Option<RecordInfo>>,
    diagnostics: Vec<Option<Diagnostic>>,
}

#[derive(Clone, Copy)]
enum Slot {
    None,
    Decl(usize),
    Flow(usize),
    Record(usize),
}

impl<'a> OldItems<'a> {
    fn new(mut previous: Previous<'a>, origins: &'a [Option<u32>]) -> OldItems<'a> {
        let count = previous.items.len();
        let model = &previous.model;
        let mut slots = vec![Slot::None; count];
        for (i, d) in model.decls.iter().enumerate() {
            slots[d.item] = Slot::Decl(i);
        }
        for (i, f) in model.flows.iter().enumerate() {
            slots[f.item] = Slot::Flow(i);
        }
        for (i, r) in model.records.iter().enumerate() {
            slots[r.item] = Slot::Record(i);
        }
        let diagnostics = PerItem::of(count, &model.diagnostic_items);
        let taken = match &mut previous.model {
            Cow::Borrowed(_) => None,
            Cow::Owned(model) => {
                fn some<T>(v: &mut Vec<T>) -> Vec<Option<T>> {
                    std::mem::take(v).into_iter().map(Some).collect()
                }
                Some(Taken {
                    decls: some(&mut model.decls),
                    flows: some(&mut model.flows),
                    records: some(&mut model.records),
                    diagnostics: some(&mut model.diagnostics),
                })
            }
        };
        OldItems {
            previous,
            origins,
            slots,
            diagnostics,
            taken,
        }
    }

    /// The old item that new item `index` can take its lowering from, and
    /// how far it moved.
    fn reusable(&self, index: usize, item: &Item, errors: &[SyntaxError]) -> Option<(usize, i64)> {
        let o = (*self.origins.get(index)?)? as usize;
        let old_span = self.previous.items.get(o)?;
        let delta = i64::from(item.span.start) - i64::from(old_span.start);
        if !self.same_doc(o, item.doc.as_ref().map(|d| d.text.as_str())) {
            return None;
        }
        // The checks skip what a syntax error already explains.
        let mut now = errors_within(errors, item.span);
        let mut before = errors_within(&self.previous.errors, *old_span);
        loop {
            match (now.next(), before.next()) {
                (None, None) => return Some((o, delta)),
                (Some((a, am)), Some((mut b, bm))) => {
                    b.moved(delta);
                    if a != b || am != bm {
                        return None;
                    }
                }
                _ => return None,
            }
        }
    }

    /// Whether old item `o` was lowered with the doc comment `doc` (what
    /// its lowering kept of it; an item lowered to nothing kept none).
    fn same_doc(&self, o: usize, doc: Option<&str>) -> bool {
        fn of<'t, T>(taken: Option<&'t Vec<Option<T>>>, old: &'t [T], i: usize) -> Option<&'t T> {
            match taken {
                Some(taken) => taken.get(i)?.as_ref(),
                None => old.get(i),
            }
        }
        let old = &*self.previous.model;
        let taken = self.taken.as_ref();
        let kept = match self.slots[o] {
            Slot::None => return true,
            Slot::Decl(i) => of(taken.map(|t| &t.decls), &old.decls, i).map(|d| &d.doc),
            Slot::Flow(i) => of(taken.map(|t| &t.flows), &old.flows, i).map(|f| &f.doc),
            Slot::Record(i) => of(taken.map(|t| &t.records), &old.records, i).map(|r| &r.doc),
        };
        kept.is_some_and(|kept| kept.as_deref() == doc)
    }

    /// Moves what was lowered of old item `o` by `delta` into `model`, as
    /// new item `index`: copied from a borrowed model, moved from an owned
    /// one.
    fn copy(
        &mut self,
        o: usize,
        delta: i64,
        index: usize,
        model: &mut FileModel,
        found: &mut Vec<(Diagnostic, u32)>,
    ) {
        fn get<T: Clone>(taken: Option<&mut Vec<Option<T>>>, old: &[T], i: usize) -> T {
            match taken {
                Some(taken) => taken[i].take().expect("each old item is reused once"),
                None => old[i].clone(),
            }
        }
        let old = &*self.previous.model;
        let taken = self.taken.as_mut();
        match self.slots[o] {
            Slot::None => {}
            Slot::Decl(i) => {
                let mut decl = get(taken.map(|t| &mut t.decls), &old.decls, i);
                decl.moved(delta);
                decl.item = index;
                model.decls.push(decl);
            }
            Slot::Flow(i) => {
                let mut flow = get(taken.map(|t| &mut t.flows), &old.flows, i);
                flow.moved(delta);
                flow.item = index;
                model.flows.push(flow);
            }
            Slot::Record(i) => {
                let mut record = get(taken.map(|t| &mut t.records), &old.records, i);
                record.moved(delta);
                record.item = index;
                model.records.push(record);
            }
        }
        for &d in self.diagnostics.get(o) {
            let taken = self.taken.as_mut().map(|t| &mut t.diagnostics);
            let mut diagnostic = get(taken, &old.diagnostics, d as usize);
            diagnostic.moved(delta);
            found.push((diagnostic, index as u32));
        }
    }
}

/// The syntax errors inside `span` (`errors` in source order).
fn errors_within(errors: &[SyntaxError], span: Span) -> impl Iterator<Item = (Span, &String)> {
    let from = errors.partition_point(|e| e.span.start < span.start);
    errors[from..]
        .iter()
        .take_while(move |e| e.span.start <= span.end)
        .filter(move |e| e.span.end <= span.end)
        .map(|e| (e.span, &e.message))
}

/// Lowers one item.
struct Lowerer<'a> {
    file_id: FileId,
    text: &'a str,
    /// The file's syntax errors, in source order.
    syntax: &'a [Diagnostic],
    /// What this item's lowering found.
    diagnostics: Vec<Diagnostic>,
}

impl Lowerer<'_> {
    fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Whether a syntax error lies inside `span`.
    fn has_syntax_error(&self, span: Span) -> bool {
        let from = self.syntax.partition_point(|d| d.span.start < span.start);
        self.syntax[from..]
            .iter()
            .take_while(|d| d.span.start <= span.end)
            .chain(&self.diagnostics)
            .any(|d| d.code == Code::Syntax && span.contains_span(d.span))
    }

    /// Newlines do not end values, so `kind: mis` followed by a line
    /// `owner "MoH"` (its colon forgotten) reads as one value `mis owner
    /// "MoH"`. When a value holds the name of a property this item takes,
    /// at the start of a new line or followed by more words, a colon is
    /// missing there: report it, and keep only what comes before as the
    /// value. (No value of these keys is ever such a name.)
    fn split_missing_colon<'p>(
        &mut self,
        item_type: ItemType,
        prop: &'p Property,
    ) -> Cow<'p, PropertyValue> {
        let PropertyValue::Value(Value::Atoms(atoms)) = &prop.value else {
            return Cow::Borrowed(&prop.value);
        };
        let list = &atoms.atoms;
        let split = (1..list.len()).find(|&k| {
            let gap = &self.text[list[k - 1].span.end as usize..list[k].span.start as usize];
            let is_key = list[k]
                .kind
                .as_ident()
                .is_some_and(|key| item_type.property(key).is_some());
            is_key && (line_breaks(gap) > 0 || k + 1 < list.len())
        });
        let Some(k) = split else {
            return Cow::Borrowed(&prop.value);
        };
        let key = list[k].kind.as_ident().unwrap_or_default();
        self.report(Diagnostic::new(
            Code::Syntax,
            list[k].span,
            format!(
                "expected `:` after `{key}`: without it, `{key}` is read as part of the value of `{}`",
                prop.key.text
            ),
        ));
        let kept = list[..k].to_vec();
        let span = kept[0].span.cover(kept[k - 1].span);
        Cow::Owned(PropertyValue::Value(Value::Atoms(Atoms {
            atoms: kept,
            mapping: None,
            span,
        })))
    }

    fn source(&self, span: Span) -> &str {
        &self.text[span.range()]
    }
}

#[cfg(test)]
mod tests {
    use crate::Workspace;

    /// A lowered file keeps no room its lists were given as they grew: the
    /// model's lists, a flow's steps and answers, a tool's kept records,
    /// the diagnostics' messages.
    #[test]
    fn a_lowered_model_holds_no_spare_room() {
        let text = "tool kobo \"Kobo\" {\n  kind: collection\n  keeps patient { d: \"DD/MM/YYYY\" }\n}\n\
                    record patient { d: date \"YYYY-MM-DD\" }\n\
                    flow visits: kobo -> excel -> dhis2 -> metabase monthly batch {\n  \
                    data: [\"visits\", \"referrals\", \"lab results\"]\n}\n\
                    commcare -> excel -> dhis2 weekly batch\n";
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let model = &ws.file(id).unwrap().model;
        fn full<T>(v: &Vec<T>, what: &str) {
            assert_eq!(v.capacity(), v.len(), "{what} holds spare room");
        }
        full(&model.decls, "the declarations");
        full(&model.flows, "the flows");
        full(&model.records, "the records");
        assert_eq!(model.flows.len(), 2);
        for flow in &model.flows {
            full(&flow.steps, "a flow's steps");
            assert!(flow.display_name.capacity() == flow.display_name.len());
            if let Some(data) = flow.answers.data() {
                assert_eq!(data.len(), 3);
            }
        }
        let data = model.flows[0].answers.data.as_ref().unwrap();
        if let crate::model::AnswerState::Known(items) = &data.state {
            full(items, "a flow's data");
        }
        full(&model.decls[0].keeps, "a tool's kept records");
        assert!(!model.diagnostics.is_empty());
        for d in &model.diagnostics {
            assert_eq!(d.message.capacity(), d.message.len(), "{}", d.message);
        }
    }
}

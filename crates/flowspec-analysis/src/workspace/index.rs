//! The index of names across files, and how one file's change patches it.

use std::collections::BTreeSet;

// Names are hashed on every edit (a file's contribution is derived anew):
// Fx, not SipHash, which guards against flooding no name here can cause.
use rustc_hash::FxHashMap as HashMap;

use flowspec_syntax::SmolStr;

use super::FileId;
use crate::model::{DeclKind, FileModel};
use crate::records::{FieldType, KeptRecord, RecordInfo};

/// Names across all files.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// Declared tool and role names: where each is declared.
    pub(super) decls: HashMap<SmolStr, Vec<(FileId, usize)>>,
    /// Flow names: where each is declared.
    pub(super) flows: HashMap<SmolStr, Vec<(FileId, usize)>>,
    /// Names used as chain steps: how often, per file.
    pub(super) refs: HashMap<SmolStr, HashMap<FileId, u32>>,
    /// Record names: where each is declared.
    pub(super) records: HashMap<SmolStr, Vec<(FileId, usize)>>,
    /// Records kept (`keeps` / `owns`) by a tool: (file, declaration,
    /// kept record).
    pub(super) keepers: HashMap<SmolStr, Vec<(FileId, usize, usize)>>,
    /// Record names used (in `data:`, a field's type, a tool's `keeps`):
    /// how often, per file.
    pub(super) record_refs: HashMap<SmolStr, HashMap<FileId, u32>>,
}

/// The names one file contributes to the index.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Contribution {
    pub(super) decls: Vec<(SmolStr, DeclKind, usize)>,
    pub(super) flows: Vec<(SmolStr, usize)>,
    pub(super) refs: HashMap<SmolStr, u32>,
    /// Declared records, with a fingerprint of what they say.
    pub(super) records: Vec<(SmolStr, usize, u64)>,
    /// Kept records, with a fingerprint of how they are kept.
    kept: Vec<(SmolStr, u64)>,
    pub(super) keepers: Vec<(SmolStr, usize, usize)>,
    pub(super) record_refs: HashMap<SmolStr, u32>,
    /// The kind of each declared tool (the personal-data check reads it).
    pub(super) tool_kinds: Vec<(SmolStr, u8)>,
}

impl Contribution {
    pub(super) fn of(model: &FileModel) -> Contribution {
        let mut c = Contribution::default();
        for (i, d) in model.decls.iter().enumerate() {
            c.decls.push((d.name.text.clone(), d.kind, i));
            c.tool_kinds.push((
                d.name.text.clone(),
                d.tool_kind.map_or(u8::MAX, |k| k as u8),
            ));
            for (k, kept) in d.keeps.iter().enumerate() {
                let name = kept.record.text.clone();
                c.kept
                    .push((name.clone(), fingerprint(&(&d.name.text, kept_shape(kept)))));
                *c.record_refs.entry(name.clone()).or_default() += 1;
                c.keepers.push((name, i, k));
            }
            // Samples are checked against their record's fields.
            for sample in &d.samples {
                *c.record_refs.entry(sample.record.text.clone()).or_default() += 1;
            }
        }
        for (i, r) in model.records.iter().enumerate() {
            c.records
                .push((r.name.text.clone(), i, fingerprint(&record_shape(r))));
            for f in &r.fields {
                if let FieldType::Record(target) = &f.ty {
                    *c.record_refs.entry(target.text.clone()).or_default() += 1;
                }
            }
        }
        for (i, f) in model.flows.iter().enumerate() {
            if let Some(name) = &f.name {
                c.flows.push((name.text.clone(), i));
            }
            for step in &f.steps {
                *c.refs.entry(step.text.clone()).or_default() += 1;
            }
            for mv in &f.records {
                *c.record_refs.entry(mv.source.text.clone()).or_default() += 1;
                if mv.target.text != mv.source.text {
                    *c.record_refs.entry(mv.target.text.clone()).or_default() += 1;
                }
            }
        }
        c
    }

    /// What this file says about each record it declares or keeps: a
    /// change in it may change the diagnostics of every file using it.
    fn record_facts(&self) -> HashMap<&SmolStr, Vec<u64>> {
        let mut m: HashMap<&SmolStr, Vec<u64>> = HashMap::default();
        for (name, _, shape) in &self.records {
            m.entry(name).or_default().push(*shape);
        }
        for (name, shape) in &self.kept {
            m.entry(name).or_default().push(shape.wrapping_add(1));
        }
        for shapes in m.values_mut() {
            shapes.sort_unstable();
        }
        m
    }
}

fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(value)
}

/// A record's meaning without its positions.
fn record_shape(r: &RecordInfo) -> String {
    let mut s = format!("{}|{:?}|{:?}", r.name.text, r.display_name, r.doc);
    for f in &r.fields {
        s.push_str(&format!(
            "|{}:{}:{:?}:{:?}:{}{}{}:{:?}",
            f.name.text,
            f.ty.word(),
            f.ty.codes(),
            f.format.as_ref().map(|x| &x.canonical),
            f.identifier,
            f.required,
            f.personal,
            f.doc
        ));
    }
    s
}

/// How a tool keeps a record, without positions.
fn kept_shape(k: &KeptRecord) -> String {
    let mut s = format!("{}|{}", k.record.text, k.owns);
    for f in &k.fields {
        s.push_str(&format!(
            "|{}:{:?}:{:?}:{:?}:{}",
            f.name.text,
            f.native,
            f.format.as_ref().map(|x| &x.canonical),
            f.codes,
            f.absent
        ));
    }
    s
}

/// The names whose meaning a change of one file changed.
#[derive(Default)]
pub(super) struct Changed {
    /// Declared with other kinds, or declared or dropped.
    pub decl_names: BTreeSet<SmolStr>,
    /// Flows declared or dropped.
    pub flow_names: BTreeSet<SmolStr>,
    /// Records declared, kept or dropped, or saying something else.
    pub record_names: BTreeSet<SmolStr>,
    /// Tools whose kind changed.
    pub kinds_changed: BTreeSet<SmolStr>,
    /// Names this file started or stopped using as a step.
    pub used_names: BTreeSet<SmolStr>,
}

impl Changed {
    pub(super) fn between(old: &Contribution, new: &Contribution) -> Changed {
        // Names whose declarations, flows or use changed (multisets, in
        // linear time: a file may hold thousands of flows).
        fn decl_kinds(c: &Contribution) -> HashMap<&SmolStr, Vec<u8>> {
            let mut m: HashMap<&SmolStr, Vec<u8>> = HashMap::default();
            for (name, kind, _) in &c.decls {
                m.entry(name).or_default().push(*kind as u8);
            }
            for kinds in m.values_mut() {
                kinds.sort_unstable();
            }
            m
        }
        fn flow_counts(c: &Contribution) -> HashMap<&SmolStr, usize> {
            let mut m: HashMap<&SmolStr, usize> = HashMap::default();
            for (name, _) in &c.flows {
                *m.entry(name).or_default() += 1;
            }
            m
        }
        let (old_kinds, new_kinds) = (decl_kinds(old), decl_kinds(new));
        let decl_names: BTreeSet<SmolStr> = old_kinds
            .keys()
            .chain(new_kinds.keys())
            .filter(|n| old_kinds.get(*n) != new_kinds.get(*n))
            .map(|n| (*n).clone())
            .collect();
        let (old_flows, new_flows) = (flow_counts(old), flow_counts(new));
        let flow_names: BTreeSet<SmolStr> = old_flows
            .keys()
            .chain(new_flows.keys())
            .filter(|n| old_flows.get(*n) != new_flows.get(*n))
            .map(|n| (*n).clone())
            .collect();
        let (old_facts, new_facts) = (old.record_facts(), new.record_facts());
        let record_names: BTreeSet<SmolStr> = old_facts
            .keys()
            .chain(new_facts.keys())
            .filter(|n| old_facts.get(*n) != new_facts.get(*n))
            .map(|n| (*n).clone())
            .collect();
        let kinds_changed: BTreeSet<SmolStr> = {
            let (mut a, mut b) = (old.tool_kinds.clone(), new.tool_kinds.clone());
            a.sort();
            b.sort();
            if a == b {
                BTreeSet::new()
            } else {
                a.into_iter().chain(b).map(|(n, _)| n).collect()
            }
        };
        let used_names: BTreeSet<SmolStr> = old
            .refs
            .keys()
            .chain(new.refs.keys())
            .filter(|n| old.refs.contains_key(*n) != new.refs.contains_key(*n))
            .cloned()
            .collect();
        Changed {
            decl_names,
            flow_names,
            record_names,
            kinds_changed,
            used_names,
        }
    }
}

impl Index {
    /// Drops what file `id` contributed (`old`).
    pub(super) fn remove(&mut self, id: FileId, old: &Contribution) {
        for (name, _, _) in &old.decls {
            remove_file_entries(&mut self.decls, name, id);
        }
        for (name, _) in &old.flows {
            remove_file_entries(&mut self.flows, name, id);
        }
        for name in old.refs.keys() {
            if let Some(per_file) = self.refs.get_mut(name) {
                per_file.remove(&id);
                if per_file.is_empty() {
                    self.refs.remove(name);
                }
            }
        }
        for (name, _, _) in &old.records {
            remove_file_entries(&mut self.records, name, id);
        }
        for (name, _, _) in &old.keepers {
            if let Some(entries) = self.keepers.get_mut(name) {
                entries.retain(|(f, _, _)| *f != id);
                if entries.is_empty() {
                    self.keepers.remove(name);
                }
            }
        }
        for name in old.record_refs.keys() {
            if let Some(per_file) = self.record_refs.get_mut(name) {
                per_file.remove(&id);
                if per_file.is_empty() {
                    self.record_refs.remove(name);
                }
            }
        }
    }

    /// Adds what file `id` contributes now (`new`), keeping each name's
    /// entries in file order.
    pub(super) fn add(&mut self, id: FileId, new: &Contribution) {
        for (name, i, _) in &new.records {
            let entries = self.records.entry(name.clone()).or_default();
            entries.push((id, *i));
            entries.sort();
        }
        for (name, d, k) in &new.keepers {
            let entries = self.keepers.entry(name.clone()).or_default();
            entries.push((id, *d, *k));
            entries.sort();
        }
        for (name, count) in &new.record_refs {
            self.record_refs
                .entry(name.clone())
                .or_default()
                .insert(id, *count);
        }
        for (name, _, i) in &new.decls {
            insert_sorted(self.decls.entry(name.clone()).or_default(), (id, *i));
        }
        for (name, i) in &new.flows {
            insert_sorted(self.flows.entry(name.clone()).or_default(), (id, *i));
        }
        for (name, count) in &new.refs {
            self.refs
                .entry(name.clone())
                .or_default()
                .insert(id, *count);
        }
    }
}

/// Entries stay in (file, position) order whatever order files change in.
fn insert_sorted(entries: &mut Vec<(FileId, usize)>, entry: (FileId, usize)) {
    let at = entries.partition_point(|e| *e < entry);
    entries.insert(at, entry);
}

fn remove_file_entries(
    map: &mut HashMap<SmolStr, Vec<(FileId, usize)>>,
    name: &SmolStr,
    id: FileId,
) {
    if let Some(entries) = map.get_mut(name) {
        entries.retain(|(f, _)| *f != id);
        if entries.is_empty() {
            map.remove(name);
        }
    }
}

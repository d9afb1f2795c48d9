//! `timing`: what starts a flow.

use flowspec_syntax::ast::Atom;

use super::{Read, ident};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimingKind {
    /// Each event starts it.
    Realtime,
    /// A schedule starts it.
    Batch,
    /// A person starts it.
    Manual,
}

impl TimingKind {
    pub const ALL: [TimingKind; 3] = [TimingKind::Realtime, TimingKind::Batch, TimingKind::Manual];

    pub fn as_str(self) -> &'static str {
        match self {
            TimingKind::Realtime => "realtime",
            TimingKind::Batch => "batch",
            TimingKind::Manual => "manual",
        }
    }

    pub fn parse(s: &str) -> Option<TimingKind> {
        TimingKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn describe(self) -> &'static str {
        match self {
            TimingKind::Realtime => "each event starts it",
            TimingKind::Batch => "a schedule starts it",
            TimingKind::Manual => "a person starts it",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    pub kind: TimingKind,
    /// The string after the word, saying more.
    pub note: Option<String>,
}

/// `realtime | batch | manual [STRING]`.
pub fn read_timing(atoms: &[Atom]) -> Read<Timing> {
    let Some(kind) = ident(atoms, 0).and_then(TimingKind::parse) else {
        return Read::NoMatch;
    };
    match atoms.get(1).and_then(|a| a.kind.as_str()) {
        Some(note) => Read::Ok(
            Timing {
                kind,
                note: Some(note.to_string()),
            },
            2,
        ),
        None => Read::Ok(Timing { kind, note: None }, 1),
    }
}

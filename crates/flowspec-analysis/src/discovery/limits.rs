//! `limits`: a tool's rate and page limits, read from words such as
//! `100 per minute`, `10000 records/day` and `page 500`.

use flowspec_syntax::Span;
use flowspec_syntax::ast::{Atom, AtomKind};

use super::{Limits, RateLimit};
use crate::values::{Period, VolumeUnit};

/// Why a limit is not read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitsError {
    pub span: Span,
    pub message: String,
}

const FORMS: &str = "`100 per minute` (requests), `10000 records/day` or `page 500` (the most records one request sends or returns)";

/// The periods a rate limit is counted over.
pub const LIMIT_PERIODS: [Period; 5] = [
    Period::Minute,
    Period::Hour,
    Period::Day,
    Period::Week,
    Period::Month,
];

/// One group of atoms (a value, or one item of a list) into `limits`.
pub fn read_limits(atoms: &[Atom], limits: &mut Limits) -> Result<(), LimitsError> {
    let mut i = 0;
    while i < atoms.len() {
        let atom = &atoms[i];
        let err = |span: Span, message: String| Err(LimitsError { span, message });
        match &atom.kind {
            AtomKind::Ident(w) if w == "page" => {
                let Some(n) = number(atoms.get(i + 1)) else {
                    return err(
                        atom.span,
                        "`page` takes the most records one request returns: `page 500`".into(),
                    );
                };
                if limits.page.is_some() {
                    return err(
                        atom.span.cover(atoms[i + 1].span),
                        "`limits` gives a page size twice; keep one".into(),
                    );
                }
                limits.page = Some(n);
                i += 2;
                // `page 500 records` reads as it sounds.
                if atoms
                    .get(i)
                    .and_then(|a| a.kind.as_ident())
                    .is_some_and(|w| VolumeUnit::parse(w).is_some_and(|u| !u.is_size()))
                {
                    i += 1;
                }
            }
            AtomKind::Number(n) => {
                let amount = n.value;
                let mut j = i + 1;
                let mut unit = None;
                if let Some(w) = atoms.get(j).and_then(|a| a.kind.as_ident())
                    && let Some(u) = VolumeUnit::parse(w)
                {
                    if u.is_size() {
                        return err(
                            atoms[j].span,
                            format!("a rate limit counts requests or records, not `{w}`"),
                        );
                    }
                    unit = (u != VolumeUnit::Requests).then_some(u);
                    j += 1;
                }
                let per = match atoms.get(j).map(|a| &a.kind) {
                    Some(AtomKind::Slash) => true,
                    Some(AtomKind::Ident(w)) => w == "per",
                    _ => false,
                };
                let period = atoms
                    .get(j + 1)
                    .and_then(|a| a.kind.as_ident())
                    .and_then(Period::parse)
                    .filter(|p| LIMIT_PERIODS.contains(p));
                let (true, Some(period)) = (per, period) else {
                    let end = atoms.get(j + 1).or(atoms.get(j)).unwrap_or(atom);
                    return err(
                        atom.span.cover(end.span),
                        format!(
                            "a rate limit reads `100 per minute`: a number, what it counts (requests unless it says records, forms, …), `per` or `/`, and minute, hour, day, week or month. `limits` takes {FORMS}"
                        ),
                    );
                };
                if limits.rate.is_some() {
                    return err(
                        atom.span.cover(atoms[j + 1].span),
                        "`limits` gives a rate twice; keep the tightest".into(),
                    );
                }
                if amount <= 0.0 {
                    return err(atom.span, "a rate limit of nothing lets nothing through: give the number the tool accepts".into());
                }
                limits.rate = Some(RateLimit {
                    amount,
                    unit,
                    period,
                });
                i = j + 2;
            }
            _ => {
                return err(atom.span, format!("`limits` takes {FORMS}, or `none`"));
            }
        }
    }
    Ok(())
}

fn number(atom: Option<&Atom>) -> Option<f64> {
    match &atom?.kind {
        AtomKind::Number(n) if n.value >= 1.0 => Some(n.value),
        _ => None,
    }
}

//! `textDocument/semanticTokens/full`, `full/delta` and `range`: the
//! analysis's tokens, encoded relative to each other (deltaLine, deltaStart,
//! length, type, modifiers) with columns and lengths in the negotiated
//! encoding.
//!
//! Each full answer is kept under a result id; `full/delta` answers with
//! the edits from the kept answer the client names to the new one (after a
//! keystroke, one short edit: the encoding is relative, so the tokens after
//! the change are the same numbers), or in full if it names another.
//! `range` answers the tokens of the lines on screen.
//!
//! The legend maps each kind to a standard token type, so any theme colours
//! it: tools `class`, roles (people) `interface`, flows `function`, steps
//! that name nothing `variable`, keys `property`, value words `enumMember`.
//! Two modifiers are Flowspec's own (`category` on the keys that answer a
//! design question, `openQuestion` on `unknown` / `tbd`); themes that do not
//! know them ignore them.

use flowspec_analysis::ide::semantic_tokens::{
    Modifiers, SemanticKind, SemanticToken as Token, semantic_tokens, semantic_tokens_after_edit,
};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    SemanticToken, SemanticTokenModifier, SemanticTokenType, SemanticTokens, SemanticTokensDelta,
    SemanticTokensDeltaParams, SemanticTokensEdit, SemanticTokensFullOptions, SemanticTokensLegend,
    SemanticTokensOptions, SemanticTokensParams, SemanticTokensRangeParams, ServerCapabilities,
};

use std::sync::Arc;

use flowspec_analysis::FileData;

use crate::cache::TokensResult;
use crate::convert::Encoding;
use crate::snapshot::{Doc, Snapshot};
use crate::state::StateHandle;
use crate::wire::Json;

fn token_type(kind: SemanticKind) -> SemanticTokenType {
    match kind {
        SemanticKind::Keyword => SemanticTokenType::KEYWORD,
        SemanticKind::Tool => SemanticTokenType::CLASS,
        SemanticKind::Role => SemanticTokenType::INTERFACE,
        SemanticKind::Flow => SemanticTokenType::FUNCTION,
        SemanticKind::UnresolvedStep => SemanticTokenType::VARIABLE,
        SemanticKind::Property => SemanticTokenType::PROPERTY,
        SemanticKind::Value => SemanticTokenType::ENUM_MEMBER,
        SemanticKind::String => SemanticTokenType::STRING,
        SemanticKind::Number => SemanticTokenType::NUMBER,
        SemanticKind::Comment => SemanticTokenType::COMMENT,
        SemanticKind::Operator => SemanticTokenType::OPERATOR,
        SemanticKind::Record => SemanticTokenType::TYPE,
    }
}

fn token_modifier(modifier: Modifiers) -> SemanticTokenModifier {
    match modifier {
        Modifiers::DECLARATION => SemanticTokenModifier::DECLARATION,
        Modifiers::DOCUMENTATION => SemanticTokenModifier::DOCUMENTATION,
        Modifiers::CATALOG => SemanticTokenModifier::DEFAULT_LIBRARY,
        Modifiers::CATEGORY => SemanticTokenModifier::new("category"),
        Modifiers::OPEN_QUESTION => SemanticTokenModifier::new("openQuestion"),
        _ => unreachable!("Modifiers::ALL holds single flags"),
    }
}

/// Types in the order of [`SemanticKind::ALL`], modifiers in the order of
/// [`Modifiers::ALL`]: a kind's index there is its index in the legend.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: SemanticKind::ALL.into_iter().map(token_type).collect(),
        token_modifiers: Modifiers::ALL.into_iter().map(token_modifier).collect(),
    }
}

pub fn register(caps: &mut ServerCapabilities) {
    caps.semantic_tokens_provider = Some(
        SemanticTokensOptions {
            legend: legend(),
            range: Some(true),
            full: Some(SemanticTokensFullOptions::Delta { delta: Some(true) }),
            ..Default::default()
        }
        .into(),
    );
}

/// The document's tokens, found and encoded, and kept as the last sent:
/// after an edit, from the tokens last sent for the version it was edited
/// from, where the edit kept the text (while no name changed meaning),
/// else afresh.
fn all_tokens(snap: &Snapshot, doc: Doc<'_>) -> Arc<TokensResult> {
    let (file, workspace) = (doc.file, &snap.workspace);
    let epoch = workspace.names_epoch();
    let last = snap.shared.last_tokens(doc.key).filter(|last| {
        file.edit.is_some_and(|edit| edit.from == last.version) && last.epoch == epoch
    });
    let (found, data, same) = match last {
        Some(last) => {
            let found = semantic_tokens_after_edit(workspace, file, &last.found);
            match encode_after_edit(file, &last, &found, snap.encoding) {
                Some((data, same)) => (found, data, Some((last.id.clone(), same))),
                None => {
                    let data = encode(file, &found, snap.encoding);
                    (found, data, None)
                }
            }
        }
        None => {
            let found = semantic_tokens(workspace, file);
            let data = encode(file, &found, snap.encoding);
            (found, data, None)
        }
    };
    let mut result = TokensResult::new(data, found, file.version, epoch);
    result.same = same;
    snap.shared.keep_tokens(doc.key, result)
}

pub async fn full(state: &StateHandle, params: SemanticTokensParams) -> Result<Json> {
    let uri = params.text_document.uri;
    state
        .read(&uri.clone(), move |snap| {
            let Some(doc) = snap.document(&uri) else {
                return Json::null();
            };
            let kept = all_tokens(snap, doc);
            Json::of(&SemanticTokens {
                result_id: Some(kept.id.clone()),
                data: kept.data.clone(),
            })
        })
        .await
}

pub async fn delta(state: &StateHandle, params: SemanticTokensDeltaParams) -> Result<Json> {
    let uri = params.text_document.uri;
    let previous = params.previous_result_id;
    state
        .read(&uri.clone(), move |snap| {
            let Some(doc) = snap.document(&uri) else {
                return Json::null();
            };
            let before = snap.shared.tokens(doc.key, &previous);
            let kept = all_tokens(snap, doc);
            let result_id = Some(kept.id.clone());
            match before {
                Some(before) => {
                    // What is known equal at the ends, when these tokens
                    // were encoded from the client's.
                    let same = kept.same.as_ref().filter(|(id, _)| *id == before.id);
                    let same = same.map_or(Same::default(), |(_, same)| *same);
                    Json::of(&SemanticTokensDelta {
                        result_id,
                        edits: diff(&before.data, &kept.data, same),
                    })
                }
                // Not the answer we kept: the client gets them all.
                None => Json::of(&SemanticTokens {
                    result_id,
                    data: kept.data.clone(),
                }),
            }
        })
        .await
}

pub async fn range(state: &StateHandle, params: SemanticTokensRangeParams) -> Result<Json> {
    let uri = params.text_document.uri;
    let range = params.range;
    state
        .read(&uri.clone(), move |snap| {
            let Some(doc) = snap.document(&uri) else {
                return Json::null();
            };
            let file = doc.file;
            let span = snap.span(file, range);
            let tokens: Vec<Token> = semantic_tokens(&snap.workspace, file)
                .into_iter()
                .filter(|t| t.span.end > span.start && t.span.start < span.end)
                .collect();
            Json::of(&SemanticTokens {
                result_id: None,
                data: encode(file, &tokens, snap.encoding),
            })
        })
        .await
}

/// The edit that turns `old` into `new`: what lies between their common
/// start and their common end. In units of the protocol's integer array
/// (five per token).
fn diff(old: &[SemanticToken], new: &[SemanticToken], same: Same) -> Vec<SemanticTokensEdit> {
    // Compared from where `same` says the tokens start to differ: the
    // result is the same, without comparing the tokens an edit kept.
    let known = same.prefix.min(old.len()).min(new.len());
    let prefix = known
        + old[known..]
            .iter()
            .zip(&new[known..])
            .take_while(|(a, b)| a == b)
            .count();
    let known = same.suffix.min(old.len() - prefix).min(new.len() - prefix);
    let suffix = known
        + old[prefix..old.len() - known]
            .iter()
            .rev()
            .zip(new[prefix..new.len() - known].iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
    let removed = old.len() - prefix - suffix;
    let added = &new[prefix..new.len() - suffix];
    if removed == 0 && added.is_empty() {
        return Vec::new();
    }
    vec![SemanticTokensEdit {
        start: 5 * prefix as u32,
        delete_count: 5 * removed as u32,
        data: (!added.is_empty()).then(|| added.to_vec()),
    }]
}

/// How many numbers at the start and at the end of an encoding are known to
/// equal those of another (kept from it), so need not be compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Same {
    pub prefix: usize,
    pub suffix: usize,
}

/// The relative encoding, in one pass over the tokens: each token's line
/// is found by walking the line index forward, its column counted from the
/// previous token on its line (or from its line's start), so the text is
/// read about once whatever the lines' lengths. On a line of ASCII text
/// (most lines of most designs) a column is a byte count and nothing is
/// read. A token is never sent across lines (the lexer makes none; should
/// one appear, each of its lines becomes a token).
fn encode(file: &FileData, tokens: &[Token], encoding: Encoding) -> Vec<SemanticToken> {
    let mut encoder = Encoder::new(file, encoding);
    let mut out = Vec::with_capacity(tokens.len());
    for token in tokens {
        encoder.push(token, &mut out);
    }
    out
}

/// The encoding of an edited file's tokens from the encoding last sent for
/// the version it was edited from (`last`, whose tokens `found` kept all
/// but the middle of, as `semantic_tokens_after_edit` keeps them): the
/// numbers of the kept tokens are the same (each is relative to the one
/// before), so only the middle, and the first token after it, are encoded.
/// `None` where the tokens and the numbers do not go one to one (a token
/// sent in pieces): then everything is encoded.
fn encode_after_edit(
    file: &FileData,
    last: &TokensResult,
    found: &[Token],
    encoding: Encoding,
) -> Option<(Vec<SemanticToken>, Same)> {
    let edit = file.edit?;
    if last.data.len() != last.found.len() {
        return None;
    }
    let kept = found.partition_point(|t| t.span.end <= edit.before);
    let old_after = (i64::from(edit.after) - edit.delta) as u32;
    let moved = last.found.partition_point(|t| t.span.start < old_after);
    let after = found.len().checked_sub(last.found.len() - moved)?;
    // The middle, and the first token after it, relative to the last one
    // before it.
    let redone = &found[kept..(after + 1).min(found.len())];
    let mut encoder = match kept.checked_sub(1) {
        Some(last_kept) => Encoder::after(file, encoding, &found[last_kept]),
        None => Encoder::new(file, encoding),
    };
    let mut out = Vec::with_capacity(found.len());
    out.extend_from_slice(&last.data[..kept]);
    for token in redone {
        encoder.push(token, &mut out);
    }
    if out.len() != kept + redone.len() {
        return None;
    }
    let tail = last.data.get(moved + 1..).unwrap_or_default();
    out.extend_from_slice(tail);
    let same = Same {
        prefix: kept,
        suffix: tail.len(),
    };
    (out.len() == found.len()).then_some((out, same))
}

/// The state of the relative encoding: the line being read, and where the
/// last token sent starts.
struct Encoder<'a> {
    text: &'a str,
    starts: &'a [u32],
    encoding: Encoding,
    line: Line,
    prev_line: usize,
    prev_col: u32,
    prev_at: usize,
    /// Where the last token taken ends.
    done: usize,
}

impl<'a> Encoder<'a> {
    fn new(file: &'a FileData, encoding: Encoding) -> Encoder<'a> {
        let (text, starts) = (&*file.text, file.lines.line_starts());
        Encoder {
            text,
            starts,
            encoding,
            line: Line::at(text, starts, 0, encoding),
            prev_line: 0,
            prev_col: 0,
            prev_at: 0,
            done: 0,
        }
    }

    /// As if `token` (on one line) had just been sent.
    fn after(file: &'a FileData, encoding: Encoding, token: &Token) -> Encoder<'a> {
        let mut encoder = Encoder::new(file, encoding);
        let at = token.span.start as usize;
        let pos = file.lines.line_col(encoder.text, at, encoding);
        encoder.line = Line::at(encoder.text, encoder.starts, pos.line as usize, encoding);
        (encoder.prev_line, encoder.prev_col, encoder.prev_at) = (pos.line as usize, pos.col, at);
        encoder.done = token.span.end as usize;
        encoder
    }

    /// Encodes one token (in pieces, should it span lines) into `out`.
    fn push(&mut self, token: &Token, out: &mut Vec<SemanticToken>) {
        let text = self.text;
        let (start, end) = (token.span.start as usize, token.span.end as usize);
        if start < self.done || text.get(start..end).is_none() {
            return; // out of order or not on a character boundary: skip it
        }
        self.done = end;
        let type_index = SemanticKind::ALL
            .iter()
            .position(|k| *k == token.kind)
            .unwrap_or_default() as u32;
        let modifiers = token
            .modifiers
            .indices()
            .fold(0u32, |bits, i| bits | (1 << i));
        let mut at = start;
        while at < end {
            if at >= self.line.next {
                // Forward: tokens come in order, lines a step or two apart.
                let mut number = self.line.number;
                while number + 1 < self.starts.len() && self.starts[number + 1] as usize <= at {
                    number += 1;
                }
                self.line = Line::at(text, self.starts, number, self.encoding);
            }
            let line = &self.line;
            // The token up to its end or to the end of its line.
            let piece_end = end.min(line.end);
            let col = if line.number == self.prev_line {
                self.prev_col + line.width(&text[self.prev_at..at])
            } else {
                line.width(&text[line.start..at])
            };
            let length = line.width(&text[at..piece_end]);
            if length > 0 {
                out.push(SemanticToken {
                    delta_line: (line.number - self.prev_line) as u32,
                    delta_start: if line.number == self.prev_line {
                        col - self.prev_col
                    } else {
                        col
                    },
                    length,
                    token_type: type_index,
                    token_modifiers_bitset: modifiers,
                });
                (self.prev_line, self.prev_col, self.prev_at) = (line.number, col, at);
            }
            // On to the token's next line, if it goes on.
            at = line.next.max(piece_end);
        }
    }
}

/// A line, for [`encode`].
struct Line {
    number: usize,
    start: usize,
    /// Where its text ends (its line break starts).
    end: usize,
    /// Where the next line starts (the text's length for the last).
    next: usize,
    /// A column on it is a byte count (UTF-8 positions, or ASCII text).
    bytes: bool,
    encoding: Encoding,
}

impl Line {
    fn at(text: &str, starts: &[u32], number: usize, encoding: Encoding) -> Line {
        let start = starts[number] as usize;
        let next = starts.get(number + 1).map_or(text.len(), |&s| s as usize);
        // A line ends in one line break, if it is not the last.
        let line = &text.as_bytes()[start..next];
        let end = match line {
            [.., b'\r', b'\n'] => next - 2,
            [.., b'\n' | b'\r'] => next - 1,
            _ => next,
        };
        Line {
            number,
            start,
            end,
            next,
            bytes: encoding == Encoding::Utf8 || text[start..end].is_ascii(),
            encoding,
        }
    }

    fn width(&self, piece: &str) -> u32 {
        if self.bytes {
            piece.len() as u32
        } else {
            self.encoding.len(piece)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowspec_analysis::Workspace;
    use flowspec_analysis::ide::semantic_tokens::semantic_tokens_after_edit;
    use flowspec_analysis::syntax::Span;

    /// The relative encoding decodes to the positions `convert` gives:
    /// after accents, Amharic and emoji, and in plain ASCII (where columns
    /// are byte counts), with every kind of line ending.
    #[test]
    fn encoding_agrees_with_convert_in_every_encoding() {
        let texts = [
            (
                "## é ክ 😀\r\ntool t \"é ክ 😀\" { notes: \"😀😀\" }\n\nflow f: t -> ክሊኒክ { data: [\"a\",\n \"😀\"] } # 😀\n",
                15,
            ),
            (
                "## a\r\ntool t \"T\" { notes: \"x\" }\r\rflow f: t -> dhis2 { data: [\"a\",\n \"b\"] } # c\n  odk -> t daily",
                19,
            ),
        ];
        for (text, count) in texts {
            check_against_convert(text, count);
        }
    }

    fn check_against_convert(text: &str, count: usize) {
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text);
        let file = ws.file(id).unwrap();
        let tokens = semantic_tokens(&ws, file);
        assert_eq!(tokens.len(), count, "{tokens:?}");
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            let data = encode(file, &tokens, encoding);
            assert_eq!(data.len(), tokens.len());
            let (mut line, mut col) = (0, 0);
            for (token, sent) in tokens.iter().zip(&data) {
                line += sent.delta_line;
                col = if sent.delta_line == 0 {
                    col + sent.delta_start
                } else {
                    sent.delta_start
                };
                let start = crate::convert::position(file, token.span.start, encoding);
                let end = crate::convert::position(file, token.span.end, encoding);
                assert_eq!((line, col), (start.line, start.character), "{encoding:?}");
                assert_eq!(end.line, start.line);
                assert_eq!(sent.length, end.character - start.character, "{encoding:?}");
            }
        }
    }

    /// After an edit, encoding only the middle (and the first token after
    /// it) gives what encoding every token gives: edits everywhere in a
    /// text with accents, Amharic, emoji, CRLF and several items per line,
    /// each from the last.
    #[test]
    fn encoding_after_an_edit_equals_encoding_everything() {
        let mut text = "## é ክ 😀\r\ntool t \"é ክ 😀\" { notes: \"😀😀\" }\n\nflow f: t -> ክሊኒክ { data: [\"a\",\n \"😀\"] } # 😀\nflow g: t -> dhis2 monthly batch flow h: t -> odk\r\n## d\nrole r \"R\"\n".to_string();
        let mut ws = Workspace::new();
        let (id, _) = ws.set_file("a.flow", text.as_str());
        let mut checked = 0;
        for (n, at) in (0..text.len()).enumerate() {
            if !text.is_char_boundary(at) {
                continue;
            }
            for encoding in [Encoding::Utf8, Encoding::Utf16] {
                let file = ws.file(id).unwrap().clone();
                let found = semantic_tokens(&ws, &file);
                let last = TokensResult::new(
                    encode(&file, &found, encoding),
                    found,
                    file.version,
                    ws.names_epoch(),
                );
                let mut next = text.clone();
                next.insert_str(at, ["x", "ክ", " ", "\n", "\r\n"][n % 5]);
                let mut edited = ws.clone();
                edited.set_file("a.flow", next.as_str());
                let file = edited.file(id).unwrap();
                if edited.names_epoch() != ws.names_epoch() {
                    continue;
                }
                let found = semantic_tokens_after_edit(&edited, file, &last.found);
                if let Some((data, same)) = encode_after_edit(file, &last, &found, encoding) {
                    assert_eq!(data, encode(file, &found, encoding), "{at} in {next:?}");
                    // What it says is kept is kept, and the delta from it is
                    // the delta found by comparing everything.
                    assert_eq!(data[..same.prefix], last.data[..same.prefix]);
                    assert_eq!(
                        data[data.len() - same.suffix..],
                        last.data[last.data.len() - same.suffix..]
                    );
                    assert_eq!(
                        diff(&last.data, &data, same),
                        diff(&last.data, &data, Same::default()),
                        "{at} in {next:?}"
                    );
                    checked += 1;
                }
            }
            if n % 7 == 0 {
                text.insert(at, ' ');
                ws.set_file("a.flow", text.as_str());
            }
        }
        assert!(checked > 200, "{checked}");
    }

    #[test]
    fn a_token_across_lines_becomes_one_per_line() {
        let token = |start, end| Token {
            span: Span::new(start, end),
            kind: SemanticKind::Comment,
            modifiers: Modifiers::NONE,
        };
        for (text, at) in [("ab\r\ncd e", 6), ("ab\rcd e", 5), ("ab\ncd e", 5)] {
            let mut ws = Workspace::new();
            let (id, _) = ws.set_file("a.flow", text);
            let data = encode(
                ws.file(id).unwrap(),
                &[token(0, at), token(at + 1, at + 2)],
                Encoding::Utf16,
            );
            let plain: Vec<(u32, u32, u32)> = data
                .iter()
                .map(|t| (t.delta_line, t.delta_start, t.length))
                .collect();
            assert_eq!(plain, [(0, 0, 2), (1, 0, 2), (0, 3, 1)], "{text:?}");
        }
    }
}

#[cfg(test)]
mod delta_tests {
    use super::*;

    fn tokens(list: &[u32]) -> Vec<SemanticToken> {
        list.iter()
            .map(|&n| SemanticToken {
                delta_line: n,
                delta_start: 0,
                length: 1,
                token_type: 0,
                token_modifiers_bitset: 0,
            })
            .collect()
    }

    /// The edits applied to the integer array, as a client does.
    fn apply(old: &[SemanticToken], edits: &[SemanticTokensEdit]) -> Vec<u32> {
        let flat = |t: &[SemanticToken]| -> Vec<u32> {
            t.iter()
                .flat_map(|t| {
                    [
                        t.delta_line,
                        t.delta_start,
                        t.length,
                        t.token_type,
                        t.token_modifiers_bitset,
                    ]
                })
                .collect()
        };
        let mut out = flat(old);
        for e in edits.iter().rev() {
            let data = flat(e.data.as_deref().unwrap_or_default());
            out.splice(e.start as usize..(e.start + e.delete_count) as usize, data);
        }
        out
    }

    #[test]
    fn a_delta_applied_to_the_old_tokens_gives_the_new() {
        let cases: [(&[u32], &[u32]); 7] = [
            (&[1, 2, 3], &[1, 2, 3]),
            (&[1, 2, 3], &[1, 9, 3]),
            (&[1, 2, 3], &[1, 3]),
            (&[1, 2, 3], &[1, 2, 7, 3]),
            (&[], &[4, 5]),
            (&[4, 5], &[]),
            (&[1, 1, 1], &[1, 1, 1, 1]),
        ];
        for (old, new) in cases {
            let (old, new) = (tokens(old), tokens(new));
            let edits = diff(&old, &new, Same::default());
            assert_eq!(apply(&old, &edits), apply(&new, &[]), "{old:?} → {new:?}");
            assert!(edits.len() <= 1);
        }
        assert!(diff(&tokens(&[1, 2]), &tokens(&[1, 2]), Same::default()).is_empty());
        // One token changed in the middle of many: one token's worth.
        let old = tokens(&(0..1000).collect::<Vec<_>>());
        let mut new = old.clone();
        new[500].length = 2;
        let edits = diff(&old, &new, Same::default());
        assert_eq!((edits[0].start, edits[0].delete_count), (2500, 5));
        assert_eq!(edits[0].data.as_ref().unwrap().len(), 1);
        // Told what is kept at the ends (all of it, or less), the same.
        for (prefix, suffix) in [(500, 499), (10, 10), (0, 499), (500, 0)] {
            assert_eq!(
                diff(&old, &new, Same { prefix, suffix }),
                edits,
                "{prefix} {suffix}"
            );
        }
    }
}

//! The one vocabulary table: every word of `values::frequency_words()`,
//! `model::Status::ALL` and `model::OpenWord::ALL` is read by the analysis,
//! highlighted, completed and explained on hover. A word added to a table
//! and forgotten by one feature fails here.

use flowspec_analysis::ide::completion::completion;
use flowspec_analysis::ide::hover::hover;
use flowspec_analysis::ide::semantic_tokens::{SemanticKind, semantic_tokens};
use flowspec_analysis::model::{AnswerStatus, OpenWord, Status};
use flowspec_analysis::schema::Category;
use flowspec_analysis::values::{LEAD_WORDS, frequency_words};

use super::Db;

/// A flow whose `key` says `value` (`$0` before the value), with every
/// other question answered.
fn flow_with(key: &str, value: &str) -> String {
    let mut props = vec![
        ("data", "\"é cases\""),
        ("transform", "none"),
        ("timing", "batch"),
        ("frequency", "monthly"),
        ("volume", "~10 records/month"),
    ];
    props.retain(|(k, _)| *k != key);
    let mut text = "flow f: commcare -> dhis2 {\n".to_string();
    for (k, v) in props {
        text.push_str(&format!("  {k}: {v}\n"));
    }
    text.push_str(&format!("  {key}: $0{value}\n}}\n"));
    text
}

/// The word at `$0` is highlighted (as `kinds` allows), is not an error,
/// and has a hover that names it.
fn assert_known(source: &str, word: &str, kinds: &[SemanticKind]) {
    let db = Db::new(source);
    let (file, offset) = db.cursor();
    let data = db.ws.file(file).unwrap();
    let errors: Vec<_> = db
        .ws
        .diagnostics(file)
        .iter()
        .filter(|d| d.severity == flowspec_analysis::diagnostic::Severity::Error)
        .map(|d| d.message.clone())
        .collect();
    assert!(errors.is_empty(), "`{word}`: {errors:?}");
    let token = semantic_tokens(&db.ws, data)
        .into_iter()
        .find(|t| t.span.start as usize == offset)
        .unwrap_or_else(|| panic!("`{word}` has no semantic token"));
    assert!(kinds.contains(&token.kind), "`{word}`: {:?}", token.kind);
    let found = hover(&db.ws, file, offset).unwrap_or_else(|| panic!("no hover on `{word}`"));
    assert!(
        found.markdown.contains(word),
        "`{word}`: {}",
        found.markdown
    );
}

/// Completion right after `key: ` offers `word`, with a detail.
fn assert_completed(key: &str, word: &str) {
    let db = Db::new(&flow_with(key, ""));
    let (file, offset) = db.cursor();
    let items = completion(&db.ws, file, offset)
        .map(|c| c.items)
        .unwrap_or_default();
    let item = items
        .iter()
        .find(|i| i.label == word)
        .unwrap_or_else(|| panic!("`{key}:` does not offer `{word}`"));
    assert!(item.detail.is_some(), "`{word}` has no detail");
}

#[test]
fn every_frequency_word_is_read_highlighted_explained_and_completed() {
    for word in frequency_words() {
        // A lead word needs the rest of its value.
        let value = match word {
            "every" => "every 2 hours",
            "cron" => "cron \"0 2 * * *\"",
            w => w,
        };
        let kinds: &[SemanticKind] = if LEAD_WORDS.contains(&word) {
            &[SemanticKind::Keyword]
        } else {
            &[SemanticKind::Value]
        };
        assert_known(&flow_with("frequency", value), word, kinds);
        assert_completed("frequency", word);
    }
}

#[test]
fn every_status_word_is_read_highlighted_explained_and_completed() {
    for status in Status::ALL {
        let word = status.as_str();
        assert_known(&flow_with("status", word), word, &[SemanticKind::Value]);
        assert_completed("status", word);
        let db = Db::new(&flow_with("status", word));
        let (file, offset) = db.cursor();
        let md = hover(&db.ws, file, offset).unwrap().markdown;
        assert!(md.contains(status.describe()), "{md}");
    }
}

#[test]
fn every_open_word_is_an_open_question_everywhere() {
    for open in OpenWord::ALL {
        let word = open.as_str();
        for key in ["transform", "timing", "frequency", "volume"] {
            assert_completed(key, word);
            let db = Db::new(&flow_with(key, word));
            let (file, _) = db.cursor();
            let flow = &db.ws.file(file).unwrap().model.flows[0];
            let category = Category::from_key(key).unwrap();
            assert_eq!(
                flow.answers.status(category),
                AnswerStatus::Open,
                "{key}: {word}"
            );
        }
    }
}

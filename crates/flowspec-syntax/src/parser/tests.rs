use super::parse;
use crate::ast::*;

fn errors(text: &str) -> Vec<String> {
    parse(text)
        .errors
        .iter()
        .map(|e| format!("{}: {}", &text[e.span.range()], e.message))
        .collect()
}

#[test]
fn parses_the_language_example() {
    let text = r#"## Ethiopia CHW reporting: the process as it runs today.

tool commcare "CommCare" {
  kind: collection
  owner: "iNGO M&E team"
}

role data_manager "M&E data manager"

## Key health indicators for national reporting.
flow monthly_indicators: commcare -> excel -> data_manager -> dhis2 {
  data: ["CHW visit forms", "key health indicators"]
  transform {
    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
    indicators: "sum visits per district per month"
  }
  timing: batch "the MoH refreshes its dashboards monthly"
  frequency: monthly
  volume: ~12000 records/month
  status: current
}

# The shorthand from a whiteboard: a bare chain is an anonymous flow.
commcare -> excel -> dhis2 monthly batch
"#;
    let file = parse(text);
    assert_eq!(file.errors, vec![], "{:#?}", file.errors);
    assert_eq!(
        file.doc.as_ref().map(|d| d.text.as_str()),
        Some("Ethiopia CHW reporting: the process as it runs today.")
    );
    assert_eq!(file.items.len(), 4);
    let ItemKind::Tool(tool) = &file.items[0].kind else {
        panic!()
    };
    assert_eq!(tool.name.text, "commcare");
    assert_eq!(tool.label.as_ref().unwrap().value, "CommCare");
    assert!(file.items[0].doc.is_none());
    let ItemKind::Flow(flow) = &file.items[2].kind else {
        panic!()
    };
    assert_eq!(
        file.items[2].doc.as_ref().unwrap().text,
        "Key health indicators for national reporting."
    );
    assert_eq!(
        flow.chain.display(),
        "commcare -> excel -> data_manager -> dhis2"
    );
    let block = flow.block.as_ref().unwrap();
    let keys: Vec<&str> = block
        .properties
        .iter()
        .map(|p| p.key.text.as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "data",
            "transform",
            "timing",
            "frequency",
            "volume",
            "status"
        ]
    );
    let PropertyValue::Block(transform) = &block.properties[1].value else {
        panic!()
    };
    let PropertyValue::Value(Value::Atoms(mapping)) = &transform.properties[0].value else {
        panic!()
    };
    assert_eq!(mapping.atoms[0].kind.as_str(), Some("MM/DD/YYYY"));
    assert_eq!(
        mapping.mapping.as_ref().unwrap().atoms[0].kind.as_str(),
        Some("DD/MM/YYYY")
    );
    let ItemKind::Flow(bare) = &file.items[3].kind else {
        panic!()
    };
    assert!(bare.name.is_none());
    assert_eq!(bare.display_name(), "commcare -> excel -> dhis2");
    let words: Vec<_> = bare
        .words
        .iter()
        .map(|w| w.kind.as_ident().unwrap())
        .collect();
    assert_eq!(words, ["monthly", "batch"]);
    assert_eq!(
        &text[bare.header_span().range()],
        "commcare -> excel -> dhis2"
    );
}

#[test]
fn a_flow_may_span_lines_and_chains_split_shorthand() {
    let text = "a -> b\n  -> c monthly\nc -> d ~500 forms/day\nflow x:\n a -> b";
    let file = parse(text);
    assert_eq!(file.errors, vec![]);
    assert_eq!(file.items.len(), 3);
    let flows: Vec<_> = file.flows().collect();
    assert_eq!(flows[0].chain.display(), "a -> b -> c");
    assert_eq!(flows[1].words.len(), 5);
    assert_eq!(&text[flows[2].header_span().range()], "flow x:\n a -> b");
}

#[test]
fn a_broken_property_costs_only_itself() {
    let text = "flow f: a -> b {\n  data \"x\"\n  timing: batch\n}\ntool t";
    let file = parse(text);
    assert_eq!(errors(text), ["\"x\": expected `:` or `{`, found `\"x\"`"]);
    let flow = file.flows().next().unwrap();
    let keys: Vec<_> = flow
        .block
        .as_ref()
        .unwrap()
        .properties
        .iter()
        .map(|p| p.key.text.as_str())
        .collect();
    assert_eq!(keys, ["timing"]);
    assert_eq!(file.items.len(), 2);
}

#[test]
fn missing_values_and_steps_are_reported_and_kept() {
    let text = "flow f: a -> {\n  data:\n  timing: batch\n}";
    let file = parse(text);
    assert_eq!(
        errors(text),
        [
            "->: expected the name of a tool or role after `->`",
            "data:: expected a value after `data:`"
        ]
    );
    let flow = file.flows().next().unwrap();
    let props = &flow.block.as_ref().unwrap().properties;
    assert!(matches!(props[0].value, PropertyValue::Missing(_)));
    assert_eq!(props.len(), 2);
}

#[test]
fn an_unclosed_brace_ends_at_the_next_item_keyword() {
    let text = "tool a {\n  kind: mis\nrole b\nflow f: a -> b { data: \"x\" }";
    let file = parse(text);
    assert_eq!(errors(text), ["{: this `{` is not closed: expected `}`"]);
    assert_eq!(file.items.len(), 3);
}

#[test]
fn an_unterminated_string_ends_at_its_line() {
    let text = "tool a \"CommCare\ntool b \"B\"";
    let file = parse(text);
    assert_eq!(errors(text).len(), 1);
    assert_eq!(file.items.len(), 2);
}

#[test]
fn stray_tokens_cost_one_error_item() {
    let text = "} tool a\n: , ]\nflow f: a -> b";
    let file = parse(text);
    assert_eq!(file.errors.len(), 2, "{:?}", errors(text));
    let kinds: Vec<_> = file
        .items
        .iter()
        .map(|i| matches!(i.kind, ItemKind::Error))
        .collect();
    assert_eq!(kinds, [true, false, true, false]);
}

#[test]
fn nested_blocks_and_lists_are_bounded() {
    let text =
        "flow f: a -> b {\n  transform { x { y: 1 } z: 2 }\n  data: [[\"a\"]]\n  timing: batch\n}";
    let file = parse(text);
    let errs = errors(text);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].contains("nest only one level"));
    let flow = file.flows().next().unwrap();
    let props = &flow.block.as_ref().unwrap().properties;
    let keys: Vec<_> = props.iter().map(|p| p.key.text.as_str()).collect();
    assert_eq!(keys, ["transform", "data", "timing"]);
}

#[test]
fn missing_colon_after_flow_name_is_lenient() {
    let text = "flow f a -> b monthly";
    let file = parse(text);
    assert_eq!(errors(text).len(), 1);
    assert_eq!(file.flows().next().unwrap().chain.steps.len(), 2);
}

#[test]
fn doc_comments_attach_without_blank_lines() {
    let text =
        "## file doc\n\n## about a\n## second line\ntool a\n\n## detached\n\ntool b\n## trailing";
    let file = parse(text);
    assert_eq!(file.doc.unwrap().text, "file doc");
    assert_eq!(
        file.items[0].doc.as_ref().unwrap().text,
        "about a\nsecond line"
    );
    assert!(file.items[1].doc.is_none());
    // A doc comment at the end of a line documents nothing below it.
    let file = parse("tool a ## about a\ntool b");
    assert!(file.items[1].doc.is_none());
    // A top doc block with no blank line documents the first item.
    let file = parse("## about a\ntool a");
    assert!(file.doc.is_none());
    assert_eq!(file.items[0].doc.as_ref().unwrap().text, "about a");
}

#[test]
fn deep_nesting_does_not_overflow() {
    let text = format!("flow f: a -> b {{ data: {} }}", "[".repeat(100_000));
    let file = parse(&text);
    assert!(!file.errors.is_empty());
    let text = "{".repeat(100_000);
    let file = parse(&text);
    assert!(!file.errors.is_empty());
}

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

const RECORDS: &str = r#"## A person registered for care.
record patient "Patient" {
  ## The national health ID.
  ## Issued at registration.
  national_id: text identifier required

  birth_date: date "YYYY-MM-DD" personal
  sex: choice ["female", "male", "other"] required
  household: household
}

tool commcare {
  kind: collection
  owns patient {
    national_id: as "case_id"
    birth_date: "MM/DD/YYYY"
    sex: ["1", "2", "3"]
  }
  keeps household
}

flow register: commcare -> dhis2 ~1 record/run {
  data: patient
  volume: ~1 record
  transform {
    sex: gender ["1" -> "female", "2" -> "male"]
    birth_date: "MM/DD/YYYY" -> "YYYY-MM-DD"
  }
}
"#;

#[test]
fn parses_records_fields_and_kept_records() {
    let file = parse(RECORDS);
    assert_eq!(file.errors, vec![], "{:#?}", file.errors);
    assert_eq!(file.items.len(), 3);
    let ItemKind::Record(record) = &file.items[0].kind else {
        panic!("{:?}", file.items[0].kind)
    };
    assert_eq!(record.name.text, "patient");
    assert_eq!(record.label.as_ref().unwrap().value, "Patient");
    assert_eq!(
        file.items[0].doc.as_ref().unwrap().text,
        "A person registered for care."
    );
    let fields = &record.block.as_ref().unwrap().properties;
    let names: Vec<_> = fields.iter().map(|f| f.key.text.as_str()).collect();
    assert_eq!(names, ["national_id", "birth_date", "sex", "household"]);
    assert_eq!(
        fields[0].doc.as_ref().unwrap().text,
        "The national health ID.\nIssued at registration."
    );
    assert!(
        fields[1].doc.is_none(),
        "a blank line detaches nothing here"
    );
    // `choice [...] required` is words and a list in a row.
    let PropertyValue::Value(Value::Terms(terms)) = &fields[2].value else {
        panic!("{:?}", fields[2].value)
    };
    assert!(matches!(terms.terms[1], Term::List(_)));
    assert_eq!(fields[2].value.span(), {
        let start = RECORDS.find("choice").unwrap();
        let end = RECORDS.find("required\n  household").unwrap() + "required".len();
        crate::Span::new(start, end)
    });
    // A word alone, or words, read as before.
    assert!(matches!(
        fields[0].value,
        PropertyValue::Value(Value::Atoms(_))
    ));

    let ItemKind::Tool(tool) = &file.items[1].kind else {
        panic!()
    };
    let props = &tool.block.as_ref().unwrap().properties;
    let keys: Vec<_> = props.iter().map(|p| p.key.text.as_str()).collect();
    assert_eq!(keys, ["kind", "owns", "keeps"]);
    let PropertyValue::Keeps(owns) = &props[1].value else {
        panic!()
    };
    assert_eq!(owns.record.text, "patient");
    assert_eq!(owns.block.as_ref().unwrap().properties.len(), 3);
    let PropertyValue::Keeps(keeps) = &props[2].value else {
        panic!()
    };
    assert_eq!(keeps.record.text, "household");
    assert!(keeps.block.is_none());

    let ItemKind::Flow(flow) = &file.items[2].kind else {
        panic!()
    };
    assert_eq!(flow.words.len(), 5, "`~1 record/run` is still a volume");
    let props = &flow.block.as_ref().unwrap().properties;
    let PropertyValue::Block(transform) = &props[2].value else {
        panic!()
    };
    assert!(matches!(
        transform.properties[0].value,
        PropertyValue::Value(Value::Terms(_))
    ));
    assert!(matches!(
        transform.properties[1].value,
        PropertyValue::Value(Value::Atoms(Atoms {
            mapping: Some(_),
            ..
        }))
    ));
}

#[test]
fn a_broken_field_costs_only_itself() {
    let text = "record r {\n  a: text\n  b text\n  x: ]\n  c: integer\n  d: [\n}\ntool t";
    let file = parse(text);
    let errs = errors(text);
    assert_eq!(errs.len(), 3, "{errs:?}");
    let ItemKind::Record(record) = &file.items[0].kind else {
        panic!()
    };
    let names: Vec<_> = record
        .block
        .as_ref()
        .unwrap()
        .properties
        .iter()
        .map(|f| f.key.text.as_str())
        .collect();
    // `b text` runs into `a`'s value (newlines are not significant): the
    // analysis reports the missing colon; `x:` is kept with its value
    // missing (as any property is), and the parser keeps the rest.
    assert_eq!(names, ["a", "x", "c", "d"]);
    assert_eq!(file.items.len(), 2);

    let text = "record r {\n  address { street: text }\n  city: text\n}";
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert!(
        errs[0].contains("a field holds a type, not a block"),
        "{errs:?}"
    );
}

#[test]
fn a_broken_kept_record_costs_only_itself() {
    let text = "tool t {\n  keeps\n  kind: mis\n  keeps r { a: ] b: text }\n  owner: \"x\"\n}";
    let file = parse(text);
    let errs = errors(text);
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert!(
        errs[0].starts_with("keeps: expected the name of a record after `keeps`"),
        "{errs:?}"
    );
    let ItemKind::Tool(tool) = &file.items[0].kind else {
        panic!()
    };
    let props = &tool.block.as_ref().unwrap().properties;
    let keys: Vec<_> = props.iter().map(|p| p.key.text.as_str()).collect();
    assert_eq!(keys, ["kind", "keeps", "owner"]);
    let PropertyValue::Keeps(keeps) = &props[1].value else {
        panic!()
    };
    let fields: Vec<_> = keeps
        .block
        .as_ref()
        .unwrap()
        .properties
        .iter()
        .map(|f| f.key.text.as_str())
        .collect();
    assert_eq!(fields, ["a", "b"]);
}

#[test]
fn record_words_of_existing_designs_keep_their_meaning() {
    // `record` as a volume unit, a step, a tool's and a flow's name and a
    // key: every existing use parses as it did.
    let text = "tool record \"R\" {}\nflow record: record -> b ~1 record daily {\n  volume: ~1 record\n  transform { record: \"x\" }\n}\nrecord -> dhis2 ~500 records/day\n";
    let file = parse(text);
    assert_eq!(file.errors, vec![], "{:?}", errors(text));
    assert_eq!(file.items.len(), 3);
    assert!(file.records().next().is_none());
    assert_eq!(
        file.flows().next().unwrap().words.len(),
        4,
        "~ 1 record daily"
    );
}

#[test]
fn reparsing_records_reuses_segments() {
    let text = RECORDS;
    let old = parse(text);
    assert_eq!(old.segments.len(), 3);
    let edited = text.replace("household: household", "household: household required");
    let new = crate::reparse(&edited, text, &old);
    assert_eq!(new, parse(&edited));
}

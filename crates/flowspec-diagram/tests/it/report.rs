//! The report's content, read back as a browser reads it (html5ever through
//! `scraper`) and found by structure: the introduction, each flow's six
//! answers, the open questions, the manual steps and the tools, on the
//! bundled examples and on small designs made for one point each.

use std::collections::BTreeSet;

use flowspec_analysis::Workspace;

use crate::{design, load};
use flowspec_diagram::report;
use scraper::{ElementRef, Html, Node, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// An element's text with whitespace collapsed, as a reader sees it.
fn text(e: ElementRef) -> String {
    words(&e.text().collect::<String>())
}

fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text directly inside an element, without its child elements'.
fn own_text(e: ElementRef) -> String {
    words(
        &e.children()
            .filter_map(|c| match c.value() {
                Node::Text(t) => Some(t.to_string()),
                _ => None,
            })
            .collect::<String>(),
    )
}

fn all<'a>(root: ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    root.select(&sel(selector)).collect()
}

fn one<'a>(root: ElementRef<'a>, selector: &str) -> ElementRef<'a> {
    let found = all(root, selector);
    assert_eq!(found.len(), 1, "exactly one `{selector}`");
    found[0]
}

/// The answer cell of a question row (after the number).
fn answer(tr: ElementRef<'_>) -> ElementRef<'_> {
    let cells = all(tr, "td");
    assert_eq!(cells.len(), 2, "number and answer");
    cells[1]
}

fn class(e: ElementRef) -> String {
    e.value().attr("class").unwrap_or_default().to_string()
}

/// One flow's article: its title and its six rows.
#[derive(Debug)]
struct Flow {
    id: String,
    title: String,
    badge: String,
    /// (row class, question title, answer text)
    rows: Vec<(String, String, String)>,
    /// The list items of each row's answer (a list of data, of steps)
    items: Vec<Vec<String>>,
}

impl Flow {
    fn items(&self, question: &str) -> &[String] {
        let i = QUESTIONS.iter().position(|q| *q == question).unwrap();
        &self.items[i]
    }
    fn row(&self, question: &str) -> &(String, String, String) {
        self.rows
            .iter()
            .find(|r| r.1 == question)
            .unwrap_or_else(|| panic!("{}: no row {question}", self.title))
    }
    /// The questions whose row has this class.
    fn with_class(&self, wanted: &str) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|r| r.0 == wanted)
            .map(|r| r.1.as_str())
            .collect()
    }
}

struct Page {
    html: Html,
}

impl Page {
    fn of(workspace: &Workspace) -> Page {
        let source = report(workspace);
        let html = Html::parse_document(&source);
        // html5ever recovers from anything; a page it had to repair would
        // not read as written.
        assert!(html.errors.is_empty(), "{:?}", html.errors);
        Page { html }
    }

    fn root(&self) -> ElementRef<'_> {
        self.html.root_element()
    }

    fn section(&self, id: &str) -> ElementRef<'_> {
        one(self.root(), &format!("main > section#{id}"))
    }

    fn flows(&self) -> Vec<Flow> {
        all(self.section("flows"), "article.flow")
            .into_iter()
            .map(|article| {
                let h3 = one(article, "h3");
                let trs = all(article, "table.questions > tbody > tr");
                let rows = trs
                    .iter()
                    .map(|tr| {
                        let th = one(*tr, "th[scope=row]");
                        (class(*tr), own_text(th), text(answer(*tr)))
                    })
                    .collect();
                let items = trs
                    .iter()
                    .map(|tr| all(answer(*tr), "li").into_iter().map(text).collect())
                    .collect();
                Flow {
                    id: article.value().attr("id").unwrap().to_string(),
                    title: own_text(h3),
                    badge: all(h3, ".badge").last().map(|b| text(*b)).unwrap(),
                    rows,
                    items,
                }
            })
            .collect()
    }

    fn flow(&self, title: &str) -> Flow {
        self.flows()
            .into_iter()
            .find(|f| f.title == title)
            .unwrap_or_else(|| panic!("no flow {title}"))
    }

    /// The title of the flow an in-page link points to.
    fn flow_linked(&self, a: ElementRef) -> String {
        let target = a.value().attr("href").unwrap().trim_start_matches('#');
        let flows = self.flows();
        let flow = flows.iter().find(|f| f.id == target).expect("link target");
        assert_eq!(text(a), flow.title, "a link says where it goes");
        flow.title.clone()
    }

    /// (flow, question, word) for each open question listed.
    fn open_questions(&self) -> Vec<(String, String, String)> {
        all(self.section("open-questions"), "ul.open > li")
            .into_iter()
            .map(|li| {
                (
                    self.flow_linked(one(li, "a")),
                    text(one(li, "strong")),
                    text(one(li, ".aside code")),
                )
            })
            .collect()
    }

    /// (person, owner, [(flow, what happens)]) for each manual step.
    #[allow(clippy::type_complexity)]
    fn manual_steps(&self) -> Vec<(String, Option<String>, Vec<(String, String)>)> {
        all(self.section("manual-steps"), "ul.manual > li")
            .into_iter()
            .map(|li| {
                let owner = li
                    .children()
                    .filter_map(ElementRef::wrap)
                    .find(|c| class(*c) == "aside")
                    .map(text);
                let uses = all(li, "ul > li")
                    .into_iter()
                    .map(|use_| (self.flow_linked(one(use_, "a")), text(use_)))
                    .collect();
                (text(one(li, ":scope > strong")), owner, uses)
            })
            .collect()
    }

    /// Each tools row: [id, name, kind, owner, adaptor, used in].
    fn tools(&self) -> Vec<[String; 6]> {
        all(self.section("tools"), "table.tools > tbody > tr")
            .into_iter()
            .map(|tr| {
                let td = all(tr, ":scope > td");
                assert_eq!(td.len(), 5);
                [
                    text(one(td[0], ":scope > code")),
                    text(one(td[0], ":scope > strong")),
                    text(td[1]),
                    text(td[2]),
                    text(td[3]),
                    text(td[4]),
                ]
            })
            .collect()
    }

    fn tool(&self, id: &str) -> [String; 6] {
        self.tools()
            .into_iter()
            .find(|t| t[0] == id)
            .unwrap_or_else(|| panic!("no tool {id}"))
    }

    /// (source path, paragraphs) of each file's introduction.
    fn introduction(&self) -> Vec<(String, Vec<String>)> {
        all(self.section("introduction"), "div.file-doc")
            .into_iter()
            .map(|d| {
                let paragraphs = all(d, ":scope > p:not(.source)")
                    .into_iter()
                    .map(text)
                    .collect();
                (text(one(d, "p.source")), paragraphs)
            })
            .collect()
    }
}

const QUESTIONS: [&str; 6] = [
    "Tools",
    "Data flow",
    "Transformation",
    "Timing",
    "Frequency",
    "Volume",
];

/// The leading `##` block of a file as paragraphs, backticks dropped (the
/// page shows them as code): what the introduction must say.
fn doc_paragraphs(source: &str) -> Vec<String> {
    let mut paragraphs = vec![String::new()];
    for line in source.lines() {
        let Some(rest) = line.strip_prefix("##") else {
            break;
        };
        let rest = rest.trim();
        if rest.is_empty() {
            paragraphs.push(String::new());
        } else {
            let p = paragraphs.last_mut().unwrap();
            p.push(' ');
            p.push_str(&rest.replace('`', ""));
        }
    }
    paragraphs
        .into_iter()
        .map(|p| words(&p))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Every flow article has the six questions in order, and its badge counts
/// the answered rows; every row is answered, open or unanswered.
fn check_tables(page: &Page) {
    for flow in page.flows() {
        let questions: Vec<&str> = flow.rows.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(questions, QUESTIONS, "{}", flow.title);
        for (class, question, answer) in &flow.rows {
            match class.as_str() {
                "answered" => assert!(!answer.is_empty(), "{}: {question}", flow.title),
                "open" => assert!(answer.starts_with("Open question answered"), "{answer}"),
                "unanswered" => assert!(
                    answer == "Unanswered" || answer.starts_with("Invalid answer"),
                    "{answer}"
                ),
                other => panic!("{}: row class {other}", flow.title),
            }
        }
        assert_eq!(
            flow.badge,
            format!("{}/6 answered", flow.with_class("answered").len()),
            "{}",
            flow.title
        );
    }
}

#[test]
fn the_introduction_carries_each_files_doc_comment() {
    for example in [
        "examples/ethiopia",
        "examples/complete",
        "examples/open-questions.flow",
    ] {
        let ws = load(example);
        let page = Page::of(&ws);
        let h1 = text(one(page.root(), "header h1"));
        let intro = page.introduction();
        let mut expected: Vec<(String, Vec<String>)> = ws
            .files()
            // Each file shown by its path from the design's folder: these
            // examples hold no subfolders, so by its name.
            .map(|(_, f)| {
                let name = f.path.rsplit('/').next().unwrap().to_string();
                (name, doc_paragraphs(&f.text))
            })
            .filter(|(_, p)| !p.is_empty())
            .collect();
        assert!(!expected.is_empty(), "{example} has doc comments");
        // The page's title is the first line of the first introduction, and
        // is not said twice.
        let first = &mut expected[0].1[0];
        assert!(first.starts_with(&h1), "{example}: {h1}");
        *first = first[h1.len()..].trim().to_string();
        expected[0].1.retain(|p| !p.is_empty());
        assert_eq!(intro, expected, "{example}");
    }

    let page = Page::of(&load("examples/ethiopia"));
    let intro = page.section("introduction");
    let code: Vec<String> = all(intro, "p code").into_iter().map(text).collect();
    assert_eq!(code, ["flowspec check"], "backticks become code");
    assert_eq!(
        text(one(page.root(), "header h1")),
        "Ethiopia CHW reporting: the process as it runs today."
    );

    let page = Page::of(&design(&[("a.flow", "tool x\n")]));
    assert!(page.introduction().is_empty());
    assert!(text(one(page.section("introduction"), "p.none")).contains("no introduction"));
}

#[test]
fn each_flow_has_the_six_answers_and_flags_the_missing_ones() {
    let page = Page::of(&load("examples/ethiopia"));
    check_tables(&page);
    let titles: Vec<String> = page.flows().into_iter().map(|f| f.title).collect();
    assert_eq!(
        titles,
        ["monthly_indicators", "commcare → excel → dhis2"],
        "named flows by name, bare ones by chain"
    );
    let monthly = page.flow("monthly_indicators");
    assert_eq!(monthly.with_class("answered"), QUESTIONS);
    assert_eq!(
        monthly.row("Tools").2,
        "CommCare → Microsoft Excel → M&E data manager → DHIS2 (Ethiopia MoH)"
    );
    assert_eq!(
        monthly.items("Data flow"),
        // `visit` is a record (examples/ethiopia/visits.flow).
        ["visit", "key health indicators"]
    );
    assert_eq!(
        monthly.items("Transformation"),
        [
            "visit_date: MM/DD/YYYY → DD/MM/YYYY",
            "indicators: sum visits per district per month"
        ]
    );
    let timing = &monthly.row("Timing").2;
    assert!(
        timing.starts_with("batch") && timing.contains("the MoH refreshes its dashboards monthly"),
        "{timing}"
    );
    assert!(monthly.row("Frequency").2.starts_with("monthly"));
    assert!(monthly.row("Volume").2.contains("12000 records/month"));

    let bare = page.flow("commcare → excel → dhis2");
    assert_eq!(
        bare.with_class("unanswered"),
        ["Data flow", "Transformation", "Volume"],
        "exactly the unanswered questions are flagged"
    );
    assert_eq!(bare.badge, "3/6 answered");
    assert!(bare.row("Timing").2.starts_with("batch"));

    // Every flow of the complete example answers all six.
    let page = Page::of(&load("examples/complete"));
    check_tables(&page);
    let flows = page.flows();
    assert_eq!(flows.len(), 8);
    for flow in &flows {
        assert_eq!(flow.with_class("answered"), QUESTIONS, "{}", flow.title);
    }
    assert_eq!(
        page.flow("dashboards").row("Transformation").2,
        "None: the data goes through as it is"
    );
    assert_eq!(
        page.flow("khis_monthly").row("Frequency").2,
        "cron \"0 2 6 * *\": at 02:00 on day 6 of the month (a run every 30.4 days)",
        "the schedule in words"
    );

    let page = Page::of(&load("examples/open-questions.flow"));
    check_tables(&page);
    let expected: [(&str, &[&str], &[&str]); 5] = [
        (
            "surveycto → salesforce",
            &["Data flow", "Transformation"],
            &[],
        ),
        ("sam_alerts", &[], &["Transformation", "Volume"]),
        (
            "salesforce → excel → nutrition_officer",
            &["Data flow", "Transformation", "Volume"],
            &[],
        ),
        (
            "salesforce → powerbi",
            &[
                "Data flow",
                "Transformation",
                "Timing",
                "Frequency",
                "Volume",
            ],
            &[],
        ),
        (
            "hmis_reporting",
            &[],
            &["Data flow", "Transformation", "Frequency", "Volume"],
        ),
    ];
    let flows = page.flows();
    assert_eq!(flows.len(), expected.len());
    for (flow, (title, unanswered, open)) in flows.iter().zip(expected) {
        assert_eq!(flow.title, title);
        assert_eq!(flow.with_class("unanswered"), unanswered, "{title}");
        assert_eq!(flow.with_class("open"), open, "{title}");
    }
    let warn = text(one(page.section("open-questions"), "p.warn-note"));
    assert!(warn.contains("10 questions are not answered"), "{warn}");
}

#[test]
fn an_invalid_answer_is_flagged_too() {
    let page = Page::of(&design(&[(
        "a.flow",
        "flow f: odk -> dhis2 {\n  data: \"visits\"\n  transform: none\n  timing: batch\n  frequency: every 0 days\n  volume: lots\n}\n",
    )]));
    check_tables(&page);
    let f = page.flow("f");
    assert_eq!(f.with_class("unanswered"), ["Frequency", "Volume"]);
    assert!(f.row("Volume").2.starts_with("Invalid answer"));
}

#[test]
fn the_open_questions_name_each_tbd_and_unknown_with_its_flow() {
    let page = Page::of(&load("examples/open-questions.flow"));
    let listed = page.open_questions();
    let expected = [
        ("sam_alerts", "Transformation", "tbd"),
        ("sam_alerts", "Volume", "unknown"),
        ("hmis_reporting", "Data flow", "tbd"),
        ("hmis_reporting", "Transformation", "tbd"),
        ("hmis_reporting", "Frequency", "tbd"),
        ("hmis_reporting", "Volume", "tbd"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(listed, expected);
    // The list and the flows' tables agree.
    let from_tables: Vec<(String, String)> = page
        .flows()
        .iter()
        .flat_map(|f| {
            f.with_class("open")
                .into_iter()
                .map(|q| (f.title.clone(), q.to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    let from_list: Vec<(String, String)> = listed.into_iter().map(|(f, q, _)| (f, q)).collect();
    assert_eq!(from_list, from_tables);

    for example in ["examples/complete", "examples/ethiopia"] {
        let page = Page::of(&load(example));
        assert!(page.open_questions().is_empty(), "{example}");
        assert!(text(one(page.section("open-questions"), "p.none")).contains("tbd"));
    }
}

#[test]
fn the_manual_steps_name_each_person_with_their_flows() {
    let page = Page::of(&load("examples/ethiopia"));
    assert_eq!(
        page.manual_steps(),
        [(
            "M&E data manager".to_string(),
            None,
            vec![(
                "monthly_indicators".to_string(),
                "In monthly_indicators: takes the data from Microsoft Excel and moves it to DHIS2 (Ethiopia MoH) (timing: batch)".to_string()
            )]
        )]
    );
    let page = Page::of(&load("examples/complete"));
    let steps = page.manual_steps();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].0, "County M&E officer");
    assert_eq!(steps[0].1.as_deref(), Some("(iNGO M&E team)"));
    let flows: Vec<&str> = steps[0].2.iter().map(|(f, _)| f.as_str()).collect();
    assert_eq!(flows, ["duplicate_review"]);
    let page = Page::of(&load("examples/open-questions.flow"));
    let steps = page.manual_steps();
    assert_eq!(steps.len(), 1);
    assert_eq!(steps[0].0, "District nutrition officer");
    assert_eq!(
        steps[0].2,
        [(
            "salesforce → excel → nutrition_officer".to_string(),
            "In salesforce → excel → nutrition_officer: receives the data from Microsoft Excel (timing: manual)".to_string()
        )]
    );

    // One person in two flows, one who starts a flow, and one declared but
    // in no chain (not a manual step).
    let page = Page::of(&design(&[(
        "a.flow",
        "role clerk \"Records clerk\" { owner: \"District office\" }\nrole nurse \"Ward nurse\"\nrole idle \"Nobody's job\"\nflow intake: odk -> clerk -> dhis2\nflow tally: clerk -> excel\nnurse -> commcare\n",
    )]));
    let steps = page.manual_steps();
    let people: Vec<&str> = steps.iter().map(|s| s.0.as_str()).collect();
    assert_eq!(people, ["Records clerk", "Ward nurse"]);
    assert_eq!(steps[0].1.as_deref(), Some("(District office)"));
    assert_eq!(
        steps[0].2,
        [
            (
                "intake".to_string(),
                "In intake: takes the data from ODK and moves it to DHIS2".to_string()
            ),
            (
                "tally".to_string(),
                "In tally: starts the flow, into Microsoft Excel".to_string()
            ),
        ]
    );
    assert_eq!(
        steps[1].2,
        [(
            "nurse → commcare".to_string(),
            "In nurse → commcare: starts the flow, into CommCare".to_string()
        )]
    );

    let page = Page::of(&design(&[("a.flow", "odk -> dhis2\n")]));
    assert!(page.manual_steps().is_empty());
    assert!(text(one(page.section("manual-steps"), "p.none")).contains("No person"));
}

#[test]
fn the_tools_have_kind_owner_and_adaptor_and_only_used_catalog_tools() {
    let page = Page::of(&load("examples/complete"));
    let tools = page.tools();
    let ids: BTreeSet<&str> = tools.iter().map(|t| t[0].as_str()).collect();
    assert_eq!(
        ids,
        BTreeSet::from([
            "kobotoolbox",
            "postgresql",
            "commcare",
            "openmrs",
            "metabase",
            "telerivet",
            "khis",
            "googlesheets",
            "excel",
        ]),
        "every used tool, no person, no unused catalog tool"
    );
    let row = |id: &str| page.tool(id)[1..].to_vec();
    assert_eq!(
        row("kobotoolbox"),
        [
            "KoboToolbox (humanitarian server)",
            "data collection",
            "iNGO M&E team",
            "kobotoolbox",
            "1 flow"
        ]
    );
    assert_eq!(
        row("postgresql"),
        [
            "Programme warehouse (PostgreSQL)",
            "database",
            "iNGO data engineering",
            "postgresql",
            "6 flows"
        ]
    );
    assert_eq!(
        row("khis"),
        [
            "KHIS (Kenya DHIS2)",
            "management information system",
            "Kenya Ministry of Health",
            "dhis2",
            "1 flow"
        ],
        "a declared adaptor"
    );
    assert_eq!(
        row("commcare"),
        [
            "CommCare",
            "case management",
            "—",
            "commcare (catalog)",
            "2 flows"
        ],
        "a catalog tool's adaptor says where it comes from"
    );
    assert_eq!(
        row("excel"),
        ["Microsoft Excel", "spreadsheet", "—", "none", "2 flows"]
    );
    assert_eq!(row("metabase")[3], "none");
    assert_eq!(row("googlesheets")[3], "googlesheets (catalog)");

    // A declared tool no flow uses is listed as such; an unknown step is
    // flagged; a declaration refining a catalog tool keeps the catalog's
    // adaptor unless it names one.
    let page = Page::of(&design(&[
        (
            "tools.flow",
            "tool spare \"Spare server\" { kind: storage owner: \"IT\" }\ntool odk \"Our ODK\" { owner: \"M&E\" }\ntool dhis2 { adaptor: http }\n",
        ),
        ("flows.flow", "flow f: odk -> dhis2 -> mystery\n"),
    ]));
    let tools = page.tools();
    let ids: Vec<&str> = tools.iter().map(|t| t[0].as_str()).collect();
    assert_eq!(ids, ["odk", "dhis2", "mystery", "spare"]);
    assert_eq!(
        page.tool("odk")[1..],
        [
            "Our ODK",
            "data collection",
            "M&E",
            "odk (catalog)",
            "1 flow"
        ]
    );
    assert_eq!(page.tool("dhis2")[4], "http", "declared, not the catalog's");
    assert_eq!(page.tool("mystery")[2], "Unknown step");
    assert_eq!(page.tool("mystery")[4], "—");
    assert_eq!(
        page.tool("spare")[1..],
        ["Spare server", "file storage", "IT", "none", "no flow"]
    );
}

#[test]
fn user_text_is_escaped_everywhere() {
    let nasty_doc = "Tom & Jerry's \"<b>design</b>\" <script>alert(1)</script>";
    let nasty_tool = "<Mobile> & 'Co' \"quoted\"";
    let nasty_owner = "A & B <C>";
    let nasty_role = "Ops <lead> & 'co'";
    let nasty_data = "a < b & c > \"d\"</td><img src=x>";
    let source = format!(
        "## {nasty_doc}\n##\n## Second <i>paragraph</i> & `a<b>`.\n\n\
         tool x \"{tool}\" {{ kind: mis owner: \"{owner}\" }}\n\
         role r \"{role}\"\n\
         ## Moves <data> & \"things\".\n\
         flow f: x -> r -> dhis2 {{ data: \"{data}\" notes: \"<u>n</u> & m\" }}\n",
        tool = nasty_tool.replace('"', "\\\""),
        owner = nasty_owner,
        role = nasty_role,
        data = nasty_data.replace('"', "\\\""),
    );
    let ws = design(&[("a&<b>.flow", &source)]);
    let page = Page::of(&ws);
    let root = page.root();
    // Nothing the design wrote became markup.
    for tag in ["b", "i", "u", "img", "script", "td td"] {
        assert!(all(root, tag).is_empty(), "a <{tag}> from user text");
    }
    assert_eq!(text(one(root, "head > title")), nasty_doc);
    assert_eq!(text(one(root, "header h1")), nasty_doc);
    let intro = page.introduction();
    assert_eq!(
        intro,
        [(
            "a&<b>.flow".to_string(),
            vec!["Second <i>paragraph</i> & a<b>.".to_string()]
        )]
    );
    assert_eq!(
        text(one(page.section("introduction"), "code")),
        "a<b>",
        "code spans escape too"
    );
    let flow = page.flow("f");
    assert_eq!(flow.row("Data flow").2, words(nasty_data));
    assert_eq!(
        flow.row("Tools").2,
        format!("{nasty_tool} → {nasty_role} → DHIS2")
    );
    let article = one(page.section("flows"), "article.flow");
    assert_eq!(text(one(article, "p.meta")), "in a&<b>.flow");
    assert_eq!(
        text(all(article, ":scope > p")[1]),
        "Moves <data> & \"things\"."
    );
    assert_eq!(text(one(article, "p.notes")), "Notes: <u>n</u> & m");
    assert_eq!(page.tool("x")[1], nasty_tool);
    assert_eq!(page.tool("x")[3], nasty_owner);
    assert_eq!(page.manual_steps()[0].0, nasty_role);
    // The diagram's labels too (inline SVG is parsed as SVG).
    let labels: Vec<String> = all(page.section("diagram"), "svg text")
        .into_iter()
        .map(text)
        .collect();
    assert!(
        labels
            .iter()
            .any(|l| nasty_tool.starts_with(l.as_str()) && l.contains('<')),
        "{labels:?}"
    );
}

/// The discovery checklist: absent from a design that never answers a
/// discovery question (without the profile), present with the profile,
/// each flow's rows flagged as the checks flag them, user text escaped.
#[test]
fn the_discovery_checklist_per_flow() {
    let plain = report(&load("examples/ethiopia"));
    let page = Html::parse_document(&plain);
    assert!(page.select(&sel("section#discovery")).next().is_none());
    let mut ws = design(&[(
        "a.flow",
        "tool dhis2 { auth: basic \"<b>clerk</b> é\" limits: page 10 }\nflow f: odk -> dhis2 monthly batch ~100 records/month {\n  data: \"x\"\n  transform: none\n  notify: \"<script>ሰላም</script>\"\n}\n",
    )]);
    let html = report(&ws);
    assert!(
        !html.contains("<script>") && !html.contains("<b>clerk"),
        "unescaped"
    );
    let page = Html::parse_document(&html);
    let section = one(page.root_element(), "section#discovery");
    let flows = all(section, "article.flow-discovery");
    assert_eq!(flows.len(), 1);
    let rows = all(flows[0], "tr");
    let row = |title: &str| {
        rows.iter()
            .find(|r| words(&text(**r)).starts_with(title))
            .unwrap_or_else(|| panic!("no row {title}"))
    };
    assert!(text(*row("On failure · who is notified")).contains("<script>ሰላም</script>"));
    assert_eq!(
        class(*row("On failure · how a run is redone")),
        "unanswered"
    );
    assert_eq!(class(*row("dhis2 · Authentication")), "warn");
    assert!(text(*row("dhis2 · Authentication")).contains("<b>clerk</b> é"));
    // 100 records a run, pages of 10: over the page limit.
    assert_eq!(class(*row("dhis2 · Rate and page limits")), "warn");
    assert_eq!(class(*row("odk · Authentication")), "unanswered");
    // The profile alone shows it for a design without the properties.
    ws = load("examples/ethiopia");
    ws.set_profile(flowspec_analysis::discovery::Profile::Discovery);
    let page = Html::parse_document(&report(&ws));
    assert!(page.select(&sel("section#discovery")).next().is_some());
}

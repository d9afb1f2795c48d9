//! The pictures of whole designs: DOT and Mermaid snapshots of the bundled
//! examples, and the SVG read back as XML to check what a reader sees: one
//! box per tool or person, one arrow per hop, no box on another, no arrow
//! through a box it does not connect.

use flowspec_analysis::Workspace;

use flowspec_test_fixture::Rng;

use crate::{design, load};
use flowspec_diagram::{Direction, graph, svg, svg_in};

const EXAMPLES: [&str; 4] = [
    "examples/ethiopia",
    "examples/complete",
    "examples/patient-journey",
    "examples/open-questions.flow",
];

#[test]
fn dot_snapshots() {
    for example in EXAMPLES {
        let g = graph(&load(example), None).unwrap();
        insta::assert_snapshot!(
            format!(
                "dot-{}",
                example
                    .trim_start_matches("examples/")
                    .trim_end_matches(".flow")
            ),
            flowspec_diagram::dot(&g)
        );
    }
}

#[test]
fn mermaid_snapshots() {
    for example in EXAMPLES {
        let g = graph(&load(example), None).unwrap();
        insta::assert_snapshot!(
            format!(
                "mermaid-{}",
                example
                    .trim_start_matches("examples/")
                    .trim_end_matches(".flow")
            ),
            flowspec_diagram::mermaid(&g)
        );
    }
}

#[test]
fn text_exports_escape_what_would_break_them() {
    let ws = design(&[(
        "a.flow",
        "## Title with \"quotes\" \\ and # <b>\n\ntool x \"A \\\"quoted\\\" <name> & #1\" { kind: mis }\nflow f: x -> dhis2 { data: \"x\" }\n",
    )]);
    let g = graph(&ws, None).unwrap();
    let dot = flowspec_diagram::dot(&g);
    assert!(
        dot.contains(r#"label="A \"quoted\" <name> & #1\nmis""#),
        "{dot}"
    );
    assert!(
        dot.contains(r#"label="Title with \"quotes\" \\ and # <b>""#),
        "{dot}"
    );
    let mermaid = flowspec_diagram::mermaid(&g);
    assert!(
        mermaid.contains(
            "n0[\"A #quot;quoted#quot; #lt;name#gt; #amp; #35;1<br><small>mis</small>\"]:::tool"
        ),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("title: \"Title with \\\"quotes\\\" \\\\ and # <b>\""),
        "{mermaid}"
    );
}

/// A box: x, y, width, height.
#[derive(Debug, Clone, Copy)]
struct Box4(f64, f64, f64, f64);

impl Box4 {
    fn overlaps(&self, o: &Box4) -> bool {
        self.0 < o.0 + o.2 && o.0 < self.0 + self.2 && self.1 < o.1 + o.3 && o.1 < self.1 + self.3
    }

    /// Strictly inside, by more than half a pixel.
    fn holds(&self, (x, y): (f64, f64)) -> bool {
        x > self.0 + 0.5
            && x < self.0 + self.2 - 0.5
            && y > self.1 + 0.5
            && y < self.1 + self.3 - 0.5
    }
}

/// Points along SVG path data made of M, L and C commands.
fn sample_path(d: &str) -> Vec<(f64, f64)> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    for c in d.chars() {
        if c.is_ascii_alphabetic() {
            if !current.trim().is_empty() {
                tokens.push(current.clone());
            }
            tokens.push(c.to_string());
            current.clear();
        } else if c == ' ' || c == ',' {
            if !current.trim().is_empty() {
                tokens.push(current.clone());
            }
            current.clear();
        } else {
            current.push(c);
        }
    }
    if !current.trim().is_empty() {
        tokens.push(current);
    }
    let mut points = Vec::new();
    let mut at = (0.0, 0.0);
    let mut i = 0;
    let num = |s: &str| {
        s.parse::<f64>()
            .unwrap_or_else(|_| panic!("bad number {s:?} in {d}"))
    };
    while i < tokens.len() {
        match tokens[i].as_str() {
            "M" => {
                at = (num(&tokens[i + 1]), num(&tokens[i + 2]));
                points.push(at);
                i += 3;
            }
            "L" => {
                let to = (num(&tokens[i + 1]), num(&tokens[i + 2]));
                for k in 1..=20 {
                    let t = k as f64 / 20.0;
                    points.push((at.0 + (to.0 - at.0) * t, at.1 + (to.1 - at.1) * t));
                }
                at = to;
                i += 3;
            }
            "C" => {
                let v: Vec<f64> = (1..=6).map(|k| num(&tokens[i + k])).collect();
                for k in 1..=30 {
                    let t = k as f64 / 30.0;
                    let u = 1.0 - t;
                    let f = |a: f64, b: f64, c: f64, e: f64| {
                        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * e
                    };
                    points.push((f(at.0, v[0], v[2], v[4]), f(at.1, v[1], v[3], v[5])));
                }
                at = (v[4], v[5]);
                i += 7;
            }
            other => panic!("unexpected path command {other:?} in {d}"),
        }
    }
    points
}

fn attr(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .parse()
        .unwrap()
}

fn has_class(node: &roxmltree::Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|x| x == class))
}

/// Parses the SVG and checks the picture's rules; returns (nodes, edges).
fn check_svg(svg: &str) -> (usize, usize) {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert!(has_class(&root, "flowspec-graph"));
    let (width, height) = (attr(root, "width"), attr(root, "height"));
    assert!(width > 0.0 && height > 0.0);

    let mut nodes: Vec<(String, Box4)> = Vec::new();
    for g in doc.descendants().filter(|n| has_class(n, "fs-node")) {
        assert!(g.attribute("id").unwrap().starts_with("fs-node-"));
        let rect = g
            .children()
            .find(|c| has_class(c, "fs-node-shape"))
            .expect("a node has a shape");
        let b = Box4(
            attr(rect, "x"),
            attr(rect, "y"),
            attr(rect, "width"),
            attr(rect, "height"),
        );
        nodes.push((g.attribute("data-name").unwrap().to_string(), b));
    }
    for (i, (a, ba)) in nodes.iter().enumerate() {
        for (b, bb) in nodes.iter().skip(i + 1) {
            assert!(!ba.overlaps(bb), "nodes {a} and {b} overlap: {ba:?} {bb:?}");
        }
    }
    let find = |name: &str| {
        nodes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| *b)
            .unwrap()
    };

    let mut edges = 0;
    for g in doc.descendants().filter(|n| has_class(n, "fs-edge")) {
        edges += 1;
        let (from, to) = (
            g.attribute("data-from").unwrap(),
            g.attribute("data-to").unwrap(),
        );
        let path = g
            .children()
            .find(|c| has_class(c, "fs-edge-line"))
            .expect("an edge has a line");
        let points = sample_path(path.attribute("d").unwrap());
        for (name, b) in &nodes {
            if name == from || name == to {
                continue;
            }
            if let Some(p) = points.iter().find(|p| b.holds(**p)) {
                panic!("the edge {from} -> {to} passes through {name} at {p:?}");
            }
        }
        // It starts at its source's edge and ends at its target's.
        let near = |p: (f64, f64), b: Box4| {
            p.0 >= b.0 - 1.0 && p.0 <= b.0 + b.2 + 1.0 && p.1 >= b.1 - 1.0 && p.1 <= b.1 + b.3 + 1.0
        };
        assert!(
            near(points[0], find(from)),
            "{from} -> {to} starts away from {from}"
        );
        assert!(
            near(*points.last().unwrap(), find(to)),
            "{from} -> {to} ends away from {to}"
        );
    }
    // Label text stays off the boxes.
    for label in doc.descendants().filter(|n| has_class(n, "fs-edge-label")) {
        for t in label.children().filter(|c| c.tag_name().name() == "text") {
            let p = (attr(t, "x"), attr(t, "y") - 4.0);
            for (name, b) in &nodes {
                assert!(!b.holds(p), "a label line at {p:?} sits on {name}");
            }
        }
    }
    let labels = doc
        .descendants()
        .filter(|n| has_class(n, "fs-edge-label"))
        .count();
    assert_eq!(labels, edges, "one label per hop");
    (nodes.len(), edges)
}

#[test]
fn the_examples_draw_cleanly() {
    for (example, nodes, edges) in [
        ("examples/ethiopia", 4, 5),
        ("examples/complete", 10, 10),
        ("examples/open-questions.flow", 7, 6),
    ] {
        let g = graph(&load(example), None).unwrap();
        assert_eq!((g.nodes.len(), g.edges.len()), (nodes, edges), "{example}");
        for direction in [
            None,
            Some(Direction::LeftToRight),
            Some(Direction::TopToBottom),
        ] {
            let picture = svg_in(&g, direction);
            assert_eq!(
                check_svg(&picture),
                (nodes, edges),
                "{example} {direction:?}"
            );
        }
    }
}

#[test]
fn svg_is_deterministic_and_escaped() {
    let ws = design(&[(
        "a.flow",
        "## <Design> & \"co\"\n\ntool x \"<script>alert('x')</script>\" { kind: mis }\nrole p \"Ana & Bo\"\nflow f: x -> p -> dhis2 { data: \"a\" }\nx -> x daily batch\n",
    )]);
    let g = graph(&ws, None).unwrap();
    let a = svg(&g);
    assert_eq!(a, svg(&g));
    assert!(!a.contains("<script>"));
    assert!(a.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert!(a.contains("Ana &amp; Bo"));
    assert_eq!(check_svg(&a), (3, 3));
}

#[test]
fn unanswered_flows_are_marked() {
    let g = graph(&load("examples/open-questions.flow"), None).unwrap();
    let picture = svg(&g);
    let doc = roxmltree::Document::parse(&picture).unwrap();
    let incomplete: Vec<_> = doc
        .descendants()
        .filter(|n| has_class(n, "fs-edge") && has_class(n, "fs-incomplete"))
        .collect();
    assert_eq!(incomplete.len(), 6);
    for e in &incomplete {
        let path = e.children().find(|c| has_class(c, "fs-edge-line")).unwrap();
        assert_eq!(path.attribute("marker-end"), Some("url(#fs-arrow-warn)"));
    }
    let progress: Vec<String> = doc
        .descendants()
        .filter(|n| has_class(n, "fs-label-progress"))
        .map(|n| n.text().unwrap().to_string())
        .collect();
    assert!(
        progress.contains(&"⚠ 2/6 answered, 4 open".to_string()),
        "{progress:?}"
    );
    assert!(
        progress.contains(&"⚠ 1/6 answered".to_string()),
        "{progress:?}"
    );
    // The proposed flow is dashed.
    assert_eq!(
        doc.descendants()
            .filter(|n| has_class(n, "fs-edge") && has_class(n, "fs-proposed"))
            .count(),
        1
    );
    let legend = doc
        .descendants()
        .find(|n| has_class(n, "fs-legend"))
        .unwrap();
    let words: Vec<&str> = legend.descendants().filter_map(|n| n.text()).collect();
    assert!(words.contains(&"Flow with unanswered questions"));
    assert!(words.contains(&"Proposed flow"));
}

/// A random design of `flows` flows over a pool of tools and people.
fn random_design(seed: u64, flows: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut below = |n: usize| rng.below(n);
    let pool = [
        "commcare",
        "odk",
        "kobotoolbox",
        "surveycto",
        "salesforce",
        "dhis2",
        "excel",
        "googlesheets",
        "metabase",
        "powerbi",
        "telerivet",
        "openmrs",
        "postgresql",
        "primero",
        "openfn",
        "clerk",
        "officer",
        "nurse",
    ];
    let mut out =
        String::from("role clerk \"Clerk\"\nrole officer \"Officer\"\nrole nurse \"Nurse\"\n");
    for i in 0..flows {
        let len = 2 + below(3);
        let steps: Vec<&str> = (0..len).map(|_| pool[below(pool.len())]).collect();
        let chain = steps.join(" -> ");
        match below(3) {
            0 => out.push_str(&format!("{chain} daily batch\n")),
            1 => out.push_str(&format!(
                "flow f{i}: {chain} {{ data: \"d\" transform: none timing: batch frequency: weekly volume: ~10 rows/day }}\n"
            )),
            _ => out.push_str(&format!("flow f{i}: {chain} {{ status: proposed }}\n")),
        }
    }
    out
}

#[test]
fn generated_forty_flow_designs_draw_cleanly() {
    for seed in 1..=4 {
        let ws = design(&[("gen.flow", &random_design(seed, 40))]);
        let g = graph(&ws, None).unwrap();
        assert_eq!(g.flows.len(), 40);
        let picture = svg(&g);
        let (nodes, edges) = check_svg(&picture);
        assert_eq!((nodes, edges), (g.nodes.len(), g.edges.len()));
    }
}

#[test]
fn the_forty_flow_fixture_draws_cleanly() {
    let g = graph(&load("tests/fixtures/diagram/forty-flows.flow"), None).unwrap();
    assert_eq!(g.flows.len(), 40);
    for direction in [Some(Direction::LeftToRight), Some(Direction::TopToBottom)] {
        let (nodes, edges) = check_svg(&svg_in(&g, direction));
        assert_eq!((nodes, edges), (g.nodes.len(), g.edges.len()));
    }
}

#[test]
fn one_flow_and_an_empty_design() {
    let g = graph(&load("examples/ethiopia"), Some("monthly_indicators")).unwrap();
    assert_eq!(check_svg(&svg(&g)), (4, 3));
    let g = graph(&Workspace::new(), None).unwrap();
    let picture = svg(&g);
    assert_eq!(check_svg(&picture), (0, 0));
    assert!(picture.contains("No flows to draw"));
}

#[test]
#[should_panic(expected = "passes through c")]
fn the_checks_catch_an_arrow_through_a_box() {
    check_svg(concat!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="flowspec-graph" width="300" height="100">"#,
        r#"<g class="fs-node fs-tool" id="fs-node-0" data-name="a"><rect class="fs-node-shape" x="0" y="0" width="40" height="20"/></g>"#,
        r#"<g class="fs-node fs-tool" id="fs-node-1" data-name="b"><rect class="fs-node-shape" x="200" y="0" width="40" height="20"/></g>"#,
        r#"<g class="fs-node fs-tool" id="fs-node-2" data-name="c"><rect class="fs-node-shape" x="100" y="0" width="40" height="20"/></g>"#,
        r#"<g class="fs-edge" id="fs-edge-0" data-from="a" data-to="b"><path class="fs-edge-line" d="M40 10 C80 10 160 10 200 10"/></g>"#,
        r#"</svg>"#
    ));
}

#[test]
#[should_panic(expected = "overlap")]
fn the_checks_catch_boxes_on_boxes() {
    check_svg(concat!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="flowspec-graph" width="300" height="100">"#,
        r#"<g class="fs-node fs-tool" id="fs-node-0" data-name="a"><rect class="fs-node-shape" x="0" y="0" width="40" height="20"/></g>"#,
        r#"<g class="fs-node fs-tool" id="fs-node-1" data-name="b"><rect class="fs-node-shape" x="30" y="10" width="40" height="20"/></g>"#,
        r#"</svg>"#
    ));
}

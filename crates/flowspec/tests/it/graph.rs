//! End-to-end tests of `flowspec graph` and `flowspec report`: the built
//! binary, as a user runs it.

use flowspec_test_fixture::Rng;

use crate::support::*;

/// How many times `needle` occurs in `hay`.
fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn svg_is_the_default_on_stdout() {
    let out = flowspec(&["graph", "examples/ethiopia"], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = stdout(&out);
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.trim_end().ends_with("</svg>"));
    // Four tools and people, five hops (three of monthly_indicators, two of
    // the bare chain).
    assert_eq!(count(&svg, "id=\"fs-node-"), 4);
    assert_eq!(count(&svg, "id=\"fs-edge-"), 5);
    assert_eq!(count(&svg, "<g class=\"fs-edge fs-incomplete"), 2);
    assert_eq!(count(&svg, "<g class=\"fs-node fs-role\""), 1);
    assert!(svg.contains("3/6 answered"));
    assert!(svg.contains("M&amp;E data manager"), "names are escaped");
    assert!(svg.contains("monthly, batch"));
    assert!(svg.contains("class=\"fs-legend\""));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn dot_and_mermaid_formats() {
    let dot = flowspec(&["graph", "--format", "dot", "examples/ethiopia"], &repo());
    assert_eq!(dot.status.code(), Some(0));
    let dot = stdout(&dot);
    assert!(dot.starts_with("digraph flowspec {"), "{dot}");
    assert_eq!(count(&dot, " -> "), 5);
    // The flow's name, the record it moves, its schedule.
    assert!(
        dot.contains(
            "\"commcare\" -> \"excel\" [label=\"monthly_indicators\\nCHW household visit\\nmonthly, batch\"]"
        ),
        "{dot}"
    );

    let mermaid = flowspec(
        &["graph", "--format", "mermaid", "examples/ethiopia"],
        &repo(),
    );
    assert_eq!(mermaid.status.code(), Some(0));
    let mermaid = stdout(&mermaid);
    assert!(mermaid.contains("flowchart LR"), "{mermaid}");
    assert_eq!(count(&mermaid, "-->|"), 5);
    assert!(mermaid.contains("n2([\"M#amp;E data manager"), "{mermaid}");
}

/// The width and height a PNG's header states (its IHDR chunk).
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    assert_eq!(&bytes[12..16], b"IHDR");
    let n = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (n(16), n(20))
}

/// The `width` and `height` of an SVG's root element.
fn svg_size(svg: &str) -> (f64, f64) {
    let attr = |name: &str| {
        let start = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        let end = start + svg[start..].find('"').unwrap();
        svg[start..end].parse::<f64>().unwrap()
    };
    (attr("width"), attr("height"))
}

#[test]
fn png_is_the_svg_at_its_scale_written_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let svg = stdout(&flowspec(&["graph", "examples/ethiopia"], &repo()));
    let (w, h) = svg_size(&svg);
    for (scale, args) in [(2.0, vec![]), (1.0, vec!["--scale", "1"])] {
        let target = dir.path().join(format!("design-{scale}.png"));
        let mut all = vec![
            "graph",
            "examples/ethiopia",
            "--format",
            "png",
            "-o",
            target.to_str().unwrap(),
        ];
        all.extend(args);
        let out = flowspec(&all, &repo());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(stdout(&out).is_empty());
        let bytes = std::fs::read(&target).unwrap();
        assert_eq!(
            png_size(&bytes),
            ((w * scale).ceil() as u32, (h * scale).ceil() as u32),
            "scale {scale}"
        );
    }
    // Piped (not a terminal): the bytes go to stdout.
    let out = flowspec(
        &[
            "graph",
            "examples/ethiopia",
            "--format",
            "png",
            "--scale",
            "1",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(png_size(&out.stdout), (w.ceil() as u32, h.ceil() as u32));
    for bad in ["0.5", "9", "two"] {
        let out = flowspec(
            &[
                "graph",
                "examples/ethiopia",
                "--format",
                "png",
                "--scale",
                bad,
            ],
            &repo(),
        );
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            stderr(&out).contains(&format!("`{bad}` is not a scale from 1 to 8")),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn drawio_has_a_cell_per_box_and_per_arrow() {
    let out = flowspec(
        &["graph", "examples/ethiopia", "--format", "drawio"],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let xml = stdout(&out);
    assert!(xml.starts_with("<mxfile"), "{xml}");
    assert!(xml.trim_end().ends_with("</mxfile>"));
    // The SVG's four boxes and five arrows.
    assert_eq!(count(&xml, "vertex=\"1\""), 4);
    assert_eq!(count(&xml, "edge=\"1\""), 5);
    assert!(
        xml.contains("M&amp;amp;E data manager"),
        "escaped twice: {xml}"
    );
    // One flow, with --flow.
    let one = stdout(&flowspec(
        &[
            "graph",
            "examples/ethiopia",
            "--format",
            "drawio",
            "--flow",
            "monthly_indicators",
        ],
        &repo(),
    ));
    assert_eq!(count(&one, "edge=\"1\""), 3);
}

#[test]
fn output_file_is_written_and_overwritten() {
    let dir = workspace_text(&[("a.flow", "commcare -> dhis2 monthly batch\n")]);
    let out = flowspec(&["graph", "-o", "out/../picture.svg", "."], dir.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "the folder `out` does not exist"
    );
    assert!(
        stderr(&out).contains("cannot write `out/../picture.svg`"),
        "{}",
        stderr(&out)
    );

    let out = flowspec(&["graph", "-o", "picture.svg"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
    let first = std::fs::read_to_string(dir.path().join("picture.svg")).unwrap();
    assert!(first.contains("<svg"));
    // A picture is regenerated in place.
    let out = flowspec(
        &["graph", "--format", "dot", "-o", "picture.svg"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(0));
    let second = std::fs::read_to_string(dir.path().join("picture.svg")).unwrap();
    assert!(second.starts_with("digraph"));
    // `-o -` is stdout.
    let out = flowspec(&["graph", "-o", "-", "--format", "mermaid"], dir.path());
    assert!(stdout(&out).contains("flowchart LR"));
    // Never over a design file.
    let out = flowspec(&["graph", "-o", "a.flow"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is a .flow file"), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(dir.path().join("a.flow"))
            .unwrap()
            .starts_with("commcare")
    );
}

#[test]
fn one_flow_and_did_you_mean() {
    let out = flowspec(
        &["graph", "--flow", "monthly_indicators", "examples/ethiopia"],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = stdout(&out);
    assert_eq!(count(&svg, "id=\"fs-edge-"), 3);
    assert_eq!(count(&svg, "id=\"fs-node-"), 4);
    assert!(!svg.contains("class=\"fs-edge fs-incomplete"));

    let out = flowspec(
        &[
            "graph",
            "--flow",
            "commcare -> excel -> dhis2",
            "--format",
            "dot",
            "examples/ethiopia",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(count(&stdout(&out), " -> \""), 2);

    let out = flowspec(
        &["graph", "--flow", "monthly_indicator", "examples/ethiopia"],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).is_empty());
    assert_eq!(
        stderr(&out).trim(),
        "error: no flow is named `monthly_indicator`. Did you mean `monthly_indicators`?"
    );
}

#[test]
fn one_file_of_the_design_with_steps_resolved_across_it() {
    let dir = workspace_text(&[
        (
            "tools.flow",
            "tool hmis \"National HMIS\" { kind: mis }\nrole clerk \"Records clerk\"\n",
        ),
        (
            "a.flow",
            "## Collection.\n\nflow monthly: commcare -> clerk -> hmis\n",
        ),
        ("sub/b.flow", "flow weekly: odk -> postgresql\n"),
    ]);
    let svg = |args: &[&str]| {
        let out = flowspec(args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        stdout(&out)
    };
    let one = svg(&["graph", ".", "--file", "a.flow"]);
    assert!(one.contains("National HMIS") && one.contains("Records clerk"));
    assert!(!one.contains("weekly"), "only that file's flows");
    assert!(
        !one.contains("<g class=\"fs-node fs-unknown\""),
        "tools declared elsewhere are known"
    );
    assert_eq!(count(&one, "id=\"fs-edge-"), 2);
    // However the file is spelled; and not the same as loading it alone.
    assert_eq!(svg(&["graph", "--file", "./sub/../a.flow"]), one);
    let alone = svg(&["graph", "a.flow"]);
    assert!(alone.contains("<g class=\"fs-node fs-unknown\"") && !alone.contains("National HMIS"));
    let dot = svg(&["graph", ".", "--file", "sub/b.flow", "--format", "dot"]);
    assert_eq!(count(&dot, " -> "), 1);
    assert!(dot.contains("weekly"));

    let out = flowspec(&["graph", "sub", "--file", "a.flow"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "error: `a.flow` is not one of the design's files (the paths given, or `.`)"
    );
    let out = flowspec(
        &["graph", "--file", "a.flow", "--flow", "monthly"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot be used with"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn usage_errors() {
    let out = flowspec(&["graph", "no/such/folder"], &repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("cannot read `no/such/folder`"),
        "{}",
        stderr(&out)
    );
    let out = flowspec(&["graph", "--format", "gif", "examples"], &repo());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'gif'"),
        "{}",
        stderr(&out)
    );
    let help = flowspec(&["graph", "--help"], &repo());
    assert!(stdout(&help).contains("--flow <NAME>"));
    let help = flowspec(&["report", "--help"], &repo());
    assert!(stdout(&help).contains("--force"));
    let words = stdout(&help)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(words.contains("not overwritten unless --force"), "{words}");
}

#[test]
fn a_design_with_errors_is_drawn_with_a_note() {
    let dir = workspace_text(&[("a.flow", "flow f: comcare -> dhis2 { data: \"x\" }\n")]);
    let out = flowspec(&["graph"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("<g class=\"fs-node fs-unknown\""));
    assert!(
        stderr(&out).contains("note: the design has 1 error"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_empty_design_is_a_picture_that_says_so() {
    let dir = workspace_text(&[("a.flow", "## Nothing yet.\n\ntool x\n")]);
    let out = flowspec(&["graph"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("No flows to draw"));
}

#[test]
fn report_writes_one_self_contained_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("design.html");
    let page_arg = page.to_str().unwrap();
    let out = flowspec(
        &["report", "examples/open-questions.flow", "-o", page_arg],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("wrote `"), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for section in [
        "introduction",
        "diagram",
        "flows",
        "open-questions",
        "manual-steps",
        "tools",
    ] {
        assert!(
            html.contains(&format!("<section id=\"{section}\">")),
            "{section}"
        );
    }
    assert!(html.contains("<svg"));
    assert_eq!(count(&html, "<article class=\"flow"), 5);
    // No network: no external scripts, styles, images or fonts.
    for forbidden in ["<script", "<link", "src=\"http", "url(http", "@import"] {
        assert!(!html.contains(forbidden), "{forbidden}");
    }
    assert!(html.contains("@media print"));
    assert!(html.contains("District nutrition officer"));

    // An existing page is kept unless --force.
    std::fs::write(&page, "annotated").unwrap();
    let out = flowspec(
        &["report", "examples/open-questions.flow", "-o", page_arg],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("pass --force to overwrite it"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&page).unwrap(), "annotated");
    let out = flowspec(
        &[
            "report",
            "examples/open-questions.flow",
            "-o",
            page_arg,
            "--force",
        ],
        &repo(),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(&page)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
}

#[test]
fn report_to_stdout_and_escaping() {
    let dir = workspace_text(&[(
        "a.flow",
        "## <script>alert(1)</script> & co\n\ntool x \"<b>X</b>\" { kind: mis }\nflow f: x -> dhis2 { data: \"</td><img src=x>\" }\n",
    )]);
    let out = flowspec(&["report"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(!html.contains("<script>"));
    assert!(!html.contains("<b>X</b>"));
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
    assert!(html.contains("&lt;/td&gt;&lt;img src=x&gt;"));
}

#[test]
fn report_shows_paths_from_the_design_folder_not_as_given() {
    // A folder given absolutely: no absolute path (nor the temporary
    // folder's name) may leak into a page sent to stakeholders.
    let dir = workspace_text(&[
        (
            "é/collection.flow",
            "## The collection.\n\nflow f: commcare -> dhis2 monthly\n",
        ),
        (
            "é/hmis/ሰላም.flow",
            "## The HMIS side.\n\nflow g: dhis2 -> excel monthly\n",
        ),
    ]);
    let folder = dir.path().join("é");
    let out = flowspec(&["report", folder.to_str().unwrap()], &repo());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = stdout(&out);
    let temp = dir.path().to_string_lossy().to_string();
    assert!(!html.contains(&temp), "the page names {temp}");
    assert!(html.contains("<code>collection.flow</code>"), "{html}");
    assert!(html.contains("<code>hmis/ሰላም.flow</code>"), "{html}");
    assert!(
        html.contains("<p class=\"source\">hmis/ሰላም.flow</p>"),
        "{html}"
    );
}

/// A plausible design with forty flows: collection tools feed people,
/// storage and integration, which feed systems of record and then
/// dashboards and messaging; a few flows go back. Deterministic.
fn forty_flow_design() -> String {
    let tiers: [&[&str]; 5] = [
        &["commcare", "odk", "kobotoolbox", "surveycto"],
        &["data_clerk", "me_officer"],
        &["postgresql", "excel", "googlesheets", "openfn"],
        &["dhis2", "openmrs", "primero", "salesforce"],
        &["metabase", "powerbi", "telerivet", "rapidpro"],
    ];
    let what = [
        "visit forms",
        "household registrations",
        "referrals",
        "stock reports",
        "lab results",
        "case updates",
        "indicator totals",
        "appointment lists",
    ];
    let frequencies = [
        "daily",
        "weekly",
        "monthly",
        "hourly",
        "every 6 hours",
        "continuous",
        "on-demand",
    ];
    let mut rng = Rng::new(2024);
    let mut out = String::from(
        "## A generated design with forty flows, for pictures and reports.\n##\n## Collection tools feed people, storage and integration, which feed\n## systems of record, then dashboards and messaging.\n\n# Generated: FLOWSPEC_REGENERATE=1 cargo test -p flowspec --test graph\n\n",
    );
    out.push_str(
        "role data_clerk \"District data clerk\" {\n  owner: \"District health office\"\n}\n\n",
    );
    out.push_str("role me_officer \"M&E officer\"\n\n");
    let mut names = std::collections::HashSet::new();
    for i in 0..40 {
        let mut tier = [0, 0, 0, 2, 3][rng.below(5)];
        let mut chain = vec![tiers[tier][rng.below(tiers[tier].len())]];
        let hops = 1 + rng.below(3);
        for _ in 0..hops {
            if tier >= 4 {
                break;
            }
            let mut next = tier + 1 + rng.below(2);
            if next == 1 && rng.below(2) == 0 {
                next = 2;
            }
            tier = next.min(4);
            let step = tiers[tier][rng.below(tiers[tier].len())];
            if !chain.contains(&step) {
                chain.push(step);
            }
        }
        if rng.below(10) == 0 {
            // Back to the warehouse.
            chain.push("postgresql");
            chain.dedup();
        }
        if chain.len() < 2 {
            chain.push(if chain[0] == "postgresql" {
                "metabase"
            } else {
                "postgresql"
            });
        }
        let data = what[rng.below(what.len())];
        let frequency = frequencies[rng.below(frequencies.len())];
        let timing = match frequency {
            "continuous" => "realtime",
            "on-demand" => "manual",
            _ if chain.iter().any(|s| tiers[1].contains(s)) => "manual",
            _ => "batch",
        };
        let header = chain.join(" -> ");
        if rng.below(4) == 0 {
            out.push_str(&format!("{header} {frequency} {timing}\n\n"));
            continue;
        }
        let mut name = format!("{}_{}", data.replace(' ', "_"), chain[chain.len() - 1]);
        if !names.insert(name.clone()) {
            name = format!("{name}_{i}");
            names.insert(name.clone());
        }
        out.push_str(&format!("flow {name}: {header} {{\n  data: \"{data}\"\n"));
        match rng.below(5) {
            0 => {}
            1 => out.push_str("  transform: tbd\n"),
            _ => out.push_str("  transform: none\n"),
        }
        out.push_str(&format!("  timing: {timing}\n  frequency: {frequency}\n"));
        if rng.below(3) > 0 {
            out.push_str(&format!(
                "  volume: ~{} records/day\n",
                100 * (1 + rng.below(50))
            ));
        }
        if rng.below(5) == 0 {
            out.push_str("  status: proposed\n");
        }
        out.push_str("}\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

const FORTY_FLOWS: &str = "tests/fixtures/diagram/forty-flows.flow";

#[test]
fn the_forty_flow_fixture_is_the_generated_design() {
    let path = repo().join(FORTY_FLOWS);
    let generated = forty_flow_design();
    if std::env::var_os("FLOWSPEC_REGENERATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{FORTY_FLOWS} is not the generated design: run FLOWSPEC_REGENERATE=1 cargo test -p flowspec --test graph"
    );
}

#[test]
fn forty_flows_are_drawn_in_good_time() {
    let dir = workspace_text(&[("design.flow", &forty_flow_design())]);
    let check = flowspec(&["check"], dir.path());
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    let started = std::time::Instant::now();
    let out = flowspec(&["graph"], dir.path());
    let elapsed = started.elapsed();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let svg = stdout(&out);
    assert_eq!(count(&svg, " data-edge=\""), count(&svg, "id=\"fs-edge-"));
    assert!(count(&svg, "id=\"fs-edge-") >= 60);
    // Generous for debug builds on a loaded machine.
    assert!(elapsed.as_secs() < 20, "{elapsed:?}");
    let out = flowspec(&["report"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(count(&stdout(&out), "<article class=\"flow"), 40);
}

/// Forty-seven hops, self-loops included, among four tools: `layout-rs`
/// fails an assertion on this one drawn top to bottom, and the drawing
/// falls back to a simpler pass. The user sees a picture, and no panic
/// message.
#[test]
fn a_layout_that_needs_a_second_attempt_prints_nothing() {
    let tools = ["commcare", "dhis2", "kobo", "salesforce"];
    let hops = [
        (3, 0),
        (2, 0),
        (0, 3),
        (1, 2),
        (0, 2),
        (1, 0),
        (3, 2),
        (1, 0),
        (3, 3),
        (1, 0),
        (3, 2),
        (1, 1),
        (2, 0),
        (0, 0),
        (3, 2),
        (2, 2),
        (1, 2),
        (2, 1),
        (1, 1),
        (3, 1),
        (3, 3),
        (3, 3),
        (3, 0),
        (2, 1),
        (0, 2),
        (1, 3),
        (3, 3),
        (0, 1),
        (2, 2),
        (3, 0),
        (2, 2),
        (2, 2),
        (0, 2),
        (1, 3),
        (1, 3),
        (1, 2),
        (1, 3),
        (3, 1),
        (3, 1),
        (1, 1),
        (1, 0),
        (2, 1),
        (0, 3),
        (2, 1),
        (2, 3),
        (2, 3),
        (2, 1),
    ];
    let design: String = hops
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| format!("flow f{i}: {} -> {}\n", tools[a], tools[b]))
        .collect();
    let dir = workspace_text(&[("dense.flow", &design)]);
    let out = flowspec(&["graph", "--direction", "tb", "dense.flow"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let svg = stdout(&out);
    assert_eq!(count(&svg, "id=\"fs-node-"), 4);
    assert_eq!(count(&svg, "id=\"fs-edge-"), hops.len());
}

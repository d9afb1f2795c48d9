//! The pictures people paste: the PNG decoded (its size is the SVG's times
//! the scale, it is not blank, the boxes' and arrows' colours are there) and
//! the Draw.io file read back as mxGraph XML (one cell per box and per
//! arrow, each arrow from and to the right boxes, boxes where the SVG has
//! them).

use std::collections::HashMap;

use flowspec_analysis::Workspace;
use flowspec_diagram::text::escape;
use flowspec_diagram::{Direction, Graph, drawio, graph, png, png_of_svg, svg_in};

use crate::{design, load};

const EXAMPLES: [&str; 4] = [
    "examples/ethiopia",
    "examples/complete",
    "examples/open-questions.flow",
    "tests/fixtures/diagram/forty-flows.flow",
];

struct Decoded {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
}

fn decode(bytes: &[u8]) -> Decoded {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buffer).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba, "RGBA pixels");
    buffer.truncate(info.buffer_size());
    Decoded {
        width: info.width,
        height: info.height,
        rgba: buffer,
    }
}

/// The SVG's `width` and `height`.
fn svg_size(svg: &str) -> (f64, f64) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let root = doc.root_element();
    let n = |a: &str| root.attribute(a).unwrap().parse::<f64>().unwrap();
    (n("width"), n("height"))
}

fn hex(rgb: &str) -> [u8; 3] {
    let v = u32::from_str_radix(rgb.trim_start_matches('#'), 16).unwrap();
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

/// What a reader would notice in a picture, in one pass over its pixels:
/// how much the luminance varies, and how many pixels are (almost exactly)
/// each of `colours`.
fn look(image: &Decoded, colours: &[&str]) -> (f64, Vec<usize>) {
    let wanted: Vec<[u8; 3]> = colours.iter().map(|c| hex(c)).collect();
    let mut counts = vec![0; wanted.len()];
    let (mut sum, mut squares) = (0u64, 0u64);
    for p in image.rgba.chunks_exact(4) {
        let lum = (299 * u64::from(p[0]) + 587 * u64::from(p[1]) + 114 * u64::from(p[2])) / 1000;
        sum += lum;
        squares += lum * lum;
        if p[3] == 255 {
            for (i, w) in wanted.iter().enumerate() {
                if p[0].abs_diff(w[0]) <= 2 && p[1].abs_diff(w[1]) <= 2 && p[2].abs_diff(w[2]) <= 2
                {
                    counts[i] += 1;
                }
            }
        }
    }
    let n = (image.rgba.len() / 4) as f64;
    let mean = sum as f64 / n;
    (squares as f64 / n - mean * mean, counts)
}

#[test]
fn the_png_is_the_svg_at_scale_with_its_boxes_and_arrows() {
    for example in EXAMPLES {
        let g = graph(&load(example), None).unwrap();
        let svg = svg_in(&g, None);
        let (w, h) = svg_size(&svg);
        // The large design once; the others at 1 and 2 pixels per unit.
        let scales: &[f32] = if g.nodes.len() > 12 {
            &[1.0]
        } else {
            &[1.0, 2.0]
        };
        for &scale in scales {
            let image = decode(&png(&g, None, scale).unwrap());
            assert_eq!(
                (image.width, image.height),
                (
                    (w * f64::from(scale)).ceil() as u32,
                    (h * f64::from(scale)).ceil() as u32
                ),
                "{example} at {scale}"
            );
            // The background is white and opaque.
            assert_eq!(&image.rgba[..4], &[255, 255, 255, 255], "{example}");
            // Tool fill and border, text, amber arrows, a person's pill.
            let (variance, n) = look(
                &image,
                &["#eef4fc", "#4a72b0", "#1e293b", "#d97706", "#f5f0ff"],
            );
            // Not blank: the luminance varies.
            assert!(variance > 100.0, "{example}: variance {variance}");
            let area = f64::from(scale * scale);
            assert!(n[0] as f64 > 500.0 * area, "{example}: no tool fill");
            assert!(n[1] as f64 > 50.0 * area, "{example}: no tool border");
            assert!(n[2] > 20, "{example}: no text");
            if g.flows.iter().any(|f| !f.complete()) {
                assert!(n[3] > 20, "{example}: no amber arrow");
            }
            if g.nodes
                .iter()
                .any(|n| n.kind == flowspec_diagram::NodeKind::Role)
            {
                assert!(n[4] > 300, "{example}: no person's pill");
            }
        }
    }
}

#[test]
fn the_png_is_the_same_on_every_run_and_draws_accented_text() {
    let ws = design(&[(
        "a.flow",
        "tool dossier \"Ménage · École\"\nflow sync_é: commcare -> dossier { frequency: monthly }\n",
    )]);
    let g = graph(&ws, None).unwrap();
    let first = png(&g, Some(Direction::LeftToRight), 1.0).unwrap();
    assert_eq!(first, png(&g, Some(Direction::LeftToRight), 1.0).unwrap());
    assert!(png_of_svg(&svg_in(&g, None), -1.0).is_err());
    assert!(png_of_svg("not an svg", 1.0).is_err());
}

/// Each `fs-node-N` box of the SVG: its rectangle, in the SVG's diagram
/// group (before the group's translation).
fn svg_boxes(svg: &str) -> HashMap<String, (f64, f64, f64, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| {
            n.attribute("id")
                .is_some_and(|id| id.starts_with("fs-node-"))
        })
        .map(|g| {
            let rect = g.children().find(|c| c.has_tag_name("rect")).unwrap();
            let n = |a: &str| rect.attribute(a).unwrap().parse::<f64>().unwrap();
            (
                g.attribute("id").unwrap().to_string(),
                (n("x"), n("y"), n("width"), n("height")),
            )
        })
        .collect()
}

fn check_drawio(g: &Graph, direction: Option<Direction>, what: &str) {
    let text = drawio(g, direction);
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{what}: {e}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "mxfile");
    let model = root
        .descendants()
        .find(|n| n.has_tag_name("mxGraphModel"))
        .expect("an mxGraphModel");
    let cells: Vec<_> = model
        .descendants()
        .filter(|n| n.has_tag_name("mxCell"))
        .collect();
    // The two cells every mxGraph model starts with.
    assert_eq!(cells[0].attribute("id"), Some("0"));
    assert_eq!(cells[1].attribute("parent"), Some("0"));
    let ids: Vec<&str> = cells.iter().filter_map(|c| c.attribute("id")).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{what}: ids are unique");

    let vertices: Vec<_> = cells
        .iter()
        .filter(|c| c.attribute("vertex") == Some("1"))
        .collect();
    let edges: Vec<_> = cells
        .iter()
        .filter(|c| c.attribute("edge") == Some("1"))
        .collect();
    assert_eq!(vertices.len(), g.nodes.len(), "{what}: one cell per box");
    assert_eq!(edges.len(), g.edges.len(), "{what}: one cell per arrow");
    let by_id: HashMap<&str, _> = cells
        .iter()
        .filter_map(|c| Some((c.attribute("id")?, *c)))
        .collect();
    for (i, node) in g.nodes.iter().enumerate() {
        let cell = by_id[format!("fs-node-{i}").as_str()];
        assert_eq!(cell.attribute("parent"), Some("1"));
        let value = cell.attribute("value").unwrap();
        assert!(value.contains(&escape(&node.label)), "{what}: {value}");
        let style = cell.attribute("style").unwrap();
        match node.kind {
            flowspec_diagram::NodeKind::Role => assert!(style.contains("arcSize=50"), "{style}"),
            flowspec_diagram::NodeKind::Unknown => assert!(style.contains("dashed=1"), "{style}"),
            flowspec_diagram::NodeKind::Tool => {
                assert!(style.contains("fillColor=#eef4fc"), "{style}")
            }
        }
    }
    for (i, edge) in g.edges.iter().enumerate() {
        let cell = by_id[format!("fs-edge-{i}").as_str()];
        assert_eq!(
            cell.attribute("source"),
            Some(format!("fs-node-{}", edge.from).as_str()),
            "{what}"
        );
        assert_eq!(
            cell.attribute("target"),
            Some(format!("fs-node-{}", edge.to).as_str()),
            "{what}"
        );
        let flow = &g.flows[edge.flow];
        assert!(cell.attribute("value").unwrap().contains(&format!(
            "<b>{}</b>",
            flow.name.split(" -> ").collect::<Vec<_>>().join(" → ")
        )));
        let geometry = cell
            .children()
            .find(|c| c.has_tag_name("mxGeometry"))
            .unwrap();
        assert_eq!(geometry.attribute("relative"), Some("1"));
    }

    // Boxes where the SVG draws them: the same sizes and the same offsets
    // from the first box.
    let svg = svg_boxes(&svg_in(g, direction));
    let geometry = |id: &str| {
        let cell = by_id[id];
        let geo = cell
            .children()
            .find(|c| c.has_tag_name("mxGeometry"))
            .unwrap();
        let n = |a: &str| geo.attribute(a).unwrap().parse::<f64>().unwrap();
        (n("x"), n("y"), n("width"), n("height"))
    };
    if let Some(first) = svg.get("fs-node-0") {
        let d0 = geometry("fs-node-0");
        for (id, s) in &svg {
            let d = geometry(id);
            assert!(
                (d.2 - s.2).abs() < 0.11 && (d.3 - s.3).abs() < 0.11,
                "{what}: {id} size"
            );
            assert!(
                ((d.0 - d0.0) - (s.0 - first.0)).abs() < 0.2
                    && ((d.1 - d0.1) - (s.1 - first.1)).abs() < 0.2,
                "{what}: {id} is not where the SVG has it"
            );
        }
    }
}

#[test]
fn the_drawio_file_has_a_cell_per_box_and_per_arrow_from_the_same_layout() {
    for example in EXAMPLES {
        let g = graph(&load(example), None).unwrap();
        check_drawio(&g, None, example);
        check_drawio(&g, Some(Direction::TopToBottom), example);
    }
}

#[test]
fn the_drawio_file_escapes_user_text_and_marks_people_and_unknown_steps() {
    let ws = design(&[(
        "a.flow",
        "role clerk \"Clerk <b> & \\\"co\\\"\"\nflow \"x\": commcare -> clerk -> nowhere_áé { status: proposed }\n",
    )]);
    let g = graph(&ws, None).unwrap();
    check_drawio(&g, None, "escaping");
    let text = drawio(&g, None);
    assert!(!text.contains("<b> &"), "raw user text");
    let doc = roxmltree::Document::parse(&text).unwrap();
    let clerk = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("fs-node-1"))
        .unwrap();
    assert!(
        clerk
            .attribute("value")
            .unwrap()
            .contains("Clerk &lt;b&gt; &amp;")
    );
    let edge = doc
        .descendants()
        .find(|n| n.attribute("id") == Some("fs-edge-0"))
        .unwrap();
    assert!(
        edge.attribute("style").unwrap().contains("dashed=1"),
        "a proposed flow is dashed"
    );
    // The empty design is still a valid file.
    let empty = drawio(&graph(&Workspace::new(), None).unwrap(), None);
    roxmltree::Document::parse(&empty).unwrap();
}

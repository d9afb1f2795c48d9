//! The SVG picture as a PNG, for documents and slides: rendered in Rust
//! (resvg: usvg parses, tiny-skia paints) from the very SVG `svg_in` writes.
//!
//! Text uses only the fonts bundled in `fonts/` (Liberation Sans, metric
//! compatible with the Helvetica widths `text.rs` lays out with, and a
//! DejaVu Sans subset for arrows and symbols such as ⚠), loaded from bytes:
//! no system font is ever looked up, so a design gives the same pixels on
//! every machine. Letters no bundled font has (Ethiopic, CJK, emoji) are
//! drawn as the font's missing-glyph box.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::graph::Graph;
use crate::layout::Direction;
use crate::svg::svg_in;

const REGULAR: &[u8] = include_bytes!("../fonts/LiberationSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../fonts/LiberationSans-Bold.ttf");
const SYMBOLS: &[u8] = include_bytes!("../fonts/DejaVuSans-Symbols.ttf");

/// The family the bundled text font registers as.
const FAMILY: &str = "Liberation Sans";

/// No side longer than this many pixels: a larger scale is reduced.
pub const MAX_SIDE: f32 = 16_384.0;

/// The bundled fonts, loaded once.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = usvg::fontdb::Database::new();
            for data in [REGULAR, BOLD, SYMBOLS] {
                db.load_font_data(data.to_vec());
            }
            // Every generic family, and any family the SVG names that is
            // not bundled (Helvetica, Arial), falls back to this one.
            db.set_sans_serif_family(FAMILY);
            db.set_serif_family(FAMILY);
            db.set_monospace_family(FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// Why no PNG could be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PngError(pub String);

impl std::fmt::Display for PngError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for PngError {}

/// The graph as a PNG, `scale` pixels per SVG unit (2 for sharp text on
/// slides and high-density screens).
pub fn png(graph: &Graph, direction: Option<Direction>, scale: f32) -> Result<Vec<u8>, PngError> {
    png_of_svg(&svg_in(graph, direction), scale)
}

/// Any SVG this crate writes, as a PNG. The scale is reduced if a side
/// would exceed [`MAX_SIDE`] pixels.
pub fn png_of_svg(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err(PngError(format!("the scale must be above 0, not {scale}")));
    }
    let options = usvg::Options {
        font_family: FAMILY.to_string(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options)
        .map_err(|e| PngError(format!("the picture could not be read: {e}")))?;
    let size = tree.size();
    let scale = fitted_scale(size.width(), size.height(), scale);
    let (w, h) = (
        (size.width() * scale).ceil() as u32,
        (size.height() * scale).ceil() as u32,
    );
    let mut pixmap = tiny_skia::Pixmap::new(w.max(1), h.max(1))
        .ok_or_else(|| PngError(format!("a {w}×{h} picture is too large to draw")))?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError(format!("the PNG could not be written: {e}")))
}

/// The scale, reduced so that no side exceeds [`MAX_SIDE`] pixels.
fn fitted_scale(width: f32, height: f32, scale: f32) -> f32 {
    scale.min(MAX_SIDE / width.max(height).max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One character drawn large, as RGBA pixels.
    fn draw(c: char, weight: &str) -> Vec<u8> {
        let svg = format!(
            "<svg xmlns='http://www.w3.org/2000/svg' width='60' height='60'><text x='8' y='44' font-family='Helvetica, Arial, sans-serif' font-weight='{weight}' font-size='40'>{c}</text></svg>"
        );
        let png = png_of_svg(&svg, 1.0).unwrap();
        let decoder = ::png::Decoder::new(std::io::Cursor::new(png));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut pixels).unwrap();
        pixels
    }

    #[test]
    fn the_bundled_fonts_draw_what_the_svg_writes() {
        let families: Vec<String> = fonts()
            .faces()
            .flat_map(|f| f.families.iter().map(|(n, _)| n.clone()))
            .collect();
        assert!(families.iter().any(|f| f == FAMILY), "{families:?}");
        // A private-use character no font has: the missing-glyph drawing.
        for weight in ["normal", "bold"] {
            let missing = draw('\u{e000}', weight);
            for c in ['A', 'é', '→', '⚠', '·', '…', '—'] {
                let drawn = draw(c, weight);
                assert!(drawn.chunks(4).any(|p| p[3] > 0), "{c:?} draws nothing");
                assert_ne!(
                    drawn, missing,
                    "{c:?} ({weight}) is drawn as a missing glyph"
                );
            }
        }
    }

    #[test]
    fn a_huge_scale_is_reduced_to_the_largest_side() {
        assert_eq!(fitted_scale(800.0, 400.0, 2.0), 2.0);
        assert_eq!(fitted_scale(800.0, 400.0, 1000.0) * 800.0, MAX_SIDE);
        assert_eq!(fitted_scale(400.0, 800.0, 1000.0) * 800.0, MAX_SIDE);
    }

    #[test]
    fn rejects_a_scale_of_zero() {
        assert!(
            png_of_svg(
                "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>",
                0.0
            )
            .is_err()
        );
    }
}

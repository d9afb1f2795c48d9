//! The mapping table as an Excel workbook: one sheet, `Mapping`, with the
//! CSV's columns and cells. What a spreadsheet user expects of it: the
//! header row bold and frozen, a filter on every column, widths that fit
//! the text (up to a bound, long rules wrapped), and the rows a person
//! must implement (`needs_person`) marked in amber, so the work left is
//! visible at a glance.

use flowspec_analysis::Workspace;
use flowspec_analysis::records::table::{FlowMapping, mappings};
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook};

pub use rust_xlsxwriter::XlsxError;

use super::{COLUMNS, cells};

/// The widest a column is made, in characters; longer text wraps.
const MAX_WIDTH: usize = 48;

/// The workbook of every flow of the workspace that moves records; `None`
/// when no flow does (there is no table to write).
pub fn mapping_xlsx(workspace: &Workspace) -> Option<Result<Vec<u8>, XlsxError>> {
    let tables = mappings(workspace);
    (!tables.is_empty()).then(|| xlsx_of(&tables))
}

/// The workbook of these tables: a header row, then their rows.
pub fn xlsx_of(tables: &[FlowMapping]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Mapping")
            .set_subject("Where each field of each flow's target comes from")
            .set_comment("Written by flowspec export mapping"),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name("Mapping")?;
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xE2E8F0))
        .set_border_bottom(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let plain = Format::new().set_align(FormatAlign::Top).set_text_wrap();
    let person = plain
        .clone()
        .set_background_color(Color::RGB(0xFEF3C7))
        .set_font_color(Color::RGB(0x92400E));
    let mut widths: Vec<usize> = COLUMNS.iter().map(|c| c.chars().count()).collect();
    for (col, name) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, *name, &header)?;
    }
    let mut row_number: u32 = 0;
    for table in tables {
        for row in &table.rows {
            row_number += 1;
            let format = if row.needs_a_person { &person } else { &plain };
            for (col, cell) in cells(table, row).iter().enumerate() {
                sheet.write_string_with_format(row_number, col as u16, cell, format)?;
                let longest = cell.lines().map(|l| l.chars().count()).max().unwrap_or(0);
                widths[col] = widths[col].max(longest);
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        sheet.set_column_width(col as u16, (width.min(&MAX_WIDTH) + 2) as f64)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, row_number, (COLUMNS.len() - 1) as u16)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, FontWeight, Reader, Xlsx, open_workbook_from_rs};
    use flowspec_test_fixture::designs::MAPPING_AWKWARD;
    use std::io::Cursor;

    fn workbook() -> (Vec<FlowMapping>, Xlsx<Cursor<Vec<u8>>>) {
        let mut ws = Workspace::new();
        ws.set_file("design.flow", MAPPING_AWKWARD);
        let tables = mappings(&ws);
        let bytes = mapping_xlsx(&ws).expect("a table").expect("a workbook");
        assert!(bytes.starts_with(b"PK\x03\x04"), "a zip file");
        (
            tables,
            open_workbook_from_rs(Cursor::new(bytes)).expect("Excel's format"),
        )
    }

    #[test]
    fn the_workbook_holds_the_csvs_cells() {
        let (tables, mut book) = workbook();
        assert_eq!(book.sheet_names(), ["Mapping"]);
        let range = book.worksheet_range("Mapping").unwrap();
        let read: Vec<Vec<String>> = range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::String(s) => s.clone(),
                        Data::Empty => String::new(),
                        other => panic!("a cell that is not text: {other:?}"),
                    })
                    .collect()
            })
            .collect();
        let mut wanted = vec![COLUMNS.map(str::to_string).to_vec()];
        for table in &tables {
            wanted.extend(table.rows.iter().map(|row| cells(table, row).to_vec()));
        }
        assert_eq!(read, wanted);
        // Text the CSV must quote, kept as written: Amharic, emoji, quotes,
        // commas and a line break.
        let district = read.iter().find(|r| r[8] == "district").unwrap();
        assert_eq!(
            district[12],
            "the CHW's district, \"as assigned\"\non two lines"
        );
        assert!(read.iter().any(|r| r[4] == "id, with a comma"));
        assert!(
            read.iter()
                .any(|r| r[12] == "\"1\" -> \"ሴት\", \"2\" -> \"ወንድ\"")
        );
    }

    #[test]
    fn the_header_is_bold_and_the_work_left_is_amber() {
        let (_, mut book) = workbook();
        let range = book.worksheet_range("Mapping").unwrap();
        let styles = book.worksheet_style("Mapping").unwrap();
        let bold = |row: u32, col: u32| {
            styles
                .get((row, col))
                .and_then(|s| s.font.as_ref())
                .is_some_and(|f| f.weight == FontWeight::Bold)
        };
        let amber = |row: u32| {
            styles
                .get((row, 0))
                .and_then(|s| s.fill.as_ref())
                .and_then(|f| f.foreground_color.or(f.background_color))
                .is_some_and(|c| (c.red, c.green, c.blue) == (0xFE, 0xF3, 0xC7))
        };
        assert!((0..COLUMNS.len() as u32).all(|c| bold(0, c)));
        for (i, row) in range.rows().enumerate().skip(1) {
            let needs_person = row[14] == Data::String("yes".into());
            assert_eq!(amber(i as u32), needs_person, "row {i}: {row:?}");
            assert!(!bold(i as u32, 0));
        }
        assert!(
            range
                .rows()
                .skip(1)
                .any(|r| r[14] == Data::String("yes".into())),
            "the design has work left for a person"
        );
    }
}

//! The mapping spreadsheet: every flow's mapping table, one row per field
//! of the target per flow, the table integration teams write by hand
//! today, as CSV or as an Excel workbook (`xlsx`). The rows are the
//! analysis's (`records::table::mappings`), the same as the report's
//! mapping tables; this only writes them, both formats from the same
//! cells.
//!
//! CSV is RFC 4180 through the `csv` crate: a field holding a comma, a
//! quote or a line break is quoted, a quote doubled; UTF-8 without a
//! byte-order mark; lines end with CRLF, as the RFC and spreadsheets expect.

mod xlsx;

use flowspec_analysis::Workspace;
use flowspec_analysis::records::table::{FlowMapping, MappingRow, mappings};

pub use xlsx::{XlsxError, mapping_xlsx, xlsx_of};

/// The columns, in order (`grammar/REFERENCE.md` documents each).
pub const COLUMNS: [&str; 15] = [
    "flow",
    "source_tool",
    "source_record",
    "source_field",
    "source_name",
    "source_format",
    "target_tool",
    "target_record",
    "target_field",
    "target_name",
    "target_format",
    "kind",
    "rule",
    "example",
    "needs_person",
];

/// The CSV of every flow of the workspace that moves records; `None` when
/// no flow does (there is no table to write).
pub fn mapping_csv(workspace: &Workspace) -> Option<String> {
    let tables = mappings(workspace);
    (!tables.is_empty()).then(|| csv_of(&tables))
}

/// The CSV of these tables (a header row, then their rows).
pub fn csv_of(tables: &[FlowMapping]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let failed = "writing CSV to memory cannot fail";
    writer.write_record(COLUMNS).expect(failed);
    for table in tables {
        for row in &table.rows {
            writer.write_record(cells(table, row)).expect(failed);
        }
    }
    let bytes = writer.into_inner().expect(failed);
    String::from_utf8(bytes).expect("the fields are UTF-8 strings")
}

/// One row's cells, in the order of [`COLUMNS`].
pub fn cells(table: &FlowMapping, row: &MappingRow) -> [String; COLUMNS.len()] {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    [
        table.flow.clone(),
        table.source_tool.clone(),
        row.source_record.clone(),
        opt(&row.source_field),
        opt(&row.source_name),
        opt(&row.source_format),
        table.target_tool.clone(),
        row.target_record.clone(),
        row.target_field.clone(),
        opt(&row.target_name),
        opt(&row.target_format),
        row.kind.as_str().to_string(),
        row.rule.clone(),
        opt(&row.example),
        if row.needs_a_person { "yes" } else { "no" }.to_string(),
    ]
}

//! Designs that the in-process and the protocol tests of one feature
//! share, so that both ask the same questions of the same text. Each holds
//! names after accents, Amharic and emoji on their lines.

/// The declaration in one file, uses in two others (one never opened); a
/// name after non-ASCII text on the same line everywhere.
pub const MINISTRY: &str = r#"//- tools.flow
## Les systèmes du ministère — ሚኒስቴር 😀
role clerk "Agent de saisie — ጸሐፊ 😀" tool hmis "Système national 😀" { kind: mis }
//- monthly.flow
flow monthly: commcare -> clerk -> hmis monthly batch { data: "visites é ጉብኝት 😀" } hm$0is -> dhis2 weekly
//- weekly.flow
flow weekly: excel -> hmis { notes: "é 😀" } flow other: hmis -> excel daily
"#;

/// A design to outline: tools, a role and flows (named, bare, two on one
/// line), answers of every kind.
pub const OUTLINE: &str = r#"//- design.flow
## Ethiopia CHW reporting — ኢትዮጵያ 😀

## The MoH's national system — ሚኒስቴር.
tool dhis2 "DHIS2 (Ethiopia MoH) — ጤና 😀" {
  kind: mis
  owner: "Ministère de la santé"
}

role data_manager "Gestionnaire — ዳታ 😀" tool commcare { owner: "iNGO é" }

## Key health indicators.
flow monthly_indicators: commcare -> excel -> data_manager -> dhis2 {
  data: ["CHW visit forms 😀", "key health indicators"]
  transform {
    visit_date: "MM/DD/YYYY" -> "DD/MM/YYYY"
    indicators: "sum visits per district per month"
  }
  timing: batch "the MoH refreshes its dashboards monthly — ወርሃዊ"
  frequency: monthly
  volume: tbd
  status: current
}

# The shorthand, é 😀: an anonymous flow, then a named one on the same line.
commcare -> excel -> dhis2 monthly batch { notes: "ክ 😀" } flow weekly_sms: telerivet -> dhis2 weekly { volume: ~500 messages/week }
"#;

/// Names to search for across three files: prefixes, substrings and
/// subsequences of one another.
pub const SEARCH: &str = r#"//- tools.flow
## Systèmes — ሲስተም 😀
role his_clerk "Agent — ጸሐፊ 😀" tool hmis "Système national 😀" tool this "ክ 😀"
//- flows/monthly.flow
flow hmis_sync: hmis -> dhis2 { data: "é ጉብኝት 😀" } flow monthly_his: excel -> hmis
commcare -> excel
//- flows/other.flow
tool commcare { notes: "😀" } flow mobile_intake: commcare -> hmis
"#;

/// Declarations in their own file, for the fixtures that add a file of
/// flows to complete in.
pub const TOOLS: &str = r#"//- tools.flow
## The ministry's own HMIS.
tool hmis "National HMIS" {
  kind: mis
}

tool dhis2 "DHIS2 (Ethiopia MoH)" {
  owner: "Ethiopia Ministry of Health"
}

role clerk "Records clerk"
"#;

/// Flows with volumes and frequencies: a hint per run, a hint per day, none
/// for a continuous flow or one without a frequency.
pub const VOLUMES: &str = r#"flow monthly_indicators: commcare -> dhis2 {
  frequency: weekly
  volume: ~12000 records/month
}

flow nightly: odk -> postgresql {
  frequency: daily
  volume: 1.5k forms
}

flow streaming: telerivet -> rapidpro {
  frequency: continuous
  volume: 50 messages/minute
}

flow unscheduled: kobo -> excel {
  volume: 300 submissions/week
}

commcare -> dhis2 every 2 hours <2 MB/run batch
"#;

/// Folds of every kind: doc and plain comment runs, a flow header over
/// several lines, blocks, lists, a nested block with comments, and a block
/// never closed.
pub const FOLDS: &str = r#"## Données de santé — የጤና መረጃ 📊
## A second line of the file's doc.

# Two plain comment lines
# fold together.
## And a doc comment for the flow,
## on two lines.
flow visites: clinic
  -> excel
  -> dhis2 monthly {
  data: [
    "fiches de visite",
    "የጉብኝት ቅጾች 📋",
  ]
  transform {
    date: "JJ/MM/AAAA" -> "AAAA-MM-JJ"
    # a comment inside
    # the nested block
  }
  volume: ~1.2k forms/month }

commcare -> dhis2
  daily batch
{
  data: ["a", "b",
    "c"]
}

tool clinic "Clinique 🏥" {
  notes: "the tool block is never closed"

role r { notes: "one line" }
"#;

/// Accents, Amharic and emoji in names, strings and comments.
pub const ACCENTS: &str = "## Données de santé — የጤና መረጃ 📊\ntool école \"École 🏫\"\nrole ክሊኒክ \"ክሊኒክ — Clinique 🏥\" { notes: \"😀😀\" }\n\n# ✓ après: 😀\nflow visites: école -> ክሊኒክ -> dhis2 { data: [\"fiches\", \"የጉብኝት 📋\"] volume: ~1.2k forms/month }\n";

/// A mapping whose table is awkward to write: Amharic and emoji, quotes,
/// commas and a line break in cells, a code list, a constant, and a field
/// left to a person (the CSV and the workbook tests share it).
pub const MAPPING_AWKWARD: &str = r#"## ታካሚ: a patient, "as agreed", 🏥
record patient "ታካሚ 🏥" {
  pid: text identifier required
  sex: choice ["ሴት", "ወንድ"] required
  district: text required
  note: text
  region: text
}

tool odk {
  kind: collection
  owns patient {
    pid: as "id, with a comma"
    sex: as "ጾታ" ["1", "2"]
  }
}

tool dhis2 {
  kind: mis
  keeps patient
}

flow register: odk -> dhis2 {
  data: patient
  transform {
    sex: ["1" -> "ሴት", "2" -> "ወንድ"]
    district: rule "the CHW's district, \"as assigned\"\non two lines"
    note: const "a, b 🙂"
  }
}
"#;

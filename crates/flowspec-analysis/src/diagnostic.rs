//! Diagnostics: what the analysis reports, with a stable code per kind.
//!
//! The CLI prints these and the language server translates them; neither
//! decides anything about them beyond the severity settings below.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use flowspec_syntax::Span;

use crate::FileId;

/// The one table of diagnostic codes: each code's variant, its stable name
/// (the LSP `code`, the CLI's label, the heading in `grammar/diagnostics.md`,
/// the key in severity settings), its default severity and a one-line
/// summary (the VS Code setting's description). `Code::ALL`, `as_str`,
/// `default_severity` and `summary` are generated from it; tests check
/// `grammar/diagnostics.md` and `editors/vscode/package.json` against it.
macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $summary:literal;)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }

            pub fn default_severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// One line on what the code reports.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }
    };
}

codes! {
    Syntax = "syntax", Error, "Text that is not a `.flow` design";
    UnknownReference = "unknown-reference", Error, "A chain step that names no tool, role or catalog tool";
    DuplicateDeclaration = "duplicate-declaration", Error, "Two declarations of one name";
    UnknownProperty = "unknown-property", Error, "A key the item does not take";
    InvalidValue = "invalid-value", Error, "A value that makes no sense for its key";
    DuplicateAnswer = "duplicate-answer", Error, "A question answered twice in one flow";
    UnansweredData = "unanswered-data", Warning, "Data flow left unanswered";
    UnansweredTransform = "unanswered-transform", Warning, "Transformation left unanswered";
    UnansweredTiming = "unanswered-timing", Warning, "Timing left unanswered";
    UnansweredFrequency = "unanswered-frequency", Warning, "Frequency left unanswered";
    UnansweredVolume = "unanswered-volume", Warning, "Volume left unanswered";
    OpenQuestion = "open-question", Information, "A question answered `tbd` or `unknown`";
    Contradiction = "contradiction", Warning, "Answers that contradict each other, such as `realtime` on a monthly schedule";
    UnusedDeclaration = "unused-declaration", Hint, "A tool or role no flow uses";
    ManualStep = "manual-step", Hint, "A person moves the data: a candidate for automation";
    FormatMismatch = "format-mismatch", Warning, "A field the two systems keep in different formats (or codes) that no mapping converts, such as `MM/DD/YYYY` into `YYYY-MM-DD`";
    UnmappedField = "unmapped-field", Warning, "A required or identifier field of the target record that nothing maps";
    UnknownField = "unknown-field", Error, "A mapping or kept field naming a field the record or tool does not have";
    TypeMismatch = "type-mismatch", Error, "A value that does not fit its field: text into an integer, a code not in the target's list";
    UnmappedCode = "unmapped-code", Warning, "A code list that leaves some of the source's codes unmapped";
    NoIdentifier = "no-identifier", Warning, "A record moved between two systems with no identifier field: re-runs make duplicates";
    PersonalData = "personal-data", Information, "Personal data flowing to an analytics, spreadsheet or messaging tool: a question to ask";
    DuplicateOwner = "duplicate-owner", Error, "Two systems of record (`owns`) for one record";
    UnansweredAuth = "unanswered-auth", Warning, "Discovery: a tool that does not say how the integration authenticates";
    BasicAuth = "basic-auth", Warning, "Discovery: a tool reached with a user name and password on every request";
    UnansweredHosting = "unanswered-hosting", Warning, "Discovery: a tool that does not say where it is hosted and how it is reached";
    UnansweredSandbox = "unanswered-sandbox", Warning, "Discovery: a tool that does not say whether a test environment exists";
    UnansweredAdmin = "unanswered-admin", Warning, "Discovery: a tool that does not say who administers it";
    UnansweredLimits = "unanswered-limits", Warning, "Discovery: a tool that does not say its rate or page limits";
    OverLimit = "over-limit", Warning, "Discovery: a flow whose runs exceed a tool's rate or page limit";
    UnansweredFailure = "unanswered-failure", Warning, "Discovery: a flow that does not say who is notified when a run fails, or how it is redone";
    UnansweredIdentifier = "unanswered-identifier", Warning, "Discovery: a flow that does not say which identifier makes a re-run idempotent";
    UnansweredDirection = "unanswered-direction", Warning, "Discovery: a flow that does not say whether data moves one way or both";
}

impl Code {
    /// The checks of records, kept records and mappings: a design without
    /// records never gets them.
    pub fn is_about_records(self) -> bool {
        matches!(
            self,
            Code::FormatMismatch
                | Code::UnmappedField
                | Code::UnknownField
                | Code::TypeMismatch
                | Code::UnmappedCode
                | Code::NoIdentifier
                | Code::PersonalData
                | Code::DuplicateOwner
        )
    }

    /// The checks of the `discovery` profile: without it, never reported.
    pub fn is_discovery(self) -> bool {
        matches!(
            self,
            Code::UnansweredAuth
                | Code::BasicAuth
                | Code::UnansweredHosting
                | Code::UnansweredSandbox
                | Code::UnansweredAdmin
                | Code::UnansweredLimits
                | Code::OverLimit
                | Code::UnansweredFailure
                | Code::UnansweredIdentifier
                | Code::UnansweredDirection
        )
    }

    /// Editors fade code that such a diagnostic covers.
    pub fn is_unnecessary(self) -> bool {
        self == Code::UnusedDeclaration
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Code {
    type Err = String;
    fn from_str(s: &str) -> Result<Code, String> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
                match crate::suggest::did_you_mean(s, names.iter().copied()) {
                    Some(best) => format!("unknown diagnostic code `{s}`; did you mean `{best}`?"),
                    None => format!(
                        "unknown diagnostic code `{s}`; the codes are: {}",
                        names.join(", ")
                    ),
                }
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Information,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "information",
            Severity::Hint => "hint",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A setting for one code: a severity, or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    On(Severity),
    Off,
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Level, String> {
        Ok(match s {
            "error" => Level::On(Severity::Error),
            "warning" => Level::On(Severity::Warning),
            "information" | "info" => Level::On(Severity::Information),
            "hint" => Level::On(Severity::Hint),
            "off" => Level::Off,
            _ => {
                return Err(format!(
                    "unknown severity `{s}`: use error, warning, information, hint or off"
                ));
            }
        })
    }
}

/// Severity overrides per code (from editor settings or the command line).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SeverityConfig {
    overrides: HashMap<Code, Level>,
}

impl SeverityConfig {
    pub fn set(&mut self, code: Code, level: Level) {
        self.overrides.insert(code, level);
    }

    /// The severity a code is reported at, or `None` when it is off.
    pub fn severity(&self, code: Code) -> Option<Severity> {
        match self.overrides.get(&code) {
            Some(Level::On(s)) => Some(*s),
            Some(Level::Off) => None,
            None => Some(code.default_severity()),
        }
    }
}

/// A text edit in the diagnostic's own file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// A suggested change that resolves a diagnostic ("did you mean" and the like).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn replace(span: Span, new_text: impl Into<String>, title: impl Into<String>) -> Fix {
        Fix {
            title: title.into(),
            edits: vec![Edit {
                span,
                new_text: new_text.into(),
            }],
        }
    }
}

/// Another place that explains a diagnostic (the other declaration of a
/// duplicate, the answer a contradiction clashes with).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub span: Span,
    pub message: String,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            severity: code.default_severity(),
            span,
            message: message.into(),
            related: Vec::new(),
            fixes: Vec::new(),
        }
    }

    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fixes.push(fix);
        self
    }

    pub fn with_related(
        mut self,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> Diagnostic {
        self.related.push(Related {
            file,
            span,
            message: message.into(),
        });
        self
    }
}

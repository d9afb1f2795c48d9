//! Diagnostics: what the analysis reports, with a stable code per kind.
//!
//! The CLI prints these and the language server translates them; neither
//! decides anything about them beyond the severity settings below.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use flowspec_syntax::Span;

use crate::FileId;

/// The stable code of a diagnostic kind: the LSP `code`, the CLI's label,
/// the heading in the reference, the key in severity settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    Syntax,
    UnknownReference,
    DuplicateDeclaration,
    UnknownProperty,
    InvalidValue,
    DuplicateAnswer,
    UnansweredData,
    UnansweredTransform,
    UnansweredTiming,
    UnansweredFrequency,
    UnansweredVolume,
    OpenQuestion,
    Contradiction,
    UnusedDeclaration,
    ManualStep,
    FormatMismatch,
    UnmappedField,
    UnknownField,
    TypeMismatch,
    UnmappedCode,
    NoIdentifier,
    PersonalData,
    DuplicateOwner,
}

impl Code {
    pub const ALL: [Code; 23] = [
        Code::Syntax,
        Code::UnknownReference,
        Code::DuplicateDeclaration,
        Code::UnknownProperty,
        Code::InvalidValue,
        Code::DuplicateAnswer,
        Code::UnansweredData,
        Code::UnansweredTransform,
        Code::UnansweredTiming,
        Code::UnansweredFrequency,
        Code::UnansweredVolume,
        Code::OpenQuestion,
        Code::Contradiction,
        Code::UnusedDeclaration,
        Code::ManualStep,
        Code::FormatMismatch,
        Code::UnmappedField,
        Code::UnknownField,
        Code::TypeMismatch,
        Code::UnmappedCode,
        Code::NoIdentifier,
        Code::PersonalData,
        Code::DuplicateOwner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::UnknownReference => "unknown-reference",
            Code::DuplicateDeclaration => "duplicate-declaration",
            Code::UnknownProperty => "unknown-property",
            Code::InvalidValue => "invalid-value",
            Code::DuplicateAnswer => "duplicate-answer",
            Code::UnansweredData => "unanswered-data",
            Code::UnansweredTransform => "unanswered-transform",
            Code::UnansweredTiming => "unanswered-timing",
            Code::UnansweredFrequency => "unanswered-frequency",
            Code::UnansweredVolume => "unanswered-volume",
            Code::OpenQuestion => "open-question",
            Code::Contradiction => "contradiction",
            Code::UnusedDeclaration => "unused-declaration",
            Code::ManualStep => "manual-step",
            Code::FormatMismatch => "format-mismatch",
            Code::UnmappedField => "unmapped-field",
            Code::UnknownField => "unknown-field",
            Code::TypeMismatch => "type-mismatch",
            Code::UnmappedCode => "unmapped-code",
            Code::NoIdentifier => "no-identifier",
            Code::PersonalData => "personal-data",
            Code::DuplicateOwner => "duplicate-owner",
        }
    }

    pub fn default_severity(self) -> Severity {
        match self {
            Code::Syntax
            | Code::UnknownReference
            | Code::DuplicateDeclaration
            | Code::UnknownProperty
            | Code::InvalidValue
            | Code::DuplicateAnswer
            | Code::UnknownField
            | Code::TypeMismatch
            | Code::DuplicateOwner => Severity::Error,
            Code::UnansweredData
            | Code::UnansweredTransform
            | Code::UnansweredTiming
            | Code::UnansweredFrequency
            | Code::UnansweredVolume
            | Code::Contradiction
            | Code::FormatMismatch
            | Code::UnmappedField
            | Code::UnmappedCode
            | Code::NoIdentifier => Severity::Warning,
            Code::OpenQuestion | Code::PersonalData => Severity::Information,
            Code::UnusedDeclaration | Code::ManualStep => Severity::Hint,
        }
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
            .into_iter()
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

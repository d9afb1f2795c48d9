//! Discovery: the questions of OpenFn's discovery and API-discovery
//! checklists, asked of a design only when the `discovery` profile is on.
//!
//! Each tool a flow uses says how the integration authenticates (`auth`),
//! where it is hosted and how it is reached (`hosting`), whether a test
//! environment exists (`sandbox`), who administers it (`admin`) and its
//! rate and page limits (`limits`). Each flow says what happens when a run
//! fails (`notify`, `rerun`), which identifier makes a re-run idempotent
//! (`identifier`, or a record's `identifier` field) and whether data moves
//! one way or both (`direction`). The words of each property are in one
//! table here, which lowering, highlighting, completion and hover all read.
//!
//! The properties are part of the language whatever the profile: a value
//! is checked (`invalid-value`) as any other. Only the questions (what is
//! unanswered, `basic` authentication, a run over a limit) wait for the
//! profile, so a design checked without it gets the diagnostics it always
//! did.

pub mod check;
mod limits;

use std::str::FromStr;

use flowspec_syntax::ast::Name;

use crate::diagnostic::Code;
use crate::model::Answer;
use crate::values::{Period, VolumeUnit, format_number};

pub use limits::{LIMIT_PERIODS, LimitsError, read_limits};

/// Which checks run beyond the language's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// The six questions, records and mappings: what `flowspec check` does
    /// without `--profile`.
    #[default]
    Design,
    /// Also the discovery checklists.
    Discovery,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Design, Profile::Discovery];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Design => "design",
            Profile::Discovery => "discovery",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Profile::Design => "the six design questions, records and mappings",
            Profile::Discovery => {
                "also the discovery checklists: how each tool is reached, and how each flow fails, re-runs and fits the tools' limits"
            }
        }
    }
}

impl FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Profile, String> {
        Profile::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown profile `{s}`: use design or discovery"))
    }
}

/// A word of one of the discovery properties' vocabularies.
pub trait Word: Copy + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
    /// What the word says, for completion and hover.
    fn describe(self) -> &'static str;
    fn parse(word: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|w| w.as_str() == word)
    }
}

/// `auth`: how the integration proves who it is to the tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthMethod {
    ApiKey,
    Oauth,
    Token,
    Basic,
    None,
}

impl Word for AuthMethod {
    const ALL: &'static [AuthMethod] = &[
        AuthMethod::ApiKey,
        AuthMethod::Oauth,
        AuthMethod::Token,
        AuthMethod::Basic,
        AuthMethod::None,
    ];
    fn as_str(self) -> &'static str {
        match self {
            AuthMethod::ApiKey => "api-key",
            AuthMethod::Oauth => "oauth",
            AuthMethod::Token => "token",
            AuthMethod::Basic => "basic",
            AuthMethod::None => "none",
        }
    }
    fn describe(self) -> &'static str {
        match self {
            AuthMethod::ApiKey => "an API key issued for the integration",
            AuthMethod::Oauth => {
                "OAuth: a client id and secret, tokens that expire and are refreshed"
            }
            AuthMethod::Token => "a personal access or bearer token",
            AuthMethod::Basic => "a user name and password on every request (basic authentication)",
            AuthMethod::None => "no authentication: an open endpoint, or a file dropped in place",
        }
    }
}

/// `hosting`: where the tool runs, which decides how it is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Hosting {
    Cloud,
    SelfHosted,
    OnPremise,
}

impl Word for Hosting {
    const ALL: &'static [Hosting] = &[Hosting::Cloud, Hosting::SelfHosted, Hosting::OnPremise];
    fn as_str(self) -> &'static str {
        match self {
            Hosting::Cloud => "cloud",
            Hosting::SelfHosted => "self-hosted",
            Hosting::OnPremise => "on-premise",
        }
    }
    fn describe(self) -> &'static str {
        match self {
            Hosting::Cloud => "run by its vendor, reachable over the internet",
            Hosting::SelfHosted => "on servers the organisation runs, reachable over the internet",
            Hosting::OnPremise => {
                "on a local network: reachable only from inside it or through a VPN"
            }
        }
    }
}

/// `sandbox`: whether a test environment exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sandbox {
    Yes,
    No,
}

impl Word for Sandbox {
    const ALL: &'static [Sandbox] = &[Sandbox::Yes, Sandbox::No];
    fn as_str(self) -> &'static str {
        match self {
            Sandbox::Yes => "yes",
            Sandbox::No => "no",
        }
    }
    fn describe(self) -> &'static str {
        match self {
            Sandbox::Yes => "a test environment exists, to build and try the integration on",
            Sandbox::No => "no test environment: the integration is tried on live data",
        }
    }
}

/// `direction`: whether data moves one way or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    OneWay,
    TwoWay,
}

impl Word for Direction {
    const ALL: &'static [Direction] = &[Direction::OneWay, Direction::TwoWay];
    fn as_str(self) -> &'static str {
        match self {
            Direction::OneWay => "one-way",
            Direction::TwoWay => "two-way",
        }
    }
    fn describe(self) -> &'static str {
        match self {
            Direction::OneWay => "data moves from the first step to the last only",
            Direction::TwoWay => {
                "changes also come back: both ends are kept in step, so each must know which copy wins"
            }
        }
    }
}

/// Every word of the discovery vocabularies, with the key it belongs to.
pub fn discovery_words() -> impl Iterator<Item = (&'static str, &'static str)> {
    fn of<W: Word>(key: &'static str) -> impl Iterator<Item = (&'static str, &'static str)> {
        W::ALL.iter().map(move |w| (key, w.as_str()))
    }
    of::<AuthMethod>("auth")
        .chain(of::<Hosting>("hosting"))
        .chain(of::<Sandbox>("sandbox"))
        .chain(of::<Direction>("direction"))
}

/// The word of `key`'s vocabulary, in words, if `word` is one.
pub fn describe_word(key: &str, word: &str) -> Option<&'static str> {
    match key {
        "auth" => AuthMethod::parse(word).map(AuthMethod::describe),
        "hosting" => Hosting::parse(word).map(Hosting::describe),
        "sandbox" => Sandbox::parse(word).map(Sandbox::describe),
        "direction" => Direction::parse(word).map(Direction::describe),
        _ => None,
    }
}

/// The words `key` takes, for completion (`None` for keys without a
/// vocabulary).
pub fn words_of(key: &str) -> Option<Vec<(&'static str, &'static str)>> {
    fn of<W: Word>() -> Vec<(&'static str, &'static str)> {
        W::ALL.iter().map(|w| (w.as_str(), w.describe())).collect()
    }
    Some(match key {
        "auth" => of::<AuthMethod>(),
        "hosting" => of::<Hosting>(),
        "sandbox" => of::<Sandbox>(),
        "direction" => of::<Direction>(),
        _ => return None,
    })
}

/// A word with the string that may follow it: `hosting: on-premise "MoH VPN"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Noted<W> {
    pub word: W,
    pub note: Option<String>,
}

impl<W: Word> Noted<W> {
    pub fn display(&self) -> String {
        match &self.note {
            Some(note) => format!("{} ({note})", self.word.as_str()),
            None => self.word.as_str().to_string(),
        }
    }
}

/// A rate limit: `100 per minute`, `10000 records/day`.
#[derive(Debug, Clone, PartialEq)]
pub struct RateLimit {
    pub amount: f64,
    /// What is counted; `None` (the default) means requests.
    pub unit: Option<VolumeUnit>,
    pub period: Period,
}

impl RateLimit {
    pub fn display(&self) -> String {
        let unit = match self.unit {
            Some(u) if self.amount == 1.0 => u.singular(),
            Some(u) => u.plural(),
            None if self.amount == 1.0 => "request",
            None => "requests",
        };
        format!(
            "{} {unit} per {}",
            format_number(self.amount),
            self.period.as_str()
        )
    }
}

/// `limits`: what a tool accepts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Limits {
    pub rate: Option<RateLimit>,
    /// The most records one request sends or returns.
    pub page: Option<f64>,
}

impl Limits {
    /// `none` was written: the tool has no limits to speak of.
    pub fn is_none(&self) -> bool {
        self.rate.is_none() && self.page.is_none()
    }

    pub fn display(&self) -> String {
        let mut parts = Vec::new();
        if let Some(rate) = &self.rate {
            parts.push(rate.display());
        }
        if let Some(page) = self.page {
            parts.push(format!("page {}", format_number(page)));
        }
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// `notify`: who is told when a run fails.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notify {
    /// `none`: nobody is told.
    Nobody,
    Who(String),
}

/// `identifier`: what makes a re-run idempotent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identifier {
    /// A field of the flow's target record (or the tool's own key).
    Field(Name),
    /// In words.
    Text(String),
}

/// What a tool says to the discovery questions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ToolDiscovery {
    pub auth: Option<Answer<Noted<AuthMethod>>>,
    pub hosting: Option<Answer<Noted<Hosting>>>,
    pub sandbox: Option<Answer<Noted<Sandbox>>>,
    pub admin: Option<Answer<String>>,
    pub limits: Option<Answer<Limits>>,
}

impl ToolDiscovery {
    pub fn is_empty(&self) -> bool {
        self == &ToolDiscovery::default()
    }
}

/// What a flow says to the discovery questions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowDiscovery {
    pub notify: Option<Answer<Notify>>,
    pub rerun: Option<Answer<String>>,
    pub identifier: Option<Answer<Identifier>>,
    pub direction: Option<Answer<Direction>>,
}

impl FlowDiscovery {
    pub fn is_empty(&self) -> bool {
        self == &FlowDiscovery::default()
    }
}

/// The questions of the checklists, in the order the report lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Question {
    Auth,
    Hosting,
    Sandbox,
    Admin,
    Limits,
    Failure,
    Identifier,
    Direction,
}

impl Question {
    /// Asked of each tool a flow uses.
    pub const TOOL: [Question; 5] = [
        Question::Auth,
        Question::Hosting,
        Question::Sandbox,
        Question::Admin,
        Question::Limits,
    ];
    /// Asked of each flow.
    pub const FLOW: [Question; 3] = [Question::Failure, Question::Identifier, Question::Direction];
    pub const ALL: [Question; 8] = [
        Question::Auth,
        Question::Hosting,
        Question::Sandbox,
        Question::Admin,
        Question::Limits,
        Question::Failure,
        Question::Identifier,
        Question::Direction,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Question::Auth => "Authentication",
            Question::Hosting => "Hosting and network",
            Question::Sandbox => "Test environment",
            Question::Admin => "Administrator",
            Question::Limits => "Rate and page limits",
            Question::Failure => "On failure",
            Question::Identifier => "Idempotent re-runs",
            Question::Direction => "Direction",
        }
    }

    pub fn question(self) -> &'static str {
        match self {
            Question::Auth => "How does the integration authenticate?",
            Question::Hosting => "Where is it hosted, and what network constraints apply?",
            Question::Sandbox => "Is there a test environment?",
            Question::Admin => "Who administers it (accounts, credentials, changes)?",
            Question::Limits => "What rate or page limits does its API set?",
            Question::Failure => {
                "When a run fails, who is notified, and how is the run redone safely?"
            }
            Question::Identifier => {
                "Which unique identifier makes a re-run update rather than duplicate?"
            }
            Question::Direction => "Does data move one way, or both ways?",
        }
    }

    /// The property that answers it (a flow's failure: `notify` and `rerun`).
    pub fn keys(self) -> &'static [&'static str] {
        match self {
            Question::Auth => &["auth"],
            Question::Hosting => &["hosting"],
            Question::Sandbox => &["sandbox"],
            Question::Admin => &["admin"],
            Question::Limits => &["limits"],
            Question::Failure => &["notify", "rerun"],
            Question::Identifier => &["identifier"],
            Question::Direction => &["direction"],
        }
    }

    pub fn unanswered_code(self) -> Code {
        match self {
            Question::Auth => Code::UnansweredAuth,
            Question::Hosting => Code::UnansweredHosting,
            Question::Sandbox => Code::UnansweredSandbox,
            Question::Admin => Code::UnansweredAdmin,
            Question::Limits => Code::UnansweredLimits,
            Question::Failure => Code::UnansweredFailure,
            Question::Identifier => Code::UnansweredIdentifier,
            Question::Direction => Code::UnansweredDirection,
        }
    }

    /// An example answer, for messages.
    pub fn example(self) -> &'static str {
        match self {
            Question::Auth => "auth: api-key",
            Question::Hosting => "hosting: cloud",
            Question::Sandbox => "sandbox: yes \"https://play.dhis2.org\"",
            Question::Admin => "admin: \"the HMIS unit\"",
            Question::Limits => "limits: [100 per minute, page 500]",
            Question::Failure => {
                "notify: \"the M&E data manager, by e-mail\" and rerun: \"run it again: records are updated, not added\""
            }
            Question::Identifier => "identifier: national_id",
            Question::Direction => "direction: one-way",
        }
    }
}

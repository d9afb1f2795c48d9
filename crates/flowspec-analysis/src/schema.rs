//! What the language knows: the six design questions, the item types and
//! the properties each takes. Hover, completion and the checks all read
//! these tables.

use crate::diagnostic::Code;

/// The six questions every flow must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Tools,
    Data,
    Transform,
    Timing,
    Frequency,
    Volume,
}

impl Category {
    pub const ALL: [Category; 6] = [
        Category::Tools,
        Category::Data,
        Category::Transform,
        Category::Timing,
        Category::Frequency,
        Category::Volume,
    ];

    /// The five answered by properties (Tools is answered by the chain).
    pub const ANSWERED_BY_PROPERTIES: [Category; 5] = [
        Category::Data,
        Category::Transform,
        Category::Timing,
        Category::Frequency,
        Category::Volume,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Category::Tools => "Tools",
            Category::Data => "Data flow",
            Category::Transform => "Transformation",
            Category::Timing => "Timing",
            Category::Frequency => "Frequency",
            Category::Volume => "Volume",
        }
    }

    /// The design question, as the method asks it.
    pub fn question(self) -> &'static str {
        match self {
            Category::Tools => "What tools are we hoping to integrate?",
            Category::Data => {
                "What data are we sending? Which direction? What other tools or humans facilitate the flow?"
            }
            Category::Transform => "Is any transformation needed so the integration goes smoothly?",
            Category::Timing => "What initiates this data flow?",
            Category::Frequency => "How often is this process happening?",
            Category::Volume => "What is the scale of this integration?",
        }
    }

    /// The flow property that answers it.
    pub fn key(self) -> Option<&'static str> {
        match self {
            Category::Tools => None,
            Category::Data => Some("data"),
            Category::Transform => Some("transform"),
            Category::Timing => Some("timing"),
            Category::Frequency => Some("frequency"),
            Category::Volume => Some("volume"),
        }
    }

    pub fn from_key(key: &str) -> Option<Category> {
        Category::ANSWERED_BY_PROPERTIES
            .into_iter()
            .find(|c| c.key() == Some(key))
    }

    /// The code reported when a flow leaves this question open.
    pub fn unanswered_code(self) -> Option<Code> {
        match self {
            Category::Tools => None,
            Category::Data => Some(Code::UnansweredData),
            Category::Transform => Some(Code::UnansweredTransform),
            Category::Timing => Some(Code::UnansweredTiming),
            Category::Frequency => Some(Code::UnansweredFrequency),
            Category::Volume => Some(Code::UnansweredVolume),
        }
    }

    /// How to answer it, for the unanswered-* messages.
    pub fn how_to_answer(self) -> &'static str {
        match self {
            Category::Tools => "Write the chain: `commcare -> dhis2`",
            Category::Data => {
                "Answer with `data: \"what moves\"` or a list, `data: [\"visit forms\", \"referrals\"]`"
            }
            Category::Transform => {
                "Answer `transform: none` if the data goes through as it is, or say what changes: `transform: \"sum visits per district\"`"
            }
            Category::Timing => {
                "Answer `timing: realtime` (each event starts it), `batch` (a schedule starts it) or `manual` (a person starts it)"
            }
            Category::Frequency => {
                "Answer with `frequency: monthly` (or hourly, daily, weekly, `every 2 hours`, `cron \"0 2 * * *\"`, continuous, on-demand)"
            }
            Category::Volume => "Answer with `volume: ~500 forms/day` (about 500 forms a day)",
        }
    }

    /// An example answer, for messages and snippets.
    pub fn example(self) -> &'static str {
        match self {
            Category::Tools => "commcare -> dhis2",
            Category::Data => "data: \"CHW visit forms\"",
            Category::Transform => "transform: \"sum visits per district\"",
            Category::Timing => "timing: batch",
            Category::Frequency => "frequency: monthly",
            Category::Volume => "volume: ~500 forms/day",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemType {
    Tool,
    Role,
    Flow,
}

impl ItemType {
    pub fn keyword(self) -> &'static str {
        match self {
            ItemType::Tool => "tool",
            ItemType::Role => "role",
            ItemType::Flow => "flow",
        }
    }

    pub fn properties(self) -> &'static [PropertyInfo] {
        match self {
            ItemType::Tool => TOOL_PROPERTIES,
            ItemType::Role => ROLE_PROPERTIES,
            ItemType::Flow => FLOW_PROPERTIES,
        }
    }

    pub fn property(self, key: &str) -> Option<&'static PropertyInfo> {
        self.properties().iter().find(|p| p.key == key)
    }
}

/// One property an item takes: for checks, hover and completion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PropertyInfo {
    pub key: &'static str,
    /// What it says, in one sentence.
    pub summary: &'static str,
    /// The values it accepts, as a reader would write them.
    pub accepts: &'static str,
    pub category: Option<Category>,
}

impl PropertyInfo {
    /// A property of the discovery checklists (`--profile discovery`).
    pub fn is_discovery(&self) -> bool {
        matches!(
            self.key,
            "auth"
                | "hosting"
                | "sandbox"
                | "admin"
                | "limits"
                | "notify"
                | "rerun"
                | "identifier"
                | "direction"
        )
    }
}

const NAME: PropertyInfo = PropertyInfo {
    key: "name",
    summary: "The display name (the string after the id is shorthand for it).",
    accepts: "a string",
    category: None,
};
const OWNER: PropertyInfo = PropertyInfo {
    key: "owner",
    summary: "Who is responsible for it.",
    accepts: "a string",
    category: None,
};
const NOTES: PropertyInfo = PropertyInfo {
    key: "notes",
    summary: "Anything else worth writing down.",
    accepts: "a string",
    category: None,
};

pub const TOOL_PROPERTIES: &[PropertyInfo] = &[
    NAME,
    PropertyInfo {
        key: "kind",
        summary: "What sort of tool it is.",
        accepts: "collection, case-management, mis, ehr, spreadsheet, database, analytics, messaging, erp, storage or other",
        category: None,
    },
    PropertyInfo {
        key: "adaptor",
        summary: "The OpenFn adaptor that connects to it (`@openfn/language-<adaptor>`).",
        accepts: "an OpenFn adaptor name, such as dhis2 or commcare",
        category: None,
    },
    OWNER,
    PropertyInfo {
        key: "url",
        summary: "Where the tool lives.",
        accepts: "a string holding an http:// or https:// URL",
        category: None,
    },
    NOTES,
    PropertyInfo {
        key: "auth",
        summary: "How the integration authenticates to the tool (discovery).",
        accepts: "api-key, oauth, token, basic or none, optionally followed by a string that says more",
        category: None,
    },
    PropertyInfo {
        key: "hosting",
        summary: "Where the tool is hosted, and so how the integration reaches it (discovery).",
        accepts: "cloud, self-hosted or on-premise, optionally followed by a string giving the network constraints (VPN, IP allow-list)",
        category: None,
    },
    PropertyInfo {
        key: "sandbox",
        summary: "Whether a test environment exists to build the integration on (discovery).",
        accepts: "yes or no, optionally followed by a string (where it is)",
        category: None,
    },
    PropertyInfo {
        key: "admin",
        summary: "Who administers the tool: accounts, credentials, changes (discovery).",
        accepts: "a string",
        category: None,
    },
    PropertyInfo {
        key: "limits",
        summary: "The rate and page limits of the tool's API (discovery).",
        accepts: "`100 per minute` (requests), `10000 records/day`, `page 500` (the most records a request sends or returns), a list of these, or none",
        category: None,
    },
];

pub const ROLE_PROPERTIES: &[PropertyInfo] = &[NAME, OWNER, NOTES];

pub const FLOW_PROPERTIES: &[PropertyInfo] = &[
    PropertyInfo {
        key: "data",
        summary: "What moves along the flow.",
        accepts: "a string or a list of strings",
        category: Some(Category::Data),
    },
    PropertyInfo {
        key: "transform",
        summary: "How the data is changed on the way.",
        accepts: "none, a string, or a block of `field: value` lines (`\"A\" -> \"B\"` maps one form to another)",
        category: Some(Category::Transform),
    },
    PropertyInfo {
        key: "timing",
        summary: "What starts the flow.",
        accepts: "realtime (each event starts it), batch (a schedule starts it) or manual (a person starts it), optionally followed by a string that says more",
        category: Some(Category::Timing),
    },
    PropertyInfo {
        key: "frequency",
        summary: "How often the flow runs.",
        accepts: "hourly, daily, weekly, monthly, quarterly, yearly, `every N minutes|hours|days|weeks|months`, `cron \"m h dom mon dow\"`, continuous or on-demand",
        category: Some(Category::Frequency),
    },
    PropertyInfo {
        key: "volume",
        summary: "How much data moves.",
        accepts: "`[~|<] NUMBER UNIT [/ PERIOD]`, such as `~12000 records/month` or `<50 MB per day`",
        category: Some(Category::Volume),
    },
    PropertyInfo {
        key: "status",
        summary: "Whether the flow runs today or is planned.",
        accepts: "current or proposed",
        category: None,
    },
    OWNER,
    NOTES,
    PropertyInfo {
        key: "notify",
        summary: "Who is told when a run fails (discovery).",
        accepts: "a string, or none (nobody is told)",
        category: None,
    },
    PropertyInfo {
        key: "rerun",
        summary: "How a failed run is redone safely (discovery).",
        accepts: "a string",
        category: None,
    },
    PropertyInfo {
        key: "identifier",
        summary: "The unique identifier that makes a re-run update records rather than duplicate them (discovery); a record's `identifier` field answers it too.",
        accepts: "a field name (of the target record, when the flow moves records) or a string",
        category: None,
    },
    PropertyInfo {
        key: "direction",
        summary: "Whether data moves one way, or both ways (discovery).",
        accepts: "one-way or two-way",
        category: None,
    },
];

/// The kind of a tool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ToolKind {
    Collection,
    CaseManagement,
    Mis,
    Ehr,
    Spreadsheet,
    Database,
    Analytics,
    Messaging,
    Erp,
    Storage,
    Other,
}

impl ToolKind {
    pub const ALL: [ToolKind; 11] = [
        ToolKind::Collection,
        ToolKind::CaseManagement,
        ToolKind::Mis,
        ToolKind::Ehr,
        ToolKind::Spreadsheet,
        ToolKind::Database,
        ToolKind::Analytics,
        ToolKind::Messaging,
        ToolKind::Erp,
        ToolKind::Storage,
        ToolKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ToolKind::Collection => "collection",
            ToolKind::CaseManagement => "case-management",
            ToolKind::Mis => "mis",
            ToolKind::Ehr => "ehr",
            ToolKind::Spreadsheet => "spreadsheet",
            ToolKind::Database => "database",
            ToolKind::Analytics => "analytics",
            ToolKind::Messaging => "messaging",
            ToolKind::Erp => "erp",
            ToolKind::Storage => "storage",
            ToolKind::Other => "other",
        }
    }

    /// In words, for hover and reports.
    pub fn describe(self) -> &'static str {
        match self {
            ToolKind::Collection => "data collection",
            ToolKind::CaseManagement => "case management",
            ToolKind::Mis => "management information system",
            ToolKind::Ehr => "electronic health records",
            ToolKind::Spreadsheet => "spreadsheet",
            ToolKind::Database => "database",
            ToolKind::Analytics => "analytics and dashboards",
            ToolKind::Messaging => "messaging",
            ToolKind::Erp => "ERP / CRM",
            ToolKind::Storage => "file storage",
            ToolKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<ToolKind> {
        ToolKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

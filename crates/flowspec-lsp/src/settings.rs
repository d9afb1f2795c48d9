//! The server's settings, from `initializationOptions`,
//! `workspace/configuration` (section `flowspec`) or
//! `workspace/didChangeConfiguration`:
//!
//! ```json
//! { "diagnostics": { "unanswered-volume": "off", "manual-step": "information" },
//!   "inlayHints": { "enabled": true },
//!   "profile": "discovery",
//!   "debounceMs": 80 }
//! ```
//!
//! `profile` is `design` (the default) or `discovery`, which adds the
//! discovery checklists' checks, as `flowspec check --profile discovery`.
//!
//! `debounceMs` is how long the server waits after an edit before it
//! analyses and publishes diagnostics (requests never wait: they analyse
//! first). Benchmarks set it to 0.

use flowspec_analysis::discovery::Profile;
use flowspec_analysis::{Code, Level, SeverityConfig};
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub severities: SeverityConfig,
    pub inlay_hints: bool,
    pub debounce: std::time::Duration,
    pub profile: Profile,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            severities: SeverityConfig::default(),
            inlay_hints: true,
            debounce: std::time::Duration::from_millis(80),
            profile: Profile::default(),
        }
    }
}

impl Settings {
    /// Reads settings leniently: unknown keys are ignored, and each bad value
    /// is reported (for the log) and skipped.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let mut problems = Vec::new();
        // Accept both `{ "flowspec": { … } }` and the section itself.
        let value = value.get("flowspec").unwrap_or(value);
        if let Some(map) = value.get("diagnostics").and_then(Value::as_object) {
            for (code, level) in map {
                let parsed = code.parse::<Code>().and_then(|c| {
                    let level = level.as_str().ok_or("a severity is a string")?;
                    Ok((c, level.parse::<Level>()?))
                });
                match parsed {
                    Ok((code, level)) => settings.severities.set(code, level),
                    Err(e) => problems.push(format!("flowspec.diagnostics.{code}: {e}")),
                }
            }
        }
        if let Some(enabled) = value
            .get("inlayHints")
            .and_then(|h| h.get("enabled"))
            .and_then(Value::as_bool)
        {
            settings.inlay_hints = enabled;
        }
        if let Some(profile) = value.get("profile") {
            match profile.as_str().map(str::parse::<Profile>) {
                Some(Ok(p)) => settings.profile = p,
                Some(Err(e)) => problems.push(format!("flowspec.profile: {e}")),
                None => problems.push(format!(
                    "flowspec.profile: {profile} is not a string: use \"design\" or \"discovery\""
                )),
            }
        }
        if let Some(ms) = value.get("debounceMs") {
            match ms.as_u64() {
                Some(ms) if ms <= 2000 => settings.debounce = std::time::Duration::from_millis(ms),
                _ => problems.push(format!(
                    "flowspec.debounceMs: {ms} is not a number of milliseconds from 0 to 2000"
                )),
            }
        }
        (settings, problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flowspec_analysis::Severity;

    #[test]
    fn reads_severities_and_inlay_hints() {
        let (s, problems) = Settings::from_json(&serde_json::json!({
            "flowspec": {
                "diagnostics": { "unanswered-volume": "off", "manual-step": "warning", "nope": "off", "syntax": 3 },
                "inlayHints": { "enabled": false }
            }
        }));
        assert_eq!(s.severities.severity(Code::UnansweredVolume), None);
        assert_eq!(
            s.severities.severity(Code::ManualStep),
            Some(Severity::Warning)
        );
        assert_eq!(s.severities.severity(Code::Syntax), Some(Severity::Error));
        assert!(!s.inlay_hints);
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn reads_the_profile() {
        let (s, problems) = Settings::from_json(&serde_json::json!({ "profile": "discovery" }));
        assert_eq!(s.profile, Profile::Discovery);
        assert!(problems.is_empty());
        let (s, problems) = Settings::from_json(&serde_json::json!({ "profile": "discover" }));
        assert_eq!(s.profile, Profile::Design);
        assert_eq!(
            problems,
            ["flowspec.profile: unknown profile `discover`: use design or discovery"]
        );
        let (s, _) = Settings::from_json(&serde_json::json!({}));
        assert_eq!(s.profile, Profile::Design);
    }
}

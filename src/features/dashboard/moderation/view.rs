//! The Moderation page's inputs: the log's query (`?action= &member=
//! &page=`), parsed or refused with a reason, and the filter forms, whose
//! fields become /filter's own arguments.

use serde::Deserialize;

use crate::{
    features::moderation::logic::{FilterAction, ModAction},
    i18n::Lang,
    t,
    telegram::html::truncate,
};

/// Who the log is filtered to: `?member=` as a user id or a @username.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MemberFilter {
    Id(i64),
    Username(String),
}

/// The log's view: `?action= &member= &page=`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogView {
    pub action: Option<ModAction>,
    pub member: Option<MemberFilter>,
    /// As typed, for the form.
    pub member_raw: String,
    pub page: i64,
}

/// Parses the log's query: an unknown action or a member that is neither an
/// id nor a username is refused (the text, localized); a page that is not
/// a number ≥ 1 is the first.
pub fn parse_view(pairs: &[(String, String)], lang: Lang) -> Result<LogView, String> {
    let get = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.trim()).unwrap_or("");
    let action = match get("action") {
        "" => None,
        a => Some(
            ModAction::parse(a).ok_or_else(|| t!(lang, "dash-mod-error-action", action = truncate(a, 32)))?,
        ),
    };
    let raw = get("member");
    let member = match raw {
        "" => None,
        r if r.chars().count() > 64 => return Err(t!(lang, "dash-mod-error-member")),
        r => match r.parse::<i64>() {
            Ok(id) => Some(MemberFilter::Id(id)),
            Err(_) => {
                let name = r.strip_prefix('@').unwrap_or(r);
                if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    return Err(t!(lang, "dash-mod-error-member"));
                }
                Some(MemberFilter::Username(name.to_owned()))
            }
        },
    };
    let page = get("page").parse::<i64>().ok().filter(|p| *p >= 1).unwrap_or(1).min(1_000_000);
    Ok(LogView { action, member, member_raw: raw.to_owned(), page })
}

impl LogView {
    pub fn query(&self, page: i64) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        if let Some(a) = self.action {
            out.append_pair("action", a.as_str());
        }
        if !self.member_raw.is_empty() {
            out.append_pair("member", &self.member_raw);
        }
        out.append_pair("page", &page.to_string());
        out.finish()
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AddFilterForm {
    pub csrf: String,
    pub pattern: String,
    pub action: String,
    pub confirm: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemoveFilterForm {
    pub csrf: String,
    pub pattern: String,
}

/// The form's fields as /filter's arguments: `pattern action [confirm]`
/// (nothing for an empty pattern, which /filter refuses as such).
pub fn filter_args(pattern: &str, action: FilterAction, confirm: bool) -> String {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return String::new();
    }
    let confirm = if confirm { " confirm" } else { "" };
    format!("{pattern} {}{confirm}", action.as_str())
}

/// The actions the log's filter offers.
#[rustfmt::skip]
pub const ACTIONS: &[ModAction] = &[
    ModAction::Warn, ModAction::Unwarn, ModAction::ResetWarns, ModAction::Mute, ModAction::Unmute, ModAction::Ban,
    ModAction::Unban, ModAction::Kick, ModAction::Delete, ModAction::Dismiss, ModAction::Confirm,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn the_log_view_is_parsed_or_refused() {
        let v = parse_view(&[], Lang::En).unwrap();
        assert_eq!((v.action, v.member, v.page), (None, None, 1));
        let v = parse_view(&pairs(&[("action", "mute"), ("member", "@Alice_1"), ("page", "2")]), Lang::En)
            .unwrap();
        assert_eq!(v.action, Some(ModAction::Mute));
        assert_eq!(v.member, Some(MemberFilter::Username("Alice_1".into())));
        assert_eq!(v.page, 2);
        assert_eq!(
            parse_view(&pairs(&[("member", "1001")]), Lang::En).unwrap().member,
            Some(MemberFilter::Id(1001))
        );
        for page in ["-1", "0", "x"] {
            assert_eq!(parse_view(&pairs(&[("page", page)]), Lang::En).unwrap().page, 1);
        }
        assert!(parse_view(&pairs(&[("action", "explode")]), Lang::En).is_err());
        assert!(parse_view(&pairs(&[("member", "<script>")]), Lang::En).is_err());
        assert!(parse_view(&pairs(&[("member", &"a".repeat(10_000))]), Lang::En).is_err());
        assert_eq!(ACTIONS.len(), 11);
    }

    #[test]
    fn the_form_becomes_filters_arguments() {
        assert_eq!(filter_args(" спам ", FilterAction::Warn, false), "спам warn");
        assert_eq!(filter_args("buy now", FilterAction::Delete, true), "buy now delete confirm");
        assert_eq!(filter_args("  ", FilterAction::Ban, true), "");
        // The pattern keeps a last word that names an action.
        let (pattern, action) = crate::features::moderation::logic::parse_filter_command(&filter_args(
            "do not ban",
            FilterAction::Delete,
            false,
        ))
        .unwrap();
        assert_eq!((pattern.as_stored(), action), ("do not ban".to_owned(), FilterAction::Delete));
    }
}

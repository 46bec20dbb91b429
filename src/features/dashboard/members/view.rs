//! The Members page's query: `?q= &segment= &sort= &dir= &page=` parsed
//! (clamped, or refused with a reason), written back for links, and the
//! search's matching (any case, Cyrillic too) with the GLOB that narrows it
//! in SQL.

use crate::{features::nudges::logic::Segment, i18n::Lang, t};

/// The longest search accepted, in characters.
pub const MAX_SEARCH_CHARS: usize = 100;
/// The highest page number asked for that is read as such (past the last
/// page, the last page is shown).
pub const MAX_PAGE: i64 = 1_000_000;

/// What the table is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    LastPost,
    Messages,
    Points,
    Warnings,
    Joined,
}

crate::named::named_enum!(Sort, "sort", {
    LastPost => "last_post",
    Messages => "messages",
    Points => "points",
    Warnings => "warnings",
    Joined => "joined",
});

/// One view of the table, parsed from the query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct View {
    /// The search, trimmed (empty: none).
    pub q: String,
    pub segment: Option<Segment>,
    pub sort: Sort,
    pub desc: bool,
    /// From 1.
    pub page: i64,
}

/// A query the page refuses (422), rather than guess.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewError {
    SearchTooLong,
    UnknownSegment(String),
}

impl ViewError {
    pub fn text(&self, lang: Lang) -> String {
        match self {
            ViewError::SearchTooLong => t!(lang, "dash-members-error-search", max = MAX_SEARCH_CHARS),
            ViewError::UnknownSegment(s) => {
                let known = Segment::ALL.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
                t!(
                    lang,
                    "dash-members-error-segment",
                    segment = crate::telegram::html::truncate(s, 32),
                    known = known
                )
            }
        }
    }
}

impl View {
    /// `?q= &segment= &sort= &dir= &page=` (the last of a repeated key wins):
    /// an unknown sort or direction is the default (last post, newest
    /// first), a page that is not a number ≥ 1 is the first; a search too
    /// long or an unknown segment is refused.
    pub fn parse(pairs: &[(String, String)]) -> Result<View, ViewError> {
        let get = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.trim());
        let q = get("q").unwrap_or_default();
        if q.chars().count() > MAX_SEARCH_CHARS {
            return Err(ViewError::SearchTooLong);
        }
        let segment = match get("segment").filter(|s| !s.is_empty()) {
            None => None,
            Some(s) => Some(s.parse::<Segment>().map_err(|_| ViewError::UnknownSegment(s.to_owned()))?),
        };
        let sort = get("sort").and_then(|s| s.parse().ok()).unwrap_or(Sort::LastPost);
        let desc = get("dir") != Some("asc");
        let page =
            get("page").and_then(|p| p.parse::<i64>().ok()).filter(|p| *p >= 1).unwrap_or(1).min(MAX_PAGE);
        Ok(View { q: q.to_owned(), segment, sort, desc, page })
    }

    /// The query string of this view at `page` (sorted by `sort`, `desc`).
    pub fn query(&self, sort: Sort, desc: bool, page: i64) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        if !self.q.is_empty() {
            out.append_pair("q", &self.q);
        }
        if let Some(s) = self.segment {
            out.append_pair("segment", s.as_str());
        }
        out.append_pair("sort", sort.as_str());
        out.append_pair("dir", if desc { "desc" } else { "asc" });
        if page > 1 {
            out.append_pair("page", &page.to_string());
        }
        out.finish()
    }
}

/// Whether a member matches a search (`needle` lowercased, not empty): a
/// part of the name ("first last") or of the username, any case; `@name`
/// the username only; digits the user id too.
pub fn matches(needle: &str, user_id: i64, first: &str, last: Option<&str>, username: Option<&str>) -> bool {
    let username = username.unwrap_or_default().to_lowercase();
    if let Some(at) = needle.strip_prefix('@') {
        return !at.is_empty() && username.contains(at);
    }
    if needle.chars().all(|c| c.is_ascii_digit()) && needle == user_id.to_string() {
        return true;
    }
    let name = match last {
        Some(last) if !last.is_empty() => format!("{first} {last}"),
        _ => first.to_owned(),
    };
    name.to_lowercase().contains(needle) || username.contains(needle)
}

/// A GLOB pattern that every text containing `needle` (lowercased) in any
/// case matches: each cased letter as `[eE]`, GLOB's own signs and letters
/// whose capital is longer as `?`. SQLite's `LIKE` and `lower()` know only
/// ASCII; GLOB's classes take any character.
pub fn glob_of(needle: &str) -> String {
    let mut out = String::from("*");
    for c in needle.chars() {
        let mut upper = c.to_uppercase();
        match (upper.next(), upper.next()) {
            _ if matches!(c, '*' | '?' | '[' | ']') => out.push('?'),
            (Some(u), None) if u == c => out.push(c),
            (Some(u), None) => out.extend(['[', c, u, ']']),
            _ => out.push('?'),
        }
    }
    out.push('*');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn a_view_is_clamped_or_refused() {
        let v = View::parse(&[]).unwrap();
        assert_eq!((v.sort, v.desc, v.page, v.segment, v.q.as_str()), (Sort::LastPost, true, 1, None, ""));
        let v = View::parse(&pairs(&[("sort", "points"), ("dir", "asc"), ("page", "3"), ("q", " Ева ")]))
            .unwrap();
        assert_eq!((v.sort, v.desc, v.page, v.q.as_str()), (Sort::Points, false, 3, "Ева"));
        for bad in ["-1", "0", "abc", "", "1e9", "99999999999999999999"] {
            assert_eq!(View::parse(&pairs(&[("page", bad)])).unwrap().page, 1, "{bad}");
        }
        assert_eq!(View::parse(&pairs(&[("page", "5000000")])).unwrap().page, MAX_PAGE);
        let v = View::parse(&pairs(&[("sort", "'; DROP TABLE members; --"), ("dir", "sideways")])).unwrap();
        assert_eq!((v.sort, v.desc), (Sort::LastPost, true));
        assert_eq!(View::parse(&pairs(&[("q", &"я".repeat(10_000))])), Err(ViewError::SearchTooLong));
        assert!(View::parse(&pairs(&[("q", &"я".repeat(MAX_SEARCH_CHARS))])).is_ok());
        assert_eq!(
            View::parse(&pairs(&[("segment", "vip")])),
            Err(ViewError::UnknownSegment("vip".to_owned()))
        );
        assert_eq!(View::parse(&pairs(&[("segment", "at_risk")])).unwrap().segment, Some(Segment::AtRisk));
        assert_eq!(
            View::parse(&pairs(&[("sort", "points"), ("sort", "joined")])).unwrap().sort,
            Sort::Joined
        );
    }

    #[test]
    fn a_view_writes_its_query() {
        let v = View::parse(&pairs(&[("q", "Eve & Co"), ("segment", "silent")])).unwrap();
        assert_eq!(v.query(Sort::Points, false, 2), "q=Eve+%26+Co&segment=silent&sort=points&dir=asc&page=2");
        assert_eq!(View::parse(&[]).unwrap().query(Sort::LastPost, true, 1), "sort=last_post&dir=desc");
        let back = View::parse(
            &url::form_urlencoded::parse(v.query(v.sort, v.desc, 4).as_bytes())
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect::<Vec<_>>(),
        )
        .unwrap();
        assert_eq!(back, View { page: 4, ..v });
    }

    #[test]
    fn search_matches_names_in_any_case() {
        assert!(matches("ева", 1, "Ева", Some("Иванова"), None));
        assert!(matches("ева ив", 1, "ЕВА", Some("Иванова"), None));
        assert!(matches("ёлка", 1, "ЁЛКА", None, None));
        assert!(matches("eve", 1, "<b>Eve & Co</b>", None, None));
        assert!(matches("@bob", 1, "Robert", None, Some("BobTheBuilder")));
        assert!(!matches("@rob", 1, "Robert", None, Some("bobby")));
        assert!(matches("bobby", 1, "Robert", None, Some("Bobby")));
        assert!(matches("1001", 1001, "Alice", None, None));
        assert!(!matches("1001", 1002, "Alice", None, None));
        assert!(!matches("@", 1, "Alice", None, Some("alice")));
        assert!(!matches("carol", 1, "Alice", None, None));
    }

    #[test]
    fn the_glob_finds_any_case() {
        assert_eq!(glob_of("ева"), "*[еЕ][вВ][аА]*");
        assert_eq!(glob_of("eve & co"), "*[eE][vV][eE] & [cC][oO]*");
        assert_eq!(glob_of("a*b?[c]"), "*[aA]?[bB]??[cC]?*", "GLOB's signs are any character");
        assert_eq!(glob_of("straße 1"), "*[sS][tT][rR][aA]?[eE] 1*");
        assert_eq!(glob_of("ёлка_1"), "*[ёЁ][лЛ][кК][аА]_1*");
    }

    /// Whatever `matches` finds, the GLOB lets through (SQLite's own GLOB).
    #[tokio::test]
    async fn the_glob_lets_every_match_through() {
        let db = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        let names = ["Ева Иванова", "ЁЛКА", "МакСим", "<b>Eve & Co</b>", "a*b?[c]", "Straße", "ŞEYMA"];
        for name in names {
            let lower = name.to_lowercase();
            let chars: Vec<char> = lower.chars().collect();
            for start in 0..chars.len() {
                for end in start + 1..=chars.len() {
                    let needle: String = chars[start..end].iter().collect();
                    assert!(matches(&needle, 1, name, None, None));
                    let hit: bool = sqlx::query_scalar("SELECT ?1 GLOB ?2")
                        .bind(name)
                        .bind(glob_of(&needle))
                        .fetch_one(&db)
                        .await
                        .unwrap();
                    assert!(hit, "{needle:?} in {name:?}: {}", glob_of(&needle));
                }
            }
        }
    }
}

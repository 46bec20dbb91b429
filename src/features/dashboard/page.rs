//! The dashboard's HTML around every page (maud escapes every string it is
//! given): the document, the chat's title, the tabs, the notices, the period
//! links, the CSRF field.

use maud::{Markup, html};

pub use super::document::{document, message_page};
use super::web::Admin;
use crate::{i18n::Lang, t};

/// The pages of a chat, as tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Members,
    Polls,
    Moderation,
    Ideas,
    Settings,
}

impl Tab {
    pub const ALL: [Tab; 6] =
        [Tab::Overview, Tab::Members, Tab::Polls, Tab::Moderation, Tab::Ideas, Tab::Settings];

    /// The path after `/dashboard/c/{chat}/`.
    pub fn tail(self) -> &'static str {
        match self {
            Tab::Overview => "",
            Tab::Members => "members",
            Tab::Polls => "polls",
            Tab::Moderation => "moderation",
            Tab::Ideas => "ideas",
            Tab::Settings => "settings",
        }
    }

    fn name(self, lang: Lang) -> String {
        match self {
            Tab::Overview => t!(lang, "dash-tab-overview"),
            Tab::Members => t!(lang, "dash-tab-members"),
            Tab::Polls => t!(lang, "dash-tab-polls"),
            Tab::Moderation => t!(lang, "dash-tab-moderation"),
            Tab::Ideas => t!(lang, "dash-tab-ideas"),
            Tab::Settings => t!(lang, "dash-tab-settings"),
        }
    }
}

/// The whole page of a chat: its title, the tabs, `body`.
pub fn layout(admin: &Admin, tab: Tab, body: Markup) -> Markup {
    let lang = admin.lang;
    let title =
        if admin.chat_title.is_empty() { admin.chat_id.to_string() } else { admin.chat_title.clone() };
    document(
        lang,
        &title,
        html! {
            header.top {
                a.home href="/dashboard/chats" { "hearth" }
                span.chat { (title) }
                form.logout method="post" action="/dashboard/logout" {
                    (csrf_field(admin))
                    button.secondary type="submit" { (t!(lang, "dash-logout")) }
                }
            }
            nav.tabs {
                @for t in Tab::ALL {
                    a href=(admin.url(t.tail())) class=[(t == tab).then_some("current")] { (t.name(lang)) }
                }
            }
            main { (body) }
        },
    )
}

pub fn csrf_field(admin: &Admin) -> Markup {
    html! { input type="hidden" name="csrf" value=(admin.csrf); }
}

pub fn notice_ok(text: &str) -> Markup {
    html! { p.ok role="status" { (text) } }
}

pub fn notice_error(text: &str) -> Markup {
    html! { p.error role="alert" { (text) } }
}

/// The periods a page can show.
pub const PERIODS: [i64; 3] = [7, 30, 90];

/// `?days=`: 7, 30 or 90; anything else is 30.
pub fn period(days: Option<i64>) -> i64 {
    days.filter(|d| PERIODS.contains(d)).unwrap_or(30)
}

/// Links to the page at 7 / 30 / 90 days, the current one marked.
pub fn period_links(admin: &Admin, tail: &str, days: i64) -> Markup {
    html! {
        nav.period {
            @for d in PERIODS {
                a href=(format!("{}?days={d}", admin.url(tail))) class=[(d == days).then_some("current")] {
                    (t!(admin.lang, "dash-period-days", days = d))
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_period_is_one_of_three() {
        assert_eq!(period(Some(7)), 7);
        assert_eq!(period(Some(90)), 90);
        assert_eq!(period(Some(31)), 30);
        assert_eq!(period(None), 30);
    }

    #[test]
    fn what_a_page_is_given_comes_out_escaped() {
        let page = message_page("<script>alert(1)</script>").into_string();
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{page}");
        assert!(!page.contains("<script>alert"), "{page}");
    }
}

//! The HTML document every dashboard answer is: the head (the binary's own
//! stylesheet, script and icon) around a body; and the one-message page.

use maud::{DOCTYPE, Markup, html};

use crate::i18n::Lang;

/// A whole document: the stylesheet and script (both the binary's own).
pub fn document(lang: Lang, title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="color-scheme" content="light dark";
                title { (title) " · hearth" }
                link rel="icon" href="/dashboard/assets/icon.svg" type="image/svg+xml";
                link rel="stylesheet" href="/dashboard/assets/dashboard.css";
                script src="/dashboard/assets/app.js" defer {}
            }
            body { (body) }
        }
    }
}

/// A page with one message (errors, signed out).
pub fn message_page(text: &str) -> Markup {
    document(
        Lang::En,
        "hearth",
        html! {
            header.top { a.home href="/dashboard/chats" { "hearth" } }
            main { p.message { (text) } }
        },
    )
}

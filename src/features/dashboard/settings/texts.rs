//! The community's texts on the settings page: the welcome template, the
//! welcome's link buttons and the rules, saved through the onboarding room's
//! own functions (`save_welcome`, `save_link`, `save_rules`: the checks of
//! `/setwelcome`, `/addlink`, `/setrules` and their localized refusals) and
//! store. What members and admins wrote is shown escaped (maud), never as
//! HTML.

use axum::{
    Form,
    response::{IntoResponse, Redirect},
};
use maud::{Markup, html};
use serde::Deserialize;

use super::{Notice, refused};
use crate::{
    features::{
        dashboard::{
            page,
            web::{Admin, PageResult},
        },
        onboarding::{
            logic::{ResourceLink, TemplateError},
            store,
            texts::{self, MAX_LINKS, MAX_RULES, TextRefusal, placeholders, refusal_text},
        },
    },
    i18n::Lang,
    t,
    telegram::html::to_plain,
};

/// The forms' ids (anchors, and where an error is shown).
const WELCOME: &str = "welcome";
const LINKS: &str = "links";
const RULES: &str = "rules";

/// The notice after a text was saved (`?done=welcome` …).
pub(super) fn done_notice(lang: Lang, done: &str) -> Option<Notice> {
    let text = match done {
        "welcome" => t!(lang, "dash-settings-welcome-saved"),
        "welcome-reset" => t!(lang, "dash-settings-welcome-reset"),
        "rules" => t!(lang, "dash-settings-rules-saved"),
        "link-added" => t!(lang, "dash-settings-link-added"),
        "link-deleted" => t!(lang, "dash-settings-link-deleted"),
        _ => return None,
    };
    Some(Notice::Ok(text))
}

/// The welcome, the links and the rules, each with its form.
pub(super) async fn section(admin: &Admin, notice: &Notice) -> anyhow::Result<Markup> {
    let lang = admin.lang;
    let db = &admin.ctx.db;
    let welcome = store::text(db, admin.chat_id, "welcome").await?;
    let rules = store::text(db, admin.chat_id, "rules").await?;
    let links = store::links(db, admin.chat_id).await?;
    let error = |form: &str| notice.error_for(form).map(str::to_owned);
    Ok(html! {
        h2 { (t!(lang, "dash-settings-texts")) }
        form.stack id=(WELCOME) method="post" action=(admin.url("settings/welcome")) {
            (page::csrf_field(admin))
            div.field {
                label for="welcome-text" { (t!(lang, "dash-settings-welcome")) }
                @if welcome.is_none() { p.muted { (t!(lang, "dash-settings-welcome-default")) } }
                textarea id="welcome-text" name="text" rows="6" maxlength="4096" { (welcome.as_deref().unwrap_or("")) }
                p.help { (t!(lang, "dash-settings-welcome-help", placeholders = placeholders())) }
                @if let Some(text) = error(WELCOME) { p.error { (text) } }
            }
            div.actions {
                button type="submit" name="action" value="save" { (t!(lang, "dash-settings-save")) }
                @if welcome.is_some() {
                    button.secondary type="submit" name="action" value="reset" { (t!(lang, "dash-settings-welcome-reset-button")) }
                }
            }
        }
        section id=(LINKS) {
            h3 { (t!(lang, "dash-settings-links", count = links.len())) }
            @if links.is_empty() {
                p.empty { (t!(lang, "dash-settings-links-none")) }
            } @else {
                table.data {
                    tbody {
                        @for (title, url) in &links {
                            tr {
                                td { (title) }
                                td {
                                    // Saved links are http(s) (`ResourceLink::parse`); anything else is shown, never linked.
                                    @if url.starts_with("https://") || url.starts_with("http://") {
                                        a href=(url) rel="noopener noreferrer" target="_blank" { (url) }
                                    } @else { (url) }
                                }
                                td {
                                    form method="post" action=(admin.url("settings/links/delete")) {
                                        (page::csrf_field(admin))
                                        input type="hidden" name="title" value=(title);
                                        button.secondary type="submit" { (t!(lang, "dash-settings-link-delete")) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if let Some(text) = error(LINKS) { p.error { (text) } }
            @if links.len() < MAX_LINKS {
                form.filters method="post" action=(admin.url("settings/links")) {
                    (page::csrf_field(admin))
                    input type="text" name="title" maxlength=(ResourceLink::MAX_TITLE) required
                        placeholder=(t!(lang, "dash-settings-link-title")) aria-label=(t!(lang, "dash-settings-link-title"));
                    input type="url" name="url" required placeholder="https://…" aria-label="URL";
                    button type="submit" { (t!(lang, "dash-settings-link-add")) }
                }
            }
        }
        form.stack id=(RULES) method="post" action=(admin.url("settings/rules")) {
            (page::csrf_field(admin))
            div.field {
                label for="rules-text" { (t!(lang, "dash-settings-rules")) }
                @if rules.is_none() { p.muted { (t!(lang, "dash-settings-rules-none")) } }
                textarea id="rules-text" name="text" rows="8" maxlength=(MAX_RULES) { (rules.as_deref().unwrap_or("")) }
                @if let Some(text) = error(RULES) { p.error { (text) } }
            }
            div.actions { button type="submit" { (t!(lang, "dash-settings-save")) } }
        }
    })
}

/// The onboarding room's answer to a refused text, as plain text; an empty
/// text gets the page's own words (the commands' usage line names a command).
fn refusal(lang: Lang, refusal: &TextRefusal) -> String {
    match refusal {
        TextRefusal::Template(TemplateError::Empty) => t!(lang, "dash-settings-welcome-empty"),
        TextRefusal::RulesEmpty => t!(lang, "dash-settings-rules-empty"),
        other => to_plain(&refusal_text(lang, other)),
    }
}

fn done(admin: &Admin, what: &str, anchor: &str) -> PageResult {
    Ok(Redirect::to(&admin.url(&format!("settings?done={what}#{anchor}"))).into_response())
}

#[derive(Deserialize)]
pub(super) struct TextForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    action: String,
}

/// The welcome saved as `/setwelcome` saves it, or back to the default
/// (`/resetwelcome`).
pub(super) async fn save_welcome(admin: Admin, Form(form): Form<TextForm>) -> PageResult {
    admin.check_csrf(&form.csrf)?;
    admin.recheck().await?;
    if form.action == "reset" {
        store::set_text(&admin.ctx.db, admin.chat_id, "welcome", None).await?;
        return done(&admin, "welcome-reset", WELCOME);
    }
    // Browsers send a textarea's line breaks as CRLF.
    let text = form.text.replace("\r\n", "\n");
    match texts::save_welcome(&admin.ctx, admin.chat_id, text.trim()).await? {
        Ok(()) => done(&admin, "welcome", WELCOME),
        Err(r) => refused(&admin, WELCOME.into(), refusal(admin.lang, &r)).await,
    }
}

/// The rules saved as `/setrules` saves them.
pub(super) async fn save_rules(admin: Admin, Form(form): Form<TextForm>) -> PageResult {
    admin.check_csrf(&form.csrf)?;
    admin.recheck().await?;
    let text = form.text.replace("\r\n", "\n");
    match texts::save_rules(&admin.ctx, admin.chat_id, text.trim()).await? {
        Ok(()) => done(&admin, "rules", RULES),
        Err(r) => refused(&admin, RULES.into(), refusal(admin.lang, &r)).await,
    }
}

#[derive(Deserialize)]
pub(super) struct LinkForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    url: String,
}

/// A link added as `/addlink Title | URL` adds it.
pub(super) async fn add_link(admin: Admin, Form(form): Form<LinkForm>) -> PageResult {
    admin.check_csrf(&form.csrf)?;
    admin.recheck().await?;
    let input = format!("{} | {}", form.title.trim(), form.url.trim());
    match texts::save_link(&admin.ctx, admin.chat_id, &input).await? {
        Ok(_) => done(&admin, "link-added", LINKS),
        Err(r) => refused(&admin, LINKS.into(), refusal(admin.lang, &r)).await,
    }
}

/// A link removed as `/dellink Title` removes it.
pub(super) async fn delete_link(admin: Admin, Form(form): Form<LinkForm>) -> PageResult {
    admin.check_csrf(&form.csrf)?;
    admin.recheck().await?;
    let title = form.title.trim();
    if title.is_empty() || !store::delete_link(&admin.ctx.db, admin.chat_id, title).await? {
        let text =
            to_plain(&t!(admin.lang, "onb-link-not-found", title = crate::telegram::html::escape(title)));
        return refused(&admin, LINKS.into(), text).await;
    }
    done(&admin, "link-deleted", LINKS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_the_commands_in_plain_text_and_empty_ones_the_pages() {
        let unknown = TextRefusal::Template(TemplateError::UnknownPlaceholder { found: "{<b>}".into() });
        let text = refusal(Lang::En, &unknown);
        assert!(text.contains("{<b>}") && !text.contains("&lt;"), "{text}");
        assert_eq!(refusal(Lang::Ru, &TextRefusal::RulesEmpty), t!(Lang::Ru, "dash-settings-rules-empty"));
        assert_eq!(
            refusal(Lang::En, &TextRefusal::RulesTooLong),
            to_plain(&t!(Lang::En, "onb-rules-too-long", max = MAX_RULES))
        );
    }

    #[test]
    fn only_known_saves_get_a_notice() {
        for done in ["welcome", "welcome-reset", "rules", "link-added", "link-deleted"] {
            assert!(done_notice(Lang::Ru, done).is_some(), "{done}");
        }
        assert!(done_notice(Lang::En, "<script>").is_none());
    }
}

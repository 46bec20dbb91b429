//! The settings page: a form per setting, generated from the settings
//! registry (each kind its input, its range or choices, its help text, its
//! default, the current value), saved through `/set`'s own function
//! (`community::settings::apply`: the same parsing, validation and cache
//! invalidation, the same localized refusal); and the community's texts —
//! the welcome, its links, the rules — edited through the onboarding room's
//! own checks and store (`texts.rs`).

mod texts;

use std::sync::Arc;

use axum::{
    Form, Router,
    extract::Query,
    http::StatusCode,
    response::{IntoResponse, Redirect},
    routing::{get, post},
};
use maud::{Markup, html};
use serde::Deserialize;

use super::{
    page::{self, Tab},
    web::{Admin, PageResult},
};
use crate::{
    features::community::settings::{apply, refusal_text},
    i18n::Lang,
    kernel::Ctx,
    settings::{Kind, SettingDef},
    t,
    telegram::html::{to_plain, truncate},
};

pub fn routes() -> Router<Arc<Ctx>> {
    Router::new()
        .route("/dashboard/c/{chat}/settings", get(show).post(save))
        .route("/dashboard/c/{chat}/settings/welcome", post(texts::save_welcome))
        .route("/dashboard/c/{chat}/settings/rules", post(texts::save_rules))
        .route("/dashboard/c/{chat}/settings/links", post(texts::add_link))
        .route("/dashboard/c/{chat}/settings/links/delete", post(texts::delete_link))
}

/// How a setting is entered on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// One of these values (on/off, a language, a choice).
    Select(Vec<String>),
    /// An integer in `min..=max`.
    Number { min: i64, max: i64 },
    /// A time of day (HH:MM, as `<input type=time>` sends it).
    Time,
    /// Free text, checked on saving (durations, time zones); the example.
    Text { example: String },
}

/// A setting's form field, from its definition and the chat's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub input: Input,
    pub value: String,
    pub default: &'static str,
    /// The Fluent key of its help line.
    pub help: &'static str,
}

/// The field for `def`, showing `current`: the kind decides the input; a
/// stored value a select does not offer (written before the choices
/// changed) is offered too, so saving the form never changes it unasked.
pub fn field(def: &SettingDef, current: &str) -> Field {
    let select = |options: Vec<String>| {
        let mut options = options;
        if !current.is_empty() && !options.iter().any(|o| o == current) {
            options.insert(0, current.to_owned());
        }
        Input::Select(options)
    };
    let input = match def.kind {
        Kind::Bool => select(vec!["on".into(), "off".into()]),
        Kind::Lang => select(Lang::ALL.iter().map(|l| l.code().to_owned()).collect()),
        Kind::Choice(options) => select(options.iter().map(|o| (*o).to_owned()).collect()),
        Kind::Int { min, max } | Kind::OrderedInt { min, max, .. } => Input::Number { min, max },
        Kind::Time => Input::Time,
        Kind::Duration { allow_off } => {
            Input::Text { example: format!("30m, 2h, 7d, 2w{}", if allow_off { ", off" } else { "" }) }
        }
        Kind::DurationAtLeast { allow_off, min } => {
            Input::Text { example: format!("≥ {min}: 1d, 7d, 2w{}", if allow_off { ", off" } else { "" }) }
        }
        Kind::Timezone => Input::Text { example: "UTC, Europe/Moscow, America/New_York".into() },
    };
    Field { key: def.key, input, value: current.to_owned(), default: def.default, help: def.help }
}

/// A line above the page; an error names the form it is about (its id).
pub(super) enum Notice {
    None,
    Ok(String),
    Error { form: String, text: String },
}

impl Notice {
    fn error_for(&self, form: &str) -> Option<&str> {
        match self {
            Notice::Error { form: f, text } if f == form => Some(text),
            _ => None,
        }
    }
}

/// The id of a setting's form (and the anchor a save returns to).
fn form_id(key: &str) -> String {
    format!("set-{key}")
}

#[derive(Deserialize, Default)]
struct ShowQuery {
    done: Option<String>,
}

async fn show(admin: Admin, Query(q): Query<ShowQuery>) -> PageResult {
    let lang = admin.lang;
    let notice = match q.done.as_deref() {
        Some(done) => match admin.ctx.settings.registry().find(done) {
            Some(def) => {
                let current = admin.ctx.chat_settings(admin.chat_id).await?;
                Notice::Ok(t!(
                    lang,
                    "dash-settings-saved",
                    key = def.key,
                    value = current.raw(def.key).to_owned()
                ))
            }
            None => texts::done_notice(lang, done).unwrap_or(Notice::None),
        },
        None => Notice::None,
    };
    Ok(render(&admin, &notice).await?.into_response())
}

#[derive(Deserialize)]
struct SettingForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    value: String,
}

/// One setting saved, exactly as `/set key value` would.
async fn save(admin: Admin, Form(form): Form<SettingForm>) -> PageResult {
    admin.check_csrf(&form.csrf)?;
    admin.recheck().await?;
    let ctx = &admin.ctx;
    let key = form.key.trim().to_lowercase();
    match apply(ctx, admin.chat_id, &key, &form.value).await? {
        Ok(value) => {
            tracing::info!(chat_id = admin.chat_id, key, value, "a setting changed on the dashboard");
            let to = admin.url(&format!("settings?done={key}#{}", form_id(&key)));
            Ok(Redirect::to(&to).into_response())
        }
        Err(err) => {
            let text = to_plain(&refusal_text(ctx, admin.lang, &key, &form.value, &err));
            refused(&admin, form_id(&key), text).await
        }
    }
}

/// The page again, 422, with why nothing changed.
pub(super) async fn refused(admin: &Admin, form: String, text: String) -> PageResult {
    let notice = Notice::Error { form, text };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, render(admin, &notice).await?).into_response())
}

/// The whole page.
pub(super) async fn render(admin: &Admin, notice: &Notice) -> anyhow::Result<Markup> {
    let lang = admin.lang;
    let current = admin.ctx.chat_settings(admin.chat_id).await?;
    // The language as /settings shows it: the chat's, the configured default when unset.
    let chat_lang = crate::kernel::lang::chat_lang(&admin.ctx, admin.chat_id).await;
    let value = |d: &SettingDef| if d.key == "lang" { chat_lang.code() } else { current.raw(d.key) };
    let fields: Vec<Field> = admin.ctx.settings.registry().iter().map(|d| field(d, value(d))).collect();
    let community = texts::section(admin, notice).await?;
    let body = html! {
        h1 { (t!(lang, "dash-settings-title")) }
        @match notice {
            Notice::None => {},
            Notice::Ok(text) => (page::notice_ok(text)),
            Notice::Error { text, .. } => (page::notice_error(text)),
        }
        p.muted { (t!(lang, "dash-settings-intro", count = fields.len())) }
        @if fields.is_empty() {
            p.empty { (t!(lang, "dash-settings-none")) }
        }
        @for f in &fields {
            (setting_form(admin, f, notice.error_for(&form_id(f.key))))
        }
        (community)
    };
    Ok(page::layout(admin, Tab::Settings, body))
}

fn setting_form(admin: &Admin, f: &Field, error: Option<&str>) -> Markup {
    let lang = admin.lang;
    let id = form_id(f.key);
    let input_id = format!("{id}-value");
    html! {
        form.stack.setting id=(id) method="post" action=(admin.url("settings")) {
            (page::csrf_field(admin))
            input type="hidden" name="key" value=(f.key);
            div.field {
                label for=(input_id) { code { (f.key) } }
                (input(lang, f, &input_id))
                p.help { (to_plain(&crate::i18n::text(lang, f.help, None))) }
                p.default { (t!(lang, "dash-settings-default", value = f.default)) }
                @if let Some(text) = error { p.error { (text) } }
            }
            div.actions { button type="submit" { (t!(lang, "dash-settings-save")) } }
        }
    }
}

fn input(lang: Lang, f: &Field, id: &str) -> Markup {
    html! {
        @match &f.input {
            Input::Select(options) => {
                select id=(id) name="value" {
                    @for o in options {
                        option value=(o) selected[*o == f.value] { (option_label(lang, o)) }
                    }
                }
            }
            Input::Number { min, max } => {
                input id=(id) type="number" name="value" min=(min) max=(max) step="1" value=(f.value) required;
                span.muted { " " (min) "–" (max) }
            }
            Input::Time => {
                input id=(id) type="time" name="value" value=(f.value) required;
            }
            Input::Text { example } => {
                input id=(id) type="text" name="value" value=(truncate(&f.value, 200)) placeholder=(example) required;
                span.muted { " " (example) }
            }
        }
    }
}

/// An option as shown: on/off in the admin's language, the rest as stored.
fn option_label(lang: Lang, value: &str) -> String {
    match value {
        "on" => t!(lang, "dash-settings-on"),
        "off" => t!(lang, "dash-settings-off"),
        other => other.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(kind: Kind, default: &'static str) -> SettingDef {
        SettingDef { key: "x", kind, default, help: "setting-lang" }
    }

    #[test]
    fn each_kind_gets_its_input() {
        let f = field(&def(Kind::Bool, "on"), "off");
        assert_eq!(f.input, Input::Select(vec!["on".into(), "off".into()]));
        assert_eq!((f.value.as_str(), f.default, f.help), ("off", "on", "setting-lang"));
        assert_eq!(
            field(&def(Kind::Int { min: 1, max: 10 }, "3"), "3").input,
            Input::Number { min: 1, max: 10 }
        );
        let ordered = Kind::OrderedInt { min: 2, max: 90, above: Some("a"), below: None };
        assert_eq!(field(&def(ordered, "7"), "7").input, Input::Number { min: 2, max: 90 });
        assert_eq!(field(&def(Kind::Lang, "en"), "ru").input, Input::Select(vec!["en".into(), "ru".into()]));
        let choice = Kind::Choice(&["off", "mute", "ban"]);
        assert_eq!(
            field(&def(choice, "mute"), "ban").input,
            Input::Select(vec!["off".into(), "mute".into(), "ban".into()])
        );
        assert_eq!(field(&def(Kind::Time, "22:00"), "09:30").input, Input::Time);
        let Input::Text { example } = field(&def(Kind::Duration { allow_off: true }, "off"), "2h").input
        else {
            panic!("a duration is text");
        };
        assert!(example.contains("off"), "{example}");
        let at_least = Kind::DurationAtLeast { allow_off: false, min: "1d" };
        let Input::Text { example } = field(&def(at_least, "7d"), "7d").input else { panic!("text") };
        assert!(example.contains("≥ 1d") && !example.contains("off"), "{example}");
        assert!(matches!(field(&def(Kind::Timezone, "UTC"), "UTC").input, Input::Text { .. }));
    }

    #[test]
    fn a_stored_value_no_longer_offered_is_kept_in_the_select() {
        let choice = Kind::Choice(&["mute", "ban"]);
        assert_eq!(
            field(&def(choice, "mute"), "kick").input,
            Input::Select(vec!["kick".into(), "mute".into(), "ban".into()])
        );
    }

    #[test]
    fn every_registered_setting_renders_with_its_help_and_default() {
        let registry = crate::features::CATALOG.settings;
        for d in registry.iter() {
            let f = field(d, d.default);
            assert_eq!(f.value, d.default);
            if let Input::Select(options) = &f.input {
                assert!(options.iter().any(|o| o == d.default), "{} offers its default", d.key);
            }
            for lang in Lang::ALL {
                let help = crate::i18n::text(lang, d.help, None);
                assert_ne!(help, d.help, "{} has help in {}", d.key, lang.code());
            }
        }
    }

    #[test]
    fn russian_counts_take_their_plural_forms() {
        let links = |n: i64| t!(Lang::Ru, "dash-settings-links", count = n);
        assert_eq!(
            [links(1), links(3), links(5)],
            ["1 ссылка в приветствии", "3 ссылки в приветствии", "5 ссылок в приветствии"]
        );
        assert!(t!(Lang::Ru, "dash-settings-intro", count = 22).starts_with("22 настройки."));
        assert!(t!(Lang::Ru, "dash-settings-intro", count = 25).starts_with("25 настроек."));
    }

    #[test]
    fn on_and_off_are_named_in_the_admins_language() {
        assert_eq!(option_label(Lang::En, "mute"), "mute");
        assert_ne!(option_label(Lang::Ru, "on"), "on");
    }
}

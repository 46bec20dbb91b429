//! The Moderation page: the chat's word filters (added and removed through
//! /filter's and /unfilter's own validation and store), the warnings and
//! mutes in force (as /warns and the mute check count them), and the
//! moderation log, filtered by action and member, 50 a page.

use std::collections::HashMap;
use std::sync::Arc;

use axum::{
    Form, Router,
    extract::Query,
    http::StatusCode,
    response::{IntoResponse, Redirect},
    routing::{get, post},
};
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use teloxide::types::{ChatId, UserId};

use super::{
    page::{self, Tab},
    web::{Admin, PageError, PageResult},
};
use crate::{
    db::{self, Db},
    features::{
        moderation::{
            Muted, active_mute,
            filters::{self, action_word},
            logic::{FilterAction, ModAction},
            store::{self, LogRow},
        },
        trust,
    },
    i18n::named,
    kernel::{Ctx, access::Refusal},
    t,
    telegram::html::to_plain,
};

/// Log entries on a page.
pub const PAGE_SIZE: i64 = 50;
/// The most warned members and mutes listed.
const MAX_LISTED: i64 = 200;

mod view;

pub use view::{ACTIONS, AddFilterForm, LogView, MemberFilter, RemoveFilterForm, filter_args, parse_view};

pub fn routes() -> Router<Arc<Ctx>> {
    Router::new()
        .route("/dashboard/c/{chat}/moderation", get(moderation_page))
        .route("/dashboard/c/{chat}/moderation/filters", post(add_filter))
        .route("/dashboard/c/{chat}/moderation/filters/remove", post(remove_filter))
}

/// What the page shows.
pub struct ModData {
    pub filters: Vec<(String, String)>,
    /// Member, active warnings, the latest one's date.
    pub warned: Vec<(i64, i64, String)>,
    pub warn_limit: i64,
    pub muted: Vec<(i64, Muted)>,
    /// `None`: the member asked for is unknown.
    pub log: Option<Vec<LogRow>>,
    pub total: i64,
    pub page: i64,
    pub names: HashMap<i64, String>,
}

async fn target_of(db: &Db, member: &MemberFilter) -> sqlx::Result<Option<i64>> {
    match member {
        MemberFilter::Id(id) => Ok(Some(*id)),
        MemberFilter::Username(name) => {
            sqlx::query_scalar("SELECT user_id FROM users WHERE username = ? COLLATE NOCASE LIMIT 1")
                .bind(name)
                .fetch_optional(db)
                .await
        }
    }
}

/// The log's page: entries newest first, and how many match.
async fn log_page(
    db: &Db,
    chat_id: i64,
    view: &LogView,
    target: Option<i64>,
) -> sqlx::Result<(Vec<LogRow>, i64, i64)> {
    let mut filters = String::from("WHERE chat_id = ?1");
    if view.action.is_some() {
        filters.push_str(" AND action = ?2");
    }
    if target.is_some() {
        filters.push_str(" AND target_id = ?3");
    }
    let action = view.action.map(ModAction::as_str);
    let count_sql = format!("SELECT COUNT(*) FROM mod_log {filters}");
    let total: i64 =
        sqlx::query_scalar(&count_sql).bind(chat_id).bind(action).bind(target).fetch_one(db).await?;
    let page = view.page.min(((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1));
    let sql = format!(
        "SELECT action, target_id, actor_id, automatic, reason, until, at, by_community_moderator AS by_moderator
         FROM mod_log {filters} ORDER BY entry_id DESC LIMIT {PAGE_SIZE} OFFSET {}",
        (page - 1) * PAGE_SIZE
    );
    let rows = sqlx::query_as(&sql).bind(chat_id).bind(action).bind(target).fetch_all(db).await?;
    Ok((rows, total, page))
}

/// Names for ids: members by their first and last names, channels by title.
async fn names(db: &Db, ids: impl IntoIterator<Item = i64>) -> sqlx::Result<HashMap<i64, String>> {
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    let json = serde_json::Value::from(ids.clone()).to_string();
    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT user_id, first_name, last_name FROM users WHERE user_id IN (SELECT value FROM json_each(?))",
    )
    .bind(json)
    .fetch_all(db)
    .await?;
    let mut out: HashMap<i64, String> = rows
        .into_iter()
        .map(|(id, first, last)| {
            (id, last.filter(|l| !l.is_empty()).map(|l| format!("{first} {l}")).unwrap_or(first))
        })
        .collect();
    for id in ids.into_iter().filter(|id| *id < 0) {
        if let Some((title, _)) = store::sender_chat(db, ChatId(id)).await? {
            out.insert(id, title);
        }
    }
    Ok(out)
}

pub async fn moderation_data(
    ctx: &Ctx,
    chat_id: i64,
    view: &LogView,
    now: DateTime<Utc>,
) -> anyhow::Result<ModData> {
    let db = &ctx.db;
    let settings = ctx.chat_settings(chat_id).await?;
    let since =
        trust::logic::warnings_since(settings.int("warn_expire_days"), now).map(db::ts).unwrap_or_default();
    let warned: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT user_id, COUNT(*) AS n, MAX(created_at) FROM mod_warnings
         WHERE chat_id = ? AND cleared_at IS NULL AND created_at > ?
         GROUP BY user_id ORDER BY n DESC, MAX(created_at) DESC LIMIT ?",
    )
    .bind(chat_id)
    .bind(&since)
    .bind(MAX_LISTED)
    .fetch_all(db)
    .await?;
    // Members a mute may still hold; whether it does is the mute check's.
    let candidates: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT target_id FROM mod_log
         WHERE chat_id = ? AND action = 'mute' AND target_id > 0 AND (until IS NULL OR until > ?) LIMIT ?",
    )
    .bind(chat_id)
    .bind(db::ts(now))
    .bind(MAX_LISTED)
    .fetch_all(db)
    .await?;
    let mut muted = Vec::new();
    for id in candidates {
        if let Some(m) = active_mute(ctx, ChatId(chat_id), UserId(id as u64), now).await? {
            muted.push((id, m));
        }
    }
    let target = match &view.member {
        None => None,
        Some(m) => Some(target_of(db, m).await?),
    };
    // A member asked for but unknown: no log at all.
    let (log, total, page) = match target {
        Some(None) => (None, 0, 1),
        target => {
            let (rows, total, page) = log_page(db, chat_id, view, target.flatten()).await?;
            (Some(rows), total, page)
        }
    };
    let mut ids: Vec<i64> = warned.iter().map(|w| w.0).chain(muted.iter().map(|m| m.0)).collect();
    for row in log.iter().flatten() {
        ids.push(row.target_id);
        ids.extend(row.actor_id);
    }
    Ok(ModData {
        filters: store::filters(db, chat_id).await?,
        warned,
        warn_limit: settings.int("warn_limit"),
        muted,
        log,
        total,
        page,
        names: names(db, ids).await?,
    })
}

type Pairs = Query<Vec<(String, String)>>;

async fn moderation_page(admin: Admin, Query(pairs): Pairs) -> PageResult {
    let view = parse_view(&pairs, admin.lang).map_err(PageError::Unprocessable)?;
    let notice = pairs.iter().rev().find(|(k, _)| k == "done").map(|(_, v)| v.as_str());
    let notice = match notice {
        Some("added") => Some(page::notice_ok(&t!(admin.lang, "dash-mod-filter-added"))),
        Some("removed") => Some(page::notice_ok(&t!(admin.lang, "dash-mod-filter-removed"))),
        _ => None,
    };
    render(&admin, &view, notice, &AddFilterForm::default(), StatusCode::OK).await
}

async fn render(
    admin: &Admin,
    view: &LogView,
    notice: Option<Markup>,
    form: &AddFilterForm,
    status: StatusCode,
) -> PageResult {
    let data = moderation_data(&admin.ctx, admin.chat_id, view, admin.ctx.clock.now()).await?;
    let markup = page::layout(admin, Tab::Moderation, body(admin, view, &data, notice, form));
    Ok((status, markup).into_response())
}

/// A refusal: the page again with the (plain) message, status 422.
async fn refuse(admin: &Admin, text: &str, form: &AddFilterForm) -> PageResult {
    let notice = page::notice_error(&to_plain(text));
    render(
        admin,
        &LogView { page: 1, ..LogView::default() },
        Some(notice),
        form,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await
}

async fn add_filter(admin: Admin, Form(form): Form<AddFilterForm>) -> PageResult {
    admin.check_csrf(&form.csrf)?;
    admin.recheck().await?;
    let (lang, ctx) = (admin.lang, &admin.ctx);
    let Some(action) = FilterAction::parse(form.action.trim()) else {
        return refuse(&admin, &t!(lang, "dash-mod-error-filter-action"), &form).await;
    };
    let (pattern, action) =
        match filters::parse_filter(lang, &filter_args(&form.pattern, action, form.confirm.is_some())) {
            Ok(parsed) => parsed,
            Err(refusal) => return refuse(&admin, &refusal, &form).await,
        };
    let right = filters::right_for(action);
    if !ctx.admins.has_right(&ctx.bot, admin.chat_id, admin.user_id, right).await {
        return Err(PageError::Forbidden(to_plain(&Refusal::LacksRight(right).text(lang))));
    }
    let by = UserId(admin.user_id as u64);
    let chat = ChatId(admin.chat_id);
    match filters::save_filter(ctx, lang, chat, &pattern, action, by, ctx.clock.now()).await? {
        Ok(_) => Ok(Redirect::to(&format!("{}?done=added", admin.url("moderation"))).into_response()),
        Err(refusal) => refuse(&admin, &refusal, &form).await,
    }
}

async fn remove_filter(admin: Admin, Form(form): Form<RemoveFilterForm>) -> PageResult {
    admin.check_csrf(&form.csrf)?;
    admin.recheck().await?;
    match filters::remove_filter(&admin.ctx, admin.lang, ChatId(admin.chat_id), &form.pattern).await? {
        Ok(_) => Ok(Redirect::to(&format!("{}?done=removed", admin.url("moderation"))).into_response()),
        Err(refusal) => refuse(&admin, &refusal, &AddFilterForm::default()).await,
    }
}

fn when(raw: &str) -> String {
    db::parse_ts(raw).map(|d| d.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| raw.to_owned())
}

fn body(
    admin: &Admin,
    view: &LogView,
    data: &ModData,
    notice: Option<Markup>,
    form: &AddFilterForm,
) -> Markup {
    let lang = admin.lang;
    let name = |id: i64| data.names.get(&id).cloned().unwrap_or_else(|| id.to_string());
    let here = admin.url("moderation");
    let chosen = FilterAction::parse(&form.action).unwrap_or(FilterAction::Delete);
    html! {
        h2 { (t!(lang, "dash-mod-title")) }
        @if let Some(n) = notice { (n) }
        section {
            h3 { (t!(lang, "dash-mod-filters", count = data.filters.len())) }
            @if data.filters.is_empty() {
                p.empty { (t!(lang, "dash-mod-filters-empty")) }
            } @else {
                table.data {
                    thead { tr { th { (t!(lang, "dash-mod-col-pattern")) } th { (t!(lang, "dash-mod-col-filter-action")) } th {} } }
                    tbody { @for (pattern, action) in &data.filters { tr {
                        td { code { (pattern) } }
                        td { (FilterAction::parse(action).map(|a| action_word(lang, a)).unwrap_or_default()) }
                        td { form method="post" action=(admin.url("moderation/filters/remove")) {
                            (page::csrf_field(admin))
                            input type="hidden" name="pattern" value=(pattern);
                            button.secondary type="submit" { (t!(lang, "dash-mod-filter-remove")) }
                        } }
                    } } }
                }
            }
            form.stack method="post" action=(admin.url("moderation/filters")) {
                (page::csrf_field(admin))
                div.field {
                    label for="pattern" { (t!(lang, "dash-mod-filter-pattern")) }
                    input id="pattern" name="pattern" value=(form.pattern) maxlength="400" required;
                    p.help { (t!(lang, "dash-mod-filter-pattern-help")) }
                }
                div.field {
                    label for="action" { (t!(lang, "dash-mod-col-filter-action")) }
                    select id="action" name="action" {
                        @for a in [FilterAction::Delete, FilterAction::Warn, FilterAction::Mute, FilterAction::Ban] {
                            option value=(a.as_str()) selected[a == chosen] { (action_word(lang, a)) }
                        }
                    }
                }
                div.field {
                    label { input type="checkbox" name="confirm" value="1" checked[form.confirm.is_some()]; " " (t!(lang, "dash-mod-filter-confirm")) }
                }
                div.actions { button type="submit" { (t!(lang, "dash-mod-filter-add")) } }
            }
        }
        section {
            h3 { (t!(lang, "dash-mod-warned", count = data.warned.len())) }
            @if data.warned.is_empty() {
                p.empty { (t!(lang, "dash-mod-warned-empty")) }
            } @else {
                table.data {
                    thead { tr { th { (t!(lang, "dash-mod-col-member")) } th.num { (t!(lang, "dash-mod-col-warnings")) } th { (t!(lang, "dash-mod-col-last")) } } }
                    tbody { @for (id, n, last) in &data.warned { tr {
                        td { a href=(format!("{here}?member={id}")) { (name(*id)) } }
                        td.num { (n) " / " (data.warn_limit) }
                        td { (when(last)) }
                    } } }
                }
            }
        }
        section {
            h3 { (t!(lang, "dash-mod-muted", count = data.muted.len())) }
            @if data.muted.is_empty() {
                p.empty { (t!(lang, "dash-mod-muted-empty")) }
            } @else {
                table.data {
                    thead { tr { th { (t!(lang, "dash-mod-col-member")) } th { (t!(lang, "dash-mod-col-until")) } } }
                    tbody { @for (id, m) in &data.muted { tr {
                        td { a href=(format!("{here}?member={id}")) { (name(*id)) } }
                        td { @match m { Muted::Until(u) => (u.format("%Y-%m-%d %H:%M UTC").to_string()), Muted::Forever => (t!(lang, "dash-mod-until-lifted")) } }
                    } } }
                }
            }
        }
        section {
            h3 { (t!(lang, "dash-mod-log")) }
            form.filters method="get" action=(here) {
                select name="action" aria-label=(t!(lang, "dash-mod-col-action")) {
                    option value="" { (t!(lang, "dash-mod-any-action")) }
                    @for a in ACTIONS {
                        option value=(a.as_str()) selected[view.action == Some(*a)] { (named(lang, "mod-act", a.as_str())) }
                    }
                }
                input type="search" name="member" value=(view.member_raw) maxlength="64"
                    placeholder=(t!(lang, "dash-mod-member-search")) aria-label=(t!(lang, "dash-mod-member-search"));
                button type="submit" { (t!(lang, "dash-mod-apply")) }
            }
            @match &data.log {
                None => p.empty { (t!(lang, "dash-mod-member-unknown", member = view.member_raw.clone())) },
                Some(rows) if rows.is_empty() => p.empty { (t!(lang, "dash-mod-log-empty")) },
                Some(rows) => {
                    table.data {
                        thead { tr {
                            th { (t!(lang, "dash-mod-col-at")) } th { (t!(lang, "dash-mod-col-action")) }
                            th { (t!(lang, "dash-mod-col-member")) } th { (t!(lang, "dash-mod-col-by")) }
                            th { (t!(lang, "dash-mod-col-until")) } th { (t!(lang, "dash-mod-col-reason")) }
                        } }
                        tbody { @for r in rows { tr {
                            td { (when(&r.at)) }
                            td { (ModAction::parse(&r.action).map(|a| named(lang, "mod-act", a.as_str())).unwrap_or_else(|| r.action.clone())) }
                            td { (name(r.target_id)) }
                            td { @match r.actor_id {
                                None => span.muted { (t!(lang, "dash-mod-auto")) },
                                Some(id) => { (name(id)) @if r.by_moderator { " " span.pill { (t!(lang, "dash-mod-community-moderator")) } } },
                            } }
                            td { (r.until.as_deref().map(when).unwrap_or_default()) }
                            td { (r.reason.clone().unwrap_or_default()) }
                        } } }
                    }
                    @let last = ((data.total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
                    @if last > 1 {
                        nav.pager {
                            @if data.page > 1 { a rel="prev" href=(format!("{here}?{}", view.query(data.page - 1))) { "← " (t!(lang, "dash-members-prev")) } }
                            span { (t!(lang, "dash-members-page", page = data.page, pages = last)) }
                            @if data.page < last { a rel="next" href=(format!("{here}?{}", view.query(data.page + 1))) { (t!(lang, "dash-members-next")) " →" } }
                        }
                    }
                }
            }
        }
    }
}

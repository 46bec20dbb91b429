//! The Members page: the chat's members as a table — search by name or
//! @username (any case, Cyrillic too), the nudges' segment, sorting by last
//! post, messages, points, warnings or join date, 50 a page — and the CSV of
//! the same view, written by the members export (`stats::store::members_table`).
//!
//! A page is two statements: the page's user ids (the filters, the order,
//! LIMIT/OFFSET; the order by last post or join date walks an index) and
//! their rows. A search reads the chat's names once and matches them in Rust
//! (SQLite's `lower()` knows only ASCII); the ids found filter the statement.

use std::collections::HashMap;
use std::sync::Arc;

use axum::{
    Router,
    extract::Query,
    http::header,
    response::{IntoResponse, Response},
    routing::get,
};
use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use maud::{Markup, html};
use teloxide::types::ChatId;

use super::{
    page::{self, Tab},
    web::{Admin, PageError, PageResult},
};
use crate::{
    db::{self, Db},
    features::{nudges::logic::Segment, stats, trust},
    i18n::{Lang, named},
    kernel::Ctx,
    t,
};

/// Rows on a page.
pub const PAGE_SIZE: i64 = 50;

mod view;

pub use view::{MAX_SEARCH_CHARS, Sort, View, ViewError, glob_of, matches};

pub fn routes() -> Router<Arc<Ctx>> {
    Router::new()
        .route("/dashboard/c/{chat}/members", get(members_page))
        .route("/dashboard/c/{chat}/members.csv", get(members_csv))
}

impl Sort {
    /// The SQL it orders by (`m` the members, `pts` their points when
    /// sorted by them; `?3` the warnings' cutoff).
    fn expr(self) -> &'static str {
        match self {
            Sort::LastPost => "m.last_message_at",
            Sort::Messages => "m.message_count",
            Sort::Joined => "m.joined_at",
            Sort::Points => "COALESCE(pts.total, 0)",
            Sort::Warnings => WARNINGS,
        }
    }
}

/// A member's points: the ledger's sum, as /me and /top count them.
const POINTS: &str = "(SELECT COALESCE(SUM(p.points), 0) FROM points_ledger p
                       WHERE p.chat_id = m.chat_id AND p.user_id = m.user_id)";
/// Every member's points at once, to sort by (one pass over the chat's
/// ledger, twice as fast as a sum per member at 100 000 members).
const POINTS_JOIN: &str = " LEFT JOIN (SELECT user_id, SUM(points) AS total FROM points_ledger
                                       WHERE chat_id = ?1 GROUP BY user_id) pts ON pts.user_id = m.user_id";
/// A member's active warnings, as /warns counts them (`?3`: the expiry cutoff).
const WARNINGS: &str = "(SELECT COUNT(*) FROM mod_warnings w
                         WHERE w.chat_id = m.chat_id AND w.user_id = m.user_id
                           AND w.cleared_at IS NULL AND w.created_at > ?3)";

/// The ids of the chat's members a search matches, as a JSON array (for
/// `json_each`): GLOB narrows the rows read, `matches` decides.
async fn search_ids(db: &Db, chat_id: i64, q: &str) -> sqlx::Result<String> {
    let needle = q.to_lowercase();
    let glob = glob_of(needle.strip_prefix('@').unwrap_or(&needle));
    let mut rows = sqlx::query_as::<_, (i64, Option<String>, Option<String>, Option<String>)>(
        "SELECT m.user_id, u.first_name, u.last_name, u.username
         FROM members m LEFT JOIN users u ON u.user_id = m.user_id
         WHERE m.chat_id = ?1 AND (u.first_name || ' ' || COALESCE(u.last_name, '') GLOB ?2
                                   OR u.username GLOB ?2 OR CAST(m.user_id AS TEXT) = ?3)",
    )
    .bind(chat_id)
    .bind(glob)
    .bind(&needle)
    .fetch(db);
    let mut ids = Vec::new();
    while let Some((id, first, last, username)) = rows.try_next().await? {
        if matches(&needle, id, first.as_deref().unwrap_or_default(), last.as_deref(), username.as_deref()) {
            ids.push(id);
        }
    }
    Ok(serde_json::Value::from(ids).to_string())
}

/// The view's filters as SQL, after `FROM members m` (`?1` the chat, `?2`
/// the searched ids, `?4` the segment).
fn filters(view: &View) -> String {
    let mut sql = String::new();
    if view.segment.is_some() {
        sql.push_str(
            " JOIN nudge_members n ON n.chat_id = m.chat_id AND n.user_id = m.user_id AND n.segment = ?4",
        );
    }
    sql.push_str(" WHERE m.chat_id = ?1");
    if !view.q.is_empty() {
        sql.push_str(" AND m.user_id IN (SELECT value FROM json_each(?2))");
    }
    sql
}

/// The join the sort needs, after the `FROM`.
fn sort_join(view: &View) -> &'static str {
    if view.sort == Sort::Points { POINTS_JOIN } else { "" }
}

fn order_by(view: &View) -> String {
    let dir = if view.desc { "DESC" } else { "ASC" };
    format!("ORDER BY {} {dir}, m.user_id {dir}", view.sort.expr())
}

/// The view, ready to bind: the searched ids and the warnings' cutoff.
struct Bound {
    ids: Option<String>,
    since: String,
    segment: Option<&'static str>,
}

async fn bind_view(ctx: &Ctx, chat_id: i64, view: &View, now: DateTime<Utc>) -> anyhow::Result<Bound> {
    let db = ctx.readers();
    let ids = if view.q.is_empty() { None } else { Some(search_ids(&db, chat_id, &view.q).await?) };
    let settings = ctx.chat_settings(chat_id).await?;
    let since = trust::logic::warnings_since(settings.int("warn_expire_days"), now);
    Ok(Bound {
        ids,
        since: since.map(db::ts).unwrap_or_default(),
        segment: view.segment.map(Segment::as_str),
    })
}

macro_rules! bind_all {
    ($query:expr, $chat:expr, $b:expr) => {
        $query.bind($chat).bind($b.ids.clone()).bind($b.since.clone()).bind($b.segment)
    };
}

/// One row of the table.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRow {
    pub user_id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub status: String,
    pub joined_at: Option<String>,
    pub first_seen_at: String,
    pub last_message_at: Option<String>,
    pub message_count: i64,
    pub segment: Option<String>,
    pub points: i64,
    pub warnings: i64,
    #[sqlx(skip)]
    pub level: trust::logic::Level,
}

/// A page of the view: how many members match, the page shown (clamped to
/// the last one), its rows with their trust levels.
pub struct MembersPage {
    pub total: i64,
    pub page: i64,
    pub rows: Vec<MemberRow>,
}

pub fn pages(total: i64) -> i64 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
}

pub async fn members_page_data(
    ctx: &Ctx,
    chat_id: i64,
    view: &View,
    now: DateTime<Utc>,
) -> anyhow::Result<MembersPage> {
    let db = ctx.readers();
    let b = bind_view(ctx, chat_id, view, now).await?;
    let filters = filters(view);
    let count_sql = format!("SELECT COUNT(*) FROM members m{filters}");
    let total: i64 = bind_all!(sqlx::query_scalar(&count_sql), chat_id, b).fetch_one(&db).await?;
    let page = view.page.min(pages(total));
    let ids_sql = format!(
        "SELECT m.user_id FROM members m{}{filters} {} LIMIT {PAGE_SIZE} OFFSET {}",
        sort_join(view),
        order_by(view),
        (page - 1) * PAGE_SIZE
    );
    let ids: Vec<i64> = bind_all!(sqlx::query_scalar(&ids_sql), chat_id, b).fetch_all(&db).await?;
    let rows_sql = format!(
        "SELECT m.user_id, u.first_name, u.last_name, u.username, m.status, m.joined_at, m.first_seen_at,
                m.last_message_at, m.message_count, n.segment, {POINTS} AS points, {WARNINGS} AS warnings
         FROM members m LEFT JOIN users u ON u.user_id = m.user_id
         LEFT JOIN nudge_members n ON n.chat_id = m.chat_id AND n.user_id = m.user_id
         WHERE m.chat_id = ?1 AND m.user_id IN (SELECT value FROM json_each(?2))"
    );
    let page_ids = Bound { ids: Some(serde_json::Value::from(ids.clone()).to_string()), ..b };
    let mut found: HashMap<i64, MemberRow> =
        bind_all!(sqlx::query_as::<_, MemberRow>(&rows_sql), chat_id, page_ids)
            .fetch_all(&db)
            .await?
            .into_iter()
            .map(|r| (r.user_id, r))
            .collect();
    let levels = trust::levels::levels(ctx, ChatId(chat_id), &ids, now).await?;
    let rows = ids
        .iter()
        .zip(levels)
        .filter_map(|(id, level)| found.remove(id).map(|r| MemberRow { level, ..r }))
        .collect();
    Ok(MembersPage { total, page, rows })
}

/// The CSV of the view, every page: the members export's columns and cells.
pub async fn members_csv_data(
    ctx: &Ctx,
    chat_id: i64,
    view: &View,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    let db = ctx.readers();
    let b = bind_view(ctx, chat_id, view, now).await?;
    let select = stats::store::MEMBER_EXPORT_SELECT;
    let sql = format!("{select}{}{} {}", sort_join(view), filters(view), order_by(view));
    let rows: Vec<stats::store::MemberExportRow> =
        bind_all!(sqlx::query_as(&sql), chat_id, b).fetch_all(&db).await?;
    let (header, cells) = stats::store::members_table(&db, chat_id, rows).await?;
    Ok(stats::csv::to_csv(&header, &cells)?)
}

type Pairs = Query<Vec<(String, String)>>;

async fn members_page(admin: Admin, Query(pairs): Pairs) -> PageResult {
    let lang = admin.lang;
    let view = View::parse(&pairs).map_err(|e| PageError::Unprocessable(e.text(lang)))?;
    let data = members_page_data(&admin.ctx, admin.chat_id, &view, admin.ctx.clock.now()).await?;
    Ok(page::layout(&admin, Tab::Members, body(&admin, &view, &data)).into_response())
}

async fn members_csv(admin: Admin, Query(pairs): Pairs) -> PageResult {
    let view = View::parse(&pairs).map_err(|e| PageError::Unprocessable(e.text(admin.lang)))?;
    let now = admin.ctx.clock.now();
    let csv = members_csv_data(&admin.ctx, admin.chat_id, &view, now).await?;
    let name = format!("members-{}-{}.csv", admin.chat_id.unsigned_abs(), now.format("%Y-%m-%d"));
    let response: Response = (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
        ],
        csv,
    )
        .into_response();
    Ok(response)
}

fn day(raw: Option<&str>) -> String {
    raw.and_then(db::parse_ts).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".to_owned())
}

fn sort_name(lang: Lang, sort: Sort) -> String {
    match sort {
        Sort::LastPost => t!(lang, "dash-members-col-last-post"),
        Sort::Messages => t!(lang, "dash-members-col-messages"),
        Sort::Points => t!(lang, "dash-members-col-points"),
        Sort::Warnings => t!(lang, "dash-members-col-warnings"),
        Sort::Joined => t!(lang, "dash-members-col-joined"),
    }
}

fn body(admin: &Admin, view: &View, data: &MembersPage) -> Markup {
    let lang = admin.lang;
    let here = admin.url("members");
    let link = |sort: Sort, desc: bool, page: i64| format!("{here}?{}", view.query(sort, desc, page));
    let sort_head = |sort: Sort| {
        let current = view.sort == sort;
        let desc = if current { !view.desc } else { true };
        let mark = match (current, view.desc) {
            (false, _) => "",
            (true, true) => " ▼",
            (true, false) => " ▲",
        };
        html! { th.num { a href=(link(sort, desc, 1)) { (sort_name(lang, sort)) (mark) } } }
    };
    let last = pages(data.total);
    html! {
        h2 { (t!(lang, "dash-members-title")) }
        form.filters method="get" action=(here) {
            input type="search" name="q" value=(view.q) maxlength=(MAX_SEARCH_CHARS)
                placeholder=(t!(lang, "dash-members-search")) aria-label=(t!(lang, "dash-members-search"));
            select name="segment" aria-label=(t!(lang, "dash-members-segment")) {
                option value="" { (t!(lang, "dash-members-segment-all")) }
                @for s in Segment::ALL {
                    option value=(s.as_str()) selected[view.segment == Some(*s)] { (named(lang, "segment", s.as_str())) }
                }
            }
            input type="hidden" name="sort" value=(view.sort.as_str());
            input type="hidden" name="dir" value=(if view.desc { "desc" } else { "asc" });
            button type="submit" { (t!(lang, "dash-members-apply")) }
        }
        p.muted {
            (t!(lang, "dash-members-count", count = data.total)) " · "
            a href=(format!("{}?{}", admin.url("members.csv"), view.query(view.sort, view.desc, 1))) {
                (t!(lang, "dash-members-csv"))
            }
        }
        @if data.rows.is_empty() {
            p.empty { (t!(lang, "dash-members-empty")) }
        } @else {
            table.data {
                thead { tr {
                    th { (t!(lang, "dash-members-col-member")) }
                    th { (t!(lang, "dash-members-col-segment")) }
                    th { (t!(lang, "dash-members-col-trust")) }
                    (sort_head(Sort::Messages)) (sort_head(Sort::Points)) (sort_head(Sort::Warnings))
                    (sort_head(Sort::LastPost)) (sort_head(Sort::Joined))
                } }
                tbody { @for r in &data.rows { (row(lang, r)) } }
            }
        }
        @if last > 1 {
            nav.pager {
                @if data.page > 1 { a rel="prev" href=(link(view.sort, view.desc, data.page - 1)) { "← " (t!(lang, "dash-members-prev")) } }
                span { (t!(lang, "dash-members-page", page = data.page, pages = last)) }
                @if data.page < last { a rel="next" href=(link(view.sort, view.desc, data.page + 1)) { (t!(lang, "dash-members-next")) " →" } }
            }
        }
    }
}

fn row(lang: Lang, r: &MemberRow) -> Markup {
    let name = match (r.first_name.as_deref(), r.last_name.as_deref()) {
        (Some(f), Some(l)) if !l.is_empty() => format!("{f} {l}"),
        (Some(f), _) => f.to_owned(),
        (None, _) => r.user_id.to_string(),
    };
    let gone = matches!(r.status.as_str(), "left" | "kicked");
    html! {
        tr {
            td {
                (name)
                @if let Some(u) = r.username.as_deref().filter(|u| !u.is_empty()) { " " span.muted { "@" (u) } }
                @if gone { " " span.pill.bad { (t!(lang, "dash-members-gone")) } }
            }
            td { @if let Some(s) = &r.segment { span.pill { (named(lang, "segment", s)) } } }
            td { span.pill title=(trust::texts::level_name(lang, r.level)) { (trust::texts::badge(lang, r.level)) } }
            td.num { (r.message_count) }
            td.num { (r.points) }
            td.num { @if r.warnings > 0 { span.pill.bad { (r.warnings) } } @else { "0" } }
            td.num { (day(r.last_message_at.as_deref())) }
            td.num { (day(r.joined_at.as_deref().or(Some(&r.first_seen_at)))) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_round_up() {
        assert_eq!((pages(0), pages(1), pages(50), pages(51), pages(100_000)), (1, 1, 1, 2, 2000));
    }
}

//! The ideas board: the chat's ideas by status, with their votes and their
//! authors, and a status change per idea that is `/ideastatus` itself
//! (`ideas::statuses::change_status`: the card, the points, the DMs, the
//! announcement — each once). A form carries a token made when the page was
//! drawn: the same form sent again is the same request, and changes nothing
//! more.

use std::{
    hash::{BuildHasher, Hasher},
    sync::Arc,
};

use axum::{
    Form, Router,
    extract::{Path, Query},
    http::StatusCode,
    response::{IntoResponse, Redirect},
    routing::{get, post},
};
use maud::{Markup, html};
use serde::Deserialize;
use teloxide::types::{ChatId, UserId};

use super::{
    page::{self, Tab},
    web::{Admin, PageResult},
};
use crate::{
    features::ideas::{
        board_store::{self, BoardRow},
        logic::{IdeaError, MAX_COMMENT_LEN, Status, clean_comment, transition},
        statuses::{StatusChange, StatusOutcome, change_status},
        store,
        texts::{error_text, status_name},
    },
    i18n::Lang,
    kernel::{Ctx, format},
    t,
    telegram::html::{to_plain, truncate},
};

pub fn routes() -> Router<Arc<Ctx>> {
    Router::new()
        .route("/dashboard/c/{chat}/ideas", get(board))
        .route("/dashboard/c/{chat}/ideas/{id}/status", post(set_status))
}

/// The board's sections, in the order an idea moves (merged ones are left out:
/// their votes live on in the idea they were merged into).
const SECTIONS: [Status; 5] =
    [Status::Open, Status::Planned, Status::InProgress, Status::Done, Status::Declined];
/// Where an admin may send an idea (the statuses `/ideastatus` takes).
const TARGETS: [Status; 4] = [Status::Planned, Status::InProgress, Status::Done, Status::Declined];
/// Ideas shown per section.
const PER_SECTION: i64 = 100;

/// `?done=<number>&told=<count>` after a change, `?again=<number>` after the
/// same form came twice.
#[derive(Deserialize, Default)]
struct BoardQuery {
    done: Option<String>,
    told: Option<String>,
    again: Option<String>,
}

async fn board(admin: Admin, Query(q): Query<BoardQuery>) -> PageResult {
    let lang = admin.lang;
    let number = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<i64>().ok());
    let notice = if let Some(n) = number(&q.done) {
        let told = number(&q.told).unwrap_or(0).max(0);
        match store::by_number(&admin.ctx.db, admin.chat_id, n).await? {
            Some(idea) => Notice::Ok(t!(
                lang,
                "dash-ideas-changed",
                number = n,
                status = to_plain(&status_name(lang, idea.status())),
                count = told
            )),
            None => Notice::None,
        }
    } else if let Some(n) = number(&q.again) {
        Notice::Ok(t!(lang, "dash-ideas-again", number = n))
    } else {
        Notice::None
    };
    Ok(render(&admin, &notice).await?.into_response())
}

/// A line above the board.
enum Notice {
    None,
    Ok(String),
    Error(String),
}

/// The whole page.
async fn render(admin: &Admin, notice: &Notice) -> anyhow::Result<Markup> {
    let lang = admin.lang;
    let counts = board_store::status_counts(&admin.ctx.db, admin.chat_id).await?;
    let count = |s: Status| counts.iter().find(|(st, _)| *st == s).map_or(0, |(_, n)| *n);
    let token = form_token();
    let mut sections = Vec::new();
    for status in SECTIONS {
        let rows = board_store::board(&admin.ctx.db, admin.chat_id, status, PER_SECTION).await?;
        sections.push((status, count(status), rows));
    }
    let total: i64 = SECTIONS.iter().map(|s| count(*s)).sum();
    let body = html! {
        h1 { (t!(lang, "dash-ideas-title")) }
        @match notice {
            Notice::None => {},
            Notice::Ok(text) => (page::notice_ok(text)),
            Notice::Error(text) => (page::notice_error(text)),
        }
        p.muted { (t!(lang, "dash-ideas-total", count = total)) }
        @if total == 0 {
            p.empty { (t!(lang, "dash-ideas-empty")) }
        } @else {
            @for (status, n, rows) in &sections {
                (section(admin, &token, *status, *n, rows))
            }
        }
    };
    Ok(page::layout(admin, Tab::Ideas, body))
}

/// One status: its ideas as a table, each with its status form.
fn section(admin: &Admin, token: &str, status: Status, count: i64, rows: &[BoardRow]) -> Markup {
    let lang = admin.lang;
    html! {
        section.ideas id=(status.as_str()) {
            h2 { (to_plain(&status_name(lang, status))) " " span.pill { (count) } }
            @if rows.is_empty() {
                p.empty { (t!(lang, "dash-ideas-none-here")) }
            } @else {
                table.data {
                    thead { tr {
                        th { "#" }
                        th { (t!(lang, "dash-ideas-col-idea")) }
                        th { (t!(lang, "dash-ideas-col-author")) }
                        th { "👍" } th { "👎" }
                        th { (t!(lang, "dash-ideas-col-score")) }
                        th { (t!(lang, "dash-ideas-col-status")) }
                    } }
                    tbody {
                        @for row in rows { (idea_row(admin, token, row)) }
                    }
                }
                @if count > rows.len() as i64 {
                    p.muted { (t!(lang, "dash-ideas-more", count = count - rows.len() as i64)) }
                }
            }
        }
    }
}

fn idea_row(admin: &Admin, token: &str, row: &BoardRow) -> Markup {
    let lang = admin.lang;
    let idea = &row.idea;
    let targets = targets(idea.status());
    html! {
        tr {
            td.num { (idea.number) }
            td {
                (truncate(&idea.text, 300))
                @if let Some(c) = &idea.comment { br; span.muted { (c) } }
            }
            td { (author_name(row)) }
            td.num { (row.tally.up) }
            td.num { (row.tally.down) }
            td.num { (format::signed(row.tally.score())) }
            td {
                @if !targets.is_empty() {
                    form.actions method="post" action=(admin.url(&format!("ideas/{}/status", idea.idea_id))) {
                        (page::csrf_field(admin))
                        input type="hidden" name="token" value=(token);
                        select name="status" aria-label=(t!(lang, "dash-ideas-col-status")) {
                            @for s in &targets { option value=(s.as_str()) { (to_plain(&status_name(lang, *s))) } }
                        }
                        input type="text" name="note" maxlength=(MAX_COMMENT_LEN)
                            placeholder=(t!(lang, "dash-ideas-note")) aria-label=(t!(lang, "dash-ideas-note"));
                        button type="submit" { (t!(lang, "dash-ideas-apply")) }
                    }
                }
            }
        }
    }
}

/// The author as a plain name (the page escapes it), `#id` when the bot
/// never saw their name.
fn author_name(row: &BoardRow) -> String {
    match &row.author {
        Some((first, last)) => {
            let full = match last.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
                Some(last) => format!("{first} {last}"),
                None => first.clone(),
            };
            if full.trim().is_empty() { format!("#{}", row.idea.author_id) } else { truncate(&full, 64) }
        }
        None => format!("#{}", row.idea.author_id),
    }
}

/// The statuses an idea in `from` may be moved to, by the command's rule.
fn targets(from: Status) -> Vec<Status> {
    TARGETS.into_iter().filter(|to| transition(from, *to).is_ok()).collect()
}

/// A status as the form sends it (the stored names; the command's words too).
fn parse_target(raw: &str) -> Option<Status> {
    raw.trim().parse::<Status>().ok().or_else(|| Status::from_command(raw))
}

/// A fresh token for the forms of one drawing of the page: 16 hex digits.
fn form_token() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    // RandomState is seeded randomly per process and per instance.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(nanos);
    format!("{:016x}", hasher.finish())
}

/// A token as the page makes them, or none (a form without one is a request
/// of its own).
fn valid_token(token: &str) -> bool {
    (1..=32).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_hexdigit())
}

#[derive(Deserialize)]
struct StatusForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    token: String,
}

async fn set_status(
    admin: Admin,
    Path((_, id)): Path<(String, String)>,
    Form(form): Form<StatusForm>,
) -> PageResult {
    admin.check_csrf(&form.csrf)?;
    admin.recheck().await?;
    let lang = admin.lang;
    let ctx = &admin.ctx;
    let Ok(idea_id) = id.parse::<i64>() else {
        return refused(&admin, StatusCode::NOT_FOUND, t!(lang, "dash-ideas-not-found")).await;
    };
    let Some(status) = parse_target(&form.status) else {
        let err = IdeaError::UnknownStatus { word: form.status.clone() };
        return refused(&admin, StatusCode::UNPROCESSABLE_ENTITY, plain_error(lang, &err)).await;
    };
    let token = if valid_token(&form.token) { form.token.clone() } else { form_token() };
    let request = format!("web-{token}");
    let comment = clean_comment(&form.note);
    let change = StatusChange {
        chat: ChatId(admin.chat_id),
        idea_id,
        status,
        comment: comment.as_deref(),
        admin: Some(UserId(admin.user_id as u64)),
        at: ctx.clock.now(),
        request: &request,
    };
    match change_status(&ctx.bot, ctx, &change).await? {
        StatusOutcome::Changed { idea, queued, again: false, .. } => {
            tracing::info!(chat_id = admin.chat_id, idea_id, status = %status, "idea status changed on the dashboard");
            let to = admin.url(&format!("ideas?done={}&told={queued}", idea.number));
            Ok(Redirect::to(&to).into_response())
        }
        StatusOutcome::Changed { idea, again: true, .. } => {
            Ok(Redirect::to(&admin.url(&format!("ideas?again={}", idea.number))).into_response())
        }
        StatusOutcome::Refused(err) => {
            refused(&admin, StatusCode::UNPROCESSABLE_ENTITY, plain_error(lang, &err)).await
        }
        StatusOutcome::NoSuchIdea => {
            refused(&admin, StatusCode::NOT_FOUND, t!(lang, "dash-ideas-not-found")).await
        }
        StatusOutcome::Superseded | StatusOutcome::Raced => {
            refused(&admin, StatusCode::CONFLICT, t!(lang, "dash-ideas-moved-on")).await
        }
    }
}

/// The command's answer to a refused change, as plain text for the page.
fn plain_error(lang: Lang, err: &IdeaError) -> String {
    to_plain(&error_text(lang, err))
}

/// The board again, with why nothing changed.
async fn refused(admin: &Admin, status: StatusCode, text: String) -> PageResult {
    Ok((status, render(admin, &Notice::Error(text)).await?).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_follow_the_commands_transitions() {
        assert_eq!(targets(Status::Open), TARGETS.to_vec());
        assert_eq!(targets(Status::Done), vec![Status::Planned, Status::InProgress]);
        assert_eq!(targets(Status::Planned), vec![Status::InProgress, Status::Done, Status::Declined]);
        assert!(targets(Status::Merged).is_empty());
    }

    #[test]
    fn statuses_parse_as_stored_and_as_the_command_writes_them() {
        assert_eq!(parse_target("in_progress"), Some(Status::InProgress));
        assert_eq!(parse_target("done"), Some(Status::Done));
        assert_eq!(parse_target("сделано"), Some(Status::Done));
        assert_eq!(parse_target("open"), Some(Status::Open));
        assert_eq!(parse_target("maybe"), None);
        assert_eq!(parse_target(""), None);
    }

    #[test]
    fn tokens_are_fresh_and_checked() {
        let (a, b) = (form_token(), form_token());
        assert_ne!(a, b);
        assert!(valid_token(&a) && valid_token(&b), "{a} {b}");
        assert!(!valid_token(""));
        assert!(!valid_token("web:1; DROP"));
        assert!(!valid_token(&"a".repeat(33)));
    }

    #[test]
    fn russian_counts_take_their_plural_forms() {
        let told = |n: i64| t!(Lang::Ru, "dash-ideas-changed", number = 3, status = "сделана", count = n);
        assert!(told(0).contains("Сообщать некому"), "{}", told(0));
        assert!(told(1).contains("1 участник получит"), "{}", told(1));
        assert!(told(3).contains("3 участника получат"), "{}", told(3));
        assert!(told(5).contains("5 участников получат"), "{}", told(5));
        assert!(told(21).contains("21 участник получит"), "{}", told(21));
        let total = |n: i64| t!(Lang::Ru, "dash-ideas-total", count = n);
        assert_eq!([total(1), total(2), total(11)], ["Всего 1 идея", "Всего 2 идеи", "Всего 11 идей"]);
        assert_eq!(t!(Lang::En, "dash-ideas-total", count = 1), "1 idea in all");
    }

    #[test]
    fn an_unknown_status_is_the_commands_message_in_plain_text() {
        let err = IdeaError::UnknownStatus { word: "<b>".into() };
        let text = plain_error(Lang::En, &err);
        assert!(text.contains("“<b>”"), "{text}");
    }
}

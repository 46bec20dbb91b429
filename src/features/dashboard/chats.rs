//! `/dashboard/chats`: the chats the signed-in user may manage — the groups
//! the bot is in where Telegram's admin list names them.

use std::sync::Arc;

use axum::{
    extract::State,
    response::{IntoResponse, Redirect},
};
use maud::html;

use super::{
    page,
    session::Session,
    web::{PageResult, chat_url},
};
use crate::{
    kernel::{Ctx, members},
    t,
};

/// The chats `user_id` is an admin of (by Telegram's admin list, cached).
pub async fn managed(ctx: &Ctx, user_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    let mut chats = Vec::new();
    for (chat_id, title) in members::shared_chats_up_to(&ctx.db, user_id, 200).await? {
        if ctx.admins.is_admin(&ctx.bot, chat_id, user_id).await {
            chats.push((chat_id, title));
        }
    }
    Ok(chats)
}

pub async fn list(State(ctx): State<Arc<Ctx>>, session: Session) -> PageResult {
    let chats = managed(&ctx, session.user_id).await?;
    if let [(chat_id, _)] = chats.as_slice() {
        return Ok(Redirect::to(&chat_url(*chat_id, "")).into_response());
    }
    let lang = session.lang;
    let body = html! {
        header.top {
            a.home href="/dashboard/chats" { "hearth" }
            span.chat {}
            form.logout method="post" action="/dashboard/logout" {
                input type="hidden" name="csrf" value=(session.csrf);
                button.secondary type="submit" { (t!(lang, "dash-logout")) }
            }
        }
        main {
            h1 { (t!(lang, "dash-chats-title")) }
            @if chats.is_empty() {
                p.empty { (t!(lang, "dash-chats-none")) }
            } @else {
                ul.chats {
                    @for (chat_id, title) in &chats {
                        li { a href=(chat_url(*chat_id, "")) { (if title.is_empty() { chat_id.to_string() } else { title.clone() }) } }
                    }
                }
            }
        }
    };
    Ok(page::document(lang, &t!(lang, "dash-chats-title"), body).into_response())
}

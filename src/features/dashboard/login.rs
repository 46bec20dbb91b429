//! Signing in: a Mini App's initData (POSTed by the dashboard's own script
//! from the URL's fragment), a `login_url` button's signed fields, or a
//! one-time link (the demo). Each is checked as Telegram documents (see
//! `telegram::signed_data`), refused when older than a day or already used,
//! and answered with a session cookie. A refusal is logged by its reason —
//! never with the data, the hash or the token.

use std::sync::Arc;

use axum::{
    Form,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use chrono::Duration;
use maud::html;
use serde::Deserialize;

use super::{
    page,
    session::{self, Session},
    store,
    web::{PageError, PageResult, chat_url},
};
use crate::{
    i18n::Lang,
    kernel::{Ctx, lang::user_lang},
    t,
    telegram::signed_data::{self, SignedError, SignedUser},
};

/// How old signed data may be.
const MAX_AGE_HOURS: i64 = 24;

/// `/dashboard`: the Mini App's first page. Its script signs in with the
/// fragment's initData; a browser with a session goes to its chats.
pub async fn app(State(ctx): State<Arc<Ctx>>, headers: HeaderMap) -> PageResult {
    if session::of(&ctx, &headers).await?.is_some() {
        return Ok(Redirect::to("/dashboard/chats").into_response());
    }
    let lang = ctx.config.default_lang;
    let body = html! {
        header.top { a.home href="/dashboard" { "hearth" } }
        main {
            p.message #sign-in data-refused=(t!(lang, "dash-signin-refused")) { (t!(lang, "dash-signin-wait")) }
            noscript { p { (t!(lang, "dash-signin-open")) } }
        }
    };
    Ok(page::document(lang, "hearth", body).into_response())
}

#[derive(Deserialize)]
pub struct WebAppForm {
    #[serde(default)]
    init_data: String,
}

/// The Mini App's initData, checked with the key derived from "WebAppData".
pub async fn web_app(State(ctx): State<Arc<Ctx>>, Form(form): Form<WebAppForm>) -> PageResult {
    let token = ctx.config.token.expose().to_owned();
    let now = ctx.clock.now();
    let checked = signed_data::check_web_app(&form.init_data, &token, now, Duration::hours(MAX_AGE_HOURS));
    let hash = url::form_urlencoded::parse(form.init_data.as_bytes())
        .find(|(k, _)| k == "hash")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let user = accepted(&ctx, checked, &hash, "web_app").await?;
    let lang = Lang::for_user(user.language_code.as_deref(), ctx.config.default_lang);
    signed_in(&ctx, &user, lang, StatusCode::NO_CONTENT.into_response()).await
}

/// The fields Telegram adds to a `login_url`; anything else in the query is
/// hearth's own (`chat`), left out of the check.
const LOGIN_FIELDS: [&str; 7] =
    ["id", "first_name", "last_name", "username", "photo_url", "auth_date", "hash"];

/// A `login_url` button's redirect: Telegram's signed fields, checked with
/// the key SHA-256(token); then the chat's overview (or the chats).
pub async fn login_url(
    State(ctx): State<Arc<Ctx>>,
    Query(query): Query<Vec<(String, String)>>,
) -> PageResult {
    let fields: Vec<(String, String)> =
        query.iter().filter(|(k, _)| LOGIN_FIELDS.contains(&k.as_str())).cloned().collect();
    let token = ctx.config.token.expose().to_owned();
    let checked = signed_data::check_login(&fields, &token, ctx.clock.now(), Duration::hours(MAX_AGE_HOURS));
    let hash = fields.iter().find(|(k, _)| k == "hash").map(|(_, v)| v.clone()).unwrap_or_default();
    let user = accepted(&ctx, checked, &hash, "login_url").await?;
    let lang = user_lang(&ctx, user.id as i64).await;
    let next = match query.iter().find(|(k, _)| k == "chat").and_then(|(_, v)| v.parse::<i64>().ok()) {
        Some(chat) => chat_url(chat, ""),
        None => "/dashboard/chats".to_owned(),
    };
    signed_in(&ctx, &user, lang, Redirect::to(&next).into_response()).await
}

/// A one-time link: its session, once.
pub async fn once(State(ctx): State<Arc<Ctx>>, Path(token): Path<String>) -> PageResult {
    let used = if session::looks_like_token(&token) {
        store::use_link(&ctx.db, &session::token_hash(&token), ctx.clock.now()).await?
    } else {
        None
    };
    let Some((user_id, lang)) = used else {
        tracing::warn!("a dashboard one-time link refused (unknown, used or expired)");
        return Err(PageError::Unauthorized);
    };
    let lang = Lang::parse(&lang).unwrap_or(ctx.config.default_lang);
    let token = session::open(&ctx, user_id, lang).await?;
    let mut response = Redirect::to("/dashboard/chats").into_response();
    response.headers_mut().insert(header::SET_COOKIE, session::cookie(&ctx, &token));
    Ok(response)
}

#[derive(Deserialize)]
pub struct LogoutForm {
    #[serde(default)]
    csrf: String,
}

pub async fn logout(
    State(ctx): State<Arc<Ctx>>,
    session: Session,
    Form(form): Form<LogoutForm>,
) -> PageResult {
    if !session::csrf_ok(&form.csrf, &session.csrf) {
        return Err(PageError::Forbidden(t!(session.lang, "dash-error-csrf")));
    }
    session.end(&ctx).await?;
    let mut response = page::message_page(&t!(session.lang, "dash-signed-out")).into_response();
    response.headers_mut().insert(header::SET_COOKIE, session::clear_cookie(&ctx));
    Ok(response)
}

/// Checked data, not replayed: its user.
async fn accepted(
    ctx: &Ctx,
    checked: Result<SignedUser, SignedError>,
    hash: &str,
    how: &'static str,
) -> Result<SignedUser, PageError> {
    let user = match checked {
        Ok(user) => user,
        Err(reason) => {
            tracing::warn!(how, %reason, "a dashboard sign-in refused");
            return Err(PageError::Unauthorized);
        }
    };
    let now = ctx.clock.now();
    if !store::claim_signature(&ctx.db, hash, now, now - Duration::hours(MAX_AGE_HOURS + 1)).await? {
        tracing::warn!(how, user_id = user.id, "a dashboard sign-in refused: signed data used before");
        return Err(PageError::Unauthorized);
    }
    Ok(user)
}

/// `response` with a new session's cookie.
async fn signed_in(ctx: &Ctx, user: &SignedUser, lang: Lang, mut response: Response) -> PageResult {
    let token = session::open(ctx, user.id as i64, lang).await?;
    tracing::info!(user_id = user.id, "signed in to the dashboard");
    response.headers_mut().insert(header::SET_COOKIE, session::cookie(ctx, &token));
    Ok(response)
}

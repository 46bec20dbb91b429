//! The admin dashboard: web pages hearth serves itself on HEARTH_LISTEN
//! (HEARTH_PUBLIC_URL is their public base), opened from Telegram with
//! `/dashboard` — a Mini App in a DM, a `login_url` sign-in in a group — or a
//! one-time link (`hearth demo --dashboard`). A session cookie and a CSRF
//! token on every change; a user sees only the chats Telegram's admin list
//! names them admin of, re-checked before every change. Each page shows what
//! the commands compute: one source of truth.
//!
//! - `web.rs`: `Admin` (the extractor every chat page takes), `PageError`,
//!   the security headers; `page.rs`: the layout; `assets.rs`: the embedded
//!   stylesheet and script.
//! - `login.rs`: signing in and out; `session.rs`: tokens, cookies;
//!   `store.rs`: sessions, used signatures, one-time links (migration 0033).
//! - `chats.rs`: the chats a user manages; `opening.rs`: `/dashboard`.

mod assets;
pub mod chats;
mod document;
mod error;
mod ideas;
mod login;
pub mod members;
pub mod moderation;
mod opening;
pub mod overview;
pub mod page;
pub mod polls;
pub mod session;
mod settings;
mod store;
pub mod web;

use std::sync::Arc;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    middleware,
    routing::{get, post},
};

use crate::{
    kernel::{Ctx, Routes},
    telegram::command::{CommandSpec, Place},
};

pub use opening::base;

pub const COMMANDS: &[CommandSpec] = &[CommandSpec::member("dashboard", Place::Anywhere, "cmd-dashboard")];

pub fn routes() -> Routes {
    Routes::new(COMMANDS).command("dashboard", opening::dashboard)
}

/// The largest form a page takes (a 10 MB one gets 413 before any handler).
pub const MAX_FORM: usize = 64 * 1024;

/// The dashboard's HTTP routes, when it is served (HEARTH_PUBLIC_URL set).
pub fn http_routes(ctx: &Arc<Ctx>) -> Option<Router> {
    base(ctx)?;
    let pages = Router::new()
        .route("/dashboard", get(login::app))
        .route("/dashboard/auth/webapp", post(login::web_app))
        .route("/dashboard/auth/login", get(login::login_url))
        .route("/dashboard/auth/once/{token}", get(login::once))
        .route("/dashboard/logout", post(login::logout))
        .route("/dashboard/chats", get(chats::list))
        .route("/dashboard/assets/{name}", get(assets::serve))
        .merge(overview::routes())
        .merge(members::routes())
        .merge(polls::routes())
        .merge(moderation::routes())
        .merge(ideas::routes())
        .merge(settings::routes());
    let routes = pages
        .layer(middleware::from_fn(web::too_large))
        .layer(DefaultBodyLimit::max(MAX_FORM))
        .layer(middleware::from_fn(web::security_headers))
        .with_state(ctx.clone());
    Some(routes)
}

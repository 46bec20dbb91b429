//! What every dashboard page stands on: `Admin` (a signed-in admin of the
//! chat in the URL, checked against Telegram's admin list), `PageError`
//! (401 / 403 / 404 / 413 / 422 / 500 as a small page; logged without any
//! secret), and the headers every answer carries.

use std::sync::Arc;

use axum::{
    extract::{FromRequestParts, Request},
    http::{HeaderValue, StatusCode, header, request::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};

pub use super::error::{PageError, PageResult};
use super::{
    document,
    session::{self, Session},
};
use crate::{i18n::Lang, kernel::Ctx, t};

/// An admin of the chat in the URL (`/dashboard/c/{chat}/…`), from the
/// session cookie: 401 without a live session, 403 when Telegram's admin
/// list (the bot's admin cache) does not list the user for that chat.
#[derive(Clone)]
pub struct Admin {
    pub ctx: Arc<Ctx>,
    pub user_id: i64,
    pub lang: Lang,
    pub csrf: String,
    pub chat_id: i64,
    pub chat_title: String,
}

impl Admin {
    /// 403 unless `given` is this session's CSRF token (constant time).
    pub fn check_csrf(&self, given: &str) -> Result<(), PageError> {
        if session::csrf_ok(given, &self.csrf) {
            return Ok(());
        }
        tracing::warn!(
            chat_id = self.chat_id,
            user_id = self.user_id,
            "dashboard change without its CSRF token"
        );
        Err(PageError::Forbidden(t!(self.lang, "dash-error-csrf")))
    }

    /// Before any change: Telegram's admin list asked afresh, not the cache.
    pub async fn recheck(&self) -> Result<(), PageError> {
        self.ctx.admins.invalidate(self.chat_id);
        if self.ctx.admins.is_admin(&self.ctx.bot, self.chat_id, self.user_id).await {
            return Ok(());
        }
        tracing::warn!(
            chat_id = self.chat_id,
            user_id = self.user_id,
            "a dashboard change by a non-admin refused"
        );
        Err(PageError::Forbidden(t!(self.lang, "dash-error-not-admin")))
    }

    /// `/dashboard/c/{chat}/{tail}`.
    pub fn url(&self, tail: &str) -> String {
        chat_url(self.chat_id, tail)
    }
}

/// `/dashboard/c/{chat}/{tail}`.
pub fn chat_url(chat_id: i64, tail: &str) -> String {
    format!("/dashboard/c/{chat_id}/{}", tail.trim_start_matches('/'))
}

/// The chat id of a `/dashboard/c/{chat}/…` path.
fn chat_in_path(path: &str) -> Option<i64> {
    path.strip_prefix("/dashboard/c/")?.split('/').next()?.parse().ok()
}

impl FromRequestParts<Arc<Ctx>> for Admin {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, ctx: &Arc<Ctx>) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, ctx).await?;
        let chat_id = chat_in_path(parts.uri.path()).ok_or(PageError::NotFound)?;
        if !ctx.admins.is_admin(&ctx.bot, chat_id, session.user_id).await {
            tracing::warn!(
                chat_id,
                user_id = session.user_id,
                "a dashboard page of a chat the user does not admin"
            );
            return Err(PageError::Forbidden(t!(session.lang, "dash-error-not-admin")));
        }
        let chat_title = crate::kernel::members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default();
        Ok(Admin {
            ctx: ctx.clone(),
            user_id: session.user_id,
            lang: session.lang,
            csrf: session.csrf,
            chat_id,
            chat_title,
        })
    }
}

/// Headers on every dashboard answer: no script but the dashboard's own,
/// framed only by Telegram's web clients, never cached, never sniffed.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(
        headers,
        header::CONTENT_SECURITY_POLICY,
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
         connect-src 'self'; form-action 'self'; base-uri 'none'; \
         frame-ancestors 'self' https://web.telegram.org https://*.telegram.org",
    );
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "no-referrer");
    if !headers.contains_key(header::CACHE_CONTROL) {
        set(headers, header::CACHE_CONTROL, "no-store");
    }
    response
}

/// An answer with the status and the page when a form is too large (413).
pub async fn too_large(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let text =
            format!("{} / {}", t!(Lang::En, "dash-error-too-large"), t!(Lang::Ru, "dash-error-too-large"));
        return (StatusCode::PAYLOAD_TOO_LARGE, document::message_page(&text)).into_response();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chat_comes_from_the_path_or_nothing() {
        assert_eq!(chat_in_path("/dashboard/c/-1001234/members"), Some(-1001234));
        assert_eq!(chat_in_path("/dashboard/c/-5"), Some(-5));
        assert_eq!(chat_in_path("/dashboard/c/abc/members"), None);
        assert_eq!(chat_in_path("/dashboard/chats"), None);
        assert_eq!(chat_url(-5, "/members"), "/dashboard/c/-5/members");
    }
}

//! Dashboard sessions: a random token in an HttpOnly cookie (Secure and
//! SameSite=None behind https, where Telegram Web frames the Mini App;
//! SameSite=Lax on a loopback http address), its SHA-256 in the database,
//! and a CSRF token every change must carry.

use std::sync::Arc;

use axum::{
    extract::FromRequestParts,
    http::{HeaderMap, HeaderValue, header, request::Parts},
};
use chrono::Duration;
use sha2::{Digest, Sha256};

use super::{error::PageError, store};
use crate::{i18n::Lang, kernel::Ctx};

pub const COOKIE: &str = "hearth_session";
/// How long a sign-in lasts.
pub const LIFETIME_HOURS: i64 = 12;

/// The signed-in user of a request.
#[derive(Debug, Clone)]
pub struct Session {
    pub user_id: i64,
    pub lang: Lang,
    pub csrf: String,
    token_hash: String,
}

impl Session {
    pub async fn end(&self, ctx: &Ctx) -> sqlx::Result<()> {
        store::end_session(&ctx.db, &self.token_hash).await
    }
}

/// Whether `given` is the session's CSRF token (constant time; never empty).
pub fn csrf_ok(given: &str, expected: &str) -> bool {
    !given.is_empty() && crate::config::same_secret(given.as_bytes(), expected.as_bytes())
}

/// Whether `s` has the shape `random_token` gives (64 hex digits): what a
/// cookie or a one-time link carries is read only then.
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// 32 random bytes, hex.
pub fn random_token() -> anyhow::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(hex::encode(bytes))
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Opens a session for `user_id`: the cookie's token.
pub async fn open(ctx: &Ctx, user_id: i64, lang: Lang) -> anyhow::Result<String> {
    let (token, csrf) = (random_token()?, random_token()?);
    let now = ctx.clock.now();
    let expires = now + Duration::hours(LIFETIME_HOURS);
    store::create_session(&ctx.db, &token_hash(&token), user_id, lang.code(), &csrf, now, expires).await?;
    Ok(token)
}

/// A one-time sign-in link's path for `user_id` (the demo prints it).
pub async fn one_time_link(ctx: &Ctx, user_id: i64, lang: Lang, valid: Duration) -> anyhow::Result<String> {
    let token = random_token()?;
    let expires = ctx.clock.now() + valid;
    store::create_link(&ctx.db, &token_hash(&token), user_id, lang.code(), expires).await?;
    Ok(format!("/dashboard/auth/once/{token}"))
}

fn https(ctx: &Ctx) -> bool {
    ctx.config.public_url.as_ref().is_some_and(|u| u.scheme() == "https")
}

/// The Set-Cookie header of a new session.
pub fn cookie(ctx: &Ctx, token: &str) -> HeaderValue {
    set_cookie(ctx, token, LIFETIME_HOURS * 3600)
}

/// The Set-Cookie header that ends the session in the browser.
pub fn clear_cookie(ctx: &Ctx) -> HeaderValue {
    set_cookie(ctx, "", 0)
}

fn set_cookie(ctx: &Ctx, value: &str, max_age: i64) -> HeaderValue {
    let attrs = if https(ctx) { "Secure; SameSite=None" } else { "SameSite=Lax" };
    let header = format!("{COOKIE}={value}; Path=/dashboard; HttpOnly; {attrs}; Max-Age={max_age}");
    HeaderValue::from_str(&header).unwrap_or_else(|_| HeaderValue::from_static("hearth_session=; Max-Age=0"))
}

/// The session token a request's Cookie header carries.
pub fn token_in(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_owned())
        .filter(|v| looks_like_token(v))
}

/// The request's session, if it has a live one.
pub async fn of(ctx: &Ctx, headers: &HeaderMap) -> sqlx::Result<Option<Session>> {
    let Some(token) = token_in(headers) else { return Ok(None) };
    let hash = token_hash(&token);
    let row = store::session(&ctx.db, &hash, ctx.clock.now()).await?;
    Ok(row.map(|r| Session {
        user_id: r.user_id,
        lang: Lang::parse(&r.lang).unwrap_or(ctx.config.default_lang),
        csrf: r.csrf,
        token_hash: hash,
    }))
}

impl FromRequestParts<Arc<Ctx>> for Session {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, ctx: &Arc<Ctx>) -> Result<Self, Self::Rejection> {
        of(ctx, &parts.headers).await?.ok_or(PageError::Unauthorized)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_token_is_read_only_when_it_looks_like_one() {
        let token = "a".repeat(64);
        let mut headers = HeaderMap::new();
        headers
            .insert(header::COOKIE, HeaderValue::from_str(&format!("x=1; {COOKIE}={token}")).expect("ascii"));
        assert_eq!(token_in(&headers), Some(token));
        let mut forged = HeaderMap::new();
        forged.insert(header::COOKIE, HeaderValue::from_static("hearth_session=../../etc; y=2"));
        assert_eq!(token_in(&forged), None);
        assert_eq!(token_in(&HeaderMap::new()), None);
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (random_token().expect("random"), random_token().expect("random"));
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}

//! Why a dashboard page is not shown or a change not made, as the answer:
//! a small page with the reason and its status; an internal error logged.

use axum::{
    http::StatusCode,
    response::{IntoResponse, Response},
};

use super::document;
use crate::{i18n::Lang, t};

/// Why a page is not shown or a change not made.
#[derive(Debug)]
pub enum PageError {
    /// 401: no live session.
    Unauthorized,
    /// 403, with the (localized) reason.
    Forbidden(String),
    /// 404.
    NotFound,
    /// 422, with the (localized) reason; nothing was changed.
    Unprocessable(String),
    /// 500, logged.
    Internal(anyhow::Error),
}

pub type PageResult = Result<Response, PageError>;

impl From<anyhow::Error> for PageError {
    fn from(err: anyhow::Error) -> Self {
        PageError::Internal(err)
    }
}

impl From<sqlx::Error> for PageError {
    fn from(err: sqlx::Error) -> Self {
        PageError::Internal(err.into())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        // Without a session the language is unknown: both are shown.
        let both = |en: String, ru: String| format!("{en} / {ru}");
        let (status, text) = match self {
            PageError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                both(t!(Lang::En, "dash-error-signed-out"), t!(Lang::Ru, "dash-error-signed-out")),
            ),
            PageError::Forbidden(text) => (StatusCode::FORBIDDEN, text),
            PageError::NotFound => (
                StatusCode::NOT_FOUND,
                both(t!(Lang::En, "dash-error-not-found"), t!(Lang::Ru, "dash-error-not-found")),
            ),
            PageError::Unprocessable(text) => (StatusCode::UNPROCESSABLE_ENTITY, text),
            PageError::Internal(err) => {
                tracing::error!(%err, "a dashboard page failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    both(t!(Lang::En, "dash-error-internal"), t!(Lang::Ru, "dash-error-internal")),
                )
            }
        };
        (status, document::message_page(&text)).into_response()
    }
}

//! HTTP endpoints: the webhook (when configured) and operations — /healthz,
//! /readyz (touches the database) and /metrics (Prometheus text format).

use std::{net::SocketAddr, sync::Arc};

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::{get, post},
};
use teloxide::{prelude::*, requests::Request, types::Update};
use tokio::{sync::mpsc, task::JoinHandle};
use tokio_util::sync::CancellationToken;

use crate::{config::Webhook, ingest, kernel::Ctx};

/// Binds `addr` and serves `routes` until `stop`.
/// Returns the bound address (port 0 picks a free one).
pub async fn serve(
    addr: SocketAddr,
    routes: Router,
    stop: CancellationToken,
) -> anyhow::Result<(JoinHandle<()>, SocketAddr)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let bound = listener.local_addr()?;
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, routes).with_graceful_shutdown(stop.cancelled_owned()).await;
        if let Err(err) = served {
            tracing::error!(%err, "HTTP server stopped");
        }
    });
    Ok((task, bound))
}

/// setWebhook with the updates hearth needs (teloxide's axum helper leaves
/// allowed_updates out, and chat_member would stop arriving) and the secret.
pub async fn set_webhook(raw: &Bot, hook: &Webhook) -> anyhow::Result<()> {
    raw.set_webhook(hook.url.clone())
        .allowed_updates(crate::telegram::allowed_updates())
        .secret_token(hook.secret.expose().to_owned())
        .send()
        .await?;
    Ok(())
}

#[derive(Clone)]
struct HookState {
    ctx: Arc<Ctx>,
    secret: String,
    feed: mpsc::Sender<Update>,
}

pub fn webhook_routes(ctx: Arc<Ctx>, hook: &Webhook, feed: mpsc::Sender<Update>) -> Router {
    let path = match hook.url.path() {
        "" | "/" => "/".to_owned(),
        p => p.to_owned(),
    };
    let state = HookState { ctx, secret: hook.secret.expose().to_owned(), feed };
    Router::new().route(&path, post(receive)).with_state(state)
}

/// An update from Telegram: checked, stored, then handed on. Answering 200
/// only after the update is stored makes Telegram resend it otherwise.
async fn receive(State(state): State<HookState>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let given = headers.get("x-telegram-bot-api-secret-token").map(|v| v.as_bytes()).unwrap_or_default();
    if !same_secret(given, state.secret.as_bytes()) {
        return StatusCode::UNAUTHORIZED;
    }
    let raw = match std::str::from_utf8(&body)
        .map_err(|e| e.to_string())
        .and_then(|text| ingest::RawUpdate::parse(text.to_owned()).map_err(|e| e.to_string()))
    {
        Ok(u) => u,
        Err(err) => {
            tracing::warn!(%err, "webhook body is not an update");
            return StatusCode::BAD_REQUEST;
        }
    };
    match ingest::store_batch(&state.ctx.db, vec![raw]).await {
        Ok(fresh) => {
            for update in fresh {
                if state.feed.send(update).await.is_err() {
                    return StatusCode::SERVICE_UNAVAILABLE;
                }
            }
            StatusCode::OK
        }
        Err(err) => {
            tracing::error!(%err, "cannot store a webhook update; Telegram will resend it");
            StatusCode::SERVICE_UNAVAILABLE
        }
    }
}

/// Compares secrets in constant time (kept in the base, where the features reach it).
pub use crate::config::same_secret;

pub fn ops_routes(ctx: Arc<Ctx>) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics))
        .with_state(ctx)
}

async fn ready(State(ctx): State<Arc<Ctx>>) -> impl IntoResponse {
    match sqlx::query_scalar::<_, i64>("SELECT 1").fetch_one(&ctx.db).await {
        Ok(_) => (StatusCode::OK, "ready"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}

async fn metrics(State(ctx): State<Arc<Ctx>>) -> impl IntoResponse {
    ([("content-type", "text/plain; version=0.0.4")], ctx.metrics.render())
}

//! Long polling: getUpdates through teloxide's HTTP client (keeping each
//! update's raw JSON), each batch stored in the inbox before it is confirmed.

use std::{sync::Arc, time::Duration};

use teloxide::{RequestError, prelude::*, types::Update};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use super::{
    RawUpdate,
    inbox::{next_offset, store_batch},
};
use crate::{
    kernel::Ctx,
    telegram::send::{Failure, classify},
};

/// getUpdates through teloxide's HTTP client, keeping each update's raw JSON.
async fn fetch_updates(raw: &Bot, offset: i32, timeout: u32) -> Result<Vec<RawUpdate>, RequestError> {
    use teloxide::{ApiError, types::Seconds};
    let url = raw
        .api_url()
        .join(&format!("/bot{}/getUpdates", raw.token()))
        .map_err(|e| RequestError::Api(ApiError::Unknown(e.to_string())))?;
    let body = serde_json::json!({
        "offset": offset,
        "timeout": timeout,
        "allowed_updates": crate::telegram::allowed_updates(),
    });
    let response = raw
        .client()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .map_err(RequestError::from)?;
    let text = response.text().await.map_err(RequestError::from)?;
    let invalid = |source: serde_json::Error| RequestError::InvalidJson {
        source: Arc::new(source),
        raw: text.clone().into(),
    };
    // Each update is kept as the text Telegram sent (borrowed from the
    // response, never built into a JSON tree and printed again).
    let envelope: Envelope<'_> = serde_json::from_str(&text).map_err(invalid)?;
    if !envelope.ok {
        if let Some(secs) = envelope.parameters.and_then(|p| p.retry_after) {
            return Err(RequestError::RetryAfter(Seconds::from_seconds(secs.min(u32::MAX as u64) as u32)));
        }
        let description = envelope.description.unwrap_or_else(|| "getUpdates failed".to_owned());
        return Err(RequestError::Api(ApiError::Unknown(description)));
    }
    let items = envelope.result.unwrap_or_default();
    let mut updates = Vec::with_capacity(items.len());
    for item in items {
        let json = item.get().to_owned();
        match RawUpdate::parse(json) {
            Ok(u) => updates.push(u),
            // Something teloxide cannot read: keep its raw JSON and its id
            // (so the offset moves on), handle it as nothing.
            Err(err) => {
                tracing::error!(%err, "unreadable update; stored, not handled");
                let id = serde_json::from_str::<UpdateId>(item.get()).map_or(0, |u| u.update_id);
                let stub = serde_json::json!({ "update_id": id });
                if let Ok(update) = serde_json::from_value(stub) {
                    updates.push(RawUpdate { json: item.get().to_owned(), update });
                }
            }
        }
    }
    Ok(updates)
}

/// A getUpdates response with its updates left as raw JSON.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    ok: bool,
    #[serde(borrow, default)]
    result: Option<Vec<&'a serde_json::value::RawValue>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parameters: Option<Parameters>,
}

#[derive(serde::Deserialize)]
struct Parameters {
    #[serde(default)]
    retry_after: Option<u64>,
}

#[derive(serde::Deserialize)]
struct UpdateId {
    update_id: i64,
}

/// Long polling into the inbox until `stop`. Errors back off; never a busy loop.
pub async fn poll(ctx: Arc<Ctx>, raw: Bot, feed: mpsc::Sender<Update>, stop: CancellationToken) {
    let mut offset = match next_offset(&ctx.db).await {
        Ok(o) => o,
        Err(err) => {
            tracing::error!(%err, "cannot read the poll offset; starting from Telegram's");
            0
        }
    };
    let timeout = ctx.config.poll_timeout.as_secs() as u32;
    let mut backoff = Duration::from_millis(500);
    loop {
        let request = fetch_updates(&raw, offset, timeout);
        let result = tokio::select! {
            _ = stop.cancelled() => break,
            r = request => r,
        };
        match result {
            Ok(updates) => {
                backoff = Duration::from_millis(500);
                let Some(last) = updates.iter().map(|u| u.update.id.0 as i64).max() else { continue };
                match store_batch(&ctx.db, updates).await {
                    Ok(fresh) => {
                        offset = (last + 1) as i32;
                        for update in fresh {
                            if feed.send(update).await.is_err() {
                                return;
                            }
                        }
                    }
                    Err(err) => {
                        // Not stored: do not confirm; Telegram sends them again.
                        tracing::error!(%err, "cannot store updates; will fetch them again");
                        sleep_or_stop(&stop, backoff).await;
                        backoff = (backoff * 2).min(Duration::from_secs(30));
                    }
                }
            }
            Err(err) => {
                crate::metrics::record_api_error(&err);
                let wait = match classify(&err) {
                    Failure::RetryAfter(d) => d,
                    _ => {
                        let w = backoff;
                        backoff = (backoff * 2).min(Duration::from_secs(30));
                        w
                    }
                };
                tracing::warn!(%err, wait_ms = wait.as_millis() as u64, "getUpdates failed");
                sleep_or_stop(&stop, wait).await;
            }
        }
    }
}

async fn sleep_or_stop(stop: &CancellationToken, d: Duration) {
    tokio::select! {
        _ = stop.cancelled() => {}
        _ = tokio::time::sleep(d) => {}
    }
}

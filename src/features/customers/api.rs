//! The CRM's API on HEARTH_LISTEN, served when HEARTH_API_TOKEN is set:
//!
//! - `POST /api/customers`: a JSON array of customers (at most
//!   `MAX_ITEMS`), each an object with the import's fields; upserted as a
//!   CSV import is (a missing field leaves the stored value, `null` or `""`
//!   clears it).
//! - `POST /api/customers/{id}/churn`: sets the churn date (the body
//!   `{"churned_at":"YYYY-MM-DD"}`, or today without a body); 404 for an
//!   unknown customer.
//!
//! `Authorization: Bearer <token>` on every request (compared in constant
//! time; 401 otherwise). Bodies over `MAX_BODY` and arrays over `MAX_ITEMS`
//! get 413, what is not JSON 400. The answer is
//! `{"added","updated","unchanged","rejected":[{"index","field","reason"}]}`:
//! 200 when nothing was rejected, 422 when some items were (the good ones
//! applied). The token is never logged.

use std::sync::Arc;

use axum::{
    Json, Router,
    body::Bytes,
    extract::{DefaultBodyLimit, Path, Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::post,
};
use serde_json::{Value, json};

use super::{
    import::{Registry, Report},
    rows::{self, Field, FieldError, Patch},
    store,
};
use crate::{config::Secret, kernel::Ctx};

/// The largest request body (bytes).
pub const MAX_BODY: usize = 2 * 1024 * 1024;
/// The most customers in one request.
pub const MAX_ITEMS: usize = 1_000;

#[derive(Clone)]
struct Api {
    ctx: Arc<Ctx>,
    token: Secret,
    secret: Secret,
}

/// The API's routes, when HEARTH_API_TOKEN (and HEARTH_SECRET) are set.
pub fn routes(ctx: &Arc<Ctx>) -> Option<Router> {
    let token = ctx.config.api_token.clone()?;
    // Start-up refuses HEARTH_API_TOKEN without HEARTH_SECRET (config.rs).
    let secret = ctx.config.secret.clone()?;
    let api = Api { ctx: ctx.clone(), token, secret };
    Some(
        Router::new()
            .route("/api/customers", post(upsert))
            .route("/api/customers/{id}/churn", post(churn))
            .route_layer(middleware::from_fn_with_state(api.clone(), authorize))
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .with_state(api),
    )
}

/// `Authorization: Bearer <token>`, before the body is read.
async fn authorize(State(api): State<Api>, headers: HeaderMap, request: Request, next: Next) -> Response {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.as_bytes().strip_prefix(b"Bearer "))
        .unwrap_or_default();
    if !crate::config::same_secret(given, api.token.expose().as_bytes()) {
        let body = Json(json!({ "error": "missing or wrong bearer token" }));
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], body).into_response();
    }
    next.run(request).await
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

fn internal(err: sqlx::Error) -> Response {
    tracing::error!(%err, "customers API: database error");
    error(StatusCode::INTERNAL_SERVER_ERROR, "database error")
}

/// The report as JSON: 200, or 422 when something was rejected.
fn answer(report: &Report) -> Response {
    let rejected: Vec<Value> = report
        .rejected
        .iter()
        .map(|r| json!({ "index": r.at, "field": r.field, "reason": r.reason }))
        .collect();
    tracing::info!(
        added = report.added,
        updated = report.updated,
        unchanged = report.unchanged,
        rejected = report.rejected_rows(),
        "customers API"
    );
    let status = if rejected.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let body = json!({
        "added": report.added,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "rejected": rejected,
    });
    (status, Json(body)).into_response()
}

/// A JSON value as the text a CSV cell would hold (`null` is an empty cell).
fn text(value: &Value) -> Result<String, &'static str> {
    match value {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        _ => Err("must be a string"),
    }
}

/// One item of the array, parsed as a CSV row is.
fn parse_item(secret: &Secret, item: &Value) -> Result<Patch, Vec<FieldError>> {
    let Some(object) = item.as_object() else {
        return Err(vec![FieldError::new("", "not a JSON object")]);
    };
    let mut errors = Vec::new();
    let mut cells: Vec<(Field, String)> = Vec::with_capacity(object.len());
    for (key, value) in object {
        match (Field::from_name(key), text(value)) {
            (None, _) => errors.push(FieldError::new(key.as_str(), "unknown field")),
            (Some(_), Err(reason)) => errors.push(FieldError::new(key.as_str(), reason)),
            (Some(field), Ok(text)) => cells.push((field, text)),
        }
    }
    let cells: Vec<(Field, &str)> = cells.iter().map(|(f, t)| (*f, t.as_str())).collect();
    match rows::parse(secret, &cells) {
        Ok(patch) if errors.is_empty() => Ok(patch),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// `POST /api/customers`.
async fn upsert(State(api): State<Api>, body: Bytes) -> Response {
    let items = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Array(items)) => items,
        Ok(_) => return error(StatusCode::BAD_REQUEST, "expected a JSON array of customers"),
        Err(err) => return error(StatusCode::BAD_REQUEST, format!("not JSON: {err}")),
    };
    if items.len() > MAX_ITEMS {
        let message = format!("{} customers in one request; at most {MAX_ITEMS}", items.len());
        return error(StatusCode::PAYLOAD_TOO_LARGE, message);
    }
    let mut registry = Registry::new(&api.ctx.db, "item");
    for (index, item) in items.iter().enumerate() {
        if let Err(err) = registry.push(index as u64, parse_item(&api.secret, item)).await {
            return internal(err);
        }
    }
    match registry.finish().await {
        Ok(report) => answer(&report),
        Err(err) => internal(err),
    }
}

/// `POST /api/customers/{id}/churn`.
async fn churn(State(api): State<Api>, Path(id): Path<String>, body: Bytes) -> Response {
    let day = if body.iter().all(u8::is_ascii_whitespace) {
        Ok(Some(api.ctx.clock.now().date_naive().format("%Y-%m-%d").to_string()))
    } else {
        match serde_json::from_slice::<Value>(&body) {
            Ok(Value::Object(object)) => {
                if let Some(key) = object.keys().find(|k| *k != "churned_at") {
                    Err(FieldError::new(key.as_str(), "unknown field"))
                } else {
                    match object.get("churned_at").map(text) {
                        None => Ok(Some(api.ctx.clock.now().date_naive().format("%Y-%m-%d").to_string())),
                        Some(Ok(raw)) if !raw.trim().is_empty() => {
                            rows::date(&raw).map_err(|reason| FieldError::new("churned_at", reason))
                        }
                        Some(Ok(_)) => Err(FieldError::new("churned_at", "empty date")),
                        Some(Err(reason)) => Err(FieldError::new("churned_at", reason)),
                    }
                }
            }
            Ok(_) => return error(StatusCode::BAD_REQUEST, "expected a JSON object"),
            Err(err) => return error(StatusCode::BAD_REQUEST, format!("not JSON: {err}")),
        }
    };
    match store::by_id(&api.ctx.db, &id).await {
        Ok(Some(_)) => {}
        Ok(None) => return error(StatusCode::NOT_FOUND, "no such customer"),
        Err(err) => return internal(err),
    }
    let parsed = day
        .map(|day| Patch { customer_id: id, churned_at: Some(day), ..Patch::default() })
        .map_err(|err| vec![err]);
    let mut registry = Registry::new(&api.ctx.db, "item");
    if let Err(err) = registry.push(0, parsed).await {
        return internal(err);
    }
    match registry.finish().await {
        Ok(report) => answer(&report),
        Err(err) => internal(err),
    }
}

//! HTTP side of the fake: `/bot<token>/<method>`, JSON or multipart bodies,
//! Telegram's response envelope and error shapes, planned faults and the
//! sending limits answered before a method runs, and getUpdates' long poll.
//! What each method answers is in `methods`.

use std::{collections::BTreeMap, time::Duration};

use axum::{
    Router,
    body::Bytes,
    extract::{FromRequest, Multipart, Path, Request, State},
    http::header::CONTENT_TYPE,
    response::{IntoResponse, Json, Response},
    routing::any,
};
use serde_json::{Value, json};

use super::{
    FakeTelegram, TOKEN,
    methods::{Answer, bad, dispatch},
    world::{Call, Fault, num},
};

pub fn router(fake: FakeTelegram) -> Router {
    Router::new().route("/{bot}/{method}", any(handle)).with_state(fake)
}

async fn handle(
    State(fake): State<FakeTelegram>,
    Path((bot, method)): Path<(String, String)>,
    req: Request,
) -> Response {
    if bot.strip_prefix("bot") != Some(TOKEN) {
        return envelope(Err((401, "Unauthorized".into(), None)));
    }
    // Telegram ignores the case of method names; teloxide sends "SendMessage".
    let mut chars = method.chars();
    let method: String = match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => method,
    };
    let (params, files) = match read_params(req).await {
        Ok(p) => p,
        Err(e) => return envelope(Err(bad(&e))),
    };

    if let Some(violation) = super::spec::violation(&method, &params) {
        fake.with(|w| w.violations.push(violation.clone()));
        return envelope(Err(bad(&violation)));
    }
    if method == "getUpdates" {
        return envelope(get_updates(&fake, &params).await);
    }

    let answer = fake.with(|w| {
        let sends = matches!(method.as_str(), "sendMessage" | "sendPhoto" | "sendDocument");
        let edits = matches!(
            method.as_str(),
            "editMessageText" | "editMessageReplyMarkup" | "editMessageCaption" | "editMessageMedia"
        );
        let chat_id = num(&params["chat_id"]);
        let fault = w.take_fault(&method, chat_id).or_else(|| {
            let chat = chat_id.unwrap_or(0);
            let wait = if sends {
                w.over_limits(chat)
            } else if edits {
                w.over_edit_limits(chat)
            } else {
                None
            };
            wait.map(Fault::RetryAfter)
        });
        w.record(Call {
            method: method.clone(),
            params: params.clone(),
            faulted: fault.is_some(),
            files,
            at: std::time::Instant::now(),
        });
        match fault {
            Some(fault) => Err(fault_answer(fault)),
            None => dispatch(w, &method, &params),
        }
    });
    envelope(answer)
}

fn fault_answer(fault: Fault) -> (u16, String, Option<Value>) {
    match fault {
        Fault::RetryAfter(secs) => {
            (429, format!("Too Many Requests: retry after {secs}"), Some(json!({"retry_after": secs})))
        }
        Fault::ServerError => (500, "Internal Server Error".into(), None),
        Fault::Forbidden(text) => (403, format!("Forbidden: {text}"), None),
        Fault::BadRequest(text) => (400, format!("Bad Request: {text}"), None),
        Fault::Migrated(id) => (
            400,
            "Bad Request: group chat was upgraded to a supergroup chat".into(),
            Some(json!({"migrate_to_chat_id": id})),
        ),
        Fault::BadGateway => (502, String::new(), None),
        Fault::Conflict(text) => (409, format!("Conflict: {text}"), None),
    }
}

fn envelope(answer: Answer) -> Response {
    if let Err((502, _, _)) = &answer {
        let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        return (axum::http::StatusCode::BAD_GATEWAY, [(CONTENT_TYPE, "text/html")], html).into_response();
    }
    match answer {
        Ok(result) => Json(json!({"ok": true, "result": result})).into_response(),
        Err((code, description, parameters)) => {
            let mut body = json!({"ok": false, "error_code": code, "description": description});
            if let Some(p) = parameters {
                body["parameters"] = p;
            }
            let status =
                axum::http::StatusCode::from_u16(code).unwrap_or(axum::http::StatusCode::BAD_REQUEST);
            (status, Json(body)).into_response()
        }
    }
}

async fn read_params(req: Request) -> Result<(Value, BTreeMap<String, Vec<u8>>), String> {
    let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let mut files = BTreeMap::new();
    if content_type.starts_with("multipart/form-data") {
        let mut form = Multipart::from_request(req, &()).await.map_err(|e| e.to_string())?;
        let mut params = serde_json::Map::new();
        while let Some(field) = form.next_field().await.map_err(|e| e.to_string())? {
            let name = field.name().unwrap_or("").to_owned();
            let is_file = field.file_name().is_some();
            let bytes = field.bytes().await.map_err(|e| e.to_string())?;
            if is_file {
                files.insert(name.clone(), bytes.to_vec());
                params.insert(name, json!("<file>"));
            } else {
                let text = String::from_utf8_lossy(&bytes).into_owned();
                let value = serde_json::from_str::<Value>(&text)
                    .ok()
                    .filter(|v| v.is_object() || v.is_array())
                    .unwrap_or(Value::String(text));
                params.insert(name, value);
            }
        }
        // teloxide uploads a file as its own part (named by an id) and puts
        // "attach://<id>" in the parameter: keep the bytes under the
        // parameter's name too ("photo", "document").
        // The upload parts themselves are not parameters of the method.
        let mut uploads = Vec::new();
        for (name, value) in &params {
            if let Some(id) = value.as_str().and_then(|v| v.strip_prefix("attach://"))
                && let Some(bytes) = files.get(id)
            {
                files.insert(name.clone(), bytes.clone());
                uploads.push(id.to_owned());
            }
        }
        for id in uploads {
            params.remove(&id);
        }
        return Ok((Value::Object(params), files));
    }
    let body = Bytes::from_request(req, &()).await.map_err(|e| e.to_string())?;
    if body.is_empty() {
        return Ok((json!({}), files));
    }
    let params = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    Ok((params, files))
}

async fn get_updates(fake: &FakeTelegram, params: &Value) -> Answer {
    let offset = num(&params["offset"]).unwrap_or(0);
    let timeout = num(&params["timeout"]).unwrap_or(0).clamp(0, 50) as u64;
    let limit = num(&params["limit"]).unwrap_or(100).clamp(1, 100) as usize;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(timeout);
    let mut first = true;
    loop {
        let notified = fake.updates_ready.notified();
        let (updates, fault) = fake.with(|w| {
            let fault = w.take_fault("getUpdates", None);
            if first || fault.is_some() {
                w.record(Call {
                    method: "getUpdates".into(),
                    params: params.clone(),
                    faulted: fault.is_some(),
                    files: BTreeMap::new(),
                    at: std::time::Instant::now(),
                });
            }
            (w.updates_from(offset, limit), fault)
        });
        first = false;
        if let Some(fault) = fault {
            return Err(fault_answer(fault));
        }
        if !updates.is_empty() || tokio::time::Instant::now() >= deadline {
            return Ok(Value::Array(updates));
        }
        // Wake on new updates, or re-check every 50 ms.
        let _ = tokio::time::timeout(Duration::from_millis(50), notified).await;
    }
}

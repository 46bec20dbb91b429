//! The Bot API as Telegram documents it (Bot API 10.1, `spec/methods.json`,
//! extracted from PaulSonOfLars/telegram-bot-api-spec, MIT, see
//! `spec/LICENSE`): every call the fake receives is held against it — the
//! method exists, every parameter is one it takes, the required ones are
//! there, and scalars have their documented type. A call real Telegram would
//! refuse is refused here too (400) and noted as a violation, which the
//! tests' `settle` reports, so no test passes on a call production would fail.

use std::{collections::HashMap, sync::OnceLock};

use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize)]
struct Field {
    required: bool,
    types: Vec<String>,
}

#[derive(Deserialize)]
struct Spec {
    methods: HashMap<String, HashMap<String, Field>>,
}

fn spec() -> Option<&'static Spec> {
    static SPEC: OnceLock<Option<Spec>> = OnceLock::new();
    SPEC.get_or_init(|| serde_json::from_str(include_str!("spec/methods.json")).ok()).as_ref()
}

/// Why Telegram would refuse a call to `method` with `params`, if it would.
pub fn violation(method: &str, params: &Value) -> Option<String> {
    let spec = spec()?;
    let Some(fields) = spec.methods.get(method) else {
        return Some(format!("{method}: no such method in the Bot API"));
    };
    let given = params.as_object().cloned().unwrap_or_default();
    for (name, value) in &given {
        let Some(field) = fields.get(name) else {
            return Some(format!("{method}: unknown parameter {name}"));
        };
        if !value.is_null() && !field.types.iter().any(|t| fits(t, value)) {
            return Some(format!("{method}: {name} must be {:?}, got {value}", field.types));
        }
    }
    for (name, field) in fields {
        if field.required && given.get(name).is_none_or(Value::is_null) {
            return Some(format!("{method}: {name} is required"));
        }
    }
    None
}

/// Whether a JSON value (or a multipart string) can be a value of `ty`.
fn fits(ty: &str, value: &Value) -> bool {
    match ty {
        "Integer" => {
            value.is_i64() || value.is_u64() || value.as_str().is_some_and(|s| s.parse::<i64>().is_ok())
        }
        "Float" => value.is_number() || value.as_str().is_some_and(|s| s.parse::<f64>().is_ok()),
        "Boolean" => value.is_boolean() || matches!(value.as_str(), Some("true" | "false")),
        "String" => value.is_string(),
        // Files, arrays and objects: their inner shapes are the handlers'.
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn calls_are_held_against_the_bot_api() {
        assert_eq!(
            violation("sendMessage", &json!({"chat_id": 1, "text": "hi", "parse_mode": "HTML"})),
            None
        );
        assert!(violation("sendMessage", &json!({"chat_id": 1})).unwrap().contains("text is required"));
        assert!(
            violation("sendMessage", &json!({"chat_id": 1, "text": "x", "colour": 1}))
                .unwrap()
                .contains("colour")
        );
        assert!(violation("sendMessage", &json!({"chat_id": true, "text": "x"})).is_some());
        assert!(violation("sendTelegram", &json!({})).is_some());
        assert_eq!(violation("banChatMember", &json!({"chat_id": "-100", "user_id": "5"})), None);
    }
}

//! What the fake answers to each Bot API method it knows: sends, edits and
//! deletes of messages, moderation, chats and members, invite links, join
//! requests — with Telegram's checks and errors, on the world's state.

use serde_json::{Value, json};

use super::{
    BOT_ID, html,
    world::{InviteLink, Status, StoredMessage, World, admin_json, member_json, num},
};

pub(super) type Answer = Result<Value, (u16, String, Option<Value>)>;

pub(super) fn bad(desc: &str) -> (u16, String, Option<Value>) {
    (400, format!("Bad Request: {desc}"), None)
}

pub(super) fn dispatch(w: &mut World, method: &str, p: &Value) -> Answer {
    match method {
        "getMe" => Ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "Hearth", "username": super::BOT_USERNAME,
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false, "has_main_web_app": false,
        })),
        "sendMessage" => send(w, p, "text"),
        "sendPhoto" => send(w, p, "photo"),
        "sendDocument" => send(w, p, "document"),
        "sendVideo" => send(w, p, "video"),
        "sendAnimation" => send(w, p, "animation"),
        "editMessageText" => edit(w, p, true),
        "editMessageReplyMarkup" => edit(w, p, false),
        "deleteMessage" => delete(w, p),
        "pinChatMessage" => pin(w, p),
        "answerCallbackQuery" | "setMyCommands" | "deleteWebhook" | "setWebhook" | "deleteMyCommands" => {
            Ok(json!(true))
        }
        "approveChatJoinRequest" => join_request(w, p, true),
        "declineChatJoinRequest" => join_request(w, p, false),
        "restrictChatMember" => moderate(w, p, "restrict"),
        "banChatMember" => moderate(w, p, "ban"),
        "unbanChatMember" => moderate(w, p, "unban"),
        "banChatSenderChat" => sender_chat(w, p, true),
        "unbanChatSenderChat" => sender_chat(w, p, false),
        "getChat" => get_chat(w, p),
        "getChatAdministrators" => admins(w, p),
        "getChatMember" => get_member(w, p),
        "getChatMemberCount" => {
            let chat = chat_of(w, p)?;
            Ok(json!(chat.members.values().filter(|s| !matches!(s, Status::Left | Status::Kicked)).count()))
        }
        "createChatInviteLink" => create_link(w, p),
        "editChatInviteLink" => edit_link(w, p),
        "revokeChatInviteLink" => {
            let chat_id = chat_of(w, p)?.id;
            if !w.bot_may_invite(chat_id) {
                return Err(bad("not enough rights to manage chat invite link"));
            }
            let url = p["invite_link"].as_str().unwrap_or("");
            let i = w
                .invite_links
                .iter()
                .position(|l| l.url == url && l.chat_id == chat_id)
                .ok_or_else(|| bad("invite link not found"))?;
            w.invite_links[i].revoked = true;
            Ok(w.link_json(&w.invite_links[i]))
        }
        _ => Err((404, "Not Found: method not found".into(), None)),
    }
}

/// The group a call names. Like Telegram, a chat the bot is not in (any
/// more) is not found.
fn chat_of<'a>(w: &'a World, p: &Value) -> Result<&'a super::world::SimChat, (u16, String, Option<Value>)> {
    let id = num(&p["chat_id"]).ok_or_else(|| bad("chat_id is empty"))?;
    let chat = w.chats.get(&id).ok_or_else(|| bad("chat not found"))?;
    match chat.members.get(&BOT_ID) {
        Some(Status::Left | Status::Kicked) | None => Err(bad("chat not found")),
        Some(_) => Ok(chat),
    }
}

fn send(w: &mut World, p: &Value, field: &str) -> Answer {
    let chat_id = num(&p["chat_id"]).ok_or_else(|| bad("chat_id is empty"))?;
    let text_field = if field == "text" { "text" } else { "caption" };
    let raw = p[text_field].as_str().unwrap_or("").to_owned();
    let visible = html::parse(&raw).map_err(|e| (400, e, None))?;
    if field == "text" && visible.trim().is_empty() {
        return Err(bad("message text is empty"));
    }
    let limit = if field == "text" { 4096 } else { 1024 };
    if visible.encode_utf16().count() > limit {
        return Err(bad(if field == "text" { "message is too long" } else { "message caption is too long" }));
    }
    if let Some(markup) = p.get("reply_markup") {
        check_markup(markup, chat_id > 0)?;
    }
    let chat = if chat_id > 0 {
        let user = w.users.get(&chat_id).ok_or_else(|| bad("chat not found"))?;
        if user.blocked_bot {
            return Err((403, "Forbidden: bot was blocked by the user".into(), None));
        }
        // Only to someone who started the bot, or (for five minutes) who
        // asked to join a chat of the bot's.
        if !w.may_write_to(chat_id) {
            return Err((403, "Forbidden: bot can't initiate conversation with a user".into(), None));
        }
        json!({"id": chat_id, "type": "private", "first_name": user.first_name})
    } else {
        let chat = w.chats.get(&chat_id).ok_or_else(|| bad("chat not found"))?;
        if matches!(chat.members.get(&BOT_ID), None | Some(Status::Left | Status::Kicked)) {
            return Err((403, "Forbidden: bot is not a member of the supergroup chat".into(), None));
        }
        // Topics exist only in forums (a deleted topic answers the same).
        if num(&p["message_thread_id"]).is_some() && !chat.is_forum {
            return Err(bad("message thread not found"));
        }
        chat.json()
    };
    let message_id = w.next_message_id(chat_id);
    let markup = p.get("reply_markup").cloned().unwrap_or(Value::Null);
    w.messages.insert(
        (chat_id, message_id),
        StoredMessage {
            chat_id,
            message_id,
            from_bot: true,
            from_user: None,
            html: raw,
            markup: markup.clone(),
            date: w.now,
            deleted: false,
        },
    );
    let mut message = json!({
        "message_id": message_id, "date": w.now, "chat": chat, "from": w.bot_user(),
    });
    match field {
        "text" => message["text"] = json!(visible),
        "photo" => {
            message["photo"] = json!([{"file_id": format!("photo{message_id}"), "file_unique_id": format!("u{message_id}"), "width": 900, "height": 500}]);
            message["caption"] = json!(visible);
        }
        "video" | "animation" => {
            message[field] = json!({"file_id": format!("{field}{message_id}"), "file_unique_id": format!("v{message_id}"),
                "width": 640, "height": 360, "duration": 5, "mime_type": "video/mp4"});
            message["caption"] = json!(visible);
        }
        _ => {
            message["document"] =
                json!({"file_id": format!("doc{message_id}"), "file_unique_id": format!("d{message_id}")});
            message["caption"] = json!(visible);
        }
    }
    if let Some(thread) = num(&p["message_thread_id"]) {
        message["message_thread_id"] = json!(thread);
        message["is_topic_message"] = json!(true);
    }
    if markup.is_object() {
        message["reply_markup"] = markup;
    }
    Ok(message)
}

/// Pins a message of the chat: the bot must be an admin with the pin right.
fn pin(w: &mut World, p: &Value) -> Answer {
    let chat = chat_of(w, p)?;
    let chat_id = chat.id;
    if !matches!(chat.members.get(&BOT_ID), Some(Status::Administrator)) || !chat.bot_can_pin {
        return Err(bad("not enough rights to manage pinned messages in the chat"));
    }
    let message_id = num(&p["message_id"]).ok_or_else(|| bad("message identifier is not specified"))?;
    if w.messages.get(&(chat_id, message_id)).is_none_or(|m| m.deleted) {
        return Err(bad("message to pin not found"));
    }
    if let Some(chat) = w.chats.get_mut(&chat_id) {
        chat.pinned_message_id = Some(message_id);
    }
    Ok(json!(true))
}

/// Inline buttons as Telegram checks them: callback_data of 1–64 bytes,
/// http(s) or tg URLs, `web_app` buttons only in private chats, and the
/// `web_app` and `login_url` pages on https.
fn check_markup(markup: &Value, private: bool) -> Result<(), (u16, String, Option<Value>)> {
    if let Some(rows) = markup["inline_keyboard"].as_array() {
        for button in rows.iter().filter_map(|r| r.as_array()).flatten() {
            if button.get("web_app").is_some() && !private {
                return Err(bad("BUTTON_TYPE_INVALID"));
            }
            for page in [&button["web_app"]["url"], &button["login_url"]["url"]] {
                if let Some(url) = page.as_str()
                    && !url.starts_with("https://")
                {
                    return Err(bad("BUTTON_URL_INVALID"));
                }
            }
            if let Some(data) = button["callback_data"].as_str()
                && (data.is_empty() || data.len() > 64)
            {
                return Err(bad("BUTTON_DATA_INVALID"));
            }
            if let Some(url) = button["url"].as_str()
                && !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with("tg://"))
            {
                return Err(bad("BUTTON_URL_INVALID"));
            }
        }
    }
    Ok(())
}

fn edit(w: &mut World, p: &Value, text: bool) -> Answer {
    let chat_id = num(&p["chat_id"]).ok_or_else(|| bad("chat_id is empty"))?;
    let message_id = num(&p["message_id"]).ok_or_else(|| bad("message identifier is not specified"))?;
    let new_text = p["text"].as_str().unwrap_or("").to_owned();
    if text {
        let visible = html::parse(&new_text).map_err(|e| (400, e, None))?;
        if visible.encode_utf16().count() > 4096 {
            return Err(bad("MESSAGE_TOO_LONG"));
        }
    }
    let markup = p.get("reply_markup").cloned().unwrap_or(Value::Null);
    if markup.is_object() {
        check_markup(&markup, chat_id > 0)?;
    }
    let stored = w
        .messages
        .get_mut(&(chat_id, message_id))
        .filter(|m| !m.deleted && m.from_bot)
        .ok_or_else(|| bad("message to edit not found"))?;
    let same_text = !text || stored.html == new_text;
    let same_markup = stored.markup == markup || (markup.is_null() && !text && stored.markup.is_null());
    if same_text && same_markup {
        return Err(bad(
            "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        ));
    }
    if text {
        stored.html = new_text;
    }
    stored.markup = markup.clone();
    let visible = html::parse(&stored.html).unwrap_or_default();
    let chat = w
        .chats
        .get(&chat_id)
        .map(|c| c.json())
        .unwrap_or(json!({"id": chat_id, "type": "private", "first_name": "x"}));
    let mut message = json!({
        "message_id": message_id, "date": w.now, "chat": chat, "from": w.bot_user(), "text": visible,
        "edit_date": w.now,
    });
    if markup.is_object() {
        message["reply_markup"] = markup;
    }
    Ok(message)
}

fn delete(w: &mut World, p: &Value) -> Answer {
    let chat_id = num(&p["chat_id"]).ok_or_else(|| bad("chat_id is empty"))?;
    let message_id = num(&p["message_id"]).ok_or_else(|| bad("message identifier is not specified"))?;
    let now = w.now;
    let bot_can_delete = w.chats.get(&chat_id).map(|c| c.bot_can_delete).unwrap_or(true);
    let stored = w
        .messages
        .get_mut(&(chat_id, message_id))
        .filter(|m| !m.deleted)
        .ok_or_else(|| bad("message to delete not found"))?;
    if now - stored.date > 48 * 3600 || (!stored.from_bot && !bot_can_delete) {
        return Err(bad("message can't be deleted"));
    }
    stored.deleted = true;
    Ok(json!(true))
}

fn moderate(w: &mut World, p: &Value, action: &str) -> Answer {
    let chat = chat_of(w, p)?.clone();
    let user_id = num(&p["user_id"]).ok_or_else(|| bad("user not found"))?;
    let bot_is_admin = matches!(chat.members.get(&BOT_ID), Some(Status::Administrator));
    if !bot_is_admin || !chat.bot_can_restrict {
        return Err(bad("not enough rights to restrict/unrestrict chat member"));
    }
    if user_id == BOT_ID {
        return Err(bad("can't restrict self"));
    }
    let status = chat.members.get(&user_id).copied().unwrap_or(Status::Left);
    if matches!(status, Status::Creator | Status::Administrator) && action != "unban" {
        return Err(bad("user is an administrator of the chat"));
    }
    let new = match action {
        "restrict" => {
            let perms = &p["permissions"];
            let can_send = perms["can_send_messages"].as_bool().unwrap_or(false);
            if status == Status::Left || status == Status::Kicked {
                status
            } else if can_send {
                Status::Member
            } else {
                Status::Restricted
            }
        }
        "ban" => Status::Kicked,
        _ => {
            if status == Status::Kicked {
                Status::Left
            } else {
                status
            }
        }
    };
    w.set_status(chat.id, user_id, new);
    Ok(json!(true))
}

/// banChatSenderChat / unbanChatSenderChat: a channel may (not) post in a
/// supergroup as itself. Like Telegram: only in supergroups, only by an
/// admin with the right to ban, only about a chat.
fn sender_chat(w: &mut World, p: &Value, ban: bool) -> Answer {
    let chat = chat_of(w, p)?;
    let sender = num(&p["sender_chat_id"]).ok_or_else(|| bad("sender_chat_id is empty"))?;
    if chat.kind != "supergroup" {
        return Err(bad("method is available only for supergroups and channel"));
    }
    let bot_is_admin = matches!(chat.members.get(&BOT_ID), Some(Status::Administrator));
    if !bot_is_admin || !chat.bot_can_restrict {
        return Err(bad("not enough rights to restrict/unrestrict chat member"));
    }
    if sender >= 0 {
        return Err(bad("chat not found"));
    }
    let id = chat.id;
    if let Some(chat) = w.chats.get_mut(&id) {
        if ban {
            chat.banned_sender_chats.insert(sender);
        } else {
            chat.banned_sender_chats.remove(&sender);
        }
    }
    Ok(json!(true))
}

fn get_chat(w: &World, p: &Value) -> Answer {
    let id = num(&p["chat_id"]).ok_or_else(|| bad("chat_id is empty"))?;
    let gifts = json!({"unlimited_gifts": false, "limited_gifts": false, "unique_gifts": false, "premium_subscription": false});
    if w.chats.contains_key(&id) {
        let mut v = chat_of(w, p)?.json();
        v["max_reaction_count"] = json!(11);
        v["accepted_gift_types"] = gifts;
        v["accent_color_id"] = json!(0);
        if let Some(linked) = w.chats.get(&id).and_then(|c| c.linked_chat_id) {
            v["linked_chat_id"] = json!(linked);
        }
        return Ok(v);
    }
    // A user's private chat: only once they have started the bot.
    let user = w.users.get(&id).filter(|u| u.started_bot).ok_or_else(|| bad("chat not found"))?;
    Ok(json!({"id": id, "type": "private", "first_name": user.first_name, "max_reaction_count": 11,
        "accepted_gift_types": gifts, "accent_color_id": 0}))
}

fn member_value(w: &World, chat: &super::world::SimChat, user_id: i64) -> Value {
    let user = if user_id == BOT_ID {
        w.bot_user()
    } else {
        w.users
            .get(&user_id)
            .map(|u| u.json())
            .unwrap_or(json!({"id": user_id, "is_bot": false, "first_name": "?"}))
    };
    match chat.members.get(&user_id).copied().unwrap_or(Status::Left) {
        Status::Creator => json!({"user": user, "status": "creator", "is_anonymous": false}),
        Status::Administrator => {
            if let Some(limited) = w.limited_admins.get(&(chat.id, user_id)) {
                return limited.clone();
            }
            let mut v = admin_json(&user);
            if user_id == BOT_ID {
                v["can_restrict_members"] = json!(chat.bot_can_restrict);
                v["can_delete_messages"] = json!(chat.bot_can_delete);
                v["can_invite_users"] = json!(chat.bot_can_invite);
                v["can_pin_messages"] = json!(chat.bot_can_pin);
            }
            v
        }
        Status::Member => member_json(&user, "member"),
        Status::Restricted => json!({
            "user": user, "status": "restricted", "until_date": 0, "is_member": true,
            "can_send_messages": false, "can_send_audios": false, "can_send_documents": false,
            "can_send_photos": false, "can_send_videos": false, "can_send_video_notes": false,
            "can_send_voice_notes": false, "can_send_polls": false, "can_send_other_messages": false,
            "can_add_web_page_previews": false, "can_change_info": false, "can_invite_users": false,
            "can_pin_messages": false, "can_manage_topics": false,
        }),
        Status::Left => member_json(&user, "left"),
        Status::Kicked => json!({"user": user, "status": "kicked", "until_date": 0}),
    }
}

fn admins(w: &World, p: &Value) -> Answer {
    let chat = chat_of(w, p)?;
    let mut ids: Vec<i64> = chat
        .members
        .iter()
        .filter(|(_, s)| matches!(s, Status::Creator | Status::Administrator))
        .map(|(id, _)| *id)
        .collect();
    ids.sort_unstable();
    Ok(Value::Array(ids.into_iter().map(|id| member_value(w, chat, id)).collect()))
}

fn get_member(w: &World, p: &Value) -> Answer {
    let chat = chat_of(w, p)?;
    let user_id = num(&p["user_id"]).ok_or_else(|| bad("user not found"))?;
    Ok(member_value(w, chat, user_id))
}

fn create_link(w: &mut World, p: &Value) -> Answer {
    let chat = chat_of(w, p)?.clone();
    if !matches!(chat.members.get(&BOT_ID), Some(Status::Administrator)) || !chat.bot_can_invite {
        return Err(bad("not enough rights to manage chat invite link"));
    }
    let LinkSettings { name, member_limit, creates_join_request } = link_settings(p)?;
    let url = format!("https://t.me/+sim{}x{}", chat.id.unsigned_abs(), w.invite_links.len() + 1);
    w.invite_links.push(InviteLink {
        url,
        chat_id: chat.id,
        name,
        revoked: false,
        member_limit,
        creates_join_request,
        expire_date: num(&p["expire_date"]),
        joined: Vec::new(),
    });
    let link = w.invite_links.last().map(|l| w.link_json(l)).unwrap_or_default();
    Ok(link)
}

/// An invite link's settings as createChatInviteLink and editChatInviteLink
/// take them, with Telegram's refusals.
struct LinkSettings {
    name: Option<String>,
    member_limit: Option<u32>,
    creates_join_request: bool,
}

fn link_settings(p: &Value) -> Result<LinkSettings, (u16, String, Option<Value>)> {
    let name = p["name"].as_str().map(str::to_owned);
    if name.as_ref().is_some_and(|n| n.chars().count() > 32) {
        return Err(bad("invite link name is too long"));
    }
    let member_limit = match num(&p["member_limit"]) {
        None => None,
        Some(n) if (1..=99_999).contains(&n) => u32::try_from(n).ok(),
        Some(_) => return Err(bad("member limit must be between 1 and 99999")),
    };
    let creates_join_request = matches!(&p["creates_join_request"], Value::Bool(true))
        || p["creates_join_request"].as_str() == Some("true");
    if creates_join_request && member_limit.is_some() {
        return Err(bad("member limit can't be specified for links requiring administrator approval"));
    }
    Ok(LinkSettings { name, member_limit, creates_join_request })
}

/// editChatInviteLink: like Telegram, the link's settings are replaced by
/// those given (a name not passed is cleared), a revoked link cannot be
/// edited, and a link asking for approval cannot have a member limit.
fn edit_link(w: &mut World, p: &Value) -> Answer {
    let chat = chat_of(w, p)?.clone();
    if !matches!(chat.members.get(&BOT_ID), Some(Status::Administrator)) || !chat.bot_can_invite {
        return Err(bad("not enough rights to manage chat invite link"));
    }
    let url = p["invite_link"].as_str().unwrap_or("");
    let i = w
        .invite_links
        .iter()
        .position(|l| l.url == url && l.chat_id == chat.id)
        .ok_or_else(|| bad("INVITE_HASH_INVALID"))?;
    if w.invite_links[i].revoked {
        return Err(bad("INVITE_HASH_EXPIRED"));
    }
    let LinkSettings { name, member_limit, creates_join_request } = link_settings(p)?;
    let link = &mut w.invite_links[i];
    link.name = name;
    link.member_limit = member_limit;
    link.creates_join_request = creates_join_request;
    link.expire_date = num(&p["expire_date"]);
    let link = w.invite_links[i].clone();
    Ok(w.link_json(&link))
}

/// approveChatJoinRequest / declineChatJoinRequest, with Telegram's errors.
fn join_request(w: &mut World, p: &Value, approve: bool) -> Answer {
    let chat_id = chat_of(w, p)?.id;
    let user_id = num(&p["user_id"]).ok_or_else(|| bad("user not found"))?;
    w.settle_request(chat_id, user_id, approve).map(|()| json!(true)).map_err(|r| bad(r.description()))
}

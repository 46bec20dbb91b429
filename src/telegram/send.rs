//! Outgoing calls: Telegram's errors mapped to what hearth does about them,
//! sending within Telegram's limits (`paced`), bounded retries for the other
//! calls, and reply
//! helpers that keep a command's answer in the command's forum topic.

use std::{future::Future, time::Duration};

use teloxide::{
    ApiError, RequestError,
    payloads::{SendDocumentSetters, SendMessageSetters, SendPhotoSetters},
    prelude::*,
    requests::{Request, Requester},
    types::{InputFile, LinkPreviewOptions, Message, ReplyMarkup, ReplyParameters, ThreadId},
};

use super::{HearthBot, html};

/// What an error means for hearth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The user never started the bot, blocked it, or is deleted: stop writing.
    Unreachable,
    /// The group became a supergroup with this id.
    Migrated(i64),
    /// Flood control: wait this long.
    RetryAfter(Duration),
    /// Telegram answered with a 5xx (or a proxy before it did): nothing was
    /// done, so even a send is safe to try again.
    ServerError,
    /// The connection failed: the call may or may not have arrived. Safe to
    /// retry for idempotent calls (restrictions, edits), not for sends.
    Network,
    /// An edit that changes nothing.
    NotModified,
    /// The message to edit or delete is gone, or too old to delete (48 h).
    MessageGone,
    /// The bot lacks a right, or the target is an admin/creator.
    NoRights,
    /// The bot is not in that chat any more, or it does not exist.
    ChatGone,
    Other,
}

pub fn classify(err: &RequestError) -> Failure {
    match err {
        RequestError::RetryAfter(secs) => Failure::RetryAfter(secs.duration()),
        RequestError::MigrateToChatId(id) => Failure::Migrated(id.0),
        RequestError::Network(_) | RequestError::Io(_) => Failure::Network,
        // An answer that is not Telegram's JSON: a proxy's 502/504 page.
        RequestError::InvalidJson { .. } => Failure::ServerError,
        RequestError::Api(api) => classify_api(api),
    }
}

fn classify_api(api: &ApiError) -> Failure {
    match api {
        ApiError::BotBlocked
        | ApiError::UserDeactivated
        | ApiError::CantInitiateConversation
        | ApiError::CantTalkWithBots => Failure::Unreachable,
        ApiError::MessageNotModified => Failure::NotModified,
        ApiError::MessageToDeleteNotFound
        | ApiError::MessageCantBeDeleted
        | ApiError::MessageToEditNotFound
        | ApiError::MessageCantBeEdited
        | ApiError::MessageIdInvalid => Failure::MessageGone,
        ApiError::NotEnoughRightsToRestrict
        | ApiError::NotEnoughRightsToChangeChatPermissions
        | ApiError::NotEnoughRightsToManagePins
        | ApiError::NotEnoughRightsToPinMessage
        | ApiError::CantRestrictSelf
        | ApiError::CantDemoteChatCreator => Failure::NoRights,
        ApiError::ChatNotFound
        | ApiError::GroupDeactivated
        | ApiError::BotKicked
        | ApiError::BotKickedFromSupergroup
        | ApiError::BotKickedFromChannel => Failure::ChatGone,
        ApiError::Unknown(text) => classify_text(text),
        _ => Failure::Other,
    }
}

/// Wordings teloxide 0.17 does not know (Telegram changed some of them).
fn classify_text(text: &str) -> Failure {
    let t = text.to_ascii_lowercase();
    if t.contains("bot can't initiate conversation")
        || t.contains("bot was blocked")
        || t.contains("user is deactivated")
    {
        Failure::Unreachable
    } else if t.contains("not enough rights")
        || t.contains("can't remove chat owner")
        || t.contains("user is an administrator")
        || t.contains("can't restrict")
        || t.contains("have no rights")
        || t.contains("chat_admin_required")
    {
        Failure::NoRights
    } else if t.contains("message to delete not found")
        || t.contains("message can't be deleted")
        || t.contains("message to edit not found")
    {
        Failure::MessageGone
    } else if t.contains("chat not found") || t.contains("bot is not a member") {
        Failure::ChatGone
    } else if t.starts_with("internal server error")
        || t.starts_with("bad gateway")
        || t.starts_with("gateway timeout")
        || t.starts_with("service unavailable")
    {
        Failure::ServerError
    } else {
        Failure::Other
    }
}

fn record_and_classify(err: &RequestError) -> Failure {
    crate::metrics::record_api_error(err);
    classify(err)
}

/// The longest hearth waits out flood control for one call, all waits
/// together: Telegram says how long each time, and is obeyed as often as it
/// says within this; past it the call is given up (logged and counted).
pub const MAX_FLOOD_WAIT: Duration = Duration::from_secs(120);

/// Pauses before each new try after a 5xx (or, for idempotent calls, a
/// network error): 0.25 s, 1 s, 4 s.
const SERVER_RETRIES: [Duration; 3] =
    [Duration::from_millis(250), Duration::from_millis(1000), Duration::from_millis(4000)];

/// What to do after a failed try, by what the failure was and what was
/// already waited: `Some(pause)` to try again.
fn next_try(
    failure: &Failure,
    waited: Duration,
    server_retries: usize,
    idempotent: bool,
) -> Option<Duration> {
    match failure {
        Failure::RetryAfter(d) if waited + *d <= MAX_FLOOD_WAIT => Some(*d),
        Failure::ServerError => SERVER_RETRIES.get(server_retries).copied(),
        Failure::Network if idempotent => SERVER_RETRIES.get(server_retries).copied(),
        _ => None,
    }
}

/// Runs `op` until it succeeds or fails for good: flood control is waited
/// out as Telegram says (within `MAX_FLOOD_WAIT`), a 5xx and a network error
/// are tried again with a growing pause. For calls other than sending (edits,
/// restrictions, bans …), which are idempotent.
pub async fn retrying<T, F, Fut>(op: F) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    with_retries(None, op, true).await
}

/// The retry loop of `retrying` and `paced`. With a `slot` chat, each try
/// first waits for a sending slot there.
async fn with_retries<T, F, Fut>(
    slot: Option<(&HearthBot, i64)>,
    mut op: F,
    idempotent: bool,
) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    let mut waited = Duration::ZERO;
    let mut server_retries = 0;
    loop {
        if let Some((bot, chat_id)) = slot {
            bot.slot(chat_id).await;
        }
        let err = match op().await {
            Ok(v) => return Ok(v),
            Err(err) => err,
        };
        let failure = record_and_classify(&err);
        match next_try(&failure, waited, server_retries, idempotent) {
            Some(pause) => {
                if matches!(failure, Failure::RetryAfter(_)) {
                    waited += pause;
                    tracing::warn!(secs = pause.as_secs(), "flood control, waiting");
                } else {
                    server_retries += 1;
                    tracing::warn!(%err, attempt = server_retries, "Telegram failed; trying again");
                }
                if slot.is_some() {
                    // A send waiting: its chat's worker goes on without it.
                    super::park::park();
                }
                tokio::time::sleep(pause).await;
            }
            None => {
                if matches!(failure, Failure::RetryAfter(_) | Failure::ServerError)
                    || (idempotent && failure == Failure::Network)
                {
                    crate::metrics::GIVEN_UP.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    tracing::error!(%err, waited_secs = waited.as_secs(), "gave up on a call to Telegram");
                }
                return Err(err);
            }
        }
    }
}

/// The topic a message belongs to, so replies land in the same forum topic.
pub fn thread_of(msg: &Message) -> Option<ThreadId> {
    if msg.is_topic_message { msg.thread_id } else { None }
}

/// Sends HTML `text` to the chat (and topic) of `msg`, cut to Telegram's limit.
pub async fn reply(bot: &HearthBot, msg: &Message, text: impl Into<String>) -> Result<Message, RequestError> {
    reply_markup(bot, msg, text, None).await
}

pub async fn reply_markup(
    bot: &HearthBot,
    msg: &Message,
    text: impl Into<String>,
    markup: Option<ReplyMarkup>,
) -> Result<Message, RequestError> {
    send(bot, msg.chat.id.0, thread_of(msg), text, markup).await
}

/// HTML `text` as a reply to `msg` itself (sent anyway if `msg` was deleted
/// meanwhile), in its topic.
pub async fn reply_to(
    bot: &HearthBot,
    msg: &Message,
    text: impl Into<String>,
) -> Result<Message, RequestError> {
    let reply = ReplyParameters::new(msg.id).allow_sending_without_reply();
    send_message(bot, msg.chat.id.0, thread_of(msg), text.into(), None, Some(reply)).await
}

/// Sends HTML `text` to a chat, optionally into a topic, without link previews.
/// A group that became a supergroup gets the message at its new id (its data
/// moves when Telegram's migration message arrives).
pub async fn send(
    bot: &HearthBot,
    chat_id: i64,
    thread: Option<ThreadId>,
    text: impl Into<String>,
    markup: Option<ReplyMarkup>,
) -> Result<Message, RequestError> {
    send_message(bot, chat_id, thread, text.into(), markup, None).await
}

/// sendMessage as `send` and `reply_to` make it.
async fn send_message(
    bot: &HearthBot,
    chat_id: i64,
    thread: Option<ThreadId>,
    text: String,
    markup: Option<ReplyMarkup>,
    reply: Option<ReplyParameters>,
) -> Result<Message, RequestError> {
    let text = html::truncate_html(&text, html::MAX_TEXT);
    following_migration(bot, chat_id, |chat| {
        text_request(bot, chat, thread, &text, markup.clone(), reply.clone())
    })
    .await
}

/// The sendMessage request: HTML `text` (already cut), no link preview.
fn text_request(
    bot: &HearthBot,
    chat: i64,
    thread: Option<ThreadId>,
    text: &str,
    markup: Option<ReplyMarkup>,
    reply: Option<ReplyParameters>,
) -> impl Future<Output = Result<Message, RequestError>> + use<> {
    let mut req = bot.send_message(ChatId(chat), text.to_owned()).link_preview_options(no_preview());
    if let Some(thread) = thread {
        req = req.message_thread_id(thread);
    }
    if let Some(markup) = markup {
        req = req.reply_markup(markup);
    }
    if let Some(reply) = reply {
        req = req.reply_parameters(reply);
    }
    req.send()
}

/// What a saved message carries: HTML text, or a file Telegram already has
/// (by `file_id`) with an HTML caption.
#[derive(Debug, Clone, Copy)]
pub enum Body<'a> {
    Text(&'a str),
    File { kind: FileKind, file_id: &'a str, caption: &'a str },
}

/// Which sendX a file goes by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Photo,
    Document,
    Video,
    Animation,
}

/// Sends `body` to a chat (and topic) within the sending limits, as a
/// reply to `reply_to` when given (sent anyway if that message is gone),
/// cut to Telegram's limits; follows a group that became a supergroup.
pub async fn send_body(
    bot: &HearthBot,
    chat_id: i64,
    thread: Option<ThreadId>,
    reply_to: Option<teloxide::types::MessageId>,
    body: Body<'_>,
) -> Result<Message, RequestError> {
    let (body, reply) = (Cut::of(body), reply_parameters(reply_to));
    following_migration(bot, chat_id, |chat| body_request(bot, chat, thread, &body, reply.clone())).await
}

/// `send_body` only if a sending slot is free now (`Ok(None)`: sent
/// nothing), as `send_if_free`; tried once more at a supergroup's new id.
pub async fn send_body_if_free(
    bot: &HearthBot,
    chat_id: i64,
    thread: Option<ThreadId>,
    reply_to: Option<teloxide::types::MessageId>,
    body: Body<'_>,
) -> Result<Option<Message>, RequestError> {
    let (body, reply) = (Cut::of(body), reply_parameters(reply_to));
    let op = |chat: i64| body_request(bot, chat, thread, &body, reply.clone());
    match once_if_free(bot, chat_id, || op(chat_id)).await {
        Err(RequestError::MigrateToChatId(new)) => once_if_free(bot, new.0, || op(new.0)).await,
        other => other,
    }
}

fn reply_parameters(reply_to: Option<teloxide::types::MessageId>) -> Option<ReplyParameters> {
    reply_to.map(|id| ReplyParameters::new(id).allow_sending_without_reply())
}

/// A body cut to Telegram's limits.
enum Cut<'a> {
    Text(String),
    File(FileKind, &'a str, String),
}

impl<'a> Cut<'a> {
    fn of(body: Body<'a>) -> Cut<'a> {
        match body {
            Body::Text(text) => Cut::Text(html::truncate_html(text, html::MAX_TEXT)),
            Body::File { kind, file_id, caption } => {
                Cut::File(kind, file_id, html::truncate_html(caption, html::MAX_CAPTION))
            }
        }
    }
}

/// The request that sends a cut body.
fn body_request(
    bot: &HearthBot,
    chat: i64,
    thread: Option<ThreadId>,
    body: &Cut<'_>,
    reply: Option<ReplyParameters>,
) -> std::pin::Pin<Box<dyn Future<Output = Result<Message, RequestError>> + Send>> {
    let (kind, file_id, caption) = match body {
        Cut::Text(text) => return Box::pin(text_request(bot, chat, thread, text, None, reply)),
        Cut::File(kind, file_id, caption) => (*kind, *file_id, caption),
    };
    let file = InputFile::file_id(teloxide::types::FileId(file_id.to_owned()));
    macro_rules! with_file {
        ($req:expr) => {{
            let mut req = $req;
            if !caption.trim().is_empty() {
                req = req.caption(caption.clone());
            }
            if let Some(thread) = thread {
                req = req.message_thread_id(thread);
            }
            if let Some(reply) = reply {
                req = req.reply_parameters(reply);
            }
            Box::pin(req.send())
        }};
    }
    match kind {
        FileKind::Photo => with_file!(bot.send_photo(ChatId(chat), file)),
        FileKind::Document => with_file!(bot.send_document(ChatId(chat), file)),
        FileKind::Video => with_file!(bot.send_video(ChatId(chat), file)),
        FileKind::Animation => with_file!(bot.send_animation(ChatId(chat), file)),
    }
}

/// One try of `op` if a sending slot of the chat is free now (`Ok(None)`
/// when none is); counted as `paced` counts.
async fn once_if_free<T, F, Fut>(bot: &HearthBot, chat_id: i64, op: F) -> Result<Option<T>, RequestError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    if !bot.try_slot(chat_id) {
        tracing::debug!(chat_id, "no sending slot free now; notice skipped");
        return Ok(None);
    }
    match op().await {
        Ok(sent) => {
            crate::metrics::MESSAGES_SENT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            Ok(Some(sent))
        }
        Err(err) => {
            crate::metrics::record_api_error(&err);
            Err(err)
        }
    }
}

/// `paced`, sent again once at the new id when the group has become a
/// supergroup.
async fn following_migration<T, F, Fut>(bot: &HearthBot, chat_id: i64, op: F) -> Result<T, RequestError>
where
    F: Fn(i64) -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    match paced(bot, chat_id, || op(chat_id)).await {
        Err(RequestError::MigrateToChatId(new)) => paced(bot, new.0, || op(new.0)).await,
        other => other,
    }
}

/// Sends something to a chat within Telegram's limits: waits for a slot
/// (at once while under the limits), waits out flood control as Telegram
/// says (within `MAX_FLOOD_WAIT`), and tries again after a 5xx (Telegram did
/// nothing). A network error is not retried: the message may have arrived,
/// and a duplicate is worse than a miss.
pub async fn paced<T, F, Fut>(bot: &HearthBot, chat_id: i64, op: F) -> Result<T, RequestError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, RequestError>>,
{
    let sent = with_retries(Some((bot, chat_id)), op, false).await;
    if sent.is_ok() {
        crate::metrics::MESSAGES_SENT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    sent
}

/// Sends HTML `text` only if a sending slot is free now (see `HearthBot::try_slot`);
/// otherwise skips it and returns `Ok(None)`. Never waits: for automatic
/// notices in paths that must keep moving (a spam raid must not stall a
/// chat behind Telegram's 20-a-minute group limit). Not retried.
pub async fn send_if_free(
    bot: &HearthBot,
    chat_id: i64,
    thread: Option<ThreadId>,
    text: impl Into<String>,
    markup: Option<ReplyMarkup>,
) -> Result<Option<Message>, RequestError> {
    let text = html::truncate_html(&text.into(), html::MAX_TEXT);
    once_if_free(bot, chat_id, || text_request(bot, chat_id, thread, &text, markup, None)).await
}

/// Sends a PNG (bytes in memory) as a photo with an HTML caption.
pub async fn send_photo(
    bot: &HearthBot,
    chat_id: i64,
    thread: Option<ThreadId>,
    png: Vec<u8>,
    caption: &str,
) -> Result<Message, RequestError> {
    send_photo_input(bot, chat_id, thread, InputFile::memory(png).file_name("chart.png"), caption).await
}

/// Sends a photo with an HTML caption cut to Telegram's 1024.
async fn send_photo_input(
    bot: &HearthBot,
    chat_id: i64,
    thread: Option<ThreadId>,
    photo: InputFile,
    caption: &str,
) -> Result<Message, RequestError> {
    let caption = html::truncate_html(caption, html::MAX_CAPTION);
    following_migration(bot, chat_id, |chat| {
        let mut req = bot.send_photo(ChatId(chat), photo.clone());
        if !caption.is_empty() {
            req = req.caption(caption.clone());
        }
        if let Some(thread) = thread {
            req = req.message_thread_id(thread);
        }
        req.send()
    })
    .await
}

/// Sends a file (bytes in memory) as a document with an HTML caption.
pub async fn send_document(
    bot: &HearthBot,
    chat_id: i64,
    thread: Option<ThreadId>,
    bytes: Vec<u8>,
    file_name: &str,
    caption: &str,
) -> Result<Message, RequestError> {
    let caption = html::truncate_html(caption, html::MAX_CAPTION);
    following_migration(bot, chat_id, |chat| {
        let file = InputFile::memory(bytes.clone()).file_name(file_name.to_owned());
        let mut req = bot.send_document(ChatId(chat), file);
        if !caption.is_empty() {
            req = req.caption(caption.clone());
        }
        if let Some(thread) = thread {
            req = req.message_thread_id(thread);
        }
        req.send()
    })
    .await
}

pub fn no_preview() -> LinkPreviewOptions {
    LinkPreviewOptions {
        is_disabled: true,
        url: None,
        prefer_small_media: false,
        prefer_large_media: false,
        show_above_text: false,
    }
}

/// Deletes a message, ignoring the ones Telegram no longer lets us delete.
pub async fn delete_quietly(bot: &HearthBot, chat_id: i64, message_id: i32) {
    let res =
        retrying(|| bot.delete_message(ChatId(chat_id), teloxide::types::MessageId(message_id)).send()).await;
    if let Err(err) = res {
        match classify(&err) {
            Failure::MessageGone => {}
            other => tracing::warn!(chat_id, message_id, ?other, %err, "delete failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_wordings_are_recognised() {
        let e = RequestError::Api(ApiError::Unknown(
            "Forbidden: bot can't initiate conversation with a user".into(),
        ));
        assert_eq!(classify(&e), Failure::Unreachable);
        assert_eq!(classify(&RequestError::Api(ApiError::BotBlocked)), Failure::Unreachable);
        let e = RequestError::Api(ApiError::Unknown(
            "Bad Request: not enough rights to restrict/unrestrict chat member".into(),
        ));
        assert_eq!(classify(&e), Failure::NoRights);
        let e = RequestError::Api(ApiError::Unknown("Internal Server Error".into()));
        assert_eq!(classify(&e), Failure::ServerError);
        assert_eq!(classify(&RequestError::MigrateToChatId(ChatId(-100))), Failure::Migrated(-100));
    }

    #[test]
    fn flood_control_is_obeyed_within_the_bound_and_5xx_tried_three_more_times() {
        let wait = |secs| Failure::RetryAfter(Duration::from_secs(secs));
        assert_eq!(next_try(&wait(3), Duration::ZERO, 0, false), Some(Duration::from_secs(3)));
        // As many times as Telegram says, while the total stays within the bound.
        assert_eq!(next_try(&wait(3), Duration::from_secs(117), 0, false), Some(Duration::from_secs(3)));
        assert_eq!(next_try(&wait(3), Duration::from_secs(118), 0, false), None);
        assert_eq!(next_try(&wait(121), Duration::ZERO, 0, false), None);
        let pauses: Vec<_> =
            (0..4).map(|n| next_try(&Failure::ServerError, Duration::ZERO, n, false)).collect();
        assert_eq!(pauses[..3], SERVER_RETRIES.map(Some));
        assert_eq!(pauses[3], None);
        // A network error: a send may have arrived, an edit can be repeated.
        assert_eq!(next_try(&Failure::Network, Duration::ZERO, 0, false), None);
        assert!(next_try(&Failure::Network, Duration::ZERO, 0, true).is_some());
        assert_eq!(next_try(&Failure::NoRights, Duration::ZERO, 0, true), None);
    }
}

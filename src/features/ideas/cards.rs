//! Idea cards: `/idea` posts one in the ideas topic, with 👍/👎 while the idea
//! takes votes; every change (a vote, a status, a merge) edits it.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageId, ReplyMarkup},
};

use super::{
    buttons::IdeaButton,
    logic::{Status, Tally, Vote, clean_idea},
    store::{self, Idea, NewIdea},
    texts::{error_text, status_name},
};
use crate::{
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult, format,
        lang::{chat_lang, lang_of},
        members,
        topics::{self, TopicKind},
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        command::Command,
        html,
        send::{Failure, classify, reply, retrying, thread_of},
    },
};

async fn card_text(ctx: &Ctx, lang: Lang, idea: &Idea, tally: Tally) -> anyhow::Result<String> {
    let author = format::mention_of(ctx, idea.author_id).await;
    let mut text = t!(
        lang,
        "idea-card",
        number = idea.number,
        status = status_name(lang, idea.status()),
        text = html::escape(&idea.text),
        author = author,
        up = tally.up,
        down = tally.down,
        score = format::signed(tally.score())
    );
    if let Some(comment) = &idea.comment {
        text.push('\n');
        text.push_str(&t!(lang, "idea-card-comment", comment = html::escape(comment)));
    }
    if idea.status() == Status::Merged
        && let Some(into) = idea.merged_into
        && let Some(target) = store::by_id(&ctx.db, into).await?
    {
        text.push('\n');
        text.push_str(&t!(lang, "idea-card-merged", number = target.number));
    }
    Ok(text)
}

/// 👍 and 👎 with their counts, while the idea takes votes.
fn card_markup(idea: &Idea, tally: Tally) -> Option<InlineKeyboardMarkup> {
    if !idea.status().accepts_votes() {
        return None;
    }
    let idea_id = idea.idea_id;
    let buttons = [(Vote::Up, "👍", tally.up), (Vote::Down, "👎", tally.down)]
        .into_iter()
        .map(|(vote, emoji, n)| {
            InlineKeyboardButton::callback(
                format!("{emoji} {n}"),
                IdeaButton::Vote { idea_id, vote }.encode(),
            )
        })
        .collect::<Vec<_>>();
    Some(InlineKeyboardMarkup::new([buttons]))
}

/// Edits an idea's card to its current status and votes.
pub(super) async fn refresh_card(bot: &HearthBot, ctx: &Ctx, idea_id: i64) -> HandlerResult {
    let Some(idea) = store::by_id(&ctx.db, idea_id).await? else { return Ok(()) };
    let Some(card) = idea.card_message_id.and_then(|id| i32::try_from(id).ok()) else { return Ok(()) };
    let lang = chat_lang(ctx, idea.chat_id).await;
    let tally = store::tally(&ctx.db, idea_id).await?;
    let text = card_text(ctx, lang, &idea, tally).await?;
    let markup = card_markup(&idea, tally);
    let edited = retrying(|| {
        let req = bot.edit_message_text(ChatId(idea.chat_id), MessageId(card), text.clone());
        match &markup {
            Some(m) => req.reply_markup(m.clone()).send(),
            None => req.send(),
        }
    })
    .await;
    if let Err(err) = edited {
        match classify(&err) {
            Failure::NotModified | Failure::MessageGone => {}
            other => tracing::warn!(idea_id, ?other, %err, "could not edit an idea card"),
        }
    }
    Ok(())
}

/// `/idea <text>`, or `/idea` in reply to a message (its text, its author).
pub async fn idea(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(sender) = msg.from.as_ref().filter(|u| !u.is_bot && msg.sender_chat.is_none()) else {
        // An anonymous admin or a channel: nobody to credit.
        reply(&bot, &msg, t!(lang, "idea-err-anonymous")).await?;
        return Ok(());
    };
    let (raw, author) = if cmd.args.trim().is_empty() {
        let replied = msg.reply_to_message();
        let raw = replied.and_then(|r| r.text().or_else(|| r.caption())).unwrap_or("");
        // The idea is the replied member's: they get the credit (and are
        // remembered, so the card can name them).
        let author =
            replied.filter(|r| r.sender_chat.is_none()).and_then(|r| r.from.as_ref()).filter(|u| !u.is_bot);
        if let Some(author) = author {
            members::upsert_user(&ctx.db, author, msg.date).await?;
        }
        (raw, author.map(|u| u.id).unwrap_or(sender.id))
    } else {
        (cmd.args.as_str(), sender.id)
    };
    let text = match clean_idea(raw) {
        Ok(text) => text,
        Err(err) => {
            reply(&bot, &msg, error_text(lang, &err)).await?;
            return Ok(());
        }
    };
    let chat = msg.chat.id;
    let new = NewIdea {
        chat_id: chat,
        author_id: author,
        submitted_by: sender.id,
        text: &text,
        source_message_id: msg.id.0,
        at: msg.date,
    };
    let (idea, created) = store::create(&ctx.db, &new).await?;
    if !created && idea.card_message_id.is_some() {
        // The same /idea delivered twice: already on the board.
        return Ok(());
    }
    let tally = store::tally(&ctx.db, idea.idea_id).await?;
    let card = card_text(&ctx, lang, &idea, tally).await?;
    let markup = card_markup(&idea, tally).map(ReplyMarkup::InlineKeyboard);
    let sent = match topics::post(&bot, &ctx, chat.0, TopicKind::Ideas, card, markup).await {
        Ok(sent) => sent,
        Err(err) => {
            // No card, no idea: the member can simply send it again.
            store::delete_unposted(&ctx.db, idea.idea_id).await?;
            return Err(err.into());
        }
    };
    let card_thread = thread_of(&sent);
    if let Err(err) = store::set_card(&ctx.db, idea.idea_id, sent.id.0, card_thread.map(|t| t.0.0)).await {
        // A card the database does not know would be a second card after the
        // retry, with buttons that answer "stale": take it back, so the
        // retry posts the one card.
        if let Err(gone) = retrying(|| bot.delete_message(sent.chat.id, sent.id).send()).await {
            tracing::warn!(idea_id = idea.idea_id, %gone, "could not take back an unsaved idea card");
        }
        if let Err(cleanup) = store::delete_unposted(&ctx.db, idea.idea_id).await {
            tracing::warn!(idea_id = idea.idea_id, %cleanup, "could not remove an idea without a card");
        }
        return Err(err.into());
    }
    if card_thread != thread_of(&msg) {
        reply(&bot, &msg, t!(lang, "idea-posted-elsewhere", number = idea.number)).await?;
    }
    Ok(())
}

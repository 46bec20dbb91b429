//! `/top`: the leaderboard of a week, a month or all time, each member with
//! their trust level's badge, and the caller's rank.

use std::sync::Arc;

use teloxide::types::Message;

use super::{
    logic::{self, TopPeriod},
    store,
};
use crate::{
    features::trust,
    kernel::{Ctx, HandlerResult, format, lang::lang_of},
    t,
    telegram::{HearthBot, command::Command, send::reply},
};

/// How many rows /top lists.
const TOP_N: usize = 10;

/// `/top [week|month|all]`: the top 10 and the caller's rank.
pub async fn top(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Ok(period) = TopPeriod::parse_arg(&cmd.args) else {
        reply(&bot, &msg, t!(lang, "top-usage")).await?;
        return Ok(());
    };
    let chat_id = msg.chat.id.0;
    let board = store::leaderboard(&ctx.db, chat_id, period.since(msg.date)).await?;
    let header = match period {
        TopPeriod::Week => t!(lang, "top-header-week"),
        TopPeriod::Month => t!(lang, "top-header-month"),
        TopPeriod::All => t!(lang, "top-header-all"),
    };
    let mut out = vec![header];
    if board.is_empty() {
        out.push(t!(lang, "top-empty"));
    }
    let shown = &board[..board.len().min(TOP_N)];
    let ids: Vec<i64> = shown.iter().map(|(user_id, _)| *user_id).collect();
    let levels = trust::levels(&ctx, msg.chat.id, &ids, msg.date).await?;
    for (((user_id, points), rank), level) in shown.iter().zip(logic::competition_ranks(shown)).zip(levels) {
        out.push(t!(
            lang,
            "top-row",
            rank = rank,
            name = format::mention_of(&ctx, *user_id).await,
            points = *points,
            badge = trust::texts::badge(lang, level)
        ));
    }
    if let Some(user) = &msg.from {
        let user_id = user.id.0 as i64;
        let mine = board.iter().find(|(u, _)| *u == user_id).map(|(_, p)| *p);
        out.push(String::new());
        out.push(match (logic::rank_of(&board, user_id), mine) {
            (Some(rank), Some(points)) => t!(lang, "top-you", rank = rank, points = points),
            _ => t!(lang, "top-you-none"),
        });
    }
    reply(&bot, &msg, out.join("\n")).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{i18n::Lang, t};

    #[test]
    fn points_are_pluralized_in_russian() {
        let rows = [(1, "1 балл"), (3, "3 балла"), (11, "11 баллов"), (21, "21 балл")];
        for (n, want) in rows {
            let text = t!(Lang::Ru, "top-you", rank = 1, points = n);
            assert!(text.contains(want), "{text}");
        }
    }
}

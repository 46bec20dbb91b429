//! Results: a closed poll's results posted once in its chat, `/npsresults`
//! (NPS with its adjusted-Wald margin, the change since the previous poll,
//! active vs silent voters, the detractors' reasons) and `/npshistory` (one
//! line per poll, and a chart).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use teloxide::types::{ChatId, Message};

use super::{
    logic::{self, ACTIVE_DAYS, PollSummary, Tally},
    refusals::{NpsError, refuse},
    store::{self, Poll},
};
use crate::{
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult, format,
        lang::{chat_lang, lang_of},
    },
    t,
    telegram::{
        HearthBot,
        command::Command,
        html,
        send::{Failure, classify, reply, send},
    },
};

/// Posts a closed poll's results in its chat, once: marked posted only after
/// the post went out, so a retry (of /npsclose, or the job's) makes it.
pub(super) async fn post_results(ctx: &Ctx, poll_id: i64, at: DateTime<Utc>) -> HandlerResult {
    if store::results_posted(&ctx.db, poll_id).await? {
        return Ok(());
    }
    let Some(poll) = store::poll(&ctx.db, poll_id).await?.filter(|p| !p.is_open()) else { return Ok(()) };
    let lang = chat_lang(ctx, poll.chat_id).await;
    let text = results_text(ctx, lang, &poll, at, false).await?;
    if let Err(err) = send(&ctx.bot, poll.chat_id, None, text, None).await {
        if matches!(classify(&err), Failure::ChatGone | Failure::NoRights | Failure::Unreachable) {
            // Nowhere to post them: /npsresults still shows them.
            tracing::warn!(poll_id, %err, "cannot post a poll's results; giving up");
            store::mark_results_posted(&ctx.db, poll_id, at).await?;
        }
        return Err(err.into());
    }
    store::mark_results_posted(&ctx.db, poll_id, at).await?;
    Ok(())
}

/// `/npsresults [poll number]` (admin): the latest poll by default.
pub async fn results(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let arg = cmd.args.trim();
    let poll = if arg.is_empty() {
        match store::latest_poll(&ctx.db, chat_id).await? {
            Some(p) => p,
            None => return refuse(&bot, &ctx, &msg, NpsError::NoPolls).await,
        }
    } else {
        let Some(number) = logic::parse_id(arg.strip_prefix('#').unwrap_or(arg)) else {
            return refuse(&bot, &ctx, &msg, NpsError::BadNumber).await;
        };
        match store::poll_by_number(&ctx.db, msg.chat.id, number).await? {
            Some(p) => p,
            None => return refuse(&bot, &ctx, &msg, NpsError::UnknownPoll { number }).await,
        }
    };
    let lang = lang_of(&ctx, &msg).await;
    let text = results_text(&ctx, lang, &poll, msg.date, true).await?;
    reply(&bot, &msg, text).await?;
    Ok(())
}

pub fn nps_or_dash(t: &Tally) -> String {
    t.nps().map(format::signed).unwrap_or_else(|| "—".to_owned())
}

/// What /npsresults says of one poll, before it is worded (the dashboard's
/// polls page shows the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollResults {
    pub tally: Tally,
    /// Members the bot knows in the chat (at least the responses).
    pub known: i64,
    /// Responses in percent of `known`.
    pub rate: u32,
    /// The previous poll's number and score, when both polls have one.
    pub previous: Option<(i64, i32)>,
    /// The voters who posted in the `ACTIVE_DAYS` before the close (or
    /// `now`), and the rest.
    pub active: Tally,
    pub silent: Tally,
}

impl PollResults {
    /// This poll's score minus the previous one's.
    pub fn change(&self) -> Option<i32> {
        Some(self.tally.nps()? - self.previous?.1)
    }
}

/// The results of one poll; `now` stands in for the close of an open poll.
pub async fn poll_results(db: &crate::db::Db, poll: &Poll, now: DateTime<Utc>) -> sqlx::Result<PollResults> {
    let tally = store::tally(db, poll.poll_id).await?;
    let n = tally.n();
    let known = store::members_known(db, poll.chat_id).await?.max(i64::from(n));
    let rate = logic::percent(n, u32::try_from(known).unwrap_or(u32::MAX));
    let mut previous = None;
    if let Some(prev) = store::previous_poll(db, ChatId(poll.chat_id), poll.number).await? {
        let before = store::tally(db, prev.poll_id).await?;
        if let (Some(_), Some(b)) = (tally.nps(), before.nps()) {
            previous = Some((prev.number, b));
        }
    }
    let until = poll.closed().unwrap_or(now);
    let (active, silent) =
        store::tally_by_activity(db, poll, until - Duration::days(ACTIVE_DAYS), until).await?;
    Ok(PollResults { tally, known, rate, previous, active, silent })
}

/// The results of one poll as a message; `now` stands in for the close of
/// an open poll.
async fn results_text(
    ctx: &Ctx,
    lang: Lang,
    poll: &Poll,
    now: DateTime<Utc>,
    reasons: bool,
) -> anyhow::Result<String> {
    let res = poll_results(&ctx.db, poll, now).await?;
    let (tally, known, rate) = (res.tally, res.known, res.rate);
    let n = tally.n();
    let status = if poll.is_open() { t!(lang, "nps-results-open") } else { t!(lang, "nps-results-closed") };
    let mut lines = vec![
        t!(
            lang,
            "nps-results-header",
            number = poll.number,
            question = html::escape(&poll.question),
            status = status
        ),
        t!(lang, "nps-results-responses", count = n, members = known, rate = rate),
    ];
    if n == 0 {
        lines.push(t!(lang, "nps-results-empty"));
        return Ok(lines.join("\n"));
    }
    let (pp, pa, pd) = tally.percentages();
    lines.push(t!(lang, "nps-results-promoters", count = tally.promoters, pct = pp));
    lines.push(t!(lang, "nps-results-passives", count = tally.passives, pct = pa));
    lines.push(t!(lang, "nps-results-detractors", count = tally.detractors, pct = pd));
    lines.push(t!(
        lang,
        "nps-results-score",
        nps = nps_or_dash(&tally),
        margin = tally.margin_points().unwrap_or_default()
    ));
    if !tally.readable() {
        lines.push(t!(lang, "nps-results-too-small", min = logic::MIN_READABLE));
    }
    if let (Some(delta), Some((number, before))) = (res.change(), res.previous) {
        lines.push(t!(
            lang,
            "nps-results-change",
            delta = format::signed(delta),
            number = number,
            before = format::signed(before)
        ));
    }
    let (active, silent) = (res.active, res.silent);
    lines.push(t!(
        lang,
        "nps-results-segments",
        days = ACTIVE_DAYS,
        active = nps_or_dash(&active),
        active_n = active.n(),
        silent = nps_or_dash(&silent),
        silent_n = silent.n()
    ));
    if !reasons {
        return Ok(lines.join("\n"));
    }
    let reasons = store::detractor_reasons(&ctx.db, poll.poll_id).await?;
    let header = lines.join("\n");
    if reasons.is_empty() {
        return Ok(format!("{header}\n{}", t!(lang, "nps-results-no-reasons")));
    }
    let header = format!("{header}\n\n{}", t!(lang, "nps-results-reasons"));
    let rows: Vec<String> =
        reasons.iter().map(|r| format!("• {}", html::escape(&html::truncate(r, 300)))).collect();
    Ok(html::fit_lines(&header, &rows, |more| t!(lang, "nps-results-more", count = more)))
}

/// `/npshistory` (admin): one line per poll.
pub async fn history(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let polls = store::history(&ctx.db, msg.chat.id.0).await?;
    if polls.is_empty() {
        return refuse(&bot, &ctx, &msg, NpsError::NoPolls).await;
    }
    let lang = lang_of(&ctx, &msg).await;
    let rows: Vec<String> = polls.iter().map(|p| history_row(lang, p)).collect();
    let text = html::fit_lines(&t!(lang, "nps-history-header"), &rows, |more| {
        t!(lang, "nps-results-more", count = more)
    });
    if let Some(panel) = history_panel(lang, &polls) {
        let caption = t!(lang, "nps-history-chart-caption");
        format::send_chart(&bot, &msg, vec![panel], &caption).await;
    }
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// NPS per poll with its 95 % margin as two bounds around it; `None` with
/// fewer than two polls that had responses (the lines say it all).
pub fn history_panel(lang: Lang, polls: &[PollSummary]) -> Option<crate::charts::Panel> {
    use crate::charts::{Panel, Series, Style};
    let points: Vec<(String, f64, f64)> = polls
        .iter()
        .filter_map(|p| Some((format!("#{}", p.number), f64::from(p.nps()?), f64::from(p.margin()?))))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let series = |name: String, f: fn(f64, f64) -> f64| Series {
        name,
        values: points.iter().map(|(_, nps, margin)| f(*nps, *margin).clamp(-100.0, 100.0)).collect(),
        style: Style::Line,
    };
    Some(Panel {
        title: t!(lang, "nps-history-chart-title"),
        x_labels: points.iter().map(|(label, _, _)| label.clone()).collect(),
        series: vec![
            series("NPS".to_owned(), |nps, _| nps),
            series(t!(lang, "nps-history-chart-upper"), |nps, margin| nps + margin),
            series(t!(lang, "nps-history-chart-lower"), |nps, margin| nps - margin),
        ],
        y_max: Some(100.0),
    })
}

fn history_row(lang: Lang, p: &PollSummary) -> String {
    let date = p.opened_at.format("%Y-%m-%d").to_string();
    match (p.nps(), p.margin()) {
        (Some(nps), Some(margin)) => t!(
            lang,
            "nps-history-row",
            number = p.number,
            date = date,
            count = p.responses(),
            nps = format::signed(nps),
            margin = margin
        ),
        _ => t!(lang, "nps-history-row-empty", number = p.number, date = date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_texts_agree_in_number_and_the_survey_scale_is_neutral() {
        let small = |n: u32| t!(Lang::Ru, "nps-results-too-small", min = n);
        assert!(small(5).contains("Меньше 5 ответов:"), "{}", small(5));
        assert!(small(21).contains("Меньше 21 ответа:"), "{}", small(21));
        assert!(small(3).contains("Меньше 3 ответов:"), "{}", small(3));
        assert!(t!(Lang::En, "nps-results-too-small", min = 1).contains("Fewer than 1 response:"));
        assert!(t!(Lang::En, "nps-results-too-small", min = 5).contains("Fewer than 5 responses:"));
        let intro = t!(Lang::Ru, "survey-intro");
        assert!(intro.contains("1 — совсем не так, 5 — полностью так"), "{intro}");
        assert!(!intro.contains("согласен"), "{intro}");
    }
}

//! `/silent` (admins): members per segment, reactivation of the nudged
//! beside the holdout, the survey's answers, and the quiet members with
//! where each stands on the ladder.

use std::sync::Arc;

use chrono::Duration;
use teloxide::types::Message;

use super::{
    chat::admin_ids,
    logic::{self, LadderStep, Segment, Steps, SurveyAnswer},
    store,
    survey::answer_label,
};
use crate::{
    db::parse_ts,
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{HearthBot, html, send::reply},
};

/// `/silent` (admin): segments, the quiet members, survey answers, and the
/// reactivation of nudged members beside the holdout's.
pub async fn silent(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let mut out = vec![t!(lang, "silent-header"), t!(lang, "silent-tracking-note"), String::new()];
    let counts = store::segment_counts(&ctx.db, chat_id).await?;
    out.push(
        counts
            .iter()
            .map(|(s, n)| format!("{}: <b>{n}</b>", segment_name(lang, *s)))
            .collect::<Vec<_>>()
            .join(" · "),
    );
    let r = store::reactivation(&ctx.db, chat_id, msg.date - Duration::days(90)).await?;
    let pct = |rate: &logic::ReactivationRate| rate.pct.map_or("—".to_owned(), |p| format!("{p:.0}%"));
    out.push(String::new());
    out.push(t!(
        lang,
        "silent-reactivation",
        nudged = pct(&r.nudged),
        nudged_n = r.nudged.nudged,
        nudged_back = r.nudged.reactivated,
        holdout = pct(&r.holdout),
        holdout_n = r.holdout.nudged,
        holdout_back = r.holdout.reactivated
    ));
    if let Some(diff) = logic::compare(&r.nudged, &r.holdout) {
        out.push(t!(lang, "silent-uplift", diff = format!("{diff:+.0}")));
    }
    let answers = store::survey_counts(&ctx.db, chat_id).await?;
    if !answers.is_empty() {
        out.push(String::new());
        out.push(t!(lang, "silent-answers"));
        for (answer, n) in &answers {
            let label = answer.parse::<SurveyAnswer>().map(|a| answer_label(lang, a)).unwrap_or_default();
            out.push(format!("• {label}: {n}"));
        }
    }
    let admins = admin_ids(&ctx, chat_id).await;
    let quiet: Vec<_> = store::quiet_members(&ctx.db, chat_id, 60)
        .await?
        .into_iter()
        .filter(|m| !admins.contains(&m.user_id))
        .take(30)
        .collect();
    out.push(String::new());
    out.push(if quiet.is_empty() { t!(lang, "silent-none") } else { t!(lang, "silent-list") });
    let header = out.join("\n");
    let lines: Vec<String> = quiet.iter().map(|m| quiet_line(lang, m)).collect();
    let text = html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n));
    reply(&bot, &msg, text).await?;
    Ok(())
}

fn segment_name(lang: Lang, s: Segment) -> String {
    crate::i18n::named(lang, "segment", s.as_str())
}

fn quiet_line(lang: Lang, m: &store::QuietMember) -> String {
    let name = html::mention(m.user_id, m.first_name.as_deref().unwrap_or("…"), m.last_name.as_deref());
    let seen = parse_ts(&m.last_seen).map_or("—".to_owned(), |d| d.format("%Y-%m-%d").to_string());
    let steps = Steps::from_column(m.steps);
    let step = if m.holdout == Some(true) {
        t!(lang, "silent-step-holdout")
    } else if steps.contains(LadderStep::Goodbye) {
        t!(lang, "silent-step-goodbye")
    } else if steps.contains(LadderStep::Second) {
        t!(lang, "silent-step-second")
    } else if steps.contains(LadderStep::First) {
        t!(lang, "silent-step-first")
    } else {
        t!(lang, "silent-step-none")
    };
    let reach =
        if m.dm_open == Some(true) { t!(lang, "silent-reachable") } else { t!(lang, "silent-unreachable") };
    let mut line = format!("• {name} — {seen} · {step} · {reach}");
    if let Some(answer) = m.survey_answer.as_deref().and_then(|a| a.parse::<SurveyAnswer>().ok()) {
        line.push_str(&format!(" · {}", answer_label(lang, answer)));
        if let Some(text) = &m.survey_text {
            line.push_str(&format!(": «{}»", html::escape(&html::truncate(text, 80))));
        }
    }
    line
}

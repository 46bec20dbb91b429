//! The /stats sections, in the order of `SECTIONS`: each turns one part of
//! the report into lines (none when it has nothing to say).

use super::{Report, logic, store};
use crate::{
    features::{ideas, notes, nps, nudges, onboarding},
    kernel::format::{fmt_num, fmt_pct, fmt_signed_pct},
    kernel::{format, topics},
    t,
};

/// Members now, joined, left, net growth.
pub async fn section_members(r: &Report) -> anyhow::Result<Vec<String>> {
    let now = store::members_now(&r.db, r.chat_id).await?;
    let (joined, left) = store::joins_and_leaves(&r.db, r.chat_id, r.since).await?;
    Ok(vec![t!(
        r.lang,
        "stats-members",
        now = now,
        joined = joined,
        left = left,
        net = format::signed(joined - left)
    )])
}

/// DAU/WAU/MAU, stickiness, messages per day, activity segments.
pub async fn section_activity(r: &Report) -> anyhow::Result<Vec<String>> {
    let lang = r.lang;
    let e = store::engagement(&r.db, r.chat_id, r.now).await?;
    let messages = store::messages_since(&r.db, r.chat_id, r.since).await?;
    let rules = store::segment_rules(&r.db, r.chat_id).await?;
    let seg = store::segments(&r.db, r.chat_id, r.now, &rules).await?;
    let total = seg.total();
    Ok(vec![
        t!(
            lang,
            "stats-engagement",
            dau = e.dau,
            wau = e.wau,
            mau = e.mau,
            stickiness = fmt_pct(e.stickiness(), lang)
        ),
        t!(
            lang,
            "stats-messages",
            per_day = fmt_num(messages as f64 / r.days.max(1) as f64, 1, lang),
            total = messages,
            days = r.days
        ),
        t!(
            lang,
            "stats-segments",
            active = fmt_pct(logic::pct(seg.active, total), lang),
            at_risk = fmt_pct(logic::pct(seg.at_risk, total), lang),
            silent = fmt_pct(logic::pct(seg.silent, total), lang),
            gone = fmt_pct(logic::pct(seg.gone, total), lang),
            archived = fmt_pct(logic::pct(seg.archived, total), lang),
            risk_days = rules.active_days,
            silent_days = rules.silent_days,
            gone_days = rules.goodbye_days
        ),
    ])
}

/// The onboarding funnel and referral conversion of the period's newcomers.
pub async fn section_newcomers(r: &Report) -> anyhow::Result<Vec<String>> {
    let lang = r.lang;
    let [joined, rules, _dm, intro, posted, _checkin] =
        onboarding::store::funnel(&r.db, r.chat_id, r.since).await?.map(|n| n as i64);
    let (invited, qualified) = store::referral_conversion(&r.db, r.chat_id, r.since).await?;
    let mut lines = Vec::new();
    if joined > 0 {
        let p = |n: i64| fmt_pct(logic::pct(n, joined), lang);
        lines.push(t!(
            lang,
            "stats-onboarding",
            joined = joined,
            rules = p(rules),
            intro = p(intro),
            posted = p(posted)
        ));
    }
    if invited > 0 {
        lines.push(t!(
            lang,
            "stats-referrals",
            invited = invited,
            qualified = qualified,
            pct = fmt_pct(logic::pct(qualified, invited), lang)
        ));
    }
    if lines.is_empty() {
        lines.push(t!(lang, "stats-no-newcomers"));
    }
    Ok(lines)
}

/// Questions answered by members within 24 h, and how fast; those the
/// FAQ answered by itself (`notes`) beside them.
pub async fn section_questions(r: &Report) -> anyhow::Result<Vec<String>> {
    let lang = r.lang;
    let help = topics::store::help_thread(&r.db, r.chat_id).await?;
    let qs = store::questions(&r.db, r.chat_id, r.since, help).await?;
    let a = logic::answered(&qs, r.now);
    let mut lines = vec![if a.asked == 0 {
        t!(lang, "stats-questions-none")
    } else if let Some(secs) = a.median_secs {
        let (h, m) = logic::hours_minutes(secs);
        t!(
            lang,
            "stats-questions",
            asked = a.asked,
            answered = a.answered,
            pct = fmt_pct(a.pct(), lang),
            median = t!(lang, "stats-duration", h = h, m = m)
        )
    } else {
        t!(lang, "stats-questions-unanswered", asked = a.asked)
    }];
    let by_faq = notes::store::answered_since(&r.db, r.chat_id, r.since).await?;
    if by_faq > 0 {
        lines.push(t!(lang, "stats-questions-faq", count = by_faq));
    }
    if help.is_some() {
        lines.push(t!(lang, "stats-questions-help-topic"));
    }
    Ok(lines)
}

/// The last NPS poll: its score, margin and n, and the change since the
/// previous poll that had responses.
pub async fn section_nps(r: &Report) -> anyhow::Result<Vec<String>> {
    let lang = r.lang;
    let polls = nps::store::history(&r.db, r.chat_id).await?;
    let Some(last) = polls.last() else {
        return Ok(vec![t!(lang, "stats-nps-none")]);
    };
    let date = last.opened_at.format("%Y-%m-%d").to_string();
    let (Some(score), Some(margin)) = (last.nps(), last.margin()) else {
        return Ok(vec![t!(lang, "stats-nps-no-responses", number = last.number, date = date)]);
    };
    let mut lines = vec![t!(
        lang,
        "stats-nps",
        number = last.number,
        date = date,
        nps = format::signed(score),
        margin = margin,
        count = last.responses()
    )];
    let previous = polls.iter().rev().skip(1).find_map(|p| Some((p.number, p.nps()?)));
    if let Some((number, before)) = previous {
        lines.push(t!(lang, "stats-nps-change", change = format::signed(score - before), number = number));
    }
    if !last.tally.readable() {
        lines.push(t!(lang, "stats-nps-small", min = nps::logic::MIN_READABLE));
    }
    Ok(lines)
}

/// Reactivation of the members nudged in the period beside the holdout.
pub async fn section_nudges(r: &Report) -> anyhow::Result<Vec<String>> {
    let lang = r.lang;
    let re = nudges::store::reactivation(&r.db, r.chat_id, r.since).await?;
    let (n, h) = (re.nudged, re.holdout);
    if n.nudged == 0 && h.nudged == 0 {
        return Ok(vec![t!(lang, "stats-nudges-none")]);
    }
    let window = nudges::logic::REACTIVATION_WINDOW_DAYS;
    let mut lines = vec![t!(
        lang,
        "stats-nudges",
        came_back = n.reactivated,
        nudged = n.nudged,
        pct = fmt_pct(n.pct, lang),
        days = window
    )];
    lines.push(if h.nudged == 0 {
        t!(lang, "stats-nudges-no-holdout")
    } else {
        t!(
            lang,
            "stats-nudges-holdout",
            came_back = h.reactivated,
            holdout = h.nudged,
            pct = fmt_pct(h.pct, lang)
        )
    });
    if let Some(diff) = nudges::logic::compare(&n, &h) {
        let points = fmt_num(diff.abs(), 0, lang);
        let diff = crate::kernel::format::with_sign(diff < 0.0, &points);
        lines.push(t!(lang, "stats-nudges-diff", diff = diff));
    }
    if n.nudged < logic::SMALL_SAMPLE || h.nudged < logic::SMALL_SAMPLE {
        lines.push(t!(lang, "stats-nudges-small", min = logic::SMALL_SAMPLE));
    }
    Ok(lines)
}

/// The ideas board: submitted, taken up, median time from idea to done.
pub async fn section_ideas(r: &Report) -> anyhow::Result<Vec<String>> {
    let lang = r.lang;
    let st = ideas::store::stats(&r.db, r.chat_id, r.since).await?;
    if st.submitted == 0 && st.median_to_done.is_none() {
        return Ok(vec![t!(lang, "stats-ideas-none")]);
    }
    let to_done = match st.median_to_done {
        Some(d) => {
            let hours = d.num_minutes().max(0) as f64 / 60.0;
            let hours = hours.round() as i64;
            t!(lang, "stats-ideas-median", d = hours / 24, h = hours % 24)
        }
        None => t!(lang, "stats-ideas-none-done"),
    };
    Ok(vec![t!(
        lang,
        "stats-ideas",
        submitted = st.submitted,
        taken_up = st.taken_up,
        pct = fmt_pct(Some(st.share_taken_up * 100.0), lang),
        to_done = to_done
    )])
}

/// Day-30 retention and the uplift of early participation.
pub async fn section_retention(r: &Report) -> anyhow::Result<Vec<String>> {
    let lang = r.lang;
    let ret = store::retention(&r.db, r.chat_id, r.now).await?;
    if ret.cohort == 0 {
        return Ok(vec![t!(lang, "stats-retention-none")]);
    }
    let mut lines = vec![
        t!(
            lang,
            "stats-retention",
            cohort = ret.cohort,
            stayed = fmt_pct(ret.stayed_pct(), lang),
            posting = fmt_pct(ret.posting_pct(), lang)
        ),
        t!(
            lang,
            "stats-retention-groups",
            p = fmt_pct(ret.participants_pct(), lang),
            pn = ret.participants,
            o = fmt_pct(ret.others_pct(), lang),
            on = ret.others
        ),
    ];
    lines.push(match ret.uplift() {
        Some(u) => t!(lang, "stats-uplift", uplift = fmt_signed_pct(u, lang)),
        None => t!(lang, "stats-uplift-none"),
    });
    Ok(lines)
}

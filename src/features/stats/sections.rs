//! The /stats sections, in the order of `SECTIONS`: each words one part of
//! the report's figures (`figures.rs`, which the dashboard shows too) as
//! lines (none when it has nothing to say).

use super::{Report, figures, logic};
use crate::{
    features::{nps, nudges},
    kernel::format,
    kernel::format::{fmt_num, fmt_pct, fmt_signed_pct},
    t,
};

/// Members now, joined, left, net growth.
pub async fn section_members(r: &Report) -> anyhow::Result<Vec<String>> {
    let m = figures::members(r).await?;
    Ok(vec![t!(
        r.lang,
        "stats-members",
        now = m.now,
        joined = m.joined,
        left = m.left,
        net = format::signed(m.net())
    )])
}

/// DAU/WAU/MAU, stickiness, messages per day, activity segments.
pub async fn section_activity(r: &Report) -> anyhow::Result<Vec<String>> {
    let lang = r.lang;
    let a = figures::activity(r).await?;
    let (e, seg, rules) = (a.engagement, a.segments, a.rules);
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
            per_day = fmt_num(a.per_day(), 1, lang),
            total = a.messages,
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
    let n = figures::newcomers(r).await?;
    let mut lines = Vec::new();
    if n.joined > 0 {
        let p = |step: i64| fmt_pct(n.share(step), lang);
        lines.push(t!(
            lang,
            "stats-onboarding",
            joined = n.joined,
            rules = p(n.rules),
            intro = p(n.intro),
            posted = p(n.posted)
        ));
    }
    if n.invited > 0 {
        lines.push(t!(
            lang,
            "stats-referrals",
            invited = n.invited,
            qualified = n.qualified,
            pct = fmt_pct(n.qualified_pct(), lang)
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
    let q = figures::questions(r).await?;
    let a = &q.answered;
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
    if q.by_faq > 0 {
        lines.push(t!(lang, "stats-questions-faq", count = q.by_faq));
    }
    if q.help_topic {
        lines.push(t!(lang, "stats-questions-help-topic"));
    }
    Ok(lines)
}

/// The last NPS poll: its score, margin and n, and the change since the
/// previous poll that had responses.
pub async fn section_nps(r: &Report) -> anyhow::Result<Vec<String>> {
    let lang = r.lang;
    let figures = figures::nps(r).await?;
    let Some(last) = &figures.last else {
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
    if let Some((number, before)) = figures.previous {
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
    let figures = figures::nudges(r).await?;
    let (n, h) = (figures.reactivation.nudged, figures.reactivation.holdout);
    if figures.none() {
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
    if let Some(diff) = figures.diff {
        let points = fmt_num(diff.abs(), 0, lang);
        let diff = crate::kernel::format::with_sign(diff < 0.0, &points);
        lines.push(t!(lang, "stats-nudges-diff", diff = diff));
    }
    if figures.small {
        lines.push(t!(lang, "stats-nudges-small", min = logic::SMALL_SAMPLE));
    }
    Ok(lines)
}

/// The ideas board: submitted, taken up, median time from idea to done.
pub async fn section_ideas(r: &Report) -> anyhow::Result<Vec<String>> {
    let lang = r.lang;
    let st = figures::ideas(r).await?;
    if st.submitted == 0 && st.median_to_done.is_none() {
        return Ok(vec![t!(lang, "stats-ideas-none")]);
    }
    let to_done = match st.median_to_done {
        Some(d) => {
            let (d, h) = figures::days_hours(d);
            t!(lang, "stats-ideas-median", d = d, h = h)
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
    let ret = figures::retention(r).await?;
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

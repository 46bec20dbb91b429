//! /stats, /stats cohorts and /export: thin — authorize, parse, ask the
//! store, let logic decide, render, send. The /stats sections live here too:
//! each turns one part of the report into lines.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use teloxide::types::Message;

use super::{
    EXPORTS, ExportError, SECTIONS,
    logic::{self, Period, StatsError, StatsRequest, fmt_num, fmt_pct, fmt_signed_pct},
    store,
};
use crate::{
    charts,
    db::Db,
    features::{ideas, nps, nudges, onboarding},
    i18n::Lang,
    kernel::format,
    kernel::{
        Ctx, HandlerResult,
        lang::{lang_of, user_lang},
        members::{self},
        topics::{self},
    },
    t,
    telegram::{
        HearthBot,
        command::Command,
        html,
        send::{Failure, classify, reply, send_document},
    },
};

/// What every /stats section gets: the chat, the moment of the command (the
/// update's date), the period and the language.
pub struct Report {
    pub db: Db,
    pub chat_id: i64,
    pub now: DateTime<Utc>,
    /// The period's length in days, and its start (`now − days`).
    pub days: i64,
    pub since: DateTime<Utc>,
    pub lang: Lang,
}

impl Report {
    pub fn new(db: Db, chat_id: i64, now: DateTime<Utc>, days: i64, lang: Lang) -> Report {
        Report { db, chat_id, now, days, since: now - Duration::days(days), lang }
    }
}

/// `/stats [7d|30d|90d|cohorts]` (admins).
pub async fn stats(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    match logic::parse_request(&cmd.args) {
        Ok(StatsRequest::Overview(period)) => overview(&bot, &ctx, &msg, period, lang).await,
        Ok(StatsRequest::Cohorts) => cohorts(&bot, &ctx, &msg, lang).await,
        Err(StatsError::BadArgument(arg)) => {
            let arg = html::escape(&html::truncate(&arg, 32));
            reply(&bot, &msg, t!(lang, "stats-bad-arg", arg = arg)).await?;
            Ok(())
        }
    }
}

/// Every section's lines, sections separated by a blank line.
pub async fn report_text(report: &Report, title: &str) -> String {
    let mut blocks = vec![title.to_owned()];
    for section in SECTIONS {
        match section(report).await {
            Ok(lines) if !lines.is_empty() => blocks.push(lines.join("\n")),
            Ok(_) => {}
            Err(err) => tracing::warn!(chat_id = report.chat_id, %err, "a /stats section failed"),
        }
    }
    blocks.join("\n\n")
}

async fn overview(bot: &HearthBot, ctx: &Ctx, msg: &Message, period: Period, lang: Lang) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let report = Report::new(ctx.db.clone(), chat_id, msg.date, period.days(), lang);
    let chat = html::escape(&members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default());
    let title = t!(lang, "stats-title", chat = chat.clone(), days = period.days());
    let text = report_text(&report, &title).await;

    let (first, last) = chart_days(msg.date, period);
    let days = store::daily(&ctx.db, chat_id, first, last).await?;
    let panels = overview_panels(&days, lang);
    let caption = t!(lang, "stats-chart-caption", chat = chat, days = period.days());
    format::send_chart(bot, msg, panels, &caption).await;
    reply(bot, msg, text).await?;
    Ok(())
}

fn overview_panels(days: &[store::Day], lang: Lang) -> Vec<charts::Panel> {
    use charts::{Panel, Series, Style};
    let labels: Vec<String> = days.iter().map(|d| d.day.format("%d.%m").to_string()).collect();
    let panel = |title: String, values: Vec<f64>, style: Style| Panel {
        title,
        x_labels: labels.clone(),
        series: vec![Series { name: String::new(), values, style }],
        y_max: None,
    };
    vec![
        panel(t!(lang, "stats-chart-members"), days.iter().map(|d| d.members as f64).collect(), Style::Line),
        panel(t!(lang, "stats-chart-dau"), days.iter().map(|d| d.dau as f64).collect(), Style::Line),
        panel(
            t!(lang, "stats-chart-messages"),
            days.iter().map(|d| d.messages as f64).collect(),
            Style::Area,
        ),
    ]
}

/// Renders off the async workers and sends the chart; a chart that cannot be
/// drawn or sent is logged, and the numbers still go out.
/// Cohorts shown: the current week and the seven before it.
const COHORT_WEEKS: i64 = 8;

async fn cohorts(bot: &HearthBot, ctx: &Ctx, msg: &Message, lang: Lang) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let today = msg.date.date_naive();
    let first_week = logic::week_start(today) - Duration::weeks(COHORT_WEEKS - 1);
    let since = first_week.and_hms_opt(0, 0, 0).map(|d| d.and_utc()).unwrap_or(msg.date);
    let sizes = store::cohort_sizes(&ctx.db, chat_id, since).await?;
    let active = store::cohort_activity(&ctx.db, chat_id, since).await?;
    let rows = logic::cohort_table(&sizes, &active, today, COHORT_WEEKS as usize);
    if rows.is_empty() {
        reply(bot, msg, t!(lang, "stats-cohorts-none", weeks = COHORT_WEEKS)).await?;
        return Ok(());
    }
    let text = format!("{}\n\n<pre>{}</pre>", t!(lang, "stats-cohorts-title"), cohort_grid(&rows, lang));
    let panel = cohort_panel(&rows, lang);
    format::send_chart(bot, msg, vec![panel], &t!(lang, "stats-cohorts-chart")).await;
    reply(bot, msg, text).await?;
    Ok(())
}

/// The cohort table as monospaced text (escaped for `<pre>`).
fn cohort_grid(rows: &[logic::CohortRow], lang: Lang) -> String {
    let weeks = rows.iter().map(|r| r.active_pct.len()).max().unwrap_or(0);
    let mut head =
        format!("{:<7}{:>6}", t!(lang, "stats-cohorts-col-week"), t!(lang, "stats-cohorts-col-size"));
    for k in 0..weeks {
        head.push_str(&format!("{:>5}", format!("W{k}")));
    }
    let mut out = vec![html::escape(&head)];
    for row in rows {
        let mut line = format!("{:<7}{:>6}", row.week.format("%d.%m"), row.size);
        for p in &row.active_pct {
            line.push_str(&format!("{:>5}", format!("{}%", p.round() as i64)));
        }
        out.push(html::escape(&line));
    }
    out.join("\n")
}

fn cohort_panel(rows: &[logic::CohortRow], lang: Lang) -> charts::Panel {
    let weeks = rows.iter().map(|r| r.active_pct.len()).max().unwrap_or(1);
    charts::Panel {
        title: t!(lang, "stats-cohorts-chart"),
        x_labels: (0..weeks).map(|k| format!("W{k}")).collect(),
        series: rows
            .iter()
            .map(|r| charts::Series {
                name: format!("{} ({})", r.week.format("%d.%m"), r.size),
                values: r.active_pct.clone(),
                style: charts::Style::Line,
            })
            .collect(),
        y_max: Some(100.0),
    }
}

// ---- sections --------------------------------------------------------------

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

/// Questions answered by members within 24 h, and how fast.
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
        let diff = if diff < 0.0 { format!("−{points}") } else { format!("+{points}") };
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

// ---- export ------------------------------------------------------------------

/// Telegram's limit on a document a bot uploads.
const MAX_DOCUMENT: usize = 50 * 1024 * 1024;

/// The most rows `/export` builds inside the bot (about 30 MB of CSV).
const MAX_CHAT_EXPORT_ROWS: i64 = 400_000;

/// `/export <kind>` (admins): the CSV goes to the admin's DM.
pub async fn export(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let kinds = super::export_names();
    let kind = cmd.args.trim().to_lowercase();
    if kind.is_empty() {
        reply(&bot, &msg, t!(lang, "stats-export-usage", kinds = kinds)).await?;
        return Ok(());
    }
    if !EXPORTS.iter().any(|k| k.name == kind) {
        let shown = html::escape(&html::truncate(&kind, 32));
        reply(&bot, &msg, t!(lang, "stats-export-unknown", kind = shown, kinds = kinds)).await?;
        return Ok(());
    }
    let Some(admin) = msg.from.as_ref().map(|u| u.id.0 as i64) else { return Ok(()) };
    let open_dm = || {
        t!(
            lang,
            "stats-export-open-dm",
            url = format!("https://t.me/{}", ctx.bot_username()),
            kind = kind.clone()
        )
    };
    if !members::dm_open(&ctx.db, admin).await? {
        reply(&bot, &msg, open_dm()).await?;
        return Ok(());
    }
    let chat_id = msg.chat.id.0;
    // Built in memory inside the bot: a history too long is refused before it
    // is read (the command line streams no less, but runs in its own process).
    let size = super::export_size(&ctx.db, chat_id, &kind).await?.unwrap_or(0);
    if size > MAX_CHAT_EXPORT_ROWS {
        let text = t!(
            lang,
            "stats-export-too-many-rows",
            kind = kind.clone(),
            rows = size,
            chat = chat_id.to_string()
        );
        reply(&bot, &msg, text).await?;
        return Ok(());
    }
    let (csv, rows) = match super::export_csv(&ctx.db, chat_id, &kind).await {
        Ok(done) => done,
        Err(ExportError::Db(err)) => return Err(err.into()),
        Err(err @ ExportError::UnknownKind { .. }) => return Err(err.into()),
    };
    if csv.len() > MAX_DOCUMENT {
        let mib = (csv.len() / (1024 * 1024)).to_string();
        reply(
            &bot,
            &msg,
            t!(lang, "stats-export-too-big", kind = kind.clone(), mib = mib, chat = chat_id.to_string()),
        )
        .await?;
        return Ok(());
    }
    let title = members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default();
    let date = msg.date.format("%Y-%m-%d").to_string();
    let file_name = format!("{kind}-{}-{date}.csv", chat_id.unsigned_abs());
    let dm_lang = user_lang(&ctx, admin).await;
    let caption = t!(
        dm_lang,
        "stats-export-caption",
        kind = kind.clone(),
        chat = html::escape(&title),
        date = date,
        rows = rows
    );
    match send_document(&bot, admin, None, csv.into_bytes(), &file_name, &caption).await {
        Ok(_) => {
            reply(&bot, &msg, t!(lang, "stats-export-sent-dm", kind = kind.clone(), rows = rows)).await?;
        }
        Err(err) => match classify(&err) {
            Failure::Unreachable | Failure::ChatGone => {
                members::mark_unreachable(&ctx.db, admin, msg.date).await?;
                reply(&bot, &msg, open_dm()).await?;
            }
            _ => return Err(err.into()),
        },
    }
    Ok(())
}

/// The first day of a chart or a window, for callers outside (benchmarks).
pub fn chart_days(now: DateTime<Utc>, period: Period) -> (NaiveDate, NaiveDate) {
    let last = now.date_naive();
    (last - Duration::days(period.days() - 1), last)
}

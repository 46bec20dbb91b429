//! /stats: the report every section reads (`Report`), the overview (each
//! section's lines and a chart of the period) and the dispatch to cohorts
//! and customers.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use teloxide::types::Message;

use super::{
    SECTIONS, cohorts, customers,
    logic::{self, Period, StatsError, StatsRequest},
    store,
};
use crate::{
    charts,
    db::Db,
    i18n::Lang,
    kernel::{Ctx, HandlerResult, format, lang::lang_of, members},
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
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

/// `/stats [7d|30d|90d|cohorts|customers [H]]` (admins).
pub async fn stats(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    match logic::parse_request(&cmd.args) {
        Ok(StatsRequest::Overview(period)) => overview(&bot, &ctx, &msg, period, lang).await,
        Ok(StatsRequest::Cohorts) => cohorts::cohorts(&bot, &ctx, &msg, lang).await,
        Ok(StatsRequest::Customers(days)) => customers::customers(&bot, &ctx, &msg, days, lang).await,
        Err(StatsError::BadArgument(arg)) => {
            let arg = html::escape(&html::truncate(&arg, 32));
            reply(&bot, &msg, t!(lang, "stats-bad-arg", arg = arg)).await?;
            Ok(())
        }
        Err(StatsError::BadHorizon(arg)) => {
            let arg = html::escape(&html::truncate(&arg, 32));
            let (min, max) = (*logic::CUSTOMER_DAYS.start(), *logic::CUSTOMER_DAYS.end());
            reply(&bot, &msg, t!(lang, "stats-customers-bad-days", arg = arg, min = min, max = max)).await?;
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

/// The /stats chart's panels: members, active members, messages per day
/// (the dashboard's overview draws the same as SVG).
pub fn overview_panels(days: &[store::Day], lang: Lang) -> Vec<charts::Panel> {
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

/// The first day of a chart or a window, for callers outside (benchmarks).
pub fn chart_days(now: DateTime<Utc>, period: Period) -> (NaiveDate, NaiveDate) {
    let last = now.date_naive();
    (last - Duration::days(period.days() - 1), last)
}

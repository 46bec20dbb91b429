//! /stats cohorts: weekly join cohorts and the share of each still posting,
//! week by week, as a monospaced table and a chart.

use chrono::Duration;
use teloxide::types::Message;

use super::{logic, store};
use crate::{
    charts,
    i18n::Lang,
    kernel::{Ctx, HandlerResult, format},
    t,
    telegram::{HearthBot, html, send::reply},
};

/// Cohorts shown: the current week and the seven before it.
const COHORT_WEEKS: i64 = 8;

pub(super) async fn cohorts(bot: &HearthBot, ctx: &Ctx, msg: &Message, lang: Lang) -> HandlerResult {
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

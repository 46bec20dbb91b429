//! /stats customers [H]: what the community does for the company's
//! customers. The cohort is everyone who was a customer H days ago (T0);
//! participants are those linked to an account that posted in this chat in
//! the 30 days before T0, the others the rest of the cohort. Retention is the
//! share not churned by today; the uplift of participation comes with its
//! 95 % interval and adjusted for tenure at T0 (Mantel–Haenszel), and the
//! company's NPS of members beside other customers. "Today" is the date of
//! the command's message (handlers read the update's date, not a clock).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use teloxide::types::Message;

use super::{
    customers_store as store, logic,
    retention::{self, CohortRetention, RiskRatio},
};
use crate::{
    charts,
    features::nps::logic::Tally,
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        format::{self, fmt_pct, fmt_signed_pct},
        members,
    },
    t,
    telegram::{HearthBot, html, send::reply},
};

/// The message and the chart of `/stats customers <days>`, as of `now`.
pub struct CustomersReport {
    pub text: String,
    /// The monthly churn chart and its caption; `None` without a cohort.
    pub chart: Option<(charts::Panel, String)>,
}

pub(super) async fn customers(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    days: u32,
    lang: Lang,
) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let chat = members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default();
    let report = customers_report(&ctx.db, chat_id, &chat, msg.date, days, lang).await?;
    if let Some((panel, caption)) = report.chart {
        format::send_chart(bot, msg, vec![panel], &caption).await;
    }
    reply(bot, msg, report.text).await?;
    Ok(())
}

/// What /stats customers counts, before it is worded (the dashboard's
/// overview shows the same): the registry seen from the chat, the cohort of
/// `t0` and its retention, the company's NPS of members and of the others.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomersFigures {
    pub counts: store::CustomerCounts,
    pub days: u32,
    pub t0: NaiveDate,
    pub today: NaiveDate,
    /// The cohort's cells and its participants' (the churn chart's data).
    pub cohort: Vec<retention::Cell>,
    pub participants: Vec<retention::Cell>,
    pub retention: CohortRetention,
    pub members_nps: Tally,
    pub others_nps: Tally,
}

impl CustomersFigures {
    /// Nobody in the cohort: no retention to tell.
    pub fn no_cohort(&self) -> bool {
        self.retention.participants.n + self.retention.others.n == 0
    }

    /// Fewer than `SMALL_SAMPLE` in either group: the uplift is not told.
    pub fn too_few(&self) -> bool {
        self.retention.too_few(logic::SMALL_SAMPLE as i64)
    }
}

/// The figures of `/stats customers <days>` at `now`; `None` when the
/// registry is empty.
pub async fn customers_figures(
    db: &crate::db::Db,
    chat_id: i64,
    now: DateTime<Utc>,
    days: u32,
) -> anyhow::Result<Option<CustomersFigures>> {
    let counts = store::counts(db, chat_id, now).await?;
    if counts.known == 0 {
        return Ok(None);
    }
    let today = now.date_naive();
    let t0 = retention::cohort_day(today, days);
    let (cohort, participants) = store::cohort_cells(db, chat_id, t0, today).await?;
    let retention = CohortRetention::from_cells(&cohort, &participants);
    let window_start = now - Duration::days(i64::from(days));
    let (members_nps, others_nps) = store::nps_tallies(db, chat_id, t0, today, window_start).await?;
    Ok(Some(CustomersFigures {
        counts,
        days,
        t0,
        today,
        cohort,
        participants,
        retention,
        members_nps,
        others_nps,
    }))
}

/// Builds the report (also what the benchmark times).
pub async fn customers_report(
    db: &crate::db::Db,
    chat_id: i64,
    chat_title: &str,
    now: DateTime<Utc>,
    days: u32,
    lang: Lang,
) -> anyhow::Result<CustomersReport> {
    let Some(f) = customers_figures(db, chat_id, now, days).await? else {
        return Ok(CustomersReport { text: t!(lang, "stats-customers-empty"), chart: None });
    };
    let (counts, t0, today) = (f.counts, f.t0, f.today);
    let t0_text = t0.format("%Y-%m-%d").to_string();
    let mut blocks = vec![
        t!(lang, "stats-customers-title", chat = html::escape(chat_title), days = days),
        t!(
            lang,
            "stats-customers-counts",
            known = counts.known,
            linked = counts.linked,
            active = counts.active,
            active_days = store::ACTIVE_DAYS
        ),
    ];
    let chart = if f.no_cohort() {
        blocks.push(t!(lang, "stats-customers-no-cohort", day = t0_text, days = days));
        None
    } else {
        blocks.push(cohort_lines(&f.retention, &t0_text, days, lang).join("\n"));
        Some(churn_chart(&f.cohort, &f.participants, t0, today, days, lang))
    };
    blocks.push(nps_line(&f.members_nps, &f.others_nps, days, lang));
    Ok(CustomersReport { text: blocks.join("\n\n"), chart })
}

fn cohort_lines(r: &CohortRetention, t0: &str, days: u32, lang: Lang) -> Vec<String> {
    let mut lines = vec![
        t!(
            lang,
            "stats-customers-cohort",
            n = r.participants.n + r.others.n,
            day = t0.to_owned(),
            days = days
        ),
        t!(
            lang,
            "stats-customers-groups",
            rp = fmt_pct(r.participants.rate(), lang),
            pn = r.participants.n,
            ro = fmt_pct(r.others.rate(), lang),
            on = r.others.n,
            window = store::PARTICIPATION_DAYS
        ),
    ];
    let min = logic::SMALL_SAMPLE as i64;
    if r.too_few(min) {
        lines.push(t!(lang, "stats-customers-too-few", min = min));
    } else {
        lines.push(match r.crude() {
            Some(rr) => {
                let (uplift, low, high) = interval(&rr, lang);
                t!(lang, "stats-customers-uplift", uplift = uplift, low = low, high = high)
            }
            None => t!(lang, "stats-customers-uplift-none"),
        });
        if let Some(rr) = r.adjusted() {
            let (uplift, low, high) = interval(&rr, lang);
            lines.push(t!(lang, "stats-customers-adjusted", uplift = uplift, low = low, high = high));
        }
    }
    lines.push(t!(lang, "stats-customers-correlation"));
    lines
}

/// The uplift and its interval, written as signed percentages.
pub fn interval(rr: &RiskRatio, lang: Lang) -> (String, String, String) {
    let (uplift, low, high) = rr.uplift_pct();
    let s = |v: f64| fmt_signed_pct(v, lang);
    (s(uplift), s(low), s(high))
}

fn nps_group(tally: &Tally, lang: Lang) -> String {
    match (tally.nps(), tally.margin_points()) {
        (Some(nps), Some(margin)) => {
            t!(lang, "stats-customers-nps-group", nps = format::signed(nps), margin = margin, n = tally.n())
        }
        _ => t!(lang, "stats-customers-nps-group-none"),
    }
}

fn nps_line(members: &Tally, others: &Tally, days: u32, lang: Lang) -> String {
    if members.n() + others.n() == 0 {
        return t!(lang, "stats-customers-nps-none", days = days);
    }
    t!(
        lang,
        "stats-customers-nps",
        days = days,
        members = nps_group(members, lang),
        others = nps_group(others, lang)
    )
}

/// Monthly churn from T0's month to today's, participants beside the others.
fn churn_chart(
    cohort: &[retention::Cell],
    participants: &[retention::Cell],
    t0: NaiveDate,
    today: NaiveDate,
    days: u32,
    lang: Lang,
) -> (charts::Panel, String) {
    let months = retention::months(t0, today);
    let others = retention::others_cells(cohort, participants);
    let series = |name: String, cells: &[retention::Cell]| charts::Series {
        name,
        values: retention::monthly_churn(cells, &months).into_iter().map(|v| v.unwrap_or(0.0)).collect(),
        style: charts::Style::Line,
    };
    let title = t!(lang, "stats-customers-chart", days = days);
    let panel = charts::Panel {
        title: title.clone(),
        x_labels: months.iter().map(|m| m.label()).collect(),
        series: vec![
            series(t!(lang, "stats-customers-chart-participants"), participants),
            series(t!(lang, "stats-customers-chart-others"), &others),
        ],
        y_max: None,
    };
    (panel, title)
}

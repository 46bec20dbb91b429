//! The overview of one chat (`/dashboard/c/{chat}/`): the numbers of /stats
//! for the chosen period (`?days=7|30|90`) as cards, the day-by-day chart as
//! inline SVG. Every number comes from `stats::figures` (and
//! `stats::customers::customers_figures`), the functions /stats words: no
//! second implementation.

use std::sync::Arc;

use axum::{
    Router,
    extract::Query,
    response::{Html, IntoResponse},
    routing::get,
};
use maud::{Markup, PreEscaped, html};

use super::{
    page::{self, Tab},
    web::{Admin, PageResult},
};
use crate::{
    charts,
    features::{
        nudges,
        stats::{
            Report,
            customers::{CustomersFigures, interval},
            figures::{self, Newcomers, Nps, Nudges, Overview, Questions},
            logic::{self, Retention},
            report, store,
        },
    },
    i18n::Lang,
    kernel::{
        Ctx,
        format::{self, fmt_num, fmt_pct, fmt_signed_pct},
    },
    t,
};

pub fn routes() -> Router<Arc<Ctx>> {
    Router::new().route("/dashboard/c/{chat}/", get(overview)).route("/dashboard/c/{chat}", get(overview))
}

/// `?days=`: anything but 7, 30 or 90 reads as 30 (`page::period`).
#[derive(Debug, Default, serde::Deserialize)]
pub struct PeriodQuery {
    pub days: Option<String>,
}

impl PeriodQuery {
    pub fn days(&self) -> i64 {
        page::period(self.days.as_deref().and_then(|d| d.trim().parse().ok()))
    }
}

async fn overview(admin: Admin, Query(q): Query<PeriodQuery>) -> PageResult {
    let days = q.days();
    let now = admin.ctx.clock.now();
    let report = Report::new(admin.ctx.db.clone(), admin.chat_id, now, days, admin.lang);
    let f = figures::overview(&report).await?;
    let body = html! {
        h2 { (t!(admin.lang, "dash-overview-title")) " · " (t!(admin.lang, "dash-overview-period", days = days)) }
        (page::period_links(&admin, "", days))
        (body(&f, admin.lang, &admin.url("polls")))
    };
    Ok(Html(page::layout(&admin, Tab::Overview, body).into_string()).into_response())
}

/// The page's body for `f` (pure: the handler reads, this draws).
pub fn body(f: &Overview, lang: Lang, polls_url: &str) -> Markup {
    if f.is_empty() {
        return html! { (activity_cards(f, lang)) p.empty { (t!(lang, "dash-overview-empty")) } };
    }
    html! {
        (activity_cards(f, lang))
        (charts_block(&f.daily, lang))
        (segments_table(&f.activity, lang))
        (funnel_table(&f.newcomers, lang))
        div.cards {
            (referrals_card(&f.newcomers, lang))
            (questions_card(&f.questions, lang))
            (retention_cards(&f.retention, lang))
            @if let Some(c) = &f.customers { (customers_card(c, lang)) }
            (nps_card(&f.nps, lang, polls_url))
            (nudges_card(&f.nudges, lang))
            (ideas_card(&f.ideas, lang))
        }
    }
}

/// A card: its id (for tests and links), title, big number, lines under it.
fn card(id: &str, title: &str, big: &str, subs: &[String]) -> Markup {
    html! {
        div.card id=(id) {
            h3 { (title) }
            div.big { (big) }
            @for sub in subs { div.sub { (sub) } }
        }
    }
}

/// A card with nothing to show yet.
fn empty_card(id: &str, title: &str, text: &str) -> Markup {
    html! { div.card id=(id) { h3 { (title) } p.empty { (text) } } }
}

fn activity_cards(f: &Overview, lang: Lang) -> Markup {
    let (m, a) = (&f.members, &f.activity);
    let e = a.engagement;
    html! {
        div.cards {
            (card("members", &t!(lang, "dash-overview-members"), &m.now.to_string(), &[t!(
                lang, "dash-overview-members-sub",
                joined = m.joined, left = m.left, net = format::signed(m.net())
            )]))
            (card("dau", &t!(lang, "dash-overview-dau"), &e.dau.to_string(), &[t!(lang, "dash-overview-dau-sub")]))
            (card("wau", &t!(lang, "dash-overview-wau"), &e.wau.to_string(), &[t!(lang, "dash-overview-wau-sub")]))
            (card("mau", &t!(lang, "dash-overview-mau"), &e.mau.to_string(), &[t!(lang, "dash-overview-mau-sub")]))
            (card("stickiness", &t!(lang, "dash-overview-stickiness"), &fmt_pct(e.stickiness(), lang),
                &[t!(lang, "dash-overview-stickiness-sub")]))
            (card("messages", &t!(lang, "dash-overview-messages"), &fmt_num(a.per_day(), 1, lang),
                &[t!(lang, "dash-overview-messages-sub", total = a.messages, days = a.days)]))
        }
    }
}

/// The /stats chart's panels, each an inline SVG.
fn charts_block(daily: &[store::Day], lang: Lang) -> Markup {
    let drawn = daily.iter().any(|d| d.dau > 0 || d.messages > 0 || d.members > 0);
    html! {
        h3 { (t!(lang, "dash-overview-charts")) }
        @if !drawn {
            p.empty { (t!(lang, "dash-overview-chart-empty")) }
        } @else {
            @for panel in report::overview_panels(daily, lang) { (svg(&panel)) }
        }
    }
}

/// A panel as inline SVG (plotters escaped its text; charts hold no
/// member-written text); nothing when it cannot be drawn.
pub fn svg(panel: &charts::Panel) -> Markup {
    match charts::svg_chart(panel) {
        Ok(svg) => html! { div.chart { (PreEscaped(svg)) } },
        Err(err) => {
            tracing::warn!(%err, "a dashboard chart could not be drawn");
            html! {}
        }
    }
}

fn segments_table(a: &figures::Activity, lang: Lang) -> Markup {
    let (s, r) = (a.segments, a.rules);
    let total = s.total();
    let rows = [
        ("active", t!(lang, "dash-overview-seg-active", days = r.active_days), s.active),
        ("at-risk", t!(lang, "dash-overview-seg-at-risk", days = r.active_days), s.at_risk),
        ("silent", t!(lang, "dash-overview-seg-silent", days = r.silent_days), s.silent),
        ("gone", t!(lang, "dash-overview-seg-gone", days = r.goodbye_days), s.gone),
        ("archived", t!(lang, "dash-overview-seg-archived"), s.archived),
    ];
    html! {
        section id="segments" {
            h3 { (t!(lang, "dash-overview-segments")) }
            p.muted { (t!(lang, "dash-overview-segments-help")) }
            table.data {
                thead { tr {
                    th { (t!(lang, "dash-overview-col-segment")) }
                    th.num { (t!(lang, "dash-overview-col-members")) }
                    th.num { (t!(lang, "dash-overview-col-share")) }
                } }
                tbody {
                    @for (id, name, n) in rows {
                        tr data-segment=(id) {
                            td { (name) }
                            td.num { (n) }
                            td.num { (fmt_pct(logic::pct(n, total), lang)) }
                        }
                    }
                }
            }
        }
    }
}

fn funnel_table(n: &Newcomers, lang: Lang) -> Markup {
    let title = t!(lang, "dash-overview-funnel");
    if n.joined == 0 {
        return html! { section id="funnel" { h3 { (title) } p.muted { (t!(lang, "dash-overview-funnel-none")) } } };
    }
    let names = [
        "dash-overview-step-joined",
        "dash-overview-step-rules",
        "dash-overview-step-dm",
        "dash-overview-step-intro",
        "dash-overview-step-posted",
        "dash-overview-step-checkin",
    ];
    html! {
        section id="funnel" {
            h3 { (title) }
            p.muted { (t!(lang, "dash-overview-funnel-help", joined = n.joined)) }
            table.data {
                thead { tr {
                    th { (t!(lang, "dash-overview-col-step")) }
                    th.num { (t!(lang, "dash-overview-col-members")) }
                    th.num { (t!(lang, "dash-overview-col-share")) }
                } }
                tbody {
                    @for (key, step) in names.iter().zip(n.steps()) {
                        tr {
                            td { (crate::i18n::text(lang, key, None)) }
                            td.num { (step) }
                            td.num { (fmt_pct(n.share(step), lang)) }
                        }
                    }
                }
            }
        }
    }
}

fn referrals_card(n: &Newcomers, lang: Lang) -> Markup {
    let title = t!(lang, "dash-overview-referrals");
    if n.invited == 0 {
        return empty_card("referrals", &title, &t!(lang, "dash-overview-referrals-none"));
    }
    let sub = t!(lang, "dash-overview-referrals-sub", qualified = n.qualified, invited = n.invited);
    card("referrals", &title, &fmt_pct(n.qualified_pct(), lang), &[sub])
}

fn questions_card(q: &Questions, lang: Lang) -> Markup {
    let title = t!(lang, "dash-overview-questions");
    let a = &q.answered;
    let mut subs = Vec::new();
    if q.by_faq > 0 {
        subs.push(t!(lang, "dash-overview-questions-faq", count = q.by_faq));
    }
    if q.help_topic {
        subs.push(t!(lang, "dash-overview-questions-help-topic"));
    }
    if a.asked == 0 {
        subs.insert(0, t!(lang, "dash-overview-questions-none"));
        return card("questions", &title, "—", &subs);
    }
    let first = match a.median_secs {
        Some(secs) => {
            let (h, m) = logic::hours_minutes(secs);
            t!(lang, "dash-overview-questions-sub", answered = a.answered, asked = a.asked, h = h, m = m)
        }
        None => t!(lang, "dash-overview-questions-unanswered", asked = a.asked),
    };
    subs.insert(0, first);
    card("questions", &title, &fmt_pct(a.pct(), lang), &subs)
}

fn retention_cards(r: &Retention, lang: Lang) -> Markup {
    if r.cohort == 0 {
        let title = t!(lang, "dash-overview-retention");
        return empty_card("retention", &title, &t!(lang, "dash-overview-retention-none"));
    }
    let sub =
        t!(lang, "dash-overview-retention-sub", cohort = r.cohort, posting = fmt_pct(r.posting_pct(), lang));
    let groups = t!(
        lang,
        "dash-overview-uplift-sub",
        p = fmt_pct(r.participants_pct(), lang),
        pn = r.participants,
        o = fmt_pct(r.others_pct(), lang),
        on = r.others
    );
    let uplift = match r.uplift() {
        Some(u) => card("uplift", &t!(lang, "dash-overview-uplift"), &fmt_signed_pct(u, lang), &[groups]),
        None => card(
            "uplift",
            &t!(lang, "dash-overview-uplift"),
            "—",
            &[t!(lang, "dash-overview-uplift-none"), groups],
        ),
    };
    html! {
        (card("retention", &t!(lang, "dash-overview-retention"), &fmt_pct(r.stayed_pct(), lang), &[sub]))
        (uplift)
    }
}

fn nps_group(tally: &crate::features::nps::logic::Tally, lang: Lang) -> String {
    match (tally.nps(), tally.margin_points()) {
        (Some(nps), Some(margin)) => t!(
            lang,
            "dash-overview-customers-nps-group",
            nps = format::signed(nps),
            margin = margin,
            n = tally.n()
        ),
        _ => "—".to_owned(),
    }
}

fn customers_card(c: &CustomersFigures, lang: Lang) -> Markup {
    let title = t!(lang, "dash-overview-customers", days = c.days);
    let mut subs = Vec::new();
    let mut big = "—".to_owned();
    let r = &c.retention;
    if c.no_cohort() {
        subs.push(t!(lang, "dash-overview-customers-no-cohort", day = c.t0.format("%Y-%m-%d").to_string()));
    } else {
        subs.push(t!(
            lang,
            "dash-overview-customers-sub",
            rp = fmt_pct(r.participants.rate(), lang),
            pn = r.participants.n,
            ro = fmt_pct(r.others.rate(), lang),
            on = r.others.n
        ));
        if c.too_few() {
            subs.push(t!(lang, "dash-overview-customers-too-few", min = logic::SMALL_SAMPLE));
        } else {
            match r.crude() {
                Some(rr) => {
                    let (uplift, low, high) = interval(&rr, lang);
                    big = uplift.clone();
                    subs.push(t!(
                        lang,
                        "dash-overview-customers-uplift",
                        uplift = uplift,
                        low = low,
                        high = high
                    ));
                }
                None => subs.push(t!(lang, "dash-overview-customers-uplift-none")),
            }
            if let Some(rr) = r.adjusted() {
                let (uplift, low, high) = interval(&rr, lang);
                subs.push(t!(
                    lang,
                    "dash-overview-customers-adjusted",
                    uplift = uplift,
                    low = low,
                    high = high
                ));
            }
        }
    }
    if c.members_nps.n() + c.others_nps.n() > 0 {
        subs.push(t!(
            lang,
            "dash-overview-customers-nps",
            members = nps_group(&c.members_nps, lang),
            others = nps_group(&c.others_nps, lang)
        ));
    }
    card("customers", &title, &big, &subs)
}

fn nps_card(n: &Nps, lang: Lang, polls_url: &str) -> Markup {
    let title = t!(lang, "dash-overview-nps");
    let link = html! { div.sub { a href=(polls_url) { (t!(lang, "dash-overview-nps-all")) } } };
    let Some(last) = &n.last else {
        return html! { div.card id="nps" { h3 { (title) } p.empty { (t!(lang, "dash-overview-nps-none")) } } };
    };
    let date = last.opened_at.format("%Y-%m-%d").to_string();
    let (Some(score), Some(margin)) = (last.nps(), last.margin()) else {
        let text = t!(lang, "dash-overview-nps-no-responses", number = last.number, date = date);
        return html! { div.card id="nps" { h3 { (title) } p.empty { (text) } (link) } };
    };
    let mut subs = vec![t!(
        lang,
        "dash-overview-nps-sub",
        number = last.number,
        date = date,
        margin = margin,
        count = last.responses()
    )];
    if let (Some(change), Some((number, _))) = (n.change(), n.previous) {
        subs.push(t!(lang, "dash-overview-nps-change", change = format::signed(change), number = number));
    }
    if !last.tally.readable() {
        subs.push(t!(lang, "dash-overview-nps-small", min = crate::features::nps::logic::MIN_READABLE));
    }
    html! {
        div.card id="nps" {
            h3 { (title) }
            div.big { (format::signed(score)) }
            @for sub in &subs { div.sub { (sub) } }
            (link)
        }
    }
}

fn nudges_card(n: &Nudges, lang: Lang) -> Markup {
    let title = t!(lang, "dash-overview-nudges");
    if n.none() {
        return empty_card("nudges", &title, &t!(lang, "dash-overview-nudges-none"));
    }
    let (nudged, holdout) = (n.reactivation.nudged, n.reactivation.holdout);
    let mut subs = vec![t!(
        lang,
        "dash-overview-nudges-sub",
        came_back = nudged.reactivated,
        nudged = nudged.nudged,
        days = nudges::logic::REACTIVATION_WINDOW_DAYS,
        pct = fmt_pct(nudged.pct, lang)
    )];
    subs.push(if holdout.nudged == 0 {
        t!(lang, "dash-overview-nudges-no-holdout")
    } else {
        t!(
            lang,
            "dash-overview-nudges-holdout",
            came_back = holdout.reactivated,
            holdout = holdout.nudged,
            pct = fmt_pct(holdout.pct, lang)
        )
    });
    let big = match n.diff {
        Some(diff) => {
            subs.insert(0, t!(lang, "dash-overview-nudges-diff"));
            format::with_sign(diff < 0.0, &fmt_num(diff.abs(), 0, lang))
        }
        None => fmt_pct(nudged.pct, lang),
    };
    if n.small {
        subs.push(t!(lang, "dash-overview-nudges-small", min = logic::SMALL_SAMPLE));
    }
    card("nudges", &title, &big, &subs)
}

fn ideas_card(st: &crate::features::ideas::store::IdeaStats, lang: Lang) -> Markup {
    let title = t!(lang, "dash-overview-ideas");
    if st.submitted == 0 && st.median_to_done.is_none() {
        return empty_card("ideas", &title, &t!(lang, "dash-overview-ideas-none"));
    }
    let to_done = match st.median_to_done {
        Some(d) => {
            let (d, h) = figures::days_hours(d);
            t!(lang, "dash-overview-ideas-median", d = d, h = h)
        }
        None => t!(lang, "dash-overview-ideas-none-done"),
    };
    let sub = t!(
        lang,
        "dash-overview-ideas-sub",
        submitted = st.submitted,
        taken_up = st.taken_up,
        to_done = to_done
    );
    card("ideas", &title, &st.submitted.to_string(), &[sub])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{
        nudges::{
            logic::{ReactivationRate, SegmentRules},
            store::Reactivation,
        },
        stats::logic::{Engagement, Segments},
    };

    fn quiet() -> Overview {
        let rate = ReactivationRate { nudged: 0, reactivated: 0, pct: None };
        Overview {
            members: figures::Members { now: 1, joined: 0, left: 0 },
            activity: figures::Activity {
                engagement: Engagement::default(),
                messages: 0,
                days: 30,
                rules: SegmentRules::default(),
                segments: Segments { active: 1, ..Segments::default() },
            },
            newcomers: Newcomers::default(),
            questions: Questions::default(),
            retention: Retention::default(),
            customers: None,
            nps: Nps::default(),
            nudges: Nudges {
                reactivation: Reactivation { nudged: rate, holdout: rate },
                diff: None,
                small: true,
            },
            ideas: Default::default(),
            daily: vec![],
        }
    }

    #[test]
    fn the_period_comes_from_days() {
        let q = |d: &str| PeriodQuery { days: Some(d.into()) }.days();
        assert_eq!((q("7"), q(" 90 "), q("30")), (7, 90, 30));
        assert_eq!((q("14"), q("abc"), q("-7"), PeriodQuery::default().days()), (30, 30, 30, 30));
    }

    #[test]
    fn a_new_chat_renders_its_empty_state() {
        let f = quiet();
        for lang in Lang::ALL {
            let out = body(&f, lang, "/dashboard/c/-1/polls").into_string();
            assert!(out.contains("class=\"empty\""), "{out}");
            assert!(out.contains("id=\"members\"") && !out.contains("<svg"), "{out}");
        }
    }

    #[test]
    fn a_chat_with_posts_gets_cards_and_charts() {
        let mut f = quiet();
        f.activity.engagement = Engagement { dau: 1, wau: 1, mau: 2 };
        f.activity.messages = 3;
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default();
        f.daily = vec![store::Day { day, members: 2, dau: 1, messages: 3 }];
        let out = body(&f, Lang::En, "/dashboard/c/-1/polls").into_string();
        assert_eq!(out.matches("<svg").count(), 3, "{out}");
        assert!(out.contains("<div class=\"big\">50 %</div>"), "stickiness: {out}");
        assert!(out.contains("No NPS poll yet") && out.contains("Nobody was nudged"));
        assert!(out.contains("href=\"/dashboard/c/-1/polls\"") || !out.contains("All polls"));
    }

    #[test]
    fn russian_counts_agree() {
        let msgs = |n: i64| t!(Lang::Ru, "dash-overview-messages-sub", total = n, days = 30);
        assert_eq!(msgs(1), "1 сообщение за 30 дней");
        assert_eq!(msgs(3), "3 сообщения за 30 дней");
        assert_eq!(msgs(25), "25 сообщений за 30 дней");
        assert_eq!(t!(Lang::Ru, "dash-overview-period", days = 7), "Последние 7 дней");
        let faq = |n: i64| t!(Lang::Ru, "dash-overview-questions-faq", count = n);
        assert!(
            faq(21).starts_with("21 вопрос ")
                && faq(2).starts_with("2 вопроса ")
                && faq(5).starts_with("5 вопросов ")
        );
        let resp = t!(Lang::Ru, "dash-polls-responses", count = 2, members = 21, rate = 10);
        assert_eq!(resp, "2 ответа от 21 участника (10 %)");
        assert_eq!(
            t!(Lang::En, "dash-polls-responses", count = 1, members = 5, rate = 20),
            "1 response of 5 members (20 %)"
        );
    }
}

//! NPS polls and surveys of one chat (`/dashboard/c/{chat}/polls`): every
//! poll with its score and margin (as /npshistory), the trend chart (the
//! /npshistory chart as inline SVG), one poll's results (`?poll=N`, the
//! latest by default: what /npsresults computes) with the detractors'
//! reasons — their text only, never who wrote them — and the surveys.

use std::sync::Arc;

use axum::{
    Router,
    extract::Query,
    response::{Html, IntoResponse},
    routing::get,
};
use chrono::{DateTime, Utc};
use maud::{Markup, html};
use teloxide::types::ChatId;

use super::{
    overview::svg,
    page::{self, Tab},
    web::{Admin, PageResult},
};
use crate::{
    features::nps::{
        logic::{self, ACTIVE_DAYS, Distribution, MIN_READABLE, PollSummary, SURVEY_QUESTIONS},
        results::{self, PollResults},
        store::{self, Poll, Survey},
    },
    i18n::Lang,
    kernel::{
        Ctx,
        format::{self, fmt_num},
    },
    t,
    telegram::html::truncate,
};

/// Reasons shown on the page (the rest: /export nps), each cut at
/// `REASON_CHARS` as /npsresults cuts them.
pub const REASONS_SHOWN: usize = 100;
pub const REASON_CHARS: usize = 300;
/// Surveys shown, newest first.
pub const SURVEYS_SHOWN: i64 = 10;

pub fn routes() -> Router<Arc<Ctx>> {
    Router::new().route("/dashboard/c/{chat}/polls", get(polls))
}

#[derive(Debug, Default, serde::Deserialize)]
pub struct PollQuery {
    pub poll: Option<String>,
}

/// One poll's results as the page shows them.
pub struct Details {
    pub poll: Poll,
    pub results: PollResults,
    pub reasons: Vec<String>,
}

/// One survey: its row, the answers' distribution per question, respondents.
pub struct SurveyFigures {
    pub survey: Survey,
    pub questions: [Distribution; 4],
    pub respondents: i64,
}

/// What the page shows.
pub struct Figures {
    pub polls: Vec<PollSummary>,
    pub details: Option<Details>,
    /// `?poll=N` named a poll the chat does not have.
    pub unknown: Option<i64>,
    pub surveys: Vec<SurveyFigures>,
}

pub async fn figures(
    ctx: &Ctx,
    chat_id: i64,
    wanted: Option<i64>,
    now: DateTime<Utc>,
) -> anyhow::Result<Figures> {
    let polls = store::history(&ctx.db, chat_id).await?;
    let poll = match wanted {
        Some(number) => store::poll_by_number(&ctx.db, ChatId(chat_id), number).await?,
        None => store::latest_poll(&ctx.db, chat_id).await?,
    };
    let unknown = wanted.filter(|_| poll.is_none());
    let details = match poll {
        Some(poll) => {
            let results = results::poll_results(&ctx.db, &poll, now).await?;
            let reasons = store::detractor_reasons(&ctx.db, poll.poll_id).await?;
            Some(Details { poll, results, reasons })
        }
        None => None,
    };
    let mut surveys = Vec::new();
    for survey in store::surveys(&ctx.db, chat_id, SURVEYS_SHOWN).await? {
        let (questions, respondents) = store::survey_results(&ctx.db, survey.survey_id).await?;
        surveys.push(SurveyFigures { survey, questions, respondents });
    }
    Ok(Figures { polls, details, unknown, surveys })
}

/// `?poll=` as a poll number (`#3` or `3`); anything else is no choice.
pub fn wanted_poll(raw: Option<&str>) -> Option<i64> {
    let raw = raw?.trim();
    logic::parse_id(raw.strip_prefix('#').unwrap_or(raw))
}

async fn polls(admin: Admin, Query(q): Query<PollQuery>) -> PageResult {
    let wanted = wanted_poll(q.poll.as_deref());
    let now = admin.ctx.clock.now();
    let f = figures(&admin.ctx, admin.chat_id, wanted, now).await?;
    let body = body(&f, admin.lang, &admin.url("polls"));
    Ok(Html(page::layout(&admin, Tab::Polls, body).into_string()).into_response())
}

/// The page's body (pure); `self_url` is this page's address.
pub fn body(f: &Figures, lang: Lang, self_url: &str) -> Markup {
    html! {
        h2 { (t!(lang, "dash-polls-title")) }
        @if let Some(number) = f.unknown {
            (page::notice_error(&t!(lang, "dash-polls-unknown", number = number)))
        }
        @if f.polls.is_empty() && f.surveys.is_empty() {
            p.empty { (t!(lang, "dash-polls-empty")) }
        } @else {
            @if !f.polls.is_empty() {
                h3 { (t!(lang, "dash-polls-trend")) }
                @match results::history_panel(lang, &f.polls) {
                    Some(panel) => { (svg(&panel)) }
                    None => { p.muted { (t!(lang, "dash-polls-trend-none")) } }
                }
                @if let Some(d) = &f.details { (details(d, lang)) }
                (poll_table(&f.polls, lang, self_url, f.details.as_ref().map(|d| d.poll.number)))
            }
            h3 { (t!(lang, "dash-polls-surveys")) }
            @if f.surveys.is_empty() {
                p.empty { (t!(lang, "dash-polls-surveys-none")) }
            }
            @for s in &f.surveys { (survey(s, lang)) }
        }
    }
}

fn status(closed: bool, lang: Lang) -> String {
    if closed { t!(lang, "dash-polls-closed") } else { t!(lang, "dash-polls-open") }
}

fn poll_table(polls: &[PollSummary], lang: Lang, self_url: &str, shown: Option<i64>) -> Markup {
    html! {
        h3 { (t!(lang, "dash-polls-list")) }
        table.data id="polls" {
            thead { tr {
                th { (t!(lang, "dash-polls-col-poll")) }
                th { (t!(lang, "dash-polls-col-opened")) }
                th { (t!(lang, "dash-polls-col-status")) }
                th.num { (t!(lang, "dash-polls-col-responses")) }
                th.num { (t!(lang, "dash-polls-col-nps")) }
                th.num { (t!(lang, "dash-polls-col-margin")) }
                th {}
            } }
            tbody {
                @for p in polls.iter().rev() {
                    tr data-poll=(p.number) {
                        td { "#" (p.number) }
                        td { (p.opened_at.format("%Y-%m-%d")) }
                        td { (status(p.closed_at.is_some(), lang)) }
                        td.num { (p.responses()) }
                        td.num { (p.nps().map(format::signed).unwrap_or_else(|| "—".to_owned())) }
                        td.num { (p.margin().map(|m| format!("±{m}")).unwrap_or_else(|| "—".to_owned())) }
                        td {
                            @if shown == Some(p.number) { span.pill { "✓" } }
                            @else { a href={ (self_url) "?poll=" (p.number) } { (t!(lang, "dash-polls-show")) } }
                        }
                    }
                }
            }
        }
    }
}

fn details(d: &Details, lang: Lang) -> Markup {
    let (r, tally) = (&d.results, d.results.tally);
    let n = tally.n();
    let (pp, pa, pd) = tally.percentages();
    let count = |id: &str, key: &str, count: u32, pct: u32| {
        html! {
            div.card id=(id) {
                h3 { (crate::i18n::text(lang, key, None)) }
                div.big { (count) }
                div.sub { (t!(lang, "dash-polls-share", pct = pct)) }
            }
        }
    };
    html! {
        section id="poll-details" {
            h3 { (t!(lang, "dash-polls-details", number = d.poll.number)) " · " (status(!d.poll.is_open(), lang)) }
            p { (d.poll.question) }
            p.muted { (t!(lang, "dash-polls-responses", count = n, members = r.known, rate = r.rate)) }
            @if n == 0 {
                p.empty { (t!(lang, "dash-polls-no-responses")) }
            } @else {
                div.cards {
                    div.card id="poll-score" {
                        h3 { (t!(lang, "dash-polls-score")) }
                        div.big { (results::nps_or_dash(&tally)) }
                        div.sub { (t!(lang, "dash-polls-score-sub", margin = tally.margin_points().unwrap_or_default())) }
                        @if let (Some(delta), Some((number, before))) = (r.change(), r.previous) {
                            div.sub { (t!(lang, "dash-polls-change", delta = format::signed(delta), number = number, before = format::signed(before))) }
                        }
                    }
                    (count("promoters", "dash-polls-promoters", tally.promoters, pp))
                    (count("passives", "dash-polls-passives", tally.passives, pa))
                    (count("detractors", "dash-polls-detractors", tally.detractors, pd))
                }
                @if !tally.readable() { p.muted { (t!(lang, "dash-polls-small", min = MIN_READABLE)) } }
                p.muted { (t!(
                    lang, "dash-polls-segments",
                    days = ACTIVE_DAYS,
                    active = results::nps_or_dash(&r.active), active_n = r.active.n(),
                    silent = results::nps_or_dash(&r.silent), silent_n = r.silent.n()
                )) }
            }
            (reasons(&d.reasons, lang))
        }
    }
}

/// The detractors' reasons: text only (no name, no id), escaped by maud.
fn reasons(all: &[String], lang: Lang) -> Markup {
    let more = all.len().saturating_sub(REASONS_SHOWN);
    html! {
        h3 { (t!(lang, "dash-polls-reasons")) }
        @if all.is_empty() {
            p.muted { (t!(lang, "dash-polls-reasons-none")) }
        } @else {
            ul id="reasons" {
                @for reason in all.iter().take(REASONS_SHOWN) { li { (truncate(reason, REASON_CHARS)) } }
            }
            @if more > 0 { p.muted { (t!(lang, "dash-polls-reasons-more", count = more)) } }
        }
    }
}

fn survey(s: &SurveyFigures, lang: Lang) -> Markup {
    let date = s.survey.opened_at.get(..10).unwrap_or(&s.survey.opened_at).to_owned();
    let status = status(s.survey.closed_at.is_some(), lang);
    html! {
        div.card data-survey=(s.survey.survey_id) {
            h3 { (t!(lang, "dash-polls-survey", date = date, status = status, count = s.respondents)) }
            table.data {
                thead { tr {
                    th { (t!(lang, "dash-polls-col-question")) }
                    th.num { (t!(lang, "dash-polls-col-mean")) }
                    th.num { (t!(lang, "dash-polls-col-answers")) }
                    th.num { (t!(lang, "dash-polls-col-spread")) }
                } }
                tbody {
                    @for (i, (key, d)) in SURVEY_QUESTIONS.iter().zip(s.questions.iter()).enumerate() {
                        tr data-question=(i) {
                            td { (crate::i18n::text(lang, key, None)) }
                            td.num { (d.mean().map(|m| fmt_num(m, 1, lang)).unwrap_or_else(|| "—".to_owned())) }
                            td.num { (d.n()) }
                            td.num { (d.0.iter().map(u32::to_string).collect::<Vec<_>>().join(" · ")) }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::nps::logic::Tally;

    #[test]
    fn poll_numbers_from_the_query() {
        assert_eq!(wanted_poll(Some("3")), Some(3));
        assert_eq!(wanted_poll(Some(" #12 ")), Some(12));
        assert_eq!(wanted_poll(Some("abc")), None);
        assert_eq!(wanted_poll(Some("")), None);
        assert_eq!(wanted_poll(None), None);
    }

    fn poll(number: i64, question: &str) -> Poll {
        Poll {
            poll_id: number,
            chat_id: -1,
            number,
            question: question.into(),
            message_id: None,
            opened_at: "2026-11-02T10:00:00Z".into(),
            closed_at: None,
            opened_by_message_id: None,
            closed_by_message_id: None,
        }
    }

    #[test]
    fn nothing_yet_is_an_empty_state() {
        let f = Figures { polls: vec![], details: None, unknown: None, surveys: vec![] };
        let out = body(&f, Lang::Ru, "/dashboard/c/-1/polls").into_string();
        assert!(out.contains("class=\"empty\""), "{out}");
        assert!(!out.contains("<svg"));
    }

    #[test]
    fn reasons_and_questions_are_escaped_and_capped() {
        let tally = Tally { promoters: 1, passives: 0, detractors: 2 };
        let summary = PollSummary { poll_id: 1, number: 1, opened_at: Utc::now(), closed_at: None, tally };
        let mut reasons = vec!["<script>alert(1)</script>".to_owned()];
        reasons.extend((0..REASONS_SHOWN + 4).map(|i| format!("reason {i}")));
        let results = PollResults {
            tally,
            known: 10,
            rate: 30,
            previous: None,
            active: tally,
            silent: Tally::default(),
        };
        let f = Figures {
            polls: vec![summary],
            details: Some(Details { poll: poll(1, "Would you <b>recommend</b> us?"), results, reasons }),
            unknown: Some(7),
            surveys: vec![],
        };
        let out = body(&f, Lang::En, "/dashboard/c/-1/polls").into_string();
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{out}");
        assert!(!out.contains("<script>"));
        assert!(out.contains("Would you &lt;b&gt;recommend&lt;/b&gt; us?"));
        assert_eq!(out.matches("<li>").count(), REASONS_SHOWN);
        assert!(out.contains("…and 5 more"), "{out}");
        assert!(out.contains("There is no poll #7"));
        // One poll with responses: no trend yet, said so.
        assert!(out.contains("two polls with responses"));
    }
}

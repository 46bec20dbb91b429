//! End-to-end tests: the real bot (teloxide's `Bot` over HTTP) against the
//! fake Telegram Bot API (`hearth::sim`) on 127.0.0.1, one module per
//! feature, sharing `support`. Each test starts its own fake on port 0 and
//! its own temporary database, so they run in parallel and in any order.

mod support;

mod access;
mod best;
mod calendar;
mod crash;
mod customer_stats;
mod customers;
mod dashboard;
mod dashboard_browser;
mod dashboard_members;
mod dashboard_overview;
mod dashboard_steer;
mod demo;
mod entry;
mod foundation;
mod hardening;
mod hardening_rules;
mod ideas;
mod member_moderation;
mod moderation;
mod notes;
mod nps;
mod nudges;
mod onboarding;
mod operations;
mod premod;
mod process;
mod raid_mode;
mod raids;
mod referrals;
mod stats;
mod topics;
mod trust;

//! hearth: a Telegram community bot. See ARCHITECTURE.md for the map.

pub mod app;
pub mod bench;
pub mod charts;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod duration;
pub mod features;
pub mod i18n;
pub mod ingest;
pub mod kernel;
mod layering;
pub mod metrics;
pub mod named;
pub mod phrase;
pub mod scheduler;
pub mod settings;
pub mod sim;
pub mod telegram;
pub mod tree;
pub mod web;

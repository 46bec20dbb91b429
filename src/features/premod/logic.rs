//! Premoderation's pure decisions: the command's argument, which posts are
//! held, the place a message belongs to, and fitting a repost with its
//! credit line into Telegram's limits.

use crate::{features::trust::Level, named::named_enum, telegram::html};

/// `/premod`, `/premod on`, `/premod off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Switch {
    Show,
    On,
    Off,
}

impl Switch {
    /// `None` for anything else (the usage is shown).
    pub fn parse(args: &str) -> Option<Switch> {
        match args.trim().to_lowercase().as_str() {
            "" => Some(Switch::Show),
            "on" | "вкл" => Some(Switch::On),
            "off" | "выкл" => Some(Switch::Off),
            _ => None,
        }
    }
}

/// The whole chat, as a place: General in a forum, or a chat without topics.
pub const WHOLE_CHAT: i64 = 0;

/// The place of a message: its forum topic, else the whole chat.
pub fn place_of(topic: Option<i32>) -> i64 {
    topic.map(i64::from).filter(|t| *t > 0).unwrap_or(WHOLE_CHAT)
}

/// Whether a message in `place` is premoderated where `places` are on.
pub fn covers(places: &[i64], place: i64) -> bool {
    places.iter().any(|p| *p == WHOLE_CHAT || *p == place)
}

/// Whether a member at `level` is held for review under `premod_level`
/// (members below it are; `0` holds nobody).
pub fn held(level: Level, premod_level: i64) -> bool {
    i64::from(level.number()) < premod_level
}

/// What a held post carries besides its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Photo,
    Document,
    Video,
    Animation,
}

named_enum!(Media, "premoderated media", {
    Photo => "photo",
    Document => "document",
    Video => "video",
    Animation => "animation",
});

/// Where a held post stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Pending,
    Approved,
    Rejected,
}

named_enum!(Status, "premoderation status", {
    Pending => "pending",
    Approved => "approved",
    Rejected => "rejected",
});

/// The preset reasons of a rejection (buttons on the card).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RejectReason {
    OffTopic,
    Spam,
    Rules,
    Other,
}

named_enum!(RejectReason, "rejection reason", {
    OffTopic => "off_topic",
    Spam => "spam",
    Rules => "rules",
    Other => "other",
});

/// A repost: the post's HTML, then a blank line and the credit line, within
/// `max` visible UTF-16 units (4096 for a text, 1024 for a caption). The
/// post is cut cleanly (no tag or entity split, an ellipsis) so that the
/// credit always fits.
pub fn with_credit(body: &str, credit: &str, max: usize) -> String {
    let body = body.trim();
    if body.is_empty() {
        return html::truncate_html(credit, max);
    }
    let room = max.saturating_sub(html::visible_len(credit) + 2);
    format!("{}\n\n{credit}", html::truncate_html(body, room))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switch_words() {
        assert_eq!(Switch::parse(""), Some(Switch::Show));
        assert_eq!(Switch::parse(" ON "), Some(Switch::On));
        assert_eq!(Switch::parse("off"), Some(Switch::Off));
        assert_eq!(Switch::parse("выкл"), Some(Switch::Off));
        for bad in ["maybe", "on off", "1"] {
            assert_eq!(Switch::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn places_and_levels() {
        assert_eq!(place_of(None), WHOLE_CHAT);
        assert_eq!(place_of(Some(42)), 42);
        assert!(covers(&[42], 42) && !covers(&[42], 7) && !covers(&[42], WHOLE_CHAT));
        assert!(covers(&[WHOLE_CHAT], 7), "the whole chat covers every topic");
        assert!(!covers(&[], WHOLE_CHAT));
        assert!(held(Level::Newcomer, 1) && !held(Level::Member, 1));
        assert!(held(Level::Regular, 3) && !held(Level::Leader, 3));
        assert!(!held(Level::Newcomer, 0), "level 0 holds nobody");
    }

    #[test]
    fn names_round_trip() {
        for r in RejectReason::ALL {
            assert_eq!(r.as_str().parse::<RejectReason>().ok(), Some(*r));
        }
        assert!("pending".parse::<Status>().is_ok() && "nope".parse::<Status>().is_err());
    }

    #[test]
    fn credit_fits_and_the_post_is_cut_cleanly() {
        let credit = "— <a href=\"tg://user?id=1\">Alice</a>";
        assert_eq!(with_credit("<b>hi</b>", credit, 4096), format!("<b>hi</b>\n\n{credit}"));
        assert_eq!(with_credit("  ", credit, 4096), credit);
        let long = format!("<b>{}</b> &amp; {}", "x".repeat(3000), "y".repeat(3000));
        let out = with_credit(&long, credit, 4096);
        assert!(html::visible_len(&out) <= 4096, "{}", html::visible_len(&out));
        assert!(out.ends_with(credit) && out.contains("</b>"));
        let caption = with_credit(&long, credit, 1024);
        assert!(html::visible_len(&caption) <= 1024 && caption.ends_with(credit));
        // Emoji count two UTF-16 units each, as Telegram counts them.
        let emoji = "😀".repeat(3000);
        assert!(html::visible_len(&with_credit(&emoji, credit, 4096)) <= 4096);
    }
}

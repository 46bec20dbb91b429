//! Chapter "nudge": a member silent for two weeks gets a personal message
//! with a one-tap survey, and answers it.

use super::{ALICE, CHEN, DANA, EVE};

chapter!(|s, chart| {
    let mark = s.told;
    s.week_of_chatter(&[CHEN, EVE, ALICE]).await?;
    // Nudges go out through a paced outbox, not from the tick itself.
    s.drain_nudges().await?;
    let nudged: Vec<i64> = [DANA, ALICE, CHEN, EVE]
        .into_iter()
        .filter(|u| s.button(*u, "ndg:").is_some() && !s.sent_since(mark, *u).is_empty())
        .collect();
    s.expect(!nudged.is_empty(), "a member silent for two weeks gets a personal message with a survey");
    if let Some(&member) = nudged.first() {
        let answered = s.press_label_prefix(member, "ndg:", "🧭").await?;
        s.expect(answered, "the quiet member answers the one-tap survey");
    }
    Ok(())
});

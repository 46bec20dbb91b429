//! Chapter "nps": an NPS poll — members score with buttons, one gives a
//! reason in DM, and the results are posted.

use super::{ALICE, CHEN, DANA, GROUP, OLGA};
use crate::i18n::Lang;

chapter!(|s, chart| {
    let mark = s.told;
    s.say(GROUP, OLGA, "/nps").await?;
    s.expect(s.button(GROUP, "nps:").is_some(), "the poll has score buttons");
    for (user, score) in [(ALICE, "9"), (CHEN, "10"), (DANA, "7"), (OLGA, "10")] {
        s.press_label(GROUP, user, "nps:", score).await?;
    }
    let reason = match s.lang {
        Lang::En => "People answer each other's questions here, kindly.",
        Lang::Ru => "Здесь отвечают на вопросы друг друга, по-доброму.",
    };
    s.say(ALICE, ALICE, reason).await?;
    s.say(GROUP, OLGA, "/npsclose").await?;
    let results = s.sent_since(mark, GROUP).into_iter().any(|t| t.contains("NPS"));
    s.expect(results, "the results are posted with the NPS");
    Ok(())
});

//! Chapter "referral": Chen invites Eve with a personal link; once Eve has
//! been active for a week, both are rewarded and the group hears about it.

use super::{ALICE, CHEN, EVE, GROUP};
use crate::i18n::Lang;

chapter!(|s, chart| {
    s.press(GROUP, CHEN, &format!("onb:acc:{CHEN}")).await?;
    let mark = s.told;
    s.say(GROUP, CHEN, "/invite").await?;
    let link = s.fake.with(|w| w.invite_links.last().map(|l| l.url.clone()));
    s.expect(
        link.is_some() && s.calls_since(mark).iter().any(|c| c.method == "createChatInviteLink"),
        "Chen gets a personal invite link",
    );
    let Some(link) = link else { return Ok(()) };
    s.join(EVE, Some(&link)).await?;
    s.press(GROUP, EVE, &format!("onb:acc:{EVE}")).await?;
    let hello = match s.lang {
        Lang::En => "Hi all! Chen told me about this place.",
        Lang::Ru => "Всем привет! Мне про вас рассказал Чэнь.",
    };
    let hello_id = s.say(GROUP, EVE, hello).await?;
    let (welcome, thanks) = match s.lang {
        Lang::En => ("Welcome, Eve! The composting thread is a good start.", "Thank you, Alice!"),
        Lang::Ru => ("Привет, Ева! Начни с ветки про компост.", "Спасибо, Алиса!"),
    };
    let tip = s.reply(ALICE, hello_id, welcome).await?;
    s.reply(EVE, tip, thanks).await?;
    let mark = s.told;
    s.week_of_chatter(&[ALICE, CHEN, EVE]).await?;
    let paid: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM points_ledger WHERE chat_id = ? AND reason IN ('referral_referrer', 'referral_newcomer')",
    )
    .bind(GROUP)
    .fetch_one(&s.hearth()?.ctx.db)
    .await?;
    s.expect(paid == 2, "both Chen and Eve are rewarded once Eve qualifies");
    s.expect(!s.sent_since(mark, GROUP).is_empty(), "the group hears about the reward");
    Ok(())
});

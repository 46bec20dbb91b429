//! Chapter "introduction": Alice accepts the rules, opens the introduction
//! in DM, picks a goal and says who she is; the bot posts it to the group.

use super::{ALICE, GROUP};
use crate::i18n::Lang;

chapter!(|s, chart| {
    let mark = s.told;
    s.press(GROUP, ALICE, &format!("onb:acc:{ALICE}")).await?;
    s.expect(s.called_since(mark, "restrictChatMember", ALICE), "the rules gate lifts for Alice");
    s.say(ALICE, ALICE, &format!("/start onb_{GROUP}")).await?;
    s.press(ALICE, ALICE, &format!("onb:goal:{GROUP}:")).await?;
    let mark = s.told;
    let intro = match s.lang {
        Lang::En => "I grow tomatoes on a balcony and want to learn composting.",
        Lang::Ru => "Выращиваю помидоры на балконе, хочу научиться компостировать.",
    };
    s.say(ALICE, ALICE, intro).await?;
    s.expect(
        s.sent_since(mark, GROUP).iter().any(|t| t.contains(intro)),
        "the introduction is posted to the group",
    );
    Ok(())
});

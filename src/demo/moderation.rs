//! Chapter "moderation": a word filter and a warning limit — Boris's spam
//! is deleted, the second warning mutes him, and /modlog shows it.

use serde_json::Value;

use super::{BORIS, GROUP, OLGA};
use crate::i18n::Lang;

chapter!(|s, chart| {
    s.say(GROUP, OLGA, "/set warn_limit 2").await?;
    let (filter, spam) = match s.lang {
        Lang::En => {
            ("/filter casino warn", ["Hot casino bonuses, write me!", "CASINO casino — last chance!"])
        }
        Lang::Ru => {
            ("/filter казино warn", ["Бонусы в казино, пишите в личку!", "КАЗИНО казино — последний шанс!"])
        }
    };
    s.say(GROUP, OLGA, filter).await?;
    s.join(BORIS, None).await?;
    s.press(GROUP, BORIS, &format!("onb:acc:{BORIS}")).await?;
    let mark = s.told;
    let first = s.say(GROUP, BORIS, spam[0]).await?;
    s.expect(s.deleted_since(mark, first), "the filtered message is deleted");
    let mark = s.told;
    let second = s.say(GROUP, BORIS, spam[1]).await?;
    s.expect(s.deleted_since(mark, second), "the second filtered message is deleted");
    let muted = s.calls_since(mark).iter().any(|c| {
        c.method == "restrictChatMember"
            && c.user_id() == Some(BORIS)
            && c.params["permissions"]["can_send_messages"] != Value::Bool(true)
    });
    s.expect(muted, "the second warning reaches the limit and Boris is muted");
    s.say(GROUP, OLGA, "/modlog").await?;
    Ok(())
});

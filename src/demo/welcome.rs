//! Chapter "welcome": newcomers join and are welcomed by name, read-only
//! until they accept the rules; one of them opens a DM with /start.

use super::{ALICE, CHEN, DANA, GROUP, OLGA};

chapter!(|s, chart| {
    s.say(GROUP, OLGA, "/addlink Events calendar | https://example.com/events").await?;
    let mark = s.told;
    s.join(ALICE, None).await?;
    let alice = s.name(ALICE);
    let welcomed = s.sent_since(mark, GROUP).iter().any(|t| t.contains(&alice));
    s.expect(welcomed, "Alice is welcomed by name");
    s.expect(
        s.called_since(mark, "restrictChatMember", ALICE),
        "Alice is read-only until she accepts the rules",
    );
    let mark = s.told;
    s.join(CHEN, None).await?;
    let chen = s.name(CHEN);
    s.expect(s.sent_since(mark, GROUP).iter().any(|t| t.contains(&chen)), "Chen is welcomed by name");
    s.join(DANA, None).await?;
    s.press(GROUP, DANA, &format!("onb:acc:{DANA}")).await?;
    s.say(DANA, DANA, "/start").await?;
    Ok(())
});

# Core: the bot in a chat, help, settings, start. Messages are HTML.

members-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
list-more = …and { $count } more

bot-added-admin = 👋 Hi! I'm hearth: I welcome newcomers, keep the rules, ask how the community is doing and notice when members go quiet. Admins: /help lists what I can do, /settings shows how I'm set up.
bot-added-member = 👋 Hi! I'm hearth. To welcome newcomers and keep the rules I need to be an <b>administrator</b> with the rights to delete messages, restrict and ban members and invite users — without admin rights Telegram doesn't tell me when people join.
bot-promoted = ✅ Thanks, I'm an administrator now. Joins, rules and moderation are on; /settings shows how I'm set up.

error-admin-only = ⛔ Only the chat's admins can do that.
error-not-for-moderators = ⛔ Only the chat's admins can do that: community moderators may /warn and /mute.
error-group-only = This works in a group: run it there.
error-private-only = This works in a private chat with me: send it to me there.

help-member-header = <b>What I can do for you</b>
help-admin-header = <b>For admins</b>
help-moderator-header = <b>For community moderators</b> (a mute of at most <code>member_mod_mute</code>; never about admins or other moderators)
help-private-note = In a group, admins see more commands here.

settings-header = <b>Settings of this chat</b> — change one with <code>/set key value</code>
set-usage = Usage: <code>/set key value</code>. Keys: { $keys }
set-done = ✅ <code>{ $key }</code> is now <b>{ $value }</b>.
set-unknown-key = ❓ There is no setting <code>{ $key }</code>. Valid keys: { $keys }
set-bad-value = ❌ <code>{ $value }</code> is not a valid value for <code>{ $key }</code>. Expected: { $expected }
set-must-be-above = ❌ <code>{ $key }</code> can't be <b>{ $value }</b>: it must be more than <code>{ $other }</code> ({ $bound }). Nothing was changed — set <code>{ $other }</code> lower first, or pick a larger value.
set-must-be-below = ❌ <code>{ $key }</code> can't be <b>{ $value }</b>: it must be less than <code>{ $other }</code> ({ $bound }). Nothing was changed — set <code>{ $other }</code> higher first, or pick a smaller value.

start-hello = 👋 Hi, { $name }!
start-no-chats = I haven't seen you in any of my groups yet.
start-your-chats = Groups we share:
start-what-i-do = I help communities welcome newcomers, keep their rules, hear their members and keep in touch with those who went quiet. In a group, /help shows what you can do there.

callback-stale = This button no longer works.

setting-lang = Language of the bot's messages in this chat (default: HEARTH_DEFAULT_LANG)
cmd-help = what I can do
cmd-start = start talking to me
cmd-settings = show this chat's settings
cmd-set = change a setting: /set key value

logchat-usage = Where should I send reports, check-in answers and the moderation log? <code>/setlogchat -100123456789</code> or <code>/setlogchat @channel</code> (add me there first), <code>/setlogchat off</code> to send them to admins' DMs. Now: { $current }
logchat-none = admins' DMs (no log chat)
logchat-off = ✅ No log chat: admins who started me get DMs.
logchat-bad = ❌ <code>{ $value }</code> is not a chat id or an @username (and it must be another chat than this one).
logchat-cannot-post = ❌ I can't post there. Add me to that chat (as an admin in a channel) and try again.
logchat-hello = 📋 This chat now receives hearth's reports and logs for { $chat }.
logchat-set = ✅ Reports and logs now go to chat <code>{ $id }</code>.
cmd-setlogchat = where reports and logs go: chat id, @username or off
error-admin-lacks-restrict = ⛔ You need the <b>Ban users</b> admin right for this. Nothing was done.
error-admin-lacks-delete = ⛔ You need the <b>Delete messages</b> admin right for this. Nothing was done.
logchat-not-admin-there = ❌ You are not an admin of that chat: reports and logs hold members' names and messages, so they go only to a chat you administer (or to your own DM with me).
logchat-not-your-dm = ❌ That is someone else's private chat. Reports and logs can go to your own DM with me: <code>/setlogchat</code> with your own id.

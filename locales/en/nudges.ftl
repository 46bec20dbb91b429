# Silent members: segments, the nudge ladder, the survey, events, /silent.

cmd-events = upcoming events
cmd-nudges = personal reminders when you've been quiet: /nudges on|off
cmd-silent = quiet members: segments, survey answers, reactivation
cmd-addevent = announce an event: /addevent YYYY-MM-DD [HH:MM] title
cmd-delevent = remove an event: /delevent number

setting-nudges = Gently write to members who have gone quiet (the nudge ladder)
setting-active-days = Days without a post after which a member is "at risk"
setting-silent-days = Days without a post after which a member is "silent" and gets the first nudge
setting-goodbye-days = Days without a post after which a member is "gone": a warm goodbye, then the archive
setting-nudge-gap-days = At most one nudge per member per this many days
setting-nudge-holdout-percent = Share of quiet members never nudged, to measure what nudging changes (%)
setting-prune = Remove archived members from the group (ban then unban, so they can come back)
setting-group-nudge = Once a week, invite a few quiet members the bot cannot DM by mention in the group
setting-quiet-from = Quiet hours start (no DMs), HH:MM in the chat's time zone
setting-quiet-to = Quiet hours end, HH:MM in the chat's time zone
setting-timezone = The chat's time zone (UTC, Europe/Moscow …)

nudge-first = Hi, { $name }! 👋 We noticed you've been quiet in <b>{ $chat }</b> lately — we miss you. Can we help with anything?
    What keeps you from joining in? One tap is enough:
nudge-answer-no-time = ⏳ No time
nudge-answer-not-interested = 🤷 The topics don't interest me
nudge-answer-where-to-start = 🧭 I don't know where to start
nudge-answer-other = ✏️ Something else
nudge-footer = <i>Don't want these messages? Send /nudges off.</i>
nudge-second = Hi, { $name }! Here's what's going on in <b>{ $chat }</b> — come and join in whenever you like.
nudge-second-events = 📅 <b>Coming up</b>
nudge-second-discussions = 🔥 <b>The liveliest discussions this week</b> — the buttons below take you there.
nudge-second-nothing = It's a good moment to say hello: a short message is enough.
nudge-discussion-button = 💬 { $replies ->
    [one] A discussion with { $replies } reply
   *[other] A discussion with { $replies } replies
}
nudge-second-points = ⭐ Your points here: <b>{ $points }</b>.
nudge-second-unlock = You could unlock: { $badges }.
nudge-goodbye = Hi, { $name }. We haven't heard from you in <b>{ $chat }</b> for a long time, so we'll stop writing. 💛 Thank you for having been with us — you are always welcome back, whenever you like.
nudge-group-invite = 👋 We'd love to hear from you again: { $names }! Drop a line whenever you feel like it — and press Start in a private chat with me if you'd like personal tips.

nudge-survey-thanks = Thank you! 🙏
nudge-survey-already = You've already answered — thank you!
nudge-reply-no-time = Totally understandable. 💛 Drop by <b>{ $chat }</b> whenever you have a minute — even a quick message counts.
nudge-reply-not-interested = Thank you for being honest! I've passed it on to the admins so they can think about the topics.
nudge-reply-start = Here's a good place to start in <b>{ $chat }</b>: the links below, and a short introduction — the members will be happy to meet you.
nudge-reply-start-nolinks = A short introduction is a great start in <b>{ $chat }</b> — the members will be happy to meet you.
nudge-reply-other-ask = Tell me in a message what's in the way (up to { $max } characters) — I'll pass it on to the admins. /cancel to skip.
nudge-reply-other-reask = Please answer with a text message, or /cancel.
nudge-reply-other-thanks = Thank you! I've passed it on to the admins. 💛
nudge-to-admins = 🔕 A quiet member, { $name }, answered about <b>{ $chat }</b>: { $text }

nudge-off = 🔕 Done: I won't send you any more reminders. Send /nudges on to get them again.
nudge-on = 🔔 Done: I may write to you now and then when you've been quiet.
nudge-status-off = Reminders are off for you. Send /nudges on to turn them on.
nudge-status-on = Reminders are on for you. Send /nudges off to turn them off.
nudge-usage = Usage: <code>/nudges on</code> or <code>/nudges off</code>.

event-usage = Usage: <code>/addevent 2026-12-05 18:30 Meetup in the park</code> (the time is optional).
event-bad-date = ❌ That's not a date: write it as YYYY-MM-DD, e.g. 2026-12-05.
event-past = ❌ That moment is already in the past.
event-title-too-long = ❌ The title is too long: at most { $max } characters.
event-full = ❌ { $max ->
    [one] There is already { $max } upcoming event
   *[other] There are already { $max } upcoming events
}; remove one with /delevent first.
event-added = 📅 Event #{ $id } added: { $when } — { $title }
event-deleted = 🗑 Event #{ $id } removed.
event-not-found = There is no event { $id } here. /events lists them with their numbers.
events-header = 📅 <b>Upcoming events</b>
events-none = No upcoming events. Admins can add one with /addevent.

silent-header = 🤫 <b>Quiet members</b>
silent-tracking-note = <i>Only members I have seen join or write are counted: Telegram lets no bot list a group's members.</i>
segment-active = active
segment-at-risk = at risk
segment-silent = silent
segment-gone = gone
segment-archived = archived
segment-left = left
silent-reactivation = 📈 Came back within 14 days of a nudge: <b>{ $nudged }</b> ({ $nudged_back } of { $nudged_n }); holdout, never nudged: <b>{ $holdout }</b> ({ $holdout_back } of { $holdout_n }).
silent-uplift = Nudging changes the rate by { $diff } percentage points.
silent-answers = 🗳 <b>What keeps them away</b>
silent-list = <b>Silent and gone</b> (name — last seen · step · DM):
silent-none = Nobody is silent right now. 🎉
silent-step-none = not nudged yet
silent-step-first = first nudge
silent-step-second = invitation
silent-step-goodbye = goodbye
silent-step-holdout = holdout
silent-reachable = DM open
silent-unreachable = no DM

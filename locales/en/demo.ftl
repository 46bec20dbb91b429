# `hearth demo`: the narrator's words (the bot's own messages come from the other files).

demo-opening = hearth demo — two weeks in the life of “{ $chat }”, played against a simulated Telegram. 👤 is what people do, 🤖 is what the bot does, ⏩ is time passing.
demo-chapter-welcome = Newcomers arrive
demo-chapter-introduction = A newcomer accepts the rules and introduces herself
demo-chapter-moderation = A spammer is filtered, warned and muted
demo-chapter-nps = The admin asks how likely members are to recommend the community
demo-chapter-referral = A member's invite link brings a friend, and both are rewarded
demo-chapter-nudge = A quiet member is noticed and gently asked
demo-chapter-stats = The admin looks at the numbers
demo-day = day { $n }
demo-to-dm = { $name } (DM)
demo-in-dm = { " " }(in a DM with the bot)
demo-replies = { $name } replies to { $to }: { $text }
demo-joins = { $name } joins { $chat }
demo-joins-by-link = { $name } joins { $chat } through an invite link
demo-presses = { $name } presses [{ $button }]
demo-sent-photo = → { $to }: 🖼 a chart — { $caption }
demo-sent-document = → { $to }: 📎 a file — { $caption }
demo-edited = ✎ updates its message: { $text }
demo-deleted = 🗑 deletes a message from { $name }
demo-deleted-own = 🧹 removes one of its earlier messages
demo-restricted = 🔒 makes { $name } read-only
demo-unrestricted = 🔓 lets { $name } write again
demo-muted-until = 🔇 mutes { $name } until { $until }
demo-banned = ⛔ removes { $name } from the group
demo-unbanned = ↩ lets { $name } come back
demo-toast = (a private pop-up) { $text }
demo-link-created = 🔗 creates a personal invite link
demo-step-failed = this step did not do what it should: { $what }
demo-ending-ok = The end: every step did what it should.
demo-ending-failed = The end: { $count ->
    [one] one step did not do what it should
   *[other] { $count } steps did not do what they should
} (marked ✗ above).
demo-chart-saved = The /stats chart is saved at { $path }
demo-db-kept = The database is kept at { $path }
demo-dashboard = The dashboard of this community is open on 127.0.0.1 — sign in once with this link (valid for an hour), in any browser: { $link }
  Ctrl-C ends the demo.
demo-day-chatter = a day in the group: { $names } post ({ $count ->
    [one] one message
   *[other] { $count } messages
})

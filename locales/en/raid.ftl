cmd-raid = raid mode: /raid on · /raid off · /raid alone shows it
setting-raid-joins = Joins within raid_seconds past which raid mode starts by itself (0: only with /raid on)
setting-raid-seconds = The window, in seconds, in which raid_joins joins are counted
setting-raid-calm-minutes = Minutes without a spike of joins after which raid mode ends by itself

raid-usage = Usage: <code>/raid on</code> starts raid mode, <code>/raid off</code> ends it, <code>/raid</code> alone shows it. For example: <code>/raid on</code>
raid-notice = 🛡 <b>Raid mode</b>: { $count } { $count ->
    [one] newcomer
   *[other] newcomers
} held. They can read the chat and will be let in when the raid is over.
raid-notice-ended = 🛡 Raid mode is over: { $count } { $count ->
    [one] newcomer was
   *[other] newcomers were
} held.
raid-admins = 🛡 <b>Raid mode is on</b> in { $chat }: { $why }. Newcomers are restricted and counted in one message, the bot's invite links ask for approval. It ends after { $calm } minutes without a spike, with <code>/raid off</code> or the button.
raid-why-spike = more than { $joins } joins in { $seconds } s
raid-why-admin = started by { $admin }
raid-button-end = End raid mode
raid-no-rights = ⚠️ Raid mode cannot restrict newcomers here: give me the “Ban users” admin right.
raid-state-on = 🛡 Raid mode is on since { $since } UTC: { $count } { $count ->
    [one] newcomer
   *[other] newcomers
} held. <code>/raid off</code> ends it.
raid-state-off = Raid mode is off. It starts by itself past { $joins } joins in { $seconds } s (<code>/set raid_joins</code>, <code>/set raid_seconds</code>), or with <code>/raid on</code>.
raid-state-off-manual = Raid mode is off; it starts only with <code>/raid on</code> (<code>raid_joins</code> is 0).
raid-already-on = Raid mode is already on. <code>/raid off</code> ends it.
raid-not-on = Raid mode is not on. <code>/raid on</code> starts it.
raid-summary = 🛡 <b>Raid mode ended</b> ({ $why }). { $count } { $count ->
    [one] newcomer
   *[other] newcomers
} joined during it: { $released } let in, { $out } banned or gone.
raid-summary-names = Joined: { $names }
raid-summary-more = and { $more } more
raid-end-calm = { $minutes } minutes without a spike
raid-end-admin = ended by { $admin }
raid-ended-toast = Raid mode ended.
raid-already-ended = This raid is already over.
raid-ended-by = Raid mode ended by { $admin }.
raid-summary-rules = { $count ->
    [one] { $count } newcomer still has
   *[other] { $count } newcomers still have
} to accept the rules before writing: press <b>“I accept the rules”</b> below.

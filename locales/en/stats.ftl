# Analytics: /stats, /stats cohorts, /export.

cmd-stats = community statistics with a chart: /stats [7d|30d|90d|cohorts|customers [H]]
cmd-export = a CSV export to your DM: /export members|activity|referrals|nps|modlog|ideas|customers-retention

stats-title = 📊 <b>{ $chat }</b> — the last { $days ->
    [one] day
   *[other] { $days } days
}
stats-bad-arg = I don't know “{ $arg }”. Use /stats (the last 30 days), /stats 7d, /stats 30d, /stats 90d, /stats cohorts or /stats customers [days].

stats-members = 👥 <b>Members</b>: { $now } now · { $joined } joined · { $left } left · net growth { $net }
stats-engagement = 🔥 <b>Active members</b> (posted in the last day / week / month): DAU { $dau } · WAU { $wau } · MAU { $mau } · stickiness DAU/MAU { $stickiness }
stats-messages = 💬 Messages: { $per_day } a day ({ $total } in { $days } days)
stats-segments = 🌡 Members now: { $active } active · { $at_risk } at risk (no post for { $risk_days }+ days) · { $silent } silent ({ $silent_days }+ days) · { $gone } gone ({ $gone_days }+ days) · { $archived } archived after a goodbye
stats-onboarding = 🚪 <b>Newcomers</b>: { $joined } joined · { $rules } accepted the rules · { $intro } introduced themselves · { $posted } posted
stats-referrals = 🔗 Referrals: { $invited } joined by invitation, { $qualified } qualified ({ $pct })
stats-no-newcomers = 🚪 <b>Newcomers</b>: no joins seen in this period.
stats-questions = ❓ <b>Questions</b>: { $asked } asked · { $answered } answered by members within 24 h ({ $pct }) · median time to the first answer { $median }
stats-questions-unanswered = ❓ <b>Questions</b>: { $asked } asked · none answered by members within 24 h
stats-questions-none = ❓ <b>Questions</b>: none asked in this period.
stats-duration = { $h } h { $m } min
stats-questions-faq = 🤖 Answered by the FAQ: { $count }
stats-questions-help-topic = Only questions asked in the help topic count (/settopic help).
stats-retention = 📈 <b>Day-30 retention</b> of the { $cohort } members who joined at least 30 days ago: { $stayed } still in the chat, { $posting } still posting
stats-retention-groups = Those who posted in their first 14 days: { $p } stayed (of { $pn }); the others: { $o } (of { $on })
stats-uplift = Uplift of participation: <b>{ $uplift }</b>. A correlation, not proof of cause: members who take part early may be the ones who would have stayed anyway.
stats-uplift-none = Uplift of participation: not measurable yet (it needs members in both groups, and some of the others staying).
stats-retention-none = 📈 <b>Day-30 retention</b>: nobody the bot saw join has been here 30 days yet.

stats-nps = ⭐ <b>NPS</b> of poll #{ $number } ({ $date }): <b>{ $nps }</b> ± { $margin } from { $count ->
    [one] { $count } response
   *[other] { $count } responses
}
stats-nps-change = { $change } since poll #{ $number }
stats-nps-small = Fewer than { $min } responses: too few to read.
stats-nps-no-responses = ⭐ <b>NPS</b>: poll #{ $number } ({ $date }) has no responses yet.
stats-nps-none = ⭐ <b>NPS</b>: no poll yet — /nps asks the members.

stats-nudges = 💌 <b>Nudges</b>: { $came_back } of the { $nudged } members nudged in this period posted again within { $days } days ({ $pct })
stats-nudges-holdout = Holdout (silent, deliberately not nudged): { $came_back } of { $holdout } came back ({ $pct })
stats-nudges-no-holdout = No holdout member in this period: nothing to compare with yet.
stats-nudges-diff = Difference: { $diff } percentage points.
stats-nudges-small = With fewer than { $min } members in a group, such rates are mostly chance: read them as a hint, not a result.
stats-nudges-none = 💌 <b>Nudges</b>: no silent member was nudged in this period.

stats-ideas = 💡 <b>Ideas</b>: { $submitted } submitted · { $taken_up } taken up ({ $pct }) · median time from idea to done: { $to_done }
stats-ideas-median = { $d ->
    [one] { $d } day
   *[other] { $d } days
} { $h } h
stats-ideas-none-done = none done yet
stats-ideas-none = 💡 <b>Ideas</b>: none submitted in this period (/idea).

stats-chart-caption = 📊 { $chat }: members, active members and messages per day, the last { $days } days
stats-chart-members = Members
stats-chart-dau = Active members (DAU)
stats-chart-messages = Messages per day

stats-cohorts-title = 📅 <b>Weekly join cohorts</b>: the share of each week's newcomers who posted in week N after joining (W0 = their first week)
stats-cohorts-none = 📅 The bot saw nobody join in the last { $weeks } weeks: no cohorts yet.
stats-cohorts-chart = Join cohorts: % who posted, by week since joining
stats-cohorts-col-week = week
stats-cohorts-col-size = size

stats-export-usage = Usage: /export { $kinds }
stats-export-unknown = I can't export “{ $kind }”. Choose one of: { $kinds }
stats-export-open-dm = 📎 Exports go to your private chat with me, and you haven't opened it yet: open { $url }, press Start, then send /export { $kind } here again.
stats-export-too-many-rows = 📎 The { $kind } export would hold { $rows } rows — too many to build inside the bot. Run it on the bot's server instead: <code>hearth export --chat { $chat } { $kind } &gt; { $kind }.csv</code>
stats-export-too-big = 📎 The { $kind } export is { $mib } MB, more than Telegram lets a bot send (50 MB). Run it on the bot's server instead: <code>hearth export --chat { $chat } { $kind } &gt; { $kind }.csv</code>
stats-export-sent-dm = 📎 The { $kind } export ({ $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
}) is in your DM.
stats-export-caption = { $kind } · { $chat } · { $date } ({ $rows ->
    [one] { $rows } row
   *[other] { $rows } rows
})

# /stats customers [H]
stats-customers-title = 🤝 <b>{ $chat }</b> — customers and the community, a cohort of { $days } days ago
stats-customers-counts = 👥 <b>Customers</b>: { $known } known · { $linked } linked to a member here · { $active } active participants (posted here in the last { $active_days } days)
stats-customers-cohort = 📅 <b>Cohort</b>: the { $n } customers on { $day } ({ $days } days ago); retention = the share not churned by today.
stats-customers-groups = Participants (linked, posted here in the { $window } days before): { $rp } retained (of { $pn }); the others: { $ro } (of { $on })
stats-customers-uplift = Uplift of participation: <b>{ $uplift }</b> (95 % interval { $low } … { $high })
stats-customers-adjusted = Adjusted for tenure (under 90 days, 90–365, over 365, unknown): <b>{ $uplift }</b> ({ $low } … { $high })
stats-customers-uplift-none = Uplift of participation: not measurable (it needs someone retained in both groups).
stats-customers-too-few = Uplift of participation: too few to tell (fewer than { $min } customers in a group).
stats-customers-correlation = A correlation, not proof of cause: customers who take part may be the ones who would have stayed anyway.
stats-customers-nps = ⭐ <b>NPS</b> of the company's survey (each customer's latest answer in the last { $days } days): community members { $members } · other customers { $others }
stats-customers-nps-group = <b>{ $nps }</b> ± { $margin } (n = { $n })
stats-customers-nps-group-none = — (n = 0)
stats-customers-nps-none = ⭐ <b>NPS</b> of the company's survey: no answers in the last { $days } days (hearth customers nps FILE.csv).
stats-customers-empty = 🤝 No customers imported yet — hearth customers import FILE.csv
stats-customers-no-cohort = 📅 Nobody was a customer on { $day } ({ $days } days ago): no cohort to compare.
stats-customers-bad-days = “{ $arg }” is not a number of days from { $min } to { $max }. For example: /stats customers 180
stats-customers-chart = Monthly churn of the cohort of { $days } days ago, %
stats-customers-chart-participants = participants
stats-customers-chart-others = the others

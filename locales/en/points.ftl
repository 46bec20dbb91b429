# Points, badges and the leaderboard.

cmd-top = the leaderboard: /top [week|month|all]
cmd-give = give or take points: /give N [reason], in reply to a member

badge-first-message = 💬 First message
badge-introduced = 👋 Introduced
badge-first-helpful-answer = 🤝 First helpful answer
badge-ten-helpful-answers = 🧠 10 helpful answers
badge-first-referral = 🔗 First referral
badge-ambassador = 🌟 Ambassador
badge-thirty-day-streak = 🔥 30 days in a row
badge-founder = 🏛 Founder
badge-co-creator = 💡 Co-creator
badge-unlocked = 🏅 { $name } earned { $count ->
    [one] a badge
   *[other] badges
}: { $badges }!

top-usage = Usage: <code>/top</code>, <code>/top week</code>, <code>/top month</code> or <code>/top all</code>.
top-header-week = 🏆 <b>Top of the last 7 days</b>
top-header-month = 🏆 <b>Top of the last 30 days</b>
top-header-all = 🏆 <b>Top of all time</b>
top-empty = No points yet in this period.
top-row = { $rank }. { $name } — { $points } · <code>{ $badge }</code>
top-you = Your rank: #{ $rank } with { $points ->
    [one] { $points } point
   *[other] { $points } points
}.
top-you-none = You have no points in this period yet.

give-usage = Usage: reply to a member's message with <code>/give 10 reason</code> (from -{ $max } to { $max }, not 0; negative takes points away).
give-not-self = You can't give points to yourself.
give-done = ✅ { $name }: { $points }{ $reason }. Now { $total }.
badge-best-answer = ⭐ Best answer of the week
badge-three-best-answers = 🏆 3 best answers

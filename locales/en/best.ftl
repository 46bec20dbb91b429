# The best answer of the week.

cmd-best = make a member's message the best answer of the week: /best in reply to it
best-usage = Reply to a member's helpful message with <code>/best</code> to make it the best answer of the week.
best-not-a-member = Only a member's message can be a best answer — not a bot's or a channel's.
best-not-self = You can't choose your own message as the best answer.
best-already = This message is already a best answer.
best-chosen = ⭐ The best answer of the week, by { $name }: +{ $points } points.{ $progress }
best-progress = { " " }{ $left ->
    [one] One more best answer for { $badge }.
   *[other] { $left } more best answers for { $badge }.
}

# The weekly digest.

setting-weekly-digest = Post a weekly digest: the best answers, the most helpful member, the top referrers and the ideas taken up

digest-header = 📰 <b>The week in review</b>
digest-helpful = 🤝 Most helpful member: { $name } (thanked { $count ->
    [one] once
   *[other] { $count } times
})
digest-referrers = 🔗 Top referrers:
digest-referrer-row = • { $name } — { $count } qualified
digest-best-by-admins = ⭐ Best answer of the week: { $name }{ $link } (chosen by the admins)
digest-best-by-thanks = ⭐ Best answer of the week: { $name }{ $link } (thanked by { $count } members)
digest-best-open = read it

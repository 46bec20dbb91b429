# The dashboard's overview and polls pages (plain text: the page escapes it).

dash-overview-title = Overview
dash-overview-period = The last { $days } days
dash-overview-empty = Nothing recorded in this chat yet. The numbers appear here as members join and post.
dash-overview-members = Members
dash-overview-members-sub = { $joined } joined · { $left } left · net growth { $net }
dash-overview-dau = DAU
dash-overview-dau-sub = posted in the last day
dash-overview-wau = WAU
dash-overview-wau-sub = posted in the last 7 days
dash-overview-mau = MAU
dash-overview-mau-sub = posted in the last 30 days
dash-overview-stickiness = Stickiness
dash-overview-stickiness-sub = DAU / MAU
dash-overview-messages = Messages a day
dash-overview-messages-sub = { $total ->
    [one] { $total } message
   *[other] { $total } messages
} in { $days } days
dash-overview-charts = Day by day
dash-overview-chart-empty = Nothing to draw yet: nobody joined or posted in these days.
dash-overview-segments = Members by activity
dash-overview-segments-help = The segments of /silent, counted now from the last post (or the join).
dash-overview-col-segment = Segment
dash-overview-col-members = Members
dash-overview-col-share = Share
dash-overview-seg-active = Active (posted in the last { $days } days)
dash-overview-seg-at-risk = At risk (no post for { $days }+ days)
dash-overview-seg-silent = Silent ({ $days }+ days)
dash-overview-seg-gone = Gone ({ $days }+ days)
dash-overview-seg-archived = Archived after the goodbye
dash-overview-funnel = Onboarding funnel
dash-overview-funnel-help = { $joined ->
    [one] Of the { $joined } member who joined in these days:
   *[other] Of the { $joined } members who joined in these days:
}
dash-overview-funnel-none = Nobody joined in these days.
dash-overview-col-step = Step
dash-overview-step-joined = Joined
dash-overview-step-rules = Accepted the rules
dash-overview-step-dm = Opened the DM
dash-overview-step-intro = Introduced themselves
dash-overview-step-posted = Posted in the chat
dash-overview-step-checkin = Answered the check-in
dash-overview-referrals = Referrals
dash-overview-referrals-sub = { $qualified } of { $invited } invited newcomers qualified
dash-overview-referrals-none = Nobody joined by an invite link in these days.
dash-overview-questions = Questions answered
dash-overview-questions-sub = { $answered } of { $asked } answered by members within 24 h · median { $h } h { $m } min
dash-overview-questions-unanswered = { $asked ->
    [one] The { $asked } question was not answered by members within 24 h
   *[other] None of the { $asked } questions was answered by members within 24 h
}
dash-overview-questions-none = No questions in these days.
dash-overview-questions-faq = { $count ->
    [one] { $count } question answered by the FAQ
   *[other] { $count } questions answered by the FAQ
}
dash-overview-questions-help-topic = Only the questions in the help topic count.
dash-overview-retention = Day-30 retention
dash-overview-retention-sub = { $cohort ->
    [one] of the { $cohort } member who joined 30+ days ago still in the chat · { $posting } still posting
   *[other] of the { $cohort } members who joined 30+ days ago still in the chat · { $posting } still posting
}
dash-overview-retention-none = Nobody joined at least 30 days ago yet.
dash-overview-uplift = Uplift of participation
dash-overview-uplift-sub = Posted in their first 14 days: { $p } stayed (of { $pn }); the others: { $o } (of { $on }). A correlation, not proof of cause.
dash-overview-uplift-none = Not enough members in both groups to compare.
dash-overview-customers = Customer retention, { $days } days
dash-overview-customers-sub = Participants { $rp } (of { $pn }) · other customers { $ro } (of { $on })
dash-overview-customers-uplift = Uplift { $uplift } (95 % interval { $low } … { $high })
dash-overview-customers-adjusted = Adjusted for tenure: { $uplift } ({ $low } … { $high })
dash-overview-customers-uplift-none = No uplift to tell: nobody was retained in a group.
dash-overview-customers-too-few = Fewer than { $min } customers in a group: too few to tell.
dash-overview-customers-no-cohort = Nobody was a customer on { $day }.
dash-overview-customers-nps = Company NPS: members { $members } · other customers { $others }
dash-overview-customers-nps-group = { $nps } ±{ $margin } (n = { $n })
dash-overview-nps = Last NPS
dash-overview-nps-sub = { $count ->
    [one] Poll #{ $number } of { $date } · ±{ $margin } points · { $count } response
   *[other] Poll #{ $number } of { $date } · ±{ $margin } points · { $count } responses
}
dash-overview-nps-change = { $change } since poll #{ $number }
dash-overview-nps-small = { $min ->
    [one] Fewer than { $min } response: read it with care.
   *[other] Fewer than { $min } responses: read it with care.
}
dash-overview-nps-none = No NPS poll yet: /nps starts one.
dash-overview-nps-no-responses = Poll #{ $number } of { $date } has no responses yet.
dash-overview-nps-all = All polls and surveys
dash-overview-nudges = Nudges vs holdout
dash-overview-nudges-sub = Nudged: { $came_back } of { $nudged } came back within { $days } days ({ $pct })
dash-overview-nudges-holdout = Holdout: { $came_back } of { $holdout } came back ({ $pct })
dash-overview-nudges-no-holdout = No holdout to compare with.
dash-overview-nudges-diff = points against the holdout
dash-overview-nudges-small = Fewer than { $min } in a group: mostly chance.
dash-overview-nudges-none = Nobody was nudged in these days.
dash-overview-ideas = Ideas
dash-overview-ideas-sub = { $submitted } submitted · { $taken_up } taken up · median time to done { $to_done }
dash-overview-ideas-median = { $d } d { $h } h
dash-overview-ideas-none-done = none done yet
dash-overview-ideas-none = No ideas in these days.

dash-polls-title = NPS polls and surveys
dash-polls-empty = No NPS poll or survey yet. /nps and /survey start one in the chat.
dash-polls-trend = NPS over time
dash-polls-trend-none = The trend needs two polls with responses.
dash-polls-list = Every poll
dash-polls-col-poll = Poll
dash-polls-col-opened = Opened
dash-polls-col-status = Status
dash-polls-col-responses = Responses
dash-polls-col-nps = NPS
dash-polls-col-margin = Margin (95 %)
dash-polls-open = open
dash-polls-closed = closed
dash-polls-show = details
dash-polls-details = Poll #{ $number }
dash-polls-responses = { $count ->
    [one] { $count } response
   *[other] { $count } responses
} of { $members ->
    [one] { $members } member
   *[other] { $members } members
} ({ $rate } %)
dash-polls-no-responses = No responses yet.
dash-polls-promoters = Promoters (9–10)
dash-polls-passives = Passives (7–8)
dash-polls-detractors = Detractors (0–6)
dash-polls-share = { $pct } % of the responses
dash-polls-score = NPS
dash-polls-score-sub = ±{ $margin } points (95 % margin)
dash-polls-small = { $min ->
    [one] Fewer than { $min } response: read it with care.
   *[other] Fewer than { $min } responses: read it with care.
}
dash-polls-change = { $delta } since poll #{ $number } ({ $before })
dash-polls-segments = Voters who posted in the last { $days } days: { $active } (n = { $active_n }); the others: { $silent } (n = { $silent_n })
dash-polls-reasons = The detractors' reasons
dash-polls-reasons-none = No detractor gave a reason.
dash-polls-reasons-more = { $count ->
    [one] …and { $count } more (/export nps has them all)
   *[other] …and { $count } more (/export nps has them all)
}
dash-polls-unknown = There is no poll #{ $number } in this chat.
dash-polls-surveys = Surveys
dash-polls-surveys-none = No survey yet: /survey starts one.
dash-polls-survey = { $count ->
    [one] Survey of { $date } · { $status } · { $count } respondent
   *[other] Survey of { $date } · { $status } · { $count } respondents
}
dash-polls-col-question = Question
dash-polls-col-mean = Mean (1–5)
dash-polls-col-answers = Answers
dash-polls-col-spread = 1 · 2 · 3 · 4 · 5

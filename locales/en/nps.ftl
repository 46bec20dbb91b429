# NPS polls and sense-of-community surveys.

cmd-nps = ask the NPS question: /nps [question]
cmd-npsclose = close the open NPS poll and post its results
cmd-npsresults = results of an NPS poll: /npsresults [poll number]
cmd-npshistory = every NPS poll: date, responses, NPS ± margin
cmd-survey = ask the four sense-of-community questions
cmd-surveyclose = close the open survey and post its results
cmd-surveyresults = results of the latest survey

setting-nps-duration = Close NPS polls automatically after this long (at least 1h; off = only /npsclose)
setting-nps-every = Open a new NPS poll this long after the previous one opened (at least 1d; off = only /nps)

nps-default-question = How likely are you to recommend this community to a friend?
nps-poll = 📊 <b>NPS poll #{ $number }</b>
    { $question }
    <i>0 = not at all likely, 10 = extremely likely. Your answer is private; tap again to change it.</i>

    Responses: <b>{ $count }</b>
nps-poll-closed = 🔒 This poll is closed.

nps-thanks = You gave { $score } — thank you!
nps-changed = Changed to { $score } — thank you!
nps-bad-button = This button is not valid any more.
nps-closed = This poll is closed.
nps-not-member = Only members of this group can answer.

nps-ask-reason = Thank you for your { $score } in «{ $chat }»! What is the main reason for your score?
    Just reply here — it's optional, and it goes into the results without your name. /cancel to skip.
nps-reason-text-only = Please answer in words (or /cancel to skip).
nps-reason-thanks = Thank you — that helps the admins a lot.
nps-reason-gone = Thank you! That poll is gone, so nothing was stored.

nps-already-open = Poll #{ $number } is still open. Close it with /npsclose before starting another.
nps-none-open = There is no open NPS poll. Start one with /nps.
nps-question-too-long = That question is { $len } characters long; the limit is { $max }.
nps-results-usage = Usage: <code>/npsresults</code> (the latest poll) or <code>/npsresults 3</code> (poll #3).
nps-unknown-poll = There is no poll #{ $number } in this chat. /npshistory lists them.
nps-no-polls = No NPS polls yet. Start one with /nps.

nps-results-open = open
nps-results-closed = closed
nps-results-header = 📊 <b>NPS poll #{ $number }</b> ({ $status }): { $question }
nps-results-responses = { $count ->
    [one] { $count } response
   *[other] { $count } responses
} from { $members ->
    [one] { $members } member
   *[other] { $members } members
} known: response rate { $rate }%
nps-results-empty = No responses yet.
nps-results-promoters = 😀 Promoters (9–10): { $count } ({ $pct }%)
nps-results-passives = 😐 Passives (7–8): { $count } ({ $pct }%)
nps-results-detractors = 🙁 Detractors (0–6): { $count } ({ $pct }%)
nps-results-score = <b>NPS: { $nps }</b> ± { $margin } (95% margin of error)
nps-results-too-small = ⚠️ Fewer than { $min } { $min ->
    [one] response
   *[other] responses
}: the sample is too small to read anything into.
nps-results-change = Change since poll #{ $number } (NPS { $before }): { $delta }
nps-results-segments = Active members (posted in the { $days } days before): NPS { $active } (n = { $active_n }); silent members: NPS { $silent } (n = { $silent_n })
nps-results-reasons = <b>Why detractors gave their score:</b>
nps-results-no-reasons = No reasons from detractors.
nps-results-more = …and { $count } more

nps-history-header = 📈 <b>NPS polls</b>
nps-history-row = #{ $number } · { $date } · { $count ->
    [one] { $count } response
   *[other] { $count } responses
} · NPS { $nps } ± { $margin }
nps-history-row-empty = #{ $number } · { $date } · no responses
nps-history-chart-title = NPS by poll, with its 95 % margin of error
nps-history-chart-caption = 📈 NPS by poll: the middle line is the score, the other two the bounds of its 95 % margin of error
nps-history-chart-upper = upper bound
nps-history-chart-lower = lower bound

survey-intro = 🧭 <b>How do you feel in this community?</b>
    Four short questions. 1 = strongly disagree, 5 = strongly agree. Your answers are private; tap again to change one.
survey-question = <b>{ $index }/{ $total }.</b> { $question }
survey-q-safe = I feel safe in this community.
survey-q-heard = I feel heard here.
survey-q-relationships = I have built relationships with other members.
survey-q-part = I feel part of what is happening here.
survey-thanks = Saved: { $value } — thank you!
survey-closed = This survey is closed.
survey-already-open = A survey is already open. Close it with /surveyclose before starting another.
survey-none-open = There is no open survey. Start one with /survey.
survey-none = No surveys yet. Start one with /survey.
survey-results-header = 🧭 <b>Sense of community</b> ({ $status }): { $count ->
    [one] { $count } respondent
   *[other] { $count } respondents
}
survey-results-question = <b>{ $index }. { $question }</b>
    Mean { $mean } ({ $count ->
    [one] { $count } answer
   *[other] { $count } answers
})

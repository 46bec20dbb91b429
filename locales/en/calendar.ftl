cmd-schedule = scheduled posts: /schedule every fri 18:00 text · /schedule templates · /schedule alone lists them
cmd-unschedule = remove a scheduled post: /unschedule number
setting-schedule-grace = How late a scheduled post missed while the bot was down may still go out (older ones are skipped)
error-admin-lacks-pin = You need the "Pin messages" admin right for this.

calendar-usage = <b>Scheduled posts</b> (times in the chat's <code>timezone</code>):
    <code>/schedule 2026-12-24 18:00 Text</code> — once
    <code>/schedule daily 09:00 Text</code> — every day
    <code>/schedule every fri 18:00 Text</code> — every week (mon tue wed thu fri sat sun, or пн вт ср чт пт сб вс)
    <code>/schedule every 1st mon 10:00 Text</code> — every month (1st, 2nd, 3rd, 4th or last)
    <code>/schedule pin every fri 18:00 Text</code> — and pin it
    Reply with the command (without text) to a message to post that message, its formatting and photo kept.
    <code>/schedule templates</code> — ready rubrics · <code>/schedule</code> — the list · <code>/schedule pause|resume N</code> · <code>/schedule edit N Text</code> · <code>/unschedule N</code>
calendar-unschedule-usage = Usage: <code>/unschedule N</code>, where N is the number of a post in <code>/schedule</code> (e.g. <code>/unschedule 2</code>).
calendar-bad-weekday = “{ $word }” is not a weekday: use mon tue wed thu fri sat sun (or пн вт ср чт пт сб вс), after 1st, 2nd, 3rd, 4th or last for a monthly post.
calendar-bad-time = “{ $word }” is not a time: use HH:MM, 24-hour (e.g. 18:00).
calendar-bad-date = “{ $word }” is not a date: use YYYY-MM-DD (2026-12-24) or DD.MM.YYYY.
calendar-bad-template = There is no template “{ $word }”: <code>/schedule templates</code> lists them.
calendar-bad-number = “{ $word }” is not the number of a scheduled post: <code>/schedule</code> lists them.
calendar-past = That time has passed: { $when } ({ $tz }). Pick a later date or time.
calendar-dst-gap = { $when } does not exist in { $tz }: the clocks jump forward over it that night. Pick a time an hour later, e.g. 03:30 instead of 02:30.
calendar-dst-twice = { $when } happens twice in { $tz }: the clocks go back over it that night. Pick a time outside that hour, e.g. 01:30 or 03:30.
calendar-empty = What should be posted? Write the text after the time, or reply with the command to the message to post.
calendar-too-long = The post is { $len } characters long; Telegram allows { $max } { $max ->
    [1024] for a photo's caption
   *[other] in a message
}. Nothing was scheduled.
calendar-not-found = There is no scheduled post #{ $number } here: <code>/schedule</code> lists them.
calendar-scheduled = Scheduled #{ $number }: { $recurrence }. Next: { $next }, { $tz }.
calendar-in-topic = Posts go to the rubric topic (#{ $thread }).
calendar-pin-note = Each post will be pinned.
calendar-pin-missing = ⚠️ I can't pin messages here: give me the “Pin messages” admin right, or the posts go out unpinned.
calendar-no-next = none (done)
calendar-list-header = <b>Scheduled posts</b> ({ $tz }):
calendar-list-row = <b>#{ $number }</b> · { $recurrence } · next: { $next }{ $flags }
    { $preview }
calendar-list-more = …and { $count } more
calendar-list-hint = <code>/schedule pause|resume N</code> · <code>/schedule edit N Text</code> · <code>/unschedule N</code>
calendar-list-empty = Nothing is scheduled yet.
calendar-flag-paused = ⏸ paused
calendar-flag-pin = 📌 pinned
calendar-flag-photo = 🖼 photo
calendar-paused = #{ $number } is paused: nothing goes out until <code>/schedule resume { $number }</code>.
calendar-already-paused = #{ $number } is already paused.
calendar-not-paused = #{ $number } is not paused.
calendar-resumed = #{ $number } is on again. Next: { $next }.
calendar-resumed-past = #{ $number } is on again, but its time has passed: nothing more will be posted.
calendar-removed = #{ $number } is removed: it will not be posted again.
calendar-edited = #{ $number } has its new text (next: { $next }): { $preview }
calendar-templates-header = <b>Templates</b> — <code>/schedule template name</code> (a different time after the name: <code>/schedule template friday-question every thu 19:00</code>):
calendar-template-row = <code>{ $key }</code> · { $recurrence } — { $preview }
calendar-templates-hint = A scheduled template's text can be changed: <code>/schedule edit N Text</code>.

calendar-template-friday-question = 🤔 <b>Friday question</b>
    What was the most useful thing you learned this week? Share in the replies!
calendar-template-monday-wins = 🏆 <b>Monday wins</b>
    What did you achieve last week, big or small? Tell us and cheer each other on!
calendar-template-wednesday-case = 🧩 <b>Wednesday case</b>
    Bring a problem you're stuck on, and let's solve it together in the replies.
calendar-template-theme-week = 📅 <b>Theme of the week</b>
    This week we talk about one topic together. Suggest it in the replies, and the most liked one wins!
calendar-template-monthly-review = 📊 <b>Month in review</b>
    The month is ending: what went well, what should we change? Share your thoughts.

calendar-rec-once = once, { $date } at { $time }
calendar-rec-daily = every day at { $time }
calendar-rec-weekly = every { $dayname } at { $time }
calendar-rec-monthly = the { $nth ->
    [first] first
    [second] second
    [third] third
    [fourth] fourth
   *[last] last
} { $dayname } of every month at { $time }

weekday-mon = Monday
weekday-tue = Tuesday
weekday-wed = Wednesday
weekday-thu = Thursday
weekday-fri = Friday
weekday-sat = Saturday
weekday-sun = Sunday
calendar-pin-failed = Scheduled post #{ $number } went out, but I could not pin it: give me the “Pin messages” admin right in the group.
weekday-short-mon = mon
weekday-short-tue = tue
weekday-short-wed = wed
weekday-short-thu = thu
weekday-short-fri = fri
weekday-short-sat = sat
weekday-short-sun = sun
calendar-too-many = This chat already has { $max } scheduled posts, the most it may have: remove one with <code>/unschedule N</code> first.

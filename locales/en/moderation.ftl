# Moderation: warnings, mutes and bans, filters, antiflood, newcomer limits, reports, the log. Messages are HTML.

cmd-report = report a message to the admins (in reply): /report [reason]
cmd-warns = your warnings (admins: anyone's)
cmd-warn = warn a member: /warn [reason] in reply, or /warn @user [reason]
cmd-unwarn = remove a member's latest warning
cmd-resetwarns = clear all of a member's warnings
cmd-mute = mute a member: /mute [30m|2h|1d|1w] [reason]
cmd-unmute = let a muted member talk again
cmd-ban = ban a member: /ban [duration] [reason]
cmd-unban = lift a ban
cmd-kick = remove a member (they may come back): /kick [reason]
cmd-filter = delete messages matching a word or /regex/: /filter word [delete|warn|mute|ban]
cmd-unfilter = remove a filter: /unfilter pattern
cmd-filters = list this chat's filters
cmd-modlog = the last moderation actions: /modlog [n]

setting-warn-limit = Warnings that trigger warn_action (default 3)
setting-warn-action = What reaching warn_limit does: mute, kick or ban
setting-warn-mute = How long the warn_action mute (and a filter's or report's mute) lasts
setting-warn-expire-days = Days after which a warning stops counting (0 = never)
setting-flood-messages = More messages than this within flood_seconds is flooding (0 = off)
setting-flood-seconds = The antiflood window in seconds
setting-flood-mute = How long a flooder is muted
setting-newcomer-hours = Hours after joining during which links, channel forwards and media are removed (0 = off)
setting-member-mod-mute = The longest mute a community moderator (a level-3 member an admin promoted) may give
setting-report-threshold = How many distinct trusted members (level 2 and up) reporting one message hide it and mute its author until an admin decides

mod-usage = Reply to the member's message with <code>/{ $command }</code>, or name them: <code>/{ $command } @username</code> or <code>/{ $command } 123456789</code>.
mod-no-target = Whom? Reply to the member's message, or give an @username or a numeric id.
mod-unknown-user = I don't know { $who } yet: reply to one of their messages, or use their numeric id.
mod-target-admin = 🛡 I don't act on admins or the chat's owner.
mod-target-self = 🤖 I won't act on myself.
mod-bad-duration = ⏱ That's not a duration I understand. Use e.g. <code>30m</code>, <code>2h</code>, <code>1d</code>, <code>1w</code> or <code>1h30m</code> (from 1 minute to 366 days), or leave it out for a permanent one. Nothing was done.
mod-already-over = ⏱ That would already have ended ({ $until }), so nothing was done.
mod-target-moderator = 🛡 Community moderators don't act on community moderators (nor on themselves). Nothing was done.
mod-not-for-moderators = ⛔ Community moderators can warn, mute or dismiss; banning is for admins.
mod-moderator-mute-max = ⏱ Community moderators can mute for at most { $max }. Nothing was done.
mod-span-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
mod-span-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
mod-span-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
mod-span-weeks = { $count ->
    [one] { $count } week
   *[other] { $count } weeks
}
mod-no-rights-restrict = ⚠️ I can't restrict members here: make me an admin with the <b>Ban users</b> (restrict members) right. Nothing was done.
mod-no-rights-ban = ⚠️ I can't ban members here: make me an admin with the <b>Ban users</b> right. Nothing was done.
mod-no-rights-delete = ⚠️ I can't delete messages here: make me an admin with the <b>Delete messages</b> right.
mod-refused = ⚠️ Telegram refused: { $error }. Nothing was done.
mod-reason = Reason: { $reason }
mod-no-reason = no reason given
mod-auto-mark = {" "}(automatic)

mod-warned = ⚠️ { $name } has been warned ({ $count }/{ $limit }).
mod-escalated-mute = 🔇 That's the limit: muted until { $until }. The count starts over.
mod-escalated-mute-forever = 🔇 That's the limit: muted. The count starts over.
mod-escalated-kick = 👢 That's the limit: removed from the chat. The count starts over.
mod-escalated-ban = ⛔ That's the limit: banned. The count starts over.
mod-escalation-failed = That's the limit, but the action wasn't taken. { $error }
mod-unwarned = ✅ Removed { $name }'s latest warning ({ $count }/{ $limit } now).
mod-no-warnings = { $name } has no active warnings.
mod-warns-reset = ✅ { $name }'s warnings are cleared.
mod-warns-header = ⚠️ <b>Warnings of { $name }</b>: { $count }/{ $limit }
mod-me-warnings = ⚠️ Warnings: { $count }/{ $limit }

mod-muted-until = 🔇 { $name } is muted until { $until }.
mod-muted-forever = 🔇 { $name } is muted until an admin lifts it.
mod-banned-until = ⛔ { $name } is banned until { $until }.
mod-banned-forever = ⛔ { $name } is banned.
mod-unmuted = 🔊 { $name } can talk again.
mod-unbanned = ✅ { $name } is no longer banned and may join again.
mod-kicked = 👢 { $name } was removed from the chat (they may come back).

mod-filter-usage = Usage: <code>/filter word</code> or <code>/filter /regex/</code>, optionally followed by <code>delete</code> (default), <code>warn</code>, <code>mute</code> or <code>ban</code>.
mod-filter-too-long = ❌ A filter can be at most { $max } characters.
mod-filter-bad-regex = ❌ That's not a valid regular expression. Nothing was added.
mod-filter-too-costly = ❌ That regular expression is too costly to run on every message. Try a simpler one.
mod-filter-too-broad = ❌ That filter would act on nearly every message: it even matches { $probe }. Make it more specific — or, if you really mean it, add <code>{ $confirm }</code> at the end: <code>/filter … { $confirm }</code>. Nothing was added.
mod-filter-probe-empty = an empty message
mod-filter-probe-space = a single space
mod-filter-probe-text = the one-character message <code>{ $text }</code>
mod-filter-too-many = { $max ->
    [one] ❌ This chat already has { $max } filter: remove it first.
   *[other] ❌ This chat already has { $max } filters: remove one first.
}
mod-filter-kind-word = word
mod-filter-kind-regex = regex
mod-filter-added = ✅ Filter ({ $kind }) <code>{ $pattern }</code>: matching messages are deleted, then { $action }.
mod-filter-action-delete = nothing more
mod-filter-action-warn = the sender is warned
mod-filter-action-mute = the sender is muted
mod-filter-action-ban = the sender is banned
mod-unfilter-usage = Usage: <code>/unfilter pattern</code> (as /filters shows it).
mod-filter-removed = ✅ Filter <code>{ $pattern }</code> removed.
mod-filter-not-found = There is no filter <code>{ $pattern }</code>. /filters lists them.
mod-filters-none = No filters yet. Add one with <code>/filter word</code>.
mod-filters-header = 🧹 <b>Filters</b> ({ $count }):
mod-filter-reason = filter { $pattern }
mod-filter-removed-notice = 🧹 A message was removed by a filter.

mod-flood-reason = flooding
mod-flood-muted = 🔇 { $name }, that's a lot of messages at once: you're muted for { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
mod-newcomer-reason = newcomer limit
mod-newcomer-note = 👋 { $name }, welcome! In your first hours here, links, forwards from channels and media are removed — it's how we keep spam out. You can post them from { $until }.

mod-report-usage = Reply to the message you want to report with <code>/report</code> (and a reason, if you like).
mod-report-admin = I can't take reports about admins.
mod-report-self = You can't report yourself.
mod-report-limit = { $max ->
    [one] You've sent { $max } report in the last hour: please wait a little before the next one.
   *[other] You've sent { $max } reports in the last hour: please wait a little before the next one.
}
mod-report-thanks = 🙏 Thanks — the admins have been told.
mod-report-card = 🚩 <b>Report</b> in { $chat }: { $reporter } reported { $target }.
mod-report-excerpt = Message: <i>{ $text }</i>
mod-report-open = Open the message
mod-report-admins = Admins: { $admins }
mod-report-reason = report
mod-button-warn = ⚠️ Warn
mod-button-mute = 🔇 Mute
mod-button-ban = ⛔ Ban
mod-button-dismiss = ✖️ Dismiss
mod-report-admins-only = Only the chat's admins and community moderators can act on reports.
mod-report-handled = This report has already been handled.
mod-report-done = Done.
mod-report-handled-by = ✅ Handled by { $admin }: { $action }
mod-report-hidden = 🙈 Thanks — trusted members agree: the message is hidden and its author muted until an admin decides.
mod-hidden-reason = { $count ->
    [one] hidden by { $count } trusted report
   *[other] hidden by { $count } trusted reports
}
mod-hidden-card = 🙈 <b>Hidden</b> in { $chat }: { $count ->
    [one] { $count } trusted member
   *[other] { $count } trusted members
} reported a message by { $name }. I deleted it and muted them until an admin decides.
mod-button-restore = ↩️ Restore
mod-button-confirm = ✅ Confirm
mod-hidden-admins-only = Only the chat's admins can restore or confirm a hidden message.
mod-hidden-decided = An admin has already decided about this message.
mod-hidden-restored = restored: { $name } can talk again (the deleted message cannot come back; its words are above)
mod-hidden-confirmed = confirmed: the message stays deleted and { $name } muted

mod-modlog-usage = Usage: <code>/modlog</code> or <code>/modlog 20</code> (1–50).
mod-modlog-empty = The moderation log is empty.
mod-modlog-header = 📋 <b>Moderation log</b>, last { $count }:
mod-log-post = 📋 { $chat }: { $line }
mod-log-line = { $at } · { $action } · { $target } · by { $actor }
mod-log-until = {" "}· until { $until }
mod-log-reason = {" "}· { $reason }
mod-log-auto = hearth (automatic)
mod-log-by-moderator = { $name } (community moderator)
mod-act-warn = warned
mod-act-unwarn = warning removed
mod-act-resetwarns = warnings cleared
mod-act-mute = muted
mod-act-unmute = unmuted
mod-act-ban = banned
mod-act-unban = unbanned
mod-act-kick = removed
mod-act-delete = message deleted
mod-act-dismiss = report dismissed
mod-act-confirm = hiding confirmed

# Trust levels: /trust, the line of /me, the badge of /top.

cmd-trust = a member's trust level and why: /trust @user [leader|auto]
cmd-promote = make a level-3 member a community moderator: /promote @user
cmd-demote = a community moderator no longer: /demote @user

setting-trust1-messages = Messages a newcomer needs for trust level 1 (member)
setting-trust1-days = Days since joining a newcomer needs for trust level 1 (member)
setting-trust2-weeks-active = Weeks with a message (of the last trust2_weeks) needed for trust level 2 (regular)
setting-trust2-weeks = How many recent weeks trust level 2 (regular) looks at
setting-trust3-points = Points needed for trust level 3 (leader), besides level 2
setting-trust3-helpful = Helpful answers (thanks received) needed for trust level 3 (leader), besides level 2

trust-level-newcomer = newcomer
trust-level-member = member
trust-level-regular = regular
trust-level-leader = leader
trust-badge = TL{ $level }

trust-me-level = 🛡 Trust level: <b>TL{ $level }</b> ({ $name })
trust-me-next = Next, TL{ $level } ({ $name }), needs:
trust-me-capped = Held at TL1 while a warning is active; it comes back when:
trust-need-rules = accept the rules
trust-need-messages = messages: { $have } of { $need }
trust-need-days = days in the group: { $have } of { $need }
trust-need-weeks = active weeks: { $have } of the { $need } needed (last { $of } weeks)
trust-need-no-warnings = no active warnings (now { $count })
trust-need-points = points: { $have } of { $need }
trust-need-helpful = helpful answers: { $have } of { $need }

trust-explain = { $name }: <b>TL{ $level }</b> ({ $what })
trust-why-computed = Computed from what they have done.
trust-why-chosen = Chosen as a leader by an admin.
trust-why-capped = Held at TL1 by { $count ->
    [one] an active warning
   *[other] { $count } active warnings
}.
trust-facts = Messages: { $messages } · active weeks: { $weeks } · warnings: { $warnings } · points: { $points } · helpful answers: { $helpful } · rules: { $rules }
trust-rules-ok = accepted
trust-rules-pending = not accepted yet
trust-chosen-leader = ✅ { $name } is now a leader (TL3), chosen by an admin.
trust-chosen-auto = ✅ { $name }'s level is computed again.

trust-usage = Reply to the member's message with <code>/trust</code>, or name them: <code>/trust @username</code> to see their level, <code>/trust @username leader</code> to make them a leader, <code>/trust @username auto</code> to go back to the computed level.
trust-unknown-level = I don't know the level “{ $word }”: use <code>leader</code> or <code>auto</code>.
trust-not-member = { $who } is not a member of this group as far as I know.
trust-promote-usage = Reply to the member's message with <code>/{ $command }</code>, or name them: <code>/{ $command } @username</code>.
trust-promote-admin = { $name } is an admin already: admins moderate anyway.
trust-promote-low = { $name } is <b>TL{ $level }</b> ({ $what }): only level-3 members (leaders) can be community moderators. Nothing was changed.
trust-promoted = ✅ { $name } is now a community moderator: they may /warn, /mute (for at most <code>member_mod_mute</code>) and handle reports — never about admins or other community moderators.
trust-promoted-already = { $name } is a community moderator already.
trust-demoted = ✅ { $name } is no longer a community moderator.
trust-not-moderator = { $name } is not a community moderator. Nothing was changed.

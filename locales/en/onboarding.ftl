# Onboarding: welcome, rules gate, DM introduction, check-in, funnel.

onb-button-accept = ✅ I accept the rules
onb-button-introduce = 👋 Introduce yourself
onb-welcome-default = 👋 Welcome to { $chat }, { $name }! We're glad you're here.
onb-welcome-back = 👋 Welcome back to { $chat }, { $name }! Good to see you again.
onb-welcome-batch = 👋 Welcome to { $chat }: { $names }!
onb-rules-inline = 📜 <b>Our rules</b>
    { $rules }
onb-gate-note = Please read the rules and press <b>“I accept the rules”</b> to start writing.
onb-gate-no-rights = ⚠️ I can't restrict newcomers here, so I welcome them without the rules gate. To enable it, give me the admin right to <b>ban users</b> (restrict members), or turn the gate off with <code>/set gate off</code>.
onb-not-your-button = This button is for the newcomer it welcomes.
onb-already-accepted = You have already accepted the rules. 🙂
onb-accept-failed = I couldn't lift the restriction — please ask an admin.
onb-accepted = Thank you! You can write now. Welcome aboard!
onb-accepted-muted-until = Thank you for accepting the rules! You are still muted until { $until }; then you can write.
onb-accepted-muted = Thank you for accepting the rules! You are still muted until an admin lifts it.

onb-rules-show = 📜 <b>Rules</b>
    { $rules }
onb-rules-none = This chat has no rules yet. Admins can set them with /setrules.
onb-setrules-usage = Usage: <code>/setrules your rules</code>, or reply with /setrules to a message that holds them.
onb-rules-too-long = The rules are too long: at most { $max } characters.
onb-rules-saved = ✅ Rules saved. Newcomers will see them in the welcome.

onb-welcome-is-default = (the default welcome)
onb-setwelcome-show = <b>Current welcome:</b>
    { $current }

    Change it with <code>/setwelcome text</code>. Placeholders: { $placeholders }
onb-template-unknown = ❌ Unknown placeholder <code>{ $found }</code>. Valid ones: { $placeholders }
onb-template-unbalanced = ❌ A brace has no pair near <code>{ $near }</code>: a placeholder is a word in braces, one of { $placeholders }. Nothing was saved.
onb-template-too-long = ❌ Filled in, this welcome would be { $len } characters; Telegram allows { $max }.
onb-welcome-saved = ✅ Welcome text saved.
onb-welcome-reset = ✅ Back to the default welcome.

onb-links-full = You already have { $max } links; delete one with /dellink first.
onb-link-added = ✅ Link “{ $title }” added to the welcome.
onb-link-invalid = ❌ { $reason } Usage: <code>/addlink Title | https://example.com</code>
onb-link-err-separator = Separate the title and the address with “|”.
onb-link-err-title = The title is empty.
onb-link-err-title-long = The title is too long (64 characters at most).
onb-link-err-url = That address is not a valid URL.
onb-link-err-scheme = Only http:// and https:// addresses work as buttons.
onb-link-deleted = ✅ Link “{ $title }” deleted.
onb-link-not-found = There is no link “{ $title }”. /links lists them.
onb-links-none = No links yet. Add one: <code>/addlink Title | https://example.com</code>
onb-links-header = <b>Links in the welcome</b>

onb-goals-saved = ✅ Newcomers will choose from: { $goals }
onb-goals-usage = Usage: <code>/setgoals Networking; Learning; Finding a job</code> — 1 to 8 options, each up to 40 characters.
onb-default-goals = Meeting people; Learning; Sharing my experience; Finding work or projects; Just reading

onb-intro-not-member = I don't see you in that group yet. Join it first, then press “Introduce yourself” again.
onb-intro-already = You've already introduced yourself in { $chat } — thank you!
onb-intro-ask-goal = Let's introduce you to { $chat }! 🙌
    First: what do you want from this community? Pick one, or write your own.
onb-intro-ask-about = Great! Now a few words about yourself (up to { $max } characters): who you are, what you do, what you're into.
onb-intro-reask-goal = I need a few words of text here 🙂 Pick an option above or write what you're looking for. /cancel stops.
onb-intro-reask-about = I need a few words of text here 🙂 Tell us about yourself, or /cancel to stop.
onb-intro-too-long = That's a bit long — please keep it under { $max } characters.
onb-intro-post = 👋 Meet { $name }!
    { $about }
    🎯 Here for: { $goal }
onb-intro-thanks = Done — your introduction is posted in { $chat }. Here's where things are:
onb-cancelled = OK, stopped. You can come back any time.
onb-nothing-to-cancel = There's nothing to stop.

onb-checkin = 👋 How is it going in { $chat }? Do you need anything?
onb-checkin-ok = 👍 All good
onb-checkin-help = 🆘 I need help
onb-checkin-idea = 💡 I have an idea
onb-checkin-already = Thanks, you've already answered.
onb-checkin-glad = Glad to hear it! Enjoy the community. 🙂
onb-checkin-ask-help = Tell me in one message what you need help with — I'll pass it to the admins.
onb-checkin-ask-idea = Tell me your idea in one message — I'll pass it to the admins.
onb-checkin-reask = Please write it as text, or /cancel.
onb-checkin-passed-on = ✅ Passed on to the admins. Thank you!
onb-checkin-help-to-admins = 🆘 { $name } in { $chat } needs help:
    { $text }
onb-checkin-idea-to-admins = 💡 { $name } in { $chat } has an idea:
    { $text }

onb-funnel-header = <b>Onboarding, last { $days } days</b> (share of joined · of the step before)
onb-funnel-row = { $step }: <b>{ $count }</b> · { $pct }% · { $prev }%
onb-step-joined = Joined
onb-step-rules-accepted = Accepted the rules
onb-step-dm-opened = Opened the DM
onb-step-introduced = Introduced themselves
onb-step-first-message = Wrote a first message
onb-step-checked-in = Answered the check-in

cmd-rules = show the chat's rules
cmd-cancel = stop the current conversation
cmd-setwelcome = set the welcome text ({"{"}name{"}"}, {"{"}chat{"}"}, {"{"}rules{"}"})
cmd-resetwelcome = back to the default welcome
cmd-setrules = set the rules (text, or in reply)
cmd-addlink = add a link button to the welcome: Title | URL
cmd-dellink = remove a welcome link
cmd-links = list the welcome links
cmd-setgoals = newcomers' goal options: a; b; c
cmd-onboarding = onboarding funnel, last 30 days

setting-gate = Newcomers are read-only until they accept the rules
setting-clean-welcome = Delete the previous welcome when posting a new one
setting-gate-kick-minutes = Remove newcomers who haven't accepted the rules after this many minutes (0 = never)
setting-checkin-days = Days after joining to ask newcomers how it's going (0 = off)

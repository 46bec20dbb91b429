# Entry: join requests, customers' proofs, founders, churn.

cmd-setentryquestion = the question applicants answer: /setentryquestion text (reset for the default)
cmd-setentrylink = where a refused applicant can become a customer: /setentrylink URL (or off)
cmd-founders = founders' personal invite links: /founders customer ids (or in reply to them); alone, how they did
cmd-churned = which members' customer accounts have churned, and what the churned policy does to them

setting-entry = Who gets in: open (Telegram's rules), requests (a question, the admins decide), customers (proven customers at once)
setting-entry-fallback = In customers mode, a non-customer's request: admins (the admins decide) or decline (a polite refusal)
setting-request-expire-hours = Hours after which an undecided join request is declined
setting-churned = A member whose customer account churned: keep, goodbye (a warm DM) or remove (also out of the chat, free to rejoin)

error-admin-lacks-invite = You need the "Invite users via link" admin right for this.

entry-default-question = Tell us a little about yourself: who are you, and what brings you here?
entry-question-usage = The question applicants answer:
    <i>{ $question }</i>
    Change it with <code>/setentryquestion your question</code>, or <code>/setentryquestion reset</code> for the default.
entry-question-set = ✅ Applicants will be asked:
    <i>{ $question }</i>
entry-question-too-long = A question can be at most { $max } characters.
entry-link-none = none
entry-link-usage = The link a refused applicant gets: { $url }
    Set it with <code>/setentrylink https://…</code>, or <code>/setentrylink off</code>.
entry-link-off = ✅ Refused applicants get no link now.
entry-link-bad = <code>{ $value }</code> is not an http(s) link.
entry-link-set = ✅ Refused applicants get this link: { $url }

entry-no-invite-right = ⚠️ Entry in “{ $chat }” needs me to be an admin with the “Invite users via link” right: without it Telegram doesn't show me join requests, and I can't approve or decline them. Please give me that right.

entry-signed-off = Sign-in links are not set up for this bot.
entry-signed-expired = ⌛ This link has expired. Please open your account page and take a fresh one.
entry-signed-invalid = ⚠️ This link is not valid here: it was changed, or it was made for another bot. Please take a fresh one from your account page.
entry-signed-unknown = I don't know this customer account yet. Please try again later, or ask the company's support.
entry-proof-customer-taken = This customer account is already linked to another Telegram account. If that's wrong, please contact support.
entry-proof-account-taken = Your Telegram account is already linked to another customer account.
entry-proof-inactive = Your account is linked, but your customer account isn't active, so I can't let you in. You're welcome back any time!
entry-proof-ok = ✅ You're confirmed as a customer.
entry-proof-approved = Your request to join “{ $chat }” is approved — welcome!
entry-proof-approve-failed = I couldn't approve your request to “{ $chat }” just now; the admins have been told.
entry-proof-already-in = You're already in “{ $chat }”.
entry-proof-link = Your personal link to “{ $chat }” (for you only, it works once): { $url }
entry-proof-no-link = I couldn't make your link to “{ $chat }” just now; please try again later.

entry-code-wait = Too many wrong codes. Please try again in { $minutes ->
    [one] { $minutes } minute
   *[other] { $minutes } minutes
}.
entry-code-used = This code has already been used by another account.
entry-code-wrong = That code isn't valid. { $left ->
    [one] One more try
   *[other] { $left } more tries
} this hour.
entry-code-wrong-last = That code isn't valid, and that was the last try for now: please wait { $minutes } minutes.

entry-ask = 👋 Thanks for your request to join “{ $chat }”! One question from the admins:
    <b>{ $question }</b>
    Just reply here.
entry-ask-customer = 👋 “{ $chat }” is a community for our customers. If you are one, open the sign-in link from your account page, or send me your access code here.
    Otherwise, answer a question and the admins will decide:
    <b>{ $question }</b>
entry-request-closed = Your request is no longer pending.
entry-reask = Please answer in a text message.
entry-answer-thanks = Thank you! The admins of “{ $chat }” will look at your request.

entry-application = 📝 <b>Request to join “{ $chat }”</b>
entry-application-who = { $name } ({ $username })
entry-application-customer = 🧾 Customer { $id }
entry-application-churned = 🧾 Former customer { $id }
entry-application-answer = 💬 { $answer }
entry-application-no-answer = 💬 No answer: I could not write to them.
entry-button-approve = ✅ Approve
entry-button-decline = ❌ Decline
entry-already-approved-by = Already approved by { $admin }.
entry-already-approved-customer = Already approved: proven a customer.
entry-already-declined-by = Already declined by { $admin }.
entry-already-declined = Already declined.
entry-already-expired = This request expired.
entry-already-withdrawn = They withdrew their request.
entry-failed = Telegram didn't take it; please try again.
entry-admins-only = Only the chat's admins can decide requests.
entry-no-right-alert = I can't: I'm not allowed to invite users in that chat. The admins have been told.
entry-approved = Approved.
entry-declined = Declined.
entry-card-withdrawn = ↩️ Withdrawn by the applicant.
entry-card-approved = ✅ Approved by { $admin }.
entry-card-declined = ❌ Declined by { $admin }.
entry-applicant-approved = ✅ Your request to join “{ $chat }” was approved — welcome!
entry-applicant-declined = Sorry, your request to join “{ $chat }” was declined.

entry-refusal = Thank you for your interest in “{ $chat }”! It's a community for our customers, so I can't let you in. If you are a customer, open the sign-in link from your account page, or send me your access code here.
entry-refusal-link = Not a customer yet? Here's how to become one: { $url }
entry-expired = Your request to join “{ $chat }” expired without a decision. You're welcome to ask again.

entry-founders-overview = 🏛 <b>Founders</b>
    Invited: { $invited }
    Joined: { $joined }
    Posted: { $posted }
    To invite, <code>/founders</code> with customer ids (or in reply to a message with them).
entry-founders-anonymous = Send this as yourself, not anonymously: the links go to your DM.
entry-founders-made = { $count ->
    [one] Made { $count } personal invite link.
   *[other] Made { $count } personal invite links.
}
entry-founders-unknown = Not in the customer registry: { $ids }
entry-founders-failed = { $count ->
    [one] { $count } link could not be made.
   *[other] { $count } links could not be made.
}
entry-founders-caption = Founders' personal invite links ({ $count }): one join each. Send each customer their own.
entry-founders-sent = The CSV (customer_id,link) is in your DM.
entry-founders-dm-closed = I couldn't send you the CSV: open a chat with @{ $bot }, press Start, and run the command again (the same links are reused).

entry-goodbye = 💛 Thank you for being part of our community! Your customer account has ended — we'll miss you, and you're always welcome back.
entry-goodbye-removed = As “{ $chat }” is for customers, you're no longer in it; when you come back, you can rejoin.
entry-welcome-back = 🎉 Welcome back! Your customer account is active again.
entry-churned-header = 🚪 <b>Members whose customer account churned: { $count }</b>
entry-churned-row = • { $name } — { $id }, churned { $date }
entry-churned-admin = (admin: never removed)
entry-churned-told = (already told)
entry-churned-none = 🚪 No member of this chat has a churned customer account.
entry-churned-keep = Policy: <b>keep</b> — nothing happens. With <code>/set churned goodbye</code> they get a warm DM; with <code>/set churned remove</code> they also leave the chat (and can rejoin).
entry-churned-goodbye = Policy: <b>goodbye</b> — each gets a warm DM, once.
entry-churned-remove = Policy: <b>remove</b> — each gets a warm DM and leaves the chat (free to rejoin); admins are never removed.

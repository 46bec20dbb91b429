# Premoderation.

cmd-premod = premoderate this topic (or, in General, the whole chat): /premod on|off
setting-premod-level = trust level a member needs to post without premoderation (0 = nobody is held)
premod-usage = Usage: <code>/premod on</code> or <code>/premod off</code> in a topic (in General: the whole chat); <code>/premod</code> shows the state. Example: <code>/premod on</code>
premod-usage-short = Turn it on or off here: <code>/premod on</code> · <code>/premod off</code>
premod-on-topic = 🛡 Premoderation is on in this topic.
premod-on-chat = 🛡 Premoderation is on in the whole chat.
premod-off-topic = Premoderation is off in this topic: posts appear at once again.
premod-off-chat = Premoderation is off in the whole chat: posts appear at once again.
premod-off-whole-chat-first = The whole chat is premoderated: turn it off in General with <code>/premod off</code>.
premod-already-on = Premoderation is already on here.
premod-already-off = Premoderation is not on here.
premod-level = Posts from members below TL{ $level } ({ $name }) wait for review; admins and community moderators are never held.
premod-level-nobody = With <code>premod_level</code> 0 nobody is held.
premod-cards-by-dm = No log chat is set: the review cards go to admins who have started me in a DM (or set one with /setlogchat).
premod-state-chat = 🛡 Premoderation is on in the whole chat.
premod-state-topic = 🛡 Premoderation is on in this topic ({ $topics ->
    [one] one topic in all
   *[other] { $topics } topics in all
}).
premod-state-off-here = Premoderation is off here; it is on in { $topics ->
    [one] one topic
   *[other] { $topics } topics
}.
premod-state-off = Premoderation is off.
premod-held-dm = ⏳ Your post in <b>{ $chat }</b> will appear once a moderator has reviewed it.
premod-held-notice = ⏳ { $name }, your post will appear once a moderator has reviewed it.
premod-card = 🕓 <b>A post awaits review</b> in { $chat }
    From: { $author }
premod-media-photo = 📷 with a photo
premod-media-document = 📎 with a file
premod-media-video = 🎬 with a video
premod-media-animation = 🎞 with a GIF
premod-button-approve = ✅ Approve
premod-button-reject = ❌ Reject
premod-button-back = « Back
premod-reason-off-topic = Off-topic
premod-reason-spam = Spam
premod-reason-rules = Against the rules
premod-reason-other = Other
premod-not-reviewer = Only the chat's admins and community moderators can review posts.
premod-already-approved = Already approved by { $by }.
premod-already-rejected = Already rejected by { $by }.
premod-approved-toast = Approved and posted.
premod-approved-by = ✅ Approved by { $by }.
premod-repost-failed = Telegram refused the repost; the post is still waiting. Try again later.
premod-credit = ✍️ { $author }
premod-rejected-dm = Your post in <b>{ $chat }</b> was not published. Reason: { $reason }. Here it is, so that nothing you wrote is lost:
premod-rejected-by = ❌ Rejected by { $by }: { $reason }.
premod-rejected-toast = Rejected; the author has been told.
premod-author-not-told = ⚠️ The author could not be told: they have not started the bot or blocked it.

# Ideas board and forum topics.

cmd-idea = suggest an idea: /idea text (or in reply to a message)
cmd-ideas = the ideas board: /ideas [top|new|planned|done]
cmd-ideastatus = set an idea's status: /ideastatus N planned|in_progress|done|declined [comment]
cmd-ideamerge = merge a duplicate idea: /ideamerge N into M
cmd-settopic = inside a forum topic: /settopic welcome|intro|ideas|digest|log|help|rubric [off]
cmd-topics = which topic each kind of post goes to

idea-status-open = 🆕 open
idea-status-planned = 🗓 planned
idea-status-in-progress = 🛠 in progress
idea-status-done = ✅ done
idea-status-declined = 🚫 declined
idea-status-merged = 🔀 merged

idea-card = 💡 <b>Idea #{ $number }</b> · { $status }
    { $text }

    👤 { $author } · 👍 { $up } · 👎 { $down } · score <b>{ $score }</b>
idea-card-comment = 💬 { $comment }
idea-card-merged = 🔀 Merged into idea #{ $number }: vote there.
idea-posted-elsewhere = 💡 Idea #{ $number } is on the board in the ideas topic.

idea-usage = Usage: <code>/idea your idea</code>, or reply to a message with <code>/idea</code> to put it on the ideas board.
idea-err-anonymous = Post ideas from your own account, so they can be credited to you.
idea-err-too-long = That idea is too long: at most { $max } characters, please.
idea-err-not-found = There is no idea #{ $number } in this chat.
idea-err-unknown-status = Unknown status “{ $word }”. Use planned, in_progress, done or declined.
idea-err-same-status = The idea already has this status.
idea-err-merged = That idea was merged into another one; change the other one instead.
idea-err-already-merged = Idea #{ $number } is already merged into another one.
idea-err-not-allowed = An idea can't go from { $from } to { $to }.
idea-err-merge-self = An idea can't be merged into itself.
idea-err-closed = This idea is { $status }: voting is closed.
idea-err-not-member = Only members of this group can vote on its ideas.

idea-voted-up = 👍 Your vote is counted.
idea-voted-down = 👎 Your vote is counted.
idea-vote-changed-up = Changed your vote to 👍.
idea-vote-changed-down = Changed your vote to 👎.
idea-vote-same = You have already voted this way.

ideastatus-usage = Usage: <code>/ideastatus 3 planned</code> — statuses: planned, in_progress, done, declined; a comment may follow.
idea-status-set = Idea #{ $number } is now { $status }. { $count ->
    [0] Nobody to tell in a DM.
    [one] { $count } member gets a DM about it.
   *[other] { $count } members get a DM about it.
}
idea-status-dm = 💡 News about idea #{ $number } in { $chat }: it is now <b>{ $status }</b>.
    « { $text } »
idea-status-dm-author = It is your idea: thank you!
idea-delivered = 🎉 <b>You asked — we delivered!</b>
    Idea #{ $number }: { $text }
    Thanks to { $author } for suggesting it.

ideamerge-usage = Usage: <code>/ideamerge 5 into 2</code> — idea #5's votes move to #2 and #5 is closed.
idea-merged = 🔀 Idea #{ $from } merged into #{ $into }; #{ $into }'s score is now { $score }.

ideas-usage = Usage: <code>/ideas</code>, <code>/ideas new</code>, <code>/ideas planned</code> or <code>/ideas done</code>.
ideas-header-top = 💡 <b>Top ideas</b>
ideas-header-new = 💡 <b>New ideas</b>
ideas-header-planned = 🗓 <b>Planned and in progress</b>
ideas-header-done = ✅ <b>Done</b>
ideas-empty = Nothing here yet. Suggest one with <code>/idea</code>!
ideas-row = #{ $number } { $text } — { $score } · { $status }

idea-digest-header = 💡 Taken up this week ({ $count }):
idea-digest-row = • #{ $number } { $text } — { $status }

topic-kind-welcome = welcomes of newcomers
topic-kind-intro = introductions
topic-kind-ideas = idea cards and “we delivered” announcements
topic-kind-digest = the weekly digest and badges
topic-kind-log = the admins' log (when the log chat is this group)
topic-kind-help = questions and help
topic-kind-rubric = scheduled rubric posts (the content calendar)
settopic-usage = Usage, inside a topic: <code>/settopic kind</code> to send that kind of post here, <code>/settopic kind off</code> to send it to the general topic again. Kinds: { $kinds }.
settopic-not-forum = Topics are not turned on in this group: everything goes to the chat itself. Turn on topics in the group's settings to use /settopic.
settopic-not-in-topic = Run <code>/settopic { $kind }</code> inside the topic where these posts should go (not in the general topic).
settopic-bound = ✅ This topic now gets { $kind }.
settopic-log-note = The log goes here only when the log chat is this group itself (/setlogchat).
settopic-unbound = ✅ Back to the general topic: { $kind }.
settopic-was-not-bound = Already in the general topic: { $kind }.
topics-header = 🗂 <b>Where the bot posts</b>
topics-row = <code>{ $kind }</code> — { $name }: { $place }
topics-in-topic = topic { $thread }
topics-general = general topic
topics-hint = Change it with /settopic inside a topic.

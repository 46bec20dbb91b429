# Referrals: personal invite links, deep-link codes, rewards for both sides.

cmd-invite = your personal invite link to the chat
cmd-referrals = your referrals (admins: /referrals all)

setting-referral-points = Points for the member who invited a newcomer, once the newcomer qualifies
setting-welcome-points = Points for a newcomer who joined through an invitation, once they qualify
setting-referral-min-messages = Messages an invited newcomer must post before the referral counts
setting-referral-qualify-days = Days an invited newcomer must stay before the referral counts

ref-invite-link = 🔗 Your personal invite link to { $chat }:
    { $url }
    Share it: when the people you bring stay and take part, you both get points.
ref-invite-deeplink = 🔗 I can't create invite links in { $chat }, so here is your personal referral link:
    { $url }
    Whoever opens it and then joins { $chat } counts as invited by you.
ref-invite-stats = Joined through you: { $joined }, of them qualified: { $qualified }.
ref-invite-no-chats = I haven't seen you in any of my groups yet: run /invite in the group you want to invite people to.
ref-invite-pick = Which chat do you want to invite people to?

ref-start-invalid = ❌ This invite code is not valid. Ask the person who sent it for a fresh link.
ref-start-own = That's your own invite link for { $chat }: share it with others. 🙂
ref-start-member = You are already a member of { $chat } — the invitation has nothing more to do.
ref-start-ok = 👋 { $name } invites you to { $chat }! Join here: { $url }
ref-start-ok-nolink = 👋 { $name } invites you to { $chat }! Ask them how to join: once you're in, the invitation counts.

ref-paid-referrer = 🎉 { $name }, who joined { $chat } through your invitation, is now a full member: +{ $points ->
    [one] { $points } point
   *[other] { $points } points
} for you!
ref-paid-referrer-group = 🎉 { $referrer }: { $name }, who joined through your invitation, is now a full member — +{ $points ->
    [one] { $points } point
   *[other] { $points } points
}!
ref-paid-newcomer = 🎉 Glad you stayed in { $chat }! You joined through { $name }'s invitation: +{ $points ->
    [one] { $points } welcome point
   *[other] { $points } welcome points
}.
ref-paid-newcomer-group = 🎉 { $name }: +{ $points ->
    [one] { $points } welcome point
   *[other] { $points } welcome points
} for joining through { $referrer }'s invitation!

ref-mine = 🤝 <b>Your referrals</b>
    Invited: { $invited }
    Qualified: { $qualified }
    Pending: { $pending }
    Points earned: { $points }
ref-usage = Usage: <code>/referrals</code> for yours, <code>/referrals all</code> (admins) for the whole chat.
ref-all-header = 🤝 <b>Referrals in this chat</b>
    Joined by referral: { $invited } → qualified: { $qualified } ({ $pct }%), pending: { $pending }
    <b>Top referrers</b>
ref-all-none = Nobody has been invited yet.
ref-all-row = { $rank }. { $name } — invited { $invited }, qualified { $qualified }

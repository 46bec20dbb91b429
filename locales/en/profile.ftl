# A member's profile: /me.

cmd-me = your points, badges and activity here

me-card = 👤 <b>{ $name }</b>
    ⭐ Points: <b>{ $points }</b>{ $rank }
    🏅 Badges: { $badges }
    📅 Member since: { $since }
    💬 Messages: { $messages }
    🤝 Referrals: { $qualified } qualified, { $pending } pending
me-rank = {" "}(#{ $rank })
me-no-badges = none yet

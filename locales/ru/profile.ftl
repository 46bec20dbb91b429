# Профиль участника: /me.

cmd-me = ваши баллы, значки и активность здесь

me-card = 👤 <b>{ $name }</b>
    ⭐ Баллы: <b>{ $points }</b>{ $rank }
    🏅 Значки: { $badges }
    📅 В чате с: { $since }
    💬 Сообщений: { $messages }
    🤝 Приглашённые: засчитано { $qualified }, ожидают { $pending }
me-rank = {" "}(#{ $rank })
me-no-badges = пока нет

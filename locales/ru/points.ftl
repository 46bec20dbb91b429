# Баллы, значки и рейтинг.

cmd-top = рейтинг: /top [week|month|all]
cmd-give = начислить или снять баллы: /give N [причина], ответом на сообщение участника

badge-first-message = 💬 Первое сообщение
badge-introduced = 👋 Представился
badge-first-helpful-answer = 🤝 Первый полезный ответ
badge-ten-helpful-answers = 🧠 10 полезных ответов
badge-first-referral = 🔗 Первый приглашённый
badge-ambassador = 🌟 Амбассадор
badge-thirty-day-streak = 🔥 30 дней подряд
badge-founder = 🏛 Основатель
badge-co-creator = 💡 Соавтор
badge-unlocked = 🏅 { $name } { $count ->
    [one] получает значок
   *[other] получает значки
}: { $badges }!

top-usage = Использование: <code>/top</code>, <code>/top week</code>, <code>/top month</code> или <code>/top all</code>.
top-header-week = 🏆 <b>Лучшие за 7 дней</b>
top-header-month = 🏆 <b>Лучшие за 30 дней</b>
top-header-all = 🏆 <b>Лучшие за всё время</b>
top-empty = За этот период баллов ещё нет.
top-row = { $rank }. { $name } — { $points } · <code>{ $badge }</code>
top-you = Ваше место: #{ $rank }, { $points ->
    [one] { $points } балл
    [few] { $points } балла
   *[many] { $points } баллов
}.
top-you-none = У вас пока нет баллов за этот период.

give-usage = Использование: ответьте на сообщение участника командой <code>/give 10 причина</code> (от -{ $max } до { $max }, не 0; отрицательное число снимает баллы).
give-not-self = Себе баллы начислить нельзя.
give-done = ✅ { $name }: { $points }{ $reason }. Теперь { $total }.
badge-best-answer = ⭐ Лучший ответ недели
badge-three-best-answers = 🏆 3 лучших ответа

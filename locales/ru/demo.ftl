# `hearth demo`: слова рассказчика (сообщения самого бота — из других файлов).

demo-opening = hearth demo — две недели из жизни сообщества «{ $chat }» в симуляции Telegram. 👤 — что делают люди, 🤖 — что делает бот, ⏩ — проходит время.
demo-chapter-welcome = Приходят новички
demo-chapter-introduction = Новенькая принимает правила и представляется
demo-chapter-moderation = Спамера отфильтровывают, предупреждают и лишают голоса
demo-chapter-nps = Админ спрашивает, порекомендуют ли участники сообщество
demo-chapter-referral = Ссылка-приглашение приводит друга, и награду получают оба
demo-chapter-nudge = Бот замечает молчуна и бережно спрашивает, как дела
demo-chapter-stats = Админ смотрит на цифры
demo-day = день { $n }
demo-to-dm = { $name } (в личку)
demo-in-dm = { " " }(в личке с ботом)
demo-replies = { $name } в ответ на сообщение (автор — { $to }): { $text }
demo-joins = { $name } вступает в чат «{ $chat }»
demo-joins-by-link = { $name } вступает в чат «{ $chat }» по ссылке-приглашению
demo-presses = { $name } нажимает [{ $button }]
demo-sent-photo = → { $to }: 🖼 график — { $caption }
demo-sent-document = → { $to }: 📎 файл — { $caption }
demo-edited = ✎ обновляет своё сообщение: { $text }
demo-deleted = 🗑 удаляет сообщение (автор — { $name })
demo-deleted-own = 🧹 убирает одно из своих прежних сообщений
demo-restricted = 🔒 { $name }: только чтение
demo-unrestricted = 🔓 { $name } снова может писать
demo-muted-until = 🔇 { $name }: без права голоса до { $until }
demo-banned = ⛔ удаляет из группы: { $name }
demo-unbanned = ↩ { $name } может вернуться
demo-toast = (всплывающее окно) { $text }
demo-link-created = 🔗 создаёт личную ссылку-приглашение
demo-step-failed = этот шаг не сделал того, что должен: { $what }
demo-ending-ok = Конец: каждый шаг сделал то, что должен.
demo-ending-failed = Конец: { $count ->
    [one] { $count } шаг не сделал
    [few] { $count } шага не сделали
   *[other] { $count } шагов не сделали
} того, что должны (отмечены ✗ выше).
demo-chart-saved = График /stats сохранён: { $path }
demo-db-kept = База данных сохранена: { $path }
demo-dashboard = Панель этого сообщества открыта на 127.0.0.1 — войдите один раз по ссылке (действует час), в любом браузере: { $link }
  Ctrl-C завершает демо.
demo-day-chatter = день в группе: пишут { $names } ({ $count ->
    [one] { $count } сообщение
    [few] { $count } сообщения
   *[other] { $count } сообщений
})

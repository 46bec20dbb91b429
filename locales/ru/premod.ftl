# Премодерация.

cmd-premod = премодерация этой темы (в General — всего чата): /premod on|off
setting-premod-level = уровень доверия, с которого участник пишет без премодерации (0 — никого не задерживать)
premod-usage = Использование: <code>/premod on</code> или <code>/premod off</code> в теме (в General — для всего чата); <code>/premod</code> покажет состояние. Пример: <code>/premod on</code>
premod-usage-short = Включить или выключить здесь: <code>/premod on</code> · <code>/premod off</code>
premod-on-topic = 🛡 Премодерация в этой теме включена.
premod-on-chat = 🛡 Премодерация во всём чате включена.
premod-off-topic = Премодерация в этой теме выключена: сообщения снова появляются сразу.
premod-off-chat = Премодерация во всём чате выключена: сообщения снова появляются сразу.
premod-off-whole-chat-first = Премодерация включена для всего чата: выключите её в General командой <code>/premod off</code>.
premod-already-on = Премодерация здесь уже включена.
premod-already-off = Премодерация здесь не включена.
premod-level = Сообщения участников ниже TL{ $level } ({ $name }) ждут проверки; админы и модераторы сообщества не задерживаются.
premod-level-nobody = При <code>premod_level</code> 0 никто не задерживается.
premod-cards-by-dm = Лог-чат не задан: карточки на проверку придут админам, которые начали со мной личный чат (или задайте его командой /setlogchat).
premod-state-chat = 🛡 Премодерация включена во всём чате.
premod-state-topic = 🛡 Премодерация включена в этой теме ({ $topics ->
    [one] всего { $topics } тема
    [few] всего { $topics } темы
   *[other] всего { $topics } тем
}).
premod-state-off-here = Здесь премодерация выключена; она включена в { $topics ->
    [one] { $topics } теме
   *[other] { $topics } темах
}.
premod-state-off = Премодерация выключена.
premod-held-dm = ⏳ Ваше сообщение в <b>{ $chat }</b> появится после проверки модератором.
premod-held-notice = ⏳ { $name }, ваше сообщение появится после проверки модератором.
premod-card = 🕓 <b>Сообщение ждёт проверки</b> в { $chat }
    Автор: { $author }
premod-media-photo = 📷 с фото
premod-media-document = 📎 с файлом
premod-media-video = 🎬 с видео
premod-media-animation = 🎞 с GIF
premod-button-approve = ✅ Одобрить
premod-button-reject = ❌ Отклонить
premod-button-back = « Назад
premod-reason-off-topic = Не по теме
premod-reason-spam = Спам
premod-reason-rules = Нарушает правила
premod-reason-other = Другое
premod-not-reviewer = Проверять сообщения могут только админы чата и модераторы сообщества.
premod-already-approved = Уже одобрено: { $by }.
premod-already-rejected = Уже отклонено: { $by }.
premod-approved-toast = Одобрено и опубликовано.
premod-approved-by = ✅ Одобрил(а) { $by }.
premod-repost-failed = Telegram не дал опубликовать сообщение; оно по-прежнему ждёт. Попробуйте позже.
premod-credit = ✍️ { $author }
premod-rejected-dm = Ваше сообщение в <b>{ $chat }</b> не опубликовано. Причина: { $reason }. Вот оно, чтобы написанное не пропало:
premod-rejected-by = ❌ Отклонил(а) { $by }: { $reason }.
premod-rejected-toast = Отклонено; автору сообщено.
premod-author-not-told = ⚠️ Автору не удалось сообщить: он не начинал чат с ботом или заблокировал его.

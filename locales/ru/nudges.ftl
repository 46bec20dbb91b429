# Молчуны: сегменты, лестница напоминаний, опрос, события, /silent.

cmd-events = ближайшие события
cmd-nudges = личные напоминания, если вы давно молчите: /nudges on|off
cmd-silent = молчуны: сегменты, ответы на опрос, возвращение
cmd-addevent = добавить событие: /addevent ГГГГ-ММ-ДД [ЧЧ:ММ] название
cmd-delevent = удалить событие: /delevent номер

setting-nudges = Бережно писать участникам, которые замолчали (лестница напоминаний)
setting-active-days = Через сколько дней без сообщений участник «под угрозой»
setting-silent-days = Через сколько дней без сообщений участник — «молчун» и получает первое письмо
setting-goodbye-days = Через сколько дней без сообщений участник «ушёл»: тёплое прощание и архив
setting-nudge-gap-days = Не чаще одного напоминания участнику за столько дней
setting-nudge-holdout-percent = Доля молчунов, которым не пишем никогда, чтобы измерить эффект напоминаний (%)
setting-prune = Удалять участников из архива из группы (бан и сразу разбан — вернуться можно)
setting-group-nudge = Раз в неделю упоминать в группе нескольких молчунов, которым бот не может написать в личку
setting-quiet-from = Начало тихих часов (без личных сообщений), ЧЧ:ММ по времени чата
setting-quiet-to = Конец тихих часов, ЧЧ:ММ по времени чата
setting-timezone = Часовой пояс чата (UTC, Europe/Moscow …)

nudge-first = Привет, { $name }! 👋 Мы заметили, что в последнее время вас не слышно в <b>{ $chat }</b>, — нам вас не хватает. Можем чем-то помочь?
    Что мешает участвовать? Достаточно одного нажатия:
nudge-answer-no-time = ⏳ Нет времени
nudge-answer-not-interested = 🤷 Темы не интересны
nudge-answer-where-to-start = 🧭 Не знаю, с чего начать
nudge-answer-other = ✏️ Другое
nudge-footer = <i>Не хотите получать такие сообщения? Отправьте /nudges off.</i>
nudge-second = Привет, { $name }! Вот что происходит в <b>{ $chat }</b> — заглядывайте, когда захочется.
nudge-second-events = 📅 <b>Скоро</b>
nudge-second-discussions = 🔥 <b>Самые живые обсуждения недели</b> — кнопки ниже ведут к ним.
nudge-second-nothing = Сейчас хороший момент просто поздороваться: хватит и короткого сообщения.
nudge-discussion-button = 💬 Обсуждение: { $replies } { $replies ->
    [one] ответ
    [few] ответа
   *[many] ответов
}
nudge-second-points = ⭐ Ваши баллы здесь: <b>{ $points }</b>.
nudge-second-unlock = Можно получить: { $badges }.
nudge-goodbye = Привет, { $name }. Мы давно не слышали вас в <b>{ $chat }</b>, поэтому больше не будем писать. 💛 Спасибо, что были с нами, — вам всегда рады, возвращайтесь когда угодно.
nudge-group-invite = 👋 Будем рады снова вас услышать: { $names }! Пишите, когда захочется, — а если нужны личные подсказки, нажмите «Старт» в личном чате со мной.

nudge-survey-thanks = Спасибо! 🙏
nudge-survey-already = Вы уже ответили — спасибо!
nudge-reply-no-time = Понимаем. 💛 Заглядывайте в <b>{ $chat }</b>, когда будет минутка, — даже короткое сообщение считается.
nudge-reply-not-interested = Спасибо за честность! Передам это администраторам — они подумают над темами.
nudge-reply-start = Вот с чего хорошо начать в <b>{ $chat }</b>: ссылки ниже и короткое знакомство — участники будут рады познакомиться.
nudge-reply-start-nolinks = Короткое знакомство — отличное начало в <b>{ $chat }</b>: участники будут рады познакомиться.
nudge-reply-other-ask = Напишите одним сообщением, что мешает (до { $max } символов), — я передам администраторам. /cancel — пропустить.
nudge-reply-other-reask = Пожалуйста, ответьте текстом или отправьте /cancel.
nudge-reply-other-thanks = Спасибо! Ваш ответ уже у администраторов. 💛
nudge-to-admins = 🔕 Ответ молчаливого участника { $name } о чате <b>{ $chat }</b>: { $text }

nudge-private-only = Отправьте мне /nudges on или /nudges off в личном чате.
nudge-off = 🔕 Готово: больше не буду присылать напоминания. Отправьте /nudges on, чтобы снова их получать.
nudge-on = 🔔 Готово: иногда напишу вам, если вы надолго пропадёте.
nudge-status-off = Напоминания для вас выключены. Отправьте /nudges on, чтобы включить.
nudge-status-on = Напоминания для вас включены. Отправьте /nudges off, чтобы выключить.
nudge-usage = Как пользоваться: <code>/nudges on</code> или <code>/nudges off</code>.

event-usage = Как пользоваться: <code>/addevent 2026-12-05 18:30 Встреча в парке</code> (время можно не указывать).
event-bad-date = ❌ Это не дата: пишите в виде ГГГГ-ММ-ДД, например 2026-12-05.
event-past = ❌ Этот момент уже в прошлом.
event-title-too-long = ❌ Слишком длинное название: не больше { $max } символов.
event-full = ❌ Уже есть { $max } предстоящих событий; сначала удалите одно через /delevent.
event-added = 📅 Событие №{ $id } добавлено: { $when } — { $title }
event-deleted = 🗑 Событие №{ $id } удалено.
event-not-found = Здесь нет события { $id }. /events покажет список с номерами.
events-header = 📅 <b>Ближайшие события</b>
events-none = Ближайших событий нет. Администраторы могут добавить их через /addevent.

silent-header = 🤫 <b>Молчуны</b>
silent-tracking-note = <i>Учитываются только участники, которых я видел при входе или в переписке: Telegram не даёт ботам список участников группы.</i>
segment-active = активные
segment-at-risk = под угрозой
segment-silent = молчуны
segment-gone = ушедшие
segment-archived = в архиве
segment-left = вышли
silent-reactivation = 📈 Вернулись в течение 14 дней после напоминания: <b>{ $nudged }</b> ({ $nudged_back } из { $nudged_n }); контрольная группа без напоминаний: <b>{ $holdout }</b> ({ $holdout_back } из { $holdout_n }).
silent-uplift = Напоминания меняют долю вернувшихся на { $diff } п. п.
silent-answers = 🗳 <b>Что мешает участвовать</b>
silent-list = <b>Молчуны и ушедшие</b> (имя — когда был · шаг · личка):
silent-none = Сейчас молчунов нет. 🎉
silent-step-none = ещё не писали
silent-step-first = первое письмо
silent-step-second = приглашение
silent-step-goodbye = прощание
silent-step-holdout = контрольная группа
silent-reachable = личка открыта
silent-unreachable = лички нет

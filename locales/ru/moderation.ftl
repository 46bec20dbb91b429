# Модерация: предупреждения, муты и баны, фильтры, антифлуд, ограничения для новичков, жалобы, журнал. Сообщения в HTML.

cmd-report = пожаловаться админам на сообщение (ответом): /report [причина]
cmd-warns = ваши предупреждения (админам — чьи угодно)
cmd-warn = предупредить участника: /warn [причина] ответом или /warn @user [причина]
cmd-unwarn = снять последнее предупреждение участника
cmd-resetwarns = снять все предупреждения участника
cmd-mute = запретить участнику писать: /mute [30m|2h|1d|1w] [причина]
cmd-unmute = снова разрешить участнику писать
cmd-ban = забанить участника: /ban [срок] [причина]
cmd-unban = снять бан
cmd-kick = удалить участника из чата (он сможет вернуться): /kick [причина]
cmd-filter = удалять сообщения со словом или /регуляркой/: /filter слово [delete|warn|mute|ban]
cmd-unfilter = убрать фильтр: /unfilter шаблон
cmd-filters = фильтры этого чата
cmd-modlog = последние действия модерации: /modlog [n]

setting-warn-limit = Сколько предупреждений запускает warn_action (по умолчанию 3)
setting-warn-action = Что происходит при достижении warn_limit: mute, kick или ban
setting-warn-mute = Срок мута по warn_action (и по фильтру или жалобе)
setting-warn-expire-days = Через сколько дней предупреждение перестаёт учитываться (0 — никогда)
setting-flood-messages = Больше стольких сообщений за flood_seconds — это флуд (0 — выключено)
setting-flood-seconds = Окно антифлуда в секундах
setting-flood-mute = На сколько флудер лишается права писать
setting-newcomer-hours = Сколько часов после вступления у новичков удаляются ссылки, пересылки из каналов и медиа (0 — выключено)
setting-member-mod-mute = Самый долгий мут, который может дать модератор сообщества (участник 3-го уровня, назначенный админом)
setting-report-threshold = Сколько разных доверенных участников (уровня 2 и выше) должны пожаловаться на сообщение, чтобы оно скрылось, а автор был заглушён до решения админа

mod-usage = Ответьте на сообщение участника командой <code>/{ $command }</code> или укажите его: <code>/{ $command } @username</code> или <code>/{ $command } 123456789</code>.
mod-no-target = Кого? Ответьте на сообщение участника или укажите @username либо числовой id.
mod-unknown-user = Я пока не знаю { $who }: ответьте на сообщение этого участника или укажите числовой id.
mod-target-admin = 🛡 Я не применяю меры к админам и владельцу чата.
mod-target-self = 🤖 К себе я меры не применяю.
mod-bad-duration = ⏱ Не понимаю такой срок. Примеры: <code>30m</code>, <code>2h</code>, <code>1d</code>, <code>1w</code> или <code>1h30m</code> (от 1 минуты до 366 дней); без срока — навсегда. Ничего не сделано.
mod-already-over = ⏱ Этот срок уже истёк бы ({ $until }), поэтому ничего не сделано.
mod-target-moderator = 🛡 Модераторы сообщества не применяют меры к модераторам сообщества (и к себе). Ничего не сделано.
mod-not-for-moderators = ⛔ Модераторы сообщества могут предупредить, заглушить или отклонить жалобу; блокировка — для админов.
mod-moderator-mute-max = ⏱ Модераторы сообщества могут заглушить не дольше чем на { $max }. Ничего не сделано.
mod-span-minutes = { $count ->
    [one] { $count } минуту
    [few] { $count } минуты
   *[many] { $count } минут
}
mod-span-hours = { $count ->
    [one] { $count } час
    [few] { $count } часа
   *[many] { $count } часов
}
mod-span-days = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}
mod-span-weeks = { $count ->
    [one] { $count } неделю
    [few] { $count } недели
   *[many] { $count } недель
}
mod-no-rights-restrict = ⚠️ Я не могу ограничивать участников: сделайте меня админом с правом <b>«Блокировка пользователей»</b>. Ничего не сделано.
mod-no-rights-ban = ⚠️ Я не могу банить участников: сделайте меня админом с правом <b>«Блокировка пользователей»</b>. Ничего не сделано.
mod-no-rights-delete = ⚠️ Я не могу удалять сообщения: сделайте меня админом с правом <b>«Удаление сообщений»</b>.
mod-refused = ⚠️ Telegram отказал: { $error }. Ничего не сделано.
mod-reason = Причина: { $reason }
mod-no-reason = без причины
mod-auto-mark = {" "}(автоматически)

mod-warned = ⚠️ { $name } получает предупреждение ({ $count }/{ $limit }).
mod-escalated-mute = 🔇 Это предел: писать нельзя до { $until }. Счёт начинается заново.
mod-escalated-mute-forever = 🔇 Это предел: писать больше нельзя. Счёт начинается заново.
mod-escalated-kick = 👢 Это предел: участник удалён из чата. Счёт начинается заново.
mod-escalated-ban = ⛔ Это предел: участник забанен. Счёт начинается заново.
mod-escalation-failed = Это предел, но мера не применена. { $error }
mod-unwarned = ✅ { $name }: последнее предупреждение снято (теперь { $count }/{ $limit }).
mod-no-warnings = { $name }: действующих предупреждений нет.
mod-warns-reset = ✅ { $name }: все предупреждения сняты.
mod-warns-header = ⚠️ <b>Предупреждения</b> — { $name }: { $count }/{ $limit }
mod-me-warnings = ⚠️ Предупреждения: { $count }/{ $limit }

mod-muted-until = 🔇 { $name } не может писать до { $until }.
mod-muted-forever = 🔇 { $name } не может писать, пока админ не снимет ограничение.
mod-banned-until = ⛔ { $name }: бан до { $until }.
mod-banned-forever = ⛔ { $name }: бан навсегда.
mod-unmuted = 🔊 { $name } снова может писать.
mod-unbanned = ✅ { $name }: бан снят, можно вернуться в чат.
mod-kicked = 👢 { $name } больше не в чате, но может вернуться.

mod-filter-usage = Использование: <code>/filter слово</code> или <code>/filter /регулярка/</code>, затем по желанию <code>delete</code> (по умолчанию), <code>warn</code>, <code>mute</code> или <code>ban</code>.
mod-filter-too-long = ❌ Фильтр может быть не длиннее { $max } символов.
mod-filter-bad-regex = ❌ Это некорректное регулярное выражение. Фильтр не добавлен.
mod-filter-too-costly = ❌ Это регулярное выражение слишком тяжёлое, чтобы проверять им каждое сообщение. Попробуйте попроще.
mod-filter-too-broad = ❌ Такой фильтр сработает почти на каждое сообщение: под него подходит даже { $probe }. Сделайте его точнее — а если это действительно нужно, добавьте в конце <code>{ $confirm }</code>: <code>/filter … { $confirm }</code>. Фильтр не добавлен.
mod-filter-probe-empty = пустое сообщение
mod-filter-probe-space = один пробел
mod-filter-probe-text = сообщение из одного символа <code>{ $text }</code>
mod-filter-too-many = { $max ->
    [one] ❌ В чате уже { $max } фильтр: сначала уберите какой-нибудь.
    [few] ❌ В чате уже { $max } фильтра: сначала уберите какой-нибудь.
   *[many] ❌ В чате уже { $max } фильтров: сначала уберите какой-нибудь.
}
mod-filter-kind-word = слово
mod-filter-kind-regex = регулярка
mod-filter-added = ✅ Фильтр ({ $kind }) <code>{ $pattern }</code>: подходящие сообщения удаляются, а затем { $action }.
mod-filter-action-delete = больше ничего
mod-filter-action-warn = автор получает предупреждение
mod-filter-action-mute = автор лишается права писать
mod-filter-action-ban = автор получает бан
mod-unfilter-usage = Использование: <code>/unfilter шаблон</code> (как в /filters).
mod-filter-removed = ✅ Фильтр <code>{ $pattern }</code> убран.
mod-filter-not-found = Фильтра <code>{ $pattern }</code> нет. Список — /filters.
mod-filters-none = Фильтров пока нет. Добавьте: <code>/filter слово</code>.
mod-filters-header = 🧹 <b>Фильтры</b> ({ $count }):
mod-filter-reason = фильтр { $pattern }
mod-filter-removed-notice = 🧹 Сообщение удалено фильтром.

mod-flood-reason = флуд
mod-flood-muted = 🔇 { $name }, слишком много сообщений подряд: писать нельзя { $minutes ->
    [one] { $minutes } минуту
    [few] { $minutes } минуты
    [many] { $minutes } минут
   *[other] { $minutes } минуты
}.
mod-newcomer-reason = ограничение для новичков
mod-newcomer-note = 👋 { $name }, добро пожаловать! В первые часы после вступления ссылки, пересылки из каналов и медиа удаляются — так мы защищаемся от спама. Их можно будет публиковать с { $until }.

mod-report-usage = Ответьте на сообщение, на которое хотите пожаловаться, командой <code>/report</code> (можно указать причину).
mod-report-admin = Жалобы на админов я не принимаю.
mod-report-self = На себя пожаловаться нельзя.
mod-report-limit = { $max ->
    [one] За последний час вы отправили { $max } жалобу: пожалуйста, подождите немного.
    [few] За последний час вы отправили { $max } жалобы: пожалуйста, подождите немного.
   *[many] За последний час вы отправили { $max } жалоб: пожалуйста, подождите немного.
}
mod-report-thanks = 🙏 Спасибо — админы получили жалобу.
mod-report-card = 🚩 <b>Жалоба</b> в чате «{ $chat }». Автор: { $reporter }, на кого: { $target }.
mod-report-excerpt = Сообщение: <i>{ $text }</i>
mod-report-open = Открыть сообщение
mod-report-admins = Админы: { $admins }
mod-report-reason = жалоба
mod-button-warn = ⚠️ Предупредить
mod-button-mute = 🔇 Запретить писать
mod-button-ban = ⛔ Забанить
mod-button-dismiss = ✖️ Отклонить
mod-report-admins-only = Решать по жалобам могут только админы чата и модераторы сообщества.
mod-report-handled = По этой жалобе уже приняли решение.
mod-report-done = Готово.
mod-report-handled-by = ✅ Решено ({ $admin }): { $action }
mod-report-hidden = 🙈 Спасибо — доверенные участники согласны: сообщение скрыто, а его автор заглушён, пока админ не решит.
mod-hidden-reason = { $count ->
    [one] скрыто по { $count } жалобе доверенного участника
    [few] скрыто по { $count } жалобам доверенных участников
   *[many] скрыто по { $count } жалобам доверенных участников
}
mod-hidden-card = 🙈 <b>Скрыто</b> в { $chat }: { $count ->
    [one] { $count } доверенный участник пожаловался
    [few] { $count } доверенных участника пожаловались
   *[many] { $count } доверенных участников пожаловались
} на сообщение { $name }. Я удалил его и заглушил автора, пока админ не решит.
mod-button-restore = ↩️ Вернуть
mod-button-confirm = ✅ Подтвердить
mod-hidden-admins-only = Вернуть или подтвердить скрытое сообщение могут только админы чата.
mod-hidden-decided = По этому сообщению админ уже принял решение.
mod-hidden-restored = возвращено: { $name } снова может писать (удалённое сообщение не вернуть; его текст выше)
mod-hidden-confirmed = подтверждено: сообщение остаётся удалённым, а { $name } — заглушённым

mod-modlog-usage = Использование: <code>/modlog</code> или <code>/modlog 20</code> (1–50).
mod-modlog-empty = Журнал модерации пуст.
mod-modlog-header = 📋 <b>Журнал модерации</b>, последние записи: { $count }
mod-log-post = 📋 { $chat }: { $line }
mod-log-line = { $at } · { $action } · { $target } · кто: { $actor }
mod-log-until = {" "}· до { $until }
mod-log-reason = {" "}· { $reason }
mod-log-auto = hearth (автоматически)
mod-log-by-moderator = { $name } (модератор сообщества)
mod-act-warn = предупреждение
mod-act-unwarn = предупреждение снято
mod-act-resetwarns = предупреждения сняты
mod-act-mute = запрет писать
mod-act-unmute = запрет снят
mod-act-ban = бан
mod-act-unban = бан снят
mod-act-kick = удалён из чата
mod-act-delete = сообщение удалено
mod-act-dismiss = жалоба отклонена
mod-act-confirm = скрытие подтверждено

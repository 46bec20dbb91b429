# Аналитика: /stats, /stats cohorts, /export.

cmd-stats = статистика сообщества с графиком: /stats [7d|30d|90d|cohorts|customers [H]]
cmd-export = выгрузка CSV в личные сообщения: /export members|activity|referrals|nps|modlog|ideas|customers-retention

stats-title = 📊 <b>{ $chat }</b> — { $days ->
    [one] за последний { $days } день
    [few] за последние { $days } дня
   *[many] за последние { $days } дней
}
stats-bad-arg = Не понимаю «{ $arg }». Напишите /stats (последние 30 дней), /stats 7d, /stats 30d, /stats 90d, /stats cohorts или /stats customers [дни].

stats-members = 👥 <b>Участники</b>: сейчас { $now } · вступили { $joined } · вышли { $left } · прирост { $net }
stats-engagement = 🔥 <b>Активные участники</b> (писали за последние день / неделю / месяц): DAU { $dau } · WAU { $wau } · MAU { $mau } · вовлечённость DAU/MAU { $stickiness }
stats-messages = 💬 Сообщений: { $per_day } в день ({ $total } за { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
})
stats-segments = 🌡 Участники сейчас: активные { $active } · под угрозой { $at_risk } (не писали { $risk_days }+ дн.) · молчуны { $silent } ({ $silent_days }+ дн.) · пропавшие { $gone } ({ $gone_days }+ дн.) · в архиве после прощания { $archived }
stats-onboarding = 🚪 <b>Новички</b>: вступили { $joined } · приняли правила { $rules } · представились { $intro } · написали в чат { $posted }
stats-referrals = 🔗 Приглашения: по приглашению пришли { $invited }, засчитано { $qualified } ({ $pct })
stats-no-newcomers = 🚪 <b>Новички</b>: за этот период никто не вступал.
stats-questions = ❓ <b>Вопросы</b>: задано { $asked } · участники ответили в течение суток на { $answered } ({ $pct }) · медианное время до первого ответа { $median }
stats-questions-unanswered = ❓ <b>Вопросы</b>: задано { $asked } · участники не ответили в течение суток ни на один
stats-questions-none = ❓ <b>Вопросы</b>: за этот период вопросов не было.
stats-duration = { $h } ч { $m } мин
stats-questions-faq = 🤖 Ответил FAQ: { $count }
stats-questions-help-topic = Считаются только вопросы из темы помощи (/settopic help).
stats-retention = 📈 <b>Удержание на 30-й день</b> среди вступивших не менее 30 дней назад ({ $cohort }): в чате остались { $stayed }, продолжают писать { $posting }
stats-retention-groups = Писали в первые 14 дней: остались { $p } (из { $pn }); остальные: { $o } (из { $on })
stats-uplift = Прирост удержания от участия: <b>{ $uplift }</b>. Это корреляция, а не доказательство причины: возможно, рано включившиеся остались бы и так.
stats-uplift-none = Прирост удержания от участия пока не измерить: нужны участники в обеих группах и хоть кто-то оставшийся среди остальных.
stats-retention-none = 📈 <b>Удержание на 30-й день</b>: пока никто из вступивших при боте не пробыл в чате 30 дней.

stats-nps = ⭐ <b>NPS</b> опроса №{ $number } ({ $date }): <b>{ $nps }</b> ± { $margin } по { $count ->
    [one] { $count } ответу
   *[other] { $count } ответам
}
stats-nps-change = { $change } по сравнению с опросом №{ $number }
stats-nps-small = Меньше { $min } ответов — слишком мало, чтобы делать выводы.
stats-nps-no-responses = ⭐ <b>NPS</b>: на опрос №{ $number } ({ $date }) пока никто не ответил.
stats-nps-none = ⭐ <b>NPS</b>: опросов ещё не было — /nps спросит участников.

stats-nudges = 💌 <b>Напоминания</b>: из тех, кому мы написали за этот период, снова написали в чат в течение { $days ->
    [one] { $days } дня
   *[other] { $days } дней
} { $came_back } из { $nudged } ({ $pct })
stats-nudges-holdout = Контрольная группа (молчуны, которым мы намеренно не писали): вернулись { $came_back } из { $holdout } ({ $pct })
stats-nudges-no-holdout = В контрольной группе за этот период никого нет — сравнивать пока не с чем.
stats-nudges-diff = Разница: { $diff } п. п.
stats-nudges-small = Когда в группе меньше { $min } человек, такие доли во многом случайны: это подсказка, а не вывод.
stats-nudges-none = 💌 <b>Напоминания</b>: за этот период молчунам никто не писал.

stats-ideas = 💡 <b>Идеи</b>: предложено { $submitted } · взято в работу { $taken_up } ({ $pct }) · медианное время от идеи до реализации: { $to_done }
stats-ideas-median = { $d ->
    [one] { $d } день
    [few] { $d } дня
   *[many] { $d } дней
} { $h } ч
stats-ideas-none-done = пока ни одна не реализована
stats-ideas-none = 💡 <b>Идеи</b>: за этот период идей не предлагали (/idea).

stats-chart-caption = 📊 { $chat }: участники, активные участники и сообщения в день { $days ->
    [one] за последний { $days } день
    [few] за последние { $days } дня
   *[many] за последние { $days } дней
}
stats-chart-members = Участники
stats-chart-dau = Активные участники (DAU)
stats-chart-messages = Сообщений в день

stats-cohorts-title = 📅 <b>Недельные когорты новичков</b>: доля вступивших за неделю, кто писал на N-й неделе после вступления (W0 — первая неделя)
stats-cohorts-none = 📅 За последние { $weeks ->
    [one] { $weeks } неделю
    [few] { $weeks } недели
   *[many] { $weeks } недель
} при боте никто не вступал: когорт пока нет.
stats-cohorts-chart = Когорты новичков: % писавших по неделям после вступления
stats-cohorts-col-week = неделя
stats-cohorts-col-size = чел.

stats-export-usage = Как пользоваться: /export { $kinds }
stats-export-unknown = Не умею выгружать «{ $kind }». Выберите одно из: { $kinds }
stats-export-open-dm = 📎 Выгрузки приходят в личные сообщения, а вы ещё не открыли чат со мной: откройте { $url }, нажмите «Запустить» и снова отправьте здесь /export { $kind }.
stats-export-too-many-rows = 📎 В выгрузке { $kind } было бы { $rows ->
    [one] { $rows } строка
    [few] { $rows } строки
   *[many] { $rows } строк
} — слишком много, чтобы собирать её внутри бота. Запустите её на сервере бота: <code>hearth export --chat { $chat } { $kind } &gt; { $kind }.csv</code>
stats-export-too-big = 📎 Выгрузка { $kind } весит { $mib } МБ — больше, чем Telegram позволяет отправить боту (50 МБ). Запустите её на сервере бота: <code>hearth export --chat { $chat } { $kind } &gt; { $kind }.csv</code>
stats-export-sent-dm = 📎 Выгрузка { $kind } ({ $rows ->
    [one] { $rows } строка
    [few] { $rows } строки
   *[many] { $rows } строк
}) отправлена вам в личные сообщения.
stats-export-caption = { $kind } · { $chat } · { $date } ({ $rows ->
    [one] { $rows } строка
    [few] { $rows } строки
   *[many] { $rows } строк
})

# /stats customers [H]
stats-customers-title = 🤝 <b>{ $chat }</b> — клиенты и сообщество, когорта { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
} назад
stats-customers-counts = 👥 <b>Клиенты</b>: известно { $known } · связаны с участником чата { $linked } · активных участников { $active } (писали здесь за последние { $active_days } дней)
stats-customers-cohort = 📅 <b>Когорта</b>: { $n } клиентов на { $day } ({ $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
} назад); удержание — доля не ушедших к сегодняшнему дню.
stats-customers-groups = Участники (связаны и писали здесь за { $window } дней до этого): удержано { $rp } (из { $pn }); остальные: { $ro } (из { $on })
stats-customers-uplift = Прирост удержания от участия: <b>{ $uplift }</b> (95 % интервал { $low } … { $high })
stats-customers-adjusted = С поправкой на стаж (до 90 дней, 90–365, больше 365, неизвестен): <b>{ $uplift }</b> ({ $low } … { $high })
stats-customers-uplift-none = Прирост удержания от участия не измерить: нужен хоть кто-то удержанный в обеих группах.
stats-customers-too-few = Прирост удержания от участия: слишком мало данных (меньше { $min } клиентов в группе).
stats-customers-correlation = Это корреляция, а не доказательство причины: возможно, участвующие клиенты остались бы и так.
stats-customers-nps = ⭐ <b>NPS</b> опроса компании (последний ответ каждого клиента за { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}): участники сообщества { $members } · остальные клиенты { $others }
stats-customers-nps-group = <b>{ $nps }</b> ± { $margin } (n = { $n })
stats-customers-nps-group-none = — (n = 0)
stats-customers-nps-none = ⭐ <b>NPS</b> опроса компании: ответов за последние { $days } дней нет (hearth customers nps FILE.csv).
stats-customers-empty = 🤝 Клиенты ещё не загружены — hearth customers import FILE.csv
stats-customers-no-cohort = 📅 На { $day } ({ $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
} назад) клиентов не было: сравнивать не с кем.
stats-customers-bad-days = «{ $arg }» — не число дней от { $min } до { $max }. Например: /stats customers 180
stats-customers-chart = Отток по месяцам в когорте { $days ->
    [one] { $days } дня
   *[other] { $days } дней
} назад, %
stats-customers-chart-participants = участники
stats-customers-chart-others = остальные

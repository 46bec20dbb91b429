# Обзор и опросы в панели управления (простой текст: страница его экранирует).

dash-overview-title = Обзор
dash-overview-period = { $days ->
    [one] Последний { $days } день
    [few] Последние { $days } дня
   *[many] Последние { $days } дней
}
dash-overview-empty = В этом чате пока ничего не записано. Цифры появятся, когда участники начнут вступать и писать.
dash-overview-members = Участники
dash-overview-members-sub = вступили { $joined } · вышли { $left } · прирост { $net }
dash-overview-dau = DAU
dash-overview-dau-sub = писали за последний день
dash-overview-wau = WAU
dash-overview-wau-sub = писали за последние 7 дней
dash-overview-mau = MAU
dash-overview-mau-sub = писали за последние 30 дней
dash-overview-stickiness = Вовлечённость
dash-overview-stickiness-sub = DAU / MAU
dash-overview-messages = Сообщений в день
dash-overview-messages-sub = { $total ->
    [one] { $total } сообщение
    [few] { $total } сообщения
   *[many] { $total } сообщений
} за { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
dash-overview-charts = По дням
dash-overview-chart-empty = Пока нечего рисовать: за эти дни никто не вступал и не писал.
dash-overview-segments = Участники по активности
dash-overview-segments-help = Те же сегменты, что в /silent, на сейчас: от последнего сообщения (или от вступления).
dash-overview-col-segment = Сегмент
dash-overview-col-members = Участники
dash-overview-col-share = Доля
dash-overview-seg-active = Активные (писали за { $days ->
    [one] последний { $days } день
    [few] последние { $days } дня
   *[many] последние { $days } дней
})
dash-overview-seg-at-risk = Под угрозой (не писали { $days }+ дн.)
dash-overview-seg-silent = Молчуны ({ $days }+ дн.)
dash-overview-seg-gone = Пропавшие ({ $days }+ дн.)
dash-overview-seg-archived = В архиве после прощания
dash-overview-funnel = Воронка новичков
dash-overview-funnel-help = { $joined ->
    [one] Из { $joined } участника, вступившего за эти дни:
   *[other] Из { $joined } участников, вступивших за эти дни:
}
dash-overview-funnel-none = За эти дни никто не вступал.
dash-overview-col-step = Шаг
dash-overview-step-joined = Вступили
dash-overview-step-rules = Приняли правила
dash-overview-step-dm = Открыли личные сообщения
dash-overview-step-intro = Представились
dash-overview-step-posted = Написали в чат
dash-overview-step-checkin = Ответили на вопрос через неделю
dash-overview-referrals = Приглашения
dash-overview-referrals-sub = засчитано { $qualified } из { $invited } пришедших по приглашению
dash-overview-referrals-none = За эти дни по приглашениям никто не пришёл.
dash-overview-questions = Ответы на вопросы
dash-overview-questions-sub = участники ответили в течение суток на { $answered } из { $asked } · медиана { $h } ч { $m } мин
dash-overview-questions-unanswered = { $asked ->
    [one] Участники не ответили в течение суток на { $asked } вопрос
    [few] Участники не ответили в течение суток ни на один из { $asked } вопросов
   *[many] Участники не ответили в течение суток ни на один из { $asked } вопросов
}
dash-overview-questions-none = За эти дни вопросов не было.
dash-overview-questions-faq = { $count ->
    [one] { $count } вопрос закрыли ответы FAQ
    [few] { $count } вопроса закрыли ответы FAQ
   *[many] { $count } вопросов закрыли ответы FAQ
}
dash-overview-questions-help-topic = Считаются только вопросы в теме помощи.
dash-overview-retention = Удержание на 30-й день
dash-overview-retention-sub = { $cohort ->
    [one] из { $cohort } участника, вступившего 30+ дней назад, остались в чате · { $posting } всё ещё пишут
   *[other] из { $cohort } участников, вступивших 30+ дней назад, остались в чате · { $posting } всё ещё пишут
}
dash-overview-retention-none = Пока никто не вступил хотя бы 30 дней назад.
dash-overview-uplift = Эффект участия
dash-overview-uplift-sub = Писавшие в первые 14 дней: остались { $p } (из { $pn }); остальные: { $o } (из { $on }). Это корреляция, а не доказательство причины.
dash-overview-uplift-none = В одной из групп слишком мало участников для сравнения.
dash-overview-customers = Удержание клиентов, { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}
dash-overview-customers-sub = Участники сообщества { $rp } (из { $pn }) · остальные клиенты { $ro } (из { $on })
dash-overview-customers-uplift = Эффект { $uplift } (95 % интервал { $low } … { $high })
dash-overview-customers-adjusted = С поправкой на стаж: { $uplift } ({ $low } … { $high })
dash-overview-customers-uplift-none = Эффект не посчитать: в одной из групп никто не остался.
dash-overview-customers-too-few = { $min ->
    [one] Меньше { $min } клиента в группе: слишком мало, чтобы судить.
   *[other] Меньше { $min } клиентов в группе: слишком мало, чтобы судить.
}
dash-overview-customers-no-cohort = На { $day } клиентов не было.
dash-overview-customers-nps = NPS компании: участники { $members } · остальные клиенты { $others }
dash-overview-customers-nps-group = { $nps } ±{ $margin } (n = { $n })
dash-overview-nps = Последний NPS
dash-overview-nps-sub = { $count ->
    [one] Опрос №{ $number } от { $date } · ±{ $margin } п. · { $count } ответ
    [few] Опрос №{ $number } от { $date } · ±{ $margin } п. · { $count } ответа
   *[many] Опрос №{ $number } от { $date } · ±{ $margin } п. · { $count } ответов
}
dash-overview-nps-change = { $change } с опроса №{ $number }
dash-overview-nps-small = { $min ->
    [one] Меньше { $min } ответа: читайте осторожно.
   *[other] Меньше { $min } ответов: читайте осторожно.
}
dash-overview-nps-none = Опросов NPS пока не было: /nps запускает опрос.
dash-overview-nps-no-responses = На опрос №{ $number } от { $date } пока никто не ответил.
dash-overview-nps-all = Все опросы
dash-overview-nudges = Напоминания и контрольная группа
dash-overview-nudges-sub = Получили напоминание: вернулись { $came_back } из { $nudged } в течение { $days ->
    [one] { $days } дня
   *[other] { $days } дней
} ({ $pct })
dash-overview-nudges-holdout = Контрольная группа: вернулись { $came_back } из { $holdout } ({ $pct })
dash-overview-nudges-no-holdout = Контрольной группы для сравнения нет.
dash-overview-nudges-diff = п. п. к контрольной группе
dash-overview-nudges-small = { $min ->
    [one] Меньше { $min } человека в группе: во многом случайность.
   *[other] Меньше { $min } человек в группе: во многом случайность.
}
dash-overview-nudges-none = За эти дни напоминаний не было.
dash-overview-ideas = Идеи
dash-overview-ideas-sub = предложено { $submitted } · взято в работу { $taken_up } · медиана до готовности { $to_done }
dash-overview-ideas-median = { $d } дн. { $h } ч
dash-overview-ideas-none-done = готовых пока нет
dash-overview-ideas-none = За эти дни идей не было.

dash-polls-title = Опросы NPS и анкеты
dash-polls-empty = Опросов NPS и анкет пока не было. /nps и /survey запускают их в чате.
dash-polls-trend = NPS во времени
dash-polls-trend-none = Для графика нужны два опроса с ответами.
dash-polls-list = Все опросы
dash-polls-col-poll = Опрос
dash-polls-col-opened = Открыт
dash-polls-col-status = Состояние
dash-polls-col-responses = Ответы
dash-polls-col-nps = NPS
dash-polls-col-margin = Погрешность (95 %)
dash-polls-open = идёт
dash-polls-closed = закрыт
dash-polls-show = подробнее
dash-polls-details = Опрос №{ $number }
dash-polls-responses = { $count ->
    [one] { $count } ответ
    [few] { $count } ответа
   *[many] { $count } ответов
} от { $members ->
    [one] { $members } участника
   *[other] { $members } участников
} ({ $rate } %)
dash-polls-no-responses = Ответов пока нет.
dash-polls-promoters = Промоутеры (9–10)
dash-polls-passives = Нейтральные (7–8)
dash-polls-detractors = Критики (0–6)
dash-polls-share = { $pct } % ответов
dash-polls-score = NPS
dash-polls-score-sub = ±{ $margin } п. (погрешность 95 %)
dash-polls-small = { $min ->
    [one] Меньше { $min } ответа: читайте осторожно.
   *[other] Меньше { $min } ответов: читайте осторожно.
}
dash-polls-change = { $delta } с опроса №{ $number } ({ $before })
dash-polls-segments = Писавшие за { $days ->
    [one] последний { $days } день
    [few] последние { $days } дня
   *[many] последние { $days } дней
}: { $active } (n = { $active_n }); остальные: { $silent } (n = { $silent_n })
dash-polls-reasons = Причины критиков
dash-polls-reasons-none = Критики не назвали причин.
dash-polls-reasons-more = { $count ->
    [one] …и ещё { $count } (все — в /export nps)
   *[other] …и ещё { $count } (все — в /export nps)
}
dash-polls-unknown = В этом чате нет опроса №{ $number }.
dash-polls-surveys = Анкеты
dash-polls-surveys-none = Анкет пока не было: /survey запускает анкету.
dash-polls-survey = { $count ->
    [one] Анкета от { $date } · { $status } · { $count } участник
    [few] Анкета от { $date } · { $status } · { $count } участника
   *[many] Анкета от { $date } · { $status } · { $count } участников
}
dash-polls-col-question = Вопрос
dash-polls-col-mean = Среднее (1–5)
dash-polls-col-answers = Ответы
dash-polls-col-spread = 1 · 2 · 3 · 4 · 5

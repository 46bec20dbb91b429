# Опросы NPS и опросы о чувстве сообщества.

cmd-nps = задать вопрос NPS: /nps [вопрос]
cmd-npsclose = закрыть открытый опрос NPS и опубликовать итоги
cmd-npsresults = итоги опроса NPS: /npsresults [номер опроса]
cmd-npshistory = все опросы NPS: дата, ответы, NPS ± погрешность
cmd-survey = задать четыре вопроса о чувстве сообщества
cmd-surveyclose = закрыть открытый опрос и опубликовать итоги
cmd-surveyresults = итоги последнего опроса о сообществе

setting-nps-duration = Через сколько автоматически закрывать опрос NPS (не меньше 1h; off — только /npsclose)
setting-nps-every = Через сколько после начала прошлого опроса NPS запускать новый (не меньше 1d; off — только /nps)

nps-default-question = Насколько вероятно, что вы порекомендуете это сообщество другу?
nps-poll = 📊 <b>Опрос NPS №{ $number }</b>
    { $question }
    <i>0 — точно нет, 10 — обязательно порекомендую. Ваш ответ никто не увидит; нажмите ещё раз, чтобы изменить его.</i>

    Ответов: <b>{ $count }</b>
nps-poll-closed = 🔒 Опрос закрыт.

nps-thanks = Ваша оценка: { $score }. Спасибо!
nps-changed = Оценка изменена на { $score }. Спасибо!
nps-bad-button = Эта кнопка больше не действует.
nps-closed = Этот опрос уже закрыт.
nps-not-member = Отвечать могут только участники этой группы.

nps-ask-reason = Спасибо за оценку { $score } в чате «{ $chat }»! Что главным образом повлияло на вашу оценку?
    Просто ответьте здесь — это необязательно, и ответ попадёт в итоги без вашего имени. /cancel — пропустить.
nps-reason-text-only = Пожалуйста, ответьте текстом (или /cancel, чтобы пропустить).
nps-reason-thanks = Спасибо — это очень поможет админам.
nps-reason-gone = Спасибо! Этого опроса уже нет, поэтому ответ не сохранён.

nps-already-open = Опрос №{ $number } ещё открыт. Закройте его командой /npsclose, прежде чем начинать новый.
nps-none-open = Открытого опроса NPS нет. Начните его командой /nps.
nps-question-too-long = В вопросе { $len ->
    [one] { $len } символ
    [few] { $len } символа
   *[many] { $len } символов
}, а можно не больше { $max }.
nps-results-usage = Использование: <code>/npsresults</code> (последний опрос) или <code>/npsresults 3</code> (опрос №3).
nps-unknown-poll = В этом чате нет опроса №{ $number }. Список — /npshistory.
nps-no-polls = Опросов NPS ещё не было. Начните его командой /nps.

nps-results-open = открыт
nps-results-closed = закрыт
nps-results-header = 📊 <b>Опрос NPS №{ $number }</b> ({ $status }): { $question }
nps-results-responses = { $count ->
    [one] { $count } ответ
    [few] { $count } ответа
   *[many] { $count } ответов
} от { $members ->
    [one] { $members } известного участника
   *[other] { $members } известных участников
}: отклик { $rate }%
nps-results-empty = Ответов пока нет.
nps-results-promoters = 😀 Промоутеры (9–10): { $count } ({ $pct }%)
nps-results-passives = 😐 Нейтралы (7–8): { $count } ({ $pct }%)
nps-results-detractors = 🙁 Критики (0–6): { $count } ({ $pct }%)
nps-results-score = <b>NPS: { $nps }</b> ± { $margin } (погрешность при 95%)
nps-results-too-small = ⚠️ Меньше { $min } { $min ->
    [one] ответа
   *[other] ответов
}: выборка слишком мала, чтобы делать выводы.
nps-results-change = Изменение с опроса №{ $number } (NPS { $before }): { $delta }
nps-results-segments = Активные участники (писали за { $days } дней до того): NPS { $active } (n = { $active_n }); молчуны: NPS { $silent } (n = { $silent_n })
nps-results-reasons = <b>Почему критики поставили такую оценку:</b>
nps-results-no-reasons = Критики не назвали причин.
nps-results-more = …и ещё { $count }

nps-history-header = 📈 <b>Опросы NPS</b>
nps-history-row = №{ $number } · { $date } · { $count ->
    [one] { $count } ответ
    [few] { $count } ответа
   *[many] { $count } ответов
} · NPS { $nps } ± { $margin }
nps-history-row-empty = №{ $number } · { $date } · ответов нет
nps-history-chart-title = NPS по опросам с погрешностью 95 %
nps-history-chart-caption = 📈 NPS по опросам: средняя линия — сам показатель, две другие — границы его 95-процентной погрешности
nps-history-chart-upper = верхняя граница
nps-history-chart-lower = нижняя граница

survey-intro = 🧭 <b>Как вы себя чувствуете в сообществе?</b>
    Четыре коротких вопроса. 1 — совсем не так, 5 — полностью так. Ваши ответы никто не увидит; нажмите ещё раз, чтобы изменить ответ.
survey-question = <b>{ $index }/{ $total }.</b> { $question }
survey-q-safe = Я чувствую себя в безопасности в этом сообществе.
survey-q-heard = Меня здесь слышат.
survey-q-relationships = У меня сложились отношения с другими участниками.
survey-q-part = Я чувствую себя частью того, что здесь происходит.
survey-thanks = Сохранено: { $value }. Спасибо!
survey-closed = Этот опрос уже закрыт.
survey-already-open = Опрос уже идёт. Закройте его командой /surveyclose, прежде чем начинать новый.
survey-none-open = Открытого опроса нет. Начните его командой /survey.
survey-none = Опросов ещё не было. Начните его командой /survey.
survey-results-header = 🧭 <b>Чувство сообщества</b> ({ $status }): { $count ->
    [one] { $count } участник ответил
    [few] { $count } участника ответили
   *[many] { $count } участников ответили
}
survey-results-question = <b>{ $index }. { $question }</b>
    Среднее { $mean } ({ $count ->
    [one] { $count } ответ
    [few] { $count } ответа
   *[many] { $count } ответов
})

# Вход: заявки на вступление, подтверждение клиентов, основатели, отток.

cmd-setentryquestion = вопрос для заявок: /setentryquestion текст (reset — по умолчанию)
cmd-setentrylink = ссылка для тех, кому отказано, — как стать клиентом: /setentrylink URL (или off)
cmd-founders = личные приглашения основателям: /founders id клиентов (или ответом на сообщение с ними); без аргументов — итоги
cmd-churned = участники, чей клиентский аккаунт закрыт, и что с ними сделает политика churned

setting-entry = Кто попадает в чат: open (правила Telegram), requests (вопрос, решают админы), customers (подтверждённые клиенты — сразу)
setting-entry-fallback = В режиме customers заявка не клиента: admins (решают админы) или decline (вежливый отказ)
setting-request-expire-hours = Через сколько часов нерешённая заявка отклоняется
setting-churned = Участник, чей клиентский аккаунт закрыт: keep (оставить), goodbye (тёплое сообщение) или remove (ещё и убрать из чата, можно вернуться)

error-admin-lacks-invite = Для этого нужно право админа «Приглашать по ссылке».

entry-default-question = Расскажите немного о себе: кто вы и что привело вас сюда?
entry-question-usage = Вопрос для заявок:
    <i>{ $question }</i>
    Изменить: <code>/setentryquestion ваш вопрос</code>, вернуть стандартный: <code>/setentryquestion reset</code>.
entry-question-set = ✅ Теперь в заявках спросим:
    <i>{ $question }</i>
entry-question-too-long = Вопрос — не длиннее { $max } символов.
entry-link-none = нет
entry-link-usage = Ссылка для тех, кому отказано: { $url }
    Задать: <code>/setentrylink https://…</code>, убрать: <code>/setentrylink off</code>.
entry-link-off = ✅ Теперь при отказе ссылки нет.
entry-link-bad = <code>{ $value }</code> — не ссылка http(s).
entry-link-set = ✅ При отказе дадим ссылку: { $url }

entry-no-invite-right = ⚠️ Для входа в чат «{ $chat }» мне нужно право админа «Приглашать по ссылке»: без него Telegram не показывает мне заявки, и я не могу их принимать или отклонять. Пожалуйста, дайте мне это право.

entry-signed-off = Ссылки для входа у этого бота не настроены.
entry-signed-expired = ⌛ Срок действия ссылки истёк. Откройте личный кабинет и возьмите новую.
entry-signed-invalid = ⚠️ Эта ссылка здесь не действует: её изменили или сделали для другого бота. Возьмите новую в личном кабинете.
entry-signed-unknown = Я пока не знаю этот клиентский аккаунт. Попробуйте позже или напишите в поддержку компании.
entry-proof-customer-taken = Этот клиентский аккаунт уже привязан к другому аккаунту Telegram. Если это ошибка, напишите в поддержку.
entry-proof-account-taken = Ваш аккаунт Telegram уже привязан к другому клиентскому аккаунту.
entry-proof-inactive = Аккаунт привязан, но клиентский аккаунт не активен, поэтому впустить вас я не могу. Будем рады, когда вернётесь!
entry-proof-ok = ✅ Вы подтверждены как клиент.
entry-proof-approved = Ваша заявка в чат «{ $chat }» принята — добро пожаловать!
entry-proof-approve-failed = Сейчас не получилось принять вашу заявку в чат «{ $chat }»; админам сообщено.
entry-proof-already-in = Вы уже в чате «{ $chat }».
entry-proof-link = Ваша личная ссылка в чат «{ $chat }» (только для вас, сработает один раз): { $url }
entry-proof-no-link = Сейчас не получилось сделать ссылку в чат «{ $chat }»; попробуйте позже.

entry-code-wait = Слишком много неверных кодов. Попробуйте через { $minutes ->
    [one] { $minutes } минуту
    [few] { $minutes } минуты
   *[many] { $minutes } минут
}.
entry-code-used = Этот код уже использован другим аккаунтом.
entry-code-wrong = Код не подходит. В этот час { $left ->
    [one] осталась { $left } попытка
    [few] осталось { $left } попытки
   *[many] осталось { $left } попыток
}.
entry-code-wrong-last = Код не подходит, и это была последняя попытка: подождите { $minutes } минут.

entry-ask = 👋 Спасибо за заявку в чат «{ $chat }»! Вопрос от админов:
    <b>{ $question }</b>
    Просто ответьте здесь.
entry-ask-customer = 👋 Чат «{ $chat }» — сообщество наших клиентов. Если вы клиент, откройте ссылку для входа из личного кабинета или пришлите сюда код доступа.
    Иначе ответьте на вопрос, и админы решат:
    <b>{ $question }</b>
entry-request-closed = Ваша заявка уже не ждёт решения.
entry-reask = Пожалуйста, ответьте текстом.
entry-answer-thanks = Спасибо! Админы чата «{ $chat }» рассмотрят вашу заявку.

entry-application = 📝 <b>Заявка в чат «{ $chat }»</b>
entry-application-who = { $name } ({ $username })
entry-application-customer = 🧾 Клиент { $id }
entry-application-churned = 🧾 Бывший клиент { $id }
entry-application-answer = 💬 { $answer }
entry-application-no-answer = 💬 Без ответа: написать заявителю не удалось.
entry-button-approve = ✅ Принять
entry-button-decline = ❌ Отклонить
entry-already-approved-by = Уже принята: { $admin }.
entry-already-approved-customer = Уже принята: подтверждён клиент.
entry-already-declined-by = Уже отклонена: { $admin }.
entry-already-declined = Уже отклонена.
entry-already-expired = Срок заявки истёк.
entry-already-withdrawn = Заявитель отозвал заявку.
entry-failed = Telegram не принял действие; попробуйте ещё раз.
entry-admins-only = Решать заявки могут только админы чата.
entry-no-right-alert = Не могу: в этом чате мне нельзя приглашать участников. Админам сообщено.
entry-approved = Принята.
entry-declined = Отклонена.
entry-card-withdrawn = ↩️ Заявитель отозвал заявку.
entry-card-approved = ✅ Принял(а) { $admin }.
entry-card-declined = ❌ Отклонил(а) { $admin }.
entry-applicant-approved = ✅ Ваша заявка в чат «{ $chat }» принята — добро пожаловать!
entry-applicant-declined = К сожалению, ваша заявка в чат «{ $chat }» отклонена.

entry-refusal = Спасибо за интерес к чату «{ $chat }»! Это сообщество наших клиентов, поэтому впустить вас я не могу. Если вы клиент, откройте ссылку для входа из личного кабинета или пришлите сюда код доступа.
entry-refusal-link = Ещё не клиент? Вот как им стать: { $url }
entry-expired = Ваша заявка в чат «{ $chat }» истекла без решения. Можно подать её снова.

entry-founders-overview = 🏛 <b>Основатели</b>
    Приглашено: { $invited }
    Вступило: { $joined }
    Написали: { $posted }
    Чтобы пригласить: <code>/founders</code> с id клиентов (или ответом на сообщение с ними).
entry-founders-anonymous = Отправьте команду от своего имени, не анонимно: ссылки придут вам в личные сообщения.
entry-founders-made = { $count ->
    [one] Сделана { $count } личная ссылка-приглашение.
    [few] Сделаны { $count } личные ссылки-приглашения.
   *[many] Сделано { $count } личных ссылок-приглашений.
}
entry-founders-unknown = Нет в базе клиентов: { $ids }
entry-founders-failed = { $count ->
    [one] { $count } ссылку сделать не удалось.
    [few] { $count } ссылки сделать не удалось.
   *[many] { $count } ссылок сделать не удалось.
}
entry-founders-caption = Личные приглашения основателям ({ $count }): каждое — на одного. Отправьте каждому клиенту его ссылку.
entry-founders-sent = CSV (customer_id,link) — у вас в личных сообщениях.
entry-founders-dm-closed = Не удалось прислать вам CSV: откройте чат с @{ $bot }, нажмите «Start» и повторите команду (ссылки будут те же).

entry-goodbye = 💛 Спасибо, что были с нами! Ваш клиентский аккаунт закрыт — нам будет вас не хватать, и мы всегда рады вашему возвращению.
entry-goodbye-removed = Чат «{ $chat }» — для клиентов, поэтому вас в нём больше нет; когда вернётесь, сможете снова вступить.
entry-welcome-back = 🎉 С возвращением! Ваш клиентский аккаунт снова активен.
entry-churned-header = 🚪 <b>Участники с закрытым клиентским аккаунтом: { $count }</b>
entry-churned-row = • { $name } — { $id }, закрыт { $date }
entry-churned-admin = (админ: не удаляется)
entry-churned-told = (уже сообщено)
entry-churned-none = 🚪 Ни у кого в этом чате клиентский аккаунт не закрыт.
entry-churned-keep = Политика: <b>keep</b> — ничего не происходит. С <code>/set churned goodbye</code> им придёт тёплое сообщение; с <code>/set churned remove</code> они ещё и выйдут из чата (и смогут вернуться).
entry-churned-goodbye = Политика: <b>goodbye</b> — каждому один раз придёт тёплое сообщение.
entry-churned-remove = Политика: <b>remove</b> — каждому придёт тёплое сообщение, и он выйдет из чата (сможет вернуться); админы не удаляются.

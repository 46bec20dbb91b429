# Доска идей и темы форума.

cmd-idea = предложить идею: /idea текст (или ответом на сообщение)
cmd-ideas = доска идей: /ideas [top|new|planned|done]
cmd-ideastatus = статус идеи: /ideastatus N planned|in_progress|done|declined [комментарий]
cmd-ideamerge = объединить идею-дубликат: /ideamerge N into M
cmd-settopic = внутри темы форума: /settopic welcome|intro|ideas|digest|log|help|rubric [off]
cmd-topics = в какую тему идут сообщения каждого вида

idea-status-open = 🆕 открыта
idea-status-planned = 🗓 запланирована
idea-status-in-progress = 🛠 в работе
idea-status-done = ✅ сделана
idea-status-declined = 🚫 отклонена
idea-status-merged = 🔀 объединена

idea-card = 💡 <b>Идея №{ $number }</b> · { $status }
    { $text }

    👤 { $author } · 👍 { $up } · 👎 { $down } · рейтинг <b>{ $score }</b>
idea-card-comment = 💬 { $comment }
idea-card-merged = 🔀 Объединена с идеей №{ $number }: голосуйте там.
idea-posted-elsewhere = 💡 Идея №{ $number } добавлена на доску в теме идей.

idea-usage = Как предложить: <code>/idea ваша идея</code> или ответьте на сообщение командой <code>/idea</code>, чтобы добавить его на доску идей.
idea-err-anonymous = Предлагайте идеи от своего имени, чтобы авторство засчиталось вам.
idea-err-too-long = Слишком длинная идея: не больше { $max } символов, пожалуйста.
idea-err-not-found = Идеи №{ $number } в этом чате нет.
idea-err-unknown-status = Неизвестный статус «{ $word }». Доступны: planned, in_progress, done, declined.
idea-err-same-status = У идеи уже этот статус.
idea-err-merged = Эта идея объединена с другой: меняйте статус той.
idea-err-already-merged = Идея №{ $number } уже объединена с другой.
idea-err-not-allowed = Статус идеи нельзя сменить с «{ $from }» на «{ $to }».
idea-err-merge-self = Идею нельзя объединить саму с собой.
idea-err-closed = Идея { $status }: голосование закрыто.
idea-err-not-member = Голосовать за идеи могут только участники этой группы.

idea-voted-up = 👍 Голос учтён.
idea-voted-down = 👎 Голос учтён.
idea-vote-changed-up = Голос изменён на 👍.
idea-vote-changed-down = Голос изменён на 👎.
idea-vote-same = Вы уже так проголосовали.

ideastatus-usage = Как пользоваться: <code>/ideastatus 3 planned</code> — статусы: planned, in_progress, done, declined; можно добавить комментарий.
idea-status-set = Статус идеи №{ $number }: { $status }. { $count ->
    [0] Сообщить в личку некому.
    [one] { $count } участник получит сообщение в личку.
    [few] { $count } участника получат сообщение в личку.
   *[other] { $count } участников получат сообщение в личку.
}
idea-status-dm = 💡 Новости по идее №{ $number } в чате «{ $chat }»: теперь она <b>{ $status }</b>.
    « { $text } »
idea-status-dm-author = Это ваша идея — спасибо!
idea-delivered = 🎉 <b>Вы просили — мы сделали!</b>
    Идея №{ $number }: { $text }
    Автор идеи — { $author }, спасибо!

ideamerge-usage = Как пользоваться: <code>/ideamerge 5 into 2</code> — голоса идеи №5 перейдут к №2, а №5 закроется.
idea-merged = 🔀 Идея №{ $from } объединена с №{ $into }; рейтинг №{ $into } теперь { $score }.

ideas-usage = Как пользоваться: <code>/ideas</code>, <code>/ideas new</code>, <code>/ideas planned</code> или <code>/ideas done</code>.
ideas-header-top = 💡 <b>Лучшие идеи</b>
ideas-header-new = 💡 <b>Новые идеи</b>
ideas-header-planned = 🗓 <b>Запланировано и в работе</b>
ideas-header-done = ✅ <b>Сделано</b>
ideas-empty = Пока пусто. Предложите идею командой <code>/idea</code>!
ideas-row = №{ $number } { $text } — { $score } · { $status }

idea-digest-header = 💡 Взяли в работу на этой неделе ({ $count }):
idea-digest-row = • №{ $number } { $text } — { $status }

topic-kind-welcome = приветствия новичков
topic-kind-intro = представления участников
topic-kind-ideas = карточки идей и объявления «мы сделали»
topic-kind-digest = еженедельная сводка и значки
topic-kind-log = журнал для админов (если журнал ведётся в этой группе)
topic-kind-help = вопросы и помощь
topic-kind-rubric = запланированные рубрики (контент-календарь)
settopic-usage = Внутри темы: <code>/settopic вид</code> — присылать такие сообщения сюда, <code>/settopic вид off</code> — снова в общую тему. Виды: { $kinds }.
settopic-not-forum = В этой группе не включены темы: все сообщения идут в сам чат. Включите темы в настройках группы, чтобы пользоваться /settopic.
settopic-not-in-topic = Отправьте <code>/settopic { $kind }</code> внутри той темы, куда должны идти эти сообщения (не в общей теме).
settopic-bound = ✅ Теперь сюда идут: { $kind }.
settopic-log-note = Журнал попадёт сюда, только если журнальным чатом назначена сама эта группа (/setlogchat).
settopic-unbound = ✅ Снова в общую тему: { $kind }.
settopic-was-not-bound = Уже идут в общую тему: { $kind }.
topics-header = 🗂 <b>Куда бот пишет</b>
topics-row = <code>{ $kind }</code> — { $name }: { $place }
topics-in-topic = тема { $thread }
topics-general = общая тема
topics-hint = Поменять можно командой /settopic внутри темы.

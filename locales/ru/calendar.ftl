cmd-schedule = запланированные посты: /schedule every fri 18:00 текст · /schedule templates · /schedule без слов — список
cmd-unschedule = убрать запланированный пост: /unschedule номер
setting-schedule-grace = Насколько поздно ещё можно выпустить пост, пропущенный, пока бот не работал (более старые пропускаются)
error-admin-lacks-pin = Для этого нужно право админа «Закреплять сообщения».

calendar-usage = <b>Запланированные посты</b> (время — по <code>timezone</code> чата):
    <code>/schedule 2026-12-24 18:00 Текст</code> — один раз
    <code>/schedule daily 09:00 Текст</code> — каждый день
    <code>/schedule every пт 18:00 Текст</code> — каждую неделю (пн вт ср чт пт сб вс или mon tue wed thu fri sat sun)
    <code>/schedule every 1st пн 10:00 Текст</code> — каждый месяц (1st, 2nd, 3rd, 4th или last)
    <code>/schedule pin every пт 18:00 Текст</code> — и закрепить
    Ответьте командой (без текста) на сообщение, чтобы опубликовать его самого — с оформлением и фото.
    <code>/schedule templates</code> — готовые рубрики · <code>/schedule</code> — список · <code>/schedule pause|resume N</code> · <code>/schedule edit N Текст</code> · <code>/unschedule N</code>
calendar-unschedule-usage = Так: <code>/unschedule N</code>, где N — номер поста в <code>/schedule</code> (например, <code>/unschedule 2</code>).
calendar-bad-weekday = «{ $word }» — не день недели: пишите пн вт ср чт пт сб вс (или mon tue wed thu fri sat sun), для ежемесячного поста — после 1st, 2nd, 3rd, 4th или last.
calendar-bad-time = «{ $word }» — не время: пишите ЧЧ:ММ, 24 часа (например, 18:00).
calendar-bad-date = «{ $word }» — не дата: пишите ГГГГ-ММ-ДД (2026-12-24) или ДД.ММ.ГГГГ.
calendar-bad-template = Шаблона «{ $word }» нет: список — <code>/schedule templates</code>.
calendar-bad-number = «{ $word }» — не номер запланированного поста: список — <code>/schedule</code>.
calendar-past = Это время уже прошло: { $when } ({ $tz }). Выберите дату или время позже.
calendar-dst-gap = { $when } не существует в { $tz }: этой ночью часы переводят вперёд. Выберите время на час позже, например 03:30 вместо 02:30.
calendar-dst-twice = { $when } наступает дважды в { $tz }: этой ночью часы переводят назад. Выберите время вне этого часа, например 01:30 или 03:30.
calendar-empty = Что публиковать? Напишите текст после времени или ответьте командой на сообщение, которое нужно опубликовать.
calendar-too-long = В посте { $len } знаков; Telegram разрешает { $max } { $max ->
    [1024] в подписи к фото
   *[other] в сообщении
}. Ничего не запланировано.
calendar-not-found = Запланированного поста №{ $number } здесь нет: список — <code>/schedule</code>.
calendar-scheduled = Запланирован №{ $number }: { $recurrence }. Следующий: { $next }, { $tz }.
calendar-in-topic = Посты пойдут в тему рубрик (#{ $thread }).
calendar-pin-note = Каждый пост будет закреплён.
calendar-pin-missing = ⚠️ Я не могу закреплять сообщения здесь: дайте мне право админа «Закреплять сообщения», иначе посты выйдут без закрепления.
calendar-no-next = нет (завершён)
calendar-list-header = <b>Запланированные посты</b> ({ $tz }):
calendar-list-row = <b>№{ $number }</b> · { $recurrence } · следующий: { $next }{ $flags }
    { $preview }
calendar-list-more = …и ещё { $count }
calendar-list-hint = <code>/schedule pause|resume N</code> · <code>/schedule edit N Текст</code> · <code>/unschedule N</code>
calendar-list-empty = Пока ничего не запланировано.
calendar-flag-paused = ⏸ на паузе
calendar-flag-pin = 📌 закреплять
calendar-flag-photo = 🖼 фото
calendar-paused = №{ $number } на паузе: ничего не выйдет до <code>/schedule resume { $number }</code>.
calendar-already-paused = №{ $number } уже на паузе.
calendar-not-paused = №{ $number } не на паузе.
calendar-resumed = №{ $number } снова включён. Следующий: { $next }.
calendar-resumed-past = №{ $number } снова включён, но его время прошло: больше ничего не выйдет.
calendar-removed = №{ $number } убран: он больше не выйдет.
calendar-edited = У №{ $number } новый текст (следующий: { $next }): { $preview }
calendar-templates-header = <b>Шаблоны</b> — <code>/schedule template имя</code> (другое время — после имени: <code>/schedule template friday-question every чт 19:00</code>):
calendar-template-row = <code>{ $key }</code> · { $recurrence } — { $preview }
calendar-templates-hint = Текст запланированного шаблона можно поменять: <code>/schedule edit N Текст</code>.

calendar-template-friday-question = 🤔 <b>Вопрос пятницы</b>
    Что самое полезное вы узнали на этой неделе? Делитесь в ответах!
calendar-template-monday-wins = 🏆 <b>Победы понедельника</b>
    Чего вы добились на прошлой неделе — большого или маленького? Расскажите и поддержите друг друга!
calendar-template-wednesday-case = 🧩 <b>Кейс среды</b>
    Принесите задачу, на которой застряли, — разберём вместе в ответах.
calendar-template-theme-week = 📅 <b>Тема недели</b>
    На этой неделе обсуждаем одну тему вместе. Предлагайте в ответах — победит самая популярная!
calendar-template-monthly-review = 📊 <b>Итоги месяца</b>
    Месяц заканчивается: что получилось, что стоит изменить? Поделитесь мыслями.

calendar-rec-once = один раз, { $date } в { $time }
calendar-rec-daily = каждый день в { $time }
calendar-rec-weekly = еженедельно: { $dayname }, { $time }
calendar-rec-monthly = ежемесячно: { $nth ->
    [first] { $day ->
        [wed] первая
        [fri] первая
        [sat] первая
        [sun] первое
       *[other] первый
    }
    [second] { $day ->
        [wed] вторая
        [fri] вторая
        [sat] вторая
        [sun] второе
       *[other] второй
    }
    [third] { $day ->
        [wed] третья
        [fri] третья
        [sat] третья
        [sun] третье
       *[other] третий
    }
    [fourth] { $day ->
        [wed] четвёртая
        [fri] четвёртая
        [sat] четвёртая
        [sun] четвёртое
       *[other] четвёртый
    }
   *[last] { $day ->
        [wed] последняя
        [fri] последняя
        [sat] последняя
        [sun] последнее
       *[other] последний
    }
} { $dayname } месяца, { $time }

weekday-mon = понедельник
weekday-tue = вторник
weekday-wed = среда
weekday-thu = четверг
weekday-fri = пятница
weekday-sat = суббота
weekday-sun = воскресенье
calendar-pin-failed = Запланированный пост №{ $number } вышел, но закрепить его я не смог: дайте мне в группе право админа «Закреплять сообщения».
weekday-short-mon = пн
weekday-short-tue = вт
weekday-short-wed = ср
weekday-short-thu = чт
weekday-short-fri = пт
weekday-short-sat = сб
weekday-short-sun = вс
calendar-too-many = В этом чате уже { $max } запланированных постов — это максимум: сначала удалите один командой <code>/unschedule N</code>.

# Страницы панели «Участники» и «Модерация».
dash-members-title = Участники
dash-members-search = Имя или @username
dash-members-segment = Сегмент
dash-members-segment-all = Все сегменты
dash-members-apply = Показать
dash-members-count = { $count ->
    [one] { $count } участник
    [few] { $count } участника
    [many] { $count } участников
   *[other] { $count } участника
}
dash-members-csv = Скачать эту выборку в CSV
dash-members-empty = Под эту выборку не подходит ни один участник.
dash-members-col-member = Участник
dash-members-col-segment = Сегмент
dash-members-col-trust = Доверие
dash-members-col-messages = Сообщения
dash-members-col-points = Баллы
dash-members-col-warnings = Предупреждения
dash-members-col-last-post = Последний пост
dash-members-col-joined = Вступил
dash-members-gone = вышел
dash-members-prev = Назад
dash-members-next = Дальше
dash-members-page = Страница { $page } из { $pages }
dash-members-error-search = Поиск — не длиннее { $max ->
    [one] { $max } символа
   *[other] { $max } символов
}.
dash-members-error-segment = Сегмента «{ $segment }» нет. Выберите один из: { $known }.

dash-mod-title = Модерация
dash-mod-filters = { $count ->
    [one] { $count } фильтр
    [few] { $count } фильтра
    [many] { $count } фильтров
   *[other] { $count } фильтра
}
dash-mod-filters-empty = Фильтров пока нет. Добавьте слово или /regex/ ниже.
dash-mod-col-pattern = Слово или /regex/
dash-mod-col-filter-action = Затем
dash-mod-filter-remove = Удалить
dash-mod-filter-pattern = Слово, фраза или /regex/
dash-mod-filter-pattern-help = Подходящие сообщения удаляются; слова ищутся целиком и без учёта регистра, как в /filter.
dash-mod-filter-confirm = Да, даже если он подходит почти к любому сообщению
dash-mod-filter-add = Добавить фильтр
dash-mod-filter-added = Фильтр добавлен.
dash-mod-filter-removed = Фильтр удалён.
dash-mod-error-filter-action = Выберите, что делает фильтр: delete, warn, mute или ban. Ничего не добавлено.
dash-mod-warned = { $count ->
    [one] { $count } участник с предупреждениями
    [few] { $count } участника с предупреждениями
    [many] { $count } участников с предупреждениями
   *[other] { $count } участника с предупреждениями
}
dash-mod-warned-empty = Действующих предупреждений нет ни у кого.
dash-mod-muted = { $count ->
    [one] { $count } участник без права писать
    [few] { $count } участника без права писать
    [many] { $count } участников без права писать
   *[other] { $count } участника без права писать
}
dash-mod-muted-empty = Никто не лишён права писать.
dash-mod-until-lifted = пока администратор не снимет
dash-mod-log = Журнал модерации
dash-mod-any-action = Любое действие
dash-mod-member-search = Участник: id или @username
dash-mod-apply = Показать
dash-mod-member-unknown = Участник { $member } здесь неизвестен.
dash-mod-log-empty = В журнале нет записей для этой выборки.
dash-mod-col-at = Когда
dash-mod-col-action = Действие
dash-mod-col-member = Участник
dash-mod-col-by = Кем
dash-mod-col-until = До
dash-mod-col-reason = Причина
dash-mod-col-warnings = Предупреждения
dash-mod-col-last = Последнее
dash-mod-auto = автоматически
dash-mod-community-moderator = модератор сообщества
dash-mod-error-action = Действия «{ $action }» в журнале нет.
dash-mod-error-member = Участник — это id пользователя или @username.

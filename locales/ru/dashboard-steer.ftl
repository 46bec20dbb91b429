# Страницы идей и настроек в панели. Простой текст: страница его экранирует.

dash-ideas-title = Идеи
dash-ideas-total = { $count ->
    [one] Всего { $count } идея
    [few] Всего { $count } идеи
    [many] Всего { $count } идей
   *[other] Всего { $count } идеи
}
dash-ideas-empty = Идей пока нет. Участники предлагают их командой /idea в чате.
dash-ideas-none-here = С этим статусом идей нет.
dash-ideas-more = { $count ->
    [one] и ещё { $count } идея, не показана
    [few] и ещё { $count } идеи, не показаны
    [many] и ещё { $count } идей, не показаны
   *[other] и ещё { $count } идеи, не показаны
}
dash-ideas-col-idea = Идея
dash-ideas-col-author = Автор
dash-ideas-col-score = Счёт
dash-ideas-col-status = Новый статус
dash-ideas-note = Комментарий (необязательно)
dash-ideas-apply = Изменить
dash-ideas-changed = Идея №{ $number } теперь { $status }. { $count ->
    [0] Сообщать некому.
    [one] { $count } участник получит сообщение.
    [few] { $count } участника получат сообщение.
    [many] { $count } участников получат сообщение.
   *[other] { $count } участника получат сообщение.
}
dash-ideas-again = Это изменение идеи №{ $number } уже сделано; больше ничего не сделано.
dash-ideas-not-found = В этом чате такой идеи нет; ничего не изменено.
dash-ideas-moved-on = Идею изменили после того, как страница открылась; ничего не изменено. Обновите страницу и попробуйте снова.

dash-settings-title = Настройки
dash-settings-intro = { $count ->
    [one] { $count } настройка. Каждая сохраняется отдельно и проверяется так же, как в /set.
    [few] { $count } настройки. Каждая сохраняется отдельно и проверяется так же, как в /set.
    [many] { $count } настроек. Каждая сохраняется отдельно и проверяется так же, как в /set.
   *[other] { $count } настройки. Каждая сохраняется отдельно и проверяется так же, как в /set.
}
dash-settings-none = Настроек нет.
dash-settings-default = По умолчанию: { $value }
dash-settings-save = Сохранить
dash-settings-saved = { $key } теперь { $value }.
dash-settings-on = вкл
dash-settings-off = выкл
dash-settings-texts = Приветствие и правила
dash-settings-welcome = Текст приветствия
dash-settings-welcome-default = Новички получают приветствие по умолчанию.
dash-settings-welcome-help = Подстановки: { $placeholders }
dash-settings-welcome-reset-button = Вернуть приветствие по умолчанию
dash-settings-welcome-saved = Текст приветствия сохранён.
dash-settings-welcome-reset = Приветствие по умолчанию возвращено.
dash-settings-welcome-empty = Текст приветствия пуст; ничего не изменено. Чтобы вернуть приветствие по умолчанию, нажмите кнопку.
dash-settings-links = { $count ->
    [0] Ссылки в приветствии
    [one] { $count } ссылка в приветствии
    [few] { $count } ссылки в приветствии
    [many] { $count } ссылок в приветствии
   *[other] { $count } ссылки в приветствии
}
dash-settings-links-none = Ссылок в приветствии пока нет.
dash-settings-link-title = Название
dash-settings-link-add = Добавить ссылку
dash-settings-link-delete = Убрать
dash-settings-link-added = Ссылка добавлена в приветствие.
dash-settings-link-deleted = Ссылка убрана из приветствия.
dash-settings-rules = Правила
dash-settings-rules-none = У этого чата пока нет правил.
dash-settings-rules-saved = Правила сохранены. Новички увидят их в приветствии.
dash-settings-rules-empty = Правила пусты; ничего не изменено.

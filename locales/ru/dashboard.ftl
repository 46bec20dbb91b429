cmd-dashboard = панель администратора: графики, участники, опросы, модерация, идеи и настройки на веб-странице внутри Telegram
dash-not-served = Панель для этого бота не настроена: владелец задаёт HEARTH_PUBLIC_URL (адрес https://) и HEARTH_LISTEN.
dash-open = 📊 Открыть панель
dash-open-dm = Ваша панель: чаты, которыми вы управляете, их графики, участники, опросы, модерация, идеи и настройки.
dash-open-group = Панель этого чата для его администраторов: кнопка входит через Telegram.
dash-tab-overview = Обзор
dash-tab-members = Участники
dash-tab-polls = NPS и опросы
dash-tab-moderation = Модерация
dash-tab-ideas = Идеи
dash-tab-settings = Настройки
dash-logout = Выйти
dash-signed-out = Вы вышли. Откройте панель снова из Telegram командой /dashboard.
dash-period-days = { $days } { $days ->
    [one] день
    [few] дня
   *[other] дней
}
dash-signin-wait = Входим…
dash-signin-refused = Вход отклонён (данные устарели, уже использованы или пришли не из Telegram). Закройте окно и снова отправьте боту /dashboard.
dash-signin-open = Откройте панель из Telegram: отправьте боту /dashboard.
dash-chats-title = Ваши чаты
dash-chats-none = Вы не администратор ни одного чата, где есть этот бот.
dash-error-signed-out = Войдите снова: отправьте боту /dashboard в Telegram.
dash-error-not-found = Такой страницы нет.
dash-error-internal = У нас что-то пошло не так; ничего не изменено. Попробуйте ещё раз.
dash-error-too-large = Форма слишком большая; ничего не изменено.
dash-error-csrf = Форма устарела или пришла не из панели; ничего не изменено. Обновите страницу и попробуйте снова.
dash-error-not-admin = Панель чата открыта только его администраторам, а Telegram не называет вас администратором.

cmd-raid = режим рейда: /raid on · /raid off · /raid без аргументов показывает его
setting-raid-joins = Сколько входов за raid_seconds включают режим рейда сами (0 — только через /raid on)
setting-raid-seconds = Окно в секундах, за которое считаются входы для raid_joins
setting-raid-calm-minutes = Через сколько минут без всплеска входов режим рейда выключается сам

raid-usage = Использование: <code>/raid on</code> включает режим рейда, <code>/raid off</code> выключает, <code>/raid</code> без аргументов показывает его. Например: <code>/raid on</code>
raid-notice = 🛡 <b>Режим рейда</b>: { $count } { $count ->
    [one] новичок ждёт
    [few] новичка ждут
   *[other] новичков ждут
}. Читать чат можно, писать — когда рейд закончится.
raid-notice-ended = 🛡 Режим рейда закончился: { $count } { $count ->
    [one] новичок ждал
    [few] новичка ждали
   *[other] новичков ждали
}.
raid-admins = 🛡 <b>Включён режим рейда</b> в { $chat }: { $why }. Новички ограничены и посчитаны в одном сообщении, пригласительные ссылки бота требуют одобрения. Режим выключится через { $calm } мин. без всплеска, командой <code>/raid off</code> или кнопкой.
raid-why-spike = больше { $joins } входов за { $seconds } с
raid-why-admin = включил { $admin }
raid-button-end = Выключить режим рейда
raid-no-rights = ⚠️ Режим рейда не может ограничивать новичков: дайте мне право администратора «Блокировка пользователей».
raid-state-on = 🛡 Режим рейда включён с { $since } UTC: { $count } { $count ->
    [one] новичок ждёт
    [few] новичка ждут
   *[other] новичков ждут
}. <code>/raid off</code> выключает его.
raid-state-off = Режим рейда выключен. Он включится сам после { $joins } входов за { $seconds } с (<code>/set raid_joins</code>, <code>/set raid_seconds</code>) или командой <code>/raid on</code>.
raid-state-off-manual = Режим рейда выключен; он включается только командой <code>/raid on</code> (<code>raid_joins</code> равен 0).
raid-already-on = Режим рейда уже включён. <code>/raid off</code> выключает его.
raid-not-on = Режим рейда не включён. <code>/raid on</code> включает его.
raid-summary = 🛡 <b>Режим рейда выключен</b> ({ $why }). За время рейда { $count ->
    [one] вошёл { $count } новичок
    [few] вошли { $count } новичка
   *[other] вошли { $count } новичков
}: впущено { $released }, заблокировано или ушло { $out }.
raid-summary-names = Вошли: { $names }
raid-summary-more = и ещё { $more }
raid-end-calm = { $minutes } мин. без всплеска
raid-end-admin = выключил { $admin }
raid-ended-toast = Режим рейда выключен.
raid-already-ended = Этот рейд уже закончился.
raid-ended-by = Режим рейда выключил { $admin }.
raid-summary-rules = { $count ->
    [one] { $count } новичку ещё нужно
    [few] { $count } новичкам ещё нужно
   *[other] { $count } новичкам ещё нужно
} принять правила, чтобы писать: нажмите <b>«Принимаю правила»</b> ниже.

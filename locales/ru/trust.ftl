# Уровни доверия: /trust, строка в /me, значок в /top.

cmd-trust = уровень доверия участника и почему: /trust @user [leader|auto]
cmd-promote = сделать участника 3-го уровня модератором сообщества: /promote @user
cmd-demote = снять с участника роль модератора сообщества: /demote @user

setting-trust1-messages = Сколько сообщений нужно новичку для уровня доверия 1 (участник)
setting-trust1-days = Сколько дней после вступления нужно новичку для уровня доверия 1 (участник)
setting-trust2-weeks-active = Сколько недель с сообщениями (из последних trust2_weeks) нужно для уровня 2 (постоянный)
setting-trust2-weeks = Сколько последних недель смотрит уровень 2 (постоянный)
setting-trust3-points = Сколько баллов нужно для уровня 3 (лидер), помимо уровня 2
setting-trust3-helpful = Сколько полезных ответов (полученных благодарностей) нужно для уровня 3 (лидер), помимо уровня 2

trust-level-newcomer = новичок
trust-level-member = участник
trust-level-regular = постоянный
trust-level-leader = лидер
trust-badge = TL{ $level }

trust-me-level = 🛡 Уровень доверия: <b>TL{ $level }</b> ({ $name })
trust-me-next = Для следующего, TL{ $level } ({ $name }), нужно:
trust-me-capped = Уровень удержан на TL1, пока действует предупреждение; он вернётся, когда:
trust-need-rules = принять правила
trust-need-messages = сообщений: { $have } из { $need }
trust-need-days = дней в группе: { $have } из { $need }
trust-need-weeks = активных недель: { $have } из нужных { $need } (за последние { $of } нед.)
trust-need-no-warnings = не будет действующих предупреждений (сейчас { $count })
trust-need-points = баллов: { $have } из { $need }
trust-need-helpful = полезных ответов: { $have } из { $need }

trust-explain = { $name }: <b>TL{ $level }</b> ({ $what })
trust-why-computed = Рассчитан по тому, что участник сделал.
trust-why-chosen = Назначен лидером администратором.
trust-why-capped = Удержан на TL1: { $count ->
    [one] действует { $count } предупреждение
    [few] действуют { $count } предупреждения
   *[many] действуют { $count } предупреждений
}.
trust-facts = Сообщений: { $messages } · активных недель: { $weeks } · предупреждений: { $warnings } · баллов: { $points } · полезных ответов: { $helpful } · правила: { $rules }
trust-rules-ok = приняты
trust-rules-pending = ещё не приняты
trust-chosen-leader = ✅ { $name } теперь лидер (TL3), назначен администратором.
trust-chosen-auto = ✅ Уровень { $name } снова рассчитывается.

trust-usage = Ответьте на сообщение участника командой <code>/trust</code> или назовите его: <code>/trust @username</code> — посмотреть уровень, <code>/trust @username leader</code> — сделать лидером, <code>/trust @username auto</code> — вернуть рассчитанный уровень.
trust-unknown-level = Я не знаю уровня «{ $word }»: используйте <code>leader</code> или <code>auto</code>.
trust-not-member = { $who } — не участник этой группы, насколько я знаю.
trust-promote-usage = Ответьте на сообщение участника командой <code>/{ $command }</code> или назовите его: <code>/{ $command } @username</code>.
trust-promote-admin = { $name } уже админ: админы и так модерируют.
trust-promote-low = У { $name } уровень <b>TL{ $level }</b> ({ $what }): модераторами сообщества могут быть только участники 3-го уровня (лидеры). Ничего не изменено.
trust-promoted = ✅ { $name } теперь модератор сообщества: может /warn, /mute (не дольше <code>member_mod_mute</code>) и решать по жалобам — но не об админах и не о других модераторах сообщества.
trust-promoted-already = { $name } уже модератор сообщества.
trust-demoted = ✅ { $name } больше не модератор сообщества.
trust-not-moderator = { $name } — не модератор сообщества. Ничего не изменено.

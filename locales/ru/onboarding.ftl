# Онбординг: приветствие, правила, знакомство в личке, чек-ин, воронка.

onb-button-accept = ✅ Принимаю правила
onb-button-introduce = 👋 Представиться
onb-welcome-default = 👋 Добро пожаловать в чат «{ $chat }», { $name }! Рады, что вы с нами.
onb-welcome-back = 👋 С возвращением в чат «{ $chat }», { $name }! Рады видеть снова.
onb-welcome-batch = 👋 Добро пожаловать в чат «{ $chat }»: { $names }!
onb-rules-inline = 📜 <b>Наши правила</b>
    { $rules }
onb-gate-note = Прочитайте правила и нажмите <b>«Принимаю правила»</b>, чтобы писать в чат.
onb-gate-no-rights = ⚠️ Я не могу ограничивать новичков, поэтому встречаю их без проверки правил. Чтобы включить её, дайте мне право <b>блокировать пользователей</b> (ограничивать участников) или выключите проверку: <code>/set gate off</code>.
onb-not-your-button = Эта кнопка — для новичка, которого она встречает.
onb-already-accepted = Вы уже приняли правила. 🙂
onb-accept-failed = Не получилось снять ограничение — напишите, пожалуйста, админу.
onb-accepted = Спасибо! Теперь можно писать. Добро пожаловать!
onb-accepted-muted-until = Спасибо, что приняли правила! Писать пока нельзя: ограничение действует до { $until }.
onb-accepted-muted = Спасибо, что приняли правила! Писать пока нельзя — ограничение снимет админ.

onb-rules-show = 📜 <b>Правила</b>
    { $rules }
onb-rules-none = В этом чате пока нет правил. Админы могут задать их командой /setrules.
onb-setrules-usage = Как использовать: <code>/setrules текст правил</code> или ответьте командой /setrules на сообщение с правилами.
onb-rules-too-long = Правила слишком длинные: не больше { $max } символов.
onb-rules-saved = ✅ Правила сохранены. Новички увидят их в приветствии.

onb-welcome-is-default = (приветствие по умолчанию)
onb-setwelcome-show = <b>Текущее приветствие:</b>
    { $current }

    Изменить: <code>/setwelcome текст</code>. Подстановки: { $placeholders }
onb-template-unknown = ❌ Неизвестная подстановка <code>{ $found }</code>. Допустимые: { $placeholders }
onb-template-unbalanced = ❌ У фигурной скобки нет пары рядом с <code>{ $near }</code>: подстановка — это слово в фигурных скобках, одно из { $placeholders }. Ничего не сохранено.
onb-template-too-long = ❌ После подстановки приветствие займёт { $len } символов; Telegram разрешает { $max }.
onb-welcome-saved = ✅ Текст приветствия сохранён.
onb-welcome-reset = ✅ Вернули приветствие по умолчанию.

onb-links-full = У вас уже { $max } ссылок; сначала удалите одну командой /dellink.
onb-link-added = ✅ Ссылка «{ $title }» добавлена в приветствие.
onb-link-invalid = ❌ { $reason } Как использовать: <code>/addlink Название | https://example.com</code>
onb-link-err-separator = Разделите название и адрес знаком «|».
onb-link-err-title = Название пустое.
onb-link-err-title-long = Название слишком длинное (не больше 64 символов).
onb-link-err-url = Это не похоже на правильный адрес.
onb-link-err-scheme = Кнопками могут быть только адреса http:// и https://.
onb-link-deleted = ✅ Ссылка «{ $title }» удалена.
onb-link-not-found = Ссылки «{ $title }» нет. Список: /links.
onb-links-none = Ссылок пока нет. Добавить: <code>/addlink Название | https://example.com</code>
onb-links-header = <b>Ссылки в приветствии</b>

onb-goals-saved = ✅ Новички будут выбирать из: { $goals }
onb-goals-usage = Как использовать: <code>/setgoals Знакомства; Учёба; Поиск работы</code> — от 1 до 8 вариантов, каждый до 40 символов.
onb-default-goals = Знакомства; Учиться новому; Делиться опытом; Найти работу или проект; Просто почитать

onb-intro-not-member = Я пока не вижу вас в этой группе. Вступите в неё и снова нажмите «Представиться».
onb-intro-already = Вы уже представились в чате «{ $chat }» — спасибо!
onb-intro-ask-goal = Давайте познакомим вас с чатом «{ $chat }»! 🙌
    Для начала: что вы хотите получить от сообщества? Выберите вариант или напишите свой.
onb-intro-ask-about = Отлично! Теперь пару слов о себе (до { $max } символов): кто вы, чем занимаетесь, что вам интересно.
onb-intro-reask-goal = Здесь нужен текст 🙂 Выберите вариант выше или напишите, что ищете. /cancel — прекратить.
onb-intro-reask-about = Здесь нужен текст 🙂 Расскажите о себе или /cancel, чтобы прекратить.
onb-intro-too-long = Получилось длинновато — уложитесь, пожалуйста, в { $max } символов.
onb-intro-post = 👋 Знакомьтесь: { $name }!
    { $about }
    🎯 Здесь, чтобы: { $goal }
onb-intro-thanks = Готово — ваше представление опубликовано в чате «{ $chat }». Вот где что находится:
onb-cancelled = Хорошо, остановились. Возвращайтесь в любой момент.
onb-nothing-to-cancel = Нечего прекращать.

onb-checkin = 👋 Как вам в чате «{ $chat }»? Нужна помощь?
onb-checkin-ok = 👍 Всё хорошо
onb-checkin-help = 🆘 Нужна помощь
onb-checkin-idea = 💡 Есть идея
onb-checkin-already = Спасибо, вы уже ответили.
onb-checkin-glad = Рады слышать! Хорошего общения. 🙂
onb-checkin-ask-help = Напишите одним сообщением, с чем нужна помощь, — я передам админам.
onb-checkin-ask-idea = Напишите идею одним сообщением — я передам админам.
onb-checkin-reask = Напишите, пожалуйста, текстом или /cancel.
onb-checkin-passed-on = ✅ Передал админам. Спасибо!
onb-checkin-help-to-admins = 🆘 { $name } в чате «{ $chat }» нужна помощь:
    { $text }
onb-checkin-idea-to-admins = 💡 У { $name } в чате «{ $chat }» есть идея:
    { $text }

onb-funnel-header = <b>Онбординг за { $days } дней</b> (доля от вступивших · от предыдущего шага)
onb-funnel-row = { $step }: <b>{ $count }</b> · { $pct }% · { $prev }%
onb-step-joined = Вступили
onb-step-rules-accepted = Приняли правила
onb-step-dm-opened = Открыли личку
onb-step-introduced = Представились
onb-step-first-message = Написали первое сообщение
onb-step-checked-in = Ответили на чек-ин

cmd-rules = правила чата
cmd-cancel = прекратить текущий диалог
cmd-setwelcome = задать приветствие ({"{"}name{"}"}, {"{"}chat{"}"}, {"{"}rules{"}"})
cmd-resetwelcome = вернуть приветствие по умолчанию
cmd-setrules = задать правила (текстом или ответом)
cmd-addlink = добавить кнопку-ссылку: Название | URL
cmd-dellink = удалить ссылку из приветствия
cmd-links = ссылки в приветствии
cmd-setgoals = варианты целей новичков: a; b; c
cmd-onboarding = воронка онбординга за 30 дней

setting-gate = Новички только читают, пока не примут правила
setting-clean-welcome = Удалять прошлое приветствие при новом
setting-gate-kick-minutes = Удалять новичков, не принявших правила, через столько минут (0 — никогда)
setting-checkin-days = Через сколько дней спросить новичка, как дела (0 — не спрашивать)

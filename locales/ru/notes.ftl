# Заметки: сохранённые ответы чата (его FAQ).

cmd-notes = сохранённые ответы чата (заметки); вызвать — #имя
cmd-faq = показать сохранённый ответ: /faq имя (в ответ на сообщение — ответит на него)
cmd-note = сохранить или заменить заметку: /note имя текст или /note имя в ответ на сообщение
cmd-delnote = удалить заметку: /delnote имя
cmd-notetrigger = фразы, на которые заметка отвечает сама: /notetrigger имя фраза; фраза (без фраз — очистить)
setting-faq-cooldown = Через сколько одна и та же заметка может снова сама ответить на вопрос в этом чате (off — каждый раз)

note-usage = Как пользоваться: <code>/note имя текст</code> или ответьте на сообщение командой <code>/note имя</code>, чтобы сохранить его (с оформлением, фото или документом).
delnote-usage = Как пользоваться: <code>/delnote имя</code>
notetrigger-usage = Как пользоваться: <code>/notetrigger имя фраза; другая фраза</code> — на вопрос участника с одной из фраз бот ответит заметкой. <code>/notetrigger имя</code> без фраз очищает их.
faq-usage = Как пользоваться: <code>/faq имя</code> (или <code>#имя</code>); список заметок — /notes.
note-err-no-text = Заметке нужно содержание: <code>/note имя текст</code> или ответ на сообщение с текстом, фото или документом.
note-err-name-too-long = Слишком длинное имя: не больше { $max } символов.
note-err-bad-name = Имя заметки — буквы, цифры, <code>_</code> и <code>-</code>, без пробелов: <code>/note доставка …</code>
note-err-text-too-long = Слишком длинная заметка: не больше { $max } символов.
note-err-caption-too-long = Подпись к фото или документу — не больше { $max } символов: сократите текст.
note-err-empty-phrase = Одна из фраз пустая: разделяйте фразы знаком <code>;</code> и не оставляйте пустых.
note-err-phrase-no-word = В каждой фразе нужно хотя бы одно слово (буквы или цифры).
note-err-phrase-common = «{ $phrase }» подойдёт почти к любому вопросу: в каждой фразе нужно слово из трёх букв и больше, и не из самых частых (например, <code>пароль от wifi</code>).
note-err-phrase-too-long = Слишком длинная фраза: не больше { $max } символов каждая.
note-err-too-many-phrases = Слишком много фраз: не больше { $max } на заметку.
note-err-unknown = В этом чате нет заметки <code>#{ $name }</code>.
note-did-you-mean = Может быть, { $names }?
note-saved = 📝 Заметка <code>#{ $name }</code> сохранена. Вызвать её может любой: <code>#{ $name }</code> или <code>/faq { $name }</code>.
note-replaced = 📝 Заметка <code>#{ $name }</code> заменена.
note-deleted = 🗑 Заметка <code>#{ $name }</code> удалена.
note-triggers-set = 🤖 Заметка <code>#{ $name }</code> теперь сама отвечает на вопросы участников с фразами: { $phrases }
note-triggers-cleared = Заметка <code>#{ $name }</code> больше не отвечает на вопросы сама.

notes-none = В этом чате пока нет заметок. Админы сохраняют их командой <code>/note имя текст</code>.
notes-header = 📝 <b>Заметки</b> ({ $count }):
notes-triggers = {" "}— отвечает на: <i>{ $phrases }</i>
notes-more = …и ещё { $count }
notes-how = Вызвать — <code>#имя</code> или <code>/faq имя</code>; в ответ на сообщение заметка ответит на него.

# Notes: the chat's saved answers (its FAQ).

cmd-notes = the chat's saved answers (notes); call one with #name
cmd-faq = show a saved answer: /faq name (in reply to a message, it answers that message)
cmd-note = save or replace a note: /note name text, or /note name in reply to a message
cmd-delnote = delete a note: /delnote name
cmd-notetrigger = phrases that answer questions by themselves: /notetrigger name phrase; phrase (nothing after the name clears them)
setting-faq-cooldown = How soon the same note may answer a question by itself again in this chat (off: every time)

note-usage = Usage: <code>/note name text</code>, or reply to a message with <code>/note name</code> to save it (its formatting, photo or document kept).
delnote-usage = Usage: <code>/delnote name</code>
notetrigger-usage = Usage: <code>/notetrigger name phrase; another phrase</code> — a member's question with one of the phrases gets the note. <code>/notetrigger name</code> alone clears them.
faq-usage = Usage: <code>/faq name</code> (or <code>#name</code>); /notes lists the notes.
note-err-no-text = A note needs something to say: <code>/note name text</code>, or reply to a message with text, a photo or a document.
note-err-name-too-long = That name is too long: at most { $max } characters.
note-err-bad-name = A note's name is letters, digits, <code>_</code> and <code>-</code>, with no spaces: <code>/note delivery …</code>
note-err-text-too-long = That note is too long: at most { $max } characters.
note-err-caption-too-long = A photo's or document's caption holds at most { $max } characters: shorten the text.
note-err-empty-phrase = One of the phrases is empty: separate phrases with <code>;</code> and leave none blank.
note-err-phrase-no-word = Every phrase needs at least one word (letters or digits).
note-err-phrase-common = “{ $phrase }” would match almost any question: give each phrase a word of three letters or more that is not a common one (e.g. <code>wifi password</code>).
note-err-phrase-too-long = A phrase is too long: at most { $max } characters each.
note-err-too-many-phrases = Too many phrases: at most { $max } for one note.
note-err-unknown = There is no note <code>#{ $name }</code> in this chat.
note-did-you-mean = Did you mean { $names }?
note-saved = 📝 Saved the note <code>#{ $name }</code>. Anyone can call it with <code>#{ $name }</code> or <code>/faq { $name }</code>.
note-replaced = 📝 Replaced the note <code>#{ $name }</code>.
note-deleted = 🗑 Deleted the note <code>#{ $name }</code>.
note-triggers-set = 🤖 The note <code>#{ $name }</code> now answers members' questions with: { $phrases }
note-triggers-cleared = The note <code>#{ $name }</code> no longer answers questions by itself.

notes-none = No notes in this chat yet. Admins save one with <code>/note name text</code>.
notes-header = 📝 <b>Notes</b> ({ $count }):
notes-triggers = {" "}— answers: <i>{ $phrases }</i>
notes-more = …and { $count } more
notes-how = Call one with <code>#name</code> or <code>/faq name</code>; in reply to a message, it answers that message.

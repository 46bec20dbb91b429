# Еженедельная сводка.

setting-weekly-digest = Еженедельная сводка: лучшие ответы, самый полезный участник, лучшие приглашающие и идеи, взятые в работу

digest-header = 📰 <b>Итоги недели</b>
digest-helpful = 🤝 Самый полезный участник: { $name } (поблагодарили { $count ->
    [one] { $count } раз
    [few] { $count } раза
   *[many] { $count } раз
})
digest-referrers = 🔗 Лучшие приглашающие:
digest-referrer-row = • { $name } — засчитано { $count }
digest-best-by-admins = ⭐ Лучший ответ недели: { $name }{ $link } (выбрали админы)
digest-best-by-thanks = ⭐ Лучший ответ недели: { $name }{ $link } ({ $count ->
    [one] поблагодарил { $count } участник
    [few] поблагодарили { $count } участника
   *[other] поблагодарили { $count } участников
})
digest-best-open = читать

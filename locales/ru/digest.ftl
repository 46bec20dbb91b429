# Еженедельная сводка.

setting-weekly-digest = Еженедельная сводка: самый полезный участник, лучшие приглашающие и идеи, взятые в работу

digest-header = 📰 <b>Итоги недели</b>
digest-helpful = 🤝 Самый полезный участник: { $name } (поблагодарили { $count ->
    [one] { $count } раз
    [few] { $count } раза
   *[many] { $count } раз
})
digest-referrers = 🔗 Лучшие приглашающие:
digest-referrer-row = • { $name } — засчитано { $count }

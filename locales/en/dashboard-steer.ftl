# The dashboard's ideas and settings pages. Plain text: the page escapes it.

dash-ideas-title = Ideas
dash-ideas-total = { $count ->
    [one] { $count } idea in all
   *[other] { $count } ideas in all
}
dash-ideas-empty = No ideas yet. Members post them with /idea in the chat.
dash-ideas-none-here = None with this status.
dash-ideas-more = { $count ->
    [one] and { $count } more, not shown
   *[other] and { $count } more, not shown
}
dash-ideas-col-idea = Idea
dash-ideas-col-author = Author
dash-ideas-col-score = Score
dash-ideas-col-status = New status
dash-ideas-note = Comment (optional)
dash-ideas-apply = Change
dash-ideas-changed = Idea #{ $number } is now { $status }. { $count ->
    [0] Nobody has to be told.
    [one] { $count } member will be told.
   *[other] { $count } members will be told.
}
dash-ideas-again = This change of idea #{ $number } was made already; nothing more was done.
dash-ideas-not-found = There is no such idea in this chat; nothing was changed.
dash-ideas-moved-on = The idea was changed since this page was loaded; nothing was changed. Reload the page and try again.

dash-settings-title = Settings
dash-settings-intro = { $count ->
    [one] { $count } setting. Each is saved on its own, checked as /set checks it.
   *[other] { $count } settings. Each is saved on its own, checked as /set checks it.
}
dash-settings-none = There are no settings.
dash-settings-default = Default: { $value }
dash-settings-save = Save
dash-settings-saved = { $key } is now { $value }.
dash-settings-on = on
dash-settings-off = off
dash-settings-texts = Welcome and rules
dash-settings-welcome = Welcome text
dash-settings-welcome-default = Newcomers get the default welcome.
dash-settings-welcome-help = Placeholders: { $placeholders }
dash-settings-welcome-reset-button = Back to the default welcome
dash-settings-welcome-saved = Welcome text saved.
dash-settings-welcome-reset = Back to the default welcome.
dash-settings-welcome-empty = The welcome text is empty; nothing was changed. To go back to the default, use the button.
dash-settings-links = { $count ->
    [0] Links in the welcome
    [one] { $count } link in the welcome
   *[other] { $count } links in the welcome
}
dash-settings-links-none = No links in the welcome yet.
dash-settings-link-title = Title
dash-settings-link-add = Add a link
dash-settings-link-delete = Remove
dash-settings-link-added = Link added to the welcome.
dash-settings-link-deleted = Link removed from the welcome.
dash-settings-rules = Rules
dash-settings-rules-none = This chat has no rules yet.
dash-settings-rules-saved = Rules saved. Newcomers will see them in the welcome.
dash-settings-rules-empty = The rules are empty; nothing was changed.

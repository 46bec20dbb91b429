# The dashboard's Members and Moderation pages.
dash-members-title = Members
dash-members-search = Name or @username
dash-members-segment = Segment
dash-members-segment-all = All segments
dash-members-apply = Show
dash-members-count = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
dash-members-csv = Download this view as CSV
dash-members-empty = No member matches this view.
dash-members-col-member = Member
dash-members-col-segment = Segment
dash-members-col-trust = Trust
dash-members-col-messages = Messages
dash-members-col-points = Points
dash-members-col-warnings = Warnings
dash-members-col-last-post = Last post
dash-members-col-joined = Joined
dash-members-gone = left
dash-members-prev = Previous
dash-members-next = Next
dash-members-page = Page { $page } of { $pages }
dash-members-error-search = A search can be at most { $max } characters.
dash-members-error-segment = There is no segment “{ $segment }”. Choose one of: { $known }.

dash-mod-title = Moderation
dash-mod-filters = { $count ->
    [one] { $count } filter
   *[other] { $count } filters
}
dash-mod-filters-empty = No filters yet. Add a word or a /regex/ below.
dash-mod-col-pattern = Word or /regex/
dash-mod-col-filter-action = Then
dash-mod-filter-remove = Remove
dash-mod-filter-pattern = A word, a phrase or a /regex/
dash-mod-filter-pattern-help = Matching messages are deleted; words match whole words in any case, as with /filter.
dash-mod-filter-confirm = I mean it, even if it matches nearly every message
dash-mod-filter-add = Add filter
dash-mod-filter-added = Filter added.
dash-mod-filter-removed = Filter removed.
dash-mod-error-filter-action = Choose what a filter does: delete, warn, mute or ban. Nothing was added.
dash-mod-warned = { $count ->
    [one] { $count } member with warnings
   *[other] { $count } members with warnings
}
dash-mod-warned-empty = Nobody has an active warning.
dash-mod-muted = { $count ->
    [one] { $count } member muted
   *[other] { $count } members muted
}
dash-mod-muted-empty = Nobody is muted.
dash-mod-until-lifted = until an admin lifts it
dash-mod-log = Moderation log
dash-mod-any-action = Any action
dash-mod-member-search = Member: id or @username
dash-mod-apply = Show
dash-mod-member-unknown = No member { $member } is known here.
dash-mod-log-empty = Nothing in the log for this view.
dash-mod-col-at = When
dash-mod-col-action = Action
dash-mod-col-member = Member
dash-mod-col-by = By
dash-mod-col-until = Until
dash-mod-col-reason = Reason
dash-mod-col-warnings = Warnings
dash-mod-col-last = Latest
dash-mod-auto = automatic
dash-mod-community-moderator = community moderator
dash-mod-error-action = There is no action “{ $action }” in the log.
dash-mod-error-member = A member is a user id or a @username.

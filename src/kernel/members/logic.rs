//! Pure rules about membership changes.

use teloxide::types::ChatMemberKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberChange {
    /// left / kicked / unknown → member / restricted (present).
    Joined,
    /// present → left / kicked.
    Left,
    /// Became an administrator or the creator.
    Promoted,
    /// Stopped being an administrator, still present.
    Demoted,
    /// Anything else (restricted ↔ member, rights changed …).
    Other,
}

pub fn member_change(old: &ChatMemberKind, new: &ChatMemberKind) -> MemberChange {
    match (old.is_present(), new.is_present()) {
        (false, true) => MemberChange::Joined,
        (true, false) => MemberChange::Left,
        (true, true) if !old.is_privileged() && new.is_privileged() => MemberChange::Promoted,
        (true, true) if old.is_privileged() && !new.is_privileged() => MemberChange::Demoted,
        _ => MemberChange::Other,
    }
}

/// The status word stored in `members.status`.
pub fn status_word(kind: &ChatMemberKind) -> &'static str {
    match kind {
        ChatMemberKind::Owner(_) => "creator",
        ChatMemberKind::Administrator(_) => "administrator",
        ChatMemberKind::Member(_) => "member",
        ChatMemberKind::Restricted(r) if r.is_member => "restricted",
        ChatMemberKind::Restricted(_) | ChatMemberKind::Left => "left",
        ChatMemberKind::Banned(_) => "kicked",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use teloxide::types::{Banned, Member, UntilDate};

    fn member() -> ChatMemberKind {
        ChatMemberKind::Member(Member { until_date: None })
    }

    #[test]
    fn transitions() {
        assert_eq!(member_change(&ChatMemberKind::Left, &member()), MemberChange::Joined);
        assert_eq!(member_change(&member(), &ChatMemberKind::Left), MemberChange::Left);
        let banned = ChatMemberKind::Banned(Banned { until_date: UntilDate::Forever });
        assert_eq!(member_change(&member(), &banned), MemberChange::Left);
        assert_eq!(member_change(&banned, &member()), MemberChange::Joined);
        assert_eq!(member_change(&member(), &member()), MemberChange::Other);
        assert_eq!(status_word(&banned), "kicked");
    }
}

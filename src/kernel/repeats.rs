//! Repeated commands answered once: a command whose spec says `Once::ForAll`
//! (`/rules`) is answered once a window in a chat, one that says
//! `Once::PerMember` (`/me`, `/top`) once a window for each member. A repeat
//! inside the window gets no answer at all — the answer is a few messages
//! up — so 25 members sending `/rules` at once (or one member on purpose)
//! cost the group one message of its 20 a minute, not 25. Only in groups:
//! a DM is the member's own. Windows run on the messages' dates.

use std::{collections::HashMap, sync::Mutex};

use crate::telegram::command::Once;

/// How long a command's answer stands for its repeats.
pub const WINDOW_SECS: i64 = 60;

/// Who a repeat is counted for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    chat_id: i64,
    command: &'static str,
    /// The arguments as given (`/top week` is not a repeat of `/top`).
    args: String,
    /// `None` for `Once::ForAll`.
    user_id: Option<u64>,
}

/// When each command was last answered, per chat (and member).
#[derive(Debug, Default)]
pub struct Repeats {
    answered: Mutex<HashMap<Key, i64>>,
}

impl Repeats {
    /// Whether `command` with `args` (declared `once`) from `user_id` in
    /// `chat_id` at unix time `at` is to be answered; an answered use starts
    /// the window.
    pub fn answer(
        &self,
        once: Once,
        chat_id: i64,
        command: &'static str,
        args: &str,
        user_id: u64,
        at: i64,
    ) -> bool {
        let user_id = match once {
            Once::No => return true,
            Once::ForAll => None,
            Once::PerMember => Some(user_id),
        };
        let mut answered = match self.answered.lock() {
            Ok(a) => a,
            Err(poisoned) => poisoned.into_inner(),
        };
        if answered.len() > 10_000 {
            answered.retain(|_, last| at - *last < WINDOW_SECS);
        }
        let key = Key { chat_id, command, args: args.to_owned(), user_id };
        match answered.get(&key) {
            // Dates out of order (a replay) count as inside the window.
            Some(last) if at - *last < WINDOW_SECS => false,
            _ => {
                answered.insert(key, at);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_all_is_answered_once_a_window_in_each_chat() {
        let r = Repeats::default();
        assert!(r.answer(Once::ForAll, -1, "rules", "", 1, 1000));
        assert!(!r.answer(Once::ForAll, -1, "rules", "", 2, 1010), "another member, same answer");
        assert!(r.answer(Once::ForAll, -2, "rules", "", 2, 1010), "another chat");
        assert!(r.answer(Once::ForAll, -1, "help", "", 2, 1010), "another command");
        assert!(!r.answer(Once::ForAll, -1, "rules", "", 3, 1059));
        assert!(r.answer(Once::ForAll, -1, "rules", "", 3, 1060), "the window is over");
    }

    #[test]
    fn per_member_is_answered_once_a_window_for_each() {
        let r = Repeats::default();
        assert!(r.answer(Once::PerMember, -1, "me", "", 1, 1000));
        assert!(r.answer(Once::PerMember, -1, "me", "", 2, 1000));
        assert!(!r.answer(Once::PerMember, -1, "me", "", 1, 1030));
        assert!(r.answer(Once::PerMember, -1, "me", "", 1, 1061));
        assert!((0..5).all(|i| r.answer(Once::No, -1, "top", "", 1, 1000 + i)));
        assert!(r.answer(Once::PerMember, -1, "me", "week", 1, 1030), "other arguments, another answer");
    }
}

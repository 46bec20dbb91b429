//! Pure rules for the best answer of the week: which answer the week's
//! thanks choose when no admin picked one.

use std::collections::HashMap;

use crate::features::points::logic::Reference;

/// Thanks from at least this many members make an answer the week's best
/// when no admin picked one: one thanks is politeness, two is a pattern.
pub const MIN_THANKS: i64 = 2;

/// An answer and how many members thanked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThankedAnswer {
    pub message_id: i32,
    pub author_id: i64,
    pub thanks: i64,
}

/// The answers thanked in `chat_id`, most thanked first (ties: the one
/// thanked first), from the ledger's thanks rows in the order they were
/// paid: (author, reference). Rows of other chats or other shapes are
/// ignored.
pub fn thanked_answers(chat_id: i64, rows: &[(i64, String)]) -> Vec<ThankedAnswer> {
    let mut order: Vec<(i32, i64)> = Vec::new();
    let mut counts: HashMap<(i32, i64), i64> = HashMap::new();
    for (author_id, reference) in rows {
        let Some((chat, message_id)) = Reference::thanked_answer(reference) else { continue };
        if chat != chat_id {
            continue;
        }
        let n = counts.entry((message_id, *author_id)).or_insert(0);
        if *n == 0 {
            order.push((message_id, *author_id));
        }
        *n += 1;
    }
    let mut answers: Vec<ThankedAnswer> = order
        .into_iter()
        .map(|(message_id, author_id)| ThankedAnswer {
            message_id,
            author_id,
            thanks: counts.get(&(message_id, author_id)).copied().unwrap_or(0),
        })
        .collect();
    // Stable: equal counts keep the order they were first thanked in.
    answers.sort_by_key(|a| std::cmp::Reverse(a.thanks));
    answers
}

/// The candidates the week's thanks can choose from, best first.
pub fn candidates(answers: &[ThankedAnswer]) -> impl Iterator<Item = &ThankedAnswer> {
    answers.iter().filter(|a| a.thanks >= MIN_THANKS)
}

/// How many more best answers a member needs for the next best-answer
/// badge (`None` once they have them all).
pub fn toward_next_badge(best_answers: u32) -> Option<u32> {
    use crate::features::points::logic::THREE_BEST_ANSWERS;
    (best_answers < THREE_BEST_ANSWERS).then(|| THREE_BEST_ANSWERS - best_answers)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn thanks(chat: i64, message: i32, thanker: i64) -> String {
        format!("msg:{chat}:{message}:{thanker}")
    }

    #[test]
    fn the_most_thanked_answer_comes_first_and_ties_keep_their_order() {
        let rows = vec![
            (7, thanks(-1, 10, 1)),
            (8, thanks(-1, 20, 1)),
            (8, thanks(-1, 20, 2)),
            (7, thanks(-1, 10, 2)),
            (9, thanks(-1, 30, 3)),
            (9, thanks(-2, 30, 4)),
            (9, "user:5".to_owned()),
        ];
        let answers = thanked_answers(-1, &rows);
        assert_eq!(
            answers,
            vec![
                ThankedAnswer { message_id: 10, author_id: 7, thanks: 2 },
                ThankedAnswer { message_id: 20, author_id: 8, thanks: 2 },
                ThankedAnswer { message_id: 30, author_id: 9, thanks: 1 },
            ]
        );
        let chosen: Vec<i32> = candidates(&answers).map(|a| a.message_id).collect();
        assert_eq!(chosen, vec![10, 20], "one thanks is not enough");
    }

    #[test]
    fn nothing_thanked_chooses_nothing() {
        assert!(thanked_answers(-1, &[]).is_empty());
        assert_eq!(candidates(&thanked_answers(-1, &[(1, thanks(-1, 5, 2))])).count(), 0);
    }

    #[test]
    fn the_badge_is_three_best_answers_away() {
        assert_eq!(toward_next_badge(0), Some(3));
        assert_eq!(toward_next_badge(2), Some(1));
        assert_eq!(toward_next_badge(3), None);
        assert_eq!(toward_next_badge(9), None);
    }
}

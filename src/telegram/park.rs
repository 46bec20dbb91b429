//! Parking: a handler whose message would wait for its chat's sending budget
//! (Telegram's 20 a minute in a group, one a second in a chat) or for flood
//! control is *parked* — its chat's worker stops waiting for it and goes on
//! with the chat's next update, while the handler goes on in the background.
//! So a queue of replies never holds up the screening, gating and button
//! answers of the updates behind it.
//!
//! The worker runs each update inside `scope`; the sending path calls
//! `take_turn` and `park` (from `HearthBot::slot`). Replies keep their order
//! per chat: a handler holds its chat's *turn* from its first send until it
//! ends, and a later handler's first send in that chat waits for the turn
//! (parking it in turn). Calls that are not sends (deleting, restricting,
//! banning, answering a button) take no turn and never wait for one.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use tokio::sync::{OwnedMutexGuard, oneshot};

/// The chats' turns at sending: one FIFO lock per chat.
#[derive(Debug, Default)]
pub struct Turns {
    chats: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
}

impl Turns {
    fn of(&self, chat_id: i64) -> Arc<tokio::sync::Mutex<()>> {
        let mut chats = match self.chats.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        if chats.len() > 1024 {
            // Forget the turns nobody holds or waits for.
            chats.retain(|_, turn| Arc::strong_count(turn) > 1);
        }
        chats.entry(chat_id).or_default().clone()
    }
}

/// What one update's handling knows about parking.
struct Parking {
    /// The chat whose worker runs the update (its replies keep their order).
    chat_id: i64,
    turns: Arc<Turns>,
    /// Told once, when the handler first has to wait for a send.
    parked: Mutex<Option<oneshot::Sender<()>>>,
    /// The chat's turn, held from the first send until the handler ends.
    turn: Mutex<Option<OwnedMutexGuard<()>>>,
}

tokio::task_local! {
    static PARKING: Parking;
}

/// Runs `handling` (one update of `chat_id`) so that its sends may park it:
/// the receiver hears once when it does (and is dropped unheard when it
/// finishes without).
pub fn scope<F: Future>(
    chat_id: i64,
    turns: Arc<Turns>,
    handling: F,
) -> (impl Future<Output = F::Output>, oneshot::Receiver<()>) {
    let (tx, rx) = oneshot::channel();
    let parking = Parking { chat_id, turns, parked: Mutex::new(Some(tx)), turn: Mutex::new(None) };
    (PARKING.scope(parking, handling), rx)
}

/// The handler is about to wait (for a sending slot, a turn, flood control):
/// its worker goes on without it. Outside a worker's scope, nothing.
pub fn park() {
    let _ = PARKING.try_with(|p| {
        let sender = match p.parked.lock() {
            Ok(mut s) => s.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(sender) = sender {
            let _ = sender.send(());
        }
    });
}

/// Before a send to `chat_id`: if it is the worker's own chat, takes the
/// chat's turn (once per handler), parking while an earlier parked handler
/// of the chat still holds it.
pub async fn take_turn(chat_id: i64) {
    let wanted = PARKING
        .try_with(|p| {
            let held = p.turn.lock().map(|t| t.is_some()).unwrap_or(true);
            (p.chat_id == chat_id && !held).then(|| p.turns.of(chat_id))
        })
        .ok()
        .flatten();
    let Some(turn) = wanted else { return };
    let guard = match turn.clone().try_lock_owned() {
        Ok(guard) => guard,
        Err(_) => {
            park();
            turn.lock_owned().await
        }
    };
    let _ = PARKING.try_with(|p| {
        if let Ok(mut held) = p.turn.lock() {
            *held = Some(guard);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_later_handler_waits_for_the_turn_and_parks() {
        let turns = Arc::new(Turns::default());
        let (first, first_parked) = scope(-1, turns.clone(), async {
            take_turn(-1).await;
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        });
        let first = tokio::spawn(first);
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        let (second, mut second_parked) = scope(-1, turns.clone(), async { take_turn(-1).await });
        let second = tokio::spawn(second);
        // The second parks at once: the first holds the chat's turn.
        assert!(tokio::time::timeout(std::time::Duration::from_secs(5), &mut second_parked).await.is_ok());
        assert!(first_parked.await.is_err(), "the first never had to wait");
        let _ = first.await;
        let _ = second.await;
    }

    #[tokio::test]
    async fn sends_to_other_chats_take_no_turn() {
        let turns = Arc::new(Turns::default());
        let held = turns.of(-1).try_lock_owned();
        let (handling, parked) = scope(-1, turns.clone(), async { take_turn(42).await });
        handling.await;
        assert!(parked.await.is_err());
        drop(held);
    }
}

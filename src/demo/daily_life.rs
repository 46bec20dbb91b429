//! Daily life between the chapters' events: a week of ordinary chatter,
//! with a question and its answer, the scheduler ticking each day.

use super::{GROUP, Stage};
use crate::{i18n::Lang, t};

impl Stage {
    /// Seven days go by, a scheduler tick each; every day a few of
    /// `talkers` post (told as one line a day), one of them asks a question
    /// and another answers it.
    pub(super) async fn week_of_chatter(&mut self, talkers: &[i64]) -> anyhow::Result<()> {
        let (lines, question, answer) = match self.lang {
            Lang::En => (
                [
                    "Morning! Frost tonight, cover the seedlings.",
                    "Look at these peppers 🌶",
                    "The seed swap is on Saturday.",
                    "Composting update: it finally smells like soil.",
                ],
                "Does anyone know when to plant garlic?",
                "October, a few weeks before the ground freezes.",
            ),
            Lang::Ru => (
                [
                    "Доброе утро! Ночью заморозки, укройте рассаду.",
                    "Смотрите, какие перцы 🌶",
                    "Обмен семенами в субботу.",
                    "Компост наконец-то пахнет землёй.",
                ],
                "Кто знает, когда сажать чеснок?",
                "В октябре, за пару недель до заморозков.",
            ),
        };
        let Some(&first) = talkers.first() else { return Ok(()) };
        let second = talkers.get(1).copied().unwrap_or(first);
        for day in 0..7usize {
            self.advance(chrono::Duration::days(1)).await?;
            // Most days, not every day: a lively but real community.
            let today: Vec<i64> = talkers
                .iter()
                .copied()
                .enumerate()
                .filter(|(i, _)| (day + i) % 3 != 2)
                .map(|(_, u)| u)
                .collect();
            let mut count = 0;
            for (i, user) in today.iter().enumerate() {
                self.fake.with(|w| {
                    w.now += 600;
                    w.say(GROUP, *user, lines[(day + i) % lines.len()])
                });
                count += 1;
            }
            if day == 1 {
                let asked = self.fake.with(|w| w.say(GROUP, first, question));
                self.fake.with(|w| {
                    w.now += 1800;
                    w.reply(GROUP, second, asked, answer)
                });
                count += 2;
            }
            let names: Vec<String> = today.iter().map(|u| self.name(*u)).collect();
            self.note(t!(self.lang, "demo-day-chatter", names = names.join(", "), count = count));
            self.settle().await?;
        }
        Ok(())
    }
}

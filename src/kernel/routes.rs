//! The one constructor every feature builds its routes with: its commands
//! from its `CommandSpec` list, gated in the tree by the spec's place and
//! access (an admin-only command never reaches its endpoint for a
//! non-admin, who gets the localized refusal), and its buttons decoded into
//! the feature's `Button` enum (forged or stale data matches no route and
//! gets the "stale button" alert).

use std::sync::Arc;

use teloxide::{
    dispatching::UpdateHandler,
    dptree::{self, di::Injectable},
    types::{CallbackQuery, Message},
};

use super::{
    Ctx, HandlerResult,
    access::{self, Acting, Refusal},
    repeats::Repeats,
};
use crate::telegram::{
    HearthBot,
    callback::{self, Button},
    command::{Access, Command, CommandSpec, Once, Place},
};

pub type Tree = UpdateHandler<anyhow::Error>;

/// A button kind a feature routes: its prefix, a check of its encoding, and
/// the data of every variant at its longest (for tests that press them all).
#[derive(Clone, Copy)]
pub struct ButtonKind {
    pub prefix: &'static str,
    pub check: fn() -> Result<(), String>,
    pub examples: fn() -> Vec<String>,
}

/// A feature's commands and buttons.
pub struct Routes {
    specs: &'static [CommandSpec],
    commands: Vec<Tree>,
    buttons: Vec<Tree>,
    /// The command names routed, in order (a test holds them against the specs).
    pub routed: Vec<&'static str>,
    pub button_kinds: Vec<ButtonKind>,
}

impl Routes {
    /// Routes for a feature whose commands are `specs`.
    pub fn new(specs: &'static [CommandSpec]) -> Routes {
        Routes {
            specs,
            commands: Vec::new(),
            buttons: Vec::new(),
            routed: Vec::new(),
            button_kinds: Vec::new(),
        }
    }

    /// The command `name` (one of the feature's specs), gated by its spec,
    /// handled by `endpoint` (which may take the `Message` and the `Command`).
    pub fn command<F, Args>(mut self, name: &'static str, endpoint: F) -> Routes
    where
        F: Injectable<HandlerResult, Args> + Send + Sync + 'static,
    {
        self.routed.push(name);
        if let Some(spec) = self.specs.iter().find(|s| s.name == name) {
            self.commands.push(gated(spec).endpoint(endpoint));
        }
        self
    }

    /// The buttons of type `B`, decoded and handed to `endpoint` (which may
    /// take the `CallbackQuery` and the `B`).
    pub fn button<B, F, Args>(mut self, endpoint: F) -> Routes
    where
        B: Button + PartialEq + std::fmt::Debug,
        F: Injectable<HandlerResult, Args> + Send + Sync + 'static,
    {
        self.button_kinds.push(ButtonKind {
            prefix: B::PREFIX,
            check: callback::check::<B>,
            examples: || B::examples().iter().map(B::encode).collect(),
        });
        let decode = |q: CallbackQuery| q.data.as_deref().and_then(B::decode);
        self.buttons.push(dptree::filter_map(decode).endpoint(endpoint));
        self
    }

    /// The specs this feature declares.
    pub fn specs(&self) -> &'static [CommandSpec] {
        self.specs
    }

    /// The routes of the commands (run with a `Command` and a `Message`).
    pub fn commands(&self) -> impl Iterator<Item = Tree> + '_ {
        self.commands.iter().cloned()
    }

    /// The routes of the buttons (run with a `CallbackQuery`).
    pub fn buttons(&self) -> impl Iterator<Item = Tree> + '_ {
        self.buttons.iter().cloned()
    }
}

/// Matches the command `spec` names. A command whose place is a DM gets
/// "send it to me in a DM" in a group; one that belongs in a group, or is
/// for admins, gets "run it in a group" in a DM; an admin
/// command from a non-admin (or an admin without the spec's right) gets the
/// refusal; a moderator command admits community moderators too. Otherwise
/// the endpoint runs, with the `Acting` capacity beside it.
fn gated(spec: &'static CommandSpec) -> Tree {
    let group_only = spec.place == Place::Group || spec.access != Access::Member;
    dptree::filter(move |c: Command| c.name == spec.name)
        .chain(dptree::map_async(move |bot: HearthBot, ctx: Arc<Ctx>, m: Message| async move {
            if group_only && m.chat.is_private() {
                Gate(Err(Refusal::GroupOnly))
            } else if spec.place == Place::Private && !m.chat.is_private() {
                Gate(Err(Refusal::PrivateOnly))
            } else {
                Gate(access::acting(&bot, &ctx, &m, spec.access, spec.right).await)
            }
        }))
        .branch(dptree::filter_map(|gate: Gate| gate.0.err()).endpoint(refuse))
        .branch(
            dptree::filter(move |ctx: Arc<Ctx>, c: Command, m: Message| is_repeat(&ctx, spec, &c, &m))
                .endpoint(unanswered),
        )
        .chain(dptree::filter_map(|gate: Gate| gate.0.ok()))
}

/// The gate's decision: the capacity the sender acts in (handed to the
/// endpoint as `Acting`), or the refusal they get.
#[derive(Clone, Copy)]
struct Gate(Result<Acting, Refusal>);

/// A repeat within the window of a command answered once (`kernel::repeats`).
fn is_repeat(ctx: &Ctx, spec: &'static CommandSpec, c: &Command, m: &Message) -> bool {
    if spec.once == Once::No || m.chat.is_private() {
        return false;
    }
    let user = m.from.as_ref().map_or(0, |u| u.id.0);
    !ctx.state::<Repeats>().answer(spec.once, m.chat.id.0, spec.name, &c.args, user, m.date.timestamp())
}

/// A repeat gets no answer: the answer is just above.
async fn unanswered() -> HandlerResult {
    Ok(())
}

async fn refuse(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, refusal: Refusal) -> HandlerResult {
    access::refuse(&bot, &ctx, &msg, refusal).await
}

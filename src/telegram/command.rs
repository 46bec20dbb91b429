//! Slash commands: parsed by hand rather than with `BotCommands`, so that a
//! malformed argument gets a localized answer instead of silence. Features
//! declare their commands in a `COMMANDS` table (name, who may run it, help
//! key); /help and setMyCommands are built from those tables.

use teloxide::types::Message;

use super::auth::AdminRight;

/// A command addressed to this bot: `/name@bot args`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// Lowercased name without the slash.
    pub name: String,
    /// Everything after the name, trimmed.
    pub args: String,
}

/// Whom a slash command in a message is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Addressed {
    /// Not a command.
    NoCommand,
    /// A command for this bot (named or not).
    Us(Command),
    /// `/name@otherbot`: a command for another bot.
    OtherBot,
}

impl Command {
    /// Parses `text`; `None` when it is not a command or names another bot.
    pub fn parse(text: &str, bot_username: &str) -> Option<Command> {
        match Command::addressed(text, bot_username) {
            Addressed::Us(cmd) => Some(cmd),
            Addressed::NoCommand | Addressed::OtherBot => None,
        }
    }

    /// Whether `text` is a command, and for whom.
    pub fn addressed(text: &str, bot_username: &str) -> Addressed {
        let Some(rest) = text.strip_prefix('/') else { return Addressed::NoCommand };
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (head, args) = rest.split_at(end);
        let (name, addressee) = match head.split_once('@') {
            Some((name, bot)) => (name, Some(bot)),
            None => (head, None),
        };
        if name.is_empty() || name.len() > 32 || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        {
            return Addressed::NoCommand;
        }
        if let Some(bot) = addressee
            && !bot.eq_ignore_ascii_case(bot_username)
        {
            return Addressed::OtherBot;
        }
        Addressed::Us(Command { name: name.to_ascii_lowercase(), args: args.trim().to_owned() })
    }

    pub fn from_message(msg: &Message, bot_username: &str) -> Option<Command> {
        Command::parse(msg.text().or_else(|| msg.caption())?, bot_username)
    }

    /// The arguments split on whitespace.
    pub fn words(&self) -> Vec<&str> {
        self.args.split_whitespace().collect()
    }
}

/// Who may run a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Member,
    Admin,
    /// The chat's admins, and its community moderators (level-3 members an
    /// admin promoted) within their limits.
    Moderator,
}

/// Where a command makes sense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    Group,
    Private,
    Anywhere,
}

/// Whether a command repeated in a group within a short window is answered
/// again (see `kernel::repeats`): a group of 25 sending `/rules` at once
/// would otherwise queue 25 identical answers behind Telegram's 20 a minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Once {
    /// Every use is answered.
    No,
    /// The same command in a chat is answered once a window, whoever sent it
    /// (its answer is the same for everyone: `/rules`).
    ForAll,
    /// Answered once a window for each member (its answer is the member's own: `/me`).
    PerMember,
}

/// A command as a feature declares it: its name, who may run it (and, for
/// admins, a right they must also hold), where, its help line, and whether
/// using it in a group is taking part in the community. The feature's
/// routes are built from these; /help and setMyCommands too.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    pub name: &'static str,
    pub access: Access,
    pub place: Place,
    /// A right the admin must hold as well (a pin-only admin cannot ban).
    pub right: Option<AdminRight>,
    /// Locale key of the one-line description (≤ 256 chars for setMyCommands).
    pub help: &'static str,
    /// A contribution made through a command (`/idea …`) counts as a post
    /// (activity, segments, retention, badges); a look-up (`/rules`, `/top`)
    /// does not.
    pub counts_as_post: bool,
    /// Whether a repeat within a short window is answered again.
    pub once: Once,
}

impl CommandSpec {
    /// A command any member may run.
    pub const fn member(name: &'static str, place: Place, help: &'static str) -> CommandSpec {
        CommandSpec {
            name,
            access: Access::Member,
            place,
            right: None,
            help,
            counts_as_post: false,
            once: Once::No,
        }
    }

    /// A command for the chat's admins (run in the group).
    pub const fn admin(name: &'static str, help: &'static str) -> CommandSpec {
        CommandSpec {
            name,
            access: Access::Admin,
            place: Place::Group,
            right: None,
            help,
            counts_as_post: false,
            once: Once::No,
        }
    }

    /// A command for the chat's admins and its community moderators (run in
    /// the group); a right named with `needs` is asked of admins only.
    pub const fn moderator(name: &'static str, help: &'static str) -> CommandSpec {
        CommandSpec { access: Access::Moderator, ..CommandSpec::admin(name, help) }
    }

    /// An admin command that also needs `right` of the admin.
    pub const fn needs(self, right: AdminRight) -> CommandSpec {
        CommandSpec { right: Some(right), ..self }
    }

    /// Using it in a group is a community message (a contribution, like
    /// `/idea`), counted like a post. By default a command is not.
    pub const fn counts_as_post(self) -> CommandSpec {
        CommandSpec { counts_as_post: true, ..self }
    }

    /// Repeats in a group within `kernel::repeats::WINDOW_SECS` are not
    /// answered again (for everyone, or per member).
    pub const fn once(self, once: Once) -> CommandSpec {
        CommandSpec { once, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_args_and_addressee() {
        let c = Command::parse("/Set  lang ru ", "hearth_bot").unwrap();
        assert_eq!(c, Command { name: "set".into(), args: "lang ru".into() });
        assert_eq!(Command::parse("/help@Hearth_Bot", "hearth_bot").unwrap().name, "help");
        assert!(Command::parse("/help@other_bot", "hearth_bot").is_none());
        assert!(Command::parse("hello", "hearth_bot").is_none());
        assert!(Command::parse("/", "hearth_bot").is_none());
        assert!(Command::parse("/привет", "hearth_bot").is_none());
        assert_eq!(Command::parse("/warn\nspam", "b").unwrap().args, "spam");
    }

    #[test]
    fn tells_whom_a_command_is_for() {
        assert_eq!(Command::addressed("/x@other_bot hi", "hearth_bot"), Addressed::OtherBot);
        assert!(
            matches!(Command::addressed("/rules@Hearth_Bot", "hearth_bot"), Addressed::Us(c) if c.name == "rules")
        );
        assert!(matches!(Command::addressed("/rules", "hearth_bot"), Addressed::Us(_)));
        assert_eq!(Command::addressed("hi /rules", "hearth_bot"), Addressed::NoCommand);
        assert_eq!(Command::addressed("/привет", "hearth_bot"), Addressed::NoCommand);
        let spec = CommandSpec::member("idea", Place::Group, "cmd-idea");
        assert!(!spec.counts_as_post && spec.counts_as_post().counts_as_post);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = Command::parse(&s, "bot");
        }
    }
}

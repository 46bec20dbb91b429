//! Pure rules for `/settopic`'s arguments.

use crate::kernel::topics::TopicKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetTopic {
    Bind(TopicKind),
    Unbind(TopicKind),
}

/// `/settopic <kind>` or `/settopic <kind> off`.
pub fn parse_set_topic(args: &str) -> Option<SetTopic> {
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.as_slice() {
        [kind] => kind.parse().ok().map(SetTopic::Bind),
        [kind, off] if off.eq_ignore_ascii_case("off") => kind.parse().ok().map(SetTopic::Unbind),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settopic_arguments() {
        assert_eq!(parse_set_topic("welcome"), Some(SetTopic::Bind(TopicKind::Welcome)));
        assert_eq!(parse_set_topic(" ideas  OFF "), Some(SetTopic::Unbind(TopicKind::Ideas)));
        assert_eq!(parse_set_topic(""), None);
        assert_eq!(parse_set_topic("welcome on"), None);
        assert_eq!(parse_set_topic("nonsense"), None);
        assert_eq!(parse_set_topic("log off extra"), None);
    }
}

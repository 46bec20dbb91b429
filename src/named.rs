//! Fieldless enums stored and typed by name (`"at_risk"`, `"daily_first_message"`):
//! `named_enum!` gives one `ALL`, `as_str`, `Display` and `FromStr`, the
//! latter failing with [`UnknownName`].

/// An unknown name for one of the named enums.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what}: {got:?}")]
pub struct UnknownName {
    pub what: &'static str,
    pub got: String,
}

/// Implements `ALL`, `as_str`, `Display` and `FromStr` for a fieldless enum.
macro_rules! named_enum {
    ($ty:ident, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every variant, in declaration order.
            pub const ALL: &[$ty] = &[$($ty::$variant),+];

            /// The stored snake_case name.
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $name),+ }
            }
        }

        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::named::UnknownName;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    _ => Err($crate::named::UnknownName { what: $what, got: s.to_owned() }),
                }
            }
        }
    };
}

pub(crate) use named_enum;

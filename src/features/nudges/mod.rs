//! Silent members: segments, the nudge ladder, holdout, quiet hours. The pure
//! rules are here and tested; the handlers, store and jobs are the next slice.

pub mod logic;

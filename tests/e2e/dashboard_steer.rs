//! The dashboard's steer pages end to end (filled in by its branch).

//! The dashboard's overview pages end to end (filled in by its branch).

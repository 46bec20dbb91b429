//! The dashboard's members pages end to end (filled in by its branch).

//! Text the TUI works with before anything is drawn: the line and area editors, and how text
//! is fitted and wrapped into a width. Laying text out is `update`'s work (the renderer only
//! draws the rows it is given), so both sides agree on every row.

pub mod area;
pub mod fit;
pub mod input;
pub mod rows;
pub mod wrap;

pub use area::TextArea;
pub use input::{InputOutcome, TextInput};

use crate::palette::Role;
use std::borrow::Cow;

/// A run of text with what it is; a line is a list of them.
pub type Segment<'a> = (Cow<'a, str>, Role);

/// A segment of owned text.
pub fn owned(text: impl Into<String>, role: Role) -> Segment<'static> {
    (Cow::Owned(text.into()), role)
}

/// A segment of static text.
pub const fn fixed(text: &'static str, role: Role) -> Segment<'static> {
    (Cow::Borrowed(text), role)
}

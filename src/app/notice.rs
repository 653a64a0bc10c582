//! The message about the last thing that happened, shown above the footer: fitted into at most
//! two rows at word boundaries (never cut inside a word), ending in `…` when it is longer.

use super::text::Segment;
use super::text::fit::fit_words;
use crate::domain::sanitize::escape_control;
use crate::palette::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Error,
}

/// Something a notice describes that lasts a while: when it ends, a notice about it goes
/// (an "asking …" line must not outlive the answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    /// The signature check of the inspected token.
    Verify,
    /// The grant check of the inspected token.
    GrantCheck,
    /// A token marked for comparison, until the difference shows.
    Mark,
}

/// A message about the last thing that happened; `hint` says what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub level: NoticeLevel,
    pub text: String,
    pub hint: Option<String>,
    /// What it describes, when that ends by itself.
    pub topic: Option<Topic>,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self { level: NoticeLevel::Info, text: text.into(), hint: None, topic: None }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self { level: NoticeLevel::Error, text: text.into(), hint: None, topic: None }
    }

    /// A notice about `topic`, cleared when it ends.
    pub fn about(mut self, topic: Topic) -> Self {
        self.topic = Some(topic);
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The notice (and its hint) fitted to `width` columns in at most `rows` rows (escaped).
    pub fn rows(&self, width: u16, rows: u16) -> Vec<Vec<Segment<'static>>> {
        let role = match self.level {
            NoticeLevel::Info => Role::Info,
            NoticeLevel::Error => Role::Error,
        };
        let mut words: Vec<(String, Role)> =
            escape_control(&self.text).split_whitespace().map(|w| (w.to_owned(), role)).collect();
        if let Some(hint) = self.hint.as_ref() {
            words.push(("→".to_owned(), Role::Warning));
            words.extend(escape_control(hint).split_whitespace().map(|w| (w.to_owned(), Role::Warning)));
        }
        // One column of margin on the left, as the footer has.
        fit_words(&words, usize::from(width).saturating_sub(1), usize::from(rows))
    }
}

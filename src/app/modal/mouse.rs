//! The mouse in an open modal. A modal takes every event as it takes every key; a click or a
//! turn of the wheel either changes the modal itself (the help scrolls, an option is selected)
//! or stands for the key that does the same (a button is Enter or Esc, a second click on the
//! selected option is Enter), which the owner then handles as that key, so the rules of the
//! keyboard hold for the mouse too.

use super::ModalKind;
use super::help::Help;
use crate::app::pointer::{Pointer, WHEEL_ROWS};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;

fn key(code: KeyCode) -> Option<KeyEvent> {
    Some(KeyEvent::from(code))
}

fn wheel_key(down: bool) -> Option<KeyEvent> {
    key(if down { KeyCode::Down } else { KeyCode::Up })
}

impl ModalKind {
    /// What `pointer` does to the modal drawn on `screen`: the key it stands for, or None when
    /// it changed the modal itself or hit nothing.
    pub fn on_mouse(&mut self, pointer: Pointer, screen: Rect) -> Option<KeyEvent> {
        match self {
            ModalKind::Help(help) => on_help(help, pointer),
            ModalKind::Pick(picker) => match pointer {
                Pointer::Wheel { down, .. } => wheel_key(down),
                Pointer::Click { y, .. } => {
                    let index = picker.option_at(screen, y)?;
                    if index == picker.selected {
                        key(KeyCode::Enter)
                    } else {
                        picker.select(index);
                        None
                    }
                }
            },
            ModalKind::Confirm(confirm) => match pointer {
                Pointer::Wheel { down, .. } => wheel_key(down),
                Pointer::Click { .. } => {
                    let layout = confirm.layout(screen);
                    if pointer.within(layout.send) {
                        key(KeyCode::Enter)
                    } else if pointer.within(layout.cancel) {
                        key(KeyCode::Esc)
                    } else {
                        None
                    }
                }
            },
            // Text is edited with the keyboard; the terminal's own selection still works with
            // Shift held.
            ModalKind::Line(_) | ModalKind::Text(_) => None,
        }
    }
}

fn on_help(help: &mut Help, pointer: Pointer) -> Option<KeyEvent> {
    if let Some(rows) = pointer.wheel(WHEEL_ROWS) {
        help.scroll_by(rows);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::modal::confirm::{Confirm, Question};
    use crate::app::modal::picker::Picker;

    const SCREEN: Rect = Rect { x: 0, y: 0, width: 80, height: 24 };

    fn foreign() -> ModalKind {
        ModalKind::Confirm(Box::new(Confirm::new(Question::ForeignTenant {
            token_tenant: Some("acme.eu.auth0.com".to_owned()),
            target: "https://evil.example".to_owned(),
            host: "evil.example".to_owned(),
        })))
    }

    #[test]
    fn the_buttons_are_enter_and_esc_where_they_are_drawn() {
        let mut modal = foreign();
        let ModalKind::Confirm(confirm) = &modal else { unreachable!() };
        let layout = confirm.layout(SCREEN);
        let (send, cancel) = (layout.send, layout.cancel);
        assert!(send.width > 0 && cancel.x > send.right(), "{send:?} {cancel:?}");
        let click = |x, y| Pointer::Click { x, y };
        assert_eq!(modal.on_mouse(click(send.x + 1, send.y), SCREEN), key(KeyCode::Enter));
        assert_eq!(modal.on_mouse(click(cancel.right() - 1, cancel.y), SCREEN), key(KeyCode::Esc));
        assert_eq!(modal.on_mouse(click(send.right() + 1, send.y), SCREEN), None, "between the buttons");
        assert_eq!(modal.on_mouse(click(send.x, send.y - 1), SCREEN), None, "above them");
    }

    #[test]
    fn a_click_selects_an_option_and_a_second_click_takes_it() {
        let options = (0..30).map(|i| (format!("id-{i}"), format!("option {i}"))).collect();
        let mut modal = ModalKind::Pick(Picker::new("pick", options));
        let ModalKind::Pick(picker) = &modal else { unreachable!() };
        let layout = picker.layout(SCREEN);
        // The first option sits under the filter row.
        let third = layout.inner.y + 1 + 2;
        assert_eq!(modal.on_mouse(Pointer::Click { x: 10, y: third }, SCREEN), None);
        let ModalKind::Pick(picker) = &modal else { unreachable!() };
        assert_eq!(picker.current().map(|(v, _)| v.as_str()), Some("id-2"));
        assert_eq!(modal.on_mouse(Pointer::Click { x: 10, y: third }, SCREEN), key(KeyCode::Enter));
        assert_eq!(
            modal.on_mouse(Pointer::Click { x: 10, y: layout.inner.y }, SCREEN),
            None,
            "the filter row"
        );
        assert_eq!(
            modal.on_mouse(Pointer::Wheel { x: 10, y: third, down: true }, SCREEN),
            key(KeyCode::Down)
        );
    }

    #[test]
    fn the_wheel_scrolls_the_help() {
        let rows = vec![("k", "a key"); 60];
        let mut modal = ModalKind::Help(Help::new(vec![super::super::help::HelpSection {
            heading: "Keys".to_owned(),
            rows,
        }]));
        assert_eq!(modal.on_mouse(Pointer::Wheel { x: 1, y: 1, down: true }, SCREEN), None);
        let ModalKind::Help(help) = &modal else { unreachable!() };
        assert_eq!(help.scroll, WHEEL_ROWS as usize);
    }
}

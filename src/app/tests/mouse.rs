//! The mouse through `update`, aimed at what is drawn (TestBackend): tabs, the summary row,
//! list rows and fold marks, form fields, confirmation buttons, the difference and the wheel;
//! an open modal takes every event; moves and drags change nothing.

use crate::app::modal::ModalKind;
use crate::app::panes::api::{Focus, ListRow};
use crate::app::panes::tokens::Section;
use crate::app::{Cmd, Model, Msg, PaneId, update};
use crate::test_support::*;
use crossterm::event::{KeyCode, MouseButton, MouseEventKind};

fn sized(mut model: Model, width: u16, height: u16) -> Model {
    update(&mut model, Msg::Resize(width, height));
    model
}

fn api(scopes: &str) -> Model {
    sized(api_pane_model(scopes), 80, 24)
}

#[test]
fn a_click_on_a_tab_shows_that_pane_at_every_size() {
    for (width, height) in [(80, 24), (120, 40), (200, 60)] {
        let mut model = sized(Model::new(NOW, offset()), width, height);
        update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
        // At 80 columns the tabs behind show their key alone; a click on it is enough.
        let on_tab = |model: &mut Model, key: &str| {
            let (x, y) = cell_of(model, &format!(" {key} "));
            assert_eq!(y, 0, "the tab bar is the first row");
            click(model, x + 1, y);
        };
        on_tab(&mut model, "2");
        assert_eq!(model.focus, PaneId::Tokens);
        on_tab(&mut model, "3");
        assert_eq!(model.focus, PaneId::Api);
        on_tab(&mut model, "1");
        assert_eq!(model.focus, PaneId::Inspector);
        // The space between tabs and the row's end lead nowhere.
        let (x, y) = cell_of(&model, " 2 ");
        click(&mut model, x - 1, y);
        assert_eq!(model.focus, PaneId::Inspector);
        let shown = screen(&model, width, height);
        let tabs = shown.lines().next().unwrap_or_default();
        assert!(tabs.contains("1 Inspector") && tabs.contains("token of client"), "{tabs}");
        assert_eq!(tabs.contains("2 Tokens"), width > 80, "{tabs}");
    }
}

#[test]
fn a_click_on_the_summary_row_jumps_to_its_section() {
    let mut model = sized(Model::new(NOW, offset()), 80, 24);
    update(
        &mut model,
        Msg::Paste(management_token(NOW, 86_400, "read:users read:client_keys create:client_grants")),
    );
    assert_eq!(model.panes.inspector.scroll, 0);
    click_on(&mut model, "privileged");
    let scroll = model.panes.inspector.scroll;
    assert!(scroll > 0, "jumped down to the privileged scopes");
    let text = screen(&model, 80, 24);
    assert!(text.contains("read:client_keys"), "{text}");
    // The wheel over the body scrolls it back up, three rows a turn.
    let (x, y) = cell_of(&model, "Decoded");
    wheel(&mut model, x, y + 3, false);
    assert_eq!(model.panes.inspector.scroll, scroll.saturating_sub(3));
}

#[test]
fn list_rows_select_on_a_click_and_act_on_a_second() {
    let mut model = api("read:users");
    click_on(&mut model, "GET    /users/{id} ");
    assert_eq!(model.panes.api.focus, Focus::List);
    assert_eq!(
        model.panes.api.list.selected_endpoint().map(|e| e.id()).as_deref(),
        Some("GET /api/v2/users/{id}")
    );
    // The second click calls it, as Enter does: the form asks for the id first.
    let cmds = click_on(&mut model, "GET    /users/{id} ");
    assert!(cmds.iter().all(|c| !matches!(c, Cmd::CallApi { .. })), "no id yet: {cmds:?}");
    set_param(&mut model, "id", "auth0|1");
    let cmds = click_on(&mut model, "GET    /users/{id} ");
    assert!(cmds.iter().any(|c| matches!(c, Cmd::CallApi { .. })), "{cmds:?}");
}

#[test]
fn a_fold_mark_folds_and_unfolds_at_once_and_the_wheel_moves_the_selection() {
    let mut model = api("read:users");
    let users = groups_index("users");
    assert!(!model.panes.api.list.is_collapsed(users));
    click_on(&mut model, "▾ users");
    assert!(model.panes.api.list.is_collapsed(users), "one click on ▾ folds");
    click_on(&mut model, "▸ users");
    assert!(!model.panes.api.list.is_collapsed(users), "one click on ▸ unfolds");
    // A click on the header's name selects it; a second one folds it.
    press(&mut model, KeyCode::Down);
    let (x, y) = cell_of(&model, "▾ users");
    click(&mut model, x + 3, y);
    assert_eq!(model.panes.api.list.rows[model.panes.api.list.selected], ListRow::Group(users));
    assert!(!model.panes.api.list.is_collapsed(users));
    click(&mut model, x + 3, y);
    assert!(model.panes.api.list.is_collapsed(users));

    let before = model.panes.api.list.selected;
    wheel(&mut model, x + 3, y + 2, true);
    wheel(&mut model, x + 3, y + 2, true);
    assert_eq!(model.panes.api.list.selected, before + 2);
}

fn groups_index(name: &str) -> usize {
    crate::app::panes::api::groups().iter().position(|g| g.name == name).expect("group")
}

#[test]
fn form_fields_take_the_focus_and_a_second_click_edits() {
    let mut model = sized(api_pane_model("read:users"), 120, 40);
    select(&mut model, "GET", "/api/v2/users");
    click_on(&mut model, "per_page");
    assert_eq!(model.panes.api.focus, Focus::Form);
    let cursor = model.panes.api.selected_form().expect("form").cursor;
    let name = model.panes.api.selected_form().expect("form").fields[cursor].name.clone();
    assert_eq!(name, "per_page");
    click_on(&mut model, "per_page");
    assert!(matches!(model.panes.api.modal.as_ref().map(|m| &m.kind), Some(ModalKind::Line(_))), "editing");
    // The open prompt takes the mouse: a click on a tab does not switch panes.
    click_on(&mut model, "1 Inspector");
    assert_eq!(model.focus, PaneId::Api);
}

#[test]
fn confirmation_buttons_are_the_keys_they_name() {
    let mut model = api("delete:client_grants");
    select(&mut model, "DELETE", "/api/v2/client-grants/{id}");
    set_param(&mut model, "id", "cgr_123");
    press(&mut model, KeyCode::Enter);
    assert!(confirmation(&model).is_some());
    // Cancel closes the box and sends nothing.
    let cmds = click_on(&mut model, "[ Esc: cancel ]");
    assert!(confirmation(&model).is_none());
    assert!(cmds.is_empty(), "{cmds:?}");
    // Send is Enter: with a wrong answer the box stays open with the reason.
    press(&mut model, KeyCode::Enter);
    type_text(&mut model, "cgr_12");
    assert!(click_on(&mut model, "[ Enter: send ]").is_empty());
    assert!(confirmation(&model).and_then(|c| c.mismatch.as_ref()).is_some(), "says why");
    press(&mut model, KeyCode::Char('3'));
    let cmds = click_on(&mut model, "[ Enter: send ]");
    assert!(cmds.iter().any(|c| matches!(c, Cmd::CallApi { .. })), "{cmds:?}");
}

#[test]
fn tokens_rows_select_then_act_and_the_difference_scrolls_and_opens() {
    let mut model = sized(Model::new(NOW, offset()), 120, 40);
    update(&mut model, Msg::Paste(management_token(NOW, 86_400, "read:users")));
    update(&mut model, Msg::Paste(management_token(NOW + 1, 86_400, "read:users read:roles read:clients")));
    click_on(&mut model, "2 Tokens");
    // Newest first: the older token is the second row.
    let (_, first) = cell_of(&model, "pasted");
    click(&mut model, 10, first + 1);
    assert_eq!(model.panes.tokens.selected, 1);
    press(&mut model, KeyCode::Char('m'));
    click(&mut model, 10, first);
    assert!(model.panes.tokens.diff.is_some());
    // A click in the difference gives it the keyboard; a click on ▸ opens the group.
    click_on(&mut model, "▸ roles");
    assert_eq!(model.panes.tokens.section, Section::Diff);
    assert!(screen(&model, 120, 40).contains("▾ roles"));
    assert!(screen(&model, 120, 40).contains("+ GET /api/v2/roles"));
    // A click on a history row gives the list the keyboard back; a second click inspects.
    click(&mut model, 10, first);
    assert_eq!(model.panes.tokens.section, Section::List);
    click(&mut model, 10, first);
    assert_eq!(model.focus, PaneId::Inspector);
}

#[test]
fn the_wheel_scrolls_the_help_and_moves_change_nothing() {
    let mut model = sized(Model::new(NOW, offset()), 80, 24);
    press(&mut model, KeyCode::Char('?'));
    wheel(&mut model, 40, 12, true);
    assert_eq!(help_scroll(&model), 3);
    model.dirty = false;
    let before = format!("{:?}", model.modal);
    mouse(&mut model, MouseEventKind::Moved, 40, 12);
    mouse(&mut model, MouseEventKind::Drag(MouseButton::Left), 41, 12);
    mouse(&mut model, MouseEventKind::Up(MouseButton::Left), 41, 12);
    assert!(!model.dirty, "nothing to draw");
    assert_eq!(format!("{:?}", model.modal), before);
}

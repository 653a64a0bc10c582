//! The help overlay (issue 14): every global key and every key of the focused pane, scrolled
//! when the terminal is small (80×24), all at once when it is large (200×60).

use crate::test_support::*;

use crate::app::global_keys::help_sections as sections;
use crate::app::{Model, PaneId};
use crossterm::event::KeyCode;

fn model_on(pane_key: char) -> Model {
    let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
    press(&mut model, KeyCode::Char(pane_key));
    press(&mut model, KeyCode::Char('?'));
    assert!(help_open(&model));
    model
}

/// Every description the overlay must show for `pane`, seen by scrolling through it.
fn seen_while_scrolling(model: &mut Model, width: u16, height: u16) -> String {
    let mut seen = screen(model, width, height);
    for _ in 0..80 {
        press(model, KeyCode::Down);
        seen.push_str(&screen(model, width, height));
    }
    seen
}

#[test]
fn every_key_of_every_pane_is_listed_at_80x24_by_scrolling() {
    for (key, pane) in [('1', PaneId::Inspector), ('2', PaneId::Tokens), ('3', PaneId::Api)] {
        let mut model = model_on(key);
        let first = screen(&model, 80, 24);
        assert!(first.contains("Global keys"), "{first}");
        let seen = seen_while_scrolling(&mut model, 80, 24);
        for section in sections(pane) {
            for (_, description) in &section.rows {
                // A long description may be cut at 80 columns: its start must show.
                let start: String = description.chars().take(40).collect();
                assert!(seen.contains(&start), "{pane:?}: {description:?} never shown");
            }
        }
        assert!(seen.contains(&format!("{} pane", pane.title())), "{pane:?}");
    }
}

#[test]
fn the_api_help_scrolls_at_80x24_and_fits_at_200x60() {
    let mut model = model_on('3');
    let top = screen(&model, 80, 24);
    assert!(top.contains("↓"), "a small terminal says there is more: {top}");
    press(&mut model, KeyCode::End);
    let bottom = screen(&model, 80, 24);
    assert!(bottom.contains("? Esc q close"), "G reaches the end: {bottom}");
    assert!(!bottom.contains("Global keys"), "scrolled past the top: {bottom}");
    press(&mut model, KeyCode::Home);
    assert_eq!(help_scroll(&model), 0);

    let large = screen(&model, 200, 60);
    assert!(large.contains("Global keys") && large.contains("? Esc q close"), "{large}");
    assert!(large.contains(" Keys "), "no scroll marker when everything fits: {large}");
    for (_, description) in sections(PaneId::Api).iter().flat_map(|s| s.rows.clone()) {
        assert!(large.contains(description), "{description:?} missing at 200x60");
    }
}

/// NO_COLOR: not one cell carries a colour, and what had a background (the active tab) is in
/// reverse video instead. The light theme keeps colour but no dark grey or yellow text.
#[test]
fn monochrome_and_light_schemes_at_80x24_and_200x60() {
    use crate::app::ColourScheme;
    use ratatui::style::{Color, Modifier};
    let token = management_token(NOW - 60, 86_400, "read:users update:users");
    for (width, height) in [(80, 24), (200, 60)] {
        let mut model = Model::new(NOW, chrono::FixedOffset::east_opt(0).expect("offset"));
        crate::app::update(&mut model, crate::app::Msg::Paste(token.clone()));
        let draw = |model: &Model| draw(model, width, height).backend().buffer().clone();
        let dark = draw(&model);
        assert!(dark.content.iter().any(|c| c.fg == Color::DarkGray), "the dark palette uses dark grey");
        model.colours = ColourScheme::Monochrome;
        let mono = draw(&model);
        assert!(mono.content.iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset), "no colour");
        assert!(mono.content.iter().any(|c| c.modifier.contains(Modifier::REVERSED)), "the active tab shows");
        assert!(mono.content.iter().any(|c| c.modifier.contains(Modifier::BOLD)), "bold carries meaning");
        model.colours = ColourScheme::Light;
        let light = draw(&model);
        assert!(
            light.content.iter().all(|c| !matches!(c.fg, Color::DarkGray | Color::Yellow | Color::White)),
            "nothing pale on a light background"
        );
        assert!(light.content.iter().any(|c| c.fg != Color::Reset), "still coloured");
    }
}

//! Which colours the TUI may use: none when `NO_COLOR` is set (meaning then rests on symbols,
//! bold and reverse video), a palette readable on a light background, or the dark one. Chosen
//! once at start (`--theme`, `NO_COLOR`, `COLORFGBG`); `ui::theme` applies it.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ColourScheme {
    #[default]
    Dark,
    Light,
    /// `NO_COLOR`: no foreground or background colour at all.
    Monochrome,
}

/// `--theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeChoice {
    /// From `COLORFGBG` when the terminal sets it, else dark.
    #[default]
    Auto,
    Light,
    Dark,
}

impl ColourScheme {
    /// `NO_COLOR` (any non-empty value, as no-color.org says) wins over every theme.
    pub fn choose(theme: ThemeChoice, no_color: Option<&str>, colorfgbg: Option<&str>) -> Self {
        if no_color.is_some_and(|value| !value.is_empty()) {
            return ColourScheme::Monochrome;
        }
        match theme {
            ThemeChoice::Light => ColourScheme::Light,
            ThemeChoice::Dark => ColourScheme::Dark,
            ThemeChoice::Auto if colorfgbg.is_some_and(light_background) => ColourScheme::Light,
            ThemeChoice::Auto => ColourScheme::Dark,
        }
    }
}

/// `COLORFGBG` is `fg;bg` (sometimes `fg;default;bg`): the last field is the background's
/// ANSI index; 7 (white) and 9–15 except 8 are light.
fn light_background(value: &str) -> bool {
    value
        .rsplit(';')
        .next()
        .and_then(|bg| bg.trim().parse::<u8>().ok())
        .is_some_and(|bg| bg == 7 || (9..=15).contains(&bg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_wins_and_auto_reads_colorfgbg() {
        assert_eq!(ColourScheme::choose(ThemeChoice::Light, Some("1"), None), ColourScheme::Monochrome);
        assert_eq!(ColourScheme::choose(ThemeChoice::Dark, Some(""), None), ColourScheme::Dark);
        assert_eq!(ColourScheme::choose(ThemeChoice::Auto, None, Some("0;15")), ColourScheme::Light);
        assert_eq!(ColourScheme::choose(ThemeChoice::Auto, None, Some("15;0")), ColourScheme::Dark);
        assert_eq!(ColourScheme::choose(ThemeChoice::Auto, None, Some("0;default;7")), ColourScheme::Light);
        assert_eq!(ColourScheme::choose(ThemeChoice::Auto, None, None), ColourScheme::Dark);
        assert_eq!(ColourScheme::choose(ThemeChoice::Light, None, Some("15;0")), ColourScheme::Light);
    }
}

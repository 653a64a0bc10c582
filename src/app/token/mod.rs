//! The token under inspection: where it came from, its decoded view (display text built once
//! when it arrives) and its signature check.

mod inspected;
mod view;

pub use inspected::{InspectedToken, SignatureStatus, TokenOrigin};
pub use view::{ApiReach, ClaimRow, TokenView};

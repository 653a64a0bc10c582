pub mod domain;
pub mod tenant;

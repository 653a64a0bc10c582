//! The catalog's resource groups, as the list folds them: the catalog keeps each group's
//! operations adjacent, so a group is a range of catalog indices.

use crate::domain::catalog::catalog;
use std::ops::Range;
use std::sync::OnceLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupInfo {
    pub name: &'static str,
    /// Catalog indices of the group's operations.
    pub range: Range<usize>,
    /// Whether tokex has hand-written entries in it (those groups start unfolded).
    pub curated: bool,
}

/// The groups of the compiled-in catalog, in catalog order (curated groups first).
pub fn groups() -> &'static [GroupInfo] {
    static GROUPS: OnceLock<Vec<GroupInfo>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut groups: Vec<GroupInfo> = Vec::new();
        for (index, endpoint) in catalog().iter().enumerate() {
            match groups.last_mut() {
                Some(last) if last.name == endpoint.group => {
                    last.range.end = index + 1;
                    last.curated |= endpoint.curated;
                }
                _ => groups.push(GroupInfo {
                    name: endpoint.group.as_str(),
                    range: index..index + 1,
                    curated: endpoint.curated,
                }),
            }
        }
        groups
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_cover_the_catalog_once_curated_first() {
        let all = groups();
        assert_eq!(all.iter().map(|g| g.range.len()).sum::<usize>(), catalog().len());
        assert!(all.windows(2).all(|w| w[0].range.end == w[1].range.start));
        let mut names: Vec<&str> = all.iter().map(|g| g.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "each group is contiguous");
        let first_generic = all.iter().position(|g| !g.curated).unwrap_or(all.len());
        assert!(first_generic > 0 && all[first_generic..].iter().all(|g| !g.curated));
        assert_eq!(all[0].name, "users");
    }
}

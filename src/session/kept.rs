//! What rendering each page of the last good site found, kept between
//! rebuilds in the order of a whole build (the order the print page and
//! the search index read them in).
//!
//! A rebuild renders a few pages; their results take the place of the old
//! ones where they are, and the thousands of others are not touched. Only
//! when pages come, go or move is the list made again. Either way a failed
//! rebuild puts back what was there.

use std::collections::HashMap;

use crate::render::page::PageResult;

type Index = HashMap<String, usize, foldhash::fast::FixedState>;

/// The kept results, in order, with an index by URL.
#[derive(Debug, Default)]
pub(crate) struct KeptPages {
    list: Vec<(String, PageResult)>,
    index: Index,
}

/// How to undo [`KeptPages::update`].
#[derive(Debug)]
pub(crate) enum Undo {
    /// The results that were replaced, by position.
    Replaced(Vec<(usize, PageResult)>),
    /// The list was made again: the old one, and which of its results
    /// moved where (old position, new position).
    Whole {
        old: KeptPages,
        moved: Vec<(usize, usize)>,
    },
}

impl KeptPages {
    /// The result of the page at `url`.
    pub(crate) fn get(&self, url: &str) -> Option<&PageResult> {
        self.index.get(url).map(|&i| &self.list[i].1)
    }

    pub(crate) fn as_mut_slice(&mut self) -> &mut [(String, PageResult)] {
        &mut self.list
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &(String, PageResult)> {
        self.list.iter()
    }

    /// Take in the pages rendered now (`results`); `order` is every page
    /// of the site in the order of a whole build. A page of `order` neither
    /// rendered now nor kept is left out. Returns how to undo it.
    pub(crate) fn update(
        &mut self,
        order: Vec<String>,
        results: Vec<(String, PageResult)>,
    ) -> Undo {
        let same = order.len() == self.list.len()
            && order.iter().zip(&self.list).all(|(a, (b, _))| a == b);
        if same {
            let mut replaced = Vec::with_capacity(results.len());
            for (url, res) in results {
                if let Some(&i) = self.index.get(&url) {
                    replaced.push((i, std::mem::replace(&mut self.list[i].1, res)));
                }
            }
            return Undo::Replaced(replaced);
        }
        let mut now: Index = Index::default();
        let mut fresh: Vec<Option<PageResult>> = Vec::with_capacity(results.len());
        for (url, res) in results {
            now.insert(url, fresh.len());
            fresh.push(Some(res));
        }
        let mut old = std::mem::take(self);
        // Kept results move (they hold print sections and search entries);
        // `moved` says from where, to move them back on undo.
        let mut moved = Vec::new();
        for url in order {
            if self.index.contains_key(&url) {
                continue;
            }
            let res = if let Some(r) = now.get(&url).and_then(|&i| fresh[i].take()) {
                r
            } else if let Some(&i) = old.index.get(&url) {
                moved.push((i, self.list.len()));
                std::mem::take(&mut old.list[i].1)
            } else {
                continue;
            };
            self.index.insert(url.clone(), self.list.len());
            self.list.push((url, res));
        }
        Undo::Whole { old, moved }
    }

    /// Put back what [`KeptPages::update`] changed.
    pub(crate) fn undo(&mut self, undo: Undo) {
        match undo {
            Undo::Replaced(replaced) => {
                for (i, res) in replaced {
                    self.list[i].1 = res;
                }
            }
            Undo::Whole { mut old, moved } => {
                for (from, to) in moved {
                    old.list[from].1 = std::mem::take(&mut self.list[to].1);
                }
                *self = old;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(url: &str, lix: f64) -> (String, PageResult) {
        (
            url.to_string(),
            PageResult {
                url: url.to_string(),
                lix: Some(lix),
                ..PageResult::default()
            },
        )
    }

    fn urls(orders: &[&str]) -> Vec<String> {
        orders.iter().map(|s| (*s).to_string()).collect()
    }

    fn lix(k: &KeptPages) -> Vec<(String, f64)> {
        k.iter()
            .map(|(u, r)| (u.clone(), r.lix.unwrap_or(0.0)))
            .collect()
    }

    #[test]
    fn pages_rendered_again_take_the_place_of_the_old_and_can_be_put_back() {
        let mut kept = KeptPages::default();
        kept.update(
            urls(&["a", "b", "c"]),
            vec![result("a", 1.0), result("b", 2.0), result("c", 3.0)],
        );
        let before = lix(&kept);
        let undo = kept.update(urls(&["a", "b", "c"]), vec![result("b", 20.0)]);
        assert!(matches!(&undo, Undo::Replaced(r) if r.len() == 1));
        assert_eq!(kept.get("b").and_then(|r| r.lix), Some(20.0));
        assert_eq!(kept.get("c").and_then(|r| r.lix), Some(3.0));
        kept.undo(undo);
        assert_eq!(lix(&kept), before);
    }

    #[test]
    fn pages_coming_going_or_moving_make_the_list_again() {
        let mut kept = KeptPages::default();
        kept.update(
            urls(&["a", "b", "c"]),
            vec![result("a", 1.0), result("b", 2.0), result("c", 3.0)],
        );
        let before = lix(&kept);
        // "d" comes, "b" goes, "c" moves first; "e" is neither rendered nor kept.
        let undo = kept.update(urls(&["c", "a", "d", "e"]), vec![result("d", 4.0)]);
        assert_eq!(
            lix(&kept),
            [("c".into(), 3.0), ("a".into(), 1.0), ("d".into(), 4.0)]
        );
        assert!(kept.get("b").is_none());
        assert_eq!(kept.get("d").and_then(|r| r.lix), Some(4.0));
        kept.undo(undo);
        assert_eq!(lix(&kept), before);
        assert_eq!(kept.get("b").and_then(|r| r.lix), Some(2.0));
    }
}
